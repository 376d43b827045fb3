"""How fast the pages render server-side for the benchmark patient, with Streamlit's AppTest.

    .venv/bin/python -m bench.pages [--profile]

Three years of the benchmark patient go into a temporary SQLite database, and the app runs on it
in-process through ``streamlit.testing.v1.AppTest``, signed in as her. Each row times reruns of
a page that is already open, as a user touching nothing would trigger them. An empty script is
the floor: what AppTest and Streamlit cost before a page does anything. ``--profile`` also runs
cProfile over one rerun of Progress since the start and prints where that time goes. The script
prints figures; it asserts nothing about them.
"""

from __future__ import annotations

import os

# Before tracker is imported: signing the patient up should not spend time on Argon2.
os.environ["TRACKER_ARGON2_PROFILE"] = "CHEAPEST"

import argparse
import cProfile
import datetime as dt
import io
import logging
import platform
import pstats
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas
import plotly
import streamlit
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.local_script_runner import LocalScriptRunner

from bench import patient, table
from tracker.domain import Role
from tracker.services import accounts, web_sessions
from tracker.store import db
from tracker.store.unit_of_work import UnitOfWork
from tracker.ui import session
from tracker.views.progress import PeriodChoice

ROOT = Path(__file__).resolve().parents[1]
WARMUPS = 3
RUNS = 15
TIMEOUT_S = 60
PASSWORD = "benchmark-password"
AIM_PROGRESS_MS = 300.0
PROFILE_LINES = 25
PROGRESS = "app_pages/progress.py"
QUIET_LOGGER = "streamlit.runtime.scriptrunner_utils.script_run_context"
"""It warns of a "missing ScriptRunContext" each time an AppTest is made (its main thread sets
session state outside a script run); the warning itself says it can be ignored."""

EMPTY_SCRIPT = "import streamlit as st\n\nst.title('Empty')\n"
FRAME_SCRIPT = """\
from tracker.domain import Role
from tracker.ui import widgets

widgets.signed_in_page("Empty", ":material/check:", Role.PATIENT)
"""
"""A page that only has the frame every patient page pays for: the sign-in guard (one user
lookup), the page config, the sidebar with its page links, and the title."""


# --- the script thread's own time -----------------------------------------------------------


class ScriptClock:
    """Times the script thread's run of each ``AppTest.run``, and can profile it.

    ``AppTest.run`` starts a script thread, polls it every millisecond and then parses what the
    script sent into an element tree. The thread's ``_run_script`` is the server-side part:
    Streamlit's run preparation, the page's code, and the serialisation of every element.
    """

    def __init__(self) -> None:
        self.seconds: list[float] = []
        self.profiler: cProfile.Profile | None = None

    @contextmanager
    def installed(self) -> Iterator[ScriptClock]:
        original = LocalScriptRunner._run_script  # inherited from ScriptRunner
        clock = self

        def timed(runner: LocalScriptRunner, rerun_data: object) -> None:
            profiler = clock.profiler
            if profiler is not None:
                profiler.enable()  # cProfile follows the thread that enables it
            started = time.perf_counter()
            try:
                original(runner, rerun_data)
            finally:
                clock.seconds.append(time.perf_counter() - started)
                if profiler is not None:
                    profiler.disable()

        LocalScriptRunner._run_script = timed
        try:
            yield self
        finally:
            LocalScriptRunner._run_script = original


# --- the measurements -----------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    page: str
    title: str
    open: Callable[[], AppTest]
    """Opens the page, signed in, and returns it after its first run."""
    scripts: tuple[Path, ...]
    """The files each run compiles: the main script, and the page when it is another file."""


@dataclass(frozen=True)
class Row:
    page: str
    runs_ms: list[float]
    scripts_ms: list[float]
    compile_ms: float

    @property
    def min_ms(self) -> float:
        return min(self.runs_ms)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.runs_ms)

    @property
    def script_ms(self) -> float:
        return statistics.median(self.scripts_ms)


