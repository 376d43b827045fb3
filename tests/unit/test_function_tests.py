"""Home function tests and SARC-F against their published references, boundaries by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain import InvalidEntry, Sex
from tracker.rules import function_tests as ft
from tracker.rules.function_tests import FunctionResult, FunctionTest, evaluate

DAY = dt.date(2026, 3, 1)
M, F = Sex.MALE, Sex.FEMALE


def born_for(age: int) -> int:
    """The birth year that makes a person ``age`` in ``DAY``'s year."""
    return DAY.year - age


def stands(count: int, day: dt.date = DAY) -> FunctionResult:
    return FunctionResult(FunctionTest.CHAIR_STAND_30S, day, count)


def result(kind: FunctionTest, value: float, day: dt.date = DAY) -> FunctionResult:
    return FunctionResult(kind, day, value)


# --- 30-second chair stand: CDC STEADI "below average" -------------------------------------------

STEADI = [
    # (first age of the band, last age, sex, fewer stands than this is below average),
    # as printed on the CDC STEADI sheet "Assessment: 30-Second Chair Stand".
    (60, 64, M, 14),
    (60, 64, F, 12),
    (65, 69, M, 12),
    (65, 69, F, 11),
    (70, 74, M, 12),
    (70, 74, F, 10),
    (75, 79, M, 11),
    (75, 79, F, 10),
    (80, 84, M, 10),
    (80, 84, F, 9),
    (85, 89, M, 8),
    (85, 89, F, 8),
    (90, 94, M, 7),
    (90, 94, F, 4),
]


@pytest.mark.parametrize("first, last, sex, line", STEADI)
def test_each_steadi_band_at_its_published_line(first, last, sex, line):
    for age in (first, last):
        assert evaluate(stands(line - 1), born_for(age), sex).below_norm is True
        assert evaluate(stands(line), born_for(age), sex).below_norm is False


@pytest.mark.parametrize("first, last, sex, line", STEADI)
def test_the_norm_is_named_in_words(first, last, sex, line):
    words = "men" if sex is M else "women"
    norm = evaluate(stands(line), born_for(first), sex).norm
    assert (
        norm == f"fewer than {line} stands is below average for {words} {first}–{last} (CDC STEADI)"
    )


def test_twelve_stands_at_65_is_not_below_for_a_woman():
    assert evaluate(stands(12), born_for(65), F).below_norm is False  # the line is 11
    assert evaluate(stands(11), born_for(65), F).below_norm is False  # 11 is not fewer than 11
    assert evaluate(stands(10), born_for(65), F).below_norm is True


def test_the_band_changes_on_the_birthday_year():
    # 11 stands for a woman: below the 60-64 line of 12, not below the 65-69 line of 11.
    assert evaluate(stands(11), born_for(64), F).below_norm is True
    assert evaluate(stands(11), born_for(65), F).below_norm is False


def test_age_is_taken_from_the_birth_year_and_the_test_date():
    # Born 1961: 64 in 2025 (the 60-64 band, line 12), 65 in 2026 (the 65-69 band, line 11).
    assert evaluate(stands(11, dt.date(2025, 12, 31)), 1961, F).below_norm is True
    assert evaluate(stands(11, dt.date(2026, 1, 1)), 1961, F).below_norm is False


@pytest.mark.parametrize("age", [40, 59, 95])
def test_no_steadi_norm_outside_60_to_94(age):
    evaluation = evaluate(stands(5), born_for(age), F)
    assert evaluation.below_norm is None
    assert evaluation.norm == "no norm for this age"


def test_no_chair_stand_norm_without_a_birth_year():
    assert evaluate(stands(5), None, F).below_norm is None


@pytest.mark.parametrize(
    "count, below",
    [
        (9, True),  # at 70-74 below the women's 10, so below the men's 12 too
        (11, None),  # below for a man (12), not for a woman (10): the sex decides
        (12, False),  # not below either line
    ],
)
def test_chair_stand_without_a_sex_decides_only_when_both_lines_agree(count, below):
    assert evaluate(stands(count), born_for(72), None).below_norm is below


# --- EWGSOP2 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kg, sex, below",
    [
        (26.9, M, True),
        (27.0, M, False),  # under 27 kg is low for men
        (15.9, F, True),
        (16.0, F, False),  # under 16 kg is low for women
        (15.0, None, True),  # low for either sex
        (20.0, None, None),  # low for a man, not for a woman
        (27.0, None, False),
    ],
)
def test_grip_against_ewgsop2(kg, sex, below):
    assert evaluate(result(FunctionTest.GRIP, kg), born_for(50), sex).below_norm is below


