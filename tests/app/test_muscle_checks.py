"""The muscle checks: Today offers the chair stand and SARC-F when due and saves them; the
Tests tab records any test; a therapist records one in clinic on the review page."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.app.conftest import new_app, sign_in_as, signed_in, texts
from tracker.domain import AccessDenied, Entry, FunctionTest, Kind, Profile, Sex
from tracker.rules.function_tests import SARC_F
from tracker.services import accounts, care, logbook
from tracker.services.access import Actor
from tracker.units import WeightUnit

TODAY = "app_pages/today.py"


def stored(engine, user, kind: Kind) -> list[Entry]:
    return [e for e in logbook.list_entries(engine, Actor.of(user), user.id) if e.kind is kind]


def answer_sarc_f(at, form: str, points: list[int]) -> None:
    for question, chosen in zip(SARC_F, points, strict=True):
        at.radio(key=f"{form}_{question.code}").set_value(chosen)


def test_a_new_patient_is_offered_the_chair_stand_and_sarc_f_and_saves_both(patient, app_db):
    accounts.update_profile(
        app_db, Actor.of(patient), patient.id, Profile(birth_year=1962, sex=Sex.FEMALE)
    )
    at = signed_in(patient, TODAY)
    assert "Muscle check due" in texts(at)
    at.number_input(key="due_chair_stand_value").set_value(10)
    at.button(key="FormSubmitter:due_chair_stand_form-Save the chair stand").click().run()
    assert not at.exception
    [stand] = stored(app_db, patient, Kind.CHAIR_STAND_30S)
    assert (stand.value, stand.label) == (10, "home")
    # 64 this year: fewer than 12 stands is below average for women 60-64 (CDC STEADI).
    assert "below the reference for women 60–64" in texts(at)

    answer_sarc_f(at, "due_sarc_f", [1, 0, 1, 2, 0])
    at.button(key="FormSubmitter:due_sarc_f_form-Save the answers").click().run()
    [sarc_f] = stored(app_db, patient, Kind.SARC_F)
    assert (sarc_f.value, sarc_f.label) == (4, "S1 A0 R1 C2 F0")
    assert "a check of muscle strength and mass is suggested" in texts(at)
    # Both done: nothing due until four weeks on, and the card is gone on the next visit.
    assert "Muscle check due" not in texts(at)
    assert "Muscle check" not in texts(at.run())


def test_an_unanswered_question_is_named_and_the_answers_kept(patient, app_db):
    at = signed_in(patient, TODAY)
    at.radio(key="due_sarc_f_strength").set_value(1)
    at.button(key="FormSubmitter:due_sarc_f_form-Save the answers").click().run()
    assert "Answer the question on assistance in walking." in texts(at)
    assert at.radio(key="due_sarc_f_strength").value == 1
    assert stored(app_db, patient, Kind.SARC_F) == []


def test_the_tests_tab_records_grip_in_pounds_and_gait_from_seconds(patient, app_db):
    accounts.update_profile(
        app_db, Actor.of(patient), patient.id, Profile(weight_unit=WeightUnit.LB, sex=Sex.MALE)
    )
    at = signed_in(patient, TODAY)
    at.segmented_control(key="test_choice").set_value(FunctionTest.GRIP).run()
    at.number_input(key="test_grip_strength_value").set_value(66.0)
    at.button(key="FormSubmitter:test_grip_strength_form-Save the result").click().run()
    [grip] = stored(app_db, patient, Kind.GRIP_STRENGTH)
    assert grip.value == 29.94  # 66 lb, kept in kg
    assert "within the reference for men" in texts(at)

    at.segmented_control(key="test_choice").set_value(FunctionTest.GAIT_SPEED).run()
    at.number_input(key="test_gait_speed_value").set_value(5.0)
    at.button(key="FormSubmitter:test_gait_speed_form-Save the result").click().run()
    [gait] = stored(app_db, patient, Kind.GAIT_SPEED)
    assert gait.value == 0.8  # 4 m in 5 s
    assert "at or below the reference" in texts(at)


def test_an_implausible_result_is_refused_and_kept(patient, app_db):
    at = signed_in(patient, TODAY)
    at.number_input(key="due_chair_stand_value").set_value(75)
    at.button(key="FormSubmitter:due_chair_stand_form-Save the chair stand").click().run()
    assert "from 0 to 60" in texts(at)
    assert at.number_input(key="due_chair_stand_value").value == 75
    assert stored(app_db, patient, Kind.CHAIR_STAND_30S) == []


def test_nothing_is_due_within_four_weeks_of_the_last(patient, app_db):
    recent = dt.date.today() - dt.timedelta(days=27)
    logbook.log_entries(
        app_db,
        Actor.of(patient),
        patient.id,
        [Entry(Kind.CHAIR_STAND_30S, recent, 12), Entry(Kind.SARC_F, recent, 1)],
    )
    assert "Muscle check due" not in texts(signed_in(patient, TODAY))


def review(therapist, patient_id: int):
    at = new_app()
    sign_in_as(at, therapist)
    at.run()
    at.query_params["patient"] = str(patient_id)
    return at.switch_page("app_pages/patient_review.py").run()


def test_a_therapist_records_a_grip_in_clinic_and_the_patient_sees_it(app_db, demo_pair):
    demo_patient, demo_therapist = demo_pair
    at = review(demo_therapist, demo_patient.id)
    before = len(stored(app_db, demo_patient, Kind.GRIP_STRENGTH))
    at.segmented_control(key="clinic_test_choice").set_value(FunctionTest.GRIP).run()
    at.number_input(key="clinic_grip_strength_value").set_value(21.5)
    at.button(key="FormSubmitter:clinic_grip_strength_form-Save the result").click().run()
    assert not at.exception
    grips = stored(app_db, demo_patient, Kind.GRIP_STRENGTH)
    assert len(grips) == before + 1 and (grips[-1].value, grips[-1].label) == (21.5, "clinic")
    assert "within the reference for women" in texts(at)  # Maria: 16 kg is the line
    [table] = [d.value for d in at.dataframe if "Test" in d.value.columns]
    assert (table.iloc[0]["Test"], table.iloc[0]["Where"]) == ("Grip strength", "clinic")
    trail = signed_in(demo_patient, "app_pages/care_team.py").dataframe[0].value
    assert "Recorded a test" in set(trail["What"])


def test_a_patient_cannot_record_a_clinic_test_for_themself(app_db, patient):
    entry = Entry(Kind.CHAIR_STAND_30S, dt.date.today(), 12)
    with pytest.raises(AccessDenied, match="Your physical therapist sets this"):
        care.record_test(app_db, Actor.of(patient), patient.id, entry)
    assert stored(app_db, patient, Kind.CHAIR_STAND_30S) == []


def test_a_sarc_f_changed_in_history_keeps_its_answers_adding_up(patient, app_db):
    me = Actor.of(patient)
    stored = logbook.log_entry(
        app_db, me, patient.id, Entry(Kind.SARC_F, dt.date.today(), 3, label="S1 A0 R1 C1 F0")
    )
    at = signed_in(patient, "app_pages/history.py")
    prefix = f"edit_sarc_f:{stored.id}"
    assert at.text_input(key=f"{prefix}_label").value == "S1 A0 R1 C1 F0"
    at.number_input(key=f"{prefix}_value").set_value(4)
    at.button(key=f"FormSubmitter:{prefix}_form-Save changes").click().run()
    assert "add up to 3, not 4" in texts(at)
    assert logbook.get_entry(app_db, me, patient.id, Kind.SARC_F, stored.id).value == 3
    at.text_input(key=f"{prefix}_label").input("S1 A0 R1 C1 F1")
    at.button(key=f"FormSubmitter:{prefix}_form-Save changes").click().run()
    changed = logbook.get_entry(app_db, me, patient.id, Kind.SARC_F, stored.id)
    assert (changed.value, changed.label) == (4, "S1 A0 R1 C1 F1")
