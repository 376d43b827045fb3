"""The demo patient tells the app's story: every status shows, and the log ends today."""

from __future__ import annotations

import datetime as dt

from tracker.domain import FUNCTION_KINDS, Kind
from tracker.domain import TestedAt as Where  # not Test*: pytest would collect it
from tracker.formats import validate
from tracker.rules import function_tests, strength
from tracker.rules.guidance import Status, assess, worst
from tracker.rules.history import History
from tracker.rules.targets import DEFAULT_TARGETS
from tracker.services import demo

TODAY = dt.date(2026, 11, 25)


def demo_history() -> tuple[list, History]:
    entries = demo.patient_entries(TODAY)
    return entries, History.from_entries(entries)


def profile():
    return demo.patient_profile(TODAY)


def story(name: str) -> demo.Story:
    return next(story for story in demo.STORIES if story.name.startswith(name))


def findings_of(name: str, back: int = 0) -> dict:
    """A demo patient's findings ``back`` days before the demo's today, by code."""
    told = story(name)
    history = History.from_entries(demo.patient_entries(TODAY, told))
    on = TODAY - dt.timedelta(days=back)
    return {
        f.code: f for f in assess(history, demo.patient_profile(TODAY, told), DEFAULT_TARGETS, on)
    }


def test_every_demo_entry_is_one_the_app_would_accept():
    entries, _ = demo_history()
    assert all(validate.entry(entry, TODAY) == entry for entry in entries)
    assert max(entry.day for entry in entries) == TODAY
    assert min(entry.day for entry in entries) == TODAY - dt.timedelta(weeks=20, days=-1)
    for other in demo.STORIES:
        assert all(validate.entry(e, TODAY) == e for e in demo.patient_entries(TODAY, other))


def test_every_kind_is_logged():
    entries, _ = demo_history()
    # Maria's scale gives body fat, not lean mass; she answered no red-flag question; grip,
    # the timed sit-to-stand and walking speed are measured at the clinic, by Tom's therapist.
    clinic = {Kind.GRIP_STRENGTH, Kind.SIT_TO_STAND_5X, Kind.GAIT_SPEED}
    assert {entry.kind for entry in entries} == set(Kind) - {Kind.LEAN_MASS, Kind.RED_FLAG} - clinic
    assert Kind.RED_FLAG in {entry.kind for entry in demo.patient_entries(TODAY, story("Lena"))}
    tom = [e for e in demo.patient_entries(TODAY, story("Tom")) if e.kind in FUNCTION_KINDS]
    assert {e.kind for e in tom} == FUNCTION_KINDS - {Kind.SARC_F}
    assert {e.label for e in tom} == {Where.CLINIC}
    everyone = {e.kind for told in demo.STORIES for e in demo.patient_entries(TODAY, told)}
    assert everyone == set(Kind) - {Kind.LEAN_MASS}


def test_today_shows_every_status():
    _, history = demo_history()
    findings = assess(history, profile(), DEFAULT_TARGETS, TODAY)
    assert {f.status for f in findings} == {Status.OK, Status.WATCH, Status.ALERT, Status.UNKNOWN}


def test_the_fast_loss_and_low_protein_stretch_then_recovery():
    _, history = demo_history()
    by_day = {
        back: {
            f.code: f.status
            for f in assess(history, profile(), DEFAULT_TARGETS, TODAY - dt.timedelta(days=back))
        }
        for back in (0, 50)
    }
    assert by_day[50]["loss_rate"] is Status.ALERT
    assert by_day[50]["protein_daily"] is Status.ALERT
    assert by_day[0]["loss_rate"] is Status.OK
    assert by_day[0]["protein_daily"] is Status.OK


def test_the_doses_follow_the_label_escalation():
    entries, _ = demo_history()
    doses = [e.value for e in entries if e.kind is Kind.DOSE]
    assert doses == [mg for mg in (0.25, 0.5, 1.0, 1.7, 2.4) for _ in range(4)]


