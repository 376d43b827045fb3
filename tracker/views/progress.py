"""What the Progress page shows, computed from a history: headline figures and chart frames.

Pure and metric: a ``Progress`` holds pandas frames in kg, ml and minutes; ``tracker.views.charts``
turns them into figures in the patient's units. Periods are whole days, both ends included.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace
from enum import StrEnum

import pandas as pd

from tracker.domain import Medicine, Profile, SideEffect
from tracker.rules import body, function_tests, guidance, medication, strength
from tracker.rules import targets as t
from tracker.rules.guidance import Finding
from tracker.rules.history import DoseTaken, History
from tracker.rules.medication import MedicationPicture
from tracker.rules.targets import Targets
from tracker.units import WaterUnit, WeightUnit
from tracker.views.findings import Arranged, MuscleKept, Step, arrange, first_steps, muscle_kept


class PeriodChoice(StrEnum):
    FOUR_WEEKS = "4 weeks"
    TWELVE_WEEKS = "12 weeks"
    SINCE_START = "Since start"
    CUSTOM = "Custom"


def period_bounds(
    choice: PeriodChoice,
    today: dt.date,
    first_day: dt.date | None,
    custom: tuple[dt.date, dt.date] | None = None,
) -> tuple[dt.date, dt.date]:
    """The first and last day of a chosen period."""
    if choice is PeriodChoice.CUSTOM and custom:
        start, end = sorted(custom)
        return start, end
    if choice is PeriodChoice.SINCE_START:
        return min(first_day or today, today), today
    weeks = 4 if choice is PeriodChoice.FOUR_WEEKS else 12
    return today - dt.timedelta(weeks=weeks) + dt.timedelta(days=1), today


@dataclass(frozen=True)
class Headline:
    trend_kg: float | None
    start_kg: float | None
    start_day: dt.date | None
    lost_kg: float | None
    lost_pct: float | None
    rate_pct_per_week: float | None
    rate_kg_per_week: float | None
    dose_mg: float | None
    medicine: Medicine | None
    weeks_on_dose: int | None
    days_logged: int
    days_in_period: int


@dataclass(frozen=True)
class Progress:
    start: dt.date
    end: dt.date
    weight_unit: WeightUnit
    water_unit: WaterUnit
    targets: Targets
    strength_target: float
    headline: Headline
    findings: list[Finding]
    daily: pd.DataFrame
    """One row per day of the period (index ``day``): weight_kg, trend_kg, loss_pct_per_week,
    protein_g, protein_g_per_kg, meals_with_enough_protein, water_ml, water_target_ml,
    pain_score (the day's worst, 0-10), strength_sessions (NaN on a day without)."""
    weekly: pd.DataFrame
    """One row per week ending on the period's last weekday (index ``week_end``): days (7, or
    fewer for a first week cut short by the period), strength_sessions, glute_sessions,
    activity_min."""
    doses: pd.DataFrame
    """Each dose in the period: day, medicine (``Medicine`` value), dose_mg, changed (a new
    medicine or amount). A dose in effect when the period starts shows as a first row on the
    period's first day."""
    body_composition: pd.DataFrame
    """Each body-composition reading in the period: day, weight_kg, lean_kg, fat_kg, dxa (it
    was measured by a DXA scan)."""
    side_effects: pd.DataFrame
    """Each side effect logged on a day of the period: day, effect (``SideEffect`` order), grade
    (the day's worst: 0 none, 1 mild, 2 moderate, 3 severe)."""
    dose_log: tuple[DoseTaken, ...]
    """Every dose up to the period's end, a bare molecule read as the profile's brand: the
    level in the period builds on earlier ones."""
    medication: MedicationPicture
    """Dose steps against the label, late and missed doses, and the loss on each step."""
    first_steps: list[Step] = field(default_factory=list)
    """What a new patient sets up and logs first (``tracker.views.findings``)."""
    lifts: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LIFT_COLUMNS))
    """Each main lower-body exercise's best on each day of the period (``strength.trend``):
    day, exercise, estimate_kg (an estimated one-rep maximum; NaN for body-weight work), reps
    (the best set's reps for body-weight work; NaN under load), per_kg (the estimate per kg of
    the trend weight that day: relative strength, which rises as weight comes off and strength
    stays; NaN without a weight)."""
    tests: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=TEST_COLUMNS))
    """Each function test result in the period: day, test (``FunctionTest`` value), value in
    the test's unit, reference (the line where "below the reference" begins; NaN where none
    applies), below (True, False, or None when not judged)."""

    @property
    def muscle(self) -> MuscleKept:
        return muscle_kept(self.findings)

    @property
    def arranged(self) -> Arranged:
        return arrange(self.findings)

    @property
    def steps_left(self) -> list[Step]:
        return [step for step in self.first_steps if not step.done]

    @property
    def is_empty(self) -> bool:
        return self.headline.days_logged == 0


