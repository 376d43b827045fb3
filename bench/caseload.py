"""How fast a therapist's caseload of 300 patients, each with a year of daily log, renders.

    .venv/bin/python -m bench.caseload [--patients N]

One therapist and ``N`` patients (default 300), each with a year of daily log ending today and an
active share with the therapist, go into a temporary SQLite file and, when the server answers at
``TRACKER_BENCH_POSTGRES_URL`` (default: the local server as ``postgres``), into a PostgreSQL
database ``tracker_bench_caseload`` that the script creates and drops. On each it times
``care.caseload`` (the bulk load and the guidance for every patient), splits that time into its
parts, and times reruns of the Caseload page with Streamlit's AppTest, signed in as the
therapist. Then it profiles one ``care.caseload`` call on SQLite. It prints figures; it asserts
nothing about them.
"""

from __future__ import annotations

import os

# Before tracker is imported: signing the users up should not spend time on Argon2.
os.environ["TRACKER_ARGON2_PROFILE"] = "CHEAPEST"

import argparse
import cProfile
import datetime as dt
import inspect
import io
import logging
import platform
import pstats
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy
import streamlit
from sqlalchemy import Engine, delete
from streamlit.testing.v1 import AppTest

from bench import patient, table
from bench.databases import postgres_admin, postgres_engine, sqlite_engine
from bench.pages import QUIET_LOGGER, ROOT, ScriptClock, sign_in_as
from tracker.domain import Entry, Role, ShareStatus
from tracker.rules.history import History
from tracker.services import accounts, care, passwords
from tracker.services.access import Actor
from tracker.store import db
from tracker.store.care import CareRepository
from tracker.store.entries import EntryRepository
from tracker.store.schema import AuditRow
from tracker.store.unit_of_work import UnitOfWork
from tracker.views import caseload as caseload_rows

PATIENTS = 300
YEARS = 1
DISTINCT_LOGS = 20
"""Patients get one of this many logs (seeds 1..20) in turn: generating 300 would take ~12 s and
hold 1.4 million Entry objects at once, and the caseload's cost does not depend on the logs
being unique."""
BATCH = 25
"""Patients stored per unit of work."""
WARMUPS = 2
RUNS = 7
AUDIT_WARMUPS = 1
AUDIT_RUNS = 3
"""Runs that write the audit rows: fewer, as each costs a quiet run and a few ms more."""
TIMEOUT_S = 120
PASSWORD = "benchmark-password"
AIM_MS = 1000.0
PROFILE_LINES = 12
TRACKER_DIR = str(Path(__file__).resolve().parents[1] / "tracker")
BENCH_DATABASE = "tracker_bench_caseload"
AUDIT_ACTION = "caseload"
"""The action ``care.caseload`` writes into each patient's audit trail (once per 30 min)."""

SYSTEM = Actor.system()


# --- timing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    label: str
    ms: list[float]

    @property
    def min_ms(self) -> float:
        return min(self.ms)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.ms)


def timed_runs(
    action: Callable[[], object],
    prepare: Callable[[], Any] = lambda: None,
    runs: int = RUNS,
    warmups: int = WARMUPS,
) -> list[float]:
    """Milliseconds of ``action()`` over ``runs`` runs after ``warmups``; ``prepare`` untimed."""
    times = []
    for index in range(warmups + runs):
        prepare()
        started = time.perf_counter()
        action()
        elapsed = time.perf_counter() - started
        if index >= warmups:
            times.append(elapsed * 1000)
    return times


def forget_views(engine: Engine) -> None:
    """Delete the caseload's "saw your summary" audit rows, so the next call writes them all."""
    with engine.begin() as connection:
        connection.execute(delete(AuditRow).where(AuditRow.action == AUDIT_ACTION))


# --- the caseload -----------------------------------------------------------------------------


def logs(end: dt.date) -> list[list[Entry]]:
    return [
        patient.three_year_entries(end, years=YEARS, seed=seed)
        for seed in range(1, DISTINCT_LOGS + 1)
    ]


def build(engine: Engine, end: dt.date, patient_logs: list[list[Entry]], patients: int) -> int:
    """Migrate, then store the therapist and the patients, ``BATCH`` per transaction; the
    therapist's id."""
    db.migrate(engine)
    therapist = accounts.create_user(
        engine, "therapist@bench.example", PASSWORD, Role.THERAPIST, "Bench Therapist"
    )
    password_hash = passwords.hash_password(PASSWORD)
    profile = patient.profile(end, years=YEARS)
    for first in range(0, patients, BATCH):
        with UnitOfWork(engine, write=True) as uow:
            for index in range(first, min(first + BATCH, patients)):
                user = uow.users.add(
                    f"patient{index:03d}@bench.example",
                    f"Patient {index:03d}",
                    password_hash,
                    Role.PATIENT,
                )
                uow.users.save_profile(user.id, profile)
                uow.entries.add_many(user.id, patient_logs[index % len(patient_logs)])
                uow.care.add_share(user.id, therapist.id, ShareStatus.ACTIVE)
            uow.commit()
    return therapist.id


