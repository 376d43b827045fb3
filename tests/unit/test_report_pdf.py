"""The clinician report's pure pieces: its layout, its words and its arithmetic, no database.

Layout is checked where it shows: with poppler's ``pdftotext -bbox``, every word must sit inside
the text block of the paper, however long the note a person typed.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import plotly.graph_objects as go
import pytest

from tests.conftest import require_or_skip
from tracker.domain import (
    Entry,
    Exercise,
    FunctionResult,
    FunctionTest,
    InvalidEntry,
    Kind,
    Note,
    Profile,
    RedFlagReport,
    Role,
    Sex,
    User,
)
from tracker.rules import medication
from tracker.rules.guidance import Status
from tracker.rules.history import History
from tracker.rules.targets import DEFAULT_TARGETS
from tracker.services.reports import report_filename
from tracker.units import WaterUnit, WeightUnit
from tracker.views.progress import build as build_progress
from tracker.views.report import content as report_content
from tracker.views.report import images, pdf, rows
from tracker.views.report.content import (
    ReportContent,
    check_period,
    notes_by,
)
from tracker.views.report.errors import ChromiumMissing, FontsMissing
from tracker.views.report.pdf import PAGE_MM, TEXT_WIDTH_MM, Paper

START = dt.date(2026, 9, 1)
END = dt.date(2026, 11, 24)
NOW = dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.UTC)
PT_PER_MM = 72 / 25.4


def report(**changes) -> ReportContent:
    """A report on a patient who logged nothing, with ``changes``."""
    history, profile = History(), Profile()
    base = ReportContent(
        patient=User(7, "ana@example.com", "Ana", Role.PATIENT),
        profile=profile,
        start=START,
        end=END,
        generated_at=NOW,
        generated_by="Ana",
        glp1_start=None,
        progress=build_progress(history, profile, DEFAULT_TARGETS, START, END),
        figures=[],
        medication=medication.picture(history, END),
        doses=[],
        side_effects=[],
        pain=[],
        red_flags=[],
        notes=[],
        plan=[],
        plan_last_week_pct=None,
    )
    return replace(base, **changes)


def note(body: str, created: dt.datetime = NOW) -> Note:
    return Note(1, 7, 2, "Sam", body, created)


def words(data: bytes, tmp_path: Path) -> list[tuple[float, float, float, str]]:
    """(page width, left, right, word) of every word, in points, as poppler places them."""
    if shutil.which("pdftotext") is None:
        require_or_skip("pdftotext is missing (apt-get install poppler-utils)")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    found, width = [], 0.0
    for line in xhtml.splitlines():
        if page := re.search(r'<page width="([\d.]+)"', line):
            width = float(page.group(1))
        elif word := re.search(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', line):
            text = re.sub(r"<[^>]+>", "", line).strip()
            found.append((width, float(word.group(1)), float(word.group(2)), text))
    return found


def assert_within_text_block(placed, paper: Paper) -> None:
    side_pt = (PAGE_MM[paper][0] - TEXT_WIDTH_MM) / 2 * PT_PER_MM
    for width, left, right, text in placed:
        assert left >= side_pt - 0.5, text
        assert right <= width - side_pt + 0.5, text


# --- layout ---------------------------------------------------------------------------------

LONG_NOTE = (
    "See https://example.org/"
    + "very-long-path-" * 20
    + " for the protocol.\n\n"
    + "Hip thrusts twice a week, clamshells daily, and walk after meals. " * 55
).strip()


@pytest.mark.parametrize("paper", list(Paper))
def test_a_very_long_note_wraps_inside_the_margins_over_pages(tmp_path, paper):
    assert len(LONG_NOTE) <= 4000  # the longest note a therapist can write
    data = pdf.render(report(notes=[note(LONG_NOTE)]), [], paper)
    placed = words(data, tmp_path)
    assert_within_text_block(placed, paper)
    text = " ".join(word for *_, word in placed)
    assert "protocol." in text and text.count("clamshells") == 55


def test_a_log_note_full_of_line_breaks_stays_one_table_row(tmp_path):
    typed = "Worse after the long drive\n" * 18  # within the 500 characters a note holds
    pain = Entry(Kind.PAIN, END, 6, label="left_buttock", note=typed, tags=("sitting",))
    data = pdf.render(report(pain=[pain]), [], Paper.A4)
    placed = words(data, tmp_path)
    assert_within_text_block(placed, Paper.A4)
    assert sum(1 for *_, word in placed if word == "drive") == 18


def test_columns_fill_the_table_and_keep_short_cells_and_status_words_whole():
    table = rows.Table(
        ("Date", "Status", "Why"),
        [
            ("23 Nov 2026", rows.Marked("Not enough data", Status.UNKNOWN), "word " * 80),
            ("1 Dec 2026", "ok", "x" * 400),  # one "word" wider than the table
        ],
    )
    document = pdf._Document(Paper.A4, ("Ana", "period"), "foot")
    widths = pdf.column_widths(document, table, TEXT_WIDTH_MM, pdf.TABLE_PT)
    assert sum(widths) == pytest.approx(TEXT_WIDTH_MM)
    document.set_font(pdf.FONT, "", pdf.TABLE_PT)
    padding = 2 * pdf.CELL_PADDING_MM[1]
    assert widths[0] >= document.get_string_width("23 Nov 2026") + padding
    assert widths[1] >= document.get_string_width("Not enough data") + padding
    assert widths[2] > widths[0] + widths[1]


def test_a_cell_holds_one_line_of_text_and_at_most_its_share():
    assert pdf.cell_text("two\nlines  and\ttabs") == "two lines and tabs"
    capped = pdf.cell_text("a" * 2000)
    assert len(capped) == pdf.CELL_MAX_CHARS and capped.endswith("…")


def test_a_report_with_nothing_logged_is_short_and_says_so(tmp_path):
    data = pdf.render(report(), [], Paper.LETTER)
    text = " ".join(word for *_, word in words(data, tmp_path))
    assert "Nothing was logged from 1 Sep 2026 to 24 Nov 2026." in text
    assert "Nothing to chart in this period." in text
    assert "Page 1 of" in text


def test_missing_fonts_say_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "FONT_DIR", tmp_path)
    with pytest.raises(FontsMissing, match="apt-get install fonts-dejavu-core"):
        pdf.render(report(), [], Paper.A4)


def test_paper_names_are_read_in_any_case():
    assert Paper("letter") is Paper("LETTER") is Paper.LETTER
    assert Paper(" a4 ") is Paper.A4
    with pytest.raises(ValueError):
        Paper("A5")


def test_png_size_reads_the_header():
    header = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (2040).to_bytes(4, "big")
    assert pdf.png_size(header + (960).to_bytes(4, "big")) == (2040, 960)
    with pytest.raises(ValueError):
        pdf.png_size(b"GIF89a" + b"\x00" * 30)


# --- the browser ------------------------------------------------------------------------------


def test_a_missing_browser_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "chrome"))
    with pytest.raises(ChromiumMissing, match="BROWSER_PATH"):
        images.browser_path()
    monkeypatch.delenv("BROWSER_PATH")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(images, "DEBIAN_CHROMIUM", str(tmp_path / "chromium"))
    with pytest.raises(ChromiumMissing, match=r"apt-get install chromium.*BROWSER_PATH"):
        images.browser_path()


def test_a_browser_that_will_not_start_says_what_to_install(monkeypatch, tmp_path):
    not_a_browser = tmp_path / "chromium"
    not_a_browser.write_text("#!/bin/sh\nexit 1\n")
    not_a_browser.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(not_a_browser))
    monkeypatch.setattr(images, "_browser", None)  # a browser another test started stays
    with pytest.raises(ChromiumMissing, match=r"did not start .*apt-get install chromium"):
        images.to_png([go.Figure()])
    assert images._browser is None  # the next report tries again


def test_a_figure_is_sized_for_print_without_being_changed():
    figure = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]), layout={"height": 240, "meta": "x"})
    spec, options = images.print_spec(figure)
    assert spec["layout"]["width"] == options["width"] == images.PRINT_WIDTH_PX
    assert options["height"] == round(240 * images.PRINT_HEIGHT_SHARE)
    assert options["scale"] == images.SCALE
    assert figure.layout.width is None and figure.layout.hovermode is None


# --- the words --------------------------------------------------------------------------------


def test_an_open_red_flag_is_marked_and_set_apart():
    seen_at = dt.datetime(2026, 9, 2, 10, 0, tzinfo=dt.UTC)
    flags = [
        RedFlagReport(1, START, None, "fall", "Sam", seen_at, note="on the stairs"),
        RedFlagReport(2, END, None, "dehydration"),
    ]
    table = rows.red_flags(report(red_flags=flags))
    assert table.highlighted == frozenset({1})
    assert table.rows[1][-1] == rows.Marked("Open", Status.ALERT)
    assert str(table.rows[0][-1]) == "Seen by Sam, 2 Sep 2026"
    assert table.rows[0][1] == "Pain after a fall. Patient's note: on the stairs"
    assert "fracture" in table.rows[0][2] and table.rows[0][3].startswith("Go to urgent care")


def test_side_effects_count_each_day_once_at_its_worst_grade():
    day = dt.date(2026, 10, 1)
    logged = [
        Entry(Kind.SIDE_EFFECT, day, 1, label="nausea"),
        Entry(Kind.SIDE_EFFECT, day, 3, label="nausea"),  # the same day, worse later
        Entry(Kind.SIDE_EFFECT, day + dt.timedelta(days=1), 2, label="nausea"),
        Entry(Kind.SIDE_EFFECT, day, 0, label="fatigue"),
    ]
    table = rows.side_effects(report(side_effects=logged))
    assert table.headings == ("Side effect", "Days", "Mild", "Moderate", "Severe", "First", "Last")
    assert table.rows == [
        ("Nausea", "2", "–", "1", "1", "1 Oct 2026", "2 Oct 2026"),
        ("Fatigue", "1", "–", "–", "–", "1 Oct 2026", "1 Oct 2026"),
    ]


def test_weights_in_the_summary_follow_the_patients_unit():
    history = History(weights=[(START, 100.0), (END - dt.timedelta(days=20), 95.0), (END, 90.0)])
    profile = Profile(weight_unit=WeightUnit.LB, water_unit=WaterUnit.FL_OZ)
    view = build_progress(history, profile, DEFAULT_TARGETS, START, END)
    summary = dict(rows.summary(report(profile=profile, progress=view)))
    lost = summary["Lost since start"]
    assert re.fullmatch(r"[\d.]+ lb \([\d.]+ %\), from the first weigh-in on 1 Sep 2026", lost)
    assert summary[f"Trend weight on {report_content.day_text(END)}"].endswith(" lb")
    assert summary["Units"] == "weights in lb, water in fl oz, lengths in in"
    assert " kg" not in " ".join(summary.values())


# --- strength and function -------------------------------------------------------------------

WEEK = dt.timedelta(days=7)
WOMAN_62 = Profile(birth_year=1964, sex=Sex.FEMALE)  # 62 in 2026


def lower_body(day: dt.date, squat_kg: float) -> Entry:
    return Entry(
        Kind.STRENGTH,
        day,
        40.0,
        label="lower",
        exercises=(
            Exercise("Back squat", 3, 5, squat_kg),  # Epley: x (1 + 5/30)
            Exercise("Hip thrust", 3, 8, squat_kg + 20),  # x (1 + 8/30)
            Exercise("Glute bridge", 3, 15),  # body weight: reps
            Exercise("Bench press", 3, 5, 60.0),  # upper body: not compared
        ),
    )


# Baseline: the first 4 logged weeks (no medicine), 100 kg; the last 4 weeks, 88 then 90 kg.
LIFTS = [
    lower_body(START - 10 * WEEK, 100.0),
    lower_body(START - 9 * WEEK, 100.0),
    lower_body(END - WEEK, 88.0),
    lower_body(END, 90.0),
]

TESTS = [
    Entry(Kind.CHAIR_STAND_30S, START + WEEK, 10.0, label="home"),
    Entry(Kind.GRIP_STRENGTH, START + WEEK, 17.0, label="clinic"),
    Entry(Kind.GAIT_SPEED, START + 2 * WEEK, 1.05, label="clinic"),
    Entry(Kind.SIT_TO_STAND_5X, START + 2 * WEEK, 16.2),  # where: not said
    Entry(Kind.GRIP_STRENGTH, END, 11.5, label="clinic"),
]
EARLIER = [FunctionResult(FunctionTest.CHAIR_STAND_30S, START - WEEK, 14.0)]
SARC_F = [
    Entry(Kind.SARC_F, START - WEEK, 2.0, label="S1 A0 R1 C0 F0"),
    Entry(Kind.SARC_F, END, 5.0, label="S2 A1 R1 C1 F0"),
]


def muscle_report(profile: Profile = WOMAN_62) -> ReportContent:
    kept = History.from_entries(LIFTS).strength_kept(END, profile)
    return report(
        profile=profile,
        strength=kept,
        function_tests=TESTS,
        earlier_results=EARLIER,
        sarc_f=SARC_F,
    )


def texts(table: rows.Table) -> list[tuple[str, ...]]:
    return [tuple(str(cell) for cell in row) for row in table.rows]


def test_strength_kept_compares_each_main_lift_with_its_baseline():
    c = muscle_report()
    table = rows.strength_kept(c)
    assert table.headings == rows.STRENGTH_HEADINGS
    assert texts(table) == [
        # 100 x 7/6 = 116.67 kg; 90 x 7/6 = 105 kg
        ("Back squat", "estimated 1RM", "116.7 kg", "105 kg", "-10 %"),
        # 120 x 38/30 = 152 kg; 110 x 38/30 = 139.33 kg
        ("Hip thrust", "estimated 1RM", "152 kg", "139.3 kg", "-8.3 %"),
        ("Glute bridge", "reps, body weight", "15 reps", "15 reps", "0 %"),
    ]
    assert table.rows[0][-1] == rows.Marked("-10 %", Status.WATCH)
    summary = rows.strength_summary(c)
    assert summary.startswith("Median change -9.2 % (On track) in the estimated one-repetition")
    assert "the first 4 weeks of logged lifting (23 Jun 2026 to 20 Jul 2026, 2 sessions)" in summary
    assert "last 4 weeks (28 Oct 2026 to 24 Nov 2026, 2 sessions)" in summary


def test_strength_kept_against_the_weeks_before_the_medicine_in_pounds():
    profile = replace(WOMAN_62, weight_unit=WeightUnit.LB, glp1_start=START - 8 * WEEK)
    lifted = [*LIFTS, lower_body(START - 9 * WEEK - dt.timedelta(days=3), 100.0)]
    kept = History.from_entries(lifted).strength_kept(END, profile)
    c = report(profile=profile, strength=kept)
    assert texts(rows.strength_kept(c))[0] == (
        "Back squat",
        "estimated 1RM",
        "257.2 lb",  # 116.67 kg
        "231.5 lb",  # 105 kg
        "-10 %",
    )
    assert "against its best in the 4 weeks before the medicine" in rows.strength_summary(c)


def test_function_tests_read_against_their_reference_and_the_test_before():
    table = rows.function_results(muscle_report())
    assert table.headings == rows.FUNCTION_HEADINGS
    assert texts(table) == [
        (
            "8 Sep 2026",
            "30-second chair stand",
            "10 stands",
            "Home",
            "Fewer than 12 stands is below average for women 60–64 (CDC STEADI)",
            "Below the reference",
            # 14 on 25 Aug, before the period: 4 fewer is beyond the 2.5 the test varies by
            "-4 stands since 25 Aug 2026: a meaningful decline, beyond day-to-day variation",
        ),
        (
            "8 Sep 2026",
            "Grip strength",
            "17 kg",
            "Clinic",
            "Under 16 kg is low grip strength for women (EWGSOP2)",
            "Within the reference",
            "first result",
        ),
        (
            "15 Sep 2026",
            "Gait speed over 4 m",
            "1.05 m/s",
            "Clinic",
            "0.8 m/s or slower is low physical performance (EWGSOP2)",
            "Within the reference",
            "first result",
        ),
        (
            "15 Sep 2026",
            "Five times sit-to-stand",
            "16.2 s",
            "not said",
            "More than 15 s for five rises is low leg strength (EWGSOP2)",
            "Below the reference",
            "first result",
        ),
        (
            "24 Nov 2026",
            "Grip strength",
            "11.5 kg",
            "Clinic",
            "Under 16 kg is low grip strength for women (EWGSOP2)",
            "Below the reference",
            "-5.5 kg since 8 Sep 2026: a meaningful decline, beyond day-to-day variation",
        ),
    ]
    assert table.rows[0][5] == rows.Marked("Below the reference", Status.WATCH)
    assert table.rows[1][5] == rows.Marked("Within the reference", Status.OK)


def test_a_grip_in_pounds_keeps_the_kg_of_its_reference_beside_it():
    profile = replace(WOMAN_62, weight_unit=WeightUnit.LB)
    grips = texts(rows.function_results(muscle_report(profile)))
    assert grips[1][2] == "37.5 lb (17 kg)"
    assert grips[4][2] == "25.4 lb (11.5 kg)"
    assert grips[4][6].startswith("-12.1 lb since 8 Sep 2026")


def test_without_an_age_or_sex_a_result_is_not_judged_but_still_compared():
    table = rows.function_results(muscle_report(Profile()))
    chair = table.rows[0]
    assert str(chair[4]) == "The norm depends on age"
    assert chair[5] == rows.Marked("Not judged", Status.UNKNOWN)
    assert str(chair[6]).startswith("-4 stands since 25 Aug 2026")


def test_the_sarc_f_history_shows_each_answer_when_it_was_kept():
    c = muscle_report()
    logged = [*SARC_F, Entry(Kind.SARC_F, END, 3.0)]  # the score alone, answers not kept
    table = rows.sarc_f(replace(c, sarc_f=logged))
    assert table.headings == (
        "Date",
        "Score",
        "Strength",
        "Assistance in walking",
        "Rise from a chair",
        "Climb stairs",
        "Falls",
        "Against the line",
        "Change since the one before",
    )
    assert texts(table) == [
        ("25 Aug 2026", "2/10", "1", "0", "1", "0", "0", "Under the line", "first result"),
        (
            "24 Nov 2026",
            "5/10",
            "2",
            "1",
            "1",
            "1",
            "0",
            "At or over the line",
            "+3 points since 25 Aug 2026: now at or over the line",
        ),
        (
            "24 Nov 2026",
            "3/10",
            "–",
            "–",
            "–",
            "–",
            "–",
            "Under the line",
            "-2 points since 24 Nov 2026",
        ),
    ]
    assert table.rows[1][7] == rows.Marked("At or over the line", Status.ALERT)


def test_the_words_inform_and_never_diagnose():
    c = muscle_report()
    tables = [rows.strength_kept(c), rows.function_results(c), rows.sarc_f(c)]
    said = " ".join(str(cell) for table in tables for row in table.rows for cell in row)
    said += rows.strength_summary(c) + rows.function_sources(c)
    assert "sarcopenia" not in said.lower() and "you have" not in said.lower()
    assert "not a diagnosis" in rows.sarc_f_intro()


def test_the_pdf_has_a_strength_and_function_section(tmp_path):
    placed = words(pdf.render(muscle_report(), [], Paper.A4), tmp_path)
    assert_within_text_block(placed, Paper.A4)
    text = " ".join(word for *_, word in placed)
    assert "Strength and function" in text
    assert "Strength kept on 24 Nov 2026: main leg and glute lifts" in text
    assert "Median change -9.2 %" in text
    for shown in ("Back squat", "116.7 kg", "139.3 kg", "-8.3 %"):
        assert shown in text
    assert "Function tests in the period" in text
    for shown in ("30-second chair stand", "10 stands", "Home", "Clinic", "(CDC STEADI)"):
        assert shown in text
    assert "Below the reference" in text and "Within the reference" in text
    assert "a meaningful decline" in text
    assert "SARC-F up to 24 Nov 2026" in text and "5/10" in text
    assert text.index("Strength and function") < text.index("Doses in the period")


def test_a_report_without_lifts_or_tests_says_what_is_missing(tmp_path):
    text = " ".join(word for *_, word in words(pdf.render(report(), [], Paper.A4), tmp_path))
    assert "Not enough lifting logged to compare." in text
    assert "No chair stand, sit-to-stand, grip or gait speed test in this period." in text
    assert "No SARC-F questionnaire answered." in text


# --- the arithmetic ---------------------------------------------------------------------------


def test_a_note_counts_until_its_day_has_ended_everywhere():
    end = dt.date(2026, 11, 24)
    late_utc = dt.datetime(2026, 11, 25, 11, 59, tzinfo=dt.UTC)  # 23:59 on the 24th at UTC-12
    next_day = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
    kept = notes_by([note("late", late_utc), note("next", next_day)], end)
    assert [n.body for n in kept] == ["late"]


def test_a_period_must_run_forwards_and_not_into_the_future():
    today = dt.date(2026, 11, 25)
    check_period(START, today + dt.timedelta(days=1), today)  # the server's tomorrow is fine
    with pytest.raises(InvalidEntry, match="after it ends") as refused:
        check_period(END, START, today)
    assert refused.value.field == "start"
    with pytest.raises(InvalidEntry, match="in the future"):
        check_period(START, today + dt.timedelta(days=2), today)
    with pytest.raises(InvalidEntry, match="at most 10 years"):
        check_period(dt.date(202, 1, 1), END, today)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Maria (demo)", "report-maria-demo-2026-09-01-to-2026-11-24.pdf"),
        ("maria.lopez@example.com", "report-maria-lopez-2026-09-01-to-2026-11-24.pdf"),
        ("Zoë Łukasiewicz 王", "report-zoe-lukasiewicz-2026-09-01-to-2026-11-24.pdf"),
        ("王芳", "report-2026-09-01-to-2026-11-24.pdf"),
        ("../../etc/passwd", "report-etc-passwd-2026-09-01-to-2026-11-24.pdf"),
    ],
)
def test_the_file_name_is_safe_to_save(name, expected):
    assert report_filename(name, START, END) == expected
