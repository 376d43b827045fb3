"""Function tests a patient can do at home, and the SARC-F questionnaire, read against
published references.

Five tests: the 30-second chair stand (stands), five times sit-to-stand (seconds), grip
strength with a hand dynamometer (kg), usual gait speed over 4 m (m/s) and SARC-F (a score of
0-10). Each result is read against one reference, named with its source, and a later result
against the one before, against the smallest change the test can tell from day-to-day noise.

The words inform and never diagnose: a result is "below the reference for ...", and a talk with
the care team "is worth it"; nobody fails a test.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from tracker import kinds
from tracker.domain import FunctionResult, FunctionTest, InvalidEntry, Sex
from tracker.units import format_number


@dataclass(frozen=True, slots=True)
class FunctionTestInfo:
    """A test as the app shows it: its name, how to do it at home, and the unit of its result.
    ``higher_is_better`` is False for the timed sit-to-stand and for SARC-F."""

    kind: FunctionTest
    name: str
    how: str
    unit: str
    higher_is_better: bool
    decimals: int


INFO: dict[FunctionTest, FunctionTestInfo] = {
    FunctionTest.CHAIR_STAND_30S: FunctionTestInfo(
        FunctionTest.CHAIR_STAND_30S,
        "30-second chair stand",
        "Use a sturdy chair without arms, seat about 43 cm (17 in) high, with its back against a "
        "wall. Sit in the middle of the seat, feet flat on the floor, and cross your arms with "
        "each hand on the opposite shoulder. When someone says 'Go' and starts a 30-second "
        "timer, stand up all the way and sit back down, as many times as you can, arms crossed "
        "against your chest. Count each time you are fully standing; if you are more than "
        "halfway up when the time ends, count that one too. If you need your arms to get up, "
        "stop and write 0. Have someone stand beside you if your balance is unsure.",
        "stands",
        higher_is_better=True,
        decimals=0,
    ),
    FunctionTest.FIVE_TIMES_SIT_TO_STAND: FunctionTestInfo(
        FunctionTest.FIVE_TIMES_SIT_TO_STAND,
        "Five times sit-to-stand",
        "Use the same sturdy chair without arms, against a wall. Sit with your feet flat and "
        "your arms crossed over your chest. When someone says 'Go' and starts a stopwatch, stand "
        "up all the way and sit down again five times, as quickly as you safely can, without "
        "using your arms. The timer stops when you are standing up straight for the fifth "
        "time. Write down the seconds. Have someone stand beside you if your balance is unsure.",
        "s",
        higher_is_better=False,
        decimals=1,
    ),
    FunctionTest.GRIP: FunctionTestInfo(
        FunctionTest.GRIP,
        "Grip strength",
        "You need a hand dynamometer (a hand-grip meter). Set its handle so the middle of your "
        "fingers rests on it. Sit in a chair with a straight back and your feet flat, upper arm "
        "against your side, elbow bent at a right angle and wrist straight. Squeeze as hard as "
        "you can for about three seconds, then let go. Do this three times with each hand, with "
        "a short rest between, and write down the highest reading in kg.",
        "kg",
        higher_is_better=True,
        decimals=1,
    ),
    FunctionTest.GAIT_SPEED: FunctionTestInfo(
        FunctionTest.GAIT_SPEED,
        "Gait speed over 4 m",
        "Mark a straight 4-metre path on a flat floor, with a couple of steps of free space "
        "after the end. Stand with your toes at the start line. When someone says 'Go', walk "
        "at your usual pace, not fast, past the end line, using your walking aid if you have "
        "one. The helper times you from your first step until your first foot crosses the "
        "4-metre line. Walk it twice and keep the faster time: your speed is 4 divided by the "
        "seconds.",
        "m/s",
        higher_is_better=True,
        decimals=2,
    ),
    FunctionTest.SARC_F: FunctionTestInfo(
        FunctionTest.SARC_F,
        "SARC-F questionnaire",
        "Five short questions on how hard a few everyday things are for you (lifting, walking "
        "across a room, getting out of a chair, climbing stairs) and how often you fell in the "
        "past year. Answer for how things usually are; there are no right answers.",
        "points",
        higher_is_better=False,
        decimals=0,
    ),
}

LOINC: dict[FunctionTest, str | None] = {
    test: (coding.loinc or None) if (coding := kinds.spec(test.kind).fhir) else None
    for test in FunctionTest
}
"""LOINC codes, each only where a source could be named (``tracker.kinds``); None where none
was found."""

PLAUSIBLE: dict[FunctionTest, tuple[float, float]] = {
    test: kinds.spec(test.kind).valid_range or (0.0, 0.0) for test in FunctionTest
}
"""What a typed result may be (``tracker.kinds``), to catch slips (a time typed as speed, kg as
lb), not bodies."""

WHOLE_NUMBERS = frozenset({FunctionTest.CHAIR_STAND_30S, FunctionTest.SARC_F})

GAIT_DISTANCE_M = 4.0
"""EWGSOP2 (Cruz-Jentoft AJ et al., Age Ageing 2019;48(1):16-31) times usual gait speed over
4 m, as the Short Physical Performance Battery does."""

_EPS = 1e-9
"""Tolerance for floating-point: 4 m in 5 s is exactly 0.8 m/s, and 1.0 to 0.9 m/s is 0.1."""


def check(kind: FunctionTest, value: float) -> None:
    """Raises ``InvalidEntry`` for a result no person could have."""
    low, high = PLAUSIBLE[kind]
    info = INFO[kind]
    if not math.isfinite(value) or not low <= value <= high:
        raise InvalidEntry(
            f"A {info.name} result is between {format_number(low, 2)} and "
            f"{format_number(high, 2)} {info.unit}; check the number.",
            field="value",
        )
    if kind in WHOLE_NUMBERS and value != int(value):
        raise InvalidEntry(f"A {info.name} result is a whole number.", field="value")


def gait_speed_m_s(time_s: float, distance_m: float = GAIT_DISTANCE_M) -> float:
    """Usual gait speed from the time to walk ``distance_m``."""
    if time_s <= 0:
        raise InvalidEntry("The walking time is more than 0 seconds.", field="time_s")
    return distance_m / time_s


def age_in(day: dt.date, birth_year: int | None) -> int | None:
    """The age reached in ``day``'s year, as ``Profile.age_on`` counts it (only the birth year
    is kept): a norm band is chosen by it."""
    return None if birth_year is None else day.year - birth_year


# --- SARC-F ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SarcFQuestion:
    """One SARC-F item; ``answers[i]`` scores ``i`` points."""

    code: str
    component: str
    question: str
    answers: tuple[str, str, str]


SARC_F: tuple[SarcFQuestion, ...] = (
    SarcFQuestion(
        "strength",
        "Strength",
        "How much difficulty do you have in lifting and carrying 10 pounds?",
        ("None", "Some", "A lot or unable"),
    ),
    SarcFQuestion(
        "assistance_walking",
        "Assistance in walking",
        "How much difficulty do you have walking across a room?",
        ("None", "Some", "A lot, use aids, or unable"),
    ),
    SarcFQuestion(
        "rise_from_chair",
        "Rise from a chair",
        "How much difficulty do you have transferring from a chair or bed?",
        ("None", "Some", "A lot or unable without help"),
    ),
    SarcFQuestion(
        "climb_stairs",
        "Climb stairs",
        "How much difficulty do you have climbing a flight of 10 stairs?",
        ("None", "Some", "A lot or unable"),
    ),
    SarcFQuestion(
        "falls",
        "Falls",
        "How many times have you fallen in the past year?",
        ("None", "1-3 falls", "4 or more falls"),
    ),
)
"""Malmstrom TK, Morley JE. SARC-F: a simple questionnaire to rapidly diagnose sarcopenia.
J Am Med Dir Assoc 2013;14(8):531-2; validated in Malmstrom TK, Miller DK, Simonsick EM,
Ferrucci L, Morley JE. J Cachexia Sarcopenia Muscle 2016;7:28-36. Wording as published, "10
pounds" (about 4.5 kg) included: a translated item is a different instrument."""

