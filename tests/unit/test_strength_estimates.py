"""Estimated 1RM from logged lifts, and whether leg and glute strength was kept, worked by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain import Entry, Exercise, Kind
from tracker.rules import strength
from tracker.rules.strength import (
    BEFORE_MEDICINE,
    FIRST_WEEKS,
    Basis,
    Formula,
    TrendPoint,
    one_rep_max_kg,
    strength_kept,
)

START = dt.date(2026, 1, 1)
"""The medicine's first dose in these logs."""
ON = dt.date(2026, 4, 1)
"""The day strength is judged: the recent window is 5 March to 1 April."""


def session(day: dt.date, *exercises: Exercise) -> Entry:
    return Entry(Kind.STRENGTH, day, 45.0, label="lower", exercises=exercises)


def squat(load_kg: float | None, reps: int = 5) -> Exercise:
    return Exercise("Back squat", 3, reps, load_kg)


def before_medicine(*exercises: Exercise) -> list[Entry]:
    """Two sessions in the 4 weeks before the first dose."""
    return [session(dt.date(2025, 12, 10), *exercises), session(dt.date(2025, 12, 20), *exercises)]


def recently(*exercises: Exercise) -> list[Entry]:
    """Two sessions in the 4 weeks ending ``ON``."""
    return [session(dt.date(2026, 3, 10), *exercises), session(dt.date(2026, 3, 25), *exercises)]


# --- the formulas --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "formula, load_kg, reps, expected_kg",
    [
        (Formula.EPLEY, 100.0, 10, 133.33),  # 100 · (1 + 10/30)
        (Formula.BRZYCKI, 100.0, 10, 133.33),  # 100 · 36/27: the two agree at 10 reps
        (Formula.EPLEY, 100.0, 5, 116.67),  # 100 · (1 + 5/30)
        (Formula.BRZYCKI, 100.0, 5, 112.50),  # 100 · 36/32
        (Formula.EPLEY, 60.0, 8, 76.00),  # 60 · (1 + 8/30)
        (Formula.BRZYCKI, 60.0, 8, 74.48),  # 60 · 36/29
    ],
)
def test_estimates_match_the_published_formulas(formula, load_kg, reps, expected_kg):
    assert one_rep_max_kg(load_kg, reps, formula) == pytest.approx(expected_kg, abs=0.005)


def test_epley_is_the_default():
    assert one_rep_max_kg(100.0, 5) == pytest.approx(116.67, abs=0.005)


@pytest.mark.parametrize("formula", list(Formula))
def test_a_single_rep_is_the_load_itself(formula):
    assert one_rep_max_kg(82.5, 1, formula) == 82.5  # Epley alone would say 85.25


@pytest.mark.parametrize("formula", list(Formula))
def test_ten_reps_is_the_last_set_that_gives_an_estimate(formula):
    assert one_rep_max_kg(50.0, 10, formula) is not None
    assert one_rep_max_kg(50.0, 11, formula) is None
    assert one_rep_max_kg(50.0, 20, formula) is None


@pytest.mark.parametrize("load_kg, reps", [(None, 5), (0.0, 5), (-10.0, 5), (50.0, 0)])
def test_no_load_or_no_reps_gives_no_estimate(load_kg, reps):
    assert one_rep_max_kg(load_kg, reps) is None


def test_relative_strength_is_per_kg_of_body_weight():
    assert strength.relative_strength(120.0, 80.0) == pytest.approx(1.5)
    assert strength.relative_strength(120.0, None) is None


# --- which lifts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, main",
    [
        ("Hip Thrust (Barbell)", True),
        ("Bulgarian split squat", True),
        ("RDL", True),
        ("Leg press", True),
        ("Glute bridge", True),
        ("Bench press", False),
        ("Lat pulldown", False),
        ("Hamstring stretch", False),  # a hold, though the name says hamstring
    ],
)
def test_main_lower_body_lifts_are_told_by_name(name, main):
    assert strength.is_main_lower_body(name) is main


# --- the trend series ----------------------------------------------------------------------------


def test_trend_keeps_each_days_best_set_per_exercise():
    entries = [
        session(
            dt.date(2026, 2, 2),
            Exercise("Back squat", 1, 5, 90.0),  # 105.0 kg
            Exercise("back  squat", 1, 3, 100.0),  # 110.0 kg: the best, however it is typed
            Exercise("Back squat", 1, 15, 80.0),  # Epley would say 120, but past 10 reps: none
            Exercise("Bench press", 3, 5, 60.0),  # upper body: not a main lower-body lift
        ),
        Entry(Kind.WEIGHT, dt.date(2026, 2, 2), 80.0),
    ]
    assert strength.trend(entries) == [
        TrendPoint(dt.date(2026, 2, 2), "Back squat", pytest.approx(110.0))
    ]


