"""``python -m tracker profile``: a clinic sets up a patient's profile from the command line,
with the same checks as the Settings page."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tracker import cli
from tracker.domain import Medicine, ProteinBasis, Role, Sex
from tracker.services import accounts
from tracker.services.access import Actor
from tracker.store import db
from tracker.units import WaterUnit, WeightUnit

EMAIL = "new.patient@clinic.example"


@pytest.fixture
def patient(database_url, monkeypatch):
    monkeypatch.setenv("TRACKER_DATABASE_URL", database_url)
    engine = db.make_engine(database_url)
    db.migrate(engine)
    user = accounts.create_user(engine, EMAIL, "a long enough password", Role.PATIENT)
    yield engine, user
    engine.dispose()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_profile_shows_what_is_set_and_what_is_not(patient, capsys):
    code, out, _ = run(capsys, "profile", "--user", EMAIL)
    assert code == 0
    assert out.splitlines()[0] == f"Profile of {EMAIL}"
    assert "  medicine                 not said" in out
    assert "  units                    kg, ml" in out
    assert "  protein judged on        adjusted body weight from a BMI of 30, else actual" in out


def test_profile_flags_set_the_profile_for_an_onboarding_clinic(patient, capsys):
    engine, user = patient
    code, out, err = run(
        capsys,
        "profile",
        "--user",
        EMAIL,
        "--height-cm",
        "175.25",
        "--birth-year",
        "1958",
        "--sex",
        "male",
        "--medicine",
        "rybelsus",
        "--start",
        "2026-10-01",
        "--units",
        "us",
        "--diabetes",
        "yes",
        "--insulin",
        "no",
        "--protein-basis",
        "actual",
    )
    assert code == 0
    assert err.strip() == "Saved the profile."
    assert "Rybelsus (semaglutide, tablet a day)" in out
    stored = accounts.get_profile(engine, Actor.system(), user.id)
    assert stored.height_cm == 175.2  # stored to a tenth, as Settings stores it
    assert (stored.birth_year, stored.sex) == (1958, Sex.MALE)
    assert (stored.glp1_medicine, stored.glp1_start) == (Medicine.RYBELSUS, dt.date(2026, 10, 1))
    assert (stored.weight_unit, stored.water_unit) == (WeightUnit.LB, WaterUnit.FL_OZ)
    assert (stored.has_diabetes, stored.insulin_or_sulfonylurea) == (True, False)
    assert stored.protein_basis is ProteinBasis.ACTUAL


def test_a_flag_changes_only_its_own_field_and_unsaid_clears_an_answer(patient, capsys):
    engine, user = patient
    run(capsys, "profile", "--user", EMAIL, "--sex", "female", "--diabetes", "yes")
    code, _, _ = run(capsys, "profile", "--user", EMAIL, "--diabetes", "unsaid")
    assert code == 0
    stored = accounts.get_profile(engine, Actor.system(), user.id)
    assert stored.sex is Sex.FEMALE
    assert stored.has_diabetes is None


def test_profile_json_is_the_stored_profile(patient, capsys):
    run(capsys, "profile", "--user", EMAIL, "--medicine", "zepbound")
    code, out, _ = run(capsys, "profile", "--user", EMAIL, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["glp1_medicine"] == "zepbound"
    assert data["protein_basis"] == "auto"
    assert data["height_cm"] is None


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--height-cm", "300"], "Height must be between 100 and 250 cm"),
        (["--birth-year", "1850"], "Birth year must be between 1900"),
        (["--start", "2099-01-01"], "The medicine's start date must be between"),
    ],
)
def test_a_bad_value_is_refused_whole_with_the_settings_message(patient, capsys, flags, message):
    engine, user = patient
    code, out, err = run(capsys, "profile", "--user", EMAIL, "--sex", "male", *flags)
    assert code == 1
    assert message in err and out == ""
    assert accounts.get_profile(engine, Actor.system(), user.id).sex is None  # nothing saved


def test_an_unknown_brand_is_a_usage_error_listing_the_brands(patient, capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["profile", "--user", EMAIL, "--medicine", "ozempik"])
    assert done.value.code == 2
    assert "ozempic" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--height-cm", "1_70"], "'1_70' is not a number"),  # float() reads 170
        (["--height-cm", "١٧٠"], "is not a number"),  # Arabic-Indic digits
        (["--height-cm", "1e2"], "'1e2' is not a number"),
        (["--birth-year", "1_990"], "'1_990' is not a whole number"),
        (["--birth-year", "１９９０"], "is not a whole number"),  # fullwidth digits
    ],
)
def test_only_plain_decimal_numbers_are_read(patient, capsys, flags, message):
    engine, user = patient
    with pytest.raises(SystemExit) as done:
        cli.main(["profile", "--user", EMAIL, "--sex", "male", *flags])
    assert done.value.code == 2
    assert message in capsys.readouterr().err
    assert accounts.get_profile(engine, Actor.system(), user.id).sex is None


def test_a_therapist_has_no_profile(patient, capsys):
    engine, _ = patient
    accounts.create_user(engine, "pt@clinic.example", "a long enough password", Role.THERAPIST)
    code, _, err = run(capsys, "profile", "--user", "pt@clinic.example")
    assert code == 1
    assert "There is no such patient" in err
