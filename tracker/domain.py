"""The tracker's plain domain objects: what a patient logs and who they are.

Nothing here knows about databases, files or Streamlit. Values are metric; the metric unit of
each kind of entry, with all else the app knows about it, is in ``tracker.kinds``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum

from tracker.units import WaterUnit, WeightUnit


class Kind(StrEnum):
    """A kind of entry, described in ``tracker.kinds``; the value is the ``kind`` column of the
    entries CSV."""

    WEIGHT = "weight"
    BODY_FAT = "body_fat"
    LEAN_MASS = "lean_mass"
    WAIST = "waist"
    HIP = "hip"
    PROTEIN = "protein"
    WATER = "water"
    STRENGTH = "strength"
    ACTIVITY = "activity"
    DOSE = "dose"
    SIDE_EFFECT = "side_effect"
    PAIN = "pain"
    RED_FLAG = "red_flag"
    CHAIR_STAND_30S = "chair_stand_30s"
    SIT_TO_STAND_5X = "sit_to_stand_5x"
    GRIP_STRENGTH = "grip_strength"
    GAIT_SPEED = "gait_speed"
    SARC_F = "sarc_f"


class FunctionTest(StrEnum):
    """A function test or the SARC-F questionnaire (``tracker.rules.function_tests``); the value
    is its ``Kind``'s."""

    CHAIR_STAND_30S = "chair_stand_30s"
    FIVE_TIMES_SIT_TO_STAND = "sit_to_stand_5x"
    GRIP = "grip_strength"
    GAIT_SPEED = "gait_speed"
    SARC_F = "sarc_f"

    @property
    def kind(self) -> Kind:
        return Kind(self.value)


FUNCTION_KINDS: frozenset[Kind] = frozenset(test.kind for test in FunctionTest)
"""The kinds of entry that are function test results."""


class TestedAt(StrEnum):
    """Where a function test was done (an empty label: not said)."""

    HOME = "home"
    CLINIC = "clinic"


class Meal(StrEnum):
    BREAKFAST = "breakfast"
    LUNCH = "lunch"
    DINNER = "dinner"
    SNACK = "snack"


class Focus(StrEnum):
    """What a strength session mainly trained."""

    GLUTES = "glutes"
    LOWER = "lower"
    UPPER = "upper"
    FULL = "full"


class ActivityType(StrEnum):
    WALK = "walk"
    CYCLE = "cycle"
    SWIM = "swim"
    OTHER = "other"


class Drug(StrEnum):
    """The molecule: what a medicine is, whatever its brand."""

    SEMAGLUTIDE = "semaglutide"
    TIRZEPATIDE = "tirzepatide"
    LIRAGLUTIDE = "liraglutide"
    DULAGLUTIDE = "dulaglutide"
    OTHER = "other"


class Medicine(StrEnum):
    """A GLP-1 medicine as the patient knows it: a brand, whose label sets its doses, schedule
    and missed-dose rules (``tracker.rules.medicines``), or just the molecule when the brand was not
    given (an older log, an import). The value is a dose's label in the entries CSV."""

    WEGOVY = "wegovy"
    WEGOVY_PILL = "wegovy_pill"
    """Wegovy tablets: oral semaglutide for weight, once a day."""
    OZEMPIC = "ozempic"
    RYBELSUS = "rybelsus"
    ZEPBOUND = "zepbound"
    MOUNJARO = "mounjaro"
    SAXENDA = "saxenda"
    VICTOZA = "victoza"
    TRULICITY = "trulicity"
    SEMAGLUTIDE = "semaglutide"
    TIRZEPATIDE = "tirzepatide"
    LIRAGLUTIDE = "liraglutide"
    DULAGLUTIDE = "dulaglutide"
    OTHER = "other"

    @property
    def drug(self) -> Drug:
        return MOLECULE[self]

    @property
    def is_brand(self) -> bool:
        """A brand, not a bare molecule (nor 'other')."""
        return MOLECULE[self].value != self.value


MOLECULE: dict[Medicine, Drug] = {
    Medicine.WEGOVY: Drug.SEMAGLUTIDE,
    Medicine.WEGOVY_PILL: Drug.SEMAGLUTIDE,
    Medicine.OZEMPIC: Drug.SEMAGLUTIDE,
    Medicine.RYBELSUS: Drug.SEMAGLUTIDE,
    Medicine.ZEPBOUND: Drug.TIRZEPATIDE,
    Medicine.MOUNJARO: Drug.TIRZEPATIDE,
    Medicine.SAXENDA: Drug.LIRAGLUTIDE,
    Medicine.VICTOZA: Drug.LIRAGLUTIDE,
    Medicine.TRULICITY: Drug.DULAGLUTIDE,
    Medicine.SEMAGLUTIDE: Drug.SEMAGLUTIDE,
    Medicine.TIRZEPATIDE: Drug.TIRZEPATIDE,
    Medicine.LIRAGLUTIDE: Drug.LIRAGLUTIDE,
    Medicine.DULAGLUTIDE: Drug.DULAGLUTIDE,
    Medicine.OTHER: Drug.OTHER,
}
"""Each medicine's molecule."""

