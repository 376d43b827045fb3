"""Shared fixtures: a fresh migrated database per test, on SQLite and on PostgreSQL.

PostgreSQL runs when ``TRACKER_TEST_POSTGRES_URL`` names a server (any database on it: the
suite creates its own ``tracker_test_<pid>`` and drops it at the end). Without it the PostgreSQL
half is skipped, except under CI (``CI=true``), where a missing server fails the run.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

# Before anything imports tracker.services.passwords: the cheapest hashing keeps sign-ups fast.
os.environ["TRACKER_ARGON2_PROFILE"] = "CHEAPEST"

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from tracker.store import db
from tracker.store.schema import Base

POSTGRES_URL = os.environ.get("TRACKER_TEST_POSTGRES_URL", "")
IN_CI = os.environ.get("CI", "").lower() == "true"
ROOT = Path(__file__).resolve().parents[1]


def require_or_skip(reason: str) -> None:
    """Skip locally; under CI a missing dependency is a failure, not a skip."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: every tier must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A migrated SQLite file that each test copies, so migrations run once per session."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = db.make_engine(f"sqlite:///{path}")
    db.migrate(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A database of this test session on the PostgreSQL server, migrated once."""
    if not POSTGRES_URL:
        require_or_skip("TRACKER_TEST_POSTGRES_URL is not set")
    server = make_url(POSTGRES_URL)
    name = f"tracker_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
            # A test database need not survive a crash: commits stop waiting for the disk,
            # which is most of the time a PostgreSQL test spends (what others see is unchanged).
            connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    except Exception as error:  # the server is down or refuses us
        admin.dispose()
        require_or_skip(f"PostgreSQL at {server.render_as_string()} is not usable: {error}")
    url = server.set(database=name).render_as_string(hide_password=False)
    engine = db.make_engine(url)
    db.migrate(engine)
    engine.dispose()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _empty_postgres(url: str) -> None:
    """Every table emptied and every id counting from 1 again. DELETE, not TRUNCATE: a test
    leaves a few rows, and TRUNCATE swaps each table's files, which costs far more here."""
    engine = create_engine(url)
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
        connection.execute(
            text(
                "SELECT setval(oid::regclass, 1, false) FROM pg_class "
                "WHERE relkind = 'S' AND relnamespace = 'public'::regnamespace"
            )
        )
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path) -> Iterator[str]:
    """The URL of an empty, migrated database; each test gets its own clean one."""
    if request.param == "sqlite":
        path = tmp_path / "tracker.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_database")
        yield url
        _empty_postgres(url)


@pytest.fixture
def engine(database_url) -> Iterator[Engine]:
    engine = db.make_engine(database_url)
    yield engine
    engine.dispose()
