"""The demo: patients twenty weeks into their GLP-1 medicine, and their physical therapist.

Maria's story is the one the app exists for. She starts Wegovy at 98 kg and follows the label's
escalation (0.25, 0.5, 1.0, 1.7, 2.4 mg, four weeks each). Appetite falls with each step; in
weeks 9-13 she loses weight too fast while eating too little protein and drinking too little,
and her smart scale shows much of that loss was lean. She starts strength training late (week
5, once a week), then picks up glute work twice a week, and by the last weeks her rate and
protein are back on track. Her lifts (hip thrust, goblet squat, Romanian deadlift, sets of 10
with their loads) tell the same story: they climb in her first weeks of lifting, fall about
12 % below them in the weeks of fast loss (a strength watch fifty days ago), and end about 12 %
above them, so today her strength is kept: the training and protein came in time. Her 30-second
chair stand goes from 11 stands in week 2 to 15 in week 18 (at 52 she is under the ages the
norm covers, so only her own change is judged), and her SARC-F answers, at the start and every
4 weeks, score 0 to 2. So today's findings show every status: ok, watch, alert, and unknown
(she forgot to log water most of the last week).

Four more patients fill the demo therapist's caseload in other states: James losing too fast
on Zepbound with little protein, no training (so no lifts to judge) and weeks of nausea, whose
grip at the clinic fell from 46 to 40.5 kg; Aisha doing everything right, her lifts up about a
sixth, her chair stand up and SARC-F at 0; Tom (67, with type 2 diabetes, on Rybelsus tablets a
day) who stopped logging nine days ago, lifting a little more than at first, with a chair stand,
five times sit-to-stand, grip and walking speed at the clinic in weeks 3 and 16, all within
their references; and Lena on Saxenda drifting into watches, her lifts down about 12 % on her
first weeks and her chair stand from 16 to 12 stands, who answered yes to a red-flag question
two days ago (vomiting that keeps her from drinking). Each follows their brand's escalation. The
logs always end today (or nine days before, for Tom), so the demo never looks stale.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import secrets
from dataclasses import dataclass, replace

from sqlalchemy import Engine

from tracker import config
from tracker.domain import (
    Conflict,
    Entry,
    Exercise,
    Focus,
    InjectionSite,
    Kind,
    Meal,
    Medicine,
    PlanItem,
    Profile,
    ProteinBasis,
    RedFlag,
    Role,
    Sex,
    ShareStatus,
    TestedAt,
    User,
)
from tracker.rules import function_tests, medicines
from tracker.services import passwords
from tracker.store.unit_of_work import UnitOfWork

THERAPIST_EMAIL = "demo.therapist@example.com"
PATIENT_EMAIL = "demo.patient@example.com"
WEEKS = 20
SITES = (
    InjectionSite.ABDOMEN_LEFT,
    InjectionSite.ABDOMEN_RIGHT,
    InjectionSite.THIGH_LEFT,
    InjectionSite.THIGH_RIGHT,
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


def _meals(breakfast: float, lunch: float, dinner: float, snack: float) -> dict[Meal, float]:
    return {Meal.BREAKFAST: breakfast, Meal.LUNCH: lunch, Meal.DINNER: dinner, Meal.SNACK: snack}


def _at_home(kind: Kind, week: int, result: float) -> tuple[Kind, int, float, str]:
    return kind, week, result, TestedAt.HOME.value


def _at_clinic(kind: Kind, week: int, result: float) -> tuple[Kind, int, float, str]:
    return kind, week, result, TestedAt.CLINIC.value


def _sarc_f(week: int, *points: int) -> tuple[Kind, int, float, str]:
    """SARC-F answered in ``week``: the points of each question, in the questionnaire's order
    (strength, walking, rising from a chair, stairs, falls)."""
    answers = dict(zip((q.code for q in function_tests.SARC_F), points, strict=True))
    return Kind.SARC_F, week, sum(points), function_tests.answers_label(answers)


@dataclass(frozen=True)
class Story:
    """One demo patient: who they are and how their twenty weeks go."""

    email: str
    name: str
    profile: Profile
    start_kg: float
    start_fat_pct: float
    phases: tuple[Phase, ...]
    seed: int
    water_gap_last_week: bool = False
    """Water logged on only two of the last eight days (an 'unknown' finding)."""
    silent_days: int = 0
    """Nothing logged in the last days: a patient who stopped."""
    first_strength_week: int = 4
    plan: tuple[tuple[str, int, int | None, int | None, int], ...] = ()
    """Exercise plan: (library code, sets, reps, hold seconds, days a week)."""
    plan_days_done: int = 0
    """How many of the plan's days of the last week were ticked done."""
    side_effects: tuple[tuple[str, int, int, int, int], ...] = ()
    """(effect, first week, last week, grade, days a week)."""
    pain: tuple[tuple[int, int, float, float, int], ...] = ()
    """Left-buttock pain: (first week, last week, score at the start, at the end, days a week)."""
    red_flag: tuple[str, int] | None = None
    """A red-flag question answered yes that many days ago (the rest answered no)."""
    lift_scale: float = 1.0
    """The loads of ``WORKOUTS`` times this are what this person lifts at first."""
    strength: tuple[tuple[float, float], ...] = ((1, 1.0),)
    """How strong they are, relative to the first loads: (week, level) points with straight
    lines between (flat before the first and after the last); every loaded lift follows it."""
    tests: tuple[tuple[Kind, int, float, str], ...] = ()
    """Function tests and SARC-F answers: (kind, week, result, label)."""

    def phase(self, week: int) -> Phase:
        return [phase for phase in self.phases if phase.first_week <= week][-1]


