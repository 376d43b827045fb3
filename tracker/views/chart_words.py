"""Each Progress chart in one sentence: what a screen reader reads, and a glance for everyone.

Keyed like the figures (``charts.KEYS``); computed from the same ``Progress`` frames, so the
sentence and the picture always agree.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from tracker.domain import SEVERITY_WORDS, FunctionTest, Profile
from tracker.rules import function_tests
from tracker.units import format_number
from tracker.views import display
from tracker.views import medicine_words as medicines
from tracker.views.charts import LEVEL_KEY
from tracker.views.progress import Progress


def _day(stamp) -> str:
    return f"{pd.Timestamp(stamp):%d %b}"


def _logged(series: pd.Series) -> pd.Series:
    return series.dropna()


def _weight(p: Progress) -> str:
    weighed = _logged(p.daily["weight_kg"])
    trend = _logged(p.daily["trend_kg"])
    if trend.empty:
        return f"Weight: {len(weighed)} weigh-ins; too few for a trend yet."
    first, last = trend.index[0], trend.index[-1]
    return (
        f"Weight: {len(weighed)} weigh-ins. The trend went from "
        f"{display.weight_text(trend.iloc[0], p.weight_unit)} on {_day(first)} to "
        f"{display.weight_text(trend.iloc[-1], p.weight_unit)} on {_day(last)}."
    )


def _level(p: Progress) -> str:
    during = [dose for dose in p.dose_log if p.start <= dose.day <= p.end]
    if not during:
        return "Estimated medicine level: no dose in this period."
    last = during[-1]
    return (
        f"Estimated medicine level after each dose: {len(during)} doses in the period, the "
        f"last {format_number(last.dose_mg, 3)} mg of {medicines.name(last.medicine)} on "
        f"{_day(last.day)}."
    )


def _loss_rate(p: Progress) -> str:
    rates = _logged(p.daily["loss_pct_per_week"])
    limit = format_number(p.targets.loss_ok_max_pct_per_week, 2)
    return (
        f"Rate of loss: {format_number(rates.iloc[-1], 2)} % of body weight a week on "
        f"{_day(rates.index[-1])}, against at most {limit} % a week for gradual loss."
    )


def _protein(p: Progress) -> str:
    grams = _logged(p.daily["protein_g"])
    meals = _logged(p.daily["meals_with_enough_protein"])
    enough = int((meals >= p.targets.protein_meals_ok).sum())
    return (
        f"Protein: {format_number(grams.mean(), 0)} g a day on average over {len(grams)} "
        f"logged days; {enough} of them had {format_number(p.targets.protein_meals_ok, 0)} "
        f"meals of {format_number(p.targets.protein_meal_g, 0)} g or more."
    )


def _water(p: Progress) -> str:
    water = _logged(p.daily["water_ml"])
    target = _logged(p.daily["water_target_ml"])
    aim = (
        f", against about {display.water_text(target.iloc[-1], p.water_unit)}"
        if not target.empty
        else ""
    )
    return (
        f"Water: {display.water_text(water.mean(), p.water_unit)} a day on average over "
        f"{len(water)} logged days{aim}."
    )


def _side_effects(p: Progress) -> str:
    frame = p.side_effects
    felt = frame[frame["grade"] > 0]
    if felt.empty:
        return f"Side effects: logged on {frame['day'].nunique()} days, none felt."
    parts = []
    for effect, rows in felt.groupby("effect", sort=False):
        worst = SEVERITY_WORDS[int(rows["grade"].max())]
        name = display.SIDE_EFFECT_NAMES.get(effect, effect).lower()
        parts.append(f"{name} on {rows['day'].nunique()} days (at worst {worst})")
    return "Side effects: " + "; ".join(parts) + "."


def _strength(p: Progress) -> str:
    weekly = p.weekly
    return (
        f"Strength training: {int(weekly['strength_sessions'].sum())} sessions in "
        f"{len(weekly)} weeks, {int(weekly['glute_sessions'].sum())} of them for glutes or "
        f"legs; the aim is {format_number(p.strength_target, 0)} a week."
    )


def _activity(p: Progress) -> str:
    weekly = p.weekly
    full = weekly[weekly["days"] == 7]
    minutes = (full if not full.empty else weekly)["activity_min"]
    short = int((minutes < p.targets.activity_ok_min).sum())
    return (
        f"Activity: {format_number(minutes.mean(), 0)} minutes a week on average; "
        f"{short} of {len(minutes)} weeks under {format_number(p.targets.activity_ok_min, 0)}."
    )


def _pain(p: Progress) -> str:
    pain = _logged(p.daily["pain_score"])
    worst_day = pain.idxmax()
    return (
        f"Buttock and hip pain: logged on {len(pain)} days, at worst "
        f"{format_number(pain.max(), 0)}/10 on {_day(worst_day)}, latest "
        f"{format_number(pain.iloc[-1], 0)}/10 on {_day(pain.index[-1])}."
    )


def _body_composition(p: Progress) -> str:
    frame = p.body_composition
    first, last = frame.iloc[0], frame.iloc[-1]
    unit = p.weight_unit
    return (
        f"Body composition: {len(frame)} readings. Lean mass "
        f"{display.weight_text(first['lean_kg'], unit)} to "
        f"{display.weight_text(last['lean_kg'], unit)}, fat mass "
        f"{display.weight_text(first['fat_kg'], unit)} to "
        f"{display.weight_text(last['fat_kg'], unit)}, {_day(first['day'])} to "
        f"{_day(last['day'])}."
    )


def _muscle(p: Progress) -> str:
    parts = []
    loaded = p.lifts[p.lifts["estimate_kg"].notna()]
    for name, rows in loaded.groupby("exercise", sort=False):
        first, last = rows.iloc[0], rows.iloc[-1]
        parts.append(
            f"{name} estimated max {display.weight_text(first['estimate_kg'], p.weight_unit)} "
            f"on {_day(first['day'])} to {display.weight_text(last['estimate_kg'], p.weight_unit)}"
            f" on {_day(last['day'])}"
        )
    for test in FunctionTest:
        rows = p.tests[p.tests["test"] == test.value]
        if rows.empty:
            continue
        info = function_tests.INFO[test]
        units = Profile(weight_unit=p.weight_unit, water_unit=p.water_unit)
        values = [display.value_text(test.kind, value, units) for value in rows["value"]]
        below = int((rows["below"] == True).sum())  # noqa: E712 (None is neither)
        judged = f", {below} below the reference" if below else ""
        parts.append(f"{info.name}: {', '.join(values)}{judged}")
    return "Strength and function: " + "; ".join(parts) + "."


SUMMARIES: dict[str, Callable[[Progress], str]] = {
    "weight": _weight,
    LEVEL_KEY: _level,
    "muscle": _muscle,
    "loss_rate": _loss_rate,
    "protein": _protein,
    "water": _water,
    "side_effects": _side_effects,
    "strength": _strength,
    "activity": _activity,
    "pain": _pain,
    "body_composition": _body_composition,
}


def summary(p: Progress, key: str) -> str:
    """The sentence for the chart ``key`` (a figure ``charts.figures`` drew, so with data)."""
    return SUMMARIES[key](p)
