"""Each kind's units: which ones are accepted, how to reach metric, and the precision stored.

Values are stored rounded to ``STORED_DECIMALS`` in metric, and written out in any accepted unit
with ``UNIT_DECIMALS``; those are chosen so that converting a stored value out and back in always
lands on the same stored number (the export/import round trip is exact).
"""

from __future__ import annotations

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

STORED_DECIMALS: dict[Kind, int] = {
    Kind.WEIGHT: 2,
    Kind.BODY_FAT: 1,
    Kind.LEAN_MASS: 2,
    Kind.WAIST: 1,
    Kind.HIP: 1,
    Kind.PROTEIN: 1,
    Kind.WATER: 0,
    Kind.STRENGTH: 0,
    Kind.ACTIVITY: 0,
    Kind.DOSE: 3,
    Kind.SIDE_EFFECT: 0,
    Kind.PAIN: 0,
    Kind.RED_FLAG: 0,
}
LOAD_STORED_DECIMALS = 2

# Factor from the unit to the kind's metric unit.
_MASS = {"kg": 1.0, "lb": KG_PER_LB}
_LENGTH = {"cm": 1.0, "in": CM_PER_IN}
UNITS: dict[Kind, dict[str, float]] = {
    Kind.WEIGHT: _MASS,
    Kind.BODY_FAT: {"%": 1.0},
    Kind.LEAN_MASS: _MASS,
    Kind.WAIST: _LENGTH,
    Kind.HIP: _LENGTH,
    Kind.PROTEIN: {"g": 1.0},
    Kind.WATER: {"ml": 1.0, "l": ML_PER_L, "fl_oz": ML_PER_FL_OZ},
    Kind.STRENGTH: {"min": 1.0},
    Kind.ACTIVITY: {"min": 1.0},
    Kind.DOSE: {"mg": 1.0},
    Kind.SIDE_EFFECT: {"grade": 1.0},
    Kind.PAIN: {"score": 1.0},
    Kind.RED_FLAG: {"answer": 1.0},
}

# Decimals written out per unit: enough that reading the text back rounds to the stored value.
UNIT_DECIMALS: dict[str, int] = {
    "kg": 2,
    "lb": 2,
    "%": 1,
    "cm": 1,
    "in": 2,
    "g": 1,
    "ml": 0,
    "l": 3,
    "fl_oz": 2,
    "min": 0,
    "mg": 3,
    "grade": 0,
    "score": 0,
    "answer": 0,
}

# Spellings people and other apps use, folded to the canonical unit.
_ALIASES: dict[str, str] = {
    "/10": "score",
    "severity": "grade",
    "yes/no": "answer",
    "kgs": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "lbs": "lb",
    "pound": "lb",
    "pounds": "lb",
    "percent": "%",
    "pct": "%",
    "inch": "in",
    "inches": "in",
    "grams": "g",
    "gram": "g",
    "millilitre": "ml",
    "milliliter": "ml",
    "millilitres": "ml",
    "milliliters": "ml",
    "litre": "l",
    "liter": "l",
    "litres": "l",
    "liters": "l",
    "fl oz": "fl_oz",
    "floz": "fl_oz",
    "fl. oz": "fl_oz",
    "fl_oz_us": "fl_oz",
    "oz": "fl_oz",
    "minutes": "min",
    "mins": "min",
    "minute": "min",
}


def canonical_unit(kind: Kind, unit: str) -> str | None:
    """The canonical spelling of ``unit`` if ``kind`` accepts it, else None."""
    if unit in UNITS[kind]:  # already canonical: most rows of most files
        return unit
    text = " ".join(unit.strip().lower().split())
    text = _ALIASES.get(text, text)
    return text if text in UNITS[kind] else None


def accepted_units(kind: Kind) -> list[str]:
    return list(UNITS[kind])


def to_metric(kind: Kind, value: float, unit: str) -> float:
    """``value`` in ``unit`` converted to the kind's metric unit, unrounded."""
    return value * UNITS[kind][unit]


def from_metric(kind: Kind, value_metric: float, unit: str) -> float:
    return value_metric / UNITS[kind][unit]


def quantize(kind: Kind, value_metric: float) -> float:
    return round(value_metric, STORED_DECIMALS[kind])


def display_unit(kind: Kind, weight_unit: WeightUnit, water_unit: WaterUnit) -> str:
    """The unit a patient with these preferences reads ``kind`` in."""
    if kind in (Kind.WEIGHT, Kind.LEAN_MASS):
        return weight_unit.value
    if kind in (Kind.WAIST, Kind.HIP):
        return "in" if weight_unit is WeightUnit.LB else "cm"
    if kind is Kind.WATER:
        return water_unit.value
    return next(iter(UNITS[kind]))


def format_in_unit(kind: Kind, value_metric: float, unit: str) -> str:
    """Text for a stored value in ``unit`` that reads back to the very same stored value."""
    return format_number(from_metric(kind, value_metric, unit), UNIT_DECIMALS[unit])


def load_to_kg(load: float, unit: str) -> float:
    return round(load * _MASS[unit], LOAD_STORED_DECIMALS)


def load_from_kg(load_kg: float, unit: str) -> float:
    return load_kg / _MASS[unit]
