"""The restore drill the README's backup schedule asks a clinic to run: `pg_dump -Fc` of a live
database, `pg_restore` into a new one, and the app reads the same patients, entries and
findings from it. Run here on a small database (the demo) on every test run."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import uuid

import pytest
from sqlalchemy import create_engine, make_url, text

from tracker.services import assessment, demo
from tracker.services.access import Actor
from tracker.store import db

TODAY = dt.date.today()

pytestmark = pytest.mark.skipif(
    shutil.which("pg_dump") is None or shutil.which("pg_restore") is None,
    reason="pg_dump and pg_restore (Debian's postgresql-client) are not installed",
)


def libpq(url: str) -> str:
    """The URL as pg_dump reads it: without SQLAlchemy's driver name."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_dump_restores_into_a_new_database_that_reads_the_same(engine, database_url, tmp_path):
    maria = demo.seed(engine, TODAY)[0]
    dump = tmp_path / "tracker.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", libpq(database_url)],
        check=True,
        capture_output=True,
    )
    name = f"restore_drill_{uuid.uuid4().hex[:8]}"
    server = make_url(database_url)
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    restored_url = server.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    restored = db.make_engine(restored_url)
    try:
        subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                f"--dbname={libpq(restored_url)}",
                dump,
            ],
            check=True,
            capture_output=True,
        )
        assert db.current_revision(restored) == db.head_revision()
        with engine.connect() as live, restored.connect() as copy:
            assert db.table_counts(copy) == db.table_counts(live)
        admin_actor = Actor.system()
        assert assessment.assess(restored, admin_actor, maria.id, TODAY) == assessment.assess(
            engine, admin_actor, maria.id, TODAY
        )
        # New rows in the restored database get fresh ids: the sequences came along.
        demo.seed(restored, TODAY)
    finally:
        restored.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
