"""The red-flag checklist: every question with its action and source, and which a patient is
asked."""

from __future__ import annotations

import pytest

from tracker.domain import Profile, RedFlag
from tracker.rules import guidance
from tracker.rules.redflags import (
    BY_CODE,
    CHECKLIST,
    SURGERY_NOTE,
    SURGERY_NOTE_SOURCE,
    URGENCY_WORDS,
    Urgency,
    checklist_for,
    most_urgent_first,
)


def codes(items) -> list[str]:
    return [item.code.value for item in items]


def test_every_red_flag_has_one_question_with_an_action_and_a_source():
    assert sorted(codes(CHECKLIST)) == sorted(flag.value for flag in RedFlag)
    for item in CHECKLIST:
        assert item.question.endswith("?") and item.concern and item.action and item.source


@pytest.mark.parametrize(
    "code, urgency",
    [
        ("allergic_reaction", Urgency.EMERGENCY),
        ("buttock_compartment", Urgency.EMERGENCY),  # still an emergency, asked more narrowly
        ("dark_urine", Urgency.URGENT_CARE),
        ("low_blood_sugar", Urgency.URGENT_CARE),  # orders it; its own advice says what to do
        ("gallbladder", Urgency.URGENT_CARE),  # with fever or jaundice: same day, not a call
        ("thyroid", Urgency.PRESCRIBER_SOON),
        ("vision", Urgency.PRESCRIBER_SOON),
    ],
)
def test_the_label_warnings_and_the_split_questions_have_their_urgency(code, urgency):
    assert BY_CODE[code].urgency is urgency


def test_seeing_the_prescriber_soon_is_the_least_urgent_and_says_within_days():
    assert min(Urgency) is Urgency.PRESCRIBER_SOON < Urgency.PRESCRIBER_TODAY
    assert "within a few days" in URGENCY_WORDS[Urgency.PRESCRIBER_SOON]
    assert BY_CODE["thyroid"].action == URGENCY_WORDS[Urgency.PRESCRIBER_SOON]


def test_low_blood_sugar_says_eat_sugar_now_and_when_to_get_urgent_care():
    item = BY_CODE["low_blood_sugar"]
    assert item.action.startswith("Eat or drink something sugary now")
    assert "within 15 minutes" in item.action and "confused or drowsy" in item.action
    assert "urgent care" in item.action
    assert "15-15 rule" in item.source and "insulin or a sulfonylurea" in item.source


def test_an_allergic_reaction_asks_about_swelling_breathing_rash_and_fainting():
    item = BY_CODE["allergic_reaction"]
    for words in ("face, lips, tongue or throat", "breathing", "rash", "fainted"):
        assert words in item.question
    assert item.action.startswith("Emergency: call an ambulance")
    assert "hypersensitivity" in item.source


def test_the_thyroid_and_vision_questions_name_their_symptoms_and_label_warnings():
    thyroid, vision = BY_CODE["thyroid"], BY_CODE["vision"]
    assert "lump or swelling in your neck" in thyroid.question
    assert "swallowing" in thyroid.question and "hoarse" in thyroid.question
    assert "does not go away" in thyroid.question
    assert "thyroid C-cell tumours" in thyroid.source
    assert "vision" in vision.question
    assert "diabetic retinopathy" in vision.source


def test_gallbladder_pain_with_fever_or_yellow_skin_goes_to_urgent_care_today():
    item = BY_CODE["gallbladder"]
    assert "upper right belly" in item.question
    assert "fever" in item.question and "yellow skin or eyes" in item.question
    assert item.action == "Go to urgent care or an emergency department today."


def test_the_compartment_question_needs_swelling_severe_pain_and_numbness_together():
    question = BY_CODE["buttock_compartment"].question
    assert "tense and swollen" in question
    assert "severe pain far worse than you would expect" in question
    assert "numbness" in question and "all three together" in question
    assert "tingling" not in question  # sciatic tingling alone is no emergency
    assert "urine" not in question  # dark urine is its own question


