"""The body formulas at their boundaries: which weight protein is judged on, and the water
suggestion's ceiling, with the expected numbers worked out by hand."""

from __future__ import annotations

import pytest

from tracker.domain import Profile, ProteinBasis, Sex
from tracker.rules import body
from tracker.rules import targets as t
from tracker.units import WeightUnit

AUTO, ACTUAL, ADJUSTED = ProteinBasis.AUTO, ProteinBasis.ACTUAL, ProteinBasis.ADJUSTED
F, M = Sex.FEMALE, Sex.MALE


@pytest.mark.parametrize(
    "basis, height_cm, sex, actual_kg, used_kg, used",
    [
        # 170 cm woman: Devine ideal 45.5 + 2.3 x (66.93 - 60) = 61.44 kg.
        # 86.7 kg is a BMI of exactly 30 (86.7 / 1.7²): adjusted 61.44 + 0.4 x 25.26 = 71.54.
        (AUTO, 170.0, F, 86.7, 71.54, ADJUSTED),
        (AUTO, 170.0, F, 86.6, 86.6, ACTUAL),  # BMI 29.97: under 30, the actual weight
        # 180 cm man, 110 kg (BMI 34): ideal 50 + 2.3 x 10.87 = 74.99; 74.99 + 0.4 x 35.01 = 89.0
        (AUTO, 180.0, M, 110.0, 89.0, ADJUSTED),
        # 165 cm woman, 130.7 kg (BMI 48): ideal 56.91; 56.91 + 0.4 x 73.79 = 86.43
        (AUTO, 165.0, F, 130.7, 86.43, ADJUSTED),
        (AUTO, 170.0, None, 100.0, 100.0, ACTUAL),  # BMI 34.6 but sex unknown: actual
        (AUTO, None, F, 150.0, 150.0, ACTUAL),  # no height, no BMI: actual
        (ACTUAL, 170.0, F, 120.0, 120.0, ACTUAL),  # chosen: actual even at BMI 41.5
        (ADJUSTED, 170.0, F, 70.0, 64.86, ADJUSTED),  # chosen: 61.44 + 0.4 x 8.56, any BMI
        (ADJUSTED, 170.0, F, 60.0, 60.0, ACTUAL),  # at or under ideal: nothing to adjust
        (ADJUSTED, None, F, 80.0, 80.0, ACTUAL),  # needs height
    ],
)
def test_the_weight_protein_is_judged_on(basis, height_cm, sex, actual_kg, used_kg, used):
    profile = Profile(height_cm=height_cm, sex=sex, protein_basis=basis)
    reference = body.reference_weight_kg(actual_kg, profile)
    assert reference.kg == pytest.approx(used_kg, abs=0.01)
    assert reference.basis is used


@pytest.mark.parametrize(
    "basis, height_cm, sex, actual_kg, note",
    [
        (
            AUTO,
            165.0,
            F,
            130.7,
            "Judged on adjusted body weight, 86.4 kg, as your BMI is 30 or more.",
        ),
        (AUTO, 170.0, F, 70.0, "Judged on your actual weight, 70 kg, as your BMI is under 30."),
        (
            AUTO,
            170.0,
            None,
            100.0,
            "Judged on your actual weight, 100 kg: your BMI is 30 or more, so set your sex in"
            " Settings to judge protein on adjusted body weight.",
        ),
        (
            ACTUAL,
            170.0,
            F,
            120.0,
            "Judged on your actual weight, 120 kg, as chosen in your profile.",
        ),
        (
            ADJUSTED,
            170.0,
            F,
            70.0,
            "Judged on adjusted body weight, 64.9 kg, as chosen in your profile.",
        ),
    ],
)
def test_the_note_says_which_weight_was_used_and_why(basis, height_cm, sex, actual_kg, note):
    profile = Profile(height_cm=height_cm, sex=sex, protein_basis=basis)
    assert body.reference_weight_kg(actual_kg, profile).note == note


def test_auto_is_the_default_basis():
    profile = Profile(height_cm=165.0, sex=F)
    assert body.reference_weight_kg(130.7, profile).basis is ADJUSTED


@pytest.mark.parametrize(
    "weight_kg, sex, target_ml",
    [
        (80.0, None, 2607.9),  # 176.4 lb, half is 88.2 fl oz = 2607.9 ml: under any ceiling
        (82.0, F, 2673.1),  # 90.4 fl oz: under the women's 2.7 L
        (83.0, F, 2700.0),  # 2705.7 ml by the rule: capped at NASEM's 2.7 L for women
        (140.0, F, 2700.0),
        (140.0, M, 3700.0),  # 4563.9 ml by the rule: capped at 3.7 L for men
        (140.0, None, 3700.0),  # sex unknown: the higher, men's, ceiling
        (113.0, M, 3683.7),  # 249.1 lb, half is 124.6 fl oz = 3683.7 ml: under 3.7 L
        (114.0, M, 3700.0),  # 3716.3 ml by the rule: capped
    ],
)
def test_the_water_suggestion_stops_at_the_nasem_intake(weight_kg, sex, target_ml):
    assert t.DEFAULT_TARGETS.water_ml_for(weight_kg, sex) == pytest.approx(target_ml, abs=0.1)


def test_a_clinicians_water_target_is_not_capped():
    clinician = t.DEFAULT_TARGETS.with_overrides({"water_target_ml": 4000.0})
    assert clinician.water_ml_for(140.0, Sex.FEMALE) == 4000.0


@pytest.mark.parametrize("sex, adequate_ml", [(F, 2000.0), (M, 2500.0), (None, 2500.0)])
def test_the_efsa_intake_by_sex(sex, adequate_ml):
    assert t.water_adequate_ml(sex) == adequate_ml


def test_the_note_speaks_the_patients_weight_unit():
    profile = Profile(height_cm=165.0, sex=F, weight_unit=WeightUnit.LB)
    # 86.43 kg of adjusted body weight is 190.5 lb.
    assert body.reference_weight_kg(130.7, profile).note == (
        "Judged on adjusted body weight, 190.5 lb, as your BMI is 30 or more."
    )
