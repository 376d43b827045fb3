"""The muscle checks' forms: a function test and the SARC-F questions, for Today (a patient at
home) and the review page (a therapist in clinic). Each form keeps what was typed in session
state under its ``key``, so that a refused save keeps it and a saved one clears it."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from tracker.domain import Entry, FunctionResult, FunctionTest, InvalidEntry, Profile
from tracker.rules import function_tests
from tracker.rules.function_tests import INFO, SARC_F
from tracker.views import display

PHYSICAL = (
    FunctionTest.CHAIR_STAND_30S,
    FunctionTest.FIVE_TIMES_SIT_TO_STAND,
    FunctionTest.GRIP,
    FunctionTest.GAIT_SPEED,
)
"""The tests done with the body, in the order offered."""

STEPS = {
    FunctionTest.CHAIR_STAND_30S: (1.0, "%.0f"),
    FunctionTest.FIVE_TIMES_SIT_TO_STAND: (0.1, "%.1f"),
    FunctionTest.GRIP: (0.5, "%.1f"),
    FunctionTest.GAIT_SPEED: (0.1, "%.1f"),
}
"""The number input's step and format for each test's typed value."""


def test_picker(key: str, tests: tuple[FunctionTest, ...] = PHYSICAL) -> FunctionTest:
    """Which test to record (the first when none is chosen): outside the form, so that the
    result box below says the chosen test's unit."""
    chosen = st.segmented_control(
        "Test", tests, default=tests[0], format_func=lambda t: INFO[t].name, key=key
    )
    return chosen or tests[0]


def value_label(test: FunctionTest, profile: Profile) -> str:
    """What the result box asks for: the unit a person reads off their watch or meter."""
    if test is FunctionTest.GAIT_SPEED:
        return f"Seconds to walk {function_tests.GAIT_DISTANCE_M:g} m (the faster of two)"
    if test is FunctionTest.GRIP:
        return f"Best grip ({display.unit_of(test.kind, profile)})"
    if test is FunctionTest.CHAIR_STAND_30S:
        return "Full stands in 30 seconds"
    return "Seconds for five rises"


def test_inputs(key: str, test: FunctionTest, profile: Profile) -> None:
    """How to do ``test``, folded, and the box for its result (inside a form)."""
    with st.expander(f"How to do the {name_in_sentence(test)}", icon=":material/info:"):
        st.markdown(INFO[test].how)
    step, shown = STEPS[test]
    st.number_input(
        value_label(test, profile), value=None, min_value=0.0, step=step, format=shown, key=key
    )


def test_entry(
    key: str, test: FunctionTest, profile: Profile, day: dt.date, time: dt.time | None, at: str
) -> Entry:
    """The entry the result box under ``key`` holds, in the stored unit; ``at`` is where the
    test was done (``TestedAt``, or empty)."""
    typed = st.session_state.get(key)
    if typed is None:
        raise InvalidEntry("Enter the result first.", "value")
    if test is FunctionTest.GAIT_SPEED:
        value = function_tests.gait_speed_m_s(float(typed))
    else:
        value = display.to_metric(test.kind, float(typed), profile)
    return Entry(test.kind, day, value, time, label=at)


def sarc_f_inputs(key: str) -> None:
    """The five SARC-F questions, each answered with one of its three answers (in a form)."""
    for question in SARC_F:
        st.radio(
            question.question,
            range(len(question.answers)),
            index=None,
            format_func=question.answers.__getitem__,
            horizontal=True,
            key=f"{key}_{question.code}",
        )


def sarc_f_reset(key: str) -> dict[str, object]:
    return {f"{key}_{question.code}": None for question in SARC_F}


def sarc_f_entry(key: str, day: dt.date, time: dt.time | None) -> Entry:
    """The SARC-F entry the answers under ``key`` make: the score, the answers as its label."""
    answers = {
        q.code: answer
        for q in SARC_F
        if (answer := st.session_state.get(f"{key}_{q.code}")) is not None
    }
    score = function_tests.sarc_f_score(answers)  # says which question is unanswered
    return Entry(
        FunctionTest.SARC_F.kind,
        day,
        float(score),
        time,
        label=function_tests.answers_label(answers),
    )


def saved_words(entry: Entry, profile: Profile) -> str:
    """What a saved result says: the result, and how it reads against its reference."""
    test = FunctionTest(entry.kind.value)
    judged = function_tests.evaluate(
        FunctionResult(test, entry.day, entry.value), profile.birth_year, profile.sex
    )
    shown = display.value_text(entry.kind, entry.value, profile)
    return f"Saved {name_in_sentence(test)}: {shown}. {judged.message}"


def name_in_sentence(test: FunctionTest) -> str:
    """The test's name inside a sentence: "30-second chair stand", "SARC-F questionnaire"."""
    name = INFO[test].name
    return name if name[1:2].isupper() else name[0].lower() + name[1:]