SARC_F_CUTOFF = 4
"""A total of 4 or more suggests sarcopenia (Malmstrom and Morley 2013); in Malmstrom et al.
2016, scores of 4 or more went with slower chair stands, weaker grip, more disability and
higher mortality in three cohorts. EWGSOP2 uses SARC-F to find whom to assess further."""


def sarc_f_score(answers: Mapping[str, int]) -> int:
    """The SARC-F total (0-10) from the points (0, 1 or 2) given to each item, by code.
    Raises ``InvalidEntry`` when an item is missing, unknown or out of range."""
    codes = [question.code for question in SARC_F]
    unknown = sorted(set(answers) - set(codes))
    if unknown:
        raise InvalidEntry(f"SARC-F has no question {unknown[0]!r}.", field=unknown[0])
    total = 0
    for question in SARC_F:
        if question.code not in answers:
            raise InvalidEntry(
                f"Answer the question on {question.component.lower()}.", field=question.code
            )
        points = answers[question.code]
        if isinstance(points, bool) or points not in (0, 1, 2):
            raise InvalidEntry(
                f"The answer on {question.component.lower()} scores 0, 1 or 2.",
                field=question.code,
            )
        total += points
    return total


ANSWER_LETTERS = "SARCF"
"""The items' initials, which spell the questionnaire's name, in ``SARC_F`` order."""


