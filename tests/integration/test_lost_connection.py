"""A save whose database connection is lost midway: written once, or refused with a sentence.

A form's submission carries a key; a key already saved writes nothing again. So the service
retries once on a fresh connection, and a person who sends the form again after "not saved"
never gets a double entry. On PostgreSQL the connection is really cut (the backend is
terminated in the middle of the save); on both databases the commit that landed but was
reported lost is replayed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine, event, text

from tracker.domain import Entry, Kind, Role, StorageUnavailable
from tracker.services import accounts, logbook
from tracker.services.access import Actor
from tracker.store import db, unit_of_work

KEY = "form-submission-1"


@pytest.fixture
def postgres(engine):
    """The engine, on PostgreSQL only: these tests terminate a PostgreSQL backend."""
    if engine.dialect.name != "postgresql":
        pytest.skip("terminates a PostgreSQL backend")
    return engine


@pytest.fixture
def patient(engine):
    return accounts.create_user(engine, "ana@example.com", "a long enough password", Role.PATIENT)


def weights(engine, patient) -> list[float]:
    entries = logbook.list_entries(
        engine, Actor.of(patient), patient.id, dt.date(2000, 1, 1), dt.date.today(), [Kind.WEIGHT]
    )
    return [entry.value for entry in entries]


def save(engine, patient, value: float = 80.5, key: str = KEY) -> list[Entry]:
    entry = Entry(Kind.WEIGHT, dt.date.today(), value)
    return logbook.log_entries(engine, Actor.of(patient), patient.id, [entry], key)


def cut_connection_on_insert(engine, times: int) -> list[int]:
    """Terminate this connection's PostgreSQL backend as it inserts a weight, ``times`` times;
    returns the backends cut."""
    admin = create_engine(engine.url, isolation_level="AUTOCOMMIT")
    cut: list[int] = []

    @event.listens_for(engine, "before_cursor_execute")
    def terminate(connection, cursor, statement, parameters, context, executemany):
        if len(cut) < times and statement.lstrip().upper().startswith("INSERT INTO WEIGHTS"):
            pid = connection.connection.dbapi_connection.info.backend_pid
            with admin.connect() as other:
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            cut.append(pid)

    return cut


def test_the_same_submission_twice_saves_once(engine, patient):
    save(engine, patient)
    again = save(engine, patient)
    assert [entry.value for entry in again] == [80.5]  # told what is saved
    assert weights(engine, patient) == [80.5]
    save(engine, patient, 81.0, key="form-submission-2")
    assert sorted(weights(engine, patient)) == [80.5, 81.0]


def test_a_commit_that_landed_but_was_reported_lost_is_not_doubled(engine, patient, monkeypatch):
    real_commit = unit_of_work.UnitOfWork.commit
    calls = []

    def commit_then_lose_the_reply(self):
        real_commit(self)
        calls.append(1)
        if len(calls) == 1:
            raise StorageUnavailable.of(write=True)

    monkeypatch.setattr(unit_of_work.UnitOfWork, "commit", commit_then_lose_the_reply)
    save(engine, patient)
    assert weights(engine, patient) == [80.5]


@pytest.mark.postgres
def test_a_connection_cut_during_a_save_is_retried_once_on_a_fresh_one(postgres, patient):
    cut = cut_connection_on_insert(postgres, times=1)
    saved = save(postgres, patient)
    assert len(cut) == 1
    assert [entry.value for entry in saved] == [80.5]
    assert weights(postgres, patient) == [80.5]


@pytest.mark.postgres
def test_a_save_that_keeps_losing_its_connection_says_so_and_a_retry_saves_once(postgres, patient):
    cut = cut_connection_on_insert(postgres, times=2)
    with pytest.raises(StorageUnavailable, match="could not be reached, so this was not saved"):
        save(postgres, patient)
    assert len(cut) == 2
    assert weights(postgres, patient) == []
    save(postgres, patient)  # the person sends the same form again
    save(postgres, patient)  # and, impatient, once more
    assert weights(postgres, patient) == [80.5]


def test_an_unreachable_database_is_a_sentence_not_a_traceback():
    engine = db.make_engine("postgresql+psycopg://postgres@127.0.0.1:1/tracker")  # nobody there
    with pytest.raises(StorageUnavailable, match="could not be reached just now"):
        accounts.get_user(engine, 1)
    with pytest.raises(StorageUnavailable, match="could not be reached, so this was not saved"):
        entry = Entry(Kind.WEIGHT, dt.date.today(), 80.5)
        logbook.log_entries(engine, Actor(1, Role.PATIENT), 1, [entry], KEY)


@pytest.mark.postgres
def test_every_connection_cut_at_once_as_a_restart_cuts_them_and_the_app_goes_on(postgres, patient):
    """What a PostgreSQL restart does to a running app: every pooled connection dies at once.
    The pool tests a connection before handing it out, so the next read and save simply work,
    with no restart of the app and nothing said to the person."""
    me = Actor.of(patient)
    connections = [postgres.connect() for _ in range(3)]  # a pool warmed by three pages
    for connection in connections:
        connection.close()
    admin = create_engine(postgres.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as other:
        ended = other.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    admin.dispose()
    assert ended >= 3
    assert weights(postgres, patient) == []  # a read, on a fresh connection
    save(postgres, patient)
    assert weights(postgres, patient) == [80.5]
    assert logbook.list_entries(postgres, me, patient.id)[0].value == 80.5