def call_caseload(engine: Engine, therapist_id: int, end: dt.date, patients: int) -> None:
    rows = care.caseload(engine, SYSTEM, therapist_id, end)
    if len(rows) != patients:
        raise RuntimeError(f"the caseload has {len(rows)} rows, not {patients}")


SPLIT_PARTS: tuple[tuple[str, object, str], ...] = (
    ("daily sums", EntryRepository, "daily_sums_of"),
    ("histories", History, "from_sums"),
    ("last days", EntryRepository, "last_days"),
    ("audit views", CareRepository, "audit_views"),
    ("rows (guidance)", caseload_rows, "row"),
)
"""Parts of ``care.caseload`` timed on their own: the daily sums of every patient (the bulk of
the loading) and the histories built from them, the last day each logged, the audit check and
insert, and ``caseload.row`` for every patient (guidance, loss rate, sparkline)."""


@contextmanager
def split_clock() -> Iterator[dict[str, float]]:
    """Wraps the parts of ``SPLIT_PARTS`` to add their time (seconds) to the dict it yields."""
    spent = dict.fromkeys((label for label, _, _ in SPLIT_PARTS), 0.0)
    # As stored (a classmethod stays one when put back), and as called.
    originals = [
        (owner, name, inspect.getattr_static(owner, name)) for _, owner, name in SPLIT_PARTS
    ]

    def wrapped(label: str, function: Callable) -> Callable:
        def timed(*args: object, **kwargs: object) -> object:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] += time.perf_counter() - started

        return timed

    for label, owner, name in SPLIT_PARTS:
        setattr(owner, name, wrapped(label, getattr(owner, name)))
    try:
        yield spent
    finally:
        for owner, name, function in originals:
            setattr(owner, name, function)


def split(
    engine: Engine, therapist_id: int, end: dt.date, patients: int
) -> tuple[list[float], dict[str, float]]:
    """Times of ``care.caseload`` with no audit rows to write (ms), and the median ms of each
    part of it and of the rest (users, profiles, targets, plans, ticks, sorting, the
    transaction). The wrappers add a few microseconds to a call."""
    parts: dict[str, list[float]] = {label: [] for label, _, _ in SPLIT_PARTS}
    parts["rest"], totals = [], []
    with split_clock() as spent:
        for index in range(WARMUPS + RUNS):
            for label in spent:
                spent[label] = 0.0
            started = time.perf_counter()
            call_caseload(engine, therapist_id, end, patients)
            total = time.perf_counter() - started
            if index >= WARMUPS:
                for label, seconds in spent.items():
                    parts[label].append(seconds * 1000)
                parts["rest"].append((total - sum(spent.values())) * 1000)
                totals.append(total * 1000)
    medians = {label: statistics.median(values) for label, values in parts.items()}
    return totals, medians | {"total": statistics.median(totals)}


def profile(engine: Engine, therapist_id: int, end: dt.date, patients: int) -> str:
    """cProfile of one warm ``care.caseload`` call (no audit rows to write)."""
    call_caseload(engine, therapist_id, end, patients)
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        call_caseload(engine, therapist_id, end, patients)
    finally:
        profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    return "\n".join(
        [
            f"{stats.total_calls:,} calls in {stats.total_tt:.3f} s under the profiler.",
            "The tracker's functions by cumulative time:",
            *profile_table(stats, "cumulative", lambda file: file.startswith(TRACKER_DIR)),
            "Every function by its own time:",
            *profile_table(stats, "own", lambda file: True),
        ]
    )


def profile_table(stats: pstats.Stats, order: str, keep: Callable[[str], bool]) -> list[str]:
    """The top ``PROFILE_LINES`` functions of ``stats`` whose file ``keep`` accepts."""
    rows = []
    for (file, line, function), (_, calls, own, cumulative, _) in stats.stats.items():
        if keep(file):
            where = f"{Path(file).parent.name}/{Path(file).name}:{line} " if file != "~" else ""
            rows.append(
                (
                    cumulative if order == "cumulative" else own,
                    calls,
                    own,
                    cumulative,
                    where + function,
                )
            )
    rows.sort(reverse=True)
    lines = [f"  {'calls':>9} {'own s':>7} {'cum s':>7}  function"]
    lines += [
        f"  {calls:>9,} {own:>7.3f} {cumulative:>7.3f}  {name}"
        for _, calls, own, cumulative, name in rows[:PROFILE_LINES]
    ]
    return lines


# --- the page ---------------------------------------------------------------------------------


