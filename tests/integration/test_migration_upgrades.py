"""Every revision's rows survive an upgrade to head, and a downgrade keeps what the revision holds.

A clinic upgrades a database full of patients' logs, and may have to go back a release. So for
each Alembic revision R before head, on SQLite and on PostgreSQL:

* upgrade: an empty database is brought to R, every table R has gets realistic rows, and after
  the upgrade to head each row is there with the same id and values, and the schema matches the
  models;
* downgrade: a database at head with a row in every table goes back to R, and holds each row R
  can hold, as R holds it, in R's schema.

The rows are written once, as head holds them (``HEAD_ROWS``). What an older revision holds of
them, and what an upgrade makes of that, is worked out step by step: a migration that only adds
tables or nullable columns needs nothing here (the new columns are expected NULL); one that moves
or changes data has its documented effect written out below (``UPGRADE_EFFECTS`` and
``DOWNGRADE_EFFECTS``, after 0006 and 0007). A new migration is tested without editing this file,
and fails until its tables have rows here and any data it moves is described. A value that the
schema at head cannot hold and no effect accounts for is data lost, and fails the upgrade test.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, create_engine, insert, select, text
from sqlalchemy.engine import make_url

from tracker.domain import InjectionSite, Medicine
from tracker.rules.medicines import is_tablet
from tracker.store import db
from tracker.store.schema import Base

Row = dict[str, Any]
Rows = dict[str, list[Row]]
"""Rows by table name."""

REVISIONS = [
    script.revision
    for script in reversed(list(ScriptDirectory(str(db.MIGRATIONS)).walk_revisions()))
]
"""Every revision, oldest first."""

BEFORE_HEAD = REVISIONS[:-1]

# --- the rows, as head holds them ------------------------------------------------------------

PATIENT, DEMO_PATIENT, THERAPIST = 1, 2, 3
DAY = dt.date(2026, 11, 20)
AT = dt.datetime(2026, 11, 20, 7, 30, 5, 123456, tzinfo=dt.UTC)
HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$0u7X3bq3mH5D1tq0hR9CwA"


def _later(minutes: float) -> dt.datetime:
    return AT + dt.timedelta(minutes=minutes)


def _entry(entry_id: int, day: dt.date = DAY, **values: Any) -> Row:
    """An entry of the patient's log, logged by hand."""
    return {
        "id": entry_id,
        "user_id": PATIENT,
        "day": day,
        "time": dt.time(8, 15),
        "note": "",
        "created_at": _later(entry_id),
        "import_id": None,
        **values,
    }


def _doses() -> list[Row]:
    """A weekly dose of every medicine the app knows (a tablet has no injection site), so that
    the downgrade of each one is checked."""
    sites = list(InjectionSite)
    return [
        _entry(
            number,
            DAY - dt.timedelta(weeks=number),
            time=None,
            dose_mg=0.25 * number,
            medicine=medicine.value,
            site="" if is_tablet(medicine) else sites[number % len(sites)].value,
        )
        for number, medicine in enumerate(Medicine, start=1)
    ]


