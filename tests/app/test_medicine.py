"""The medicine as a patient meets it: the brand chosen in Settings, tablets logged on Today
without an injection site, and Progress judging the doses by that brand's label."""

from __future__ import annotations

import dataclasses
import datetime as dt

from tests.app.conftest import shown, signed_in, texts
from tests.app.test_flows import entries, submit
from tracker.domain import Entry, Kind, Medicine, Profile
from tracker.services import accounts, logbook
from tracker.services.access import Actor


def set_profile(engine, user, **fields) -> None:
    actor = Actor.of(user)
    profile = accounts.get_profile(engine, actor, user.id)
    accounts.update_profile(engine, actor, user.id, dataclasses.replace(profile, **fields))


def log_daily(engine, user, medicine: Medicine, steps: list[tuple[float, int]]) -> dt.date:
    """Doses once a day, ``days`` of each ``mg`` in turn, ending yesterday; returns the first."""
    days = sum(count for _, count in steps)
    first = dt.date.today() - dt.timedelta(days=days)
    doses, day = [], first
    for mg, count in steps:
        for _ in range(count):
            doses.append(Entry(Kind.DOSE, day, mg, dt.time(7, 0), label=medicine.value))
            day += dt.timedelta(days=1)
    logbook.log_entries(engine, Actor.of(user), user.id, doses)
    return first


def test_settings_offers_the_brands_and_the_dose_form_starts_on_the_chosen_one(patient, app_db):
    at = signed_in(patient, "app_pages/settings.py")
    options = at.selectbox(key="settings_medicine").options
    assert "Ozempic (semaglutide, injection a week)" in options
    assert "Rybelsus (semaglutide, tablet a day)" in options
    assert "Wegovy pill (semaglutide, tablet a day)" in options
    at.selectbox(key="settings_medicine").select("ozempic")
    submit(at, "profile_form", "Save settings")
    assert not at.exception and not at.error
    assert accounts.get_profile(app_db, Actor.of(patient), patient.id).glp1_medicine is (
        Medicine.OZEMPIC
    )
    today = signed_in(patient, "app_pages/today.py")
    assert today.selectbox(key="dose_medicine").value == "ozempic"


def test_a_rybelsus_patient_logs_a_tablet_with_no_injection_site(patient, app_db):
    set_profile(app_db, patient, glp1_medicine=Medicine.RYBELSUS)
    at = signed_in(patient, "app_pages/today.py")
    assert at.selectbox(key="dose_medicine").value == "rybelsus"
    assert not [box for box in at.selectbox if box.key == "dose_site"]
    assert "empty stomach" in texts(at)  # the label's how-to for the tablet
    at.number_input(key="dose_mg").set_value(14.0)
    submit(at, "dose_form", "Save dose")
    assert not at.error
    assert shown(at.success[0].value) == "Saved 14 mg of Rybelsus."
    (dose,) = entries(app_db, patient, [Kind.DOSE])
    assert (dose.label, dose.value, dose.site) == ("rybelsus", 14.0, "")


def test_rybelsus_3_7_and_14_mg_daily_raise_no_false_flag_on_progress(patient, app_db):
    set_profile(app_db, patient, glp1_medicine=Medicine.RYBELSUS)
    log_daily(app_db, patient, Medicine.RYBELSUS, [(3.0, 30), (7.0, 30), (14.0, 30)])
    at = signed_in(patient, "app_pages/progress.py")
    at.radio(key="progress_period").set_value("Since start").run()
    assert not at.exception
    assert "No late or missed doses." in texts(at)
    steps = next(frame.value for frame in at.dataframe if "Label" in frame.value.columns)
    assert steps["Medicine"].tolist() == ["Rybelsus"] * 3
    assert steps["Label"].tolist() == [
        "Rybelsus step 1 of 3",
        "Rybelsus step 2 of 3",
        "Rybelsus step 3 of 3",
    ]
    assert not any("early" in note for note in steps["Note"])
    metric = next(m for m in at.metric if m.label == "Current dose")
    assert metric.value == "14 mg"


