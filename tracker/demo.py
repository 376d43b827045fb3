"""The demo: a patient twenty weeks into semaglutide, and a therapist.

The patient's story is the one the app exists for. She starts Wegovy at 98 kg and follows the
label's escalation (0.25, 0.5, 1.0, 1.7, 2.4 mg, four weeks each). Appetite falls with each step;
in weeks 9-13 she loses weight too fast while eating too little protein and drinking too little,
and her smart scale shows much of that loss was lean. She starts strength training late, then
picks up glute work twice a week, and by the last weeks her rate and protein are back on track.
So today's findings show every status: ok, watch, alert, and unknown (she forgot to log water
most of the last week). The data always ends today, so the demo never looks stale.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import secrets
from dataclasses import dataclass, replace

from sqlalchemy import Engine

from tracker import passwords
from tracker.domain import (
    Conflict,
    Drug,
    Entry,
    Exercise,
    Focus,
    InjectionSite,
    Kind,
    Meal,
    Profile,
    ProteinBasis,
    Role,
    Sex,
    User,
)
from tracker.repository import UnitOfWork
from tracker.units import WaterUnit, WeightUnit

PATIENT_EMAIL = "demo.patient@example.com"
THERAPIST_EMAIL = "demo.therapist@example.com"
WEEKS = 20
START_WEIGHT_KG = 98.0
START_FAT_PCT = 42.0
ESCALATION_MG = (0.25, 0.5, 1.0, 1.7, 2.4)
SITES = (
    InjectionSite.ABDOMEN_LEFT,
    InjectionSite.ABDOMEN_RIGHT,
    InjectionSite.THIGH_LEFT,
    InjectionSite.THIGH_RIGHT,
)

PROFILE = Profile(
    weight_unit=WeightUnit.KG,
    water_unit=WaterUnit.ML,
    height_cm=168.0,
    birth_year=1974,
    sex=Sex.FEMALE,
    glp1_drug=Drug.SEMAGLUTIDE,
    protein_basis=ProteinBasis.ACTUAL,
)


@dataclass(frozen=True)
class Phase:
    """How one stretch of weeks goes."""

    first_week: int
    loss_pct_per_week: float
    lean_share: float
    protein_by_meal_g: dict[Meal, float]
    water_ml: float
    strength_per_week: int
    walk_min_per_week: float


PHASES = (
    Phase(
        1,
        0.7,
        0.30,
        {Meal.BREAKFAST: 12, Meal.LUNCH: 24, Meal.DINNER: 30, Meal.SNACK: 8},
        1900,
        0,
        90,
    ),
    Phase(
        5,
        1.0,
        0.30,
        {Meal.BREAKFAST: 15, Meal.LUNCH: 22, Meal.DINNER: 28, Meal.SNACK: 8},
        1800,
        1,
        90,
    ),
    Phase(
        9,
        1.9,
        0.65,
        {Meal.BREAKFAST: 10, Meal.LUNCH: 18, Meal.DINNER: 24, Meal.SNACK: 6},
        1500,
        1,
        60,
    ),
    Phase(
        14,
        0.9,
        0.25,
        {Meal.BREAKFAST: 22, Meal.LUNCH: 34, Meal.DINNER: 38, Meal.SNACK: 14},
        2200,
        2,
        100,
    ),
    Phase(
        18,
        0.6,
        0.20,
        {Meal.BREAKFAST: 20, Meal.LUNCH: 38, Meal.DINNER: 42, Meal.SNACK: 15},
        2350,
        2,
        110,
    ),
)

WORKOUTS = (
    (
        Focus.GLUTES,
        (
            Exercise("Hip thrust", 3, 10, 40.0),
            Exercise("Glute bridge", 3, 15),
            Exercise("Side-lying hip abduction", 2, 15),
        ),
    ),
    (
        Focus.LOWER,
        (
            Exercise("Goblet squat", 3, 10, 12.0),
            Exercise("Romanian deadlift", 3, 10, 20.0),
            Exercise("Step-up", 2, 12),
        ),
    ),
    (
        Focus.FULL,
        (
            Exercise("Split squat", 3, 8),
            Exercise("Dumbbell row", 3, 10, 10.0),
            Exercise("Hip thrust", 3, 10, 45.0),
        ),
    ),
)


def _phase(week: int) -> Phase:
    return [phase for phase in PHASES if phase.first_week <= week][-1]


def patient_entries(today: dt.date, seed: int = 2026) -> list[Entry]:
    """Twenty weeks of the demo patient's log, ending on ``today``."""
    rng = random.Random(seed)
    start = today - dt.timedelta(days=WEEKS * 7 - 1)
    weight_kg = START_WEIGHT_KG
    fat_kg = START_WEIGHT_KG * START_FAT_PCT / 100
    entries: list[Entry] = []
    sessions_done = 0
    for offset in range(WEEKS * 7):
        day = start + dt.timedelta(days=offset)
        week = offset // 7 + 1
        weekday = offset % 7
        phase = _phase(week)
        last_week = (today - day).days < 7

        loss_kg = weight_kg * phase.loss_pct_per_week / 100 / 7
        weight_kg -= loss_kg
        fat_kg -= loss_kg * (1 - phase.lean_share)

        def at(hour: int, minute: int = 0) -> dt.time:
            return dt.time(hour, (minute + rng.randrange(0, 20)) % 60)

        if rng.random() < 0.88 or offset == 0 or last_week:
            entries.append(Entry(Kind.WEIGHT, day, round(weight_kg + rng.gauss(0, 0.35), 2), at(7)))
        if weekday == 0:
            fat_pct = 100 * fat_kg / weight_kg + rng.gauss(0, 0.2)
            entries.append(Entry(Kind.BODY_FAT, day, round(fat_pct, 1), at(7)))
            dose_mg = ESCALATION_MG[min((week - 1) // 4, len(ESCALATION_MG) - 1)]
            site = SITES[(week - 1) % len(SITES)]
            note = "Step up to the next dose" if (week - 1) % 4 == 0 and week > 1 else ""
            entries.append(
                Entry(
                    Kind.DOSE,
                    day,
                    dose_mg,
                    at(20),
                    label=Drug.SEMAGLUTIDE.value,
                    site=site.value,
                    note=note,
                )
            )
        if weekday == 3 and week % 2 == 0:
            entries.append(
                Entry(Kind.WAIST, day, round(112 - 0.9 * (98 - weight_kg) / 1.0, 1), at(7, 30))
            )
            entries.append(Entry(Kind.HIP, day, round(121 - 0.7 * (98 - weight_kg), 1), at(7, 30)))

        for meal, hour in (
            (Meal.BREAKFAST, 8),
            (Meal.LUNCH, 12),
            (Meal.DINNER, 19),
            (Meal.SNACK, 16),
        ):
            grams = phase.protein_by_meal_g[meal] * rng.uniform(0.85, 1.15)
            if meal is Meal.SNACK and rng.random() < 0.3:
                continue
            entries.append(Entry(Kind.PROTEIN, day, round(grams, 1), at(hour), label=meal.value))

        if not last_week or weekday in (1, 4):
            target = phase.water_ml * rng.uniform(0.9, 1.1)
            glasses = max(3, round(target / 400))
            for glass in range(glasses):
                entries.append(Entry(Kind.WATER, day, round(target / glasses), at(8 + 2 * glass)))

        strength_days = {0: (), 1: (2,), 2: (1, 4), 3: (0, 2, 4)}[phase.strength_per_week]
        if weekday in strength_days and week >= 4:
            focus, exercises = WORKOUTS[sessions_done % len(WORKOUTS)]
            sessions_done += 1
            entries.append(
                Entry(
                    Kind.STRENGTH,
                    day,
                    40 + 5 * rng.randrange(0, 4),
                    at(18),
                    label=focus.value,
                    exercises=exercises,
                )
            )
        walks = round(phase.walk_min_per_week / 30)
        if weekday in (0, 2, 3, 5, 6)[:walks]:
            minutes = round(phase.walk_min_per_week / walks * rng.uniform(0.85, 1.15))
            entries.append(Entry(Kind.ACTIVITY, day, minutes, at(17), label="walk"))
    return entries


def patient_profile(today: dt.date) -> Profile:
    return replace(PROFILE, glp1_start=today - dt.timedelta(days=WEEKS * 7 - 1))


def seed(engine: Engine, today: dt.date) -> tuple[User, User]:
    """Replace the demo accounts with fresh ones whose data ends on ``today``, in one go."""
    # Demo accounts are entered through the sign-in page's demo button, never by password.
    password_hash = passwords.hash_password(secrets.token_urlsafe(24))
    with UnitOfWork(engine, write=True) as uow:
        for user in uow.users.demo_users():
            uow.users.delete(user.id)
        patient = uow.users.add(PATIENT_EMAIL, "Maria (demo)", password_hash, Role.PATIENT, True)
        therapist = uow.users.add(
            THERAPIST_EMAIL, "Sam, PT (demo)", password_hash, Role.THERAPIST, True
        )
        uow.users.save_profile(patient.id, patient_profile(today))
        uow.entries.add_many(patient.id, patient_entries(today))
        uow.commit()
    return patient, therapist


def account(engine: Engine, role: Role, today: dt.date) -> User:
    """The demo account of ``role``; seeded afresh if missing or if its log ends before today."""
    with UnitOfWork(engine) as uow:
        demo_users = {user.role: user for user in uow.users.demo_users()}
        patient = demo_users.get(Role.PATIENT)
        current = patient is not None and bool(
            uow.entries.list(patient.id, today, today, [Kind.WEIGHT])
        )
    if role in demo_users and current:
        return demo_users[role]
    try:
        patient, therapist = seed(engine, today)
    except Conflict:  # another visitor seeded it a moment ago: use theirs
        with UnitOfWork(engine) as uow:
            return next(user for user in uow.users.demo_users() if user.role is role)
    return patient if role is Role.PATIENT else therapist


def enabled() -> bool:
    """Whether the sign-in page offers the demo (a clinic's server turns it off)."""
    return os.environ.get("TRACKER_DEMO", "on").strip().lower() not in {"off", "0", "false", "no"}