HEAD_ROWS: Rows = {
    "users": [
        {
            "id": PATIENT,
            "email": "maria.lopez@example.com",
            "display_name": "María López",
            "password_hash": HASH,
            "role": "patient",
            "is_demo": False,
            "created_at": AT,
        },
        {
            "id": DEMO_PATIENT,
            "email": "demo.patient@example.com",
            "display_name": "Demo patient",
            "password_hash": HASH,
            "role": "patient",
            "is_demo": True,
            "created_at": _later(1),
        },
        {
            "id": THERAPIST,
            "email": "physio@clinic.example",
            "display_name": "Sam Physio",
            "password_hash": HASH,
            "role": "therapist",
            "is_demo": False,
            "created_at": _later(2),
        },
    ],
    "profiles": [
        {
            "user_id": PATIENT,
            "weight_unit": "kg",
            "water_unit": "ml",
            "height_cm": 168.5,
            "birth_year": 1971,
            "sex": "female",
            "glp1_medicine": "wegovy",
            "glp1_start": dt.date(2026, 6, 1),
            "protein_basis": "auto",
            "has_diabetes": True,
            "insulin_or_sulfonylurea": False,
        },
        {
            "user_id": DEMO_PATIENT,
            "weight_unit": "lb",
            "water_unit": "fl_oz",
            "height_cm": None,
            "birth_year": None,
            "sex": None,
            "glp1_medicine": None,
            "glp1_start": None,
            "protein_basis": "adjusted",
            "has_diabetes": None,
            "insulin_or_sulfonylurea": None,
        },
        {
            "user_id": THERAPIST,
            "weight_unit": "kg",
            "water_unit": "ml",
            "height_cm": None,
            "birth_year": None,
            "sex": None,
            "glp1_medicine": None,
            "glp1_start": None,
            "protein_basis": "auto",
            "has_diabetes": None,
            "insulin_or_sulfonylurea": None,
        },
    ],
    "target_overrides": [
        {
            "id": 1,
            "patient_id": PATIENT,
            "name": "protein_ok_g_per_kg",
            "value": 1.3,
            "set_by_id": THERAPIST,
            "set_at": _later(30),
        }
    ],
    "imports": [
        {
            "id": 1,
            "user_id": PATIENT,
            "file_name": "withings-export.zip",
            "format": "withings",
            "counts": '{"weight": 1}',
            "first_day": DAY - dt.timedelta(days=1),
            "last_day": DAY - dt.timedelta(days=1),
            "created_at": _later(40),
            "undone_at": None,
        }
    ],
    "weights": [
        _entry(1, weight_kg=92.4, note="après le petit-déjeuner"),
        _entry(
            2, DAY - dt.timedelta(days=1), time=dt.time(6, 58, 30), weight_kg=92.85, import_id=1
        ),
    ],
    "body_fat_readings": [_entry(1, body_fat_pct=38.2, method="scale")],
    "lean_mass_readings": [_entry(1, lean_mass_kg=52.75, method="dxa")],
    "waist_readings": [_entry(1, waist_cm=101.5)],
    "hip_readings": [_entry(1, hip_cm=118.0)],
    "protein_entries": [_entry(1, time=dt.time(12, 40), protein_g=34.5, meal="lunch")],
    "water_entries": [_entry(1, water_ml=750.0, note="2 × 375 ml")],
    "strength_sessions": [_entry(1, time=dt.time(18, 5), duration_min=35.0, focus="glutes")],
    "strength_exercises": [
        {
            "id": 1,
            "session_id": 1,
            "position": 0,
            "name": "Glute bridge",
            "sets": 3,
            "reps": 12,
            "load_kg": None,
        },
        {
            "id": 2,
            "session_id": 1,
            "position": 1,
            "name": "Romanian deadlift",
            "sets": 3,
            "reps": 8,
            "load_kg": 17.5,
        },
    ],
    "activities": [_entry(1, duration_min=42.0, activity_type="walk")],
    "doses": _doses(),
    "side_effects": [_entry(1, severity=2, effect="nausea")],
    "pain_entries": [_entry(1, score=4, location="left_buttock", tags="aching+sitting")],
    "chair_stand_tests": [_entry(1, stands=11, tested_at="home")],
    "sit_to_stand_tests": [_entry(1, time_s=12.4, tested_at="")],
    "grip_strength_tests": [_entry(1, grip_kg=22.65, tested_at="clinic")],
    "gait_speed_tests": [_entry(1, speed_m_s=1.08, tested_at="clinic")],
    "sarc_f_answers": [_entry(1, score=3, answers="S1 A0 R1 C1 F0")],
    "red_flag_answers": [
        _entry(
            1,
            answer=1,
            item="buttock_compartment",
            acknowledged_by_id=THERAPIST,
            acknowledged_at=_later(90),
            note="swelling after a long run",
        ),
        _entry(2, answer=0, item="pancreatitis", acknowledged_by_id=None, acknowledged_at=None),
    ],
    "shares": [
        {
            "id": 1,
            "patient_id": PATIENT,
            "therapist_id": THERAPIST,
            "status": "active",
            "created_at": _later(10),
            "accepted_at": _later(12),
            "revoked_at": None,
        },
        {
            "id": 2,
            "patient_id": DEMO_PATIENT,
            "therapist_id": THERAPIST,
            "status": "revoked",
            "created_at": _later(14),
            "accepted_at": _later(15),
            "revoked_at": _later(16),
        },
    ],
    "share_codes": [
        {
            "id": 1,
            "patient_id": PATIENT,
            "code_hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "created_at": _later(8),
            "expires_at": _later(8 + 24 * 60),
            "used_at": _later(12),
        }
    ],
    "therapist_notes": [
        {
            "id": 1,
            "patient_id": PATIENT,
            "author_id": THERAPIST,
            "author_name": "Sam Physio",
            "body": "Progress bridges to single-leg next week.\nWatch the left side.",
            "created_at": _later(95),
        }
    ],
    "plan_items": [
        {
            "id": 1,
            "patient_id": PATIENT,
            "assigned_by_id": THERAPIST,
            "exercise": "bridge",
            "sets": 3,
            "reps": 12,
            "hold_s": None,
            "days_per_week": 3,
            "created_at": _later(100),
        },
        {
            "id": 2,
            "patient_id": PATIENT,
            "assigned_by_id": THERAPIST,
            "exercise": "clamshell",
            "sets": 2,
            "reps": None,
            "hold_s": 30,
            "days_per_week": 5,
            "created_at": _later(101),
        },
    ],
    "plan_ticks": [{"id": 1, "patient_id": PATIENT, "plan_item_id": 1, "day": DAY}],
    "audit_events": [
        {
            "id": 1,
            "patient_id": PATIENT,
            "actor_id": THERAPIST,
            "actor_name": "Sam Physio",
            "action": "share",
            "detail": "accepted your share code",
            "at": _later(12),
        },
        {
            "id": 2,
            "patient_id": PATIENT,
            "actor_id": None,
            "actor_name": "Administrator",
            "action": "target",
            "detail": "",
            "at": _later(31),
        },
    ],
    "failed_attempts": [
        {
            "id": 1,
            "kind": "sign_in",
            "email": "maria.lopez@example.com",
            "actor_id": None,
            "client": "203.0.113.7",
            "at": _later(3),
        },
        {
            "id": 2,
            "kind": "share_code",
            "email": "physio@clinic.example",
            "actor_id": THERAPIST,
            "client": "198.51.100.23",
            "at": _later(9),
        },
        {
            "id": 3,
            "kind": "sign_in",
            "email": "nobody@example.com",
            "actor_id": None,
            "client": "2001:db8::1",
            "at": _later(11),
        },
    ],
    "web_sessions": [
        {
            "token_sha256": "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b",
            "user_id": PATIENT,
            "created_at": _later(4),
            "last_seen_at": _later(120),
        }
    ],
    "submissions": [
        {"patient_id": PATIENT, "key": "0d9c2a4e7b1f4c2e9a3b5d6f8e1c7a90", "at": _later(5)}
    ],
}

