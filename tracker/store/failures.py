"""Failed attempts at a password or a share code, counted to slow down whoever is guessing."""

from __future__ import annotations

import datetime as dt
import hashlib
from enum import StrEnum

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from tracker.store import db
from tracker.store.schema import FailedAttemptRow


class FailureKind(StrEnum):
    """What a failed attempt, counted against guessing, was."""

    SIGN_IN = "sign_in"
    SHARE_CODE = "share_code"


_LOCK_KEYS = {
    kind: int.from_bytes(hashlib.sha256(f"tracker.{kind}".encode()).digest()[:8], signed=True)
    for kind in FailureKind
}
"""PostgreSQL advisory lock keys (64-bit), one per kind of failure, stable across processes."""


class FailureRepository:
    """Failed sign-ins and share codes: who (an email, an account), from where and when."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def lock(self, kind: FailureKind) -> None:
        """Until this transaction ends, be the only one counting and adding failures of
        ``kind``, so that parallel attempts cannot all pass the count before any is added.
        (A SQLite write transaction holds the database's write lock already.)"""
        if self.session.connection().dialect.name == "postgresql":
            self.session.execute(select(func.pg_advisory_xact_lock(_LOCK_KEYS[kind])))

    def add(
        self,
        email: str,
        client: str,
        kind: FailureKind = FailureKind.SIGN_IN,
        actor_id: int | None = None,
        at: dt.datetime | None = None,
    ) -> None:
        self.session.add(
            FailedAttemptRow(
                kind=kind.value,
                email=email,
                actor_id=actor_id,
                client=client,
                at=at or dt.datetime.now(dt.UTC),
            )
        )
        self.session.flush()

    def since(
        self,
        since: dt.datetime,
        email: str | None = None,
        client: str | None = None,
        kind: FailureKind = FailureKind.SIGN_IN,
        actor_id: int | None = None,
    ) -> list[dt.datetime]:
        """When the failures of ``kind`` since ``since`` of an email (or of a client, or of an
        account) happened, oldest first."""
        query = select(FailedAttemptRow.at).where(
            FailedAttemptRow.kind == kind.value, FailedAttemptRow.at >= since
        )
        if email is not None:
            query = query.where(FailedAttemptRow.email == email)
        if client is not None:
            query = query.where(FailedAttemptRow.client == client)
        if actor_id is not None:
            query = query.where(FailedAttemptRow.actor_id == actor_id)
        return [db.aware(at) for at in self.session.scalars(query.order_by(FailedAttemptRow.at))]

    def clear(self, email: str, before: dt.datetime) -> None:
        """After a good sign-in: that email's failed sign-ins, and everybody's from before
        ``before``. Failed share codes stay, as the audit of who guessed at codes."""
        self.session.execute(
            delete(FailedAttemptRow).where(
                FailedAttemptRow.kind == FailureKind.SIGN_IN.value,
                (FailedAttemptRow.email == email) | (FailedAttemptRow.at < before),
            )
        )

    def of_email(self, email: str) -> list[tuple[str, dt.datetime]]:
        """The failed sign-ins typed with ``email`` that are still kept: (kind, when)."""
        rows = self.session.execute(
            select(FailedAttemptRow.kind, FailedAttemptRow.at)
            .where(FailedAttemptRow.email == email)
            .order_by(FailedAttemptRow.at)
        )
        return [(kind, at) for kind, at in rows]