def answers_label(answers: Mapping[str, int]) -> str:
    """The five answers as an entry's label keeps them: ``S1 A0 R2 C1 F0``, each item's initial
    and its points (checked as ``sarc_f_score`` checks them)."""
    sarc_f_score(answers)
    return " ".join(
        f"{letter}{answers[q.code]}" for letter, q in zip(ANSWER_LETTERS, SARC_F, strict=True)
    )


def answers_of(label: str) -> dict[str, int]:
    """The answers a label (``answers_label``) holds, by item code; ``InvalidEntry`` with how
    to write it when it is not five initials with 0, 1 or 2 each, in order."""
    parts = label.upper().split()
    example = "S1 A0 R2 C1 F0"
    if len(parts) != len(SARC_F) or any(
        len(part) != 2 or part[0] != letter or part[1] not in "012"
        for part, letter in zip(parts, ANSWER_LETTERS, strict=False)
    ):
        raise InvalidEntry(
            "SARC-F answers are written as each question's initial and its points (0, 1 or 2) "
            f"in order, such as '{example}'; or left empty.",
            field="label",
        )
    return {q.code: int(part[1]) for q, part in zip(SARC_F, parts, strict=True)}


# --- when to test again ---------------------------------------------------------------------

DUE_EVERY_DAYS = 28
"""The chair stand and SARC-F are offered at the start and then every 4 weeks: often enough to
see a change within the 12-16 weeks over which most of the weight comes off, seldom enough
that a test is not learned by heart. Over 4 weeks a real change in muscle can pass the tests'
meaningful declines (``MEANINGFUL_DECLINE``)."""

ROUTINE = (FunctionTest.CHAIR_STAND_30S, FunctionTest.SARC_F)
"""What Today offers when due: the home test that needs only a chair, and the questionnaire.
The others (five rises, grip, gait) can be recorded any time, at home or in clinic."""


def due(results: Iterable[FunctionResult], on: dt.date) -> tuple[FunctionTest, ...]:
    """The routine tests due on ``on``: never done, or last done ``DUE_EVERY_DAYS`` or more
    before (results after ``on`` are not looked at)."""
    last: dict[FunctionTest, dt.date] = {}
    for result in results:
        if result.day <= on and result.day > last.get(result.kind, dt.date.min):
            last[result.kind] = result.day
    return tuple(
        test for test in ROUTINE if test not in last or (on - last[test]).days >= DUE_EVERY_DAYS
    )


# --- against a reference -----------------------------------------------------------------------

STEADI_SOURCE = "CDC STEADI, Assessment: 30-Second Chair Stand (2017), norms of Rikli and Jones"

CHAIR_STAND_BELOW_AVERAGE: tuple[tuple[int, int, int, int], ...] = (
    (60, 64, 14, 12),
    (65, 69, 12, 11),
    (70, 74, 12, 10),
    (75, 79, 11, 10),
    (80, 84, 10, 9),
    (85, 89, 8, 8),
    (90, 94, 7, 4),
)
"""(first age, last age, men, women): fewer stands than this is "below average", a sign of
fall risk, on the CDC STEADI sheet "Assessment: 30-Second Chair Stand" (2017), whose table
comes from Rikli and Jones's community norms (the bottom of the middle 50 %). Checked against
two copies of the sheet (slidepub transcript of the CDC PDF; the bpac nz adaptation). STEADI
gives no norm under 60 or over 94, and none is made up here."""

