"""Every kind of entry described once: where it is stored, its units and precision, its valid
range, what people call it, and how the FHIR export codes it.

The rest of the app reads ``KINDS`` instead of keeping tables of its own: validation, the
entries CSV and the FHIR export (``tracker.formats``), the pages' names and units
(``tracker.views.display``), the importers, and the store, whose entry tables
``tests/unit/test_kinds.py`` checks against these descriptions. Adding a kind of entry starts
here (after its member of ``tracker.domain.Kind``).

A value is stored in its kind's metric unit, the first of its ``units``, rounded to
``stored_decimals``. It is written out in any of the kind's units with that unit's
``decimals``, chosen so that reading the text back lands on the very same stored value.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tracker.domain import Kind
from tracker.units import (
    CM_PER_IN,
    KG_PER_LB,
    ML_PER_FL_OZ,
    ML_PER_L,
    WaterUnit,
    WeightUnit,
    format_number,
)

# --- units ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit a value is typed, read or written in."""

    code: str
    """As the app, its CSV and a profile spell it: ``kg``, ``fl_oz``."""
    text: str
    """As a person reads it: ``fl oz``."""
    factor: float
    """How many of the kind's metric unit one of this unit is; exact by definition."""
    decimals: int
    """Decimals written out: enough that the text reads back to the stored value."""
    shown_decimals: int
    """Decimals a person is shown, in the log and in messages."""
    ucum: str | None
    """The UCUM code, or None for a count that is no unit of measure (a grade, a score)."""
    spellings: tuple[str, ...] = ()
    """Other spellings people and other apps use (lower case), read as this unit."""


# code, text, factor to the metric unit, decimals written, decimals shown, UCUM, other spellings
KG = Unit("kg", "kg", 1.0, 2, 1, "kg", ("kgs", "kilogram", "kilograms"))
LB = Unit("lb", "lb", KG_PER_LB, 2, 1, "[lb_av]", ("lbs", "pound", "pounds"))
PERCENT = Unit("%", "%", 1.0, 1, 1, "%", ("percent", "pct"))
CM = Unit("cm", "cm", 1.0, 1, 1, "cm")
IN = Unit("in", "in", CM_PER_IN, 2, 1, "[in_i]", ("inch", "inches"))
G = Unit("g", "g", 1.0, 1, 1, "g", ("gram", "grams"))
ML = Unit("ml", "ml", 1.0, 0, 0, "mL", ("millilitre", "milliliter", "millilitres", "milliliters"))
L = Unit("l", "l", ML_PER_L, 3, 1, "L", ("litre", "liter", "litres", "liters"))
FL_OZ = Unit(
    "fl_oz", "fl oz", ML_PER_FL_OZ, 2, 1, "[foz_us]", ("fl oz", "floz", "fl. oz", "fl_oz_us", "oz")
)
MIN = Unit("min", "min", 1.0, 0, 0, "min", ("minute", "minutes", "mins"))
MG = Unit("mg", "mg", 1.0, 3, 3, "mg")
GRADE = Unit("grade", "grade", 1.0, 0, 0, None, ("severity",))
SCORE = Unit("score", "score", 1.0, 0, 0, None, ("/10",))
ANSWER = Unit("answer", "answer", 1.0, 0, 0, None, ("yes/no",))
STANDS = Unit("stands", "stands", 1.0, 0, 0, None, ("stand", "reps", "rises"))
SECONDS = Unit("s", "s", 1.0, 1, 1, "s", ("sec", "secs", "second", "seconds"))
M_PER_S = Unit(
    "m/s", "m/s", 1.0, 2, 2, "m/s", ("m per s", "metres per second", "meters per second")
)

MASS = (KG, LB)
LENGTH = (CM, IN)
VOLUME = (ML, L, FL_OZ)