def open_caseload(therapist_id: int, patients: int) -> AppTest:
    """The app signed in as the therapist: app.py sends a therapist to the Caseload page."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    sign_in_as(at, therapist_id)
    at.run()
    return rendered(at, patients)


def rendered(at: AppTest, patients: int) -> AppTest:
    """``at`` after a check that the Caseload page ran to the end and counted every patient."""
    if at.exception:
        raise RuntimeError(f"Caseload: the page raised {at.exception[0].message}")
    titles = [element.value for element in at.title]
    if "Caseload" not in titles:
        raise RuntimeError(f"Caseload: the page did not render (titles {titles})")
    counted = f"{patients} of {patients} patients"
    if not any(counted in caption.value for caption in at.caption):
        raise RuntimeError(f"Caseload: no caption says {counted!r}")
    return at


def page_timings(
    engine: Engine, therapist_id: int, patients: int, clock: ScriptClock
) -> list[Timing]:
    """Reruns of the open Caseload page: quiet (no audit rows to write) and after forgetting
    the views (each rerun writes one audit row per patient); wall time, script thread, and
    the script thread less its ``care.caseload_view`` call."""
    os.environ["TRACKER_DATABASE_URL"] = engine.url.render_as_string(hide_password=False)
    at = open_caseload(therapist_id, patients)
    timings = []
    variants = (
        ("", lambda: None, RUNS, WARMUPS),
        (", audit writes", lambda: forget_views(engine), AUDIT_RUNS, AUDIT_WARMUPS),
    )
    with service_clock() as service_seconds:
        for label, prepare, runs, warmups in variants:
            scripts: list[float] = []
            outside: list[float] = []

            def rerun(scripts: list[float] = scripts, outside: list[float] = outside) -> None:
                clock.seconds.clear()
                service_seconds.clear()
                at.run()
                scripts.append(sum(clock.seconds) * 1000)
                outside.append((sum(clock.seconds) - sum(service_seconds)) * 1000)

            walls = timed_runs(rerun, prepare, runs, warmups)
            rendered(at, patients)
            timings.append(Timing(f"page at.run(){label}", walls))
            timings.append(Timing(f"page script thread{label}", scripts[warmups:]))
            if not label:
                timings.append(Timing("page less care.caseload_view", outside[warmups:]))
    dispose_app_engine()
    return timings


@contextmanager
def service_clock() -> Iterator[list[float]]:
    """Wraps ``care.caseload_view`` (the page's one read, through the module) to append the
    seconds of each call to the list it yields."""
    seconds: list[float] = []
    original = care.caseload_view

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            seconds.append(time.perf_counter() - started)

    care.caseload_view = timed
    try:
        yield seconds
    finally:
        care.caseload_view = original


def dispose_app_engine() -> None:
    """Close the app's pooled connections (``session.engine`` caches one engine per URL)."""
    from tracker.ui import session  # after TRACKER_DATABASE_URL is set; needs Streamlit

    session.engine().dispose()
    session._engine.clear()


# --- one database -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    database: str
    build_s: float
    timings: list[Timing]
    parts: dict[str, float]
    profiled: str


def measure(
    name: str,
    engine: Engine,
    end: dt.date,
    patient_logs: list[list[Entry]],
    patients: int,
    clock: ScriptClock,
    with_profile: bool,
) -> Result:
    started = time.perf_counter()
    therapist_id = build(engine, end, patient_logs, patients)
    build_s = time.perf_counter() - started

    def service_call() -> None:
        call_caseload(engine, therapist_id, end, patients)

    audited = timed_runs(service_call, lambda: forget_views(engine), AUDIT_RUNS, AUDIT_WARMUPS)
    quiet, parts = split(engine, therapist_id, end, patients)
    timings = [Timing("service", quiet), Timing("service, audit writes", audited)]
    profiled = profile(engine, therapist_id, end, patients) if with_profile else ""
    timings += page_timings(engine, therapist_id, patients, clock)
    return Result(name, build_s, timings, parts, profiled)


# --- the report -------------------------------------------------------------------------------

COLUMNS = (("database", 10), ("measurement", 32), ("min ms", 8), ("median ms", 9), ("aim", 9))
PART_COLUMNS = (
    ("database", 10),
    *((label, max(len(label), 9)) for label, _, _ in SPLIT_PARTS),
    ("rest", 7),
    ("total", 7),
)


def verdict(ms: float) -> str:
    return "met" if ms < AIM_MS else "MISSED"


def report(results: list[Result], skipped: str) -> None:
    for row in table.header(COLUMNS, left=2):
        print(row)
    for result in results:
        for timing in result.timings:
            aimed = timing.label.startswith(("service", "page at.run()"))
            print(
                table.line(
                    [
                        result.database,
                        timing.label,
                        f"{timing.min_ms:.1f}",
                        f"{timing.median_ms:.1f}",
                        verdict(timing.median_ms) if aimed else "",
                    ],
                    COLUMNS,
                    left=2,
                )
            )
    if skipped:
        print(f"PostgreSQL skipped: {skipped}")
    print()
    print("Where a warm care.caseload call spends its time (medians, ms):")
    for row in table.header(PART_COLUMNS):
        print(row)
    for result in results:
        cells = [result.database]
        cells += [f"{result.parts[label]:.1f}" for label, _, _ in SPLIT_PARTS]
        cells += [f"{result.parts['rest']:.1f}", f"{result.parts['total']:.1f}"]
        print(table.line(cells, PART_COLUMNS))
    print()
    pages = [
        (result.database, timing)
        for result in results
        for timing in result.timings
        if timing.label == "page at.run()"
    ]
    print(f"Aim: the caseload renders in under {AIM_MS:.0f} ms server-side (median):")
    for database, timing in pages:
        print(f"  {database}: page rerun {timing.median_ms:.1f} ms, {verdict(timing.median_ms)}")
    print()
    print(
        "service = care.caseload(engine, Actor.system(), therapist, today): one transaction of\n"
        "  bulk queries, then caseload.row (guidance, loss rate, 12-week sparkline) per patient;\n"
        "audit writes = the same after deleting the caseload's audit rows, so that the call\n"
        "  inserts one 'saw your summary' row per patient, as the first view in 30 minutes does;\n"
        "page at.run() = wall time of a rerun of the open Caseload page with AppTest (script\n"
        "  thread, then parsing its messages); page script thread = that rerun's script thread\n"
        "  alone: the server-side part (it includes compiling app.py and the page, which AppTest\n"
        "  does on every run and a live server once); page less care.caseload_view = the script\n"
        "  thread less its care.caseload call: the rest of the page (frame, invitations,\n"
        "  filters, the table and its serialisation);\n"
        "daily sums = EntryRepository.daily_sums_of (every patient's log summed in the\n"
        "  database); histories = History.from_sums for every patient;\n"
        "  last days = EntryRepository.last_days; audit views = the check for recent views;\n"
        "  rows = caseload.row for every patient; rest = users, profiles, targets, plans, ticks,\n"
        "  shares, sorting and the transaction itself."
    )
    for result in results:
        if result.profiled:
            print()
            print(
                f"cProfile of one warm care.caseload call on {result.database}"
                " (it slows Python code more than the database: read proportions):"
            )
            print(result.profiled.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=PATIENTS, help="patients (default 300)")
    arguments = parser.parse_args()
    patients = arguments.patients
    # A filter, not a level: Streamlit sets its loggers' levels again from its config.
    logging.getLogger(QUIET_LOGGER).addFilter(lambda record: record.levelno >= logging.ERROR)

    end = dt.date.today()  # the caseload and the page judge the week ending today
    started = time.perf_counter()
    patient_logs = logs(end)
    generate_s = time.perf_counter() - started
    per_patient = statistics.mean(len(log) for log in patient_logs)
    admin, postgres = postgres_admin()

    print(f"Caseload benchmark: one therapist, {patients} patients with a year of daily log")
    print(
        f"Python {platform.python_version()}, SQLAlchemy {sqlalchemy.__version__},"
        f" Streamlit {streamlit.__version__}, SQLite {sqlite3.sqlite_version},"
        f" PostgreSQL {postgres if admin else 'not reachable'},"
        f" {os.cpu_count()} CPUs ({platform.machine()})"
    )
    print(
        f"Patients: {YEARS} year to {end}, about {per_patient:,.0f} entries each"
        f" ({per_patient * patients:,.0f} in all); {DISTINCT_LOGS} distinct logs"
        f" (seeds 1-{DISTINCT_LOGS}, generated in {generate_s:.1f} s) shared out in turn"
    )
    print(
        f"Times: min and median of {RUNS} runs after {WARMUPS} warm-ups; with audit writes"
        f" {AUDIT_RUNS} runs after {AUDIT_WARMUPS}"
    )

    results = []
    with ScriptClock().installed() as clock:
        with sqlite_engine("tracker-bench-caseload-") as engine:
            results.append(measure("SQLite", engine, end, patient_logs, patients, clock, True))
        if admin is not None:
            try:
                with postgres_engine(admin, BENCH_DATABASE) as engine:
                    results.append(
                        measure("PostgreSQL", engine, end, patient_logs, patients, clock, False)
                    )
            finally:
                admin.dispose()
    print(
        "Built (migrate, sign-ups, bulk inserts, shares): "
        + ", ".join(f"{result.database} {result.build_s:.1f} s" for result in results)
    )
    print()
    report(results, "" if admin is not None else postgres)


if __name__ == "__main__":
    main()
