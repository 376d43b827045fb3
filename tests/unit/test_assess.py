"""The whole assessment: what is measured from a log, and over which days."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain import Entry, Exercise, Kind, Profile, ProteinBasis, Sex
from tracker.rules import body
from tracker.rules import targets as t
from tracker.rules.guidance import Status, assess
from tracker.rules.history import History
from tracker.rules.targets import DEFAULT_TARGETS
from tracker.units import WaterUnit

ON = dt.date(2026, 3, 31)


def ago(days: int) -> dt.date:
    return ON - dt.timedelta(days=days)


def findings(entries, profile=Profile(), targets=DEFAULT_TARGETS, on=ON):
    return {f.code: f for f in assess(History.from_entries(entries), profile, targets, on)}


def weights(kg: float = 80.0, days: int = 28) -> list[Entry]:
    return [Entry(Kind.WEIGHT, ago(n), kg) for n in range(days)]


def test_an_empty_log_is_unknown_everywhere_nothing_logged_is_not_on_track():
    result = findings([])
    assert {f.status for f in result.values()} == {Status.UNKNOWN}
    assert "red-flag check" in result["red_flag"].message  # what to do, still


def test_symptoms_not_logged_in_a_week_of_logging_are_none_felt():
    result = findings(weights(days=3))
    assert {result[c].status for c in ("side_effects", "pain_trend", "red_flag")} == {Status.OK}


def test_a_patient_who_stopped_logging_is_not_told_their_symptoms_are_on_track():
    stopped = [Entry(Kind.WEIGHT, ago(n), 80.0) for n in range(10, 30)]
    result = findings(stopped)
    assert {result[c].status for c in ("side_effects", "pain_trend", "red_flag")} == {
        Status.UNKNOWN
    }


def test_an_open_red_flag_stands_whatever_was_logged():
    flag = Entry(Kind.RED_FLAG, ago(20), 1.0, label="fall")
    assert findings([flag])["red_flag"].status is Status.ALERT


def test_protein_is_averaged_over_the_logged_days_of_the_last_week():
    log = weights() + [
        Entry(Kind.PROTEIN, ago(0), 100.0, label="lunch"),
        Entry(Kind.PROTEIN, ago(2), 80.0, label="lunch"),
        Entry(Kind.PROTEIN, ago(6), 60.0, label="dinner"),
        Entry(Kind.PROTEIN, ago(7), 500.0, label="dinner"),  # 8 days back: outside the week
    ]
    protein = findings(log)["protein_daily"]
    # (100 + 80 + 60) / 3 logged days = 80 g; 80 g / 80 kg = 1.0 g/kg
    assert protein.value == 1.0
    assert protein.status is Status.WATCH


def test_protein_needs_three_logged_days():
    log = weights() + [Entry(Kind.PROTEIN, ago(n), 150.0, label="lunch") for n in (0, 1)]
    assert findings(log)["protein_daily"].status is Status.UNKNOWN


def test_meals_count_only_when_one_meal_reaches_25_g():
    day_log = [
        Entry(Kind.PROTEIN, ago(n), grams, label=meal)
        for n in range(3)
        for grams, meal in (
            (15.0, "breakfast"),
            (10.0, "breakfast"),
            (24.9, "lunch"),
            (40.0, "dinner"),
        )
    ]
    # breakfast 15 + 10 = 25 g counts; lunch 24.9 g does not; dinner counts: 2 meals a day
    result = findings(weights() + day_log)["protein_per_meal"]
    assert result.value == 2.0
    assert result.status is Status.WATCH


def test_protein_scales_with_adjusted_weight_when_chosen():
    profile = Profile(height_cm=160.0, sex=Sex.FEMALE, protein_basis=ProteinBasis.ADJUSTED)
    log = weights(100.0) + [Entry(Kind.PROTEIN, ago(n), 90.0, label="lunch") for n in range(7)]
    # Devine IBW: 45.5 + 2.3 x (160 / 2.54 - 60) = 52.38 kg; adjusted 52.38 + 0.4 x 47.62 = 71.43
    assert body.reference_weight_kg(100.0, profile)[0] == pytest.approx(71.43, abs=0.01)
    assert findings(log, profile)["protein_daily"].value == 1.26  # 90 / 71.43
    assert findings(log)["protein_daily"].value == 0.9  # 90 / 100: no height, actual weight


def bmi_48_log(grams: float = 120.0) -> list[Entry]:
    """165 cm and 130.7 kg, a BMI of 48, eating ``grams`` of protein every day."""
    return weights(130.7) + [Entry(Kind.PROTEIN, ago(n), grams, label="lunch") for n in range(7)]


def test_a_patient_with_a_bmi_of_48_is_judged_on_adjusted_weight():
    # Devine IBW at 165 cm: 45.5 + 2.3 x (64.96 - 60) = 56.91 kg; adjusted 56.91 + 0.4 x 73.79
    # = 86.43 kg. 120 g / 86.43 kg = 1.39 g/kg: ok. On the actual 130.7 kg it would be 0.92.
    protein = findings(bmi_48_log(), Profile(height_cm=165.0, sex=Sex.FEMALE))["protein_daily"]
    assert (protein.status, protein.value) == (Status.OK, 1.39)
    assert protein.note == "Judged on adjusted body weight, 86.4 kg, as your BMI is 30 or more."
    assert protein.as_dict()["reference_weight_kg"] == 86.4
    assert protein.as_dict()["reference_basis"] == "adjusted"


@pytest.mark.parametrize(
    "profile, status, value, basis, note_says",
    [
        # Chosen actual weight: 120 / 130.7 = 0.92 g/kg.
        (
            Profile(height_cm=165.0, sex=Sex.FEMALE, protein_basis=ProteinBasis.ACTUAL),
            Status.WATCH,
            0.92,
            "actual",
            "as chosen in your profile",
        ),
        # Sex not set: adjusted weight cannot be worked out, so the actual weight, and why.
        (Profile(height_cm=165.0), Status.WATCH, 0.92, "actual", "set your sex in Settings"),
    ],
)
def test_the_protein_card_says_which_weight_it_used(profile, status, value, basis, note_says):
    protein = findings(bmi_48_log(), profile)["protein_daily"]
    assert (protein.status, protein.value, protein.reference_basis) == (status, value, basis)
    assert protein.reference_weight_kg == 130.7
    assert note_says in protein.note


def test_only_the_protein_finding_carries_a_reference_weight():
    result = findings(bmi_48_log(), Profile(height_cm=165.0, sex=Sex.FEMALE))
    keys = {"code", "status", "value", "target", "unit", "comparison", "message", "source"}
    for code, finding in result.items():
        as_dict = finding.as_dict()
        assert keys | {"note"} <= set(as_dict)
        if code != "protein_daily":
            assert as_dict.get("reference_weight_kg") is None, code


def test_hydration_target_is_half_body_weight_in_pounds_as_fluid_ounces():
    # 80 kg = 176.37 lb, half is 88.18 fl oz = 2608 ml a day
    assert t.half_body_weight_water_ml(80.0) == pytest.approx(2607.9, abs=0.1)
    log = weights() + [Entry(Kind.WATER, ago(n), 1956.0) for n in range(7)]
    assert findings(log)["hydration"].status is Status.WATCH  # 75.0 %


def water_log(kg: float, ml: float, *extra: Entry) -> list[Entry]:
    return weights(kg) + [Entry(Kind.WATER, ago(n), ml) for n in range(7)] + list(extra)


@pytest.mark.parametrize(
    "sex, status",
    [
        (None, Status.WATCH),  # target capped at 3.7 L: 70 %, but over EFSA's 2.5 L
        (Sex.MALE, Status.WATCH),  # the same
        (Sex.FEMALE, Status.WATCH),  # capped at 2.7 L: 96 %
    ],
)
def test_a_140_kg_patient_drinking_2_6_litres_is_not_alerted(sex, status):
    # Half of 140 kg in lb as fl oz would be 4.56 L a day.
    hydration = findings(water_log(140.0, 2600.0), Profile(sex=sex))["hydration"]
    assert hydration.status is status
    assert "NASEM" in hydration.note


def test_the_water_note_says_why_the_target_stops_at_nasem_in_the_patients_unit():
    profile = Profile(sex=Sex.MALE, water_unit=WaterUnit.FL_OZ)
    assert findings(water_log(140.0, 2600.0), profile)["hydration"].note == (
        # 140 kg is 308.6 lb: half is 154.3 fl oz; NASEM's 3.7 L for men is 125.1 fl oz.
        "Half your weight in pounds, as fluid ounces, would be 154 fl oz a day; the target"
        " stops at 125 fl oz, the NASEM adequate intake for men."
    )
    assert findings(water_log(80.0, 2600.0), profile)["hydration"].note == ""  # not capped


@pytest.mark.parametrize(
    "symptom, status",
    [
        (Entry(Kind.SIDE_EFFECT, ago(3), 2, label="vomiting"), Status.ALERT),  # moderate
        (Entry(Kind.SIDE_EFFECT, ago(6), 3, label="diarrhoea"), Status.ALERT),  # 6 days back
        (Entry(Kind.SIDE_EFFECT, ago(1), 1, label="dizziness"), Status.ALERT),  # any dizziness
        (Entry(Kind.RED_FLAG, ago(2), 1, label="dehydration"), Status.ALERT),  # open red flag
        (Entry(Kind.SIDE_EFFECT, ago(3), 1, label="vomiting"), Status.WATCH),  # mild: no sign
        (Entry(Kind.SIDE_EFFECT, ago(7), 3, label="vomiting"), Status.WATCH),  # 8 days back
        (Entry(Kind.SIDE_EFFECT, ago(1), 3, label="nausea"), Status.WATCH),  # loses no fluid
    ],
)
def test_a_sign_of_dehydration_keeps_the_water_alert(symptom, status):
    assert findings(water_log(140.0, 2600.0, symptom))["hydration"].status is status


def test_under_the_efsa_intake_a_heavy_patient_is_still_alerted():
    assert findings(water_log(140.0, 2400.0))["hydration"].status is Status.ALERT  # 65 %


def test_a_clinicians_water_target_replaces_the_rule():
    restricted = DEFAULT_TARGETS.with_overrides({"water_target_ml": 1500.0})
    log = weights() + [Entry(Kind.WATER, ago(n), 1500.0) for n in range(7)]
    result = findings(log, targets=restricted)["hydration"]
    assert result.status is Status.OK
    assert "clinician" in result.note


def session(days_ago: int, focus: str, exercises=()) -> Entry:
    return Entry(Kind.STRENGTH, ago(days_ago), 45.0, label=focus, exercises=tuple(exercises))


def test_strength_counts_the_last_seven_days():
    log = weights() + [session(0, "upper"), session(6, "upper"), session(7, "glutes")]
    result = findings(log)
    assert result["strength_frequency"].value == 2
    assert result["strength_frequency"].status is Status.OK
    assert result["glute_focus"].status is Status.ALERT  # the glute session was 8 days back


def test_an_upper_session_with_hip_thrusts_works_the_glutes():
    log = weights() + [session(1, "upper", [Exercise("Barbell hip thrust", 3, 10, 60.0)])]
    assert findings(log)["glute_focus"].status is Status.OK


def test_from_65_three_sessions_are_the_target():
    profile = Profile(birth_year=ON.year - 65)
    log = weights() + [session(1, "lower"), session(3, "upper")]
    result = findings(log, profile)["strength_frequency"]
    assert result.status is Status.WATCH
    assert result.target == 3
    assert findings(log, Profile(birth_year=ON.year - 64))["strength_frequency"].status is Status.OK


def test_activity_sums_every_kind_of_activity_over_the_week():
    log = weights() + [
        Entry(Kind.ACTIVITY, ago(0), 60.0, label="walk"),
        Entry(Kind.ACTIVITY, ago(3), 45.0, label="swim"),
        Entry(Kind.ACTIVITY, ago(6), 45.0, label="cycle"),
    ]
    assert findings(log)["activity"].value == 150
    assert findings(log)["activity"].status is Status.OK


def test_strength_early_counts_sessions_since_the_first_dose():
    dose = Entry(Kind.DOSE, ago(20), 0.25, label="semaglutide")
    before_start = session(25, "full")
    assert findings([dose, before_start])["strength_early"].status is Status.ALERT
    assert findings([dose, session(19, "full")])["strength_early"].status is Status.OK


def test_strength_early_uses_the_profile_start_if_no_dose_is_logged():
    profile = Profile(glp1_start=ago(10))
    result = findings([], profile)["strength_early"]
    assert result.status is Status.UNKNOWN
    assert result.value == 10


def test_lean_share_from_body_fat_and_the_weight_of_the_day():
    log = [
        Entry(Kind.WEIGHT, ago(60), 100.0),
        Entry(Kind.BODY_FAT, ago(60), 40.0),  # lean 60 kg
        Entry(Kind.WEIGHT, ago(0), 90.0),
        Entry(Kind.BODY_FAT, ago(0), 37.0),  # lean 90 x 0.63 = 56.7 kg
    ]
    # lost 10 kg, of which 3.3 kg lean: 33 %
    result = findings(log)["lean_share"]
    assert result.value == 33.0
    assert result.status is Status.WATCH


def test_lean_share_prefers_a_logged_lean_mass():
    log = [
        Entry(Kind.WEIGHT, ago(60), 100.0),
        Entry(Kind.LEAN_MASS, ago(60), 60.0),
        Entry(Kind.BODY_FAT, ago(60), 10.0),  # ignored: lean mass was logged that day
        Entry(Kind.WEIGHT, ago(1), 90.0),
        Entry(Kind.LEAN_MASS, ago(0), 58.0),  # the weigh-in a day earlier is close enough
    ]
    assert findings(log)["lean_share"].value == 20.0


def falling_to(kg: float) -> list[Entry]:
    """28 days of weigh-ins falling by 0.06 kg a day to ``kg`` today (about 0.7 % a week)."""
    return [Entry(Kind.WEIGHT, ago(n), round(kg + 0.06 * n, 2)) for n in range(28)]


@pytest.mark.parametrize(
    "log, birth_year, status",
    [
        (falling_to(56.36), None, Status.WATCH),  # BMI 19.5 (56.36 / 1.7²) and losing
        (weights(56.36), None, Status.OK),  # BMI 19.5, steady
        (falling_to(57.8), None, Status.OK),  # BMI 20.0 and losing
        (falling_to(53.18), None, Status.ALERT),  # BMI 18.4
        (weights(53.18), None, Status.ALERT),  # BMI 18.4 even when steady
        (falling_to(60.69), 1950, Status.WATCH),  # BMI 21.0 at 76: under 22 from age 70
        (falling_to(60.69), 1980, Status.OK),  # BMI 21.0 at 46
    ],
)
def test_a_low_bmi_while_still_losing_is_a_watch(log, birth_year, status):
    profile = Profile(height_cm=170.0, birth_year=birth_year)
    assert findings(log, profile)["low_bmi"].status is status


def test_bmi_from_the_latest_weighin():
    log = [Entry(Kind.WEIGHT, ago(10), 60.0), Entry(Kind.WEIGHT, ago(0), 53.0)]
    result = findings(log, Profile(height_cm=170.0))["low_bmi"]
    assert result.value == 18.3  # 53 / 1.7^2 = 18.34
    assert result.status is Status.ALERT


def test_assessing_an_earlier_day_ignores_what_came_after():
    log = [Entry(Kind.WEIGHT, ago(n), 80.0 + 0.1 * n) for n in range(40)]
    log += [Entry(Kind.PROTEIN, ago(n), 90.0 + n, label="lunch") for n in range(40)]
    log += [session(n, "full") for n in range(0, 40, 3)]
    then = ago(20)
    until_then = [entry for entry in log if entry.day <= then]
    assert findings(log, on=then) == findings(until_then, on=then)
    log += [Entry(Kind.WEIGHT, ago(0), 60.0)]  # a jump today changes today, not the past
    assert findings(log, on=ago(1)) == findings(log[:-1], on=ago(1))
    assert findings(log)["loss_rate"] != findings(log[:-1])["loss_rate"]


def test_a_new_patient_who_started_the_medicine_long_ago_gets_no_false_alert():
    profile = Profile(glp1_start=ago(180))
    result = findings([Entry(Kind.WEIGHT, ago(0), 90.0)], profile)["strength_early"]
    assert result.status is Status.UNKNOWN
    assert result.value == 180


def lean_log(lost_kg: float, first_method: str, last_method: str) -> list[Entry]:
    """From 100 kg and 60 kg lean to ``100 - lost_kg`` with half the loss lean."""
    return [
        Entry(Kind.WEIGHT, ago(60), 100.0),
        Entry(Kind.LEAN_MASS, ago(60), 60.0, label=first_method),
        Entry(Kind.WEIGHT, ago(0), 100.0 - lost_kg),
        Entry(Kind.LEAN_MASS, ago(0), 60.0 - lost_kg / 2, label=last_method),
    ]


@pytest.mark.parametrize(
    "lost_kg, first, last, status",
    [
        (5.0, "", "", Status.ALERT),  # 5 % of 100 kg from a scale: judged (50 % lean)
        (4.0, "", "", Status.UNKNOWN),  # 4 %: a home scale cannot split it
        (4.0, "scale", "scale", Status.UNKNOWN),
        (4.0, "dxa", "dxa", Status.ALERT),  # two DXA scans can
        (4.0, "dxa", "scale", Status.UNKNOWN),  # one DXA and one scale: not like with like
        (1.5, "dxa", "dxa", Status.UNKNOWN),  # even DXA needs 2 kg lost
    ],
)
def test_lean_share_needs_five_percent_or_two_dxa_scans(lost_kg, first, last, status):
    assert findings(lean_log(lost_kg, first, last))["lean_share"].status is status


def test_severe_vomiting_on_three_days_is_a_watch_whatever_intake_shows():
    on_target = (
        weights()
        + [Entry(Kind.PROTEIN, ago(n), 100.0, label="lunch") for n in range(7)]  # 1.25 g/kg
        + [Entry(Kind.WATER, ago(n), 2700.0) for n in range(7)]  # 104 % of 2608 ml
    )
    severe = [Entry(Kind.SIDE_EFFECT, ago(n), 3, label="vomiting") for n in (0, 2)]
    severe.append(Entry(Kind.SIDE_EFFECT, ago(4), 3, label="diarrhoea"))
    result = findings(on_target + severe)
    assert (result["protein_daily"].status, result["hydration"].status) == (Status.OK,) * 2
    assert result["side_effects"].status is Status.WATCH
    assert "Severe vomiting or diarrhoea on 3 of the last 7 days" in result["side_effects"].message
    moderate = [Entry(Kind.SIDE_EFFECT, ago(n), 2, label="vomiting") for n in (0, 2, 4)]
    assert findings(on_target + moderate)["side_effects"].status is Status.OK
    two_days = severe[:2]
    assert findings(on_target + two_days)["side_effects"].status is Status.OK


def test_lean_share_does_not_mix_a_logged_lean_mass_with_one_from_body_fat():
    log = [
        Entry(Kind.WEIGHT, ago(60), 100.0),
        Entry(Kind.LEAN_MASS, ago(60), 70.0),  # a scale's "lean mass" (it counts water too)
        Entry(Kind.BODY_FAT, ago(60), 40.0),  # 100 x 0.6 = 60 kg fat-free
        Entry(Kind.WEIGHT, ago(0), 90.0),
        Entry(Kind.BODY_FAT, ago(0), 37.0),  # 90 x 0.63 = 56.7 kg fat-free
    ]
    # One logged lean mass is not a series: the body-fat readings give 3.3 of 10 kg, 33 %;
    # mixing 70 kg with 56.7 kg would have said 133 %.
    assert findings(log)["lean_share"].value == 33.0


def test_a_patient_who_stopped_logging_is_unknown_not_alerted_for_the_week():
    log = [Entry(Kind.WEIGHT, ago(n), 80.0) for n in range(9, 40)]  # nothing in 9 days
    result = findings(log)
    for code in ("strength_frequency", "glute_focus", "activity"):
        assert result[code].status is Status.UNKNOWN, code
    # ...while one who logs but does not train is told so.
    log.append(Entry(Kind.WEIGHT, ago(0), 80.0))
    assert findings(log)["strength_frequency"].status is Status.ALERT


# --- the day in progress --------------------------------------------------------------------


def meals_of(day: dt.date, *grams: float) -> list[Entry]:
    names = ("breakfast", "lunch", "dinner", "snack")
    return [Entry(Kind.PROTEIN, day, g, label=name) for g, name in zip(grams, names, strict=False)]


def three_meal_week(today: list[Entry]) -> History:
    """Seven complete days of 3 × 35 g and 2 L of water before ``ON``, and ``today`` on ON."""
    log = weights() + today
    for back in range(1, 8):
        log += meals_of(ago(back), 35.0, 35.0, 35.0)
        log.append(Entry(Kind.WATER, ago(back), 2000.0))
    return History.from_entries(log)


def test_a_morning_log_does_not_pull_the_day_in_progress_under_target():
    breakfast = meals_of(ON, 35.0) + [Entry(Kind.WATER, ON, 300.0)]
    history = three_meal_week(breakfast)
    # Judged at the end of ON, the breakfast-only day counts like any other: 6 days of 105 g
    # and one of 35 g.
    assert history.protein_mean_g(ON) == (pytest.approx((6 * 105 + 35) / 7), 7)
    assert history.meals_mean(ON, 25.0) == (pytest.approx((6 * 3 + 1) / 7), 7)
    # While ON is still being logged, the seven complete days before it are judged instead.
    live = history.in_progress_on(ON)
    assert live.protein_mean_g(ON) == (pytest.approx(105.0), 7)
    assert live.meals_mean(ON, 25.0) == (pytest.approx(3.0), 7)
    assert live.water_mean_ml(ON) == (pytest.approx(2000.0), 7)
    profile = Profile(height_cm=170.0)
    morning = {f.code: f for f in assess(live, profile, DEFAULT_TARGETS, ON)}
    evening_rule = {f.code: f for f in assess(history, profile, DEFAULT_TARGETS, ON)}
    assert morning["protein_per_meal"].status is Status.OK
    assert evening_rule["protein_per_meal"].status is Status.WATCH


def test_before_anything_is_logged_today_the_complete_week_is_judged():
    # A poor day a week ago still belongs to the week judged until today is over: logging a
    # small breakfast must not change which week that is.
    log = weights() + meals_of(ago(7), 20.0)
    for back in range(1, 7):
        log += meals_of(ago(back), 100.0)
    history = History.from_entries(log).in_progress_on(ON)
    complete = ((20 + 6 * 100) / 7, 7)
    assert history.protein_mean_g(ON) == (pytest.approx(complete[0]), 7)
    after_breakfast = History.from_entries(log + meals_of(ON, 10.0)).in_progress_on(ON)
    assert after_breakfast.protein_mean_g(ON) == (pytest.approx(complete[0]), 7)


def test_a_day_in_progress_that_already_raises_the_mean_counts():
    history = three_meal_week(meals_of(ON, 40.0, 40.0, 40.0, 30.0)).in_progress_on(ON)
    assert history.protein_mean_g(ON) == (pytest.approx((6 * 105 + 150) / 7), 7)


def test_a_new_log_counts_its_first_day_in_progress_rather_than_say_nothing():
    log = weights() + meals_of(ago(2), 35.0) + meals_of(ago(1), 35.0) + meals_of(ON, 10.0)
    history = History.from_entries(log).in_progress_on(ON)
    # Two complete days are too few to judge; with today there are three.
    assert history.protein_mean_g(ON) == (pytest.approx(80 / 3), 3)


def test_only_the_day_in_progress_is_judged_on_complete_days():
    history = three_meal_week(meals_of(ON, 35.0)).in_progress_on(ON + dt.timedelta(days=1))
    assert history.protein_mean_g(ON) == (pytest.approx((6 * 105 + 35) / 7), 7)


def judged(log: list[Entry], code: str, in_progress: dt.date | None = ON) -> Status:
    history = History.from_entries(log).in_progress_on(in_progress)
    statuses = {f.code: f.status for f in assess(history, Profile(), DEFAULT_TARGETS, ON)}
    return statuses[code]


def test_a_first_glass_of_water_does_not_turn_too_few_days_into_an_alarm():
    # Two complete days of water are too few to judge; a 500 ml glass at dawn makes three
    # logged days, all but one of them complete, and the mean of those three is far short.
    log = weights() + [
        Entry(Kind.WATER, ago(2), 2000.0),
        Entry(Kind.WATER, ago(1), 2000.0),
        Entry(Kind.WATER, ON, 500.0, dt.time(5, 34)),
    ]
    assert judged(log, "hydration") is Status.UNKNOWN
    assert judged(log, "hydration", in_progress=None) is Status.ALERT  # once the day is over


@pytest.mark.parametrize("code", ["protein_daily", "protein_per_meal"])
def test_a_first_breakfast_does_not_turn_too_few_days_into_an_alarm(code):
    log = weights() + meals_of(ago(2), 35.0) + meals_of(ago(1), 35.0) + meals_of(ON, 10.0)
    assert judged(log, code) is Status.UNKNOWN
    assert judged(log, code, in_progress=None) is Status.ALERT


def test_the_day_in_progress_still_counts_when_it_settles_the_question():
    # Two complete days and today, all of them enough: the three days are judged, and ok.
    log = weights() + [Entry(Kind.WATER, d, 3000.0) for d in (ago(2), ago(1), ON)]
    assert judged(log, "hydration") is Status.OK


def test_a_week_short_of_water_stays_short_whatever_today_holds():
    log = weights() + [Entry(Kind.WATER, ago(back), 800.0) for back in range(1, 8)]
    assert judged(log + [Entry(Kind.WATER, ON, 250.0)], "hydration") is Status.ALERT
    assert judged(log, "hydration") is Status.ALERT