UNITS: dict[str, Unit] = {
    unit.code: unit
    for unit in (
        KG,
        LB,
        PERCENT,
        CM,
        IN,
        G,
        ML,
        L,
        FL_OZ,
        MIN,
        MG,
        GRADE,
        SCORE,
        ANSWER,
        STANDS,
        SECONDS,
        M_PER_S,
    )
}
"""Every unit by its code."""


# --- the FHIR coding ----------------------------------------------------------------------------

YES_NO = "boolean"
"""``Coding.ucum`` of a kind whose value 1/0 is exported as ``valueBoolean`` true/false."""
BODY_SITE = "bodySite"
"""``Coding.component`` of a kind whose label is a body location, exported as
``bodySite.text``."""


class Category(StrEnum):
    """A FHIR observation category (``observation-category`` code system)."""

    VITAL_SIGNS = "vital-signs"
    EXAM = "exam"
    ACTIVITY = "activity"
    SURVEY = "survey"


@dataclass(frozen=True, slots=True)
class Coding:
    """How the FHIR export (``tracker.formats.fhir``) codes a kind's entries as Observations."""

    display: str
    category: Category
    loinc: str = ""
    """The LOINC code; empty: the app's own code system, where the code is the kind's value."""
    text: str = ""
    """``code.text`` when the display is not what a person would call it."""
    ucum: str = ""
    """The value's UCUM code when it is not the metric unit's (or ``YES_NO``)."""
    component: str = "label"
    """The app's component code that carries an entry's label (or ``BODY_SITE``)."""


# --- the kinds ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KindSpec:
    """What the app knows about one kind of entry."""

    kind: Kind
    name: str
    """What the pages call an entry of this kind: ``GLP-1 dose``."""
    value_name: str
    """What a message calls its value: ``Session length must be between…``."""
    units: tuple[Unit, ...]
    """The units it is accepted in; the first is the metric unit it is stored in."""
    stored_decimals: int
    """Decimals of the metric unit kept: a weight to 10 g, water to the ml."""
    valid_range: tuple[float, float] | None
    """The plausible value of one entry, in the metric unit, inclusive; None: checked elsewhere
    (a dose against its medicine's label)."""
    table: str
    """The store's table of this kind, one row an entry."""
    value_column: str
    """The column of the value, named for it and its metric unit: ``weight_kg``."""
    label_column: str | None = None
    """The column of its label (meal, focus, medicine…); the choices are ``domain.LABELS``."""
    label_name: str = ""
    """What a message and a form call its label: ``Meal``; empty: it has none."""
    extra_column: str | None = None
    """The column of the rest of an entry: a dose's injection site, a pain's tags."""
    scale: str = ""
    """For a grade, a score or an answer, the whole numbers it takes as a message says them;
    empty for a measurement."""
    fhir: Coding | None = None
    """None: not an Observation (a dose is a MedicationAdministration)."""

    @property
    def metric_unit(self) -> str:
        return self.units[0].code

    @property
    def whole(self) -> bool:
        """The value is a whole number (a grade, a score, a yes/no), stored as an integer."""
        return bool(self.scale)


