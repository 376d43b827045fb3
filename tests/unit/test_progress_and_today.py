"""What the Progress and Today pages show, computed from small logs by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain import Entry, Exercise, InjectionSite, Kind, Meal, Profile
from tracker.rules.history import History
from tracker.rules.targets import DEFAULT_TARGETS
from tracker.units import WaterUnit, WeightUnit
from tracker.views import display, progress, today
from tracker.views.progress import PeriodChoice

END = dt.date(2026, 3, 31)


def ago(days: int) -> dt.date:
    return END - dt.timedelta(days=days)


@pytest.mark.parametrize(
    "choice, expected",
    [
        (PeriodChoice.FOUR_WEEKS, (dt.date(2026, 3, 4), END)),  # 28 days, both ends included
        (PeriodChoice.TWELVE_WEEKS, (dt.date(2026, 1, 7), END)),
        (PeriodChoice.SINCE_START, (dt.date(2025, 12, 1), END)),
        (PeriodChoice.CUSTOM, (dt.date(2026, 2, 1), dt.date(2026, 2, 10))),
    ],
)
def test_period_bounds(choice, expected):
    custom = (dt.date(2026, 2, 10), dt.date(2026, 2, 1))  # given backwards: put in order
    assert progress.period_bounds(choice, END, dt.date(2025, 12, 1), custom) == expected


def test_since_start_with_no_log_is_just_today():
    assert progress.period_bounds(PeriodChoice.SINCE_START, END, None) == (END, END)


def build(entries, start=None, profile=Profile()):
    history = History.from_entries(entries)
    return progress.build(history, profile, DEFAULT_TARGETS, start or ago(27), END)


def test_headline():
    log = [
        Entry(Kind.WEIGHT, ago(40), 100.0),
        Entry(Kind.WEIGHT, ago(20), 98.0),
        Entry(Kind.WEIGHT, ago(0), 96.0),
        Entry(Kind.DOSE, ago(35), 0.25, label="semaglutide"),
        Entry(Kind.DOSE, ago(21), 0.5, label="semaglutide"),
        Entry(Kind.DOSE, ago(14), 0.5, label="semaglutide"),
        Entry(Kind.PROTEIN, ago(3), 30.0, label="lunch"),
    ]
    headline = build(log).headline
    # trend: 100 -> 100 - 0.8784 x 2 = 98.243 (20 days) -> 98.243 - 0.8784 x 2.243 = 96.273
    assert headline.trend_kg == pytest.approx(96.273, abs=0.001)
    assert headline.start_kg == 100.0
    assert headline.lost_kg == pytest.approx(3.727, abs=0.001)
    assert headline.lost_pct == pytest.approx(3.727, abs=0.001)
    assert (headline.dose_mg, headline.weeks_on_dose) == (0.5, 3)  # on 0.5 mg for 21 days
    # logged 21, 20, 14, 3 and 0 days back; the weigh-in 40 days back is before the period
    assert (headline.days_logged, headline.days_in_period) == (5, 28)
    assert headline.rate_pct_per_week is None  # two weigh-ins in the last 28 days


def test_daily_frame_has_every_day_of_the_period():
    view = build([Entry(Kind.WEIGHT, ago(3), 80.0), Entry(Kind.WATER, ago(3), 500.0)])
    assert len(view.daily) == 28
    row = view.daily.loc[str(ago(3))]
    assert row.weight_kg == 80.0 and row.water_ml == 500.0
    assert row.water_target_ml == pytest.approx(2607.9, abs=0.1)
    assert view.daily.loc[str(ago(4))].isna().all()  # before the first weigh-in: nothing


def test_weekly_counts_end_on_the_last_day():
    log = [
        Entry(Kind.STRENGTH, ago(0), 40.0, label="upper"),
        Entry(Kind.STRENGTH, ago(6), 40.0, label="glutes"),
        Entry(Kind.STRENGTH, ago(7), 40.0, label="lower", exercises=(Exercise("Squat", 3, 8),)),
        Entry(Kind.ACTIVITY, ago(8), 30.0, label="walk"),
    ]
    weekly = build(log).weekly
    assert list(weekly.strength_sessions) == [0, 0, 1, 2]
    assert list(weekly.glute_sessions) == [0, 0, 1, 1]
    assert list(weekly.activity_min) == [0, 0, 30, 0]
    assert list(weekly.days) == [7, 7, 7, 7]


def test_the_dose_in_effect_when_the_period_opens_is_shown():
    log = [
        Entry(Kind.DOSE, ago(60), 1.0, label="semaglutide"),
        Entry(Kind.DOSE, ago(10), 1.7, label="semaglutide"),
    ]
    doses = build(log).doses
    assert list(doses.dose_mg) == [1.0, 1.7]
    assert doses.day.iloc[0].date() == ago(27)
    assert list(doses.changed) == [True, True]


def test_an_empty_period_is_empty():
    assert build([]).is_empty
    assert not build([Entry(Kind.WATER, ago(1), 250.0)]).is_empty


def test_today_totals_against_targets():
    log = [
        Entry(Kind.WEIGHT, ago(0), 80.0),
        Entry(Kind.PROTEIN, ago(0), 30.0, label="breakfast"),
        Entry(Kind.PROTEIN, ago(0), 20.0, label="lunch"),
        Entry(Kind.WATER, ago(0), 1000.0),
        Entry(Kind.STRENGTH, ago(3), 40.0, label="full"),
        Entry(Kind.ACTIVITY, ago(1), 45.0, label="walk"),
    ]
    day = today.build(END, log, History.from_entries(log), Profile(), DEFAULT_TARGETS, None)
    assert (day.protein.amount, day.protein.target) == (50.0, 96.0)  # 1.2 g x 80 kg
    assert (day.meals.amount, day.meals.target) == (1, 3)
    assert day.water.target == pytest.approx(2607.9, abs=0.1)
    assert day.water.share == pytest.approx(1000 / 2607.9, abs=1e-4)
    assert (day.strength_week.amount, day.strength_week.target) == (1, 2)
    assert day.activity_week.amount == 45.0


def test_no_weight_no_protein_target():
    day = today.build(END, [], History(), Profile(), DEFAULT_TARGETS, None)
    assert day.protein.target is None and day.protein.share is None


@pytest.mark.parametrize(
    "last, suggested",
    [
        (None, InjectionSite.ABDOMEN_LEFT),
        ("abdomen_left", InjectionSite.ABDOMEN_RIGHT),
        ("thigh_right", InjectionSite.ARM_LEFT),
        ("arm_right", InjectionSite.ABDOMEN_LEFT),  # round again
    ],
)
def test_next_injection_site(last, suggested):
    assert today.next_site(last) is suggested


@pytest.mark.parametrize(
    "clock, meal",
    [
        ("07:30", Meal.BREAKFAST),
        ("10:29", Meal.BREAKFAST),
        ("12:00", Meal.LUNCH),
        ("16:00", Meal.SNACK),
        ("19:30", Meal.DINNER),
    ],
)
def test_meal_by_time_of_day(clock, meal):
    assert today.meal_at(dt.time.fromisoformat(clock)) is meal


def test_values_read_in_the_patients_units():
    imperial = Profile(weight_unit=WeightUnit.LB, water_unit=WaterUnit.FL_OZ)
    assert display.value_text(Kind.WEIGHT, 80.0, imperial) == "176.4 lb"
    assert display.value_text(Kind.WAIST, 101.6, imperial) == "40 in"
    assert display.value_text(Kind.WATER, 500.0, imperial) == "16.9 fl oz"
    assert display.value_text(Kind.WATER, 500.0, Profile()) == "500 ml"
    assert display.value_text(Kind.DOSE, 0.25, Profile()) == "0.25 mg"
    assert display.to_metric(Kind.WEIGHT, 180.0, imperial) == pytest.approx(81.6466, abs=1e-4)


def test_entry_details():
    session = Entry(
        Kind.STRENGTH,
        END,
        40.0,
        label="glutes",
        exercises=(Exercise("Hip thrust", 3, 10, 60.0), Exercise("Bridge", 2, 15)),
    )
    assert display.detail(session, Profile()) == (
        "glutes · Hip thrust 3×10 @ 60 kg · Bridge 2×15 @ body weight"
    )
    dose = Entry(Kind.DOSE, END, 0.5, label="semaglutide", site="thigh_left")
    assert display.detail(dose, Profile()) == "Semaglutide · thigh, left"


def test_symptom_details_read_as_words():
    pain = Entry(Kind.PAIN, END, 6, label="back_of_thigh", tags=("radiating", "sitting"))
    assert display.detail(pain, Profile()) == (
        "back of the thigh · radiating down the leg · when sitting"
    )
    effect = Entry(Kind.SIDE_EFFECT, END, 2, label="injection_site_reaction")
    assert display.detail(effect, Profile()) == "injection-site reaction"
    assert display.value_text(Kind.SIDE_EFFECT, 2, Profile()) == "moderate"
    assert display.value_text(Kind.PAIN, 6, Profile()) == "6/10"


@pytest.mark.parametrize(
    ("comparison", "expected"),
    [
        ("at_least", "at least 1.2 g per kg"),
        ("at_most", "at most 1.2 g per kg"),
        ("below", "fewer than 1.2 g per kg"),
    ],
)
def test_a_target_reads_the_way_it_is_judged(comparison, expected):
    assert display.target_text(comparison, 1.2, "g per kg") == expected


def test_the_headline_rate_is_the_loss_cards_figure(monkeypatch):
    """A rate a hair over the ok line reads as over it on the card; the headline must agree."""
    # A straight line losing 1.002 % of the last weight a week: s × 7 / (90 − 27 s) = 0.01002.
    kg_a_day = 0.01002 * 90 / (7 + 0.01002 * 27)
    log = [Entry(Kind.WEIGHT, ago(n), 90.0 - kg_a_day * (27 - n)) for n in range(28)]
    history = History.from_entries(log)
    raw = history.loss_rate(END).loss_pct_per_week
    headline = build(log).headline
    [card] = [f for f in build(log).findings if f.code == "loss_rate"]
    assert headline.rate_pct_per_week == card.value
    assert round(raw, 2) == 1.0 and raw > 1.0  # rounded plainly, it would read as the line
    assert (card.status.value, card.value) == ("watch", 1.01)
