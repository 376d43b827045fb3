"""One day's log and its running totals against the day's targets (the Today page's summary)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tracker.domain import (
    BRANDS,
    Entry,
    FunctionTest,
    InjectionSite,
    Meal,
    Medicine,
    Profile,
    resolve_medicine,
)
from tracker.rules import body
from tracker.rules.history import History
from tracker.rules.targets import Targets
from tracker.rules.trends import DayValue
from tracker.views.plan import PlanView


@dataclass(frozen=True)
class Total:
    """A running total against its target; ``target`` is None when it cannot be set yet."""

    label: str
    amount: float
    target: float | None
    unit: str

    @property
    def share(self) -> float | None:
        """How far along the target is, 0.0 to 1.0 (capped), or None."""
        if not self.target:
            return None
        return min(1.0, self.amount / self.target)


@dataclass(frozen=True)
class DayLog:
    day: dt.date
    entries: list[Entry]
    protein: Total
    meals: Total
    water: Total
    strength_week: Total
    activity_week: Total
    last_dose: Entry | None
    trend_kg: float | None
    last_weight: DayValue | None = None
    """The mean weigh-in of the latest day with one, up to ``day`` (within the week read)."""


def build(
    day: dt.date,
    entries: list[Entry],
    history: History,
    profile: Profile,
    targets: Targets,
    last_dose: Entry | None,
) -> DayLog:
    """Totals of ``day`` (metric) against what the guidance asks of one day or week."""
    trend_kg = history.trend_kg(day)
    reference_kg = body.reference_weight_kg(trend_kg, profile)[0] if trend_kg else None
    meals = history.protein_g_by_day_meal.get(day, {})
    strength_target = targets.strength_sessions_for(profile.age_on(day))
    water_target = targets.water_ml_for(trend_kg, profile.sex)
    return DayLog(
        day=day,
        entries=entries,
        protein=Total(
            "Protein",
            sum(meals.values()),
            targets.protein_ok_g_per_kg * reference_kg if reference_kg else None,
            "g",
        ),
        meals=Total(
            f"Meals with {targets.protein_meal_g:g} g protein",
            sum(1 for grams in meals.values() if grams >= targets.protein_meal_g),
            targets.protein_meals_ok,
            "meals",
        ),
        water=Total("Water", history.water_ml_by_day.get(day, 0.0), water_target, "ml"),
        strength_week=Total(
            "Strength sessions, last 7 days",
            len(history.sessions_in_week(day)),
            strength_target,
            "sessions",
        ),
        activity_week=Total(
            "Active minutes, last 7 days", history.activity_min(day), targets.activity_ok_min, "min"
        ),
        last_dose=last_dose,
        trend_kg=trend_kg,
        last_weight=history.latest_weight(day),
    )


SITE_ROTATION = tuple(InjectionSite)
"""Labels advise rotating the injection site each week; this is the order suggested."""


def next_site(last_site: str | None) -> InjectionSite:
    """The site after ``last_site`` in the rotation (the first one if there is none)."""
    if not last_site or last_site not in {s.value for s in SITE_ROTATION}:
        return SITE_ROTATION[0]
    index = [s.value for s in SITE_ROTATION].index(last_site)
    return SITE_ROTATION[(index + 1) % len(SITE_ROTATION)]


def usual_medicine(last_dose: Entry | None, profile: Profile) -> Medicine:
    """The medicine the dose form starts on: the last dose's (a bare molecule read as the
    profile's brand), else the profile's, else the first brand."""
    if last_dose is not None:
        return resolve_medicine(Medicine(last_dose.label), profile.glp1_medicine)
    return profile.glp1_medicine or BRANDS[0]


def meal_at(time: dt.time) -> Meal:
    """The meal a protein entry logged at ``time`` most likely belongs to."""
    if time < dt.time(10, 30):
        return Meal.BREAKFAST
    if time < dt.time(14, 30):
        return Meal.LUNCH
    if time < dt.time(17, 30):
        return Meal.SNACK
    return Meal.DINNER


@dataclass(frozen=True)
class TodayView:
    """What the Today page shows, read in one go."""

    profile: Profile
    log: DayLog
    plan: PlanView
    due_tests: tuple[FunctionTest, ...] = ()
    """The chair stand and SARC-F when due (``function_tests.due``)."""