# The ranges are plausibility checks, not clinical targets: wide enough for any patient (the
# GLP-1 medicines for weight are labelled from age 12), narrow enough to catch a slipped digit
# or a value typed in the wrong unit. The graded kinds' ranges are their scales.
KINDS: dict[Kind, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(
            Kind.WEIGHT,
            name="Weight",
            value_name="Weight",
            units=MASS,
            stored_decimals=2,
            valid_range=(25.0, 350.0),
            table="weights",
            value_column="weight_kg",
            fhir=Coding("Body weight", Category.VITAL_SIGNS, loinc="29463-7"),
        ),
        KindSpec(
            Kind.BODY_FAT,
            name="Body fat",
            value_name="Body fat",
            units=(PERCENT,),
            stored_decimals=1,
            # From the essential fat of a lean man (2-5 %, the American Council on Exercise's
            # band) to beyond the highest readings of severe obesity.
            valid_range=(2.0, 75.0),
            table="body_fat_readings",
            value_column="body_fat_pct",
            label_column="method",
            label_name="Measured by",
            fhir=Coding(
                "Percentage of body fat Measured",
                Category.VITAL_SIGNS,
                loinc="41982-0",
                text="Body fat",
            ),
        ),
        KindSpec(
            Kind.LEAN_MASS,
            name="Lean mass",
            value_name="Lean mass",
            units=MASS,
            stored_decimals=2,
            valid_range=(10.0, 200.0),
            table="lean_mass_readings",
            value_column="lean_mass_kg",
            label_column="method",
            label_name="Measured by",
            # Lean (fat-free) body mass from a body-composition scale or a DXA scan. No LOINC on
            # purpose: the candidate codes could not be confirmed, and a wrong LOINC is worse
            # than the app's own code.
            fhir=Coding("Lean body mass", Category.EXAM),
        ),
        KindSpec(
            Kind.WAIST,
            name="Waist",
            value_name="Waist",
            units=LENGTH,
            stored_decimals=1,
            valid_range=(40.0, 250.0),
            table="waist_readings",
            value_column="waist_cm",
            fhir=Coding(
                "Waist Circumference at umbilicus by Tape measure",
                Category.VITAL_SIGNS,
                loinc="8280-0",
                text="Waist circumference",
            ),
        ),
        KindSpec(
            Kind.HIP,
            name="Hip",
            value_name="Hip",
            units=LENGTH,
            stored_decimals=1,
            valid_range=(50.0, 250.0),
            table="hip_readings",
            value_column="hip_cm",
            # LOINC's "PhenX - hip circumference protocol 020801", the code in common use for a
            # hip circumference in cm.
            fhir=Coding(
                "PhenX - hip circumference protocol 020801",
                Category.VITAL_SIGNS,
                loinc="62409-8",
                text="Hip circumference",
            ),
        ),
        KindSpec(
            Kind.PROTEIN,
            name="Protein",
            value_name="Protein",
            units=(G,),
            stored_decimals=1,
            valid_range=(0.0, 300.0),  # one meal or snack
            table="protein_entries",
            value_column="protein_g",
            label_column="meal",
            label_name="Meal",
            fhir=Coding("Protein intake", Category.SURVEY, component="meal"),
        ),
        KindSpec(
            Kind.WATER,
            name="Water",
            value_name="Water",
            units=VOLUME,
            stored_decimals=0,
            valid_range=(1.0, 5000.0),  # one drink, or a day's total from an import
            table="water_entries",
            value_column="water_ml",
            fhir=Coding("Water intake", Category.SURVEY),
        ),
        KindSpec(
            Kind.STRENGTH,
            name="Strength",
            value_name="Session length",
            units=(MIN,),
            stored_decimals=0,
            valid_range=(1.0, 600.0),
            table="strength_sessions",
            value_column="duration_min",
            label_column="focus",
            label_name="Focus",
            # Its exercises are exported as one "exercise" component each.
            fhir=Coding("Strength training session", Category.ACTIVITY, component="focus"),
        ),
        KindSpec(
            Kind.ACTIVITY,
            name="Activity",
            value_name="Activity length",
            units=(MIN,),
            stored_decimals=0,
            valid_range=(1.0, 600.0),
            table="activities",
            value_column="duration_min",
            label_column="activity_type",
            label_name="Activity type",
            fhir=Coding("Physical activity", Category.ACTIVITY, component="activity_type"),
        ),
        KindSpec(
            Kind.DOSE,
            name="GLP-1 dose",
            value_name="Dose",
            units=(MG,),
            stored_decimals=3,
            valid_range=None,  # each medicine's labelled doses: tracker.rules.medicines
            table="doses",
            value_column="dose_mg",
            label_column="medicine",
            label_name="Medicine",
            extra_column="site",
        ),
        KindSpec(
            Kind.SIDE_EFFECT,
            name="Side effect",
            value_name="Severity",
            units=(GRADE,),
            stored_decimals=0,
            valid_range=(0.0, 3.0),  # domain.SEVERITY_WORDS
            scale="a whole number: 0 none, 1 mild, 2 moderate, 3 severe",
            table="side_effects",
            value_column="severity",
            label_column="effect",
            label_name="Side effect",
            fhir=Coding(
                "Side effect severity (0-3)", Category.SURVEY, ucum="{score}", component="effect"
            ),
        ),
        KindSpec(
            Kind.PAIN,
            name="Pain",
            value_name="Pain",
            units=(SCORE,),
            stored_decimals=0,
            valid_range=(0.0, 10.0),  # the 0-10 numeric rating scale that LOINC 72514-3 codes
            scale="a whole number from 0 (no pain) to 10 (the worst imaginable)",
            table="pain_entries",
            value_column="score",
            label_column="location",
            label_name="Where it hurts",
            extra_column="tags",
            fhir=Coding(
                "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
                Category.SURVEY,
                loinc="72514-3",
                text="Pain severity (0-10)",
                ucum="{score}",
                component=BODY_SITE,
            ),
        ),
        KindSpec(
            Kind.RED_FLAG,
            name="Red-flag answer",
            value_name="The answer",
            units=(ANSWER,),
            stored_decimals=0,
            valid_range=(0.0, 1.0),
            scale="1 for yes or 0 for no",
            table="red_flag_answers",
            value_column="answer",
            label_column="item",
            label_name="Question",
            fhir=Coding(
                "Red-flag checklist answer", Category.SURVEY, ucum=YES_NO, component="item"
            ),
        ),
        KindSpec(
            Kind.CHAIR_STAND_30S,
            name="30-second chair stand",
            value_name="Chair stands",
            units=(STANDS,),
            stored_decimals=0,
            valid_range=(0.0, 60.0),
            scale="a whole number of stands in 30 seconds, from 0 to 60",
            table="chair_stand_tests",
            value_column="stands",
            label_column="tested_at",
            label_name="Where it was done",
            # loinc.org/66247-8 "Sit to stand frequency in 30 seconds" (H&P.PX, active): its
            # description names the CDC STEADI 30-second chair stand and a 17" armless chair.
            fhir=Coding(
                "Sit to stand frequency in 30 seconds",
                Category.EXAM,
                loinc="66247-8",
                text="30-second chair stand",
                component="tested_at",
            ),
        ),
        KindSpec(
            Kind.SIT_TO_STAND_5X,
            name="Five times sit-to-stand",
            value_name="Sit-to-stand time",
            units=(SECONDS,),
            stored_decimals=1,
            valid_range=(1.0, 120.0),
            table="sit_to_stand_tests",
            value_column="time_s",
            label_column="tested_at",
            label_name="Where it was done",
            # No LOINC term for the five times sit-to-stand time was found (loinc.org, FHIR IGs).
            fhir=Coding("Five times sit-to-stand time", Category.EXAM, component="tested_at"),
        ),
        KindSpec(
            Kind.GRIP_STRENGTH,
            name="Grip strength",
            value_name="Grip strength",
            units=MASS,
            stored_decimals=2,
            valid_range=(0.0, 150.0),
            table="grip_strength_tests",
            value_column="grip_kg",
            label_column="tested_at",
            label_name="Where it was done",
            # loinc.org/83145-3 (NIH Toolbox grip panel) has only hand-specific codes in
            # pounds-force (83173-5 left, 83174-3 right); none for the best of either hand in kg.
            fhir=Coding("Grip strength, best of either hand", Category.EXAM, component="tested_at"),
        ),
        KindSpec(
            Kind.GAIT_SPEED,
            name="Gait speed",
            value_name="Gait speed",
            units=(M_PER_S,),
            stored_decimals=2,
            valid_range=(0.05, 3.0),
            table="gait_speed_tests",
            value_column="speed_m_s",
            label_column="tested_at",
            label_name="Where it was done",
            # loinc.org/83144-6, the NIH Toolbox 4-Meter Walk Gait Speed Test panel, lists
            # 83172-7, the computed score in m/s: 4 m at usual pace, the better of two trials,
            # the protocol ``tracker.rules.function_tests.INFO`` describes.
            fhir=Coding(
                "4-Meter Walk Gait Speed Test - computed score [NIH Toolbox]",
                Category.EXAM,
                loinc="83172-7",
                text="Usual gait speed over 4 m",
                component="tested_at",
            ),
        ),
        KindSpec(
            Kind.SARC_F,
            name="SARC-F",
            value_name="SARC-F score",
            units=(SCORE,),
            stored_decimals=0,
            valid_range=(0.0, 10.0),
            scale="a whole number from 0 to 10, the sum of five answers of 0, 1 or 2",
            table="sarc_f_answers",
            value_column="score",
            label_column="answers",
            label_name="Answers",
            # No LOINC term for the SARC-F total was found (loinc.org, FHIR IGs); the answers go
            # as a component.
            fhir=Coding(
                "SARC-F sarcopenia screening score (0-10)",
                Category.SURVEY,
                ucum="{score}",
                component="answers",
            ),
        ),
    )
}
"""Every kind's description."""