def test_trend_counts_body_weight_work_by_reps_beside_loaded_work():
    entries = [
        session(
            dt.date(2026, 2, 2),
            Exercise("Glute bridge", 2, 15),
            Exercise("Glute bridge", 1, 20),
            Exercise("Glute bridge", 3, 8, 40.0),  # loaded, on the same day: its own series
        )
    ]
    points = strength.trend(entries)
    assert [(p.basis, p.estimate_kg, p.reps) for p in points] == [
        (Basis.LOAD, pytest.approx(50.67, abs=0.005), None),  # 40 · (1 + 8/30)
        (Basis.REPS, None, 20),
    ]


def test_trend_merges_two_sessions_on_one_day_and_orders_by_day():
    entries = [
        session(dt.date(2026, 2, 9), squat(100.0, 1)),
        session(dt.date(2026, 2, 2), squat(80.0, 1)),
        session(dt.date(2026, 2, 2), squat(85.0, 1)),
    ]
    assert [(p.day, p.estimate_kg) for p in strength.trend(entries)] == [
        (dt.date(2026, 2, 2), 85.0),
        (dt.date(2026, 2, 9), 100.0),
    ]


# --- strength kept -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "recent_kg, change_pct, status",
    [
        (100.0, 0.0, "ok"),  # held
        (91.0, -9.0, "ok"),  # under the 10 % watch line
        (90.0, -10.0, "watch"),  # exactly 10 % down
        (81.0, -19.0, "watch"),
        (80.0, -20.0, "alert"),  # exactly 20 % down
        (75.0, -25.0, "alert"),
        (110.0, 10.0, "ok"),  # stronger
    ],
)
def test_strength_kept_bands(recent_kg, change_pct, status):
    entries = before_medicine(squat(100.0)) + recently(squat(recent_kg))
    kept = strength_kept(entries, ON, START)
    assert kept is not None
    assert kept.change_pct == pytest.approx(change_pct)
    assert kept.status == status


def test_baseline_is_the_four_weeks_before_the_medicine_when_sessions_are_there():
    entries = [
        *before_medicine(squat(100.0)),
        session(dt.date(2026, 1, 3), squat(120.0)),  # just after the first dose: not baseline
        *recently(squat(100.0)),
    ]
    kept = strength_kept(entries, ON, START)
    assert kept is not None
    assert kept.baseline_label == BEFORE_MEDICINE
    assert (kept.baseline_start, kept.baseline_end) == (dt.date(2025, 12, 4), dt.date(2025, 12, 31))
    assert kept.status == "ok"
    assert (kept.baseline_sessions, kept.recent_sessions) == (2, 2)


def test_without_sessions_before_the_medicine_the_first_four_logged_weeks_are_the_baseline():
    entries = [
        session(dt.date(2026, 1, 5), squat(100.0)),
        session(dt.date(2026, 1, 20), squat(100.0)),
        session(dt.date(2026, 2, 2), squat(130.0)),  # day 29 from the first: after the window
        *recently(squat(80.0)),
    ]
    kept = strength_kept(entries, ON, START)
    assert kept is not None
    assert kept.baseline_label == FIRST_WEEKS
    assert (kept.baseline_start, kept.baseline_end) == (dt.date(2026, 1, 5), dt.date(2026, 2, 1))
    assert kept.change_pct == pytest.approx(-20.0)


def test_one_session_before_the_medicine_is_not_a_baseline_of_its_own():
    entries = [
        session(dt.date(2025, 12, 20), squat(100.0)),
        session(dt.date(2026, 1, 3), squat(120.0)),
        *recently(squat(100.0)),
    ]
    kept = strength_kept(entries, ON, START)
    assert kept is not None
    assert kept.baseline_label == FIRST_WEEKS
    assert kept.baseline_start == dt.date(2025, 12, 20)
    assert kept.change_pct == pytest.approx(100 / 120 * 100 - 100)  # against the 120 kg best


def test_no_medicine_date_uses_the_first_four_logged_weeks():
    kept = strength_kept(before_medicine(squat(100.0)) + recently(squat(100.0)), ON, None)
    assert kept is not None
    assert kept.baseline_label == FIRST_WEEKS


@pytest.mark.parametrize(
    "entries",
    [
        pytest.param([], id="nothing logged"),
        pytest.param(
            before_medicine(squat(100.0)) + recently(squat(100.0))[:1],
            id="one recent session",
        ),
        pytest.param(
            before_medicine(squat(100.0))[:1]
            + [session(dt.date(2026, 1, 2), Exercise("Lunge", 3, 8, 20.0))]
            + recently(squat(100.0)),
            id="one baseline session of the lift",
        ),
        pytest.param(
            before_medicine(squat(100.0)) + recently(Exercise("Romanian deadlift", 3, 8, 60.0)),
            id="no exercise in both windows",
        ),
        pytest.param(
            before_medicine(squat(100.0)) + recently(squat(None, 20)),
            id="loaded then body weight: never mixed",
        ),
        pytest.param(
            before_medicine(squat(100.0)) + recently(squat(60.0, 15)),
            id="recent sets past 10 reps",
        ),
        pytest.param(
            before_medicine(Exercise("Bench press", 3, 5, 60.0))
            + recently(Exercise("Bench press", 3, 5, 40.0)),
            id="upper body only",
        ),
    ],
)
def test_not_enough_to_compare_gives_none(entries):
    assert strength_kept(entries, ON, START) is None


