"""The benchmarks' databases: a throwaway SQLite file, and a throwaway PostgreSQL database."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from tracker.store import db

POSTGRES_URL_ENV = "TRACKER_BENCH_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@contextmanager
def sqlite_engine(prefix: str) -> Iterator[Engine]:
    with tempfile.TemporaryDirectory(prefix=prefix) as directory:
        engine = db.make_engine("sqlite:///" + str(Path(directory) / "bench.db"))
        try:
            yield engine
        finally:
            engine.dispose()


@contextmanager
def postgres_engine(admin: Engine, name: str) -> Iterator[Engine]:
    """A fresh database ``name`` on the server of ``admin``, dropped afterwards."""
    drop = text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    with admin.connect() as connection:
        connection.execute(drop)
        connection.execute(text(f"CREATE DATABASE {name}"))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    engine = db.make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(drop)


def postgres_admin() -> tuple[Engine | None, str]:
    """An AUTOCOMMIT engine on the PostgreSQL server and its version; or None and why not."""
    url = make_url(os.environ.get(POSTGRES_URL_ENV) or DEFAULT_POSTGRES_URL)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            version = connection.execute(text("SHOW server_version")).scalar_one()
    except SQLAlchemyError as error:
        admin.dispose()
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        shown = url.render_as_string(hide_password=True)
        return None, f"cannot connect to {shown} ({reason}); set {POSTGRES_URL_ENV}"
    return admin, version.split()[0]
