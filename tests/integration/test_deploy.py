"""A clinic's server as ``deploy/up`` starts it (issue 16): two app processes on a PostgreSQL
database of this test, behind Debian's nginx, checked from outside as browsers see it, then a
process killed, then ``deploy/down``.

Needs nginx (``apt-get install nginx``; CI installs it) and the PostgreSQL server named by
``TRACKER_TEST_POSTGRES_URL``. The set is started once for the module (about 3 s); the tests
run in file order, and the last two kill a process and stop it all.
"""

from __future__ import annotations

import base64
import gzip
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from bench.app_server import free_port
from tests.conftest import IN_CI, POSTGRES_URL, ROOT, require_or_skip

NGINX = shutil.which("nginx") or next(
    (path for path in ("/usr/sbin/nginx",) if Path(path).exists()), None
)

pytestmark = pytest.mark.skipif(
    NGINX is None and not IN_CI,
    reason="nginx is not installed (apt-get install nginx): deploy/up puts it in front of the "
    "app processes",
)

HEX32 = re.compile(r"^[0-9a-f]{32}$")
PATIENT_ID = "424242"  # in a query string that must not reach the access log


@dataclass
class Deployment:
    url: str
    port: int
    state: Path
    env: dict[str, str]

    def pid(self, name: str) -> int:
        return int((self.state / "run" / f"{name}.pid").read_text())

    def app_addresses(self) -> set[str]:
        return {
            f"127.0.0.1:{path.read_text().strip()}"
            for path in (self.state / "run").glob("app-*.port")
        }


def deploy(script: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "deploy" / script)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def deployment(tmp_path_factory) -> Iterator[Deployment]:
    if NGINX is None:
        require_or_skip("nginx is not installed (apt-get install nginx)")
    if not POSTGRES_URL:
        require_or_skip("TRACKER_TEST_POSTGRES_URL is not set")
    server = make_url(POSTGRES_URL)
    name = f"tracker_deploy_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = server.set(drivername="postgresql", database="postgres")
    conninfo = admin.render_as_string(hide_password=False)
    try:
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
            connection.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    except psycopg.Error as error:
        require_or_skip(f"PostgreSQL at {server.render_as_string()} is not usable: {error}")
    port = free_port()
    state = tmp_path_factory.mktemp("deploy") / "state"
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": server.set(database=name).render_as_string(hide_password=False),
        "PROXY_PORT": str(port),
        "APP_PROCESSES": "2",
        "DEPLOY_STATE": str(state),
        "TRACKER_IDLE_MINUTES": "45",  # any TRACKER_* setting must reach the app processes
    }
    try:
        started = deploy("up", env)
        assert started.returncode == 0, f"deploy/up failed:\n{started.stdout}\n{started.stderr}"
        assert f"http://127.0.0.1:{port}/" in started.stdout
        yield Deployment(f"http://127.0.0.1:{port}", port, state, env)
    finally:
        deploy("down", env)  # a no-op when the last test has already stopped it
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Browser:
    """A cookie jar and the proxy's answers as a browser gets them (no redirects followed)."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str, headers: dict[str, str] | None = None):
        request = urllib.request.Request(url, headers=headers or {})
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def route(self) -> str | None:
        return next((c.value for c in self.jar if c.name == "tracker_route"), None)


def upstream_of(browser: Browser, deployment: Deployment) -> str:
    """The app process that answered the browser's request for the start page (the last one
    nginx tried: after a failure, X-Upstream lists each address it tried)."""
    status, headers, _ = browser.get(f"{deployment.url}/")
    assert status == 200
    return headers["X-Upstream"].split(", ")[-1]


def websocket_handshake(deployment: Deployment, route: str | None) -> tuple[str, str]:
    """The status line of an upgrade to /_stcore/stream through the proxy, and the process
    that answered it."""
    key = base64.b64encode(os.urandom(16)).decode()
    cookie = f"Cookie: tracker_route={route}\r\n" if route else ""
    request = (
        f"GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1:{deployment.port}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n{cookie}\r\n"
    )
    with socket.create_connection(("127.0.0.1", deployment.port), timeout=10) as connection:
        connection.sendall(request.encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = connection.recv(4096)
            if not chunk:
                break
            answer += chunk
    status_line, *header_lines = answer.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in header_lines if ": " in line)
    return status_line, headers.get("X-Upstream", "").split(", ")[-1]


def running(pid: int) -> bool:
    """Whether ``pid`` runs: a zombie (dead, not yet reaped by whoever adopted it) does not."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def access_log(deployment: Deployment) -> list[dict]:
    text = (deployment.state / "logs" / "access.json.log").read_text()
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_the_start_page_answers_with_the_security_headers_and_the_route_cookie(deployment):
    status, headers, body = Browser().get(f"{deployment.url}/")
    assert status == 200
    assert b'<div id="root">' in body
    csp = headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in csp
    assert "'unsafe-eval'" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in headers  # plain http: no HSTS
    assert HEX32.match(headers["X-Request-ID"])
    cookie = headers["Set-Cookie"]
    assert re.match(r"^tracker_route=[0-9a-f]{32}; Path=/; HttpOnly; SameSite=Lax$", cookie)
    # The app processes got the environment of deploy/up, settings included.
    for n in (1, 2):
        environ = Path(f"/proc/{deployment.pid(f'app-{n}')}/environ").read_bytes().split(b"\0")
        assert b"TRACKER_IDLE_MINUTES=45" in environ
        assert f"TRACKER_DATABASE_URL={deployment.env['TRACKER_DATABASE_URL']}".encode() in environ