BRANDS: tuple[Medicine, ...] = tuple(m for m in Medicine if m.is_brand)
"""The brands a patient picks from (with ``Medicine.OTHER``)."""


def resolve_medicine(logged: Medicine, profile_medicine: Medicine | None) -> Medicine:
    """The medicine a dose is judged as: its own brand if it names one; a bare molecule is the
    profile's brand when that brand is of the same molecule (an Ozempic patient's older
    'semaglutide' doses are Ozempic), else stays the bare molecule. Never guessed from doses."""
    if logged.is_brand or profile_medicine is None or not profile_medicine.is_brand:
        return logged
    return profile_medicine if profile_medicine.drug is logged.drug else logged


class Method(StrEnum):
    """How a body-composition reading was measured (an empty label: not said)."""

    SCALE = "scale"
    """A home scale or other bioimpedance device: readings wander by a kilogram or more."""
    DXA = "dxa"
    """A DXA scan, the trials' measure of lean and fat mass."""


class InjectionSite(StrEnum):
    """Where a dose went in; the label rotates through these to spare the skin."""

    ABDOMEN_LEFT = "abdomen_left"
    ABDOMEN_RIGHT = "abdomen_right"
    THIGH_LEFT = "thigh_left"
    THIGH_RIGHT = "thigh_right"
    ARM_LEFT = "arm_left"
    ARM_RIGHT = "arm_right"


class SideEffect(StrEnum):
    NAUSEA = "nausea"
    VOMITING = "vomiting"
    DIARRHOEA = "diarrhoea"
    CONSTIPATION = "constipation"
    REDUCED_APPETITE = "reduced_appetite"
    FATIGUE = "fatigue"
    DIZZINESS = "dizziness"
    INJECTION_SITE = "injection_site_reaction"


GUT_EFFECTS = frozenset(
    {
        SideEffect.NAUSEA,
        SideEffect.VOMITING,
        SideEffect.DIARRHOEA,
        SideEffect.CONSTIPATION,
        SideEffect.REDUCED_APPETITE,
    }
)
"""The stomach and gut effects that cut what a patient can eat and drink."""

SEVERITY_WORDS = ("none", "mild", "moderate", "severe")
"""A side effect's grade, 0-3, in words."""


class PainLocation(StrEnum):
    LEFT_BUTTOCK = "left_buttock"
    RIGHT_BUTTOCK = "right_buttock"
    HIP = "hip"
    TAILBONE = "tailbone"
    BACK_OF_THIGH = "back_of_thigh"
    LOW_BACK = "low_back"


class PainQuality(StrEnum):
    SHARP = "sharp"
    DULL = "dull"
    ACHING = "aching"
    RADIATING = "radiating"
    """Radiating down the leg."""
    NUMBNESS = "numbness"
    """Numbness or tingling."""


class PainTrigger(StrEnum):
    SITTING = "sitting"
    WALKING = "walking"
    EXERCISE = "exercise"
    NIGHT = "night"


PAIN_TAGS = frozenset({*PainQuality, *PainTrigger})
"""What a pain entry's ``tags`` may hold: what it is like and when it comes."""


class RedFlag(StrEnum):
    """The red-flag checklist's questions (``tracker.rules.redflags`` holds their wording and
    action)."""

    BUTTOCK_COMPARTMENT = "buttock_compartment"
    CAUDA_EQUINA = "cauda_equina"
    INFECTION = "infection"
    FALL = "fall"
    PANCREATITIS = "pancreatitis"
    GALLBLADDER = "gallbladder"
    DEHYDRATION = "dehydration"
    DARK_URINE = "dark_urine"
    LOW_BLOOD_SUGAR = "low_blood_sugar"
    ALLERGIC_REACTION = "allergic_reaction"
    THYROID = "thyroid"
    VISION = "vision"


class Role(StrEnum):
    PATIENT = "patient"
    THERAPIST = "therapist"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class ProteinBasis(StrEnum):
    """Which body weight the protein target is scaled by."""

    AUTO = "auto"
    """Adjusted body weight from a BMI of 30 when height and sex are known, else actual."""
    ACTUAL = "actual"
    ADJUSTED = "adjusted"


