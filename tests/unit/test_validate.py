"""Plausibility checks: what is refused, and what the person is told."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain import Entry, Exercise, InvalidEntry, Kind, Profile
from tracker.formats import validate
from tracker.units import lb_to_kg

TODAY = dt.date(2026, 3, 15)


def check(kind: Kind, value: float, label: str = "", unit: str | None = None, **fields):
    return validate.entry(Entry(kind, TODAY, value, label=label, **fields), TODAY, unit)


@pytest.mark.parametrize(
    "kind, value, label, accepted",
    [
        (Kind.WEIGHT, 25.0, "", True),
        (Kind.WEIGHT, 24.99, "", False),
        (Kind.WEIGHT, 350.0, "", True),
        (Kind.WEIGHT, 350.01, "", False),
        (Kind.PROTEIN, 0.0, "lunch", True),
        (Kind.PROTEIN, 300.0, "lunch", True),
        (Kind.PROTEIN, 300.1, "lunch", False),
        (Kind.WATER, 5000.0, "", True),
        (Kind.WATER, 5001.0, "", False),
        (Kind.WATER, 0.0, "", False),
        (Kind.STRENGTH, 1.0, "glutes", True),
        (Kind.STRENGTH, 600.0, "glutes", True),
        (Kind.STRENGTH, 601.0, "glutes", False),
        (Kind.ACTIVITY, 0.0, "walk", False),
        (Kind.BODY_FAT, 2.0, "", True),
        (Kind.BODY_FAT, 75.0, "", True),
        (Kind.BODY_FAT, 75.1, "", False),
        (Kind.DOSE, 0.25, "semaglutide", True),
        (Kind.DOSE, 2.4, "semaglutide", True),
        (Kind.DOSE, 0.2, "semaglutide", False),
        (Kind.DOSE, 2.5, "tirzepatide", True),
        (Kind.DOSE, 15.0, "tirzepatide", True),
        (Kind.DOSE, 17.5, "tirzepatide", False),
        (Kind.DOSE, 0.25, "tirzepatide", False),  # a semaglutide dose typed for tirzepatide
        (Kind.DOSE, 3.0, "liraglutide", True),
        (Kind.DOSE, 4.5, "dulaglutide", True),
    ],
)
def test_plausible_ranges(kind, value, label, accepted):
    if accepted:
        assert check(kind, value, label).value == value
    else:
        with pytest.raises(InvalidEntry):
            check(kind, value, label)


def test_a_refused_weight_names_the_range_in_the_unit_typed():
    with pytest.raises(InvalidEntry) as refused:
        check(Kind.WEIGHT, lb_to_kg(900), unit="lb")
    message = str(refused.value)
    assert "between 55.1 and 771.6 lb" in message
    assert "900 lb is outside that range" in message
    assert refused.value.field == "value"


def test_a_dose_outside_the_label_says_so():
    with pytest.raises(InvalidEntry, match=r"A dose of Tirzepatide must be between 2\.5 and 15 mg"):
        check(Kind.DOSE, 20.0, "tirzepatide")


@pytest.mark.parametrize(
    ("medicine", "mg", "accepted"),
    [
        ("rybelsus", 3.0, True),  # Rybelsus tablets: 3, 7 and 14 mg a day
        ("rybelsus", 7.0, True),
        ("rybelsus", 14.0, True),  # refused before brands: over semaglutide's 7.2 mg injection
        ("rybelsus", 1.5, True),  # the newer tablets: 1.5, 4 and 9 mg
        ("rybelsus", 25.0, False),
        ("wegovy_pill", 25.0, True),  # Wegovy tablets: 1.5, 4, 9 and 25 mg
        ("wegovy_pill", 50.0, False),
        ("ozempic", 2.0, True),
        ("ozempic", 2.4, False),  # Ozempic's top dose is 2 mg; 2.4 mg is Wegovy's
        ("wegovy", 2.4, True),
        ("victoza", 3.0, False),  # Victoza to 1.8 mg; 3 mg is Saxenda's
        ("saxenda", 3.0, True),
        ("trulicity", 4.5, True),
        ("semaglutide", 2.4, True),  # no brand: the injections' range
    ],
)
def test_each_brand_takes_the_doses_its_label_has(medicine, mg, accepted):
    if accepted:
        assert check(Kind.DOSE, mg, medicine).value == mg
    else:
        with pytest.raises(InvalidEntry, match="outside the labelled range"):
            check(Kind.DOSE, mg, medicine)


def test_a_tablet_dose_without_a_brand_says_to_name_the_brand():
    with pytest.raises(InvalidEntry, match="Tablets are logged by their brand") as refused:
        check(Kind.DOSE, 14.0, "semaglutide")
    assert "A dose of Semaglutide must be between 0.25 and 7.2 mg" in str(refused.value)


def test_body_composition_may_say_how_it_was_measured():
    assert check(Kind.BODY_FAT, 30.0, "dxa").label == "dxa"
    assert check(Kind.LEAN_MASS, 50.0, "scale").label == "scale"
    assert check(Kind.BODY_FAT, 30.0).label == ""


def test_values_are_rounded_to_the_stored_precision():
    assert check(Kind.WEIGHT, 81.23456).value == 81.23
    assert check(Kind.WATER, 236.5882).value == 237.0
    assert check(Kind.PROTEIN, 25.04, "lunch").value == 25.0


def test_a_date_after_tomorrow_is_refused():
    tomorrow = TODAY + dt.timedelta(days=1)
    assert validate.entry(Entry(Kind.WEIGHT, tomorrow, 80.0), TODAY).day == tomorrow
    with pytest.raises(InvalidEntry, match="in the future") as refused:
        validate.entry(Entry(Kind.WEIGHT, TODAY + dt.timedelta(days=2), 80.0), TODAY)
    assert refused.value.field == "day"


def test_a_mistyped_year_is_refused():
    with pytest.raises(InvalidEntry, match="check the year"):
        validate.entry(Entry(Kind.WEIGHT, dt.date(1026, 3, 1), 80.0), TODAY)


@pytest.mark.parametrize(
    "kind, label, message",
    [
        (Kind.PROTEIN, "brunch", "Meal must be one of breakfast, lunch, dinner, snack"),
        (Kind.PROTEIN, "", "got nothing"),
        (Kind.STRENGTH, "arms", "Focus must be one of glutes, lower, upper, full"),
        (Kind.ACTIVITY, "run", "Activity type must be one of walk, cycle, swim, other"),
        (Kind.DOSE, "wegovvy", "Medicine must be one of wegovy, wegovy_pill, ozempic, rybelsus"),
        (Kind.BODY_FAT, "caliper", "Body fat is measured by scale, dxa, or left empty"),
        (Kind.WEIGHT, "lunch", "takes no label"),
    ],
)
def test_labels_must_be_known(kind, label, message):
    with pytest.raises(InvalidEntry, match=message):
        check(kind, 30.0, label)


def test_injection_sites():
    assert check(Kind.DOSE, 0.5, "semaglutide", site="thigh_left").site == "thigh_left"
    with pytest.raises(InvalidEntry, match="Injection site must be one of"):
        check(Kind.DOSE, 0.5, "semaglutide", site="buttock")
    with pytest.raises(InvalidEntry, match="Only a dose"):
        check(Kind.WEIGHT, 80.0, site="thigh_left")


def test_not_a_number_is_refused():
    with pytest.raises(InvalidEntry, match="must be a number"):
        check(Kind.WEIGHT, float("nan"))


def test_exercises_are_checked_one_by_one():
    good = check(
        Kind.STRENGTH,
        40.0,
        "glutes",
        exercises=(Exercise("  Hip thrust ", 3, 10, 60.004), Exercise("Bridge", 2, 15)),
    )
    assert good.exercises == (Exercise("Hip thrust", 3, 10, 60.0), Exercise("Bridge", 2, 15))
    for bad, field in [
        (Exercise("", 3, 10), "exercise_name"),
        (Exercise("Squat", 0, 10), "exercise_sets"),
        (Exercise("Squat", 3, 500), "exercise_reps"),
        (Exercise("Squat", 3, 10, 900.0), "exercise_load"),
    ]:
        with pytest.raises(InvalidEntry) as refused:
            check(Kind.STRENGTH, 40.0, "glutes", exercises=(bad,))
        assert refused.value.field == field
    with pytest.raises(InvalidEntry, match="Only a strength session"):
        check(Kind.ACTIVITY, 40.0, "walk", exercises=(Exercise("Squat", 3, 10),))


def test_a_long_note_is_refused():
    assert check(Kind.WEIGHT, 80.0, note="x" * 500).note == "x" * 500
    with pytest.raises(InvalidEntry, match="500 characters"):
        check(Kind.WEIGHT, 80.0, note="x" * 501)


def test_email_is_normalised_and_checked():
    assert validate.email("  Maria@Example.COM ") == "maria@example.com"
    with pytest.raises(InvalidEntry, match="does not look right"):
        validate.email("maria.example.com")


def test_password_length():
    assert validate.password("kettle orbit")
    with pytest.raises(InvalidEntry, match="at least 10 characters"):
        validate.password("short")


@pytest.mark.parametrize("common", ["password123", "Password123", "1234567890", "ozempic123"])
def test_common_passwords_are_refused(common):
    with pytest.raises(InvalidEntry, match="first that attackers try"):
        validate.password(common)


def test_a_password_that_is_the_email_is_refused():
    with pytest.raises(InvalidEntry, match="first that attackers try"):
        validate.password("maria.lopez", "maria.lopez@example.com")
    assert validate.password("maria.lopez2", "maria.lopez@example.com")


@pytest.mark.parametrize(
    "profile, field",
    [
        (Profile(height_cm=99.0), "height_cm"),
        (Profile(height_cm=251.0), "height_cm"),
        (Profile(birth_year=1899), "birth_year"),
        (Profile(birth_year=TODAY.year - 11), "birth_year"),
        (Profile(glp1_start=TODAY + dt.timedelta(days=5)), "glp1_start"),
        (Profile(glp1_start=TODAY + dt.timedelta(days=1)), "glp1_start"),  # not begun yet
    ],
)
def test_profile_ranges(profile, field):
    with pytest.raises(InvalidEntry) as refused:
        validate.profile(profile, TODAY)
    assert refused.value.field == field


def test_a_plausible_profile_passes():
    profile = Profile(height_cm=168.04, birth_year=1970, glp1_start=TODAY)
    assert validate.profile(profile, TODAY).height_cm == 168.0


def test_note_line_breaks_are_made_plain_and_control_characters_refused():
    assert check(Kind.WEIGHT, 80.0, note="a\r\nb\rc").note == "a\nb\nc"
    with pytest.raises(InvalidEntry, match="text, tabs and line breaks"):
        check(Kind.WEIGHT, 80.0, note="bell\x07")


def test_a_long_label_is_quoted_short():
    long_label = "x" * 10_000
    with pytest.raises(InvalidEntry) as refused:
        validate.entry(Entry(Kind.PROTEIN, dt.date(2026, 3, 2), 30.0, label=long_label), TODAY)
    assert len(str(refused.value)) < 200 and "xxx…" in str(refused.value)
