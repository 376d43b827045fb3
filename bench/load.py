"""Load: many simulated patients at once, without browsers, against the app under
``streamlit run`` (one process) or ``deploy/up`` (processes behind nginx).

    python -m bench.load --sessions 50 --processes 1 --seconds 60
    python -m bench.load --sessions 10 --alone          # one session alone (the baseline)
    python -m bench.load --url http://127.0.0.1:8080 --database-url postgresql+psycopg://...

Each simulated patient is one websocket (``bench.streamlit_client``) in one asyncio loop, and
loops over the scenario until the time is up: open the app, sign in with email and password,
save the Today check-in (a weight and water), open Progress, open History, sign out. Every
step is timed from the message sent to the end of its script runs; a step that ends with an
exception element, an error alert, without what it should show, after the step timeout, or on
a closed socket is an error. The table gives each step's count, p50, p95 and errors, then the
app processes' memory (idle, under load, and per session) and where the CPU went.

Only this machine is ever targeted (127.0.0.1, localhost, ::1), at most 500 sessions and
600 seconds. The patients are seeded into the target's database first (``load-NNN@example.org``,
each with a demo patient's twenty-week log, so Progress and History have data).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from bench import table
from bench.app_server import ROOT, free_port
from bench.streamlit_client import ClientError, Run, StreamlitClient, check_local

MAX_SESSIONS = 500
MAX_SECONDS = 600
MAX_PROCESSES = 16
STEP_TIMEOUT_S = 30.0
START_TIMEOUT_S = 90
PASSWORD = "load test amber kettle"
EMAIL = "load-{:03d}@example.org"
STEPS = ("connect", "open the app", "sign in", "check-in", "Progress", "History", "sign out")
DEPLOY_UP = ROOT / "deploy" / "up"
DEPLOY_DOWN = ROOT / "deploy" / "down"


# --- the simulated patients -------------------------------------------------------------------


@dataclass(frozen=True)
class Patient:
    id: int
    email: str
    weight: float
    """The last weigh-in of the seeded log, in the patient's weight unit: each check-in types a
    weight within 0.3 of it, so the app never asks "is that right?"."""


def seed_patients(url: str, count: int, password_hash: str | None = None) -> list[Patient]:
    """``count`` patient accounts in the database at ``url`` (migrated here first), each with
    a demo patient's log ending now; accounts already there are reused as they are."""
    from tracker.domain import Kind, Role
    from tracker.services import demo, passwords
    from tracker.store import db
    from tracker.store.unit_of_work import UnitOfWork
    from tracker.units import WeightUnit

    engine = db.make_engine(url)
    try:
        db.migrate(engine)
        now = dt.datetime.now()
        password_hash = password_hash or passwords.hash_password(PASSWORD)
        stories = demo.STORIES
        logs = [demo.patient_entries(now.date(), story, now.time()) for story in stories]
        patients: list[Patient] = []
        for first in range(0, count, 25):
            with UnitOfWork(engine, write=True) as uow:
                for i in range(first, min(first + 25, count)):
                    email = EMAIL.format(i)
                    story, log = stories[i % len(stories)], logs[i % len(stories)]
                    user = uow.users.by_email(email)
                    if user is None:
                        user = uow.users.add(
                            email, f"Load patient {i}", password_hash, Role.PATIENT
                        )
                        uow.users.save_profile(user.id, demo.patient_profile(now.date(), story))
                        uow.entries.add_many(user.id, log)
                    profile = uow.users.profile(user.id)
                    weights = uow.entries.list(user.id, kinds=[Kind.WEIGHT])
                    last_kg = weights[-1].value if weights else 80.0
                    shown = (
                        last_kg / 0.45359237 if profile.weight_unit is WeightUnit.LB else last_kg
                    )
                    patients.append(Patient(user.id, email, round(shown, 1)))
                uow.commit()
        return patients
    finally:
        engine.dispose()


# --- timings ------------------------------------------------------------------------------------