def spec(kind: Kind) -> KindSpec:
    return KINDS[kind]


# --- converting and rounding --------------------------------------------------------------------

_FACTORS = {kind: {u.code: u.factor for u in s.units} for kind, s in KINDS.items()}
_SPELLINGS = {
    kind: {name: u.code for u in s.units for name in (u.code, *u.spellings)}
    for kind, s in KINDS.items()
}


def accepted_units(kind: Kind) -> list[str]:
    return list(_FACTORS[kind])


def canonical_unit(kind: Kind, unit: str) -> str | None:
    """The code of ``unit`` as people spell it (``Pounds``, ``fl oz``) if ``kind`` accepts it,
    else None."""
    if unit in _FACTORS[kind]:  # already a code: most rows of most files
        return unit
    return _SPELLINGS[kind].get(" ".join(unit.strip().lower().split()))


def to_metric(kind: Kind, value: float, unit: str) -> float:
    """``value`` in ``unit`` converted to the kind's metric unit, unrounded."""
    return value * _FACTORS[kind][unit]


def from_metric(kind: Kind, value_metric: float, unit: str) -> float:
    return value_metric / _FACTORS[kind][unit]


def quantize(kind: Kind, value_metric: float) -> float:
    """``value_metric`` rounded to the precision it is stored at."""
    return round(value_metric, KINDS[kind].stored_decimals)