EWGSOP2_SOURCE = "EWGSOP2 (Cruz-Jentoft AJ et al., Age Ageing 2019;48(1):16-31, Table 3)"

GRIP_LOW_KG = {Sex.MALE: 27.0, Sex.FEMALE: 16.0}
"""EWGSOP2 Table 3: grip strength under 27 kg (men) or 16 kg (women) is low muscle strength,
what EWGSOP2 calls probable sarcopenia until muscle mass is measured."""

CHAIR_STAND_5X_SLOW_S = 15.0
"""EWGSOP2 Table 3: more than 15 s for five rises from a chair is low muscle strength."""

GAIT_SLOW_M_S = 0.8
"""EWGSOP2 Table 3: usual gait speed of 0.8 m/s or less is low physical performance."""


@dataclass(frozen=True, slots=True)
class Evaluation:
    """A result read against its reference.

    ``below_norm`` is True when the result is on the worse side of the reference (fewer
    stands, a longer time, a weaker grip, a slower walk, a higher SARC-F score), False when not,
    None when no reference applies (an age outside the norm table, or a sex the reference needs
    but the profile does not say and the result does not settle). ``norm`` says which line was
    used, in words.
    """

    kind: FunctionTest
    value: float
    unit: str
    below_norm: bool | None
    norm: str
    message: str
    source: str


def _n(kind: FunctionTest, value: float) -> str:
    return format_number(value, INFO[kind].decimals)


_SEX_WORDS = {Sex.MALE: "men", Sex.FEMALE: "women"}
TALK = "A talk with your care team is worth it."
_NEEDS_SEX = "The reference differs for men and women; add your sex to your profile to compare."


def _against_lines(
    made: Callable[[bool | None, str, str], Evaluation],
    value: float,
    lines: tuple[float, float],
    sex: Sex | None,
    said: str,
    norm_both: str,
    norm_for: Callable[[float, str], str],
    group: str = "",
) -> Evaluation:
    """``value`` against a reference line for men and one for women, below it when under it.
    Without a sex, only a value on the same side of both lines is read. ``group`` follows
    "men"/"women" in the message (an age band)."""
    men, women = lines
    if sex is None:
        if min(men, women) <= value < max(men, women):
            return made(None, norm_both, _NEEDS_SEX)
        below, whom, norm = value < min(men, women), "men and women", norm_both
    else:
        line, whom = (men if sex is Sex.MALE else women), _SEX_WORDS[sex]
        below, norm = value < line, norm_for(line, whom)
    whom += group
    if below:
        return made(True, norm, f"{said} is below the reference for {whom}. {TALK}")
    return made(False, norm, f"{said} is within the reference for {whom}.")


def _chair_stand(result: FunctionResult, age: int | None, sex: Sex | None) -> Evaluation:
    kind, stands = result.kind, result.value

    def made(below: bool | None, norm: str, message: str) -> Evaluation:
        return Evaluation(kind, stands, "stands", below, norm, message, STEADI_SOURCE)

    if age is None:
        return made(
            None,
            "the norm depends on age",
            "Add your birth year to your profile to compare this with people your age.",
        )
    band = next((row for row in CHAIR_STAND_BELOW_AVERAGE if row[0] <= age <= row[1]), None)
    if band is None:
        return made(
            None,
            "no norm for this age",
            "There is no published norm for this age (CDC STEADI covers 60 to 94); the result "
            "still shows your own change from test to test.",
        )
    first, last, men, women = band
    ages = f"{first}–{last}"
    return _against_lines(
        made,
        stands,
        (men, women),
        sex,
        f"{_n(kind, stands)} stand{'' if stands == 1 else 's'}",
        f"fewer than {men} stands (men) or {women} (women) is below average at {ages} (CDC STEADI)",
        lambda line, whom: (
            f"fewer than {line} stands is below average for {whom} {ages} (CDC STEADI)"
        ),
        group=f" {ages}",
    )


