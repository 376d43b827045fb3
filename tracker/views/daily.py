"""The daily report: one row per day with its totals, the trend and every finding's status.

Pure: it reads a ``History`` and writes rows; the CSV is in the patient's units, with the unit
in each column's name.

Muscle kept, measured: each function test done that day (the day's last result of each, the
one the findings read as the latest), the day's best estimated one-rep maximum of the main
lower-body lifts with the exercise it came from, and the strength-kept change against the
baseline as the finding measures it on that day.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

from tracker.domain import FunctionTest, Profile
from tracker.formats.entries_csv import neutralise
from tracker.rules import body, guidance, strength
from tracker.rules.history import History
from tracker.rules.targets import Targets
from tracker.units import (
    WaterUnit,
    WeightUnit,
    format_number,
    kg_to_lb,
    ml_to_fl_oz,
)


def _mass(weight_kg: float | None, unit: WeightUnit) -> str:
    if weight_kg is None:
        return ""
    return format_number(kg_to_lb(weight_kg) if unit is WeightUnit.LB else weight_kg, 2)


def _volume(volume_ml: float | None, unit: WaterUnit) -> str:
    if volume_ml is None:
        return ""
    if unit is WaterUnit.FL_OZ:
        return format_number(ml_to_fl_oz(volume_ml), 1)
    return format_number(volume_ml, 0)


def _plain(value: float | None, decimals: int) -> str:
    return "" if value is None else format_number(value, decimals)


def header(profile: Profile) -> list[str]:
    weight, water = profile.weight_unit.value, profile.water_unit.value
    return [
        "date",
        f"weight_{weight}",
        f"trend_{weight}",
        "loss_pct_per_week",
        "protein_g",
        "protein_g_per_kg",
        "meals_with_enough_protein",
        f"water_{water}",
        f"water_target_{water}",
        "water_pct_of_target",
        "strength_sessions_7d",
        "glute_sessions_7d",
        "activity_min_7d",
        "dose_mg",
        "chair_stand_30s_stands",
        "sit_to_stand_5x_s",
        f"grip_{weight}",
        "gait_speed_m_s",
        "sarc_f_score",
        f"lower_body_1rm_{weight}",
        "lower_body_1rm_exercise",
        "strength_change_pct",
        *(f"status_{code}" for code in guidance.CODES),
    ]


TEST_DECIMALS = {
    FunctionTest.CHAIR_STAND_30S: 0,
    FunctionTest.FIVE_TIMES_SIT_TO_STAND: 1,
    FunctionTest.GAIT_SPEED: 2,
    FunctionTest.SARC_F: 0,
}
"""Decimals of the function tests in their own units (grip is a mass, in the patient's unit)."""


def _tests_by_day(history: History) -> dict[dt.date, dict[FunctionTest, float]]:
    """Each day's function test results; of two of one test on a day, the later given."""
    by_day: dict[dt.date, dict[FunctionTest, float]] = {}
    for result in history.function_results:
        by_day.setdefault(result.day, {})[result.kind] = result.value
    return by_day


def _best_lifts(history: History) -> dict[dt.date, strength.TrendPoint]:
    """Each day's best estimated 1RM among the main lower-body lifts under load
    (``strength.trend``); days with body-weight work alone have none."""
    best: dict[dt.date, strength.TrendPoint] = {}
    for point in strength.trend(history.lifts):
        if point.estimate_kg is None:
            continue
        held = best.get(point.day)
        if held is None or point.estimate_kg > (held.estimate_kg or 0.0):
            best[point.day] = point
    return best


TEST_ORDER = (
    FunctionTest.CHAIR_STAND_30S,
    FunctionTest.FIVE_TIMES_SIT_TO_STAND,
    FunctionTest.GRIP,
    FunctionTest.GAIT_SPEED,
    FunctionTest.SARC_F,
)
"""The function tests' columns, in ``header``'s order."""


def _test_cells(results: dict[FunctionTest, float], unit: WeightUnit) -> list[str]:
    cells = []
    for test in TEST_ORDER:
        value = results.get(test)
        if test is FunctionTest.GRIP:
            cells.append(_mass(value, unit))
        else:
            cells.append(_plain(value, TEST_DECIMALS[test]))
    return cells


def rows(
    history: History, profile: Profile, targets: Targets, start: dt.date, end: dt.date
) -> Iterator[list[str]]:
    """One row for each day from ``start`` to ``end``, both included."""
    weights = dict(history.weights)
    tests = _tests_by_day(history)
    lifts = _best_lifts(history)
    doses: dict[dt.date, float] = {}
    for dose in history.doses:
        doses[dose.day] = doses.get(dose.day, 0.0) + dose.dose_mg
    day = start
    while day <= end:
        trend_kg = history.trend_kg(day)
        reference_kg = body.reference_weight_kg(trend_kg, profile)[0] if trend_kg else None
        meals = history.protein_g_by_day_meal.get(day)
        protein_g = sum(meals.values()) if meals else None
        water_ml = history.water_ml_by_day.get(day)
        water_target = targets.water_ml_for(trend_kg, profile.sex)
        sessions = history.sessions_in_week(day)
        findings = guidance.assess(history, profile, targets, day)
        # Where a finding measures the same thing, its figure (rounded toward its status).
        measured = {finding.code: finding.value for finding in findings}
        active_min = measured["activity"]
        lift = lifts.get(day)
        yield [
            day.isoformat(),
            _mass(weights.get(day), profile.weight_unit),
            _mass(trend_kg, profile.weight_unit),
            _plain(measured["loss_rate"], 2),  # None exactly when there is no rate
            _plain(protein_g, 1),
            _plain(protein_g / reference_kg if protein_g is not None and reference_kg else None, 2),
            _plain(
                sum(1 for grams in meals.values() if grams >= targets.protein_meal_g)
                if meals
                else None,
                0,
            ),
            _volume(water_ml, profile.water_unit),
            _volume(water_target, profile.water_unit),
            _plain(100.0 * water_ml / water_target if water_ml and water_target else None, 0),
            str(len(sessions)),
            str(sum(1 for s in sessions if s.works_glutes)),
            _plain(active_min if active_min is not None else history.activity_min(day), 0),
            _plain(doses.get(day), 3),
            *_test_cells(tests.get(day, {}), profile.weight_unit),
            _mass(lift.estimate_kg if lift else None, profile.weight_unit),
            neutralise(lift.exercise) if lift else "",
            _plain(measured["strength_kept"], 1),
            *(finding.status.value for finding in findings),
        ]
        day += dt.timedelta(days=1)


def write(
    history: History, profile: Profile, targets: Targets, start: dt.date, end: dt.date
) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header(profile))
    writer.writerows(rows(history, profile, targets, start, end))
    return buffer.getvalue()