def test_windows_that_overlap_give_none():
    # The medicine started three weeks before the day judged: the weeks before it overlap
    # the last four.
    start = ON - dt.timedelta(days=21)
    entries = [
        session(start - dt.timedelta(days=20), squat(100.0)),
        session(start - dt.timedelta(days=10), squat(100.0)),
        session(start + dt.timedelta(days=5), squat(70.0)),
        session(start + dt.timedelta(days=15), squat(70.0)),
    ]
    assert strength_kept(entries, ON, start) is None


def test_body_weight_exercises_are_compared_by_reps():
    bridge = "Glute bridge"
    entries = before_medicine(Exercise(bridge, 3, 20)) + recently(Exercise(bridge, 3, 15))
    kept = strength_kept(entries, ON, START)
    assert kept is not None
    assert kept.basis is Basis.REPS
    assert [(c.exercise, c.baseline, c.recent) for c in kept.exercises] == [(bridge, 20, 15)]
    assert kept.change_pct == pytest.approx(-25.0)
    assert kept.status == "alert"


def test_loaded_lifts_decide_when_there_are_any_and_reps_are_still_listed():
    entries = before_medicine(squat(100.0), Exercise("Glute bridge", 3, 20)) + recently(
        squat(100.0), Exercise("Glute bridge", 3, 10)
    )
    kept = strength_kept(entries, ON, START)
    assert kept is not None
    assert kept.basis is Basis.LOAD
    assert kept.change_pct == pytest.approx(0.0)  # the squat held; the bridge reps halved
    assert kept.status == "ok"
    assert {(c.exercise, c.basis) for c in kept.exercises} == {
        ("Back squat", Basis.LOAD),
        ("Glute bridge", Basis.REPS),
    }


def test_one_exercise_done_badly_does_not_decide_it():
    lifts_before = (
        squat(100.0),
        Exercise("Hip thrust", 3, 8, 80.0),
        Exercise("Leg press", 3, 8, 150.0),
    )
    lifts_now = (
        squat(70.0),
        Exercise("Hip thrust", 3, 8, 80.0),
        Exercise("Leg press", 3, 8, 150.0),
    )
    kept = strength_kept(before_medicine(*lifts_before) + recently(*lifts_now), ON, START)
    assert kept is not None
    assert kept.change_pct == pytest.approx(0.0)  # the median of -30 %, 0 % and 0 %
    assert kept.status == "ok"


def test_the_best_set_in_each_window_is_compared():
    entries = [
        session(dt.date(2025, 12, 10), squat(80.0)),
        session(dt.date(2025, 12, 20), squat(100.0)),  # the baseline best
        session(dt.date(2026, 3, 10), squat(70.0)),  # an off day
        session(dt.date(2026, 3, 25), squat(95.0)),  # the recent best
    ]
    kept = strength_kept(entries, ON, START)
    assert kept is not None
    assert kept.change_pct == pytest.approx(-5.0)
    assert kept.status == "ok"


def test_brzycki_can_be_chosen_for_the_comparison():
    entries = before_medicine(squat(100.0, 10)) + recently(squat(100.0, 5))
    # Epley: 116.67 against 133.33; Brzycki: 112.5 against 133.33
    epley = strength_kept(entries, ON, START)
    brzycki = strength_kept(entries, ON, START, Formula.BRZYCKI)
    assert epley is not None and brzycki is not None
    assert epley.change_pct == pytest.approx(-12.5)
    assert brzycki.change_pct == pytest.approx(-15.625)


def test_the_store_narrows_its_reading_with_the_rules_own_rep_limit():
    """The store cannot import the rules: it keeps the same limit, and this keeps them equal."""
    from tracker.store import daily_sums

    assert daily_sums.MAX_REPS_ESTIMATED == strength.MAX_REPS
    assert strength.measurable(Exercise("Leg press", 3, 12, None))  # body weight: any reps
    assert not strength.measurable(Exercise("Leg press", 3, 12, 90.0))
    assert strength.measurable(Exercise("Leg press", 3, 10, 90.0))


def test_the_spans_to_read_are_the_last_weeks_and_each_baseline_the_rules_may_use():
    on = dt.date(2026, 6, 30)
    first_days = {"Bench press": dt.date(2026, 1, 5), "Hip thrust": dt.date(2026, 2, 2)}
    spans = strength.windows_to_read(first_days, on, medicine_start=dt.date(2026, 4, 1))
    assert spans == [
        (dt.date(2026, 6, 3), on),  # the last 28 days
        (dt.date(2026, 3, 4), dt.date(2026, 3, 31)),  # the 28 before the medicine
        (dt.date(2026, 2, 2), dt.date(2026, 3, 1)),  # the first 28 of leg lifts, not bench
    ]
    assert strength.windows_to_read({"Bench press": on}, on, None) == [spans[0]]