def _grip(result: FunctionResult, sex: Sex | None) -> Evaluation:
    kind, kg = result.kind, result.value

    def made(below: bool | None, norm: str, message: str) -> Evaluation:
        return Evaluation(kind, kg, "kg", below, norm, message, EWGSOP2_SOURCE)

    men, women = GRIP_LOW_KG[Sex.MALE], GRIP_LOW_KG[Sex.FEMALE]
    return _against_lines(
        made,
        kg,
        (men, women),
        sex,
        f"A grip of {_n(kind, kg)} kg",
        f"under {_n(kind, men)} kg (men) or {_n(kind, women)} kg (women) is low grip strength "
        "(EWGSOP2)",
        lambda line, whom: f"under {_n(kind, line)} kg is low grip strength for {whom} (EWGSOP2)",
    )


def _five_times(result: FunctionResult) -> Evaluation:
    kind, time_s = result.kind, result.value
    line = _n(kind, CHAIR_STAND_5X_SLOW_S)
    norm = f"more than {line} s for five rises is low leg strength (EWGSOP2)"
    said = f"{_n(kind, time_s)} s for five rises"
    if time_s > CHAIR_STAND_5X_SLOW_S + _EPS:
        below, message = True, f"{said} is slower than the reference. {TALK}"
    else:
        below, message = False, f"{said} is within the reference."
    return Evaluation(kind, time_s, "s", below, norm, message, EWGSOP2_SOURCE)


def _gait(result: FunctionResult) -> Evaluation:
    kind, speed = result.kind, result.value
    norm = f"{_n(kind, GAIT_SLOW_M_S)} m/s or slower is low physical performance (EWGSOP2)"
    said = f"A usual walking speed of {_n(kind, speed)} m/s"
    if speed <= GAIT_SLOW_M_S + _EPS:
        below, message = True, f"{said} is at or below the reference. {TALK}"
    else:
        below, message = False, f"{said} is above the reference."
    return Evaluation(kind, speed, "m/s", below, norm, message, EWGSOP2_SOURCE)


SARC_F_SOURCE = "SARC-F (Malmstrom TK, Morley JE, J Am Med Dir Assoc 2013;14(8):531-2)"


def _sarc_f(result: FunctionResult) -> Evaluation:
    kind, score = result.kind, result.value
    norm = f"a score of {SARC_F_CUTOFF} or more suggests sarcopenia (SARC-F)"
    said = f"Your SARC-F score is {_n(kind, score)}"
    below = score >= SARC_F_CUTOFF
    if below:
        message = (
            f"{said}; from {SARC_F_CUTOFF}, a check of muscle strength and mass is suggested. "
            f"{TALK}"
        )
    else:
        message = f"{said}, under {SARC_F_CUTOFF}, the screening line."
    return Evaluation(kind, score, "points", below, norm, message, SARC_F_SOURCE)


def reference_line(
    kind: FunctionTest, day: dt.date, birth_year: int | None, sex: Sex | None
) -> float | None:
    """The value in the test's unit where "below the reference" begins (``evaluate``'s line),
    for a chart to draw: None where no line applies to this person (chair-stand norms need an
    age of 60-94 and a sex, grip a sex)."""
    if kind is FunctionTest.CHAIR_STAND_30S:
        age = age_in(day, birth_year)
        band = next(
            (
                row
                for row in CHAIR_STAND_BELOW_AVERAGE
                if age is not None and row[0] <= age <= row[1]
            ),
            None,
        )
        if band is None or sex is None:
            return None
        return float(band[2] if sex is Sex.MALE else band[3])
    if kind is FunctionTest.GRIP:
        return GRIP_LOW_KG[sex] if sex is not None else None
    return {
        FunctionTest.FIVE_TIMES_SIT_TO_STAND: CHAIR_STAND_5X_SLOW_S,
        FunctionTest.GAIT_SPEED: GAIT_SLOW_M_S,
        FunctionTest.SARC_F: float(SARC_F_CUTOFF),
    }[kind]


def evaluate(result: FunctionResult, birth_year: int | None, sex: Sex | None) -> Evaluation:
    """``result`` read against its reference, for a person born in ``birth_year`` (the age is
    taken in the test's year) of ``sex``; either may be unknown."""
    if result.kind is FunctionTest.CHAIR_STAND_30S:
        return _chair_stand(result, age_in(result.day, birth_year), sex)
    if result.kind is FunctionTest.GRIP:
        return _grip(result, sex)
    if result.kind is FunctionTest.FIVE_TIMES_SIT_TO_STAND:
        return _five_times(result)
    if result.kind is FunctionTest.GAIT_SPEED:
        return _gait(result)
    return _sarc_f(result)


