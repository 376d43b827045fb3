"""The record of each file imported into a log, kept so that an import can be undone."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tracker.domain import ImportRecord, NotFound
from tracker.store.schema import ImportRow


def _import(row: ImportRow) -> ImportRecord:
    return ImportRecord(
        row.id,
        row.file_name,
        row.format,
        json.loads(row.counts),
        row.first_day,
        row.last_day,
        row.created_at,
        row.undone_at,
    )


class ImportRepository:
    """The imports of a patient's files; the entries themselves are in ``EntryRepository``."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, user_id: int, file_name: str, format: str) -> int:
        row = ImportRow(user_id=user_id, file_name=file_name[:255], format=format, counts="{}")
        self.session.add(row)
        self.session.flush()
        return row.id

    def finish(
        self,
        import_id: int,
        counts: dict[str, int],
        first_day: dt.date | None,
        last_day: dt.date | None,
    ) -> ImportRecord:
        row = self.session.get(ImportRow, import_id)
        row.counts = json.dumps(counts)
        row.first_day, row.last_day = first_day, last_day
        self.session.flush()
        return _import(row)

    def of(self, user_id: int) -> list[ImportRecord]:
        rows = self.session.scalars(
            select(ImportRow)
            .where(ImportRow.user_id == user_id)
            .order_by(ImportRow.created_at.desc(), ImportRow.id.desc())
        )
        return [_import(row) for row in rows]

    def get(self, user_id: int, import_id: int) -> ImportRecord:
        row = self.session.scalars(
            select(ImportRow).where(ImportRow.id == import_id, ImportRow.user_id == user_id)
        ).one_or_none()
        if row is None:
            raise NotFound("There is no such import.")
        return _import(row)

    def mark_undone(self, import_id: int) -> None:
        self.session.execute(
            update(ImportRow)
            .where(ImportRow.id == import_id)
            .values(undone_at=dt.datetime.now(dt.UTC))
        )
