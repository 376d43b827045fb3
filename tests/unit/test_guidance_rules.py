"""Each guidance rule at its boundaries, with the expected status worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker import guidance
from tracker.guidance import Status
from tracker.history import LeanShare
from tracker.targets import DEFAULT_TARGETS
from tracker.trends import LossRate

T = DEFAULT_TARGETS
DAY = dt.date(2026, 3, 1)


def rate(pct: float) -> LossRate:
    return LossRate(pct * 0.8, pct, 20, DAY - dt.timedelta(days=27), DAY, 80.0)


@pytest.mark.parametrize(
    "pct, status",
    [
        (-0.8, "ok"),  # gaining: the pace of loss puts no muscle at risk
        (0.0, "ok"),
        (0.5, "ok"),
        (1.0, "ok"),  # exactly the 1.0 %/week ceiling of the ok band
        (1.01, "watch"),
        (1.5, "watch"),  # exactly the top of the watch band
        (1.51, "alert"),
        (2.4, "alert"),
    ],
)
def test_loss_rate_bands(pct, status):
    assert guidance.loss_rate(rate(pct), T).status == status


def test_loss_rate_unknown_without_a_rate():
    finding = guidance.loss_rate(None, T)
    assert finding.status is Status.UNKNOWN
    assert finding.value is None
    assert "Weigh in at least 4 times" in finding.message


def test_fast_loss_tells_the_patient_to_talk_to_the_prescriber():
    assert "talk to your prescriber about your dose" in guidance.loss_rate(rate(1.8), T).message


@pytest.mark.parametrize(
    "grams, kg, status",
    [
        (96.0, 80.0, "ok"),  # exactly 1.2 g/kg
        (95.9, 80.0, "watch"),  # 1.19875 g/kg: shown as 1.2, still under the target
        (64.0, 80.0, "watch"),  # exactly 0.8 g/kg
        (63.9, 80.0, "alert"),
        (30.1 + 33.3 + 32.6, 80.0, "ok"),  # the sum is 95.99999999999999 in floating point
    ],
)
def test_protein_daily_bands(grams, kg, status):
    assert guidance.protein_daily(grams, kg, T).status == status


def test_protein_daily_needs_days_and_a_weight():
    assert guidance.protein_daily(None, 80.0, T).status is Status.UNKNOWN
    assert guidance.protein_daily(100.0, None, T).status is Status.UNKNOWN


def test_protein_daily_reports_grams_per_kg_rounded():
    finding = guidance.protein_daily(97.0, 80.0, T)  # 1.2125
    assert finding.value == 1.21
    assert finding.target == 1.2
    assert finding.comparison == "at_least"


def lean(pct: float) -> LeanShare:
    return LeanShare(pct, 8.0, 8.0 * pct / 100, DAY - dt.timedelta(days=60), DAY)


@pytest.mark.parametrize(
    "finding, status, shown",
    [
        # Each measure is a hair beyond a line; rounded plainly it would read as the line itself.
        (guidance.protein_daily(95.9, 80.0, T), "watch", 1.19),  # 1.19875 g/kg, short of 1.2
        (guidance.protein_daily(63.99, 80.0, T), "alert", 0.79),  # 0.7999, short of 0.8
        (guidance.loss_rate(rate(1.001), T), "watch", 1.01),  # over 1.0 %/week
        (guidance.loss_rate(rate(1.5004), T), "alert", 1.51),  # over 1.5
        (guidance.protein_per_meal(2.96, T), "watch", 2.9),  # short of 3 meals
        (guidance.protein_per_meal(1.99, T), "alert", 1.9),  # short of 2
        (guidance.hydration(1996.0, 2000.0, T), "watch", 99),  # 99.8 %, short of 100 %
        (guidance.activity(149.6, T, True), "watch", 149),  # short of 150 minutes
        (guidance.lean_share(lean(25.04), T), "watch", 25.1),  # over 25 % lean
        (guidance.low_bmi(18.46, T), "alert", 18.4),  # under 18.5
    ],
)
def test_a_measure_short_of_a_line_never_reads_as_the_line(finding, status, shown):
    assert (finding.status.value, finding.value) == (status, shown)
    assert f"{shown:g}" in finding.message


@pytest.mark.parametrize(
    "meals, status",
    [(3.0, "ok"), (4.0, "ok"), (2.9, "watch"), (2.0, "watch"), (1.9, "alert"), (0.0, "alert")],
)
def test_protein_per_meal_bands(meals, status):
    assert guidance.protein_per_meal(meals, T).status == status


@pytest.mark.parametrize(
    "drunk_ml, target_ml, status",
    [
        (2600.0, 2600.0, "ok"),  # 100 %
        (2599.0, 2600.0, "watch"),  # 99.96 %: shown as 100 %, still under
        (1950.0, 2600.0, "watch"),  # exactly 75 %
        (1949.0, 2600.0, "alert"),
    ],
)
def test_hydration_bands(drunk_ml, target_ml, status):
    assert guidance.hydration(drunk_ml, target_ml, T).status == status


def test_hydration_unknown_without_water_or_target():
    assert guidance.hydration(None, 2600.0, T).status is Status.UNKNOWN
    assert guidance.hydration(2000.0, None, T).status is Status.UNKNOWN


@pytest.mark.parametrize(
    "sessions, target, full_week, status",
    [
        (2, 2, True, "ok"),
        (3, 2, True, "ok"),
        (1, 2, True, "watch"),
        (0, 2, True, "alert"),
        (2, 3, True, "watch"),  # from 65 the target is 3
        (3, 3, True, "ok"),
        (0, 2, False, "unknown"),  # less than a week of logging: a zero says nothing yet
        (2, 2, False, "ok"),  # ...but meeting the target already counts
    ],
)
def test_strength_frequency_bands(sessions, target, full_week, status):
    assert guidance.strength_frequency(sessions, target, full_week).status == status


def test_strength_frequency_notes_the_older_adult_target():
    finding = guidance.strength_frequency(2, 3, True, older=True)
    assert "From age 65 the target is 3 sessions" in finding.note
    assert guidance.strength_frequency(2, 2, True).note == ""


@pytest.mark.parametrize(
    "sessions, full_week, status",
    [(1, True, "ok"), (2, True, "ok"), (0, True, "alert"), (0, False, "unknown")],
)
def test_glute_focus_bands(sessions, full_week, status):
    assert guidance.glute_focus(sessions, T, full_week).status == status


@pytest.mark.parametrize(
    "minutes, status",
    [(150, "ok"), (300, "ok"), (149, "watch"), (75, "watch"), (74, "alert"), (0, "alert")],
)
def test_activity_bands(minutes, status):
    assert guidance.activity(minutes, T, full_week=True).status == status


@pytest.mark.parametrize(
    "days_on, trained, status",
    [
        (14, False, "alert"),  # two weeks on the medicine, no session
        (13, False, "unknown"),  # still within the first two weeks
        (0, True, "ok"),
        (100, True, "ok"),
        (None, False, "unknown"),  # no start date, no dose
    ],
)
def test_strength_early(days_on, trained, status):
    assert guidance.strength_early(days_on, trained).status == status


def share(pct: float, lost_kg: float = 10.0) -> LeanShare:
    return LeanShare(pct, lost_kg, lost_kg * pct / 100, DAY - dt.timedelta(days=60), DAY)


@pytest.mark.parametrize(
    "pct, status",
    [
        (10.0, "ok"),
        (25.0, "ok"),  # SURMOUNT-1's quarter
        (25.1, "watch"),
        (39.0, "watch"),  # STEP 1's 39 %
        (39.1, "alert"),
        (60.0, "alert"),
    ],
)
def test_lean_share_bands(pct, status):
    assert guidance.lean_share(share(pct), T).status == status


def test_lean_share_unknown_when_too_little_was_lost():
    assert guidance.lean_share(share(50.0, lost_kg=1.9), T).status is Status.UNKNOWN
    assert guidance.lean_share(share(50.0, lost_kg=2.0), T).status is Status.ALERT
    assert guidance.lean_share(None, T).status is Status.UNKNOWN


@pytest.mark.parametrize(
    "bmi, status", [(18.5, "ok"), (18.49, "alert"), (30.0, "ok"), (16.0, "alert")]
)
def test_low_bmi(bmi, status):
    assert guidance.low_bmi(bmi, T).status == status


def test_low_bmi_asks_for_height():
    finding = guidance.low_bmi(None, T, has_height=False)
    assert finding.status is Status.UNKNOWN
    assert "height" in finding.message


def test_a_therapist_override_moves_the_boundary():
    stricter = T.with_overrides({"loss_ok_max_pct_per_week": 0.7, "protein_ok_g_per_kg": 1.5})
    assert guidance.loss_rate(rate(0.8), stricter).status is Status.WATCH
    assert guidance.protein_daily(96.0, 80.0, stricter).status is Status.WATCH
    assert guidance.protein_daily(96.0, 80.0, stricter).target == 1.5


def test_unknown_target_names_are_refused():
    with pytest.raises(ValueError, match="unknown target"):
        T.with_overrides({"protein_g": 2})


def test_every_finding_has_a_source_and_a_one_sentence_reason():
    findings = [
        guidance.loss_rate(rate(1.8), T),
        guidance.protein_daily(50, 80, T),
        guidance.protein_per_meal(1, T),
        guidance.hydration(1000, 2600, T),
        guidance.strength_frequency(0, 2, True),
        guidance.glute_focus(0, T, True),
        guidance.activity(10, T, True),
        guidance.strength_early(30, False),
        guidance.lean_share(share(45), T),
        guidance.low_bmi(17, T),
        guidance.side_effects(4, intake_short=True),
        guidance.pain_trend([(DAY - dt.timedelta(days=9 - n), 2.0 + n / 2) for n in range(10)]),
        guidance.red_flag(["pancreatitis"]),
    ]
    assert [f.code for f in findings] == list(guidance.CODES)
    for finding in findings:
        assert finding.status in (Status.ALERT, Status.WATCH)
        assert finding.source
        assert finding.message.endswith(".")
        assert finding.message.count(". ") == 0, finding.message


@pytest.mark.parametrize(
    "gut_days, short, status",
    [(3, True, "watch"), (2, True, "ok"), (5, False, "ok"), (0, True, "ok")],
)
def test_side_effects(gut_days, short, status):
    assert guidance.side_effects(gut_days, short).status == status


def pain(scores: list[float]) -> list:
    return [(DAY - dt.timedelta(days=len(scores) - 1 - n), s) for n, s in enumerate(scores)]


@pytest.mark.parametrize(
    "scores, status",
    [
        ([], "ok"),  # nothing logged
        ([3, 4], "unknown"),  # too few days
        ([2, 2, 3, 3, 4, 4, 5, 5], "watch"),  # 3 points in 7 days: 3.5 a week
        ([4, 4, 4, 4, 4, 4], "ok"),
        ([6, 5, 4, 3, 2, 1], "ok"),  # falling
    ],
)
def test_pain_trend(scores, status):
    assert guidance.pain_trend(pain(scores)).status == status


def test_a_red_flag_says_what_to_do_most_urgent_first():
    finding = guidance.red_flag(["dehydration", "buttock_compartment"])
    assert finding.status is Status.ALERT and finding.value == 2
    assert "call an ambulance" in finding.message  # the emergency outranks calling the prescriber
    assert guidance.red_flag([]).status is Status.OK


def test_worst_orders_alert_watch_unknown_ok():
    ok = guidance.activity(200, T, True)
    watch = guidance.activity(100, T, True)
    alert = guidance.activity(0, T, True)
    unknown = guidance.activity(0, T, False)
    assert guidance.worst([ok, watch, alert, unknown]) is Status.ALERT
    assert guidance.worst([ok, watch, unknown]) is Status.WATCH
    assert guidance.worst([ok, unknown]) is Status.UNKNOWN
    assert guidance.worst([ok]) is Status.OK


def test_strength_early_waits_for_two_weeks_of_log():
    # 180 days on the medicine but the log began 5 days ago: too thin to say "none".
    assert guidance.strength_early(180, False, days_observed=5).status is Status.UNKNOWN
    assert guidance.strength_early(180, False, days_observed=14).status is Status.ALERT
