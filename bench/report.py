"""How long the clinician report takes to make, split into its three steps.

    .venv/bin/python -m bench.report [--runs N]

The demo (seeded to end today) and the benchmark patient's three years of log go into a
temporary SQLite file, and into a PostgreSQL database ``tracker_bench_report`` when the server
answers at ``TRACKER_BENCH_POSTGRES_URL`` (default: the local server as ``postgres``), which
the script creates and drops. For Maria's last 12 weeks, Maria since her start, and the
benchmark patient since her start, it times the three steps of
``tracker.services.reports.clinician_report`` one by one: gathering (``reports.gather``: the access
check, the log, the Progress view and its figures, the medication picture), the chart images
(``images.to_png`` with Chromium already running) and the layout (``pdf.render`` on A4). The
first image call, which starts Chromium, is timed on its own. It prints figures; it asserts
nothing about them.
"""

from __future__ import annotations

import os

# Before tracker is imported: sign-ups in the benchmark should not spend time on Argon2.
os.environ["TRACKER_ARGON2_PROFILE"] = "CHEAPEST"

import argparse
import datetime as dt
import platform
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

from sqlalchemy import Engine

from bench import patient, table
from bench.databases import postgres_admin, postgres_engine, sqlite_engine
from tracker.domain import Role
from tracker.services import accounts, demo, logbook, reports
from tracker.services.access import Actor
from tracker.store import db
from tracker.store.unit_of_work import UnitOfWork
from tracker.views.report import images, pdf

RUNS = 5
WARMUPS = 1
BENCH_DATABASE = "tracker_bench_report"
PASSWORD = "benchmark-password"
SYSTEM = Actor.system()


@dataclass(frozen=True)
class Case:
    name: str
    patient_id: int
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Figures:
    database: str
    case: str
    days: int
    charts: int
    pages: int
    png_kib: float
    pdf_kib: float
    gather_ms: float
    images_ms: float
    layout_ms: float

    @property
    def total_ms(self) -> float:
        return self.gather_ms + self.images_ms + self.layout_ms


def median_ms(action: Callable[[], Any], runs: int, warmups: int = WARMUPS) -> tuple[float, Any]:
    """Median wall time of ``action()`` in ms, and what its last run returned."""
    times, result = [], None
    for index in range(warmups + runs):
        started = time.perf_counter()
        result = action()
        if index >= warmups:
            times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times), result


def cases(engine: Engine, end: dt.date) -> list[Case]:
    """Seed the demo and the three-year patient; the periods to report on."""
    db.migrate(engine)
    maria, _ = demo.seed(engine, end)
    user = accounts.create_user(engine, "report@bench.example", PASSWORD, Role.PATIENT)
    accounts.update_profile(engine, SYSTEM, user.id, patient.profile(end))
    with UnitOfWork(engine, write=True) as uow:
        uow.entries.add_many(user.id, patient.three_year_entries(end))
        uow.commit()
    maria_start = logbook.first_day(engine, SYSTEM, maria.id) or end
    twelve_weeks = end - dt.timedelta(weeks=12) + dt.timedelta(days=1)
    return [
        Case("Maria, 12 weeks", maria.id, twelve_weeks, end),
        Case("Maria, since start", maria.id, maria_start, end),
        Case("3-year patient, since start", user.id, patient.first_day(end), end),
    ]


def measure(database: str, engine: Engine, case: Case, runs: int) -> Figures:
    gather_ms, gathered = median_ms(
        lambda: reports.gather(engine, SYSTEM, case.patient_id, case.start, case.end), runs
    )
    images_ms, pngs = median_ms(lambda: images.to_png(gathered.figures), runs)
    layout_ms, document = median_ms(lambda: pdf.render(gathered, pngs, pdf.Paper.A4), runs)
    return Figures(
        database=database,
        case=case.name,
        days=gathered.days,
        charts=len(pngs),
        pages=len(re.findall(rb"/Type /Page(?!s)", document)),
        png_kib=sum(map(len, pngs)) / 1024,
        pdf_kib=len(document) / 1024,
        gather_ms=gather_ms,
        images_ms=images_ms,
        layout_ms=layout_ms,
    )


def browser_start_ms() -> float:
    """The first image call, which starts Chromium (one small figure)."""
    import plotly.graph_objects as go

    images.shutdown()
    started = time.perf_counter()
    images.to_png([go.Figure(go.Scatter(x=[0, 1], y=[0, 1]))])
    return 1000 * (time.perf_counter() - started)


COLUMNS = (
    ("database", 10),
    ("period", 28),
    ("days", 5),
    ("charts", 6),
    ("pages", 5),
    ("PNG KiB", 8),
    ("PDF KiB", 8),
    ("gather ms", 9),
    ("images ms", 9),
    ("layout ms", 9),
    ("total ms", 9),
)


def figures_line(f: Figures) -> str:
    return table.line(
        [
            f.database,
            f.case,
            str(f.days),
            str(f.charts),
            str(f.pages),
            f"{f.png_kib:,.0f}",
            f"{f.pdf_kib:,.0f}",
            f"{f.gather_ms:.0f}",
            f"{f.images_ms:.0f}",
            f"{f.layout_ms:.0f}",
            f"{f.total_ms:.0f}",
        ],
        COLUMNS,
        left=2,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS, help=f"timed runs (default {RUNS})")
    args = parser.parse_args()
    end = dt.date.today()  # the demo's log ends today, and a report may not end in the future
    admin, postgres = postgres_admin()

    print("Report benchmark: the clinician report, gathered, drawn and laid out")
    print(
        f"Python {platform.python_version()}, plotly {version('plotly')},"
        f" kaleido {version('kaleido')}, fpdf2 {version('fpdf2')},"
        f" Chromium at {images.browser_path()},"
        f" PostgreSQL {postgres if admin else 'not reachable'},"
        f" {os.cpu_count()} CPUs ({platform.machine()})"
    )
    print(
        f"Medians of {args.runs} runs after {WARMUPS} warm-up; images at"
        f" {images.PRINT_WIDTH_PX} px × {images.SCALE}, {images.TABS} browser tabs"
    )
    start_ms = browser_start_ms()
    print(f"Chromium start (first image call, one small figure): {start_ms:.0f} ms")
    print()

    results = []
    with sqlite_engine("tracker-bench-report-") as engine:
        results += [measure("SQLite", engine, case, args.runs) for case in cases(engine, end)]
    if admin is not None:
        try:
            with postgres_engine(admin, BENCH_DATABASE) as engine:
                results += [
                    measure("PostgreSQL", engine, case, args.runs) for case in cases(engine, end)
                ]
        finally:
            admin.dispose()
    images.shutdown()

    print("\n".join(table.header(COLUMNS, left=2)))
    for figures in results:
        print(figures_line(figures))
    if admin is None:
        print(f"PostgreSQL skipped: {postgres}")
    print()
    print(
        "gather = reports.gather (access, log, Progress view and figures, medication);"
        " images = images.to_png of\nthe figures, browser running; layout = pdf.render on A4."
        " A therapist's download adds one audit write."
    )


if __name__ == "__main__":
    main()
