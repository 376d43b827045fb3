"""The patients' logs: their entries, written and read, and summed by day.

Every query takes the patient it is about: there is no query over everybody's entries that a
page could misuse. Rows become ``Entry`` objects here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import case, delete, func, insert, literal, select, union_all
from sqlalchemy.orm import Session

from tracker.domain import DailySums, Entry, Exercise, Kind, NotFound
from tracker.store.daily_sums import Spans, daily_sums_of, edge_days, first_lift_days
from tracker.store.kind_tables import KIND_TABLES
from tracker.store.schema import DoseRow, EntryColumns, ExerciseRow, StrengthRow

TAG_SEPARATOR = "+"
"""Between a pain's tags in their one column."""


def _extra(entry: Entry) -> str:
    """The text of a dose's site or a pain's tags column."""
    return TAG_SEPARATOR.join(entry.tags) if entry.kind is Kind.PAIN else entry.site


def _from_extra(kind: Kind, row) -> dict:
    if kind is Kind.DOSE:
        return {"site": row.site}
    if kind is Kind.PAIN:
        return {"tags": tuple(tag for tag in row.tags.split(TAG_SEPARATOR) if tag)}
    return {}


KIND_ORDER = {kind: index for index, kind in enumerate(Kind)}
KINDS_IN_ORDER = list(Kind)


def entry_sort_key(entry: Entry) -> tuple:
    """Day, then time (untimed first), then kind, then the order entries were made."""
    return (
        entry.day,
        entry.time is not None,
        entry.time or dt.time.min,
        KIND_ORDER[entry.kind],
        entry.id or 0,
    )