MARIA = Story(
    email=PATIENT_EMAIL,
    name="Maria (demo)",
    profile=Profile(
        height_cm=168.0,
        birth_year=1974,
        sex=Sex.FEMALE,
        glp1_medicine=Medicine.WEGOVY,
        protein_basis=ProteinBasis.ACTUAL,
        has_diabetes=False,
        insulin_or_sulfonylurea=False,
    ),
    start_kg=98.0,
    start_fat_pct=42.0,
    phases=(
        Phase(1, 0.7, 0.30, _meals(12, 24, 30, 8), 1900, 0, 90),
        Phase(5, 1.0, 0.30, _meals(15, 22, 28, 8), 1800, 1, 90),
        Phase(9, 1.9, 0.65, _meals(10, 18, 24, 6), 1500, 1, 60),
        Phase(14, 0.9, 0.25, _meals(22, 34, 38, 14), 2200, 2, 100),
        Phase(18, 0.6, 0.20, _meals(20, 38, 42, 15), 2350, 2, 110),
    ),
    seed=2026,
    water_gap_last_week=True,
    plan=(
        ("hip_thrust", 3, 10, None, 2),
        ("clamshell", 3, 15, None, 2),
        ("glute_stretch", 2, None, 30, 3),
    ),
    plan_days_done=4,
    side_effects=(
        ("nausea", 9, 13, 2, 4),
        ("reduced_appetite", 9, 12, 1, 3),
        ("injection_site_reaction", 5, 5, 1, 1),
    ),
    pain=((11, 16, 2, 5, 3), (17, 20, 4, 1, 2)),
    # A beginner's quick gains, the dip of the fast weeks, and more than made up by the end.
    strength=((5, 1.0), (8.5, 1.08), (10, 0.9), (12.5, 0.88), (14, 0.97), (20, 1.14)),
    tests=(
        *(_sarc_f(week, 0, 0, 0, 1, 0) for week in (1, 5, 9)),
        _sarc_f(13, 1, 0, 0, 1, 0),
        _sarc_f(17, 0, 0, 0, 0, 0),
        _at_home(Kind.CHAIR_STAND_30S, 2, 11),
        _at_home(Kind.CHAIR_STAND_30S, 18, 15),
    ),
)