def format_in_unit(kind: Kind, value_metric: float, unit: str) -> str:
    """Text for a stored value in ``unit`` that reads back to the very same stored value."""
    return format_number(from_metric(kind, value_metric, unit), UNITS[unit].decimals)


def display_unit(kind: Kind, weight_unit: WeightUnit, water_unit: WaterUnit) -> str:
    """The unit a patient with these preferences reads ``kind`` in: their weight or water unit
    where the kind takes it, inches with pounds, else the metric unit."""
    units = KINDS[kind].units
    if units == MASS:
        return weight_unit.value
    if units == LENGTH:  # inches go with pounds
        return IN.code if weight_unit is WeightUnit.LB else CM.code
    if units == VOLUME:
        return water_unit.value
    return units[0].code


# --- a strength session's exercise loads ---------------------------------------------------------

LOAD_STORED_DECIMALS = 2
"""A load is a mass, kept in kg like a weight."""
_LOAD_FACTORS = {u.code: u.factor for u in MASS}


def load_to_kg(load: float, unit: str) -> float:
    """A load typed in ``unit`` (kg or lb), in kg as stored."""
    return round(load * _LOAD_FACTORS[unit], LOAD_STORED_DECIMALS)


def load_from_kg(load_kg: float, unit: str) -> float:
    return load_kg / _LOAD_FACTORS[unit]
