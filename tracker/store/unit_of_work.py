"""One transaction over the repositories, and the database's errors told as the domain's.

The services reach the data only through a ``UnitOfWork``: what it did is committed together,
or not at all. Each repository speaks in domain objects; rows never leave the store.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session

from tracker.domain import Conflict, StorageFull, StorageUnavailable
from tracker.store import db
from tracker.store.care import CareRepository
from tracker.store.entries import EntryRepository
from tracker.store.failures import FailureRepository
from tracker.store.imports import ImportRepository
from tracker.store.submissions import SubmissionRepository
from tracker.store.users import UserRepository

SQLITE_FULL = 13
"""SQLite's result code for "database or disk is full" (a full disk, or ``max_page_count``)."""
PG_DISK_FULL = "53100"
"""PostgreSQL's SQLSTATE ``disk_full``."""


def _disk_full(error: DBAPIError) -> bool:
    cause = error.orig
    return (
        getattr(cause, "sqlite_errorcode", None) == SQLITE_FULL
        or getattr(cause, "sqlstate", None) == PG_DISK_FULL
    )


def _unreachable(error: DBAPIError) -> bool:
    """Whether ``error`` says the database could not be reached or the connection was lost
    (rather than that a statement was wrong)."""
    return error.connection_invalidated or isinstance(error, OperationalError | InterfaceError)


class UnitOfWork:
    """One transaction over the repositories; commit explicitly, else it rolls back.

    A full disk ends the unit with ``StorageFull``, and a lost connection or an unreachable
    database with ``StorageUnavailable``
    (a sentence for people; the original error is its cause, for the log). The pool checks a
    connection before handing it out (``pool_pre_ping``), so the next unit starts afresh. Two
    saves of the same thing at once end in ``Conflict`` at the commit.
    """

    def __init__(self, engine: Engine, write: bool = False) -> None:
        self.write = write
        if write:
            self.engine = engine.execution_options(**db.WRITE)
        elif engine.dialect.name == "postgresql":
            # One snapshot for the whole read, as SQLite's transaction gives: a page's count
            # and rows, or its parts, never straddle another's commit.
            self.engine = engine.execution_options(isolation_level="REPEATABLE READ")
        else:
            self.engine = engine

    def __enter__(self) -> UnitOfWork:
        self.session = Session(bind=self.engine, expire_on_commit=False)
        self.users = UserRepository(self.session)
        self.entries = EntryRepository(self.session)
        self.care = CareRepository(self.session)
        self.failures = FailureRepository(self.session)
        self.imports = ImportRepository(self.session)
        self.submissions = SubmissionRepository(self.session)
        return self

    def __exit__(self, kind, error, traceback) -> None:
        try:
            self.session.rollback()
            self.session.close()
        except DBAPIError:  # the connection is gone: nothing is left to roll back
            self.session.invalidate()
        if isinstance(error, DBAPIError) and _disk_full(error):
            raise StorageFull() from error
        if isinstance(error, DBAPIError) and _unreachable(error):
            raise StorageUnavailable.of(self.write) from error

    def commit(self) -> None:
        try:
            self.session.commit()
        except IntegrityError as error:
            self.session.rollback()
            raise Conflict("Someone else saved the same thing at the same moment.") from error