STORIES: tuple[Story, ...] = (
    MARIA,
    Story(
        email="demo.james@example.com",
        name="James (demo)",
        profile=Profile(
            height_cm=182.0, birth_year=1971, sex=Sex.MALE, glp1_medicine=Medicine.ZEPBOUND
        ),
        start_kg=124.0,
        start_fat_pct=38.0,
        phases=(
            Phase(1, 1.0, 0.30, _meals(15, 25, 35, 5), 2200, 0, 60),
            Phase(10, 1.8, 0.55, _meals(10, 18, 25, 5), 1700, 0, 40),
        ),
        seed=7,
        first_strength_week=99,
        side_effects=(("nausea", 15, 20, 3, 4), ("constipation", 17, 20, 2, 3)),
        tests=(_at_clinic(Kind.GRIP_STRENGTH, 2, 46.0), _at_clinic(Kind.GRIP_STRENGTH, 18, 40.5)),
    ),
    Story(
        email="demo.aisha@example.com",
        name="Aisha (demo)",
        profile=Profile(
            height_cm=163.0, birth_year=1987, sex=Sex.FEMALE, glp1_medicine=Medicine.WEGOVY
        ),
        start_kg=89.0,
        start_fat_pct=40.0,
        phases=(Phase(1, 0.7, 0.20, _meals(30, 35, 40, 15), 2900, 3, 200),),
        seed=11,
        first_strength_week=1,
        plan=(("bridge", 3, 12, None, 3), ("split_squat", 3, 8, None, 2)),
        plan_days_done=5,
        strength=((1, 1.0), (20, 1.25)),
        tests=(
            _sarc_f(1, 0, 0, 0, 0, 0),
            _sarc_f(17, 0, 0, 0, 0, 0),
            _at_home(Kind.CHAIR_STAND_30S, 1, 17),
            _at_home(Kind.CHAIR_STAND_30S, 17, 20),
        ),
    ),
    Story(
        email="demo.tom@example.com",
        name="Tom (demo)",
        profile=Profile(
            height_cm=176.0,
            birth_year=1959,
            sex=Sex.MALE,
            glp1_medicine=Medicine.RYBELSUS,
            has_diabetes=True,
            insulin_or_sulfonylurea=False,
        ),
        start_kg=104.0,
        start_fat_pct=35.0,
        phases=(Phase(1, 0.8, 0.30, _meals(20, 30, 35, 5), 2300, 2, 140),),
        seed=13,
        silent_days=9,
        lift_scale=1.3,
        strength=((4, 1.0), (20, 1.08)),
        tests=(
            _at_clinic(Kind.CHAIR_STAND_30S, 3, 13),
            _at_clinic(Kind.SIT_TO_STAND_5X, 3, 12.8),
            _at_clinic(Kind.GRIP_STRENGTH, 3, 35.5),
            _at_clinic(Kind.GAIT_SPEED, 3, 1.05),
            _at_clinic(Kind.CHAIR_STAND_30S, 16, 14),
            _at_clinic(Kind.SIT_TO_STAND_5X, 16, 12.1),
            _at_clinic(Kind.GRIP_STRENGTH, 16, 36.5),
            _at_clinic(Kind.GAIT_SPEED, 16, 1.12),
        ),
    ),
    Story(
        email="demo.lena@example.com",
        name="Lena (demo)",
        profile=Profile(
            height_cm=171.0, birth_year=1981, sex=Sex.FEMALE, glp1_medicine=Medicine.SAXENDA
        ),
        start_kg=92.0,
        start_fat_pct=41.0,
        phases=(Phase(1, 1.1, 0.30, _meals(18, 31, 35, 6), 2100, 1, 100),),
        seed=17,
        side_effects=(("vomiting", 20, 20, 2, 2),),
        red_flag=("dehydration", 2),
        strength=((4, 1.0), (8, 1.05), (20, 0.88)),
        tests=(_at_home(Kind.CHAIR_STAND_30S, 4, 16), _at_home(Kind.CHAIR_STAND_30S, 18, 12)),
    ),
)

