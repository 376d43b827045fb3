"""Whole-database backup and restore, portable between SQLite and PostgreSQL.

A backup is gzip-compressed JSON: a header naming the format and the schema revision, then each
table's columns and rows, parents before children. Restore goes into an empty database at the
same schema revision, in one transaction, keeping every id, so that a clinic can also move from
the embedded SQLite file to a PostgreSQL server with it.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Engine, Time

from tracker.domain import TrackerError
from tracker.store import db
from tracker.store.schema import Base

FORMAT = "glp1-tracker-backup"
FORMAT_VERSION = 1
NOT_BACKED_UP = frozenset({"web_sessions", "submissions"})
"""Signed-in browsers (a restored database starts with everyone signed out) and the keys of
recent form submissions (kept only to make a retried submit write once)."""


class BackupError(TrackerError):
    pass


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:  # SQLite hands back naive UTC
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def _decoder(column_type) -> Any:
    if isinstance(column_type, DateTime):
        return dt.datetime.fromisoformat
    if isinstance(column_type, Date):
        return dt.date.fromisoformat
    if isinstance(column_type, Time):
        return dt.time.fromisoformat
    if isinstance(column_type, Boolean):
        return bool
    return None


def write(engine: Engine, path: Path) -> dict[str, int]:
    """Write the whole database to ``path``; returns the row count of each table."""
    counts: dict[str, int] = {}
    tables: dict[str, dict] = {}
    revision = db.current_revision(engine)
    with db.snapshot(engine) as connection:
        for name in db.tables_in_order():
            if name in NOT_BACKED_UP:
                continue
            columns = [column.name for column in Base.metadata.tables[name].columns]
            rows = [[_encode(row[c]) for c in columns] for row in db.dump_table(connection, name)]
            tables[name] = {"columns": columns, "rows": rows}
            counts[name] = len(rows)
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_revision": revision,
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "tables": tables,
    }
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(document, handle, separators=(",", ":"))
    return counts


def _read(path: Path) -> dict:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BackupError(f"{path} is not a tracker backup ({error}).") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(f"{path} is not a tracker backup.")
    if document.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{path} is a backup of format {document.get('format_version')};"
            f" this version reads format {FORMAT_VERSION}."
        )
    return document


def restore(engine: Engine, path: Path) -> dict[str, int]:
    """Load a backup into an empty database; all of it or, on any error, none of it."""
    document = _read(path)
    db.migrate(engine)
    head = db.head_revision()
    if document["schema_revision"] != head:
        raise BackupError(
            f"The backup is of schema revision {document['schema_revision']}, this database is at"
            f" {head}. Restore it with the version of the app that made it, then upgrade."
        )
    counts: dict[str, int] = {}
    with engine.begin() as connection:
        existing = db.table_counts(connection)
        if any(existing.values()):
            busy = ", ".join(f"{name} ({n})" for name, n in existing.items() if n)
            raise BackupError(f"Restore needs an empty database; this one has rows in {busy}.")
        for name in db.tables_in_order():
            table = Base.metadata.tables[name]
            stored = document["tables"].get(name, {"columns": [], "rows": []})
            unknown = set(stored["columns"]) - set(table.columns.keys())
            if unknown:
                raise BackupError(
                    f"The backup's table {name} has unknown columns {sorted(unknown)}."
                )
            decoders = [_decoder(table.columns[c].type) for c in stored["columns"]]
            rows = [
                {
                    column: (decode(value) if decode and value is not None else value)
                    for column, decode, value in zip(stored["columns"], decoders, row, strict=True)
                }
                for row in stored["rows"]
            ]
            db.load_table(connection, name, rows)
            counts[name] = len(rows)
        db.reset_sequences(connection)
    return counts
