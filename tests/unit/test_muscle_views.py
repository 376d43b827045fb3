"""Strength and function as the pages show them: the Muscle kept card, the caseload's column and
order, the Progress chart and its sentence, the table of tests, and when a check is due."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tracker.domain import (
    Entry,
    Exercise,
    FunctionResult,
    FunctionTest,
    Kind,
    Profile,
    Role,
    Sex,
    User,
)
from tracker.rules import function_tests, guidance
from tracker.rules.guidance import Finding, Status
from tracker.rules.history import History
from tracker.rules.targets import DEFAULT_TARGETS
from tracker.units import WeightUnit
from tracker.views import caseload, chart_words, charts, muscle, progress
from tracker.views.findings import muscle_kept

ON = dt.date(2026, 6, 30)


def finding(code: str, status: Status, value: float | None = None) -> Finding:
    return Finding(code, status, value, None, "", "", f"{code} is {status}", "source")


# --- the Muscle kept card ------------------------------------------------------------------------


def test_the_card_reads_lean_share_when_readings_can_tell_it():
    kept = muscle_kept(
        [
            finding("lean_share", Status.OK),
            finding("strength_kept", Status.ALERT, -25.0),
            finding("function", Status.WATCH),
        ]
    )
    assert (kept.status, [f.code for f in kept.findings]) == (Status.OK, ["lean_share"])
    assert "body-composition readings" in kept.read_from


def test_without_readings_the_card_reads_strength_and_function_and_says_so():
    kept = muscle_kept(
        [
            finding("lean_share", Status.UNKNOWN),
            finding("strength_kept", Status.OK, 2.0),
            finding("function", Status.WATCH),
        ]
    )
    assert kept.status is Status.WATCH  # the more pressing of the two
    assert kept.read_from.startswith("your leg and glute lifts and function tests")
    assert kept.message == "strength_kept is ok function is watch"
    only_lifts = muscle_kept(
        [finding("lean_share", Status.UNKNOWN), finding("strength_kept", Status.OK, 0.0)]
    )
    assert only_lifts.read_from.startswith("your leg and glute lifts (no body-composition")


def test_with_nothing_to_read_the_card_says_what_to_log():
    kept = muscle_kept([finding(code, Status.UNKNOWN) for code in guidance.CODES])
    assert (kept.status, kept.read_from) == (Status.UNKNOWN, "")
    assert "chair stand" in kept.message and "lifts" in kept.message


# --- the caseload --------------------------------------------------------------------------------


def row(name: str, findings: list[Finding], silent: int) -> caseload.CaseloadRow:
    return caseload.CaseloadRow(
        patient=User(len(name), f"{name}@example.com", name, Role.PATIENT),
        findings=findings,
        worst=guidance.worst(findings),
        days_since_log=silent,
        loss_pct_per_week=None,
        protein_g_per_kg=None,
        strength_sessions=0,
        adherence_pct=None,
        trend_kg=[],
        muscle=caseload.muscle_words(findings),
    )


def test_a_patient_whose_strength_falls_sorts_above_others_of_the_same_status():
    quiet = row("Ann", [finding("hydration", Status.WATCH)], silent=9)
    falling = row("Bea", [finding("strength_kept", Status.WATCH, -12.4)], silent=0)
    alert = row("Cal", [finding("loss_rate", Status.ALERT)], silent=0)
    assert [r.patient.display_name for r in caseload.ordered([quiet, falling, alert])] == [
        "Cal",
        "Bea",
        "Ann",
    ]
    assert falling.muscle_falling and not quiet.muscle_falling


@pytest.mark.parametrize(
    "findings, words",
    [
        ([finding("strength_kept", Status.WATCH, -12.4)], "strength −12 %"),
        (
            [finding("strength_kept", Status.OK, 3.2), finding("function", Status.ALERT, 5)],
            "strength +3 %, tests act now",
        ),
        ([finding("strength_kept", Status.UNKNOWN), finding("function", Status.UNKNOWN)], ""),
    ],
)
def test_the_caseload_says_strength_and_function_in_a_few_words(findings, words):
    assert caseload.muscle_words(findings) == words


# --- the chart, its sentence and the tests table ------------------------------------------------


def lifts_log() -> list[Entry]:
    entries = []
    for week in range(12):
        day = ON - dt.timedelta(days=7 * (11 - week))
        entries.append(Entry(Kind.WEIGHT, day, 90.0 - 0.5 * week))
        entries.append(
            Entry(
                Kind.STRENGTH,
                day,
                40,
                label="glutes",
                exercises=(Exercise("Hip thrust", 3, 8, 60.0 - week), Exercise("Plank", 3, 1)),
            )
        )
    return entries


def build(entries: list[Entry], profile: Profile) -> progress.Progress:
    history = History.from_entries(entries)
    return progress.build(history, profile, DEFAULT_TARGETS, ON - dt.timedelta(days=83), ON)


def test_the_chart_draws_the_lifts_and_each_test_against_its_reference_in_pounds():
    profile = Profile(weight_unit=WeightUnit.LB, birth_year=1960, sex=Sex.FEMALE)
    entries = [
        *lifts_log(),
        Entry(Kind.CHAIR_STAND_30S, ON - dt.timedelta(days=60), 13),
        Entry(Kind.CHAIR_STAND_30S, ON, 10),
        Entry(Kind.GRIP_STRENGTH, ON, 20.0),
    ]
    p = build(entries, profile)
    fig = charts.figure(p, charts.MUSCLE_KEY)
    lifts, stands, grip = fig.data
    assert lifts.name == "Hip thrust"  # the plank is no leg lift
    assert lifts.y[0] == pytest.approx(60.0 * (1 + 8 / 30) / 0.45359237)
    assert list(stands.y) == [13, 10] and list(stands.marker.color) == [
        charts.OK,
        charts.ALERT,
    ]  # 66 in 2026: fewer than 11 stands is below average for women 65-69
    assert grip.y[0] == pytest.approx(20.0 / 0.45359237)
    lines = sorted(shape.y0 for shape in fig.layout.shapes)
    assert lines == pytest.approx([11.0, 16.0 / 0.45359237])
    titles = [note.text for note in fig.layout.annotations if note.yref == "paper"]
    assert titles == [
        "Estimated max, legs and glutes (lb)",
        "30-second chair stand (stands)",
        "Grip strength (lb)",
    ]
    words = chart_words.summary(p, charts.MUSCLE_KEY)
    assert "30-second chair stand: 13 stands, 10 stands, 1 below the reference" in words
    assert words.startswith("Strength and function: Hip thrust estimated max 167.6 lb")


def test_no_lifts_and_no_tests_no_chart():
    assert charts.figure(build([Entry(Kind.WEIGHT, ON, 80.0)], Profile()), "muscle") is None


def test_the_tests_table_reads_each_result_and_its_change():
    profile = Profile(birth_year=1960, sex=Sex.MALE)
    entries = [
        Entry(Kind.SARC_F, ON, 5, label="S1 A1 R1 C1 F1"),
        Entry(Kind.CHAIR_STAND_30S, ON, 9, label="clinic"),
        Entry(Kind.CHAIR_STAND_30S, ON - dt.timedelta(days=28), 13, label="home"),
    ]
    table = muscle.test_table(entries, profile)
    assert list(table["Result"]) == ["5/10 (S1 A1 R1 C1 F1)", "9 stands", "13 stands"]
    assert list(table["Where"]) == ["", "clinic", "home"]
    assert table.iloc[1]["Against the reference"].startswith("below: fewer than 12 stands")
    assert table.iloc[1]["Since the last"] == "−4 stands (a meaningful decline)"
    assert table.iloc[2]["Since the last"] == ""


# --- when a check is due --------------------------------------------------------------------------


def test_the_chair_stand_and_sarc_f_are_due_at_the_start_and_every_four_weeks():
    assert function_tests.due([], ON) == function_tests.ROUTINE
    done = [
        FunctionResult(FunctionTest.CHAIR_STAND_30S, ON - dt.timedelta(days=27), 12),
        FunctionResult(FunctionTest.SARC_F, ON - dt.timedelta(days=28), 1),
        FunctionResult(FunctionTest.GRIP, ON, 30.0),
    ]
    assert function_tests.due(done, ON) == (FunctionTest.SARC_F,)
    # A result after the day asked about is not looked at.
    later = [FunctionResult(FunctionTest.SARC_F, ON + dt.timedelta(days=1), 1)]
    assert FunctionTest.SARC_F in function_tests.due(later, ON)


def test_the_log_says_where_a_test_was_done_and_keeps_the_answers_as_written():
    from tracker.views import display

    clinic = Entry(Kind.CHAIR_STAND_30S, ON, 12, label="clinic")
    answers = Entry(Kind.SARC_F, ON, 3, label="S1 A0 R1 C1 F0")
    assert display.detail(clinic, Profile()) == "in clinic"
    assert display.detail(answers, Profile()) == "S1 A0 R1 C1 F0"
    assert display.value_text(Kind.SARC_F, 3, Profile()) == "3/10"
    assert display.value_text(Kind.GAIT_SPEED, 1.1, Profile()) == "1.1 m/s"


def test_strength_is_also_read_per_kg_of_body_weight():
    entries = lifts_log()  # hip thrust 60 kg x 8 falling 1 kg a week; weight 90 kg down 0.5
    p = build(entries, Profile())
    lifts = p.lifts
    first = lifts.iloc[0]
    assert first["per_kg"] == pytest.approx(first["estimate_kg"] / 90.0, rel=0.01)
    fig = charts.figure(p, charts.MUSCLE_KEY)
    assert "× body weight" in fig.data[0].hovertemplate
    assert list(fig.data[0].customdata) == pytest.approx(list(lifts["per_kg"]))
    history = History.from_entries(entries)
    findings = {f.code: f for f in guidance.assess(history, Profile(), DEFAULT_TARGETS, ON)}
    kept = findings["strength_kept"]
    # Hip thrust: 60 kg x 8 in the first 4 weeks, 52 kg x 8 in the last: -13.3 %; the weight
    # fell too, so per kg of body weight the drop is smaller.
    assert (kept.status, kept.value) == (Status.WATCH, -13.3)
    assert "Per kg of body weight" in kept.note
    per_kg = float(re.search(r"that is ([+−-]?[\d.]+) %", kept.note).group(1))
    assert -13.3 < per_kg < 0