DEMO_EMAILS = frozenset({THERAPIST_EMAIL} | {story.email for story in STORIES})
"""Addresses only the demo accounts may use, so nobody can take one and break the demo."""

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
            Exercise("Step-up", 2, 12),
        ),
    ),
    (
        Focus.FULL,
        (
            Exercise("Romanian deadlift", 3, 10, 20.0),
            Exercise("Split squat", 3, 8),
            Exercise("Dumbbell row", 3, 10, 10.0),
        ),
    ),
)
"""The sessions each patient who trains rotates through, with the loads of a woman starting
out (``Story.lift_scale`` scales them). The main lifts (hip thrust, goblet squat, Romanian
deadlift) are sets of 10, so each gives an estimated one-rep maximum; the body-weight work gives
rep counts."""


def _level(points: tuple[tuple[float, float], ...], week: float) -> float:
    """``Story.strength`` at ``week`` (fractional): straight lines between the points."""
    if week <= points[0][0]:
        return points[0][1]
    for (w0, l0), (w1, l1) in itertools.pairwise(points):
        if week <= w1:
            return l0 + (l1 - l0) * (week - w0) / (w1 - w0)
    return points[-1][1]


def _lifted(exercise: Exercise, scale: float, level: float) -> Exercise:
    """``exercise`` at this person's load on a day of this ``level``: to 2.5 kg plates from
    20 kg, else to the kilogram (dumbbells)."""
    if exercise.load_kg is None:
        return exercise
    first_kg = exercise.load_kg * scale
    step = 2.5 if first_kg >= 20 else 1.0
    return replace(exercise, load_kg=round(first_kg * level / step) * step)


def patient_entries(
    today: dt.date, story: Story = MARIA, until: dt.time | None = None
) -> list[Entry]:
    """Twenty weeks of a demo patient's log, ending on ``today`` (less any silent days) at
    ``until`` if given: nobody has logged tonight's dinner at breakfast time."""
    return [
        entry
        for entry in _story_entries(today, story)
        if until is None or entry.day < today or entry.time is None or entry.time <= until
    ]


