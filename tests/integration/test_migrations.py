"""The schema is Alembic's: it matches the models, and goes down and up again cleanly."""

from __future__ import annotations

import datetime as dt

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

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


def test_0006_keeps_each_medicine_and_moves_the_default_protein_reference(engine):
    """Profiles and doses from before brands keep their molecule (read as the profile's brand
    later); the old default 'actual' reference becomes the new default 'auto'."""
    db.downgrade(engine, "0005")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (id, email, display_name, role, password_hash, is_demo, "
                "created_at) VALUES (1, 'a@example.com', 'A', 'patient', 'x', false, :now)"
            ),
            {"now": dt.datetime.now(dt.UTC)},
        )
        connection.execute(
            text(
                "INSERT INTO profiles (user_id, weight_unit, water_unit, glp1_drug, protein_basis)"
                " VALUES (1, 'kg', 'ml', 'semaglutide', 'actual')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO doses (user_id, day, dose_mg, drug, site, note, created_at) "
                "VALUES (1, :day, 1.0, 'tirzepatide', '', '', :now)"
            ),
            {"day": dt.date(2026, 11, 1), "now": dt.datetime.now(dt.UTC)},
        )
    db.migrate(engine)
    with engine.connect() as connection:
        profile = connection.execute(
            text("SELECT glp1_medicine, protein_basis, has_diabetes FROM profiles")
        ).one()
        dose = connection.execute(text("SELECT medicine FROM doses")).scalar_one()
    assert tuple(profile) == ("semaglutide", "auto", None)
    assert dose == "tirzepatide"