@dataclass
class Tally:
    """Every step's times and errors, and what each patient saved."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    counts: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    messages: Counter = field(default_factory=Counter)
    saved: dict[int, list[float]] = field(default_factory=lambda: defaultdict(list))
    """Patient id -> the weights whose check-in said "Saved"."""
    loops: int = 0
    upstreams: Counter = field(default_factory=Counter)

    def record(self, step: str, seconds: float | None, error: str | None) -> None:
        self.counts[step] += 1
        if seconds is not None:
            self.times[step].append(seconds)
        if error:
            self.errors[step] += 1
            self.messages[f"{step}: {error[:160]}"] += 1


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


COLUMNS = (("step", 13), ("count", 6), ("p50 ms", 7), ("p95 ms", 7), ("max ms", 7), ("errors", 6))


def step_table(tally: Tally) -> list[str]:
    lines = table.header(COLUMNS)
    for step in STEPS:
        if not tally.counts[step]:
            continue
        times = tally.times[step]
        cells = [
            step,
            str(tally.counts[step]),
            *(
                (f"{percentile(times, 0.5) * 1000:.0f}", f"{percentile(times, 0.95) * 1000:.0f}",
                 f"{max(times) * 1000:.0f}")
                if times
                else ("-", "-", "-")
            ),
            str(tally.errors[step]),
        ]  # fmt: skip
        lines.append(table.line(cells, COLUMNS))
    return lines


# --- one simulated patient --------------------------------------------------------------------


async def session(
    url: str,
    patient: Patient,
    deadline: float,
    tally: Tally,
    delay: float,
    think: float,
    rounds: int | None = None,
) -> None:
    """One patient's websocket, looping over the scenario until ``deadline`` (or after
    ``rounds`` full rounds)."""
    await asyncio.sleep(delay)
    rng = random.Random(patient.id)
    tab: StreamlitClient | None = None
    done = 0
    try:
        while time.perf_counter() < deadline and (rounds is None or done < rounds):
            if tab is None or not tab.connected:
                if tab is not None:
                    await tab.close()
                tab = StreamlitClient(url, timeout=STEP_TIMEOUT_S, jar=tab.jar if tab else None)
                try:
                    seconds = await tab.connect()
                except ClientError as error:
                    tally.record("connect", None, str(error))
                    await asyncio.sleep(1)
                    continue
                tally.record("connect", seconds, None)
                tally.upstreams[tab.upstream or "direct"] += 1
            if await scenario(tab, patient, deadline, tally, rng, think):
                tally.loops += 1
                done += 1
    finally:
        if tab is not None:
            await tab.close()


async def scenario(
    tab: StreamlitClient,
    patient: Patient,
    deadline: float,
    tally: Tally,
    rng: random.Random,
    think: float,
) -> bool:
    """One round of the scenario; False if it stopped early (time up or an error)."""

    async def step(name: str, act, check) -> Run | None:
        if time.perf_counter() >= deadline:
            return None
        if think:
            await asyncio.sleep(rng.uniform(0, 2 * think))
        try:
            run = await act()
        except ClientError as error:
            tally.record(name, None, str(error))
            await tab.close()  # a timed-out or closed session starts again on a new socket
            return None
        problem = "; ".join(run.errors) or check(run)
        tally.record(name, run.seconds, problem)
        return None if problem else run

    def on_start_page(run: Run) -> str | None:
        try:
            tab.submit_button("sign_in")
        except ClientError:
            return f"no sign-in form (page {run.page!r}: {tab.headings()[:2]})"
        return None

    def titled(title: str):
        def check(run: Run) -> str | None:
            return None if title in tab.headings() else f"no {title!r} title: {tab.headings()[:3]}"

        return check

    opened = await step("open the app", tab.open, lambda run: None)
    if opened is None:
        return False
    if on_start_page(opened) is not None:
        # Still signed in (an earlier round stopped half-way): sign out first, untimed.
        try:
            await tab.click("sign_out")
        except ClientError:
            await tab.close()
            return False
        problem = on_start_page(opened)
        if problem:
            tally.record("open the app", None, problem)
            return False
    credentials = {"sign_in_email": patient.email, "sign_in_password": PASSWORD}
    if not await step("sign in", lambda: tab.submit("sign_in", credentials), titled("Today")):
        return False
    weight = round(patient.weight + rng.uniform(-0.3, 0.3), 1)
    glasses = rng.choice((1, 2, 3, 4))

    def saved(run: Run) -> str | None:
        if any(body.startswith("Saved weight") for body in run.alert("success")):
            return None
        return f"no 'Saved weight' message: {run.alerts[:2]}"

    answers = {"checkin_weight": weight, "checkin_glasses": str(glasses)}
    checked_in = await step("check-in", lambda: tab.submit("checkin_form", answers), saved)
    if checked_in is None:
        return False
    tally.saved[patient.id].append(weight)
    for page in ("Progress", "History"):
        if not await step(page, lambda page=page: tab.go(page), titled(page)):
            return False
    return bool(await step("sign out", lambda: tab.click("sign_out"), on_start_page))


async def run_load(
    url: str,
    patients: list[Patient],
    seconds: float,
    *,
    ramp: float | None = None,
    think: float = 0.0,
    rounds: int | None = None,
) -> Tally:
    """Every patient looping the scenario for ``seconds`` (or until each has done ``rounds``
    full rounds); their starts spread over ``ramp`` seconds."""
    check_local(url)
    tally = Tally()
    ramp = min(5.0, 0.05 * len(patients)) if ramp is None else ramp
    start = time.perf_counter()
    deadline = start + seconds
    await asyncio.gather(
        *(
            session(url, patient, deadline, tally, ramp * i / len(patients), think, rounds)
            for i, patient in enumerate(patients)
        )
    )
    return tally


# --- the server processes: memory and CPU -------------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def machine_cpu_seconds() -> float:
    """Busy CPU time of the whole machine since boot, all cores, in seconds."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(values[:8]) - values[3] - values[4]) / TICKS  # less idle and iowait


