"""The benchmark patient: years of a diligent patient's daily log, the same on every run.

``three_year_entries`` builds the log of a woman on semaglutide who weighs in, logs her meals and
water every day, lifts three times a week and walks five. Every entry is run through
``tracker.formats.validate.entry``, so the list is exactly what the tracker stores;
``profile`` is her
settings. Only ``random.Random(seed)`` draws the numbers, so a date and a seed give one log.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from collections.abc import Iterator

from tracker.domain import (
    ActivityType,
    Entry,
    Exercise,
    Focus,
    InjectionSite,
    Kind,
    Meal,
    Medicine,
    Profile,
    ProteinBasis,
    Sex,
)
from tracker.formats import validate

START_KG = 105.0
LOSS_KG = 22.0
"""Total loss she plateaus at (105 kg -> about 83 kg)."""
LOSS_TIME_CONSTANT_DAYS = 240.0
"""Loss slows exponentially: about 63 % of it in the first 8 months, the rest flattening out."""
WEIGHT_NOISE_KG = 0.8
"""Day-to-day swing of a weigh-in on water, salt and what is in the gut."""

START_FAT_PCT = 44.0
FAT_LOST_PCT = 8.0

DOSE_STEPS_MG = (0.25, 0.5, 1.0, 1.7, 2.4)
"""Wegovy's escalation: four weeks on each step, then 2.4 mg a week."""
WEEKS_PER_STEP = 4

MEALS: dict[Meal, tuple[dt.time, float, float]] = {
    Meal.BREAKFAST: (dt.time(7, 45), 18.0, 35.0),
    Meal.LUNCH: (dt.time(12, 30), 22.0, 42.0),
    Meal.SNACK: (dt.time(16, 0), 8.0, 20.0),
    Meal.DINNER: (dt.time(19, 0), 28.0, 50.0),
}
"""Meal -> (usual time, fewest grams, most grams of protein)."""

WATER_TIMES = (
    dt.time(8, 0),
    dt.time(10, 30),
    dt.time(13, 0),
    dt.time(15, 30),
    dt.time(18, 0),
    dt.time(20, 30),
)
WATER_ML = (250, 300, 330, 350, 400, 450, 500)
"""A glass, a can, a bottle: what people actually log."""

STRENGTH_DAYS = frozenset({0, 2, 4})  # Monday, Wednesday, Friday
WALK_DAYS = frozenset({0, 1, 3, 4, 6})  # five walks a week
FOCUS_CYCLE = (Focus.GLUTES, Focus.LOWER, Focus.UPPER, Focus.FULL)

ExerciseSpec = tuple[str, int, int, float | None, float]
"""Name, sets, reps, starting load (kg; None for body weight), load gained over the years (kg)."""

EXERCISES: dict[Focus, tuple[ExerciseSpec, ...]] = {
    Focus.GLUTES: (
        ("Hip thrust", 3, 10, 40.0, 40.0),
        ("Glute bridge", 3, 15, None, 0.0),
        ("Cable kickback", 3, 12, 10.0, 7.5),
        ("Hip abduction machine", 3, 15, 25.0, 20.0),
    ),
    Focus.LOWER: (
        ("Goblet squat", 3, 10, 12.0, 12.0),
        ("Romanian deadlift", 3, 8, 30.0, 30.0),
        ("Walking lunge", 3, 12, None, 0.0),
        ("Leg press", 4, 10, 60.0, 50.0),
    ),
    Focus.UPPER: (
        ("Lat pulldown", 3, 10, 25.0, 15.0),
        ("Seated row", 3, 10, 25.0, 15.0),
        ("Dumbbell bench press", 3, 10, 8.0, 8.0),
        ("Push-up", 3, 8, None, 0.0),
    ),
    Focus.FULL: (
        ("Deadlift", 3, 6, 40.0, 40.0),
        ("Kettlebell swing", 3, 15, 12.0, 8.0),
        ("Overhead press", 3, 8, 15.0, 10.0),
        ("Step-up", 3, 10, None, 0.0),
    ),
}


def profile(end: dt.date, years: int = 3) -> Profile:
    """Her settings: 165 cm, born 1978, on semaglutide since the first day of the log."""
    return Profile(
        height_cm=165.0,
        birth_year=1978,
        sex=Sex.FEMALE,
        glp1_medicine=Medicine.WEGOVY,
        glp1_start=first_day(end, years),
        protein_basis=ProteinBasis.ADJUSTED,
    )


