"""The entries CSV against a real database: round trips, and refusals that write nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain import Profile, Role
from tracker.formats.entries_csv import CsvRefused
from tracker.services import accounts, assessment, demo, logbook
from tracker.services.access import Actor
from tracker.store import db
from tracker.units import WaterUnit, WeightUnit

PASSWORD = "correct horse battery"
TODAY = dt.date.today()
ADMIN = Actor.system()


@pytest.fixture
def demo_patient(engine):
    patient, _ = demo.seed(engine, TODAY)
    return patient


def new_patient(engine, email="copy@example.com"):
    return accounts.create_user(engine, email, PASSWORD, Role.PATIENT)


def stripped(entries):
    return [entry.without_id() for entry in entries]


def test_export_then_import_into_a_new_user_gives_identical_entries(engine, demo_patient):
    text = logbook.export_entries(engine, ADMIN, demo_patient.id)
    copy = new_patient(engine)
    summary = logbook.import_entries(engine, ADMIN, copy.id, text)
    assert summary.count == len(logbook.list_entries(engine, ADMIN, demo_patient.id))
    assert stripped(logbook.list_entries(engine, ADMIN, copy.id)) == stripped(
        logbook.list_entries(engine, ADMIN, demo_patient.id)
    )
    assert logbook.export_entries(engine, ADMIN, copy.id) == text


def test_the_round_trip_is_exact_in_pounds_and_fluid_ounces(engine, demo_patient):
    imperial = Profile(weight_unit=WeightUnit.LB, water_unit=WaterUnit.FL_OZ)
    accounts.update_profile(engine, ADMIN, demo_patient.id, imperial)
    text = logbook.export_entries(engine, ADMIN, demo_patient.id)
    assert ",lb," in text and ",fl_oz," in text and ",in," in text
    copy = new_patient(engine)
    logbook.import_entries(engine, ADMIN, copy.id, text)
    assert stripped(logbook.list_entries(engine, ADMIN, copy.id)) == stripped(
        logbook.list_entries(engine, ADMIN, demo_patient.id)
    )


def test_export_of_a_period(engine, demo_patient):
    start, end = TODAY - dt.timedelta(days=6), TODAY - dt.timedelta(days=3)
    text = logbook.export_entries(engine, ADMIN, demo_patient.id, start, end)
    days = {line.split(",")[0] for line in text.splitlines()[1:]}
    assert days == {(start + dt.timedelta(days=n)).isoformat() for n in range(4)}


def test_a_malformed_file_changes_nothing(engine, demo_patient):
    good = logbook.export_entries(engine, ADMIN, demo_patient.id)
    lines = good.splitlines()
    lines[500] = (
        lines[500].replace(",kg,", ",stone,")
        if ",kg," in lines[500]
        else (lines[500].split(",")[0] + ",,weight,80,stone,,")
    )
    copy = new_patient(engine)
    with engine.connect() as connection:
        before = db.table_counts(connection)
    with pytest.raises(CsvRefused) as refused:
        logbook.import_entries(engine, ADMIN, copy.id, "\n".join(lines) + "\n")
    assert refused.value.errors[0].row == 501
    assert refused.value.errors[0].column == "unit"
    with engine.connect() as connection:
        assert db.table_counts(connection) == before


def test_an_import_that_fails_in_the_database_leaves_nothing_behind(engine, monkeypatch):
    patient = new_patient(engine)
    text = "date,time,kind,value,unit,label,note\n" + "".join(
        f"2026-01-{day:02d},,weight,80,kg,,\n2026-01-{day:02d},,water,500,ml,,\n"
        for day in range(1, 29)
    )
    from tracker.store.entries import EntryRepository

    real_add_many = EntryRepository.add_many

    def add_half_then_fail(self, user_id, entries):
        real_add_many(self, user_id, entries[: len(entries) // 2])
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(EntryRepository, "add_many", add_half_then_fail)
    with pytest.raises(RuntimeError):
        logbook.import_entries(engine, ADMIN, patient.id, text)
    assert logbook.list_entries(engine, ADMIN, patient.id) == []


def test_daily_report_covers_the_period(engine, demo_patient):
    text = assessment.daily_report(engine, ADMIN, demo_patient.id)
    lines = text.splitlines()
    assert lines[0].startswith("date,weight_kg,trend_kg,loss_pct_per_week")
    assert len(lines) == 1 + 140  # twenty weeks, one row a day
    assert lines[-1].startswith(TODAY.isoformat())
    with pytest.raises(Exception, match="start of the period is after its end"):
        assessment.daily_report(engine, ADMIN, demo_patient.id, TODAY, TODAY - dt.timedelta(days=1))