def test_dark_urine_with_muscle_pain_is_its_own_question():
    item = BY_CODE["dark_urine"]
    assert "tea- or cola-coloured" in item.question
    assert "muscle pain or weakness" in item.question
    assert "rhabdomyolysis" in item.concern and "rhabdomyolysis" in item.source


def test_the_fall_question_asks_for_an_injury_a_blow_to_the_head_or_no_weight_bearing():
    question = BY_CODE["fall"].question
    assert "injured" in question and "hit your head" in question
    assert "unable to put weight on your leg" in question
    assert BY_CODE["fall"].urgency is Urgency.URGENT_CARE


def test_the_surgery_note_says_to_tell_the_team_and_why_with_its_source():
    assert "surgery, procedure or sedation" in SURGERY_NOTE
    assert "GLP-1 medicine" in SURGERY_NOTE and "stomach" in SURGERY_NOTE
    assert "anaesthesia or deep sedation" in SURGERY_NOTE
    assert "pulmonary aspiration" in SURGERY_NOTE_SOURCE and "2024" in SURGERY_NOTE_SOURCE


# --- which questions a patient is asked ----------------------------------------------------


def asked(**profile) -> dict[str, str]:
    return {item.code.value: item.question for item in checklist_for(Profile(**profile))}


def test_a_profile_that_has_not_said_is_asked_everything_with_the_condition_named():
    questions = asked()
    assert list(questions) == codes(CHECKLIST)
    assert questions["low_blood_sugar"].startswith("If you take insulin or a sulfonylurea: do ")
    assert questions["vision"].startswith("If you have diabetes: have ")


def test_no_insulin_or_sulfonylurea_hides_the_low_blood_sugar_question():
    questions = asked(has_diabetes=True, insulin_or_sulfonylurea=False)
    assert "low_blood_sugar" not in questions
    assert questions["vision"] == BY_CODE["vision"].question  # said yes: no condition to name


def test_no_diabetes_hides_the_vision_question():
    questions = asked(has_diabetes=False, insulin_or_sulfonylurea=True)
    assert "vision" not in questions
    assert questions["low_blood_sugar"] == BY_CODE["low_blood_sugar"].question
    assert len(asked(has_diabetes=False, insulin_or_sulfonylurea=False)) == len(CHECKLIST) - 2


def test_the_full_table_keeps_every_question_for_old_answers():
    # The caseload, the review page and the report show any stored answer, asked or not now.
    hidden = checklist_for(Profile(has_diabetes=False, insulin_or_sulfonylurea=False))
    assert "vision" not in codes(hidden) and "vision" in BY_CODE
    assert codes(most_urgent_first(["vision", "low_blood_sugar"])) == ["low_blood_sugar", "vision"]


# --- most urgent first --------------------------------------------------------------------------


def test_an_allergic_reaction_comes_before_a_thyroid_lump():
    assert codes(most_urgent_first(["thyroid", "allergic_reaction"])) == [
        "allergic_reaction",
        "thyroid",
    ]


def test_most_urgent_first_orders_by_urgency_then_by_the_order_asked():
    answered = ["vision", "dehydration", "gallbladder", "pancreatitis", "cauda_equina", "gone"]
    assert codes(most_urgent_first(answered)) == [
        "cauda_equina",  # emergency
        "pancreatitis",  # stop and get care
        "gallbladder",  # urgent care
        "dehydration",  # the prescriber today
        "vision",  # the prescriber soon; "gone", no longer a question, is left out
    ]


def test_the_red_flag_finding_leads_with_the_items_own_advice():
    finding = guidance.red_flag(["low_blood_sugar", "thyroid"])
    assert "eat or drink something sugary now" in finding.message
    assert "(possible low blood sugar (hypoglycaemia)" in finding.message