# --- against the test before -------------------------------------------------------------------

MEANINGFUL_DECLINE: dict[FunctionTest, float] = {
    FunctionTest.CHAIR_STAND_30S: 2.5,
    FunctionTest.FIVE_TIMES_SIT_TO_STAND: 2.5,
    FunctionTest.GRIP: 5.0,
    FunctionTest.GAIT_SPEED: 0.1,
}
"""The smallest worsening, in the test's unit, that counts as a real decline rather than
day-to-day variation:

* 30-s chair stand, 2.5 stands (so 3 or more, counts being whole): Gill S, Hely R, Page RS,
  Hely A, Harrison B, Landers S. Thirty second chair stand test: test-retest reliability,
  agreement and minimum detectable change in people with early-stage knee osteoarthritis
  (2022): minimum detectable change for an individual about 2.5 stands (93 adults).
* Five times sit-to-stand, 2.5 s slower: Goldberg A, Chavis M, Watkins J, Wilson T. Aging Clin
  Exp Res 2012;24:339-44: MDC95 2.5 s in women of mean age 74 (ICC 0.95, SEM 0.9 s).
* Grip, 5.0 kg: Bohannon RW. Minimal clinically important difference for grip strength: a
  systematic review. J Phys Ther Sci 2019;31:75-8: "changes of 5.0 to 6.5 kg may be
  reasonable estimates of meaningful changes"; the lower end, so a decline is seen early.
* Gait speed, 0.1 m/s: Perera S, Mody SH, Woodman RC, Studenski SA. J Am Geriatr Soc
  2006;54:743-9: substantial change near 0.10 m/s, small meaningful change near 0.05 m/s. The
  substantial one is used: a 4 m walk timed by hand at home is rougher than a clinic's, and
  at 1 m/s a tenth of a second on the stopwatch is already 0.02 m/s.
* SARC-F has no published minimal important change that could be found; a decline there is a
  new score at or over ``SARC_F_CUTOFF`` after one under it, the change that alters the advice.
"""


@dataclass(frozen=True, slots=True)
class Change:
    """The latest result of a test against the one before it. ``change`` is latest − previous
    in the test's unit (negative for fewer stands, positive for a longer time)."""

    kind: FunctionTest
    previous: FunctionResult
    latest: FunctionResult
    change: float
    declined: bool
    message: str


def compare(previous: FunctionResult, latest: FunctionResult) -> Change:
    """Whether ``latest`` is meaningfully worse than ``previous``, a result of the same test."""
    if previous.kind is not latest.kind:
        raise ValueError(f"compare {previous.kind} with {latest.kind}: not the same test")
    kind = latest.kind
    info = INFO[kind]
    change = latest.value - previous.value
    was, now = _n(kind, previous.value), _n(kind, latest.value)
    if kind is FunctionTest.SARC_F:
        declined = previous.value < SARC_F_CUTOFF <= latest.value
        reason = f"now at or above {SARC_F_CUTOFF}, the screening line"
    else:
        threshold = MEANINGFUL_DECLINE[kind]
        worse_by = -change if info.higher_is_better else change
        declined = worse_by >= threshold - _EPS
        reason = (
            f"worse by {format_number(threshold, 2)} {info.unit} or more, beyond what this test "
            "varies from one day to the next"
        )
    better = change > 0 if info.higher_is_better else change < 0
    name = info.name if info.name[1:2].isupper() else info.name[0].lower() + info.name[1:]
    went = f"Your {name} went from {was} to {now} {info.unit}"
    if declined:
        message = f"{went}: {reason}. {TALK}"
    elif better or change == 0:
        message = f"{went}: holding or better."
    else:
        message = f"{went}: within what varies from one test to the next."
    return Change(kind, previous, latest, change, declined, message)


def latest_change(results: Iterable[FunctionResult], kind: FunctionTest) -> Change | None:
    """The latest ``kind`` result against the one before it, by day; None with fewer than two.
    Of two results on one day, the one given last counts as the later."""
    of_kind = sorted((r for r in results if r.kind is kind), key=lambda r: r.day)
    if len(of_kind) < 2:
        return None
    return compare(of_kind[-2], of_kind[-1])
