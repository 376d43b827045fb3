"""The core benchmark: three years of one patient, loaded, assessed and imported.

    .venv/bin/python -m bench.core

Runs on SQLite (a temporary file) and on PostgreSQL when it answers at
``TRACKER_BENCH_POSTGRES_URL`` (default: the local server as ``postgres``), in a database
``tracker_bench`` that it creates and drops. It prints figures; it asserts nothing.
"""

from __future__ import annotations

import os

# Before tracker is imported: sign-ups in the benchmark should not spend time on Argon2.
os.environ["TRACKER_ARGON2_PROFILE"] = "CHEAPEST"

import datetime as dt
import itertools
import platform
import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy
from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Time,
    insert,
)

from bench import patient, table
from bench.databases import postgres_admin, postgres_engine, sqlite_engine
from tracker.domain import Entry, Role
from tracker.formats import entries_csv
from tracker.rules import guidance
from tracker.services import accounts, assessment, logbook
from tracker.services.access import Actor
from tracker.store import db
from tracker.store.unit_of_work import UnitOfWork

POSTGRES_URL_ENV = "TRACKER_BENCH_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BENCH_DATABASE = "tracker_bench"

WARMUPS = 2
RUNS = 15
IMPORT_RUNS = 3
PASSWORD = "benchmark-password"

AIM_ASSESSMENT_MS = 100.0
AIM_IMPORT_ROWS_PER_S = 50_000.0

SYSTEM = Actor.system()
_emails = itertools.count(1)


@dataclass(frozen=True)
class Figures:
    database: str
    load_ms: float
    assess_ms: float
    rules_ms: float
    import_rows_s: float
    floor_rows_s: float
    parse_rows_s: float


# --- timing ---------------------------------------------------------------------------------


def median_seconds(
    action: Callable[[Any], object],
    runs: int,
    warmups: int = 0,
    prepare: Callable[[], Any] = lambda: None,
) -> float:
    """Median wall time of ``action(prepare())``; ``prepare`` runs outside the timer."""
    times = []
    for index in range(warmups + runs):
        prepared = prepare()
        started = time.perf_counter()
        action(prepared)
        elapsed = time.perf_counter() - started
        if index >= warmups:
            times.append(elapsed)
    return statistics.median(times)


# --- the measurements -----------------------------------------------------------------------


def new_patient(engine: Engine, end: dt.date) -> int:
    user = accounts.create_user(
        engine, f"patient{next(_emails)}@bench.example", PASSWORD, role=Role.PATIENT
    )
    accounts.update_profile(engine, SYSTEM, user.id, patient.profile(end))
    return user.id


def store(engine: Engine, user_id: int, entries: list[Entry]) -> None:
    with UnitOfWork(engine, write=True) as uow:
        uow.entries.add_many(user_id, entries)
        uow.commit()


def floor_rows(entries: list[Entry]) -> list[dict]:
    """One plain row per entries-CSV data row (an entry, or one of a session's exercises)."""
    now = dt.datetime.now(dt.UTC)
    rows = []
    for entry in entries:
        common = {"user_id": 1, "day": entry.day, "time": entry.time, "created_at": now}
        rows.append(common | {"value": entry.value, "label": entry.label, "note": entry.note})
        rows.extend(
            common | {"value": item.load_kg, "label": f"{item.sets}x{item.reps}", "note": item.name}
            for item in entry.exercises
        )
    return rows


def floor_table() -> Table:
    """A table shaped like one entries table, with no index and no foreign key."""
    return Table(
        "bench_floor",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("user_id", Integer),
        Column("day", Date),
        Column("time", Time),
        Column("value", Float),
        Column("label", String(32)),
        Column("note", Text),
        Column("created_at", DateTime(timezone=True)),
    )


def floor_seconds(engine: Engine, rows: list[dict]) -> float:
    """Median time of a bare Core executemany of ``rows`` in one transaction."""
    floor = floor_table()

    def prepare() -> None:
        floor.drop(engine, checkfirst=True)
        floor.create(engine)

    def insert_all(_: None) -> None:
        with engine.begin() as connection:
            connection.execute(insert(floor), rows)

    try:
        return median_seconds(insert_all, IMPORT_RUNS, prepare=prepare)
    finally:
        floor.drop(engine, checkfirst=True)