def processes() -> list[tuple[int, int, str, float]]:
    """(pid, parent pid, command line, CPU seconds so far) of every process."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        name, _, rest = stat.partition(" (")[2].rpartition(")")
        fields = rest.split()
        used = (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
        found.append((int(entry.name), int(fields[1]), command.strip() or f"[{name}]", used))
    return found


@dataclass
class Target:
    """What is loaded: its URL, and what to watch while it is."""

    url: str
    where: str
    pids: list[int] = field(default_factory=list)
    """The app processes."""
    database: str = ""
    """The PostgreSQL database's name (its backends' CPU is counted), if any."""
    nginx_pid_file: Path | None = None
    warm_urls: list[str] = field(default_factory=list)
    """Each app process's own URL, to warm them all up."""

    def groups(self, running: list[tuple[int, int, str, float]]) -> dict[str, list[int]]:
        """The pids of each part of the server, now."""
        groups = {"app processes": list(self.pids)}
        if self.database:
            marker = f" {self.database} "
            groups["PostgreSQL"] = [
                pid
                for pid, _, command, _ in running
                if command.startswith("postgres:") and marker in command
            ]
        if self.nginx_pid_file is not None:
            try:
                master = int(self.nginx_pid_file.read_text())
            except (OSError, ValueError):
                master = -1
            groups["nginx"] = [pid for pid, parent, _, _ in running if master in (pid, parent)]
        return groups