def rendered(at: AppTest, title: str) -> AppTest:
    """``at`` after a check that its page ran to the end without an error."""
    if at.exception:
        raise RuntimeError(f"{title}: the page raised {at.exception[0].message}")
    titles = [element.value for element in at.title]
    if title not in titles:
        raise RuntimeError(f"{title}: the page did not render (titles {titles})")
    return at


def compile_ms(scripts: tuple[Path, ...]) -> float:
    """Median time to compile ``scripts`` as Streamlit does (magic included) into an empty cache.

    AppTest gives every run a new ``ScriptCache``, so each of its runs compiles the main script
    and the page again. A live server keeps one cache and compiles a script once.
    """
    times = []
    for _ in range(WARMUPS + RUNS):
        cache = ScriptCache()
        started = time.perf_counter()
        for script in scripts:
            cache.get_bytecode(str(script))
        times.append(time.perf_counter() - started)
    return statistics.median(times[WARMUPS:]) * 1000


def rerun_times(case: Case, clock: ScriptClock) -> Row:
    """Wall time of ``at.run()`` on a page already open, and of its script thread."""
    at = case.open()
    runs, scripts = [], []
    for index in range(WARMUPS + RUNS):
        clock.seconds.clear()
        started = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - started
        if index >= WARMUPS:
            runs.append(elapsed * 1000)
            scripts.append(sum(clock.seconds) * 1000)
    rendered(at, case.title)
    return Row(case.page, runs, scripts, compile_ms(case.scripts))


def sign_in_as(at: AppTest, user_id: int) -> None:
    """The session state that signing in leaves: the user and a live browser token."""
    engine = db.make_engine(db.database_url())
    try:
        state = session.signed_in_state(user_id, web_sessions.start(engine, user_id))
    finally:
        engine.dispose()
    for key, value in state.items():
        at.session_state[key] = value