def test_an_ozempic_patient_on_1_mg_is_told_ozempics_next_step_not_wegovys(patient, app_db):
    # Doses logged before brands, as the bare molecule: the profile's brand decides the label.
    set_profile(app_db, patient, glp1_medicine=Medicine.OZEMPIC)
    first = dt.date.today() - dt.timedelta(days=14)
    doses = [
        Entry(Kind.DOSE, first + dt.timedelta(days=7 * n), 1.0, label="semaglutide")
        for n in range(3)
    ]
    logbook.log_entries(app_db, Actor.of(patient), patient.id, doses)
    at = signed_in(patient, "app_pages/progress.py")
    steps = next(frame.value for frame in at.dataframe if "Label" in frame.value.columns)
    assert steps["Label"].tolist() == ["Ozempic step 3 of 4"]
    (note,) = steps["Note"].tolist()
    assert "label's next step 2 mg" in note and "1.7" not in note


def test_a_bare_semaglutide_tablet_dose_is_refused_with_how_to_log_it(patient, app_db):
    set_profile(app_db, patient, glp1_medicine=None)
    at = signed_in(patient, "app_pages/today.py")
    at.selectbox(key="dose_medicine").select("wegovy")
    at.number_input(key="dose_mg").set_value(14.0)
    submit(at, "dose_form", "Save dose")
    assert "A dose of Wegovy must be between 0.25 and 7.2 mg" in shown(at.error[0].value)
    assert entries(app_db, patient, [Kind.DOSE]) == []
    assert at.number_input(key="dose_mg").value == 14.0  # what was typed stays


def test_the_profile_default_is_not_said_for_the_diabetes_questions(patient, app_db):
    at = signed_in(patient, "app_pages/settings.py")
    assert at.radio(key="settings_diabetes").value == "Not said"
    at.radio(key="settings_diabetes").set_value("Yes")
    at.radio(key="settings_insulin").set_value("No")
    submit(at, "profile_form", "Save settings")
    stored = accounts.get_profile(app_db, Actor.of(patient), patient.id)
    assert (stored.has_diabetes, stored.insulin_or_sulfonylurea) == (True, False)
    assert stored == dataclasses.replace(
        Profile(), has_diabetes=True, insulin_or_sulfonylurea=False
    )


def test_editing_a_dxa_reading_in_history_keeps_how_it_was_measured(patient, app_db):
    me = Actor.of(patient)
    stored = logbook.log_entry(
        app_db, me, patient.id, Entry(Kind.BODY_FAT, dt.date.today(), 35.0, label="dxa")
    )
    at = signed_in(patient, "app_pages/history.py")
    prefix = f"edit_body_fat:{stored.id}"
    assert at.selectbox(key=f"{prefix}_label").value == "dxa"
    at.number_input(key=f"{prefix}_value").set_value(34.5)
    submit(at, f"{prefix}_form", "Save changes")
    assert shown(at.success[0].value) == "Saved the change."
    changed = logbook.get_entry(app_db, me, patient.id, Kind.BODY_FAT, stored.id)
    assert (changed.value, changed.label) == (34.5, "dxa")


def test_a_dose_is_edited_by_its_brand_name(patient, app_db):
    me = Actor.of(patient)
    stored = logbook.log_entry(
        app_db, me, patient.id, Entry(Kind.DOSE, dt.date.today(), 1.0, label="semaglutide")
    )
    at = signed_in(patient, "app_pages/history.py")
    label = at.selectbox(key=f"edit_dose:{stored.id}_label")
    assert "Ozempic" in label.options and "Semaglutide" in label.options
    label.select("ozempic")
    submit(at, f"edit_dose:{stored.id}_form", "Save changes")
    assert logbook.get_entry(app_db, me, patient.id, Kind.DOSE, stored.id).label == "ozempic"


def test_a_tablet_dose_is_edited_without_an_injection_site(patient, app_db):
    me = Actor.of(patient)
    stored = logbook.log_entry(
        app_db, me, patient.id, Entry(Kind.DOSE, dt.date.today(), 7.0, label="rybelsus")
    )
    at = signed_in(patient, "app_pages/history.py")
    keys = {box.key for box in at.selectbox}
    assert f"edit_dose:{stored.id}_label" in keys
    assert f"edit_dose:{stored.id}_site" not in keys
    assert "1 entry" in [caption.value for caption in at.caption]
