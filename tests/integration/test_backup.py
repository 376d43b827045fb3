"""Backup then restore gives identical data, on each database and across them."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import pytest

from tracker.domain import Entry, Kind, Role
from tracker.services import accounts, assessment, demo, logbook, web_sessions
from tracker.services.access import Actor
from tracker.store import backup, db
from tracker.store.backup import BackupError


def everything(engine) -> dict[str, list]:
    """Every row of every table, as the backup encodes it."""
    with engine.connect() as connection:
        return {
            name: [
                {key: backup._encode(value) for key, value in row.items()}
                for row in db.dump_table(connection, name)
            ]
            for name in db.tables_in_order()
        }


@pytest.fixture
def populated(engine):
    patient, _ = demo.seed(engine, dt.date.today())
    assessment.set_target(engine, Actor.system(), patient.id, "activity_ok_min", 180)
    return engine


def test_backup_then_restore_gives_identical_data(populated, tmp_path, sqlite_template):
    signed_in = web_sessions.start(
        populated, accounts.user_by_email(populated, demo.PATIENT_EMAIL).id
    )
    path = tmp_path / "backup.json.gz"
    counts = backup.write(populated, path)
    assert counts["weights"] > 100 and counts["strength_exercises"] > 0
    assert "web_sessions" not in counts  # no live sign-in leaves the server in a backup
    target = db.make_engine(f"sqlite:///{tmp_path / 'restored.db'}")
    assert "submissions" not in counts  # nor the keys of forms just sent
    assert backup.restore(target, path) == {**counts, "web_sessions": 0, "submissions": 0}
    left_out = {"web_sessions": [], "submissions": []}
    assert everything(target) == {**everything(populated), **left_out}
    assert web_sessions.resume(target, signed_in, dt.timedelta(hours=1)) is None
    # ids carry over and new rows get fresh ones
    patient = accounts.user_by_email(target, demo.PATIENT_EMAIL)
    new = logbook.log_entry(
        target, Actor.of(patient), patient.id, Entry(Kind.WEIGHT, dt.date.today(), 70.0)
    )
    assert new.id > max(row["id"] for row in everything(populated)["weights"])
    target.dispose()


def test_restore_into_the_database_under_test(populated, tmp_path, engine):
    """Whatever the database under test, a backup of it restores into a fresh one of its kind."""
    path = tmp_path / "backup.json.gz"
    backup.write(populated, path)
    before = everything(populated)
    with engine.begin() as connection:
        for name in reversed(db.tables_in_order()):
            connection.execute(db.Base.metadata.tables[name].delete())
    backup.restore(engine, path)
    assert everything(engine) == before
    second = accounts.create_user(
        engine, "after@example.com", "a long enough password", Role.PATIENT
    )
    assert second.id > max(row["id"] for row in before["users"])


def test_restore_refuses_a_database_with_data(populated, tmp_path):
    path = tmp_path / "backup.json.gz"
    backup.write(populated, path)
    before = everything(populated)
    with pytest.raises(BackupError, match="needs an empty database"):
        backup.restore(populated, path)
    assert everything(populated) == before


def test_restore_refuses_other_files(engine, tmp_path):
    not_gzip = tmp_path / "notes.txt"
    not_gzip.write_text("hello")
    with pytest.raises(BackupError, match="not a tracker backup"):
        backup.restore(engine, not_gzip)
    other = tmp_path / "other.json.gz"
    with gzip.open(other, "wt") as handle:
        json.dump({"format": "something else"}, handle)
    with pytest.raises(BackupError, match="not a tracker backup"):
        backup.restore(engine, other)


def test_a_restore_that_fails_half_way_writes_nothing(populated, tmp_path, engine):
    path = tmp_path / "backup.json.gz"
    backup.write(populated, path)
    with gzip.open(path, "rt") as handle:
        document = json.load(handle)
    document["tables"]["weights"]["rows"][5][1] = 999_999  # a weigh-in of a user who is not there
    broken = tmp_path / "broken.json.gz"
    with gzip.open(broken, "wt") as handle:
        json.dump(document, handle)
    with engine.begin() as connection:
        for name in reversed(db.tables_in_order()):
            connection.execute(db.Base.metadata.tables[name].delete())
    with pytest.raises(Exception, match=r"(?i)foreign key"):
        backup.restore(engine, broken)
    with engine.connect() as connection:
        assert sum(db.table_counts(connection).values()) == 0