def _story_entries(today: dt.date, story: Story) -> list[Entry]:
    rng = random.Random(story.seed)  # noqa: S311 - a repeatable demo story, not a secret
    start = today - dt.timedelta(days=WEEKS * 7 - 1)
    weight_kg = story.start_kg
    fat_kg = story.start_kg * story.start_fat_pct / 100
    medicine = story.profile.glp1_medicine or Medicine.OTHER
    product = medicines.product(medicine)
    dose_every_days = product.interval_days
    # The label's escalation, up a step once its doses are taken: every 4 weeks, weekly for daily
    # liraglutide, every 30 days for tablets. 'Other' stays on its first dose.
    escalation = product.escalation
    steps_mg = escalation.steps_mg if escalation else (1.0,)
    step_days = max(escalation.min_doses) * dose_every_days if escalation else 28
    tablet = medicines.is_tablet(medicine)
    entries: list[Entry] = []
    sessions_done = 0
    for offset in range(WEEKS * 7):
        day = start + dt.timedelta(days=offset)
        week = offset // 7 + 1
        weekday = offset % 7
        phase = story.phase(week)
        days_left = (today - day).days
        last_week = days_left < 7

        loss_kg = weight_kg * phase.loss_pct_per_week / 100 / 7
        weight_kg -= loss_kg
        fat_kg -= loss_kg * (1 - phase.lean_share)
        if days_left < story.silent_days:
            continue

        def at(hour: int, minute: int = 0) -> dt.time:
            return dt.time(hour, (minute + rng.randrange(0, 20)) % 60)

        if rng.random() < 0.88 or offset == 0 or last_week:
            entries.append(Entry(Kind.WEIGHT, day, round(weight_kg + rng.gauss(0, 0.35), 2), at(7)))
        if weekday == 0:
            fat_pct = 100 * fat_kg / weight_kg + rng.gauss(0, 0.2)
            entries.append(Entry(Kind.BODY_FAT, day, round(fat_pct, 1), at(7)))
        if offset % dose_every_days == 0:
            due = offset // step_days
            step = min(due, len(steps_mg) - 1)
            dose_mg = steps_mg[step]
            site = "" if tablet else SITES[offset // dose_every_days % len(SITES)].value
            first_of_step = offset % step_days < dose_every_days
            new_step = 0 < due == step and first_of_step
            note = "Step up to the next dose" if new_step else ""
            entries.append(
                Entry(
                    Kind.DOSE,
                    day,
                    dose_mg,
                    at(6, 30) if tablet else at(20),  # a tablet before breakfast
                    label=medicine.value,
                    site=site,
                    note=note,
                )
            )
        if weekday == 3 and week % 2 == 0:
            lost = story.start_kg - weight_kg
            entries.append(Entry(Kind.WAIST, day, round(112 - 0.9 * lost, 1), at(7, 30)))
            entries.append(Entry(Kind.HIP, day, round(121 - 0.7 * lost, 1), at(7, 30)))

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

        # The gap spans the week before today too: while today is being logged it is judged.
        water_gap = story.water_gap_last_week and days_left <= 7
        if not water_gap or days_left in (2, 5):
            target = phase.water_ml * rng.uniform(0.9, 1.1)
            glasses = max(3, round(target / 400))
            for glass in range(glasses):
                entries.append(Entry(Kind.WATER, day, round(target / glasses), at(8 + 2 * glass)))

        strength_days = {0: (), 1: (2,), 2: (1, 4), 3: (0, 2, 4)}[phase.strength_per_week]
        if weekday in strength_days and week >= story.first_strength_week:
            focus, exercises = WORKOUTS[sessions_done % len(WORKOUTS)]
            sessions_done += 1
            level = _level(story.strength, offset / 7 + 1)
            exercises = tuple(_lifted(e, story.lift_scale, level) for e in exercises)
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
        walks = min(5, round(phase.walk_min_per_week / 30))
        if weekday in (0, 2, 3, 5, 6)[:walks]:
            minutes = round(phase.walk_min_per_week / walks * rng.uniform(0.85, 1.15))
            entries.append(Entry(Kind.ACTIVITY, day, minutes, at(17), label="walk"))
        entries += _symptoms(story, day, week, weekday, days_left)
        entries += _tests(story, day, week, weekday)
    return entries


def _tests(story: Story, day: dt.date, week: int, weekday: int) -> list[Entry]:
    """The story's function tests of one day: SARC-F on the first day of its week (the day the
    medicine started, for week 1), a test at home on the sixth, one at the clinic on the
    second; at fixed times, like the symptoms."""
    found = []
    for kind, test_week, result, label in story.tests:
        if kind is Kind.SARC_F:
            on, hour = 0, 9
        elif label == TestedAt.CLINIC:
            on, hour = 1, 11
        else:
            on, hour = 5, 10
        if test_week == week and weekday == on:
            found.append(Entry(kind, day, result, dt.time(hour, 0), label=label))
    return found


def _symptoms(story: Story, day: dt.date, week: int, weekday: int, days_left: int) -> list:
    """The story's side effects, pain and red-flag answers of one day (at fixed times, so that
    adding symptoms to a story leaves its other numbers as they were)."""

    def at(hour: int) -> dt.time:
        return dt.time(hour, 0)

    found = []
    for effect, first, last, grade, per_week in story.side_effects:
        if first <= week <= last and weekday < per_week:
            found.append(Entry(Kind.SIDE_EFFECT, day, grade, at(10), label=effect))
    for first, last, start, end, per_week in story.pain:
        if first <= week <= last and weekday in (1, 3, 5, 6)[:per_week]:
            score = round(start + (end - start) * (week - first) / max(1, last - first))
            found.append(
                Entry(
                    Kind.PAIN,
                    day,
                    score,
                    at(21),
                    label="left_buttock",
                    tags=("aching", "sitting"),
                    note="After sitting at work",
                )
            )
    if story.red_flag and days_left == story.red_flag[1]:
        found += [
            Entry(
                Kind.RED_FLAG,
                day,
                1 if flag.value == story.red_flag[0] else 0,
                at(22),
                label=flag.value,
            )
            for flag in RedFlag
        ]
    return found


def patient_profile(today: dt.date, story: Story = MARIA) -> Profile:
    return replace(story.profile, glp1_start=today - dt.timedelta(days=WEEKS * 7 - 1))


def _seed_plan(
    uow: UnitOfWork, patient: User, story: Story, therapist: User, today: dt.date
) -> None:
    # The therapist gave the plan at the start of the week the ticks fall in.
    assigned = dt.datetime.combine(today - dt.timedelta(days=6), dt.time(9), dt.UTC)
    items = [
        uow.care.add_plan_item(
            PlanItem(0, patient.id, code, sets, reps, hold, days, assigned_at=assigned),
            therapist.id,
        )
        for code, sets, reps, hold, days in story.plan
    ]
    done = story.plan_days_done
    for back in range(7):
        due = [item for item in items if back < item.days_per_week]
        for item in due:
            if done <= 0:
                return
            uow.care.tick(patient.id, [item.id], today - dt.timedelta(days=back))
            done -= 1


def seed(engine: Engine, today: dt.date, until: dt.time | None = None) -> tuple[User, User]:
    """Replace the demo accounts with fresh ones whose logs end on ``today`` (at ``until``, if
    given: the time of day it is where the demo is explored), in one go.

    Returns Maria and the therapist; every demo patient shares with the therapist.
    """
    # Demo accounts are entered through the sign-in page's demo buttons, never by password.
    password_hash = passwords.hash_password(secrets.token_urlsafe(24))
    with UnitOfWork(engine, write=True) as uow:
        for user in uow.users.demo_users():
            uow.users.delete(user.id)
        therapist = uow.users.add(
            THERAPIST_EMAIL, "Sam, PT (demo)", password_hash, Role.THERAPIST, True
        )
        patients = []
        for story in STORIES:
            patient = uow.users.add(story.email, story.name, password_hash, Role.PATIENT, True)
            uow.users.save_profile(patient.id, patient_profile(today, story))
            uow.entries.add_many(patient.id, patient_entries(today, story, until))
            uow.care.add_share(patient.id, therapist.id, ShareStatus.ACTIVE)
            _seed_plan(uow, patient, story, therapist, today)
            patients.append(patient)
        note = (
            "Weeks 9-13 lost too fast on 1.0 mg; asked her to raise protein at breakfast and "
            "add two glute sessions a week. Review body composition in four weeks."
        )
        uow.care.add_note(patients[0].id, therapist, note)
        uow.commit()
    return patients[0], therapist


def account(engine: Engine, role: Role, today: dt.date, until: dt.time | None = None) -> User:
    """The demo account of ``role`` (Maria for a patient); seeded afresh (up to ``until``) if
    missing or if Maria's story was told for another day than ``today``."""

    def find(users: list[User]) -> User | None:
        email = PATIENT_EMAIL if role is Role.PATIENT else THERAPIST_EMAIL
        return next((user for user in users if user.email == email), None)

    with UnitOfWork(engine) as uow:
        users = uow.users.demo_users()
        maria = next((user for user in users if user.email == PATIENT_EMAIL), None)
        # Her story starts twenty weeks before the day it ends on: its start dates it.
        current = (
            maria is not None
            and uow.users.profile(maria.id).glp1_start == patient_profile(today).glp1_start
        )
    if current and find(users) is not None:
        return find(users)
    try:
        patient, therapist = seed(engine, today, until)
    except Conflict:  # another visitor seeded it a moment ago: use theirs
        with UnitOfWork(engine) as uow:
            return find(uow.users.demo_users())
    return patient if role is Role.PATIENT else therapist


def enabled() -> bool:
    """Whether the sign-in page offers the demo (a clinic's server turns it off)."""
    return config.demo_enabled()