LABELS: dict[Kind, type[StrEnum]] = {
    Kind.PROTEIN: Meal,
    Kind.STRENGTH: Focus,
    Kind.ACTIVITY: ActivityType,
    Kind.DOSE: Medicine,
    Kind.SIDE_EFFECT: SideEffect,
    Kind.PAIN: PainLocation,
    Kind.RED_FLAG: RedFlag,
}
"""The kinds whose label is required, and the choices for it."""

OPTIONAL_LABELS: dict[Kind, type[StrEnum]] = {
    Kind.BODY_FAT: Method,
    Kind.LEAN_MASS: Method,
    Kind.CHAIR_STAND_30S: TestedAt,
    Kind.SIT_TO_STAND_5X: TestedAt,
    Kind.GRIP_STRENGTH: TestedAt,
    Kind.GAIT_SPEED: TestedAt,
}
"""The kinds whose label may be left empty, and the choices for it. A SARC-F entry's label,
also optional, is its five answers (``tracker.rules.function_tests.answers_label``)."""


class TrackerError(Exception):
    """Base of the errors whose message is meant for the person using the app."""


class InvalidEntry(TrackerError):
    """Input that is refused whole; ``field`` names the input the message is about."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class AccessDenied(TrackerError):
    pass


class NotFound(TrackerError):
    pass


class Conflict(TrackerError):
    """Another request changed the same data first (a unique email, say); nothing was saved."""


class StorageFull(TrackerError):
    """The database's disk (or its size limit) is full: nothing of this write was kept, and
    what was saved before is intact. Not retried: trying again at once would fail the same."""

    def __init__(self) -> None:
        super().__init__(
            "The database's disk is full, so this was not saved; everything saved before is "
            "safe. Tell the clinic's administrator (or free space on this computer), then try "
            "again."
        )


class StorageUnavailable(TrackerError):
    """The database could not be reached, or the connection to it was lost midway."""

    @classmethod
    def of(cls, write: bool) -> StorageUnavailable:
        if write:
            return cls("The database could not be reached, so this was not saved. Try again.")
        return cls("The database could not be reached just now. Try again in a moment.")


@dataclass(frozen=True, slots=True)
class Exercise:
    """One exercise within a strength session; ``load_kg`` is None for body-weight work."""

    name: str
    sets: int
    reps: int
    load_kg: float | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """One logged value.

    ``value`` is in the kind's metric unit (``tracker.kinds``). ``label`` is the meal, session
    focus, activity type, medicine, side effect, pain location, red-flag question or how a body
    composition was measured, by kind;
    ``site`` is a dose's injection site; ``tags`` are what a pain is like and when it comes.
    """

    kind: Kind
    day: dt.date
    value: float
    time: dt.time | None = None
    label: str = ""
    note: str = ""
    site: str = ""
    exercises: tuple[Exercise, ...] = ()
    id: int | None = None
    tags: tuple[str, ...] = ()

    def without_id(self) -> Entry:
        return replace(self, id=None)


@dataclass(frozen=True, slots=True)
class Profile:
    weight_unit: WeightUnit = WeightUnit.KG
    water_unit: WaterUnit = WaterUnit.ML
    height_cm: float | None = None
    birth_year: int | None = None
    sex: Sex | None = None
    glp1_medicine: Medicine | None = None
    glp1_start: dt.date | None = None
    protein_basis: ProteinBasis = ProteinBasis.AUTO
    has_diabetes: bool | None = None
    """None: not said. Asks about changes in vision on the red-flag check when not False."""
    insulin_or_sulfonylurea: bool | None = None
    """Also takes insulin or a sulfonylurea, with which a GLP-1 medicine can cause low blood
    sugar. None: not said."""

    def age_on(self, day: dt.date) -> int | None:
        """The age reached in ``day``'s year: only the birth year is kept, not the birthday."""
        if self.birth_year is None:
            return None
        return day.year - self.birth_year


@dataclass(frozen=True, slots=True)
class User:
    id: int
    email: str
    display_name: str
    role: Role
    is_demo: bool = False
    created_at: dt.datetime | None = field(default=None, compare=False)


# --- the care team ---------------------------------------------------------------------------


class ShareStatus(StrEnum):
    PENDING = "pending"
    """The patient invited the therapist by email; the therapist has not accepted yet."""
    ACTIVE = "active"
    REVOKED = "revoked"


