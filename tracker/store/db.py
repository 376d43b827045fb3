"""Engines and schema migrations for SQLite (embedded default) and PostgreSQL (a clinic server).

``TRACKER_DATABASE_URL`` selects the database; the default is ``data/tracker.db`` beside the
code. SQLite runs in WAL mode with foreign keys on; write transactions take the write lock when
they begin (``BEGIN IMMEDIATE``) so that concurrent writers queue on the busy timeout instead of
failing half-way through.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, func, insert, select, text
from sqlalchemy.engine import make_url

from tracker import config
from tracker.store.schema import Base

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_S = 30
WRITE = {"tracker_write": True}
"""Execution option marking a unit of work that writes (SQLite: begin with the write lock)."""


def database_url() -> str:
    return config.database_url()


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database)
    # hide_parameters: an error's message (and so a log line) never carries the values of a
    # statement, which are patients' entries and notes.
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def _sqlite_engine(url: str, path: str | None) -> Engine:
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S}, hide_parameters=True
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when a transaction begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get("tracker_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def aware(moment: dt.datetime) -> dt.datetime:
    """A stored moment in UTC: SQLite hands back naive UTC datetimes, PostgreSQL aware ones."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision``; a database already there is left untouched."""
    if revision == "head" and current_revision(engine) == head_revision():
        return
    with _migrating(engine) as connection:
        command.upgrade(_alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str) -> None:
    with _migrating(engine) as connection:
        command.downgrade(_alembic_config(connection), revision)


@contextmanager
def _migrating(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction for a migration. On SQLite, with foreign keys off: a
    batch migration rebuilds a table (copy, drop, rename), and dropping the old table with
    them on would delete its rows' children through ON DELETE CASCADE. Whether every key
    still holds is checked before the commit."""
    with engine.connect() as connection:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:  # a pragma that is ignored inside a transaction: set before it begins
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                yield connection
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:  # also rows that were orphaned before: the upgrade waits for a fix
                        raise RuntimeError(
                            f"rows whose foreign key points nowhere (table, row, parent): "
                            f"{broken[:5]}; the schema was left as it was"
                        )
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


# --- whole tables, for backup and restore ----------------------------------------------------


def snapshot(engine: Engine) -> Connection:
    """A connection whose reads all see one consistent state of the database."""
    connection = engine.connect()
    if engine.dialect.name == "postgresql":
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
    return connection


def tables_in_order() -> list[str]:
    """Table names with every referenced table before the tables that refer to it."""
    return [table.name for table in Base.metadata.sorted_tables]


def dump_table(connection: Connection, name: str) -> Iterator[dict]:
    table = Base.metadata.tables[name]
    result = connection.execute(select(table).order_by(*table.primary_key))
    yield from (dict(row) for row in result.mappings())


def load_table(connection: Connection, name: str, rows: list[dict]) -> None:
    if rows:
        connection.execute(insert(Base.metadata.tables[name]), rows)


def table_counts(connection: Connection) -> dict[str, int]:
    return {
        name: connection.execute(
            select(func.count()).select_from(Base.metadata.tables[name])
        ).scalar_one()
        for name in tables_in_order()
    }


def reset_sequences(connection: Connection) -> None:
    """After rows were inserted with their ids, let PostgreSQL hand out the next free ones."""
    if connection.dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        for column in table.primary_key.columns:
            if column is table.autoincrement_column:
                # Names from our own schema: no input reaches this SQL.
                sequence = f"pg_get_serial_sequence('{table.name}', '{column.name}')"
                highest = f"SELECT MAX({column.name}) FROM {table.name}"  # noqa: S608
                connection.execute(
                    text(f"SELECT setval({sequence}, COALESCE(({highest}), 0) + 1, false)")
                )
