"""Side effects, pain and the red-flag check, driven as a patient and their therapist would."""

from __future__ import annotations

import datetime as dt

from tests.app.conftest import shown, signed_in
from tests.app.test_flows import entries, submit
from tracker.domain import Entry, Kind, Profile, Role
from tracker.rules.redflags import BY_CODE, CHECKLIST, SURGERY_NOTE, SURGERY_NOTE_SOURCE
from tracker.services import accounts, assessment, care, logbook
from tracker.services.access import Actor

TODAY_PAGE = "app_pages/today.py"
CHECK_PAGE = "app_pages/red_flag_check.py"


def asked(at) -> list[str]:
    """The codes of the questions on the check page, in order."""
    return [radio.key.removeprefix("flag_") for radio in at.radio if radio.key.startswith("flag_")]


def answer_all(at, yes: tuple[str, ...] = ()):
    for code in asked(at):
        at.radio(key=f"flag_{code}").set_value("Yes" if code in yes else "No")
    return at


def with_profile(engine, user, **said):
    accounts.update_profile(engine, Actor.of(user), user.id, Profile(**said))
    return user


def red_flag_offered(at) -> bool:
    """Today's offer: a warning with a link to the check (the sidebar always links it too)."""
    return any("check for red-flag symptoms" in w.value for w in at.warning)


# --- Today: side effects and pain -------------------------------------------------------------


def test_side_effects_are_saved_for_the_effects_answered_only(app_db, patient):
    at = signed_in(patient, TODAY_PAGE)
    at.radio(key="effect_nausea").set_value("moderate")
    at.radio(key="effect_fatigue").set_value("none")
    submit(at, "side_effects_form", "Save side effects")

    assert not at.exception
    assert shown(at.success[0].value) == "Saved nausea: moderate, fatigue: none."
    logged = entries(app_db, patient, [Kind.SIDE_EFFECT])
    assert sorted((e.label, e.value) for e in logged) == [("fatigue", 0.0), ("nausea", 2.0)]
    assert at.radio(key="effect_nausea").value is None  # cleared for the next time
    assert not red_flag_offered(at)  # nothing severe


def test_saving_no_side_effect_at_all_says_what_to_do(app_db, patient):
    at = signed_in(patient, TODAY_PAGE)
    submit(at, "side_effects_form", "Save side effects")
    assert shown(at.error[0].value) == "Choose how strong at least one side effect was."
    assert entries(app_db, patient, [Kind.SIDE_EFFECT]) == []


def test_pain_is_saved_with_where_how_strong_what_like_and_when(app_db, patient):
    at = signed_in(patient, TODAY_PAGE)
    at.selectbox(key="pain_where").set_value("right_buttock")
    at.slider(key="pain_score").set_value(5)
    at.multiselect(key="pain_like").select("aching").select("radiating")
    at.multiselect(key="pain_when").select("sitting")
    submit(at, "pain_form", "Save pain")

    assert shown(at.success[0].value) == "Saved pain 5/10 in the right buttock."
    (pain,) = entries(app_db, patient, [Kind.PAIN])
    assert (pain.label, pain.value, set(pain.tags)) == (
        "right_buttock",
        5.0,
        {"aching", "radiating", "sitting"},
    )
    assert at.slider(key="pain_score").value == 0 and at.multiselect(key="pain_like").value == []


def test_severe_pain_offers_the_red_flag_check_and_mild_pain_does_not(patient):
    at = signed_in(patient, TODAY_PAGE)
    at.slider(key="pain_score").set_value(4)
    submit(at, "pain_form", "Save pain")
    assert not red_flag_offered(at)

    at.slider(key="pain_score").set_value(8)
    submit(at, "pain_form", "Save pain")
    assert red_flag_offered(at)

    check = at.switch_page(CHECK_PAGE).run()  # taking the offer up clears it
    assert check.title[0].value == "Red-flag check"
    assert not red_flag_offered(check.switch_page(TODAY_PAGE).run())


def test_a_severe_side_effect_offers_the_red_flag_check(patient):
    at = signed_in(patient, TODAY_PAGE)
    at.radio(key="effect_vomiting").set_value("severe")
    submit(at, "side_effects_form", "Save side effects")
    assert red_flag_offered(at)


# --- the red-flag check -----------------------------------------------------------------------


def test_all_no_stores_an_answer_to_every_question_and_says_there_is_no_red_flag(app_db, patient):
    at = answer_all(signed_in(patient, CHECK_PAGE))
    assert len(asked(at)) == len(CHECKLIST)  # a profile that has not said is asked everything
    submit(at, "red_flag_form", "Check my answers")

    assert not at.exception and not at.error
    assert shown(at.success[0].value).startswith("No to every question: no red flags.")
    logged = entries(app_db, patient, [Kind.RED_FLAG])
    assert sorted(e.label for e in logged) == sorted(item.code for item in CHECKLIST)
    assert {e.value for e in logged} == {0.0}


def test_a_yes_shows_what_to_do_at_once_most_urgent_first(app_db, patient):
    at = answer_all(signed_in(patient, CHECK_PAGE), yes=("dehydration", "cauda_equina"))
    submit(at, "red_flag_form", "Check my answers")

    alert = shown(at.error[0].value)
    emergency, prescriber = alert.index("Emergency"), alert.index("Call the doctor who")
    assert emergency < prescriber  # cauda equina (emergency) before dehydration (today)
    assert "cauda equina" in alert and "dehydration" in alert
    assert "NICE guideline on sciatica" in alert  # each item with its source
    findings = {f.code: f for f in assessment.assess(app_db, Actor.of(patient), patient.id)}
    assert findings["red_flag"].status.value == "alert"
    # Nobody shares this patient's data, so they close it themselves once seen to.
    at.button(key="close_red_flags").click().run()
    assert not at.error
    assert "Marked seen" in shown(at.success[0].value)
    assert care.red_flags(app_db, Actor.of(patient), patient.id)[0].acknowledged_by_name == "Maria"


