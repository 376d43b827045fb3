"""Alembic environment: migrations run on the connection that tracker.store.db hands over."""

from alembic import context
from sqlalchemy import create_engine

from tracker.store.db import database_url
from tracker.store.schema import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
        return
    # Started from the alembic command line: use the configured database.
    engine = create_engine(database_url())
    with engine.begin() as own_connection:
        _run_on(own_connection)


def _run_on(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