# --- what the migrations that move data do to the rows -----------------------------------------


def _renamed(row: Row, old: str, new: str, change: Callable[[Any], Any] = lambda v: v) -> Row:
    row = dict(row)
    row[new] = change(row.pop(old))
    return row


def _upgrade_0006(rows: Rows) -> Rows:
    """``drug`` columns become ``medicine`` with the same values; profiles on the old default
    protein reference, "actual", move to the new default "auto"; body-composition readings say
    no method (''); the diabetes questions are unanswered (NULL)."""
    profiles = [_renamed(row, "glp1_drug", "glp1_medicine") for row in rows["profiles"]]
    return {
        **rows,
        "profiles": [
            {**row, "protein_basis": "auto"} if row["protein_basis"] == "actual" else row
            for row in profiles
        ],
        "doses": [_renamed(row, "drug", "medicine") for row in rows["doses"]],
        "body_fat_readings": [{**row, "method": ""} for row in rows["body_fat_readings"]],
        "lean_mass_readings": [{**row, "method": ""} for row in rows["lean_mass_readings"]],
    }


def _molecule(medicine: str | None) -> str | None:
    return None if medicine is None else Medicine(medicine).drug.value


def _downgrade_0006(rows: Rows) -> Rows:
    """A brand goes back to its molecule and "auto" to "actual"; the new columns go."""
    profiles = [_renamed(row, "glp1_medicine", "glp1_drug", _molecule) for row in rows["profiles"]]
    return {
        **rows,
        "profiles": [
            {**row, "protein_basis": "actual"} if row["protein_basis"] == "auto" else row
            for row in profiles
        ],
        "doses": [_renamed(row, "medicine", "drug", _molecule) for row in rows["doses"]],
    }


def _by_id(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda row: row["id"])


def _upgrade_0007(rows: Rows) -> Rows:
    """The failed sign-ins move over as they were, in order (numbered afresh by the new table),
    as failed attempts of kind sign_in that name no account."""
    rows = dict(rows)
    moved = _by_id(rows.pop("sign_in_failures", []))
    rows["failed_attempts"] = [
        {
            "id": number,
            "kind": "sign_in",
            "email": row["email"],
            "actor_id": None,
            "client": row["client"],
            "at": row["at"],
        }
        for number, row in enumerate(moved, start=1)
    ]
    return rows


def _downgrade_0007(rows: Rows) -> Rows:
    """The failed sign-ins go back, in order; the failed share codes are dropped."""
    rows = dict(rows)
    kept = [row for row in _by_id(rows.pop("failed_attempts", [])) if row["kind"] == "sign_in"]
    rows["sign_in_failures"] = [
        {"id": number, "email": row["email"], "client": row["client"], "at": row["at"]}
        for number, row in enumerate(kept, start=1)
    ]
    return rows


UPGRADE_EFFECTS: dict[str, Callable[[Rows], Rows]] = {
    "0006": _upgrade_0006,
    "0007": _upgrade_0007,
}
"""What upgrading to a revision does to rows, beyond adding tables and NULL columns."""

DOWNGRADE_EFFECTS: dict[str, Callable[[Rows], Rows]] = {
    "0006": _downgrade_0006,
    "0007": _downgrade_0007,
}
"""What downgrading from a revision does to rows, beyond dropping its tables and columns."""