@dataclass
class Watch:
    """The app processes' RSS, sampled each second while the load runs, and where the CPU
    went over it: the app processes, their PostgreSQL backends, nginx, this load generator,
    and the rest of the machine (other programs)."""

    target: Target
    samples: dict[int, list[float]] = field(default_factory=lambda: defaultdict(list))
    cpu: dict[str, float] = field(default_factory=dict)
    """Seconds of CPU by part, over the run."""
    app_cpu: dict[int, float] = field(default_factory=dict)
    machine: float = 0.0
    """Busy seconds of CPU of the whole machine (all cores) over the run."""
    wall: float = 0.0
    others: list[tuple[float, str]] = field(default_factory=list)
    """The busiest processes of the rest of the machine: (CPU seconds, command line)."""

    async def sample(self, stop: asyncio.Event) -> None:
        first: dict[int, float] = {}
        last: dict[int, float] = {}
        parts: dict[int, str] = {}
        commands: dict[int, str] = {}
        me = os.getpid()

        def scan(at_start: bool) -> None:
            running = processes()
            ours = {pid: part for part, pids in self.target.groups(running).items() for pid in pids}
            for pid, _, command, used in running:
                if pid == me:
                    continue  # counted with process_time(), its threads included
                parts[pid] = ours.get(pid, "rest of the machine")
                commands[pid] = command
                # A process born during the run counts from zero.
                first.setdefault(pid, used if at_start else 0.0)
                last[pid] = used

        scan(at_start=True)
        machine0, own0, wall0 = machine_cpu_seconds(), time.process_time(), time.perf_counter()
        while not stop.is_set():
            for pid in self.target.pids:
                if (mb := rss_mb(pid)) is not None:
                    self.samples[pid].append(mb)
            with suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 1.0)
            scan(at_start=False)
        self.wall = time.perf_counter() - wall0
        self.machine = machine_cpu_seconds() - machine0
        self.cpu = defaultdict(float)
        for part in ("app processes", *(["PostgreSQL"] if self.target.database else [])):
            self.cpu[part] = 0.0
        if self.target.nginx_pid_file is not None:
            self.cpu["nginx"] = 0.0
        self.cpu["this load generator"] = time.process_time() - own0
        others = []
        for pid, part in parts.items():
            used = last[pid] - first[pid]
            if part == "rest of the machine":
                others.append((used, commands[pid]))
                continue
            self.cpu[part] += used
            if part == "app processes":
                self.app_cpu[pid] = used
        # What /proc/stat counts but no process shows (processes gone between two scans,
        # interrupts) goes to the rest too.
        self.cpu["rest of the machine"] = max(0.0, self.machine - sum(self.cpu.values()))
        self.others = sorted(others, reverse=True)[:3]


async def measured(
    target: Target, patients: list[Patient], seconds: float, think: float
) -> tuple[Tally, Watch]:
    watch = Watch(target)
    stop = asyncio.Event()
    sampler = asyncio.create_task(watch.sample(stop))
    try:
        tally = await run_load(target.url, patients, seconds, think=think)
    finally:
        stop.set()
        await sampler
    return tally, watch


def report(title: str, tally: Tally, watch: Watch, idle: dict[int, float], sessions: int) -> None:
    print(title)
    print("\n".join(step_table(tally)))
    finished = sum(len(v) for v in tally.times.values())
    wall = max(watch.wall, 1e-9)
    print(
        f"{tally.loops} full rounds, {finished / wall:.1f} steps/s;"
        f" {sum(tally.errors.values())} errors"
    )
    if len(tally.upstreams) > 1 or "direct" not in tally.upstreams:
        spread = ", ".join(f"{k}: {v}" for k, v in sorted(tally.upstreams.items()))
        print(f"connections by app process (nginx X-Upstream): {spread}")
    for message, times in tally.messages.most_common(5):
        print(f"  {times} x {message}")
    pids = watch.target.pids
    if pids:
        columns = (("app process", 11), ("idle MB", 7), ("load p50 MB", 11), ("peak MB", 7),
                   ("CPU %", 5))  # fmt: skip
        print("\n".join(table.header(columns)))
        median = peak = 0.0
        for pid in pids:
            samples = watch.samples.get(pid) or [0.0]
            median += statistics.median(samples)
            peak += max(samples)
            cells = [
                str(pid),
                f"{idle.get(pid, 0):.0f}",
                f"{statistics.median(samples):.0f}",
                f"{max(samples):.0f}",
                f"{100 * watch.app_cpu.get(pid, 0) / wall:.0f}",
            ]
            print(table.line(cells, columns))
        idle_total = sum(idle.values())
        print(
            f"per session: {(median - idle_total) / sessions:.1f} MB"
            f" ((median RSS under load - idle) / {sessions}, all app processes);"
            f" at the peak {(peak - idle_total) / sessions:.1f} MB"
        )
    cores = os.cpu_count() or 1
    shares = ", ".join(
        f"{part} {100 * seconds / wall:.0f} %" for part, seconds in watch.cpu.items()
    )
    print(
        f"CPU, in % of one core: {shares}; the machine was"
        f" {100 * watch.machine / wall / cores:.0f} % busy ({cores} cores)"
    )
    busy = [(used, command) for used, command in watch.others if used / wall >= 0.05]
    if busy:
        print("  the rest, busiest: " + "; ".join(
            f"{100 * used / wall:.0f} % {command[:70]}" for used, command in busy
        ))  # fmt: skip
    print()


