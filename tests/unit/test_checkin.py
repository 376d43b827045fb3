"""The check-in's offer and the entries its answers make; the weigh-in plausibility rule."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain import Entry, InvalidEntry, Kind, Meal, Profile, SideEffect
from tracker.rules import weighins
from tracker.rules.history import History
from tracker.rules.targets import Targets
from tracker.units import WaterUnit, WeightUnit
from tracker.views import checkin, today

DAY = dt.date(2026, 3, 10)
LB = Profile(weight_unit=WeightUnit.LB, water_unit=WaterUnit.FL_OZ)


def day_log(last_dose: Entry | None = None, weights=()) -> today.DayLog:
    history = History(weights=list(weights))
    return today.build(DAY, [], history, Profile(), Targets(), last_dose)


def dose(days_before: int, label: str = "wegovy", site: str = "thigh_left") -> Entry:
    return Entry(Kind.DOSE, DAY - dt.timedelta(days=days_before), 2.4, label=label, site=site)


@pytest.mark.parametrize(
    "days_before, due", [(0, False), (5, False), (6, True), (7, True), (12, True)]
)
def test_a_weekly_dose_is_offered_from_the_day_before_it_is_due(days_before, due):
    card = checkin.offer(day_log(dose(days_before)), Profile(), dt.time(8))
    assert card.dose.is_due is due
    assert card.dose.next_day == DAY - dt.timedelta(days=days_before - 7)


def test_the_offer_is_the_usual_dose_at_the_next_site_and_the_meal_of_the_hour():
    card = checkin.offer(day_log(dose(7)), Profile(), dt.time(12, 15))
    assert (card.dose.medicine, card.dose.dose_mg, card.dose.site.value) == (
        "wegovy",
        2.4,
        "thigh_right",
    )
    assert card.meal is Meal.LUNCH
    assert checkin.offer(day_log(), Profile(), dt.time(7)).dose is None


def test_answers_become_metric_entries_of_the_day_all_at_one_time():
    card = checkin.offer(day_log(dose(7)), LB, dt.time(7))
    answers = checkin.Answers(
        weight=180.0,
        protein_g=30.0,
        glasses=2,
        took_dose=True,
        symptoms=(SideEffect.NAUSEA, SideEffect.FATIGUE),
        grade=2,
    )
    made = checkin.entries(card, answers, dt.time(7, 5), LB)
    assert [(e.kind, e.label) for e in made] == [
        (Kind.WEIGHT, ""),
        (Kind.PROTEIN, "breakfast"),
        (Kind.WATER, ""),
        (Kind.DOSE, "wegovy"),
        (Kind.SIDE_EFFECT, "nausea"),
        (Kind.SIDE_EFFECT, "fatigue"),
    ]
    assert made[0].value == pytest.approx(81.647, abs=0.001)  # 180 lb
    assert made[2].value == pytest.approx(473.2, abs=0.1)  # two glasses of 8 fl oz
    assert {e.day for e in made} == {DAY} and {e.time for e in made} == {dt.time(7, 5)}
    assert [e.value for e in made[-2:]] == [2.0, 2.0]


def test_no_answer_is_refused_with_what_to_fill():
    card = checkin.offer(day_log(), Profile(), dt.time(7))
    with pytest.raises(InvalidEntry, match="Nothing to save yet"):
        checkin.entries(card, checkin.Answers(), None, Profile())
    # A dose ticked with no dose to pre-fill makes nothing, so it is not an answer either.
    assert (
        checkin.entries(card, checkin.Answers(took_dose=True, glasses=1), None, Profile())[0].kind
        is Kind.WATER
    )


@pytest.mark.parametrize(
    "kg, last, expected",
    [
        (80.0, (DAY, 82.4), -2.4),  # same day, more than the swing
        (84.4, (DAY - dt.timedelta(days=1), 82.4), None),  # exactly 2 kg: believable
        (84.5, (DAY - dt.timedelta(days=1), 82.4), 2.1),
        (75.0, (DAY - dt.timedelta(days=2), 82.4), None),  # days apart: the trend absorbs it
        (75.0, (DAY + dt.timedelta(days=1), 82.4), None),  # a later day is no reference
        (75.0, None, None),
    ],
)
def test_a_weigh_in_far_from_the_one_a_day_before_is_questioned(kg, last, expected):
    jump = weighins.jump_kg(kg, DAY, last)
    assert jump == (None if expected is None else pytest.approx(expected))
