"""Unit conversion at the edges: the database and the rules speak metric only.

The factors are exact by definition (international avoirdupois pound 1959, international inch
1959, US customary fluid ounce), so a value converted to the user's unit and back lands on the
same stored number once it is rounded to the stored precision.
"""

from __future__ import annotations

from enum import StrEnum

KG_PER_LB = 0.45359237
CM_PER_IN = 2.54
ML_PER_FL_OZ = 29.5735295625
ML_PER_L = 1000.0


class WeightUnit(StrEnum):
    KG = "kg"
    LB = "lb"


class WaterUnit(StrEnum):
    ML = "ml"
    FL_OZ = "fl_oz"


def kg_to_lb(weight_kg: float) -> float:
    return weight_kg / KG_PER_LB


def lb_to_kg(weight_lb: float) -> float:
    return weight_lb * KG_PER_LB


def ml_to_fl_oz(volume_ml: float) -> float:
    return volume_ml / ML_PER_FL_OZ


def format_number(value: float, decimals: int) -> str:
    """Shortest plain text for ``value`` at ``decimals`` places: 81.70 -> '81.7', 80.0 -> '80'."""
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