# --- the servers ----------------------------------------------------------------------------------


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this run, dropped afterwards; yields its URL."""
    from sqlalchemy import text

    from bench.databases import postgres_admin

    admin, version = postgres_admin()
    if admin is None:
        raise SystemExit(f"PostgreSQL is needed: {version}")
    name = f"tracker_load_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def streamlit_process(database_url: str, folder: Path) -> Iterator[Target]:
    """``streamlit run app.py`` on ``database_url`` and a free localhost port, no proxy;
    yields it once it answers."""
    import urllib.request

    log_path = folder / "streamlit.log"
    env = {**os.environ, "TRACKER_DATABASE_URL": database_url}
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
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                with urllib.request.urlopen(f"{url}_stcore/health", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"streamlit run did not start:\n{log_path.read_text(errors='replace')}"
                    ) from None
                time.sleep(0.2)
        kind = "SQLite" if database_url.startswith("sqlite") else "PostgreSQL"
        yield Target(
            url,
            f"1 app process (streamlit run, no proxy) on {kind}",
            pids=[process.pid],
            database=database_name(database_url),
            warm_urls=[url],
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def deployed(database_url: str, processes: int, folder: Path) -> Iterator[Target]:
    """``deploy/up`` with ``processes`` app processes behind nginx on a free port, its state in
    ``folder``; yields it once up; ``deploy/down`` after."""
    state = folder / "deploy-state"
    env = {
        **os.environ,
        "PROXY_PORT": str(free_port()),
        "APP_PROCESSES": str(processes),
        "DEPLOY_STATE": str(state),
        "TRACKER_DATABASE_URL": database_url,
        "DEPLOY_PYTHON": sys.executable,
    }
    try:
        up = subprocess.run(
            [str(DEPLOY_UP)], cwd=ROOT, env=env, capture_output=True, text=True,
            timeout=START_TIMEOUT_S * 2, check=False,
        )  # fmt: skip
        if up.returncode != 0:
            raise RuntimeError(f"deploy/up failed ({up.returncode}):\n{up.stdout}\n{up.stderr}")
        run = state / "run"
        numbered = sorted(run.glob("app-*.pid"), key=lambda p: int(p.stem.split("-")[1]))
        yield Target(
            (run / "url").read_text().strip(),
            f"{processes} app process{'es' if processes > 1 else ''} behind nginx (deploy/up)"
            " on PostgreSQL",
            pids=[int(path.read_text()) for path in numbered],
            database=database_name(database_url),
            nginx_pid_file=run / "nginx.pid",
            warm_urls=[
                f"http://127.0.0.1:{path.with_suffix('.port').read_text().strip()}/"
                for path in numbered
            ],
        )
    finally:
        subprocess.run(
            [str(DEPLOY_DOWN)], cwd=ROOT, env=env, capture_output=True, timeout=120, check=False
        )


def database_name(url: str) -> str:
    """The PostgreSQL database's name in ``url`` ("" for SQLite)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return parsed.database or "" if parsed.get_backend_name() == "postgresql" else ""


async def warm_up(urls: list[str], patient: Patient) -> None:
    """One untimed round per app process: its first runs import pandas, Plotly and the pages."""
    for url in urls:
        tally = Tally()
        await scenario_once(url, patient, tally)
        if sum(tally.errors.values()):
            raise RuntimeError(f"the warm-up round failed at {url}: {dict(tally.messages)}")


async def scenario_once(url: str, patient: Patient, tally: Tally) -> None:
    async with StreamlitClient(url, timeout=120) as tab:
        await scenario(tab, patient, math.inf, tally, random.Random(0), 0.0)


