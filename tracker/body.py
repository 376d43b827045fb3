"""Body formulas: ideal and adjusted body weight, BMI, the default water target."""

from __future__ import annotations

from tracker.domain import Profile, ProteinBasis, Sex
from tracker.units import CM_PER_IN, KG_PER_LB, ML_PER_FL_OZ


def devine_ideal_kg(height_cm: float, sex: Sex) -> float:
    """Devine 1974: 50 kg (men) or 45.5 kg (women) plus 2.3 kg per inch over five feet."""
    base_kg = 50.0 if sex is Sex.MALE else 45.5
    return base_kg + 2.3 * (height_cm / CM_PER_IN - 60.0)


def reference_weight_kg(actual_kg: float, profile: Profile) -> tuple[float, str]:
    """The weight protein is scaled by, and a note when the chosen basis could not be used.

    Adjusted body weight = IBW + 0.4 x (actual - IBW), used by dietitians for people with
    obesity so that fat mass does not inflate the protein target; it never exceeds actual.
    """
    if profile.protein_basis is not ProteinBasis.ADJUSTED:
        return actual_kg, ""
    if profile.height_cm is None or profile.sex is None:
        return actual_kg, "Set your height and sex in Settings to use adjusted body weight."
    ideal_kg = devine_ideal_kg(profile.height_cm, profile.sex)
    if actual_kg <= ideal_kg:
        return actual_kg, ""
    return ideal_kg + 0.4 * (actual_kg - ideal_kg), ""


def water_target_ml(weight_kg: float) -> float:
    """The brief's rule: half the body weight in pounds, as fluid ounces a day (in ml)."""
    return weight_kg / KG_PER_LB / 2.0 * ML_PER_FL_OZ


def bmi(weight_kg: float, height_cm: float) -> float:
    height_m = height_cm / 100.0
    return weight_kg / (height_m * height_m)
