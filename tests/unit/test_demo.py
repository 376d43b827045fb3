"""The demo patient tells the app's story: every status shows, and the log ends today."""

from __future__ import annotations

import datetime as dt

from tracker.domain import Kind
from tracker.formats import validate
from tracker.rules.guidance import Status, assess
from tracker.rules.history import History
from tracker.rules.targets import DEFAULT_TARGETS
from tracker.services import demo

TODAY = dt.date(2026, 11, 25)


def demo_history() -> tuple[list, History]:
    entries = demo.patient_entries(TODAY)
    return entries, History.from_entries(entries)


def profile():
    return demo.patient_profile(TODAY)


def test_every_demo_entry_is_one_the_app_would_accept():
    entries, _ = demo_history()
    assert all(validate.entry(entry, TODAY) == entry for entry in entries)
    assert max(entry.day for entry in entries) == TODAY
    assert min(entry.day for entry in entries) == TODAY - dt.timedelta(weeks=20, days=-1)


def test_every_kind_is_logged():
    entries, _ = demo_history()
    # Maria's scale gives body fat, not lean mass; she answered no red-flag question.
    assert {entry.kind for entry in entries} == set(Kind) - {Kind.LEAN_MASS, Kind.RED_FLAG}
    lena = next(story for story in demo.STORIES if story.name.startswith("Lena"))
    assert Kind.RED_FLAG in {entry.kind for entry in demo.patient_entries(TODAY, lena)}


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