class EntryRepository:
    """One patient's entries at a time (``daily_sums_of`` and ``last_days``: many patients')."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # --- writing ------------------------------------------------------------------------

    @staticmethod
    def _values(user_id: int, entry: Entry, **extra) -> dict:
        spec = KIND_TABLES[entry.kind]
        values = {
            **extra,
            "user_id": user_id,
            "day": entry.day,
            "time": entry.time,
            "note": entry.note,
            spec.value: spec.stored(entry.value),
        }
        if spec.label:
            values[spec.label] = entry.label
        if spec.extra:
            values[spec.extra] = _extra(entry)
        return values

    def add_many(self, user_id: int, entries: Sequence[Entry], import_id: int | None = None) -> int:
        """Insert ``entries`` in their order (a bulk insert per kind); returns how many.

        ``import_id`` marks them as brought in by that import (for undo)."""
        by_kind: dict[Kind, list[Entry]] = defaultdict(list)
        for entry in entries:
            by_kind[entry.kind].append(entry)
        now = dt.datetime.now(dt.UTC)
        for kind, items in by_kind.items():
            spec = KIND_TABLES[kind]
            if kind is Kind.STRENGTH:
                rows = [
                    self._values(user_id, entry, created_at=now, import_id=import_id)
                    for entry in items
                ]
                self._add_sessions(spec.table, rows, items)
                continue
            columns = ["user_id", "day", "time", "note", "created_at", "import_id", spec.value]
            if spec.label:
                columns.append(spec.label)
            if spec.extra:
                columns.append(spec.extra)
            rows = [
                (
                    user_id,
                    e.day,
                    e.time,
                    e.note,
                    now,
                    import_id,
                    spec.stored(e.value),
                    e.label,
                    _extra(e),
                )[: len(columns)]
                for e in items
            ]
            self._bulk_insert(spec.table, columns, rows)
        return len(entries)

    def _bulk_insert(self, table, columns: list[str], rows: list[tuple]) -> None:
        """Insert many rows in this transaction; PostgreSQL's COPY is several times faster."""
        connection = self.session.connection()
        if connection.dialect.name != "postgresql":
            self.session.execute(
                insert(table), [dict(zip(columns, row, strict=True)) for row in rows]
            )
            return
        names = ", ".join(f'"{name}"' for name in columns)
        cursor = connection.connection.driver_connection.cursor()
        with cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)

    def _add_sessions(self, table, rows: list[dict], sessions: list[Entry]) -> None:
        ids = self.session.scalars(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
        ).all()
        columns = ["session_id", "position", "name", "sets", "reps", "load_kg"]
        exercises = [
            (session_id, position, item.name, item.sets, item.reps, item.load_kg)
            for session_id, session in zip(ids, sessions, strict=True)
            for position, item in enumerate(session.exercises)
        ]
        if exercises:
            self._bulk_insert(ExerciseRow.__table__, columns, exercises)

    def add(self, user_id: int, entry: Entry) -> Entry:
        row = KIND_TABLES[entry.kind].row(**self._values(user_id, entry))
        self.session.add(row)
        self.session.flush()
        self._replace_exercises(row.id, entry)
        return self._entry(entry.kind, row, entry.exercises)

    def _replace_exercises(self, session_id: int, entry: Entry) -> None:
        if entry.kind is not Kind.STRENGTH:
            return
        self.session.execute(delete(ExerciseRow).where(ExerciseRow.session_id == session_id))
        for position, item in enumerate(entry.exercises):
            self.session.add(
                ExerciseRow(
                    session_id=session_id,
                    position=position,
                    name=item.name,
                    sets=item.sets,
                    reps=item.reps,
                    load_kg=item.load_kg,
                )
            )
        self.session.flush()

    def _owned_row(self, user_id: int, kind: Kind, entry_id: int) -> EntryColumns:
        row_class = KIND_TABLES[kind].row
        row = self.session.scalars(
            select(row_class).where(row_class.id == entry_id, row_class.user_id == user_id)
        ).one_or_none()
        if row is None:
            raise NotFound(f"There is no {kind.value} entry {entry_id} in your log.")
        return row

    def replace(self, user_id: int, entry: Entry) -> Entry:
        """Overwrite the stored entry with ``entry.id`` by ``entry`` (same kind)."""
        row = self._owned_row(user_id, entry.kind, entry.id)
        for name, value in self._values(user_id, entry).items():
            setattr(row, name, value)
        self.session.flush()
        self._replace_exercises(row.id, entry)
        return self._entry(entry.kind, row, entry.exercises)

    def delete(self, user_id: int, kind: Kind, entry_id: int) -> None:
        row = self._owned_row(user_id, kind, entry_id)
        self.session.delete(row)
        self.session.flush()

    # --- reading ------------------------------------------------------------------------

    @staticmethod
    def _entry(kind: Kind, row, exercises: Iterable[Exercise] = ()) -> Entry:
        spec = KIND_TABLES[kind]
        return Entry(
            kind=kind,
            day=row.day,
            value=getattr(row, spec.value),
            time=row.time,
            label=getattr(row, spec.label) if spec.label else "",
            note=row.note,
            exercises=tuple(exercises),
            id=row.id,
            **_from_extra(kind, row),
        )

    def get(self, user_id: int, kind: Kind, entry_id: int) -> Entry:
        row = self._owned_row(user_id, kind, entry_id)
        return self._entry(kind, row, self._exercises(user_id, [row.id]).get(row.id, ()))

    def _exercises(
        self,
        user_id: int,
        session_ids: list[int] | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> dict[int, list[Exercise]]:
        """Exercises by session id, of the given sessions or of the sessions in a date range."""
        query = (
            select(ExerciseRow)
            .join(StrengthRow, StrengthRow.id == ExerciseRow.session_id)
            .where(StrengthRow.user_id == user_id)
            .order_by(ExerciseRow.session_id, ExerciseRow.position)
        )
        if session_ids is not None:
            query = query.where(ExerciseRow.session_id.in_(session_ids))
        if start is not None:
            query = query.where(StrengthRow.day >= start)
        if end is not None:
            query = query.where(StrengthRow.day <= end)
        result: dict[int, list[Exercise]] = defaultdict(list)
        for row in self.session.scalars(query):
            result[row.session_id].append(Exercise(row.name, row.sets, row.reps, row.load_kg))
        return result

    def list(
        self,
        user_id: int,
        start: dt.date | None = None,
        end: dt.date | None = None,
        kinds: Iterable[Kind] | None = None,
    ) -> list[Entry]:
        """The patient's entries from ``start`` to ``end`` (both included), in log order."""
        entries: list[Entry] = []
        for kind in kinds or Kind:
            row_class = KIND_TABLES[kind].row
            query = select(row_class).where(row_class.user_id == user_id)
            if start is not None:
                query = query.where(row_class.day >= start)
            if end is not None:
                query = query.where(row_class.day <= end)
            rows = self.session.scalars(query).all()
            exercises = (
                self._exercises(user_id, start=start, end=end)
                if kind is Kind.STRENGTH and rows
                else {}
            )
            entries.extend(self._entry(kind, row, exercises.get(row.id, ())) for row in rows)
        entries.sort(key=entry_sort_key)
        return entries

    def newest_page(
        self,
        user_id: int,
        start: dt.date,
        end: dt.date,
        kinds: Iterable[Kind] | None,
        offset: int,
        limit: int,
    ) -> tuple[list[Entry], int]:
        """One page of the patient's entries from ``start`` to ``end``, newest first (the
        reverse of log order), and how many there are in all: the database sorts and counts
        across the kinds' tables, so a page costs the same in a log of years."""
        chosen = list(kinds or Kind)
        parts = []
        for kind in chosen:
            row_class = KIND_TABLES[kind].row
            parts.append(
                select(
                    literal(KIND_ORDER[kind]).label("kind"),
                    row_class.id.label("id"),
                    row_class.day.label("day"),
                    row_class.time.label("time"),
                ).where(row_class.user_id == user_id, row_class.day >= start, row_class.day <= end)
            )
        every = union_all(*parts).subquery()
        total = self.session.scalar(select(func.count()).select_from(every)) or 0
        untimed_last = case((every.c.time.is_(None), 0), else_=1)
        picked = self.session.execute(
            select(every.c.kind, every.c.id)
            .order_by(
                every.c.day.desc(),
                untimed_last.desc(),
                every.c.time.desc(),
                every.c.kind.desc(),
                every.c.id.desc(),
            )
            .offset(offset)
            .limit(limit)
        ).all()
        ids: dict[Kind, list[int]] = defaultdict(list)
        for kind_index, entry_id in picked:
            ids[KINDS_IN_ORDER[kind_index]].append(entry_id)
        entries: list[Entry] = []
        for kind, kind_ids in ids.items():
            row_class = KIND_TABLES[kind].row
            query = select(row_class).where(
                row_class.user_id == user_id, row_class.id.in_(kind_ids)
            )
            rows = self.session.scalars(query).all()
            exercises = self._exercises(user_id, kind_ids) if kind is Kind.STRENGTH else {}
            entries.extend(self._entry(kind, row, exercises.get(row.id, ())) for row in rows)
        entries.sort(key=entry_sort_key, reverse=True)
        return entries, total

    def keys(self, user_id: int, kinds: Iterable[Kind], start: dt.date, end: dt.date) -> set[tuple]:
        """(kind, day, time, value, label) of the patient's entries of ``kinds`` from ``start``
        to ``end``: what an import compares with to leave out what is already there."""
        found: set[tuple] = set()
        for kind in kinds:
            spec = KIND_TABLES[kind]
            value = getattr(spec.row, spec.value)
            label = getattr(spec.row, spec.label) if spec.label else literal("")
            query = select(spec.row.day, spec.row.time, value, label).where(
                spec.row.user_id == user_id, spec.row.day >= start, spec.row.day <= end
            )
            found |= {(kind, *row) for row in self.session.execute(query)}
        return found

    def delete_imported(self, user_id: int, import_id: int) -> int:
        """Remove every entry the import brought in; returns how many."""
        removed = 0
        for spec in KIND_TABLES.values():
            result = self.session.execute(
                delete(spec.row).where(spec.row.user_id == user_id, spec.row.import_id == import_id)
            )
            removed += result.rowcount
        return removed

    def first_day(self, user_id: int) -> dt.date | None:
        """The first day the patient logged anything."""
        return edge_days(self.session, [user_id], first=True).get(user_id)

    def last_days(self, user_ids: list[int]) -> dict[int, dt.date]:
        """The last day each patient logged anything (absent: never)."""
        return edge_days(self.session, user_ids, first=False)

    def first_dose_days(
        self, user_ids: list[int], until: dt.date | None = None
    ) -> dict[int, dt.date]:
        """The day of each patient's first dose (absent: none yet)."""
        return edge_days(self.session, user_ids, True, [DoseRow], until)

    def last_dose(self, user_id: int, before: dt.date | None = None) -> Entry | None:
        query = select(DoseRow).where(DoseRow.user_id == user_id)
        if before is not None:
            query = query.where(DoseRow.day <= before)
        row = self.session.scalars(
            query.order_by(
                DoseRow.day.desc(), DoseRow.time.desc().nulls_last(), DoseRow.id.desc()
            ).limit(1)
        ).one_or_none()
        return self._entry(Kind.DOSE, row) if row else None

    # --- summed by day ----------------------------------------------------------------------

    def daily_sums(
        self, user_id: int, until: dt.date | None = None, since: dt.date | None = None
    ) -> DailySums:
        """The patient's log summed by day in the database, up to ``until`` if given.

        ``since`` leaves out the protein, water, activity, strength sessions, side effects and
        pain before that day: for views of the last days only (today's totals, the caseload).
        Weigh-ins, doses, body composition, function tests and red flags are always whole (the
        trend, the start of the medicine, the lean share, the first test and open red flags
        need them), and ``last_session_day`` still tells whether the patient ever trained.
        The sessions' exercises (``lifts``) are then read only within ``lift_spans``.
        """
        return self.daily_sums_of([user_id], until, since)[user_id]

    def daily_sums_of(
        self,
        user_ids: list[int],
        until: dt.date | None = None,
        since: dt.date | None = None,
        lift_spans: Spans | None = None,
    ) -> dict[int, DailySums]:
        """``daily_sums`` of many patients at once, in a fixed number of queries (one more for
        each hundred patients' ``lift_spans``)."""
        return daily_sums_of(self.session, user_ids, until, since, lift_spans)

    def first_lift_days(
        self, user_ids: list[int], until: dt.date | None = None
    ) -> dict[int, dict[str, dt.date]]:
        """By patient, the first day each exercise was logged measurably (``first_lift_days``
        of ``tracker.store.daily_sums``)."""
        return first_lift_days(self.session, user_ids, until)
