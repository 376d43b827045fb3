"""The keys of saved form submissions, so that a form sent twice is saved once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tracker.domain import Conflict
from tracker.store.schema import SubmissionRow


class SubmissionRepository:
    """The keys of saved form submissions (see ``SubmissionRow``)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def seen(self, patient_id: int, key: str) -> bool:
        found = select(SubmissionRow.key).where(
            SubmissionRow.patient_id == patient_id, SubmissionRow.key == key
        )
        return self.session.scalar(found) is not None

    def add(self, patient_id: int, key: str, now: dt.datetime) -> None:
        self.session.add(SubmissionRow(patient_id=patient_id, key=key, at=now))
        try:
            self.session.flush()
        except IntegrityError as error:  # the same submission, saved a moment ago
            raise Conflict("This was saved a moment ago.") from error

    def prune(self, before: dt.datetime) -> None:
        self.session.execute(delete(SubmissionRow).where(SubmissionRow.at < before))
