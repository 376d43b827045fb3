"""The schema is Alembic's: it matches the models, and goes down and up again cleanly."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import DateTime, column, insert, inspect, table, text

from tracker.domain import InvalidEntry, Role
from tracker.services import accounts, care
from tracker.services.access import Actor
from tracker.store import db
from tracker.store.schema import Base


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


def test_0007_moves_the_failed_sign_ins_which_still_count_and_back(engine):
    """Failed sign-ins from before become failed attempts of kind sign_in, and still hold the
    account up; going back keeps them and drops the failed share codes."""
    db.downgrade(engine, "0006")
    old = table("sign_in_failures", column("email"), column("client"), column("at", DateTime(True)))
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as connection:
        connection.execute(
            insert(old),
            [{"email": "a@example.com", "client": "1.2.3.4", "at": now}]
            * accounts.ACCOUNT_MAX_FAILURES,
        )
    db.migrate(engine)
    with engine.connect() as connection:
        moved = connection.execute(
            text("SELECT kind, email, actor_id, client FROM failed_attempts ORDER BY id")
        ).all()
    assert [tuple(row) for row in moved] == [
        ("sign_in", "a@example.com", None, "1.2.3.4")
    ] * accounts.ACCOUNT_MAX_FAILURES
    with pytest.raises(accounts.SignInThrottled):
        accounts.authenticate(engine, "a@example.com", "any password at all", "5.6.7.8")
    therapist = accounts.create_user(
        engine, "pt@example.com", "a long enough password", Role.THERAPIST
    )
    with pytest.raises(InvalidEntry):
        care.redeem_share_code(engine, Actor.of(therapist), "ZZZZ-9999", "9.9.9.9")
    db.downgrade(engine, "0006")
    with engine.connect() as connection:
        kept = connection.execute(text("SELECT email, client FROM sign_in_failures")).all()
    assert [tuple(row) for row in kept] == [
        ("a@example.com", "1.2.3.4")
    ] * accounts.ACCOUNT_MAX_FAILURES
    assert "failed_attempts" not in inspect(engine).get_table_names()
    db.migrate(engine)