def test_an_unanswered_question_is_named_and_the_answers_are_kept(app_db, patient):
    at = signed_in(patient, CHECK_PAGE)
    for item in CHECKLIST[:-1]:
        at.radio(key=f"flag_{item.code}").set_value("No")
    submit(at, "red_flag_form", "Check my answers")

    assert shown(at.error[0].value) == (
        f"Answer every question with yes or no: question {len(CHECKLIST)} has no answer yet."
    )
    assert at.radio(key=f"flag_{CHECKLIST[0].code}").value == "No"
    assert entries(app_db, patient, [Kind.RED_FLAG]) == []


def test_without_diabetes_or_insulin_the_vision_and_low_sugar_questions_are_not_asked(
    app_db, patient
):
    with_profile(app_db, patient, has_diabetes=False, insulin_or_sulfonylurea=False)
    at = signed_in(patient, CHECK_PAGE)

    assert not at.exception
    questions = asked(at)
    assert "vision" not in questions and "low_blood_sugar" not in questions
    assert len(questions) == len(CHECKLIST) - 2
    assert any(m.value.startswith(f"{len(CHECKLIST) - 2} questions") for m in at.markdown)
    answer_all(at)
    submit(at, "red_flag_form", "Check my answers")
    assert shown(at.success[0].value).startswith("No to every question")
    assert len(entries(app_db, patient, [Kind.RED_FLAG])) == len(CHECKLIST) - 2


def test_with_diabetes_and_insulin_the_vision_and_low_sugar_questions_are_asked_plainly(
    app_db, patient
):
    with_profile(app_db, patient, has_diabetes=True, insulin_or_sulfonylurea=True)
    at = signed_in(patient, CHECK_PAGE)

    labels = {radio.key: radio.label for radio in at.radio}
    for code in ("vision", "low_blood_sugar"):
        assert labels[f"flag_{code}"].endswith(BY_CODE[code].question)  # no "If you ..."
    assert any(m.value.startswith(f"{len(CHECKLIST)} questions") for m in at.markdown)


def test_a_profile_that_has_not_said_is_asked_with_the_condition_named(patient):
    at = signed_in(patient, CHECK_PAGE)
    labels = {radio.key: radio.label for radio in at.radio}
    assert "If you have diabetes: " in labels["flag_vision"]
    assert "If you take insulin or a sulfonylurea: " in labels["flag_low_blood_sugar"]


def test_yes_to_an_allergic_reaction_says_call_an_ambulance(app_db, patient):
    at = answer_all(signed_in(patient, CHECK_PAGE), yes=("allergic_reaction",))
    submit(at, "red_flag_form", "Check my answers")

    alert = shown(at.error[0].value)
    assert "Emergency: call an ambulance" in alert and "allergic reaction" in alert
    assert "hypersensitivity reactions" in alert
    (yes,) = [e for e in entries(app_db, patient, [Kind.RED_FLAG]) if e.value == 1.0]
    assert yes.label == "allergic_reaction"


def test_yes_to_low_blood_sugar_shows_its_own_advice(patient):
    at = answer_all(signed_in(patient, CHECK_PAGE), yes=("low_blood_sugar", "thyroid"))
    submit(at, "red_flag_form", "Check my answers")

    alert = shown(at.error[0].value)
    assert alert.index("Eat or drink something sugary now") < alert.index("within a few days")


def test_the_surgery_note_is_always_on_the_check_page(patient):
    at = signed_in(patient, CHECK_PAGE)
    (note,) = [box.value for box in at.info if SURGERY_NOTE in box.value]
    assert SURGERY_NOTE_SOURCE in note


def test_with_a_therapist_the_patient_cannot_close_it_and_the_therapist_acknowledges(
    app_db, patient
):
    therapist = accounts.create_user(
        app_db, "sam@example.com", "a long enough password", Role.THERAPIST, "Sam"
    )
    care.share_by_email(app_db, patient.email, therapist.email)
    logbook.log_entry(
        app_db,
        Actor.of(patient),
        patient.id,
        Entry(Kind.RED_FLAG, dt.date.today(), 1, label="fall"),
    )
    at = signed_in(patient, CHECK_PAGE)
    assert "Go to urgent care" in shown(at.error[0].value)
    assert not [b for b in at.button if b.key == "close_red_flags"]
    assert any("top of their list" in c.value for c in at.caption)

    caseload = signed_in(therapist, "app_pages/caseload.py")
    assert not caseload.exception
    review = signed_in(therapist, "app_pages/patient_review.py")
    review.query_params["patient"] = str(patient.id)
    review.run()
    assert "Possible fracture of the pelvis" in shown(review.error[0].value)
    review.button(key="acknowledge_red_flags").click().run()
    assert not review.error
    seen = care.red_flags(app_db, Actor.of(patient), patient.id)[0]
    assert seen.acknowledged_by_name == "Sam"
    again = signed_in(patient, CHECK_PAGE)
    assert not again.error
    assert "by Sam" in again.dataframe[0].value["Seen"][0]
