"""The disk full under SQLite: a clear message, nothing half-written, the database intact.

A real full disk and SQLite's ``max_page_count`` end a write the same way (SQLITE_FULL, "database
or disk is full"), so the file is capped a few pages above its size and the log is written
until it no longer fits: one save, then a large import (all or nothing)."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from sqlalchemy import event

from tracker.domain import Entry, Kind, Role, StorageFull
from tracker.imports.base import Source
from tracker.services import accounts, imports, logbook
from tracker.services.access import Actor
from tracker.store import db

TODAY = dt.date.today()
HEADROOM_PAGES = 8


@pytest.fixture
def capped(sqlite_template, tmp_path):
    """A migrated SQLite file that may grow only ``HEADROOM_PAGES`` pages past its size."""
    path = tmp_path / "full.db"
    shutil.copyfile(sqlite_template, path)
    engine = db.make_engine(f"sqlite:///{path}")
    patient = accounts.create_user(
        engine, "ana@example.com", "a long enough password", Role.PATIENT
    )
    with engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar_one()

    @event.listens_for(engine, "connect")
    def cap(dbapi_connection, _record) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + HEADROOM_PAGES}")

    engine.dispose()  # connections from now on carry the cap
    yield engine, patient
    engine.dispose()


def test_a_full_disk_refuses_the_save_with_a_sentence_and_keeps_what_was_saved(capped):
    engine, patient = capped
    me = Actor.of(patient)
    saved = 0
    with pytest.raises(StorageFull, match="disk is full, so this was not saved"):
        for n in range(10_000):  # far more than fits
            note = f"entry {n} " + "x" * 400
            logbook.log_entry(engine, me, patient.id, Entry(Kind.WATER, TODAY, 250, note=note))
            saved += 1
    assert saved > 0
    entries = logbook.list_entries(engine, me, patient.id)
    assert len(entries) == saved  # the refused one is not there, the others all are
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"


def test_a_large_import_onto_a_full_disk_adds_nothing(capped):
    engine, patient = capped
    me = Actor.of(patient)
    logbook.log_entry(engine, me, patient.id, Entry(Kind.WEIGHT, TODAY, 80.0))
    rows = [
        f"{TODAY - dt.timedelta(days=n % 3000)},08:00,water,250,ml,,{'y' * 300}"
        for n in range(3000)
    ]
    csv_text = "date,time,kind,value,unit,label,note\n" + "\n".join(rows) + "\n"
    with pytest.raises(StorageFull):
        imports.run_import(engine, me, patient.id, Source.from_bytes("big.csv", csv_text.encode()))
    assert [e.kind for e in logbook.list_entries(engine, me, patient.id)] == [Kind.WEIGHT]
    assert imports.imports(engine, me, patient.id) == []
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