def test_grip_norm_in_words():
    norm = evaluate(result(FunctionTest.GRIP, 20.0), None, F).norm
    assert norm == "under 16 kg is low grip strength for women (EWGSOP2)"


@pytest.mark.parametrize("seconds, below", [(12.0, False), (15.0, False), (15.1, True)])
def test_five_rises_in_over_15_seconds_is_below_the_reference(seconds, below):
    kind = FunctionTest.FIVE_TIMES_SIT_TO_STAND
    assert evaluate(result(kind, seconds), born_for(70), M).below_norm is below


@pytest.mark.parametrize("speed, below", [(0.79, True), (0.8, True), (0.81, False), (1.2, False)])
def test_gait_speed_at_or_under_0_8_is_below_the_reference(speed, below):
    assert evaluate(result(FunctionTest.GAIT_SPEED, speed), born_for(70), F).below_norm is below


def test_four_metres_in_five_seconds_is_exactly_on_the_gait_line():
    speed = ft.gait_speed_m_s(5.0)
    assert speed == pytest.approx(0.8)
    assert evaluate(result(FunctionTest.GAIT_SPEED, speed), None, None).below_norm is True


def test_ewgsop2_lines_apply_without_an_age():
    assert evaluate(result(FunctionTest.GAIT_SPEED, 0.6), None, None).below_norm is True


# --- SARC-F --------------------------------------------------------------------------------------


def answers(*points: int) -> dict[str, int]:
    codes = ["strength", "assistance_walking", "rise_from_chair", "climb_stairs", "falls"]
    return dict(zip(codes, points, strict=True))


def test_sarc_f_has_the_five_published_items_in_order():
    assert [q.component for q in ft.SARC_F] == [
        "Strength",
        "Assistance in walking",
        "Rise from a chair",
        "Climb stairs",
        "Falls",
    ]
    falls = ft.SARC_F[4]
    assert falls.question == "How many times have you fallen in the past year?"
    assert falls.answers == ("None", "1-3 falls", "4 or more falls")
    assert ft.SARC_F[1].answers[2] == "A lot, use aids, or unable"


@pytest.mark.parametrize(
    "points, total",
    [((0, 0, 0, 0, 0), 0), ((2, 2, 2, 2, 2), 10), ((1, 0, 2, 1, 0), 4), ((1, 1, 0, 1, 0), 3)],
)
def test_sarc_f_score_is_the_sum_of_the_items(points, total):
    assert ft.sarc_f_score(answers(*points)) == total


@pytest.mark.parametrize("score, below", [(0, False), (3, False), (4, True), (10, True)])
def test_a_sarc_f_score_of_4_or_more_suggests_a_talk(score, below):
    evaluation = evaluate(result(FunctionTest.SARC_F, score), None, None)
    assert evaluation.below_norm is below
    assert ("care team" in evaluation.message) is below


@pytest.mark.parametrize(
    "given, field",
    [
        ({k: v for k, v in answers(0, 0, 0, 0, 0).items() if k != "falls"}, "falls"),
        ({**answers(0, 0, 0, 0, 0), "strength": 3}, "strength"),
        ({**answers(0, 0, 0, 0, 0), "strength": -1}, "strength"),
        ({**answers(0, 0, 0, 0, 0), "climb_stairs": True}, "climb_stairs"),
        ({**answers(0, 0, 0, 0, 0), "balance": 1}, "balance"),
    ],
)
def test_sarc_f_refuses_missing_unknown_or_out_of_range_answers(given, field):
    with pytest.raises(InvalidEntry) as refused:
        ft.sarc_f_score(given)
    assert refused.value.field == field


