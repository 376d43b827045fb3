"""The clinician report as a reader gets it: a real PDF, read back with poppler's tools.

The demo and two more patients go into one database per module (SQLite, and PostgreSQL when
it is there), and each report is rendered once for the whole module: drawing the charts with
Chromium is what takes the time.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.conftest import _empty_postgres, require_or_skip
from tracker.domain import (
    FUNCTION_KINDS,
    AccessDenied,
    Entry,
    FunctionResult,
    FunctionTest,
    InvalidEntry,
    Kind,
    Profile,
    Role,
)
from tracker.rules import function_tests
from tracker.rules.history import History
from tracker.rules.redflags import BY_CODE
from tracker.rules.targets import DEFAULT_TARGETS
from tracker.services import accounts, assessment, care, demo, logbook
from tracker.services.access import Actor
from tracker.services.reports import Paper, clinician_report
from tracker.store import db
from tracker.units import WaterUnit, WeightUnit, format_number
from tracker.views import charts, display
from tracker.views.progress import PeriodChoice, Progress
from tracker.views.progress import build as build_progress
from tracker.views.report import images
from tracker.views.report.content import day_text, period_text
from tracker.views.report.pdf import FALLBACK_FILES

TODAY = dt.date.today()
START = TODAY - dt.timedelta(weeks=12) + dt.timedelta(days=1)
PASSWORD = "a long enough password"
ZOE = "Zoë Łukasiewicz 王"
ZOE_NOTE = "Schmerz beim Sitzen, 座るときの痛み"
A4_PTS = "595.28 x 841.89 pts"
LETTER_PTS = "612 x 792 pts"

POPPLER = ("pdftotext", "pdfinfo", "pdfimages")


@dataclass(frozen=True)
class Read:
    """A rendered report as poppler reads it."""

    data: bytes
    pages: list[str]
    """Each page's text in the order it was drawn, whitespace made single spaces."""
    info: str
    images: int

    @property
    def text(self) -> str:
        return " ".join(self.pages)