def measure(
    name: str, engine: Engine, end: dt.date, entries: list[Entry], csv_text: str
) -> Figures:
    db.migrate(engine)
    user_id = new_patient(engine, end)
    store(engine, user_id, entries)

    load_s = median_seconds(
        lambda _: assessment.load_assessment(engine, SYSTEM, user_id, until=end), RUNS, WARMUPS
    )
    assess_s = median_seconds(
        lambda _: assessment.assess(engine, SYSTEM, user_id, on=end), RUNS, WARMUPS
    )
    rules_s = median_seconds(
        lambda loaded: guidance.assess(loaded.history, loaded.profile, loaded.targets, end),
        RUNS,
        WARMUPS,
        prepare=lambda: assessment.load_assessment(engine, SYSTEM, user_id, until=end),
    )

    csv_rows = csv_text.count("\n") - 1
    import_s = median_seconds(
        lambda patient_id: logbook.import_entries(engine, SYSTEM, patient_id, csv_text),
        IMPORT_RUNS,
        prepare=lambda: new_patient(engine, end),
    )
    floor_s = floor_seconds(engine, floor_rows(entries))
    parse_s = median_seconds(lambda _: entries_csv.read(csv_text, today=end), IMPORT_RUNS)
    return Figures(
        database=name,
        load_ms=load_s * 1000,
        assess_ms=assess_s * 1000,
        rules_ms=rules_s * 1000,
        import_rows_s=csv_rows / import_s,
        floor_rows_s=csv_rows / floor_s,
        parse_rows_s=csv_rows / parse_s,
    )


# --- the databases --------------------------------------------------------------------------


# --- the report -----------------------------------------------------------------------------

COLUMNS = (
    ("database", 10),
    ("history load ms", 15),
    ("assessment ms", 13),
    ("rules ms", 8),
    ("import rows/s", 13),
    ("floor rows/s", 12),
    ("parse rows/s", 12),
)


def figures_line(f: Figures) -> str:
    return table.line(
        [
            f.database,
            f"{f.load_ms:.1f}",
            f"{f.assess_ms:.1f}",
            f"{f.rules_ms:.2f}",
            f"{f.import_rows_s:,.0f}",
            f"{f.floor_rows_s:,.0f}",
            f"{f.parse_rows_s:,.0f}",
        ],
        COLUMNS,
    )


def aims_line(f: Figures) -> str:
    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    return (
        f"{f.database}: assessment {f.assess_ms:.1f} ms (aim < {AIM_ASSESSMENT_MS:.0f} ms,"
        f" {verdict(f.assess_ms < AIM_ASSESSMENT_MS)}); import {f.import_rows_s:,.0f} rows/s"
        f" (aim > {AIM_IMPORT_ROWS_PER_S:,.0f} rows/s,"
        f" {verdict(f.import_rows_s > AIM_IMPORT_ROWS_PER_S)})"
    )


def main() -> None:
    end = dt.date.today()  # import_entries validates against the real today
    years = 3
    entries = patient.three_year_entries(end, years=years)
    csv_text = entries_csv.write(entries)
    csv_rows = csv_text.count("\n") - 1
    admin, postgres = postgres_admin()

    print("Core benchmark: one patient's log, loaded, assessed and imported")
    print(
        f"Python {platform.python_version()}, SQLAlchemy {sqlalchemy.__version__},"
        f" SQLite {sqlite3.sqlite_version},"
        f" PostgreSQL {postgres if admin else 'not reachable'},"
        f" {os.cpu_count()} CPUs ({platform.machine()})"
    )
    print(
        f"Patient: {years} years to {end}, {len(entries):,} entries;"
        f" entries CSV {csv_rows:,} data rows, {len(csv_text) / 1024:,.0f} KiB"
    )
    print("  " + ", ".join(f"{n:,} {kind}" for kind, n in patient.counts(entries).items()))
    print(
        f"Medians: history, assessment and rules of {RUNS} runs after {WARMUPS} warm-ups;"
        f" import, floor and parse of {IMPORT_RUNS} runs"
    )
    print()

    results = []
    with sqlite_engine("tracker-bench-") as engine:
        results.append(measure("SQLite", engine, end, entries, csv_text))
    if admin is not None:
        try:
            with postgres_engine(admin, BENCH_DATABASE) as engine:
                results.append(measure("PostgreSQL", engine, end, entries, csv_text))
        finally:
            admin.dispose()

    print("\n".join(table.header(COLUMNS)))
    for figures in results:
        print(figures_line(figures))
    if admin is None:
        print(f"PostgreSQL skipped: {postgres}")
    print()
    print("Aims:")
    for figures in results:
        print("  " + aims_line(figures))
    print()
    print(
        "history load = assessment.load_assessment; assessment = assessment.assess (load + rules);"
        " rules = guidance.assess on a fresh History;\nimport = logbook.import_entries"
        " (parse + validate + insert); floor = bare Core executemany of as many rows into one"
        " plain table;\nparse = entries_csv.read alone (parse + validate, no database)."
    )


if __name__ == "__main__":
    main()