def _logged_days(history: History) -> set[dt.date]:
    days = {day for day, _ in history.weights}
    days |= set(history.protein_g_by_day_meal) | set(history.water_ml_by_day)
    days |= set(history.activity_min_by_day)
    days |= {s.day for s in history.sessions} | {d.day for d in history.doses}
    days |= {day for day, _ in history.lean_mass_kg} | {day for day, _ in history.body_fat_pct}
    return days


def _headline(history: History, doses: list[DoseTaken], start: dt.date, end: dt.date) -> Headline:
    trend_kg = history.trend_kg(end)
    first = history.start_weight()
    start_kg = first[1] if first else None
    lost_kg = start_kg - trend_kg if start_kg is not None and trend_kg is not None else None
    rate = history.loss_rate(end)
    weeks_on = None
    if doses:
        last = doses[-1]
        same_since = last.day
        for dose in reversed(doses):
            if (dose.medicine, dose.dose_mg) != (last.medicine, last.dose_mg):
                break
            same_since = dose.day
        weeks_on = (end - same_since).days // 7
    logged = [day for day in _logged_days(history) if start <= day <= end]
    return Headline(
        trend_kg=trend_kg,
        start_kg=start_kg,
        start_day=first[0] if first else None,
        lost_kg=lost_kg,
        lost_pct=100.0 * lost_kg / start_kg if lost_kg is not None and start_kg else None,
        rate_pct_per_week=rate.loss_pct_per_week if rate else None,
        rate_kg_per_week=rate.loss_kg_per_week if rate else None,
        dose_mg=doses[-1].dose_mg if doses else None,
        medicine=doses[-1].medicine if doses else None,
        weeks_on_dose=weeks_on,
        days_logged=len(logged),
        days_in_period=(end - start).days + 1,
    )


def _daily(history: History, profile: Profile, targets: Targets, days: list[dt.date]):
    weights = dict(history.weights)
    sessions = Counter(session.day for session in history.sessions_between(days[0], days[-1]))
    rows = []
    for day in days:
        trend_kg = history.trend_kg(day)
        meals = history.protein_g_by_day_meal.get(day)
        protein_g = sum(meals.values()) if meals else None
        reference_kg = body.reference_weight_kg(trend_kg, profile)[0] if trend_kg else None
        rate = history.loss_rate(day)
        rows.append(
            {
                "day": pd.Timestamp(day),
                "weight_kg": weights.get(day),
                "trend_kg": trend_kg,
                "loss_pct_per_week": rate.loss_pct_per_week if rate else None,
                "protein_g": protein_g,
                "protein_g_per_kg": protein_g / reference_kg
                if protein_g is not None and reference_kg
                else None,
                "meals_with_enough_protein": sum(
                    1 for grams in meals.values() if grams >= targets.protein_meal_g
                )
                if meals
                else None,
                "water_ml": history.water_ml_by_day.get(day),
                "water_target_ml": targets.water_ml_for(trend_kg, profile.sex),
                "pain_score": history.pain_by_day.get(day),
                "strength_sessions": sessions.get(day),
            }
        )
    return pd.DataFrame(rows).set_index("day").astype("float64")