# --- the command ----------------------------------------------------------------------------------


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10, help="simulated patients at once")
    parser.add_argument("--processes", type=int, default=1, help="app processes")
    parser.add_argument("--seconds", type=float, default=60, help="how long the load runs")
    parser.add_argument(
        "--url", help="a running server to load instead of starting one (needs --database-url)"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("TRACKER_DATABASE_URL"),
        help="with --url: the server's database, where the patients are seeded",
    )
    parser.add_argument(
        "--pids",
        default="",
        help="with --url: the app processes' pids, comma-separated, for memory",
    )
    parser.add_argument(
        "--direct",
        action="store_true",
        help="one `streamlit run` without the proxy (--processes 1 only)",
    )
    parser.add_argument(
        "--sqlite",
        action="store_true",
        help="an SQLite file instead of PostgreSQL (implies --direct)",
    )
    parser.add_argument("--alone", action="store_true", help="only the baseline: one session alone")
    parser.add_argument(
        "--baseline", type=float, default=20, help="seconds of one session alone first (0: none)"
    )
    parser.add_argument(
        "--think", type=float, default=0.0,
        help="mean pause in seconds before each step (uniform 0-2x); 0: back to back",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= MAX_SESSIONS:
        parser.error(f"--sessions must be 1 to {MAX_SESSIONS}")
    if not 0 < args.seconds <= MAX_SECONDS or not 0 <= args.baseline <= MAX_SECONDS:
        parser.error(f"--seconds and --baseline must be at most {MAX_SECONDS}")
    if not 1 <= args.processes <= MAX_PROCESSES:
        parser.error(f"--processes must be 1 to {MAX_PROCESSES}")
    if args.url:
        try:
            check_local(args.url)
        except ValueError as error:
            parser.error(str(error))
        if not args.database_url:
            parser.error(
                "--url needs --database-url (or TRACKER_DATABASE_URL): the patients are seeded"
                " there"
            )
    if args.sqlite:
        args.direct = True
    if args.direct and args.processes != 1:
        parser.error(
            "--direct and --sqlite run one process: use --processes 1 (deploy/up runs more)"
        )
    if not args.url and not args.direct and not DEPLOY_UP.exists():
        parser.error(
            f"{DEPLOY_UP.relative_to(ROOT)} is not there: only --direct (one process) can run"
        )
    if args.alone:
        args.sessions = 1
    return args


def main(argv: list[str] | None = None) -> None:
    args = arguments(argv)
    began = time.perf_counter()
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-load-")))
        if args.url:
            database_url = args.database_url
        elif args.sqlite:
            database_url = f"sqlite:///{folder / 'tracker.db'}"
        else:
            database_url = stack.enter_context(postgres_database())
        print(f"Seeding {args.sessions} patients ...", flush=True)
        seeded = time.perf_counter()
        patients = seed_patients(database_url, args.sessions + 1)
        warm_patient, patients = patients[-1], patients[:-1]
        seeded = time.perf_counter() - seeded
        if args.url:
            target = Target(
                args.url,
                f"{args.url} (a running server)",
                pids=[int(p) for p in args.pids.split(",") if p.strip()],
                database=database_name(database_url),
                warm_urls=[args.url],
            )
        elif args.direct:
            target = stack.enter_context(streamlit_process(database_url, folder))
        else:
            target = stack.enter_context(deployed(database_url, args.processes, folder))
        asyncio.run(warm_up(target.warm_urls, warm_patient))
        time.sleep(1)
        idle = {pid: rss_mb(pid) or 0.0 for pid in target.pids}

        import streamlit

        print(
            f"Load benchmark: {target.where}; Python {platform.python_version()}, Streamlit"
            f" {streamlit.__version__}, {os.cpu_count()} CPUs; seeding took {seeded:.0f} s"
        )
        pace = (
            f"a mean pause of {args.think:g} s before each step" if args.think else "back to back"
        )
        print(
            f"Scenario per patient, {pace}: open the app, sign in, check-in (weight and water),"
            f" Progress, History, sign out; step timeout {STEP_TIMEOUT_S:g} s;"
            f" load average {os.getloadavg()[0]:.1f}"
        )
        print()
        baseline = args.seconds if args.alone else args.baseline
        if baseline:
            tally, watch = asyncio.run(measured(target, patients[:1], baseline, args.think))
            report(f"1 session alone for {baseline:g} s", tally, watch, idle, 1)
        if not args.alone:
            tally, watch = asyncio.run(measured(target, patients, args.seconds, args.think))
            title = f"{args.sessions} sessions for {args.seconds:g} s"
            report(title, tally, watch, idle, args.sessions)
    print(f"Took {time.perf_counter() - began:.0f} s; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