def first_day(end: dt.date, years: int = 3) -> dt.date:
    return end - dt.timedelta(days=round(365.25 * years) - 1)


def three_year_entries(end: dt.date, years: int = 3, seed: int = 7) -> list[Entry]:
    """``years`` years of daily entries ending on ``end``, validated, in day and time order."""
    rng = random.Random(seed)
    start = first_day(end, years)
    total_days = (end - start).days + 1
    raw = [
        entry
        for offset in range(total_days)
        for entry in _day(rng, start + dt.timedelta(days=offset), offset, total_days)
    ]
    raw.sort(key=lambda entry: (entry.day, entry.time or dt.time.min))
    return [validate.entry(entry, today=end) for entry in raw]


def counts(entries: list[Entry]) -> dict[str, int]:
    """Entries by kind, and the strength sessions' exercises (``exercise``), for reports."""
    by_kind = Counter(entry.kind.value for entry in entries)
    result = {kind.value: by_kind[kind.value] for kind in Kind if by_kind[kind.value]}
    result["exercise"] = sum(len(entry.exercises) for entry in entries)
    return result


def _jitter(rng: random.Random, at: dt.time, minutes: int) -> dt.time:
    """``at`` moved by up to ``minutes`` either way (staying within the day)."""
    moment = dt.datetime.combine(dt.date.min, at) + dt.timedelta(
        minutes=rng.randint(-minutes, minutes)
    )
    return moment.time()


def _day(rng: random.Random, day: dt.date, offset: int, total_days: int) -> Iterator[Entry]:
    progress = 1.0 - math.exp(-offset / LOSS_TIME_CONSTANT_DAYS)
    weight_kg = START_KG - LOSS_KG * progress + rng.uniform(-WEIGHT_NOISE_KG, WEIGHT_NOISE_KG)
    weigh_in = _jitter(rng, dt.time(7, 0), 20)
    yield Entry(Kind.WEIGHT, day, round(weight_kg, 2), time=weigh_in)

    week, weekday = divmod(offset, 7)
    if weekday == 0:
        fat_pct = START_FAT_PCT - FAT_LOST_PCT * progress + rng.uniform(-0.6, 0.6)
        yield Entry(Kind.BODY_FAT, day, round(fat_pct, 1), time=weigh_in)
        step = min(week // WEEKS_PER_STEP, len(DOSE_STEPS_MG) - 1)
        sites = list(InjectionSite)
        yield Entry(
            Kind.DOSE,
            day,
            DOSE_STEPS_MG[step],
            time=_jitter(rng, dt.time(9, 0), 30),
            label=Medicine.WEGOVY.value,
            site=sites[week % len(sites)].value,
        )

    for meal, (at, low_g, high_g) in MEALS.items():
        grams = round(rng.uniform(low_g, high_g), 1)
        yield Entry(Kind.PROTEIN, day, grams, time=_jitter(rng, at, 30), label=meal.value)

    for at in WATER_TIMES:
        yield Entry(Kind.WATER, day, rng.choice(WATER_ML), time=_jitter(rng, at, 45))

    if day.weekday() in WALK_DAYS:
        yield Entry(
            Kind.ACTIVITY,
            day,
            rng.randint(20, 60),
            time=_jitter(rng, dt.time(12, 45), 15),
            label=ActivityType.WALK.value,
        )

    if day.weekday() in STRENGTH_DAYS:
        calendar_week = (day.toordinal() - 1) // 7  # weeks run Monday to Sunday
        session = calendar_week * len(STRENGTH_DAYS) + sorted(STRENGTH_DAYS).index(day.weekday())
        focus = FOCUS_CYCLE[session % len(FOCUS_CYCLE)]
        specs = rng.sample(EXERCISES[focus], rng.randint(2, 4))
        yield Entry(
            Kind.STRENGTH,
            day,
            rng.randint(30, 60),
            time=_jitter(rng, dt.time(18, 0), 30),
            label=focus.value,
            exercises=tuple(_exercise(spec, offset / total_days) for spec in specs),
        )


def _exercise(spec: ExerciseSpec, progress: float) -> Exercise:
    """The exercise with its load grown with training, to the nearest 2.5 kg plate step."""
    name, sets, reps, start_kg, gain_kg = spec
    if start_kg is None:
        return Exercise(name, sets, reps)
    return Exercise(name, sets, reps, round((start_kg + gain_kg * progress) / 2.5) * 2.5)