def test_behind_tls_hsts_and_a_secure_cookie(deployment):
    status, headers, _ = Browser().get(f"{deployment.url}/", {"X-Forwarded-Proto": "https"})
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000"
    assert headers["Set-Cookie"].endswith("; Secure")


def test_static_files_are_gzipped_and_cached_for_a_year(deployment):
    _, _, index = Browser().get(f"{deployment.url}/")
    script = re.search(rb'src="\./(static/js/index\.[^"]+\.js)"', index).group(1).decode()
    status, headers, body = Browser().get(f"{deployment.url}/{script}", {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    assert len(gzip.decompress(body)) > 3 * len(body)
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["X-Content-Type-Options"] == "nosniff"  # security headers here too
    assert "Content-Security-Policy" in headers
    # The page itself is not cached: a new release must reach the browser.
    _, headers, _ = Browser().get(f"{deployment.url}/")
    assert "immutable" not in headers.get("Cache-Control", "")


def test_healthz_answers_from_an_app_process(deployment):
    status, headers, body = Browser().get(f"{deployment.url}/healthz")
    assert status == 200
    assert body == b"ok"
    assert headers["X-Upstream"] in deployment.app_addresses()


def test_a_browser_stays_on_its_process_and_browsers_spread_over_both(deployment):
    addresses = deployment.app_addresses()
    assert len(addresses) == 2
    seen: set[str] = set()
    for _ in range(40):
        browser = Browser()
        first = upstream_of(browser, deployment)
        assert browser.route() is not None
        # Every later request of this browser, the websocket too, reaches the same process.
        for _ in range(3):
            assert upstream_of(browser, deployment) == first
        status, _, _ = browser.get(f"{deployment.url}/_stcore/host-config")
        assert status == 200
        seen.add(first)
        if seen == addresses:
            break
    assert seen == addresses


def test_the_websocket_upgrade_passes_the_proxy_to_the_browsers_process(deployment):
    browser = Browser()
    pinned = upstream_of(browser, deployment)
    status_line, upstream = websocket_handshake(deployment, browser.route())
    assert status_line == "HTTP/1.1 101 Switching Protocols"
    assert upstream == pinned


def test_the_access_log_is_json_with_request_ids_and_no_query_strings(deployment):
    browser = Browser()
    status, headers, _ = browser.get(f"{deployment.url}/patient-review?patient={PATIENT_ID}")
    assert status == 200
    request_id = headers["X-Request-ID"]
    lines = access_log(deployment)
    assert lines
    for line in lines:
        assert HEX32.match(line["request_id"])
        assert "?" not in line["path"]
        assert isinstance(line["status"], int)
    assert len({line["request_id"] for line in lines}) == len(lines)
    mine = [line for line in lines if line["request_id"] == request_id]
    assert len(mine) == 1
    assert mine[0]["path"] == "/patient-review"
    assert mine[0]["upstream"] in deployment.app_addresses()
    assert mine[0]["new_browser"] is True
    # So far every request was answered by the first process nginx tried: no healthy process
    # was taken for a failed one (and no browser moved away from its session).
    assert [line for line in lines if "," in line["upstream"]] == []
    text = (deployment.state / "logs" / "access.json.log").read_text()
    assert PATIENT_ID not in text
    assert "patient=" not in text


def test_a_killed_process_leaves_the_proxy_serving_from_the_other(deployment):
    victim_pid = deployment.pid("app-1")
    victim = f"127.0.0.1:{(deployment.state / 'run' / 'app-1.port').read_text().strip()}"
    # A browser pinned to the process about to die.
    browsers = (Browser() for _ in range(100))
    browser = next(b for b in browsers if upstream_of(b, deployment) == victim)
    os.kill(victim_pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while running(victim_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    (survivor,) = deployment.app_addresses() - {victim}
    # Its browser is sent to the other process at once (nginx tries the dead one, is refused
    # and passes the request on), and stays there; so is every new browser.
    status, headers, _ = browser.get(f"{deployment.url}/")
    assert (status, headers["X-Upstream"]) == (200, f"{victim}, {survivor}")
    for _ in range(5):
        assert upstream_of(browser, deployment) == survivor
        assert upstream_of(Browser(), deployment) == survivor
    status_line, upstream = websocket_handshake(deployment, browser.route())
    assert status_line == "HTTP/1.1 101 Switching Protocols"
    assert upstream == survivor
    status, _, body = Browser().get(f"{deployment.url}/healthz")
    assert (status, body) == (200, b"ok")


def with_children(pids: set[int]) -> set[int]:
    """The processes ``pids`` and all their descendants (nginx's workers, say)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found = set(pids)
    while True:
        more = {pid for pid, parent in parents.items() if parent in found} - found
        if not more:
            return found
        found |= more


def test_down_stops_every_process_and_closes_the_ports(deployment):
    recorded = {int(path.read_text()) for path in (deployment.state / "run").glob("*.pid")}
    processes = with_children(recorded)
    assert len(processes) >= 3  # nginx, a worker of it, the surviving app process
    addresses = deployment.app_addresses() | {f"127.0.0.1:{deployment.port}"}
    stopped = deploy("down", deployment.env)
    assert stopped.returncode == 0, stopped.stderr
    for pid in processes:
        assert not running(pid), f"process {pid} is still there"
    assert not list((deployment.state / "run").glob("*.pid"))
    for address in addresses:
        host, port = address.split(":")
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection((host, int(port)), timeout=2).close()
