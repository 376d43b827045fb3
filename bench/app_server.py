"""The app under ``streamlit run`` and the system Chromium that drives it: shared by the browser
benchmark (``bench.browser``) and the browser tests (``tests/e2e``)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
"""Debian's Chromium: the project never downloads a browser."""
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
START_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def streamlit_app(database: Path) -> Iterator[str]:
    """``streamlit run app.py`` on the SQLite file ``database``, on a free localhost port;
    yields its URL once it answers. Its output goes to ``streamlit.log`` beside the database
    (a pipe nobody reads would block the server once full); a failed start raises with it."""
    log_path = database.parent / "streamlit.log"
    env = {**os.environ, "TRACKER_DATABASE_URL": f"sqlite:///{database}"}
    port = free_port()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "streamlit", "run", "app.py"),
                *("--server.headless", "true", "--server.address", "127.0.0.1"),
                *("--server.port", str(port), "--server.fileWatcherType", "none"),
                *("--browser.gatherUsageStats", "false"),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = log_path.read_text(errors="replace")
                    raise RuntimeError(f"streamlit run did not start:\n{output}") from None
                time.sleep(0.2)
        yield url
    except BaseException:
        # The log may go with a temporary directory: show its end, where a crash would be.
        output = log_path.read_text(errors="replace")
        state = "running" if process.poll() is None else f"exited with {process.returncode}"
        print(f"streamlit run ({state}), its last output:\n{output[-3000:]}", file=sys.stderr)
        raise
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