def test_the_demo_day_ends_at_the_time_it_is_explored():
    at_half_ten = demo.patient_entries(TODAY, until=dt.time(10, 30))
    today = [e for e in at_half_ten if e.day == TODAY]
    assert today, "the morning's weigh-in and breakfast are there"
    assert all(e.time is None or e.time <= dt.time(10, 30) for e in today)
    whole_day = demo.patient_entries(TODAY)
    assert any(e.day == TODAY and e.time and e.time > dt.time(18) for e in whole_day)
    # The days before today are the same story either way.
    assert [e for e in at_half_ten if e.day < TODAY] == [e for e in whole_day if e.day < TODAY]


def test_marias_lifts_dip_in_the_fast_weeks_and_her_strength_is_kept_today():
    entries, _ = demo_history()
    lifts = [e for e in entries if e.kind is Kind.STRENGTH]
    # Every session has a main lift with its load, in sets of 10 or fewer: an estimate to chart.
    for session in lifts:
        main = [x for x in session.exercises if strength.is_main_lower_body(x.name) and x.load_kg]
        assert main and all(x.reps <= strength.MAX_REPS for x in main)
    estimates = [p for p in strength.trend(lifts) if p.estimate_kg is not None]
    assert {p.exercise for p in estimates} == {"Hip thrust", "Goblet squat", "Romanian deadlift"}
    then, now = findings_of("Maria", 50)["strength_kept"], findings_of("Maria")["strength_kept"]
    assert then.status is Status.WATCH and then.value <= -strength.WATCH_DOWN_PCT
    assert now.status is Status.OK and now.value > 0
    kept = History.from_entries(entries).strength_kept(TODAY, profile())
    assert kept.baseline_label == strength.FIRST_WEEKS  # she lifted nothing before the medicine


def test_maria_does_two_chair_stands_and_answers_sarc_f_every_four_weeks():
    entries, _ = demo_history()
    start = profile().glp1_start
    stands = [e for e in entries if e.kind is Kind.CHAIR_STAND_30S]
    assert [((e.day - start).days // 7 + 1, e.value, e.label) for e in stands] == [
        (2, 11, Where.HOME),
        (18, 15, Where.HOME),
    ]
    sarc_f = [e for e in entries if e.kind is Kind.SARC_F]
    assert [(e.day - start).days for e in sarc_f] == [0, 28, 56, 84, 112]
    assert all(0 <= e.value <= 2 for e in sarc_f)
    assert all(sum(function_tests.answers_of(e.label).values()) == e.value for e in sarc_f)
    function = findings_of("Maria")["function"]
    assert function.status is Status.OK
    assert "from 11 to 15 stands" in function.message
    # At 52 she is younger than the chair-stand norms reach: only her own change is judged.
    assert "no published norm" in findings_of("Maria", 50)["function"].message


def test_lena_loses_strength_and_chair_stands():
    found = findings_of("Lena")
    assert found["strength_kept"].status in {Status.WATCH, Status.ALERT}
    assert found["function"].status is Status.WATCH
    assert "from 16 to 12 stands" in found["function"].message


def test_james_does_not_lift_and_his_grip_falls():
    found = findings_of("James")
    assert found["strength_kept"].status is Status.UNKNOWN
    assert found["function"].status is Status.WATCH and "grip" in found["function"].message


def test_aisha_keeps_her_strength_and_function_and_tom_his_function():
    aisha = findings_of("Aisha")
    assert aisha["strength_kept"].status is Status.OK
    assert aisha["function"].status is Status.OK
    assert worst(list(aisha.values())) is Status.OK
    tom = findings_of("Tom")
    assert tom["strength_kept"].status is Status.OK
    assert tom["function"].status is Status.OK
    told = story("Tom")
    results = History.from_entries(demo.patient_entries(TODAY, told)).results_until(TODAY)
    birth_year, sex = told.profile.birth_year, told.profile.sex
    # At 67 the chair-stand norm applies, and he is within it, as in every other test.
    assert [function_tests.evaluate(r, birth_year, sex).below_norm for r in results] == [False] * 8