def _newer_than(revision: str) -> list[str]:
    return REVISIONS[REVISIONS.index(revision) + 1 :]


def _upgraded(rows: Rows, revision: str) -> Rows:
    for step in _newer_than(revision):
        rows = UPGRADE_EFFECTS.get(step, dict)(rows)
    return rows


def _downgraded(rows: Rows, revision: str) -> Rows:
    for step in reversed(_newer_than(revision)):
        rows = DOWNGRADE_EFFECTS.get(step, dict)(rows)
    return rows


# --- rows in a database ----------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A value as both databases give it back: a timestamp as naive UTC (SQLite keeps no zone)."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _reflect(engine: Engine) -> MetaData:
    """The tables the database has now (Alembic's own left out)."""
    schema = MetaData()
    with engine.connect() as connection:
        schema.reflect(bind=connection)
    schema.remove(schema.tables["alembic_version"])
    return schema


def _held(rows: Rows, schema: MetaData, *, may_drop: bool) -> Rows:
    """``rows`` as ``schema`` holds them: each of its tables, each row with exactly its columns
    (NULL where the rows say nothing), in primary-key order. Values the schema has no place for
    are left out if ``may_drop``; otherwise they fail the test, as data lost."""
    unheld = {
        f"{name}.{column}"
        for name, table_rows in rows.items()
        for row in table_rows
        for column in row
        if name not in schema.tables or column not in schema.tables[name].columns
    }
    assert may_drop or not unheld, f"the schema has no place for {sorted(unheld)}"
    held = {}
    for table in schema.sorted_tables:
        key = [column.name for column in table.primary_key.columns]
        held[table.name] = sorted(
            (
                {column.name: _plain(row.get(column.name)) for column in table.columns}
                for row in rows.get(table.name, [])
            ),
            key=lambda row: [row[name] for name in key],
        )
    return held


def _rows_at(revision: str, schema: MetaData) -> Rows:
    """What a database at ``revision``, whose tables are ``schema``, holds of ``HEAD_ROWS``."""
    return _held(_downgraded(HEAD_ROWS, revision), schema, may_drop=True)


def _insert(engine: Engine, schema: MetaData, rows: Rows) -> None:
    empty = [name for name, table_rows in rows.items() if not table_rows]
    assert not empty, f"give {empty} rows in HEAD_ROWS (or in the effect that makes them)"
    with engine.begin() as connection:
        for table in schema.sorted_tables:
            connection.execute(insert(table), rows[table.name])


def _read(engine: Engine, schema: MetaData) -> Rows:
    with engine.connect() as connection:
        return {
            table.name: [
                {name: _plain(value) for name, value in row.items()}
                for row in connection.execute(
                    select(table).order_by(*table.primary_key.columns)
                ).mappings()
            ]
            for table in schema.sorted_tables
        }


def _schema_differences(engine: Engine, metadata: MetaData) -> list:
    with engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), metadata)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_engine(request, tmp_path) -> Iterator[Engine]:
    """A database of this test's own without a table, so that each revision is reached from
    nothing: a new SQLite file, or a new schema in the session's PostgreSQL database (its
    ``public`` schema, which the other tests share, is left alone)."""
    if request.param == "sqlite":
        engine = db.make_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
        yield engine
        engine.dispose()
        return
    url = make_url(request.getfixturevalue("postgres_database"))
    schema = f"upgrades_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine = db.make_engine(url.update_query_dict({"options": f"-c search_path={schema}"}))
    yield engine
    engine.dispose()
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


# --- the tests -------------------------------------------------------------------------------


@pytest.mark.parametrize("revision", BEFORE_HEAD)
def test_an_upgrade_from_each_revision_keeps_every_row(empty_engine, revision):
    db.migrate(empty_engine, revision)
    schema = _reflect(empty_engine)
    seeded = _rows_at(revision, schema)
    _insert(empty_engine, schema, seeded)

    db.migrate(empty_engine)

    assert _schema_differences(empty_engine, Base.metadata) == []
    expected = _held(_upgraded(seeded, revision), Base.metadata, may_drop=False)
    assert _read(empty_engine, Base.metadata) == expected


@pytest.mark.parametrize("revision", BEFORE_HEAD)
def test_a_downgrade_to_each_revision_keeps_the_rows_it_can_hold(empty_engine, revision):
    db.migrate(empty_engine, revision)
    schema = _reflect(empty_engine)
    db.migrate(empty_engine)
    _insert(empty_engine, Base.metadata, _held(HEAD_ROWS, Base.metadata, may_drop=False))

    db.downgrade(empty_engine, revision)

    assert _schema_differences(empty_engine, schema) == []
    assert _read(empty_engine, schema) == _rows_at(revision, schema)