def open_page(user_id: int, page: str, title: str) -> AppTest:
    """The app signed in as ``user_id`` and switched to ``page``, as tests/app does it."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    sign_in_as(at, user_id)
    at.run()
    return rendered(at.switch_page(page).run(), title)


def script_page(script: Path, user_id: int) -> AppTest:
    at = AppTest.from_file(str(script), default_timeout=TIMEOUT_S)
    sign_in_as(at, user_id)
    return rendered(at.run(), "Empty")


def since_start(at: AppTest) -> AppTest:
    at.radio(key="progress_period").set_value(PeriodChoice.SINCE_START).run()
    return rendered(at, "Progress")


def scripts(directory: Path) -> tuple[Path, Path]:
    """The empty script, alone in its folder, and the frame-only script in a folder whose
    ``pages`` is the app's (a symlink), so that the sidebar's page links resolve as in the app."""
    empty = directory / "empty" / "empty.py"
    frame = directory / "frame" / "frame.py"
    for script, text in ((empty, EMPTY_SCRIPT), (frame, FRAME_SCRIPT)):
        script.parent.mkdir()
        script.write_text(text, encoding="utf-8")
    (frame.parent / "pages").symlink_to(ROOT / "pages", target_is_directory=True)
    return empty, frame


def cases(directory: Path, user_id: int) -> list[Case]:
    empty, frame = scripts(directory)

    def app_page(label: str, title: str, page: str, then=lambda at: at) -> Case:
        return Case(
            label,
            title,
            lambda: then(open_page(user_id, page, title)),
            (ROOT / "app.py", ROOT / page),
        )

    return [
        Case("empty script (floor)", "Empty", lambda: script_page(empty, user_id), (empty,)),
        Case("page frame only", "Empty", lambda: script_page(frame, user_id), (frame,)),
        app_page("Export (light page)", "Export", "app_pages/export.py"),
        app_page("Today", "Today", "app_pages/today.py"),
        app_page(f"Progress, {PeriodChoice.TWELVE_WEEKS}", "Progress", PROGRESS),
        app_page("Progress, since start", "Progress", PROGRESS, then=since_start),
    ]


def profile(user_id: int, clock: ScriptClock) -> str:
    """cProfile of the script thread over one rerun of Progress since the start."""
    at = since_start(open_page(user_id, PROGRESS, "Progress"))
    for _ in range(WARMUPS):
        at.run()
    clock.profiler = cProfile.Profile()
    try:
        rendered(at.run(), "Progress")
    finally:
        profiler, clock.profiler = clock.profiler, None
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats("cumulative").print_stats(PROFILE_LINES)
    return out.getvalue()


def new_patient(end: dt.date) -> tuple[int, int]:
    """The benchmark patient with her profile and three years of log; her id and entry count."""
    engine = db.make_engine(db.database_url())
    try:
        db.migrate(engine)
        user = accounts.create_user(engine, "patient@bench.example", PASSWORD, Role.PATIENT)
        entries = patient.three_year_entries(end)
        with UnitOfWork(engine, write=True) as uow:
            uow.users.save_profile(user.id, patient.profile(end))
            uow.entries.add_many(user.id, entries)
            uow.commit()
        return user.id, len(entries)
    finally:
        engine.dispose()


# --- the report -----------------------------------------------------------------------------

COLUMNS = (
    ("page", 22),
    ("min ms", 7),
    ("median ms", 9),
    ("over floor", 10),
    ("script ms", 9),
    ("compile ms", 10),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--profile", action="store_true", help="also profile one Progress since-start rerun"
    )
    arguments = parser.parse_args()
    # A filter, not a level: Streamlit sets its loggers' levels again from its config.
    logging.getLogger(QUIET_LOGGER).addFilter(lambda record: record.levelno >= logging.ERROR)

    end = dt.date.today()  # the pages show the periods ending today
    print("Pages benchmark: server-side reruns of the app's pages, with AppTest")
    print(
        f"Python {platform.python_version()}, Streamlit {streamlit.__version__},"
        f" Plotly {plotly.__version__}, pandas {pandas.__version__},"
        f" {os.cpu_count()} CPUs ({platform.machine()})"
    )
    with tempfile.TemporaryDirectory(prefix="tracker-bench-pages-") as name:
        directory = Path(name)
        os.environ["TRACKER_DATABASE_URL"] = "sqlite:///" + str(directory / "bench.db")
        user_id, count = new_patient(end)
        print(f"Patient: 3 years to {end}, {count:,} entries, on SQLite (a temporary file)")
        print(f"Times of at.run() on an open page: {RUNS} runs after {WARMUPS} warm-ups")
        print()
        with ScriptClock().installed() as clock:
            rows = [rerun_times(case, clock) for case in cases(directory, user_id)]
            profiled = profile(user_id, clock) if arguments.profile else ""

    floor = rows[0]
    print("\n".join(table.header(COLUMNS)))
    for row in rows:
        print(
            table.line(
                [
                    row.page,
                    f"{row.min_ms:.1f}",
                    f"{row.median_ms:.1f}",
                    f"{row.median_ms - floor.median_ms:.1f}",
                    f"{row.script_ms:.1f}",
                    f"{row.compile_ms:.1f}",
                ],
                COLUMNS,
            )
        )
    print()
    worst = max(rows[-2:], key=lambda row: row.median_ms)
    verdict = "met" if worst.median_ms < AIM_PROGRESS_MS else "MISSED"
    print(
        f"Aim: Progress renders in under {AIM_PROGRESS_MS:.0f} ms (median of at.run()):"
        f" {verdict}, slowest is {worst.page} at {worst.median_ms:.1f} ms"
        f" (floor {floor.median_ms:.1f} ms)"
    )
    print()
    print(
        "min/median ms = wall time of at.run() on the open page: starting the script thread,\n"
        "  the run, and parsing its messages into AppTest's element tree;\n"
        "over floor = median ms minus the empty script's median ms;\n"
        "script ms = median of the script thread's run alone: Streamlit's preparation, the\n"
        "  page's code, and serialising its elements;\n"
        "compile ms = compiling the main script and the page (part of script ms): AppTest does it\n"
        "  on every run, a live server once."
    )
    if profiled:
        print()
        print("cProfile of one Progress since-start rerun (script thread, by cumulative time):")
        print(profiled.strip())


if __name__ == "__main__":
    main()