def _weekly(history: History, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Whole weeks counted back from ``end``; the first may be cut short by ``start``."""
    rows = []
    week_end = end
    while week_end >= start:
        week_start = max(start, week_end - dt.timedelta(days=t.WEEK_DAYS - 1))
        sessions = history.sessions_between(week_start, week_end)
        minutes = sum(
            history.activity_min_by_day.get(week_start + dt.timedelta(days=n), 0.0)
            for n in range((week_end - week_start).days + 1)
        )
        rows.append(
            {
                "week_end": pd.Timestamp(week_end),
                "days": (week_end - week_start).days + 1,
                "strength_sessions": len(sessions),
                "glute_sessions": sum(1 for s in sessions if s.works_glutes),
                "activity_min": minutes,
            }
        )
        week_end -= dt.timedelta(days=t.WEEK_DAYS)
    frame = pd.DataFrame(
        rows, columns=["week_end", "days", "strength_sessions", "glute_sessions", "activity_min"]
    )
    return frame.iloc[::-1].set_index("week_end")


def _doses(doses: list[DoseTaken], start: dt.date) -> pd.DataFrame:
    before = [dose for dose in doses if dose.day < start]
    during = [dose for dose in doses if dose.day >= start]
    rows = []
    if before and (not during or during[0].day > start):
        rows.append((start, before[-1], True))  # the dose in effect as the period opens
    previous = (before[-1].medicine, before[-1].dose_mg) if before else None
    for dose in during:
        rows.append((dose.day, dose, (dose.medicine, dose.dose_mg) != previous))
        previous = (dose.medicine, dose.dose_mg)
    return pd.DataFrame(
        [
            {
                "day": pd.Timestamp(day),
                "medicine": dose.medicine.value,
                "dose_mg": dose.dose_mg,
                "changed": changed,
            }
            for day, dose, changed in rows
        ],
        columns=["day", "medicine", "dose_mg", "changed"],
    )


def _body_composition(history: History, start: dt.date, end: dt.date) -> pd.DataFrame:
    rows = []
    for day, lean_kg in history.lean_readings(end):
        weight_kg = history.weight_near(day)
        if day >= start and weight_kg is not None:
            rows.append(
                {
                    "day": pd.Timestamp(day),
                    "weight_kg": weight_kg,
                    "lean_kg": lean_kg,
                    "fat_kg": weight_kg - lean_kg,
                    "dxa": day in history.dxa_days,
                }
            )
    return pd.DataFrame(rows, columns=["day", "weight_kg", "lean_kg", "fat_kg", "dxa"])


LIFT_COLUMNS = ["day", "exercise", "estimate_kg", "reps", "per_kg"]
TEST_COLUMNS = ["day", "test", "value", "reference", "below"]


def _lifts(history: History, start: dt.date, end: dt.date) -> pd.DataFrame:
    in_period = [s for s in history.lifts if start <= s.day <= end]
    rows = []
    for point in strength.trend(in_period):
        weight_kg = history.trend_kg(point.day) or history.weight_near(point.day)
        per_kg = (
            strength.relative_strength(point.estimate_kg, weight_kg)
            if point.estimate_kg is not None
            else None
        )
        rows.append(
            {
                "day": pd.Timestamp(point.day),
                "exercise": point.exercise,
                "estimate_kg": point.estimate_kg,
                "reps": point.reps,
                "per_kg": per_kg,
            }
        )
    return pd.DataFrame(rows, columns=LIFT_COLUMNS).astype(
        {"estimate_kg": "float64", "reps": "float64", "per_kg": "float64"}
    )


def _tests(history: History, profile: Profile, start: dt.date, end: dt.date) -> pd.DataFrame:
    rows = []
    for result in history.function_results:
        if start <= result.day <= end:
            judged = function_tests.evaluate(result, profile.birth_year, profile.sex)
            line = function_tests.reference_line(
                result.kind, result.day, profile.birth_year, profile.sex
            )
            rows.append(
                {
                    "day": pd.Timestamp(result.day),
                    "test": result.kind.value,
                    "value": result.value,
                    "reference": line,
                    "below": judged.below_norm,
                }
            )
    return pd.DataFrame(rows, columns=TEST_COLUMNS).astype(
        {"value": "float64", "reference": "float64"}
    )


SIDE_EFFECT_ORDER = {effect.value: rank for rank, effect in enumerate(SideEffect)}


def _side_effects(history: History, start: dt.date, end: dt.date) -> pd.DataFrame:
    rows = [
        {"day": pd.Timestamp(day), "effect": effect, "grade": grade}
        for day, effects in history.side_effects_by_day.items()
        if start <= day <= end
        for effect, grade in effects.items()
    ]
    rows.sort(key=lambda row: (row["day"], SIDE_EFFECT_ORDER.get(row["effect"], len(SideEffect))))
    return pd.DataFrame(rows, columns=["day", "effect", "grade"])


def build(
    history: History, profile: Profile, targets: Targets, start: dt.date, end: dt.date
) -> Progress:
    start, end = min(start, end), max(start, end)
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    findings = guidance.assess(history, profile, targets, end)
    doses = medication.resolved(history.doses_until(end), profile.glp1_medicine)
    headline = _headline(history, doses, start, end)
    [loss] = [finding for finding in findings if finding.code == "loss_rate"]
    if loss.value is not None:  # the card's figure, rounded toward its status
        headline = replace(headline, rate_pct_per_week=loss.value)
    return Progress(
        start=start,
        end=end,
        weight_unit=profile.weight_unit,
        water_unit=profile.water_unit,
        targets=targets,
        strength_target=targets.strength_sessions_for(profile.age_on(end)),
        headline=headline,
        findings=findings,
        daily=_daily(history, profile, targets, days),
        weekly=_weekly(history, start, end),
        doses=_doses(doses, start),
        body_composition=_body_composition(history, start, end),
        side_effects=_side_effects(history, start, end),
        dose_log=tuple(doses),
        medication=medication.picture(history, end, profile.glp1_medicine),
        first_steps=first_steps(history, profile),
        lifts=_lifts(history, start, end),
        tests=_tests(history, profile, start, end),
    )
