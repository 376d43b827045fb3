"""The database sums a log as ``daily_sums`` sums its entries: the two sources of the
``DailySums`` that ``History.from_sums`` builds every history from must agree."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from tracker.domain import FUNCTION_KINDS, DailySums, Entry, Exercise, Kind, Role
from tracker.rules import strength
from tracker.rules.history import History, daily_sums
from tracker.services import accounts, demo
from tracker.store.unit_of_work import UnitOfWork

TODAY = dt.date(2026, 12, 3)
WHOLE_KINDS = {
    Kind.WEIGHT,
    Kind.DOSE,
    Kind.LEAN_MASS,
    Kind.BODY_FAT,
    Kind.RED_FLAG,
    *FUNCTION_KINDS,
}
"""Summed whole whatever ``since`` says (``EntryRepository.daily_sums``)."""


def day(back: int) -> dt.date:
    return TODAY - dt.timedelta(days=back)


def a_log() -> list[Entry]:
    """The demo's twenty weeks, and what it lacks: two of a kind on a day, DXA readings, red
    flags answered yes and no, a session whose exercises alone work the glutes."""
    return [
        *demo.patient_entries(TODAY),
        Entry(Kind.WEIGHT, day(1), 90.0, dt.time(7)),
        Entry(Kind.WEIGHT, day(1), 91.0, dt.time(21)),
        Entry(Kind.LEAN_MASS, day(90), 52.0, label="dxa"),
        Entry(Kind.BODY_FAT, day(2), 38.5, label="dxa"),
        Entry(Kind.PROTEIN, day(2), 20.0, label="lunch"),
        Entry(Kind.PROTEIN, day(2), 15.0, label="lunch"),
        Entry(Kind.SIDE_EFFECT, day(3), 1, label="nausea"),
        Entry(Kind.SIDE_EFFECT, day(3), 3, label="nausea"),
        Entry(Kind.PAIN, day(3), 4, label="hip"),
        Entry(Kind.PAIN, day(3), 7, label="hip"),
        Entry(Kind.RED_FLAG, day(120), 1, label="fall"),
        Entry(Kind.RED_FLAG, day(4), 0, label="infection"),
        Entry(Kind.RED_FLAG, day(4), 1, label="dehydration"),
        Entry(
            Kind.STRENGTH, day(30), 40, label="upper", exercises=(Exercise("Hip thrust", 3, 10),)
        ),
        Entry(
            Kind.STRENGTH,
            day(30),
            30,
            label="lower",
            exercises=(Exercise("Squat", 3, 8, 40.0), Exercise("Leg press", 2, 12, 80.0)),
        ),
        Entry(Kind.CHAIR_STAND_30S, day(100), 11, label="clinic"),
        Entry(Kind.CHAIR_STAND_30S, day(100), 12),
        Entry(Kind.SIT_TO_STAND_5X, day(40), 12.5),
        Entry(Kind.GRIP_STRENGTH, day(10), 24.55, label="home"),
        Entry(Kind.GAIT_SPEED, day(10), 1.12),
        Entry(Kind.SARC_F, day(5), 3, label="S1 A0 R1 C1 F0"),
    ]


@pytest.fixture
def stored(engine) -> tuple[int, list[Entry]]:
    patient = accounts.create_user(engine, "sums@example.com", "a long password", Role.PATIENT)
    entries = a_log()
    with UnitOfWork(engine, write=True) as uow:
        uow.entries.add_many(patient.id, entries)
        uow.commit()
    return patient.id, entries


def assert_same(got: DailySums, want: DailySums) -> None:
    """Equal, the means and sums of floats to rounding (the database adds in its own order)."""
    for name in ("weight_kg", "lean_mass_kg", "body_fat_pct"):
        got_series, want_series = getattr(got, name), getattr(want, name)
        assert [d for d, _ in got_series] == [d for d, _ in want_series], name
        assert [v for _, v in got_series] == pytest.approx([v for _, v in want_series]), name
    for name in ("water_ml_by_day", "activity_min_by_day", "pain_by_day"):
        assert list(getattr(got, name)) == list(getattr(want, name)), name  # in date order
        assert getattr(got, name) == pytest.approx(getattr(want, name)), name
    assert list(got.protein_g_by_day_meal) == list(want.protein_g_by_day_meal)
    for meal_day, grams_by_meal in want.protein_g_by_day_meal.items():
        assert got.protein_g_by_day_meal[meal_day] == pytest.approx(grams_by_meal)
    assert list(got.side_effects_by_day) == list(want.side_effects_by_day)
    exact = (
        "dxa_days",
        "sessions",
        "doses",
        "side_effects_by_day",
        "red_flags",
        "lifts",
        "function_results",
    )
    for name in (*exact, "first_day", "last_session_day"):
        assert getattr(got, name) == getattr(want, name), name


def test_the_database_sums_a_log_as_its_entries_are_summed(engine, stored):
    patient_id, entries = stored
    with UnitOfWork(engine) as uow:
        got = uow.entries.daily_sums(patient_id)
    assert_same(got, daily_sums(entries))
    assert History.from_sums(got).sessions == History.from_entries(entries).sessions


def test_since_leaves_out_the_days_before_it_but_for_what_is_read_whole(engine, stored):
    patient_id, entries = stored
    since, until = day(6), day(1)
    with UnitOfWork(engine) as uow:
        got = uow.entries.daily_sums(patient_id, until=until, since=since)
    up_to = [e for e in entries if e.day <= until]
    window = [e for e in up_to if e.kind in WHOLE_KINDS or e.day >= since]
    everything = daily_sums(up_to)
    want = dataclasses.replace(
        daily_sums(window),
        first_day=everything.first_day,
        last_session_day=everything.last_session_day,
        lifts=[],  # read only within the spans asked for
    )
    assert_same(got, want)


def test_with_since_the_lifts_are_read_only_within_the_spans_the_rules_ask_for(engine, stored):
    patient_id, entries = stored
    with UnitOfWork(engine) as uow:
        first_days = uow.entries.first_lift_days([patient_id], until=day(1))[patient_id]
        spans = strength.windows_to_read(first_days, day(1), medicine_start=day(100))
        got = uow.entries.daily_sums_of([patient_id], day(1), day(6), {patient_id: spans})
    whole = daily_sums(entries).lifts
    assert got[patient_id].lifts == [
        s for s in whole if any(first <= s.day <= last for first, last in spans)
    ]
    assert got[patient_id].lifts and len(got[patient_id].lifts) < len(whole)
    # A leg press of 12 reps under load gives no estimate: not a first measurable day.
    assert "Leg press" not in first_days and first_days["Squat"] == day(30)


def test_many_patients_are_summed_each_on_their_own(engine, stored):
    patient_id, entries = stored
    other = accounts.create_user(engine, "other@example.com", "a long password", Role.PATIENT)
    with UnitOfWork(engine) as uow:
        sums = uow.entries.daily_sums_of([patient_id, other.id])
    assert_same(sums[patient_id], daily_sums(entries))
    assert sums[other.id] == DailySums()
