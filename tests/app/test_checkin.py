"""The morning check-in on Today: the routine in one card and one save."""

from __future__ import annotations

import datetime as dt

from tests.app.conftest import shown, signed_in, texts
from tracker.domain import Entry, Kind, Profile, SideEffect
from tracker.services import accounts, logbook
from tracker.services.access import Actor
from tracker.units import WaterUnit

SAVE = "FormSubmitter:checkin_form-Save check-in"
TODAY = "app_pages/today.py"


def save(at):
    return at.button(key=SAVE).click().run()


def log(engine, user, *entries: Entry) -> None:
    logbook.log_entries(engine, Actor.of(user), user.id, list(entries))


def stored(engine, user) -> list[Entry]:
    return logbook.list_entries(engine, Actor.of(user), user.id)


def days_ago(days: int) -> dt.date:
    return dt.date.today() - dt.timedelta(days=days)


def test_the_morning_log_is_one_card_and_one_save(patient, app_db):
    log(
        app_db,
        patient,
        Entry(Kind.WEIGHT, days_ago(1), 83.0),
        Entry(Kind.DOSE, days_ago(7), 1.0, label="wegovy", site="abdomen_left"),
    )
    at = signed_in(patient, TODAY)
    dose = at.checkbox(key="checkin_dose")
    assert dose.label == "Took my dose: 1 mg Wegovy, abdomen, right"  # the next site
    at.number_input(key="checkin_weight").set_value(82.6)
    at.number_input(key="checkin_protein").set_value(30.0)
    at.segmented_control(key="checkin_glasses").set_value(2)
    dose.check()
    at.pills(key="checkin_symptoms").set_value([SideEffect.NAUSEA])
    save(at)

    assert not at.exception
    said = shown(at.success[0].value)
    assert said.startswith("Saved weight 82.6 kg, ")
    assert "protein 30 g, water 500 ml, Wegovy 1 mg in the abdomen, right, nausea (mild)." in said
    today = [e for e in stored(app_db, patient) if e.day == dt.date.today()]
    assert sorted((e.kind, e.value, e.label, e.site) for e in today) == sorted(
        [
            (Kind.WEIGHT, 82.6, "", ""),
            (Kind.PROTEIN, 30.0, today[1].label, ""),
            (Kind.WATER, 500.0, "", ""),
            (Kind.DOSE, 1.0, "wegovy", "abdomen_right"),
            (Kind.SIDE_EFFECT, 1.0, "nausea", ""),
        ]
    )
    assert len({e.time for e in today}) == 1  # one save, one moment
    # The totals under the card count what was just saved, and the card is empty again.
    assert any("**Water:** 500 ml" in bar.text for bar in at.get("progress"))
    assert at.number_input(key="checkin_weight").value is None
    assert at.segmented_control(key="checkin_glasses").value is None
    assert "checkin_dose" not in [c.key for c in at.checkbox]  # logged: not offered again
    assert "Next Wegovy dose:" in texts(at)


def test_an_empty_check_in_says_what_to_fill_and_saves_nothing(patient, app_db):
    at = save(signed_in(patient, TODAY))
    assert "Nothing to save yet" in shown(at.error[0].value)
    assert stored(app_db, patient) == []


def test_a_refused_check_in_keeps_every_answer_and_writes_none(patient, app_db):
    at = signed_in(patient, TODAY)
    at.number_input(key="checkin_weight").set_value(500.0)
    at.number_input(key="checkin_protein").set_value(35.0)
    at.segmented_control(key="checkin_glasses").set_value(3)
    save(at)
    assert "Weight must be between" in shown(at.error[0].value)
    assert stored(app_db, patient) == []
    assert at.number_input(key="checkin_protein").value == 35.0
    assert at.segmented_control(key="checkin_glasses").value == 3


def test_a_weigh_in_far_from_the_last_asks_before_saving(patient, app_db):
    log(app_db, patient, Entry(Kind.WEIGHT, dt.date.today(), 82.4, dt.time(6, 0)))
    at = signed_in(patient, TODAY)
    at.number_input(key="checkin_weight").set_value(75.9)
    save(at)
    question = shown(at.warning[0].value)
    assert question.startswith("75.9 kg is 6.5 kg less than earlier today (82.4 kg)")
    assert len(stored(app_db, patient)) == 1
    assert at.number_input(key="checkin_weight").value == 75.9  # kept, to check or correct
    save(at)  # the same number again: it is right
    assert shown(at.success[0].value) == "Saved weight 75.9 kg."
    assert sorted(e.value for e in stored(app_db, patient)) == [75.9, 82.4]


def test_a_corrected_weigh_in_is_saved_without_asking_again(patient, app_db):
    log(app_db, patient, Entry(Kind.WEIGHT, days_ago(1), 82.4))
    at = signed_in(patient, TODAY)
    at.number_input(key="checkin_weight").set_value(28.4)
    save(at)
    assert "28.4 kg is 54 kg less than yesterday" in shown(at.warning[0].value)
    at.number_input(key="checkin_weight").set_value(82.1)
    save(at)
    assert shown(at.success[0].value) == "Saved weight 82.1 kg."


def test_the_weight_tab_asks_too(patient, app_db):
    log(app_db, patient, Entry(Kind.WEIGHT, dt.date.today(), 82.4, dt.time(6, 0)))
    at = signed_in(patient, TODAY)
    at.number_input(key="weight_value").set_value(88.9)
    at.button(key="FormSubmitter:weight_form-Save").click().run()
    assert "6.5 kg more than earlier today" in shown(at.warning[0].value)
    assert len(stored(app_db, patient)) == 1


def test_a_dose_not_yet_due_is_not_offered(patient, app_db):
    log(app_db, patient, Entry(Kind.DOSE, days_ago(2), 2.4, label="wegovy", site="thigh_left"))
    at = signed_in(patient, TODAY)
    assert "checkin_dose" not in [c.key for c in at.checkbox]
    next_day = days_ago(2) + dt.timedelta(days=7)
    assert f"Next Wegovy dose: {next_day:%A %d %B}." in texts(at)


def test_a_daily_tablet_is_offered_each_day_without_a_site(patient, app_db):
    log(app_db, patient, Entry(Kind.DOSE, days_ago(1), 14.0, label="rybelsus"))
    at = signed_in(patient, TODAY)
    assert at.checkbox(key="checkin_dose").label == "Took my tablet: 14 mg Rybelsus"


def test_before_a_first_dose_the_card_points_to_the_dose_form(patient):
    at = signed_in(patient, TODAY)
    assert "Log your first dose in the Dose tab below" in texts(at)


def test_a_severe_symptom_offers_the_red_flag_check_beside_the_card(patient, app_db):
    at = signed_in(patient, TODAY)
    at.pills(key="checkin_symptoms").set_value([SideEffect.VOMITING])
    at.segmented_control(key="checkin_grade").set_value(3)
    save(at)
    assert "vomiting (severe)" in shown(at.success[0].value)
    assert "That is severe" in shown(at.warning[0].value)


def test_glasses_in_fluid_ounces(patient, app_db):
    accounts.update_profile(
        app_db, Actor.of(patient), patient.id, Profile(water_unit=WaterUnit.FL_OZ)
    )
    at = signed_in(patient, TODAY)
    assert at.segmented_control(key="checkin_glasses").label == "Water: how many glasses of 8 fl oz"
    at.segmented_control(key="checkin_glasses").set_value(1)
    save(at)
    assert shown(at.success[0].value) == "Saved water 8 fl oz."
    assert stored(app_db, patient)[0].value == 237.0