@dataclass(frozen=True, slots=True)
class Share:
    id: int
    patient_id: int
    patient_name: str
    patient_email: str
    therapist_id: int
    therapist_name: str
    therapist_email: str
    status: ShareStatus
    created_at: dt.datetime
    accepted_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Note:
    id: int
    patient_id: int
    author_id: int | None
    author_name: str
    body: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One exercise of a patient's plan: sets of reps (or of a hold, in seconds), days a week."""

    id: int
    patient_id: int
    exercise: str
    sets: int
    reps: int | None
    hold_s: int | None
    days_per_week: int
    assigned_by_name: str = ""
    assigned_at: dt.datetime | None = None
    """When it was added to the plan: it is due from then, not before."""


@dataclass(frozen=True, slots=True)
class RedFlagReport:
    """A 'yes' to a red-flag question, and when it was seen and by whom (no name: the clinic's
    administrator, or an account since deleted)."""

    id: int
    day: dt.date
    time: dt.time | None
    item: str
    acknowledged_by_name: str | None = None
    acknowledged_at: dt.datetime | None = None
    note: str = ""

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None


@dataclass(frozen=True, slots=True)
class AuditEvent:
    at: dt.datetime
    actor_name: str
    action: str
    detail: str = ""


# --- the log summed by day -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StrengthSession:
    """A strength session as the log sums it up: its day, its focus and its exercises' names."""

    day: dt.date
    focus: Focus
    exercise_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LiftSession:
    """A strength session's exercises, as the strength rules read them
    (``tracker.rules.strength``)."""

    day: dt.date
    exercises: tuple[Exercise, ...]


@dataclass(frozen=True, slots=True)
class FunctionResult:
    """One result of a function test, in the test's unit (``tracker.rules.function_tests``)."""

    kind: FunctionTest
    day: dt.date
    value: float


@dataclass(frozen=True, slots=True)
class DoseTaken:
    day: dt.date
    medicine: Medicine
    """As logged: a brand, or a bare molecule (``resolve_medicine`` reads it with the profile's
    brand)."""
    dose_mg: float


@dataclass(frozen=True, slots=True)
class RedFlagAnswer:
    """A 'yes' to a red-flag question; it stays open until a therapist acknowledges it."""

    day: dt.date
    item: str
    acknowledged: bool = False


@dataclass(frozen=True, slots=True)
class DailySums:
    """One patient's log summed up by day, as the database aggregates it: everything a
    ``History`` (``tracker.rules.history``) is built from, and no judgement yet. Lists are in
    date order; a day with nothing of a kind logged is absent from that kind's sums."""

    weight_kg: list[tuple[dt.date, float]] = field(default_factory=list)
    """The mean weigh-in of each day."""
    lean_mass_kg: list[tuple[dt.date, float]] = field(default_factory=list)
    """The mean lean-mass reading of each day."""
    body_fat_pct: list[tuple[dt.date, float]] = field(default_factory=list)
    """The mean body-fat reading of each day."""
    dxa_days: frozenset[dt.date] = frozenset()
    """Days with a lean-mass or body-fat reading measured by a DXA scan."""
    protein_g_by_day_meal: dict[dt.date, dict[str, float]] = field(default_factory=dict)
    water_ml_by_day: dict[dt.date, float] = field(default_factory=dict)
    activity_min_by_day: dict[dt.date, float] = field(default_factory=dict)
    sessions: list[StrengthSession] = field(default_factory=list)
    doses: list[DoseTaken] = field(default_factory=list)
    """Every dose, in the order taken."""
    side_effects_by_day: dict[dt.date, dict[str, int]] = field(default_factory=dict)
    """The worst grade (0-3) of each side effect logged on a day."""
    pain_by_day: dict[dt.date, float] = field(default_factory=dict)
    """The worst pain score (0-10) logged on a day."""
    red_flags: list[RedFlagAnswer] = field(default_factory=list)
    """Every 'yes' to a red-flag question."""
    first_day: dt.date | None = None
    """The first day anything was logged."""
    last_session_day: dt.date | None = None
    """The last strength session's day, even when ``sessions`` holds only the last days."""
    lifts: list[LiftSession] = field(default_factory=list)
    """The strength sessions with exercises, in date order: all of them, or, when the sums
    begin at a day, those the strength rules compare (the last 4 weeks and the baselines)."""
    function_results: list[FunctionResult] = field(default_factory=list)
    """Every function test result and SARC-F score, in date order."""


@dataclass(frozen=True, slots=True)
class TargetOverride:
    """A target a therapist (or the patient) set in place of the default, and by whom."""

    name: str
    value: float
    set_by_id: int | None
    set_by_name: str | None
    set_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """A file brought into a patient's log: how many entries of each kind, over which days."""

    id: int
    file_name: str
    format: str
    counts: dict[str, int]
    first_day: dt.date | None
    last_day: dt.date | None
    created_at: dt.datetime
    undone_at: dt.datetime | None

    @property
    def total(self) -> int:
        return sum(self.counts.values())
