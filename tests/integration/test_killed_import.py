"""An app process killed (SIGKILL: no cleanup, no rollback of its own) in the middle of a large
import leaves no part of it: the import is one transaction, and a transaction whose process
dies is never committed, on SQLite (the journal is rolled back by the next connection) and on
PostgreSQL (the server aborts the dead backend's transaction)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from tracker.domain import Role
from tracker.imports.base import Source
from tracker.services import accounts, imports, logbook
from tracker.services.access import Actor

ROOT = Path(__file__).resolve().parents[2]
ROWS = 20_000
WRITING = "writing"

CHILD = textwrap.dedent(
    """
    import sys
    import time
    from tracker.imports.base import Source
    from tracker.services import imports
    from tracker.services.access import Actor
    from tracker.store import db
    from tracker.store.entries import EntryRepository

    url, patient_id, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    insert_rows = EntryRepository._bulk_insert

    def insert_then_wait(self, table, columns, rows):
        insert_rows(self, table, columns, rows)
        if table.name == "water_entries":  # written, not committed: say so, wait to be killed
            print("writing", flush=True)
            time.sleep(60)

    EntryRepository._bulk_insert = insert_then_wait
    engine = db.make_engine(url)
    imports.run_import(engine, Actor.system(), patient_id, Source.from_path(path))
    print("finished", flush=True)
    """
)


def big_csv(path: Path) -> Path:
    today = dt.date.today()
    lines = ["date,time,kind,value,unit,label,note"]
    lines += [f"{today - dt.timedelta(days=n % 3000)},08:00,water,250,ml,," for n in range(ROWS)]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_process_killed_during_an_import_leaves_nothing_of_it(engine, database_url, tmp_path):
    patient = accounts.create_user(
        engine, "ana@example.com", "a long enough password", Role.PATIENT
    )
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            CHILD,
            database_url,
            str(patient.id),
            str(big_csv(tmp_path / "w.csv")),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == WRITING
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    engine.dispose()  # as a fresh process would: no connection from before the kill
    me = Actor.system()
    assert logbook.list_entries(engine, me, patient.id) == []
    assert imports.imports(engine, me, patient.id) == []
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
    # The same file imports whole afterwards.
    _, record = imports.run_import(engine, me, patient.id, Source.from_path(tmp_path / "w.csv"))
    assert record.total == len(logbook.list_entries(engine, me, patient.id)) > 0
