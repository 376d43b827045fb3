"""Body formulas: ideal and adjusted body weight, BMI, and the weight protein is judged on."""

from __future__ import annotations

from typing import NamedTuple

from tracker.domain import Profile, ProteinBasis, Sex
from tracker.rules.targets import ADJUSTED_WEIGHT_EXCESS_SHARE, ADJUSTED_WEIGHT_FROM_BMI
from tracker.units import CM_PER_IN, WeightUnit, format_number, kg_to_lb


def devine_ideal_kg(height_cm: float, sex: Sex) -> float:
    """Devine 1974: 50 kg (men) or 45.5 kg (women) plus 2.3 kg per inch over five feet."""
    base_kg = 50.0 if sex is Sex.MALE else 45.5
    return base_kg + 2.3 * (height_cm / CM_PER_IN - 60.0)


def adjusted_kg(actual_kg: float, height_cm: float, sex: Sex) -> float:
    """Adjusted body weight: ideal + 0.4 x (actual - ideal); never more than actual, and actual
    itself when it is not above ideal."""
    ideal_kg = devine_ideal_kg(height_cm, sex)
    if actual_kg <= ideal_kg:
        return actual_kg
    return ideal_kg + ADJUSTED_WEIGHT_EXCESS_SHARE * (actual_kg - ideal_kg)


def bmi(weight_kg: float, height_cm: float) -> float:
    height_m = height_cm / 100.0
    return weight_kg / (height_m * height_m)


class ReferenceWeight(NamedTuple):
    """The weight protein is judged on, which weight that is, and a sentence saying why."""

    kg: float
    basis: ProteinBasis
    """``ACTUAL`` or ``ADJUSTED``: the weight used, whatever the profile asked for."""
    note: str


def reference_weight_kg(actual_kg: float, profile: Profile) -> ReferenceWeight:
    """The weight protein is scaled by, for the patient's chosen basis.

    ``AUTO`` (the default) uses adjusted body weight from a BMI of 30 when height and sex are
    known (``targets.ADJUSTED_WEIGHT_FROM_BMI``), so that fat mass does not inflate the protein
    target, and the actual weight otherwise; ``ACTUAL`` and ``ADJUSTED`` use what they say
    (adjusted needs height and sex). The note names the weight used, in the patient's unit,
    and why.
    """
    height_cm, sex = profile.height_cm, profile.sex

    def shown(kg: float) -> str:
        if profile.weight_unit is WeightUnit.LB:
            return f"{format_number(kg_to_lb(kg), 1)} lb"
        return f"{format_number(kg, 1)} kg"

    def actual(why: str) -> ReferenceWeight:
        text = f"Judged on your actual weight, {shown(actual_kg)}{why}."
        return ReferenceWeight(actual_kg, ProteinBasis.ACTUAL, text)

    def adjusted(why: str, height_cm: float, sex: Sex) -> ReferenceWeight:
        kg = adjusted_kg(actual_kg, height_cm, sex)
        if kg >= actual_kg:
            return actual(", as it is not above your ideal weight")
        text = f"Judged on adjusted body weight, {shown(kg)}{why}."
        return ReferenceWeight(kg, ProteinBasis.ADJUSTED, text)

    if profile.protein_basis is ProteinBasis.ACTUAL:
        return actual(", as chosen in your profile")
    if profile.protein_basis is ProteinBasis.ADJUSTED:
        if height_cm is None or sex is None:
            return actual(": set your height and sex in Settings to use adjusted body weight")
        return adjusted(", as chosen in your profile", height_cm, sex)
    if height_cm is None:
        return actual(
            ": add your height in Settings, and from a BMI of 30 protein is judged on adjusted"
            " body weight"
        )
    if bmi(actual_kg, height_cm) < ADJUSTED_WEIGHT_FROM_BMI - 1e-9:
        return actual(f", as your BMI is under {format_number(ADJUSTED_WEIGHT_FROM_BMI, 0)}")
    if sex is None:
        return actual(
            f": your BMI is {format_number(ADJUSTED_WEIGHT_FROM_BMI, 0)} or more, so set your"
            " sex in Settings to judge protein on adjusted body weight"
        )
    return adjusted(
        f", as your BMI is {format_number(ADJUSTED_WEIGHT_FROM_BMI, 0)} or more", height_cm, sex
    )
