"""The schema is Alembic's: it matches the models, and goes down and up again cleanly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from tracker import db
from tracker.schema import Base


def test_the_migrated_schema_matches_the_models(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_the_database_is_at_head(engine):
    assert db.current_revision(engine) == db.head_revision()


def test_downgrade_to_nothing_and_upgrade_again(engine):
    db.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    db.migrate(engine)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_the_default_database_is_the_sqlite_file_under_data(monkeypatch):
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    assert db.database_url().endswith("/data/tracker.db")
    assert db.database_url().startswith("sqlite:///")
    monkeypatch.setenv("TRACKER_DATABASE_URL", "postgresql+psycopg://clinic/tracker")
    assert db.database_url() == "postgresql+psycopg://clinic/tracker"