def _tool(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def read(data: bytes, folder: Path, name: str) -> Read:
    path = folder / f"{name}.pdf"
    path.write_bytes(data)
    raw = _tool("pdftotext", "-raw", "-enc", "UTF-8", str(path), "-")
    pages = [" ".join(page.split()) for page in raw.split("\f")[:-1]]
    listing = _tool("pdfimages", "-list", str(path)).splitlines()[2:]
    count = sum(1 for line in listing if line.split()[2] == "image")
    return Read(data, pages, _tool("pdfinfo", str(path)), count)


@pytest.fixture(scope="module", autouse=True)
def tools() -> None:
    missing = [name for name in POPPLER if shutil.which(name) is None]
    if missing:
        require_or_skip(f"{', '.join(missing)} missing (apt-get install poppler-utils)")
    try:
        images.browser_path()
    except images.ChromiumMissing:
        require_or_skip("Chromium is not installed (apt-get install chromium)")


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def engine(request, tmp_path_factory) -> Iterator[Engine]:
    """One database for the module (the reports are slow to make; the data is only read)."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("report") / "tracker.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_database")
    engine = db.make_engine(url)
    yield engine
    engine.dispose()
    if request.param == "postgresql":
        _empty_postgres(url)


@dataclass(frozen=True)
class Cast:
    maria: object
    sam: object
    zoe: object
    outsider: object


def _zoe_entries() -> list[Entry]:
    entries = []
    for back in range(21):
        day = TODAY - dt.timedelta(days=back)
        entries += [
            Entry(Kind.WEIGHT, day, 95.0 - 0.1 * (20 - back), dt.time(7, 0)),
            Entry(Kind.WATER, day, 1500.0),
            Entry(Kind.PROTEIN, day, 30.0, label="lunch"),
        ]
    entries += [
        Entry(Kind.DOSE, TODAY - dt.timedelta(days=3), 5.0, label="tirzepatide", site="arm_left"),
        Entry(Kind.PAIN, TODAY - dt.timedelta(days=1), 4, label="hip", note=ZOE_NOTE),
        Entry(Kind.SIDE_EFFECT, TODAY - dt.timedelta(days=2), 2, label="nausea"),
        Entry(Kind.RED_FLAG, TODAY - dt.timedelta(days=1), 1, label="fall", note="on the ice"),
        Entry(Kind.RED_FLAG, TODAY - dt.timedelta(days=1), 0, label="infection"),
    ]
    return entries


@pytest.fixture(scope="module")
def cast(engine) -> Cast:
    maria, sam = demo.seed(engine, TODAY)
    zoe = accounts.create_user(engine, "zoe@example.com", PASSWORD, Role.PATIENT, ZOE)
    profile = Profile(weight_unit=WeightUnit.LB, water_unit=WaterUnit.FL_OZ, height_cm=170.0)
    accounts.update_profile(engine, Actor.of(zoe), zoe.id, profile)
    logbook.log_entries(engine, Actor.of(zoe), zoe.id, _zoe_entries())
    outsider = accounts.create_user(engine, "pt.other@example.com", PASSWORD, Role.THERAPIST)
    return Cast(maria, sam, zoe, outsider)


@pytest.fixture(scope="module")
def reports(engine, cast, tmp_path_factory) -> dict[str, Read]:
    """Maria's 12 weeks on A4 (by herself) and on Letter (by her therapist), Zoë's, and
    Maria's weeks before she logged anything."""
    folder = tmp_path_factory.mktemp("pdf")
    maria, sam = cast.maria, cast.sam
    first = logbook.first_day(engine, Actor.of(maria), maria.id)
    made = {
        "a4": clinician_report(engine, Actor.of(maria), maria.id, START, TODAY),
        "letter": clinician_report(
            engine, Actor.of(sam), maria.id, START, TODAY, paper=Paper.LETTER
        ),
        "zoe": clinician_report(engine, Actor.of(cast.zoe), cast.zoe.id, START, TODAY),
        "empty": clinician_report(
            engine,
            Actor.of(maria),
            maria.id,
            first - dt.timedelta(days=28),
            first - dt.timedelta(days=1),
        ),
    }
    return {name: read(data, folder, name) for name, data in made.items()}


@pytest.fixture(scope="module")
def progress(engine, cast) -> Progress:
    maria = cast.maria
    return assessment.progress(
        engine, Actor.of(maria), maria.id, PeriodChoice.CUSTOM, (START, TODAY), on=TODAY
    )


def _pages(read: Read) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", read.info, re.M).group(1))


# --- the document ---------------------------------------------------------------------------


@pytest.mark.parametrize("name, size", [("a4", A4_PTS), ("letter", LETTER_PTS)])
def test_the_report_is_a_multi_page_pdf_on_the_paper_chosen(reports, name, size):
    read = reports[name]
    assert read.data.startswith(b"%PDF-")
    pages = _pages(read)
    assert pages >= 4
    assert re.search(rf"^Page size:\s+{re.escape(size)}", read.info, re.M)
    assert len(read.pages) == pages


@pytest.mark.parametrize("name", ["a4", "letter", "zoe", "empty"])
def test_every_page_carries_the_period_and_its_page_number(reports, name):
    read = reports[name]
    total = len(read.pages)
    period = None
    for number, page in enumerate(read.pages, start=1):
        assert f"Page {number} of {total}" in page
        found = re.search(r"\d{1,2} \w{3} \d{4} to \d{1,2} \w{3} \d{4}", page)
        assert found is not None
        period = period or found.group(0)
        assert period in page
    if name in ("a4", "letter", "zoe"):
        assert period == period_text(START, TODAY)


def test_every_chart_of_the_progress_page_is_in_the_report(reports, progress):
    figures = charts.figures(progress)
    assert len(figures) >= 5
    assert reports["a4"].images >= len(figures)
    assert reports["letter"].images >= len(figures)


# --- what it says -----------------------------------------------------------------------------


def test_each_finding_reads_as_the_progress_page_shows_it(reports, progress):
    text = reports["a4"].text
    for finding in progress.findings:
        assert display.FINDING_NAMES[finding.code] in text
        assert display.STATUS_WORDS[finding.status] in text
        shown = display.finding_value(finding.code, finding.value, finding.unit)
        assert " ".join(shown.split()) in text, finding.code


def test_the_headline_numbers_are_in_the_summary(reports, progress):
    text = reports["a4"].text
    h = progress.headline
    unit = WeightUnit.KG
    assert display.weight_text(h.trend_kg, unit) in text
    assert f"{display.weight_text(h.lost_kg, unit)} ({format_number(h.lost_pct, 1)} %)" in text
    assert f"{format_number(h.rate_pct_per_week, 2)} % of body weight a week" in text
    assert f"{format_number(h.dose_mg, 3)} mg Wegovy" in text
    assert f"{h.weeks_on_dose} weeks on this dose" in text
    assert f"{h.days_logged} of {h.days_in_period} days" in text


def test_the_notes_plan_doses_and_symptoms_are_in_it(reports, engine, cast):
    text = reports["a4"].text
    maria = Actor.of(cast.maria)
    for note in care.notes(engine, maria, cast.maria.id):
        assert " ".join(note.body.split()) in text
        assert note.author_name in text
    for item in care.plan(engine, maria, cast.maria.id, TODAY).items:
        assert item.assigned_by_name in text
    for name in ("Hip thrust", "Clamshell", "Glute stretch (figure four)", "3 × 10"):
        assert name in text
    assert "Over the period:" in text
    assert "Wegovy step 5 of 5" in text
    assert "Nausea" in text and "Left buttock" in text
    assert "No red-flag symptoms reported in this period." in text


def test_an_empty_period_says_nothing_was_logged(reports):
    read = reports["empty"]
    assert "Nothing was logged from" in read.text
    assert "No side effects logged in this period." in read.text
    assert "No doses logged in this period." in read.text
    assert len(read.pages) <= 3


def test_strength_and_function_read_as_the_log_says(reports, engine, cast):
    text = reports["a4"].text
    maria = Actor.of(cast.maria)
    loaded = assessment.load_assessment(engine, maria, cast.maria.id, until=TODAY)
    profile = loaded.profile
    assert "Strength and function" in text
    assert f"Strength kept on {day_text(TODAY)}: main leg and glute lifts" in text
    kept = loaded.history.strength_kept(TODAY, profile)
    assert kept is not None, "the demo lifts before and after: a comparison to show"
    change = format_number(kept.change_pct, 1)
    assert f"Median change {'+' if kept.change_pct > 0 else ''}{change} %" in text
    for compared in kept.exercises:
        assert compared.exercise in text
    tests = logbook.list_entries(
        engine, maria, cast.maria.id, START, TODAY, sorted(FUNCTION_KINDS - {Kind.SARC_F})
    )
    assert tests, "the demo does function tests in the period"
    for entry in tests:
        result = FunctionResult(FunctionTest(entry.kind.value), entry.day, entry.value)
        judged = function_tests.evaluate(result, profile.birth_year, profile.sex)
        shown = f"{day_text(entry.day)} {function_tests.INFO[result.kind].name} "
        shown += display.value_text(entry.kind, entry.value, profile)
        assert shown in text
        assert judged.norm[1:] in text
    sarc_f = logbook.list_entries(engine, maria, cast.maria.id, None, TODAY, [Kind.SARC_F])
    assert f"SARC-F up to {day_text(TODAY)}" in text
    for entry in sarc_f:
        points = " ".join(str(p) for p in function_tests.answers_of(entry.label).values())
        assert f"{day_text(entry.day)} {entry.value:g}/10 {points}" in text


def test_without_lifts_or_tests_the_section_says_what_is_missing(reports):
    text = reports["zoe"].text
    assert "Not enough lifting logged to compare." in text
    assert "No chair stand, sit-to-stand, grip or gait speed test in this period." in text
    assert "No SARC-F questionnaire answered." in text


# --- who gets it --------------------------------------------------------------------------------


def test_a_therapist_without_a_share_is_refused(engine, cast):
    with pytest.raises(AccessDenied):
        clinician_report(engine, Actor.of(cast.outsider), cast.maria.id, START, TODAY)
    trail = care.audit_trail(engine, Actor.of(cast.maria), cast.maria.id)
    assert not [event for event in trail if event.actor_name == cast.outsider.display_name]


def test_a_therapists_report_is_in_the_patients_access_log_and_hers_is_not(reports, engine, cast):
    trail = care.audit_trail(engine, Actor.of(cast.maria), cast.maria.id)
    made = [event for event in trail if event.action == "report"]
    assert [(e.actor_name, e.detail) for e in made] == [
        (cast.sam.display_name, f"downloaded a report for {period_text(START, TODAY)}")
    ]


def test_a_start_after_the_end_or_an_end_in_the_future_is_refused(engine, cast):
    me = Actor.of(cast.maria)
    with pytest.raises(InvalidEntry, match="after it ends"):
        clinician_report(engine, me, cast.maria.id, TODAY, START)
    with pytest.raises(InvalidEntry, match="in the future"):
        clinician_report(engine, me, cast.maria.id, START, TODAY + dt.timedelta(days=30))


# --- names and units ----------------------------------------------------------------------------


def test_a_name_in_other_scripts_prints(reports):
    text = reports["zoe"].text
    if any(path.is_file() for path in FALLBACK_FILES):
        assert ZOE in text
        assert ZOE_NOTE in text
    else:  # without a CJK font only DejaVu's scripts print (install fonts-droid-fallback)
        assert "Zoë Łukasiewicz" in text


def test_a_patient_in_pounds_and_fluid_ounces_reads_pounds_and_fluid_ounces(reports, engine, cast):
    text = reports["zoe"].text
    assert "weights in lb, water in fl oz" in text
    zoe = cast.zoe
    view = assessment.progress(
        engine, Actor.of(zoe), zoe.id, PeriodChoice.CUSTOM, (START, TODAY), on=TODAY
    )
    assert display.weight_text(view.headline.trend_kg, WeightUnit.LB) in text
    # A cited source keeps the unit its cut-offs are published in (grip under 27 kg).
    for finding in view.findings:
        text = text.replace(" ".join(finding.source.split()), "")
    assert not re.search(r"\d kg(?!/)", text), "a weight in kg in a report in pounds"


def test_an_open_red_flag_leads_with_what_to_do(reports):
    text = reports["zoe"].text
    item = BY_CODE["fall"]
    assert "1 of these answers is not yet acknowledged" in text
    for words in (item.concern, item.action, item.source, "on the ice"):
        assert " ".join(words.split()) in text
    assert "Open red flags 1: see Red flags" in text
    assert text.index("Red flags") < text.index("Guidance on")


# --- the charts' browser ------------------------------------------------------------------------


def test_sessions_drawing_charts_at_once_each_get_their_own():
    history = History.from_entries(demo.patient_entries(TODAY))
    view = build_progress(history, demo.patient_profile(TODAY), DEFAULT_TARGETS, START, TODAY)
    figures = charts.figures(view)[:2]
    alone = images.to_png(figures)
    results: dict[int, list[bytes]] = {}

    def draw(index: int) -> None:
        results[index] = images.to_png(figures if index % 2 else figures[::-1])

    threads = [threading.Thread(target=draw, args=(index,)) for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results[1] == results[3] == alone
    assert results[0] == results[2] == alone[::-1]