# --- meaningful decline ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, before, after, declined",
    [
        (FunctionTest.CHAIR_STAND_30S, 14, 12, False),  # 2 stands: within the 2.5 MDC
        (FunctionTest.CHAIR_STAND_30S, 14, 11, True),  # 3 stands
        (FunctionTest.CHAIR_STAND_30S, 11, 16, False),  # better
        (FunctionTest.FIVE_TIMES_SIT_TO_STAND, 10.0, 12.4, False),
        (FunctionTest.FIVE_TIMES_SIT_TO_STAND, 10.0, 12.5, True),  # 2.5 s slower
        (FunctionTest.FIVE_TIMES_SIT_TO_STAND, 14.0, 9.0, False),  # faster
        (FunctionTest.GRIP, 30.0, 25.1, False),
        (FunctionTest.GRIP, 30.0, 25.0, True),  # 5 kg weaker
        (FunctionTest.GAIT_SPEED, 1.0, 0.91, False),
        (FunctionTest.GAIT_SPEED, 1.0, 0.9, True),  # 0.1 m/s, though 1.0 - 0.9 < 0.1 in floats
        (FunctionTest.SARC_F, 3, 4, True),  # crosses the screening line
        (FunctionTest.SARC_F, 2, 3, False),
        (FunctionTest.SARC_F, 4, 6, False),  # already over it: the advice does not change
    ],
)
def test_meaningful_decline_between_two_tests(kind, before, after, declined):
    change = ft.compare(result(kind, before, DAY), result(kind, after, DAY + dt.timedelta(30)))
    assert change.declined is declined
    assert ("care team" in change.message) is declined


def test_latest_change_compares_the_two_latest_of_the_kind_by_day():
    results = [
        result(FunctionTest.GRIP, 20.0, dt.date(2026, 3, 1)),
        result(FunctionTest.GRIP, 30.0, dt.date(2026, 1, 1)),
        result(FunctionTest.GRIP, 31.0, dt.date(2025, 6, 1)),
        result(FunctionTest.GAIT_SPEED, 0.5, dt.date(2026, 4, 1)),
    ]
    change = ft.latest_change(results, FunctionTest.GRIP)
    assert change is not None
    assert (change.previous.value, change.latest.value) == (30.0, 20.0)
    assert change.change == pytest.approx(-10.0)
    assert change.declined is True


def test_latest_change_needs_two_results():
    assert ft.latest_change([result(FunctionTest.GRIP, 20.0)], FunctionTest.GRIP) is None


def test_different_tests_are_not_compared():
    with pytest.raises(ValueError, match="not the same test"):
        ft.compare(result(FunctionTest.GRIP, 20.0), stands(12))


# --- what people read ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "res, age, sex",
    [
        (stands(5), 70, F),
        (stands(20), 70, F),
        (stands(5), 40, F),
        (result(FunctionTest.GRIP, 10.0), 70, M),
        (result(FunctionTest.FIVE_TIMES_SIT_TO_STAND, 25.0), 70, M),
        (result(FunctionTest.GAIT_SPEED, 0.5), 70, M),
        (result(FunctionTest.SARC_F, 8), 70, M),
    ],
)
def test_messages_inform_and_never_say_fail(res, age, sex):
    message = evaluate(res, born_for(age), sex).message.lower()
    assert "fail" not in message
    assert "you have sarcopenia" not in message


def test_every_test_says_how_to_do_it_and_its_unit():
    assert set(ft.INFO) == set(FunctionTest)
    assert {kind: info.unit for kind, info in ft.INFO.items()} == {
        FunctionTest.CHAIR_STAND_30S: "stands",
        FunctionTest.FIVE_TIMES_SIT_TO_STAND: "s",
        FunctionTest.GRIP: "kg",
        FunctionTest.GAIT_SPEED: "m/s",
        FunctionTest.SARC_F: "points",
    }
    assert "dynamometer" in ft.INFO[FunctionTest.GRIP].how


def test_loinc_codes_only_where_a_source_names_one():
    assert ft.LOINC == {
        FunctionTest.CHAIR_STAND_30S: "66247-8",
        FunctionTest.GAIT_SPEED: "83172-7",
        FunctionTest.GRIP: None,
        FunctionTest.FIVE_TIMES_SIT_TO_STAND: None,
        FunctionTest.SARC_F: None,
    }


@pytest.mark.parametrize(
    "kind, value",
    [
        (FunctionTest.GAIT_SPEED, 5.0),  # the seconds typed where the speed goes
        (FunctionTest.CHAIR_STAND_30S, 12.5),
        (FunctionTest.SARC_F, 11),
        (FunctionTest.GRIP, -1.0),
        (FunctionTest.FIVE_TIMES_SIT_TO_STAND, float("nan")),
    ],
)
def test_impossible_results_are_refused(kind, value):
    with pytest.raises(InvalidEntry):
        ft.check(kind, value)


def test_plausible_results_pass_the_check():
    ft.check(FunctionTest.CHAIR_STAND_30S, 12)
    ft.check(FunctionTest.GAIT_SPEED, 1.1)
