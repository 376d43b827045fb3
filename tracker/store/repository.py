"""All SQL of the tracker, behind repositories that speak in domain objects.

Every entry query takes the patient it is about: there is no query over everybody's entries
that a page could misuse. Rows become domain objects here and nowhere else. ``UnitOfWork`` is
one transaction: what it did is committed together, or not at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Engine, delete, func, insert, literal, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, aliased

from tracker.domain import (
    AuditEvent,
    Conflict,
    Entry,
    Exercise,
    Focus,
    Kind,
    Medicine,
    Method,
    Note,
    NotFound,
    PlanItem,
    Profile,
    ProteinBasis,
    RedFlagReport,
    Role,
    Sex,
    Share,
    ShareStatus,
    StorageUnavailable,
    User,
)
from tracker.rules.exercises import works_glutes
from tracker.rules.history import DoseTaken, History, RedFlagAnswer, SessionDay
from tracker.store import db
from tracker.store.schema import (
    ActivityRow,
    AuditRow,
    BodyFatRow,
    DoseRow,
    EntryColumns,
    ExerciseRow,
    FailedAttemptRow,
    HipRow,
    ImportRow,
    LeanMassRow,
    NoteRow,
    PainRow,
    PlanItemRow,
    PlanTickRow,
    ProfileRow,
    ProteinRow,
    RedFlagRow,
    ShareCodeRow,
    ShareRow,
    SideEffectRow,
    StrengthRow,
    SubmissionRow,
    TargetOverrideRow,
    UserRow,
    WaistRow,
    WaterRow,
    WebSessionRow,
    WeightRow,
)
from tracker.units import WaterUnit, WeightUnit


@dataclass(frozen=True, slots=True)
class KindTable:
    """Where a kind of entry is stored: its row class, value column and label column, and
    the column of a dose's site or a pain's tags."""

    row: type[EntryColumns]
    value: str
    label: str | None = None
    extra: str | None = None
    whole: bool = False
    """The value column holds whole numbers (a grade, a score, a yes/no)."""

    def stored(self, value: float) -> float | int:
        return int(value) if self.whole else value

    @property
    def table(self):
        return self.row.__table__


KIND_TABLES: dict[Kind, KindTable] = {
    Kind.WEIGHT: KindTable(WeightRow, "weight_kg"),
    Kind.BODY_FAT: KindTable(BodyFatRow, "body_fat_pct", "method"),
    Kind.LEAN_MASS: KindTable(LeanMassRow, "lean_mass_kg", "method"),
    Kind.WAIST: KindTable(WaistRow, "waist_cm"),
    Kind.HIP: KindTable(HipRow, "hip_cm"),
    Kind.PROTEIN: KindTable(ProteinRow, "protein_g", "meal"),
    Kind.WATER: KindTable(WaterRow, "water_ml"),
    Kind.STRENGTH: KindTable(StrengthRow, "duration_min", "focus"),
    Kind.ACTIVITY: KindTable(ActivityRow, "duration_min", "activity_type"),
    Kind.DOSE: KindTable(DoseRow, "dose_mg", "medicine", "site"),
    Kind.SIDE_EFFECT: KindTable(SideEffectRow, "severity", "effect", whole=True),
    Kind.PAIN: KindTable(PainRow, "score", "location", "tags", whole=True),
    Kind.RED_FLAG: KindTable(RedFlagRow, "answer", "item", whole=True),
}
TAG_SEPARATOR = "+"


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
_MEDICINES = {medicine.value: medicine for medicine in Medicine}
_FOCUSES = {focus.value: focus for focus in Focus}
"""Enum lookups by value without Enum.__call__, which is slow on the bulk paths."""


def entry_sort_key(entry: Entry) -> tuple:
    """Day, then time (untimed first), then kind, then the order entries were made."""
    return (
        entry.day,
        entry.time is not None,
        entry.time or dt.time.min,
        KIND_ORDER[entry.kind],
        entry.id or 0,
    )


@dataclass(frozen=True, slots=True)
class TargetOverride:
    name: str
    value: float
    set_by_id: int | None
    set_by_name: str | None
    set_at: dt.datetime


def _user(row: UserRow) -> User:
    return User(
        id=row.id,
        email=row.email,
        display_name=row.display_name,
        role=Role(row.role),
        is_demo=row.is_demo,
        created_at=row.created_at,
    )


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self, email: str, display_name: str, password_hash: str, role: Role, is_demo: bool = False
    ) -> User:
        row = UserRow(
            email=email,
            display_name=display_name,
            password_hash=password_hash,
            role=role.value,
            is_demo=is_demo,
        )
        self.session.add(row)
        self.session.flush()
        self.session.add(ProfileRow(user_id=row.id))
        self.session.flush()
        return _user(row)

    def get(self, user_id: int) -> User | None:
        row = self.session.get(UserRow, user_id)
        return _user(row) if row else None

    def by_email(self, email: str) -> User | None:
        row = self.session.scalars(select(UserRow).where(UserRow.email == email)).one_or_none()
        return _user(row) if row else None

    def exists(self, email: str) -> bool:
        return self.session.scalar(select(UserRow.id).where(UserRow.email == email)) is not None

    def password_hash(self, user_id: int) -> str:
        return self.session.scalars(
            select(UserRow.password_hash).where(UserRow.id == user_id)
        ).one()

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        self.session.execute(
            update(UserRow).where(UserRow.id == user_id).values(password_hash=password_hash)
        )

    # --- signed-in browsers ----------------------------------------------------------------

    def add_web_session(self, token_sha256: str, user_id: int, now: dt.datetime) -> None:
        self.session.add(
            WebSessionRow(
                token_sha256=token_sha256, user_id=user_id, created_at=now, last_seen_at=now
            )
        )
        self.session.flush()

    def web_session_user(
        self, token_sha256: str, seen_since: dt.datetime | None = None
    ) -> User | None:
        """The user of a browser session (used since ``seen_since``, if given), or None."""
        query = (
            select(UserRow)
            .join(WebSessionRow, WebSessionRow.user_id == UserRow.id)
            .where(WebSessionRow.token_sha256 == token_sha256)
        )
        if seen_since is not None:
            query = query.where(WebSessionRow.last_seen_at >= seen_since)
        row = self.session.scalars(query).one_or_none()
        return _user(row) if row else None

    def touch_web_session(self, token_sha256: str, now: dt.datetime) -> None:
        self.session.execute(
            update(WebSessionRow)
            .where(WebSessionRow.token_sha256 == token_sha256)
            .values(last_seen_at=now)
        )

    def delete_web_session(self, token_sha256: str) -> None:
        self.session.execute(
            delete(WebSessionRow).where(WebSessionRow.token_sha256 == token_sha256)
        )

    def delete_web_sessions_of(self, user_id: int) -> None:
        self.session.execute(delete(WebSessionRow).where(WebSessionRow.user_id == user_id))

    def delete_idle_web_sessions(self, idle_before: dt.datetime) -> None:
        self.session.execute(delete(WebSessionRow).where(WebSessionRow.last_seen_at < idle_before))

    def demo_users(self) -> list[User]:
        rows = self.session.scalars(select(UserRow).where(UserRow.is_demo).order_by(UserRow.id))
        return [_user(row) for row in rows]

    def delete(self, user_id: int) -> None:
        """The user and, by cascade, everything that belongs to them."""
        self.session.execute(delete(UserRow).where(UserRow.id == user_id))

    def profile(self, user_id: int) -> Profile:
        profile = self.profiles([user_id]).get(user_id)
        if profile is None:
            raise NotFound(f"No profile for user {user_id}.")
        return profile

    def profiles(self, user_ids: list[int]) -> dict[int, Profile]:
        rows = self.session.scalars(select(ProfileRow).where(ProfileRow.user_id.in_(user_ids)))
        return {
            row.user_id: Profile(
                weight_unit=WeightUnit(row.weight_unit),
                water_unit=WaterUnit(row.water_unit),
                height_cm=row.height_cm,
                birth_year=row.birth_year,
                sex=Sex(row.sex) if row.sex else None,
                glp1_medicine=Medicine(row.glp1_medicine) if row.glp1_medicine else None,
                glp1_start=row.glp1_start,
                protein_basis=ProteinBasis(row.protein_basis),
                has_diabetes=row.has_diabetes,
                insulin_or_sulfonylurea=row.insulin_or_sulfonylurea,
            )
            for row in rows
        }

    def users(self, user_ids: list[int]) -> dict[int, User]:
        rows = self.session.scalars(select(UserRow).where(UserRow.id.in_(user_ids)))
        return {row.id: _user(row) for row in rows}

    def save_profile(self, user_id: int, profile: Profile) -> None:
        self.session.execute(
            update(ProfileRow)
            .where(ProfileRow.user_id == user_id)
            .values(
                weight_unit=profile.weight_unit.value,
                water_unit=profile.water_unit.value,
                height_cm=profile.height_cm,
                birth_year=profile.birth_year,
                sex=profile.sex.value if profile.sex else None,
                glp1_medicine=profile.glp1_medicine.value if profile.glp1_medicine else None,
                glp1_start=profile.glp1_start,
                protein_basis=profile.protein_basis.value,
                has_diabetes=profile.has_diabetes,
                insulin_or_sulfonylurea=profile.insulin_or_sulfonylurea,
            )
        )

    def target_overrides(self, patient_id: int) -> list[TargetOverride]:
        return self.target_overrides_of([patient_id]).get(patient_id, [])

    def target_overrides_of(self, patient_ids: list[int]) -> dict[int, list[TargetOverride]]:
        rows = self.session.execute(
            select(TargetOverrideRow, UserRow.display_name)
            .outerjoin(UserRow, UserRow.id == TargetOverrideRow.set_by_id)
            .where(TargetOverrideRow.patient_id.in_(patient_ids))
            .order_by(TargetOverrideRow.name)
        )
        result: dict[int, list[TargetOverride]] = defaultdict(list)
        for row, set_by_name in rows:
            result[row.patient_id].append(
                TargetOverride(row.name, row.value, row.set_by_id, set_by_name, row.set_at)
            )
        return result

    def set_target(self, patient_id: int, name: str, value: float, set_by_id: int | None) -> None:
        self.clear_target(patient_id, name)
        self.session.add(
            TargetOverrideRow(patient_id=patient_id, name=name, value=value, set_by_id=set_by_id)
        )
        self.session.flush()

    def clear_target(self, patient_id: int, name: str) -> None:
        self.session.execute(
            delete(TargetOverrideRow).where(
                TargetOverrideRow.patient_id == patient_id, TargetOverrideRow.name == name
            )
        )


class EntryRepository:
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

    def _edge_days(
        self,
        user_ids: list[int],
        first: bool,
        row_classes: Iterable[type[EntryColumns]] | None = None,
        until: dt.date | None = None,
    ) -> dict[int, dt.date]:
        """The first (or else the last) day each patient logged anything (or anything in
        ``row_classes``), up to ``until``.

        One correlated subquery per table and patient: each is a seek on the (user_id, day)
        index, so this costs the same whatever the length of the logs.
        """
        if not user_ids:
            return {}
        edge, pick = (func.min, min) if first else (func.max, max)
        columns = []
        for row_class in row_classes or [spec.row for spec in KIND_TABLES.values()]:
            query = select(edge(row_class.day)).where(row_class.user_id == UserRow.id)
            if until is not None:
                query = query.where(row_class.day <= until)
            columns.append(query.scalar_subquery())
        result = {}
        for user_id, *days in self.session.execute(
            select(UserRow.id, *columns).where(UserRow.id.in_(user_ids))
        ):
            known = [day for day in days if day is not None]
            if known:
                result[user_id] = pick(known)
        return result

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
        return self._edge_days([user_id], first=True).get(user_id)

    def last_days(self, user_ids: list[int]) -> dict[int, dt.date]:
        """The last day each patient logged anything (absent: never)."""
        return self._edge_days(user_ids, first=False)

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

    def history(
        self, user_id: int, until: dt.date | None = None, since: dt.date | None = None
    ) -> History:
        """The patient's log summarised by day in the database, up to ``until`` if given.

        ``since`` leaves out the protein, water, activity and strength sessions before that
        day: for views of the last days only (today's totals, the caseload). Weigh-ins, doses
        and body composition are always whole (the trend, the start of the medicine and the
        lean share need them), and ``last_session_day`` still tells whether the patient ever
        trained.
        """
        return self.histories([user_id], until, since)[user_id]

    def histories(
        self, user_ids: list[int], until: dt.date | None = None, since: dt.date | None = None
    ) -> dict[int, History]:
        """``history`` of many patients at once, in a fixed number of queries."""
        ids = list(user_ids)
        if not ids:
            return {}
        # Read whole whatever ``since`` says: the trend and body composition reach back months,
        # and a red flag stays open until a therapist has seen it, however old.
        whole = (WeightRow, DoseRow, LeanMassRow, BodyFatRow, RedFlagRow)

        def scoped(query, row_class):
            query = query.where(row_class.user_id.in_(ids))
            if since is not None and row_class not in whole:
                query = query.where(row_class.day >= since)
            return query.where(row_class.day <= until) if until is not None else query

        def daily(row_class, column, aggregate) -> dict[int, list[tuple[dt.date, float]]]:
            query = scoped(select(row_class.user_id, row_class.day, aggregate(column)), row_class)
            query = query.group_by(row_class.user_id, row_class.day).order_by(
                row_class.user_id, row_class.day
            )
            series: dict[int, list[tuple[dt.date, float]]] = defaultdict(list)
            for user_id, day, value in self.session.execute(query):
                series[user_id].append((day, value))
            return series

        weights = daily(WeightRow, WeightRow.weight_kg, func.avg)
        lean = daily(LeanMassRow, LeanMassRow.lean_mass_kg, func.avg)
        fat = daily(BodyFatRow, BodyFatRow.body_fat_pct, func.avg)
        dxa: dict[int, set[dt.date]] = defaultdict(set)
        for row_class in (LeanMassRow, BodyFatRow):
            dxa_query = scoped(
                select(row_class.user_id, row_class.day)
                .where(row_class.method == Method.DXA.value)
                .distinct(),
                row_class,
            )
            for user_id, day in self.session.execute(dxa_query):
                dxa[user_id].add(day)
        water = daily(WaterRow, WaterRow.water_ml, func.sum)
        activity = daily(ActivityRow, ActivityRow.duration_min, func.sum)

        protein: dict[int, dict[dt.date, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
        protein_query = scoped(
            select(
                ProteinRow.user_id, ProteinRow.day, ProteinRow.meal, func.sum(ProteinRow.protein_g)
            ),
            ProteinRow,
        ).group_by(ProteinRow.user_id, ProteinRow.day, ProteinRow.meal)
        for user_id, day, meal, grams in self.session.execute(protein_query):
            protein[user_id][day][meal] = grams

        names: dict[int, list[str]] = defaultdict(list)
        names_query = scoped(
            select(ExerciseRow.session_id, ExerciseRow.name).join(
                StrengthRow, StrengthRow.id == ExerciseRow.session_id
            ),
            StrengthRow,
        )
        for session_id, name in self.session.execute(names_query):
            names[session_id].append(name)
        sessions: dict[int, list[SessionDay]] = defaultdict(list)
        session_query = scoped(
            select(StrengthRow.user_id, StrengthRow.id, StrengthRow.day, StrengthRow.focus),
            StrengthRow,
        ).order_by(StrengthRow.day, StrengthRow.id)
        for user_id, session_id, day, focus in self.session.execute(session_query):
            focus = _FOCUSES[focus]
            glutes = works_glutes(focus, names.get(session_id, ()))
            sessions[user_id].append(SessionDay(day, focus, glutes))

        doses: dict[int, list[DoseTaken]] = defaultdict(list)
        dose_query = scoped(
            select(DoseRow.user_id, DoseRow.day, DoseRow.medicine, DoseRow.dose_mg), DoseRow
        ).order_by(DoseRow.day, DoseRow.time.nulls_first(), DoseRow.id)
        for user_id, day, medicine, mg in self.session.execute(dose_query):
            doses[user_id].append(DoseTaken(day, _MEDICINES[medicine], mg))

        side_effects: dict[int, dict[dt.date, dict[str, int]]] = defaultdict(
            lambda: defaultdict(dict)
        )
        effect_query = scoped(
            select(
                SideEffectRow.user_id,
                SideEffectRow.day,
                SideEffectRow.effect,
                func.max(SideEffectRow.severity),
            ),
            SideEffectRow,
        ).group_by(SideEffectRow.user_id, SideEffectRow.day, SideEffectRow.effect)
        for user_id, day, effect, grade in self.session.execute(effect_query):
            side_effects[user_id][day][effect] = grade
        pain = daily(PainRow, PainRow.score, func.max)
        red_flags: dict[int, list[RedFlagAnswer]] = defaultdict(list)
        flag_query = scoped(
            select(
                RedFlagRow.user_id,
                RedFlagRow.day,
                RedFlagRow.item,
                RedFlagRow.acknowledged_at.is_not(None),
            ).where(RedFlagRow.answer == 1),
            RedFlagRow,
        ).order_by(RedFlagRow.day, RedFlagRow.id)
        for user_id, day, item, acknowledged in self.session.execute(flag_query):
            red_flags[user_id].append(RedFlagAnswer(day, item, bool(acknowledged)))

        firsts = self._edge_days(ids, first=True, until=until)
        last_sessions = self._edge_days(ids, False, [StrengthRow], until)
        result = {}
        for user_id in ids:
            first = firsts.get(user_id)
            result[user_id] = History(
                weights=weights.get(user_id, []),
                protein_g_by_day_meal={
                    day: dict(meals) for day, meals in sorted(protein[user_id].items())
                }
                if user_id in protein
                else {},
                water_ml_by_day=dict(water.get(user_id, [])),
                sessions=sessions.get(user_id, []),
                activity_min_by_day=dict(activity.get(user_id, [])),
                doses=doses.get(user_id, []),
                lean_mass_kg=lean.get(user_id, []),
                body_fat_pct=fat.get(user_id, []),
                first_day=first,
                last_session_day=last_sessions.get(user_id),
                side_effects_by_day={
                    day: dict(effects) for day, effects in sorted(side_effects[user_id].items())
                }
                if user_id in side_effects
                else {},
                pain_by_day=dict(pain.get(user_id, [])),
                red_flags=red_flags.get(user_id, []),
                dxa_days=frozenset(dxa.get(user_id, ())),
            )
        return result


def _share(row: ShareRow, patient: UserRow, therapist: UserRow) -> Share:
    return Share(
        id=row.id,
        patient_id=row.patient_id,
        patient_name=patient.display_name,
        patient_email=patient.email,
        therapist_id=row.therapist_id,
        therapist_name=therapist.display_name,
        therapist_email=therapist.email,
        status=ShareStatus(row.status),
        created_at=row.created_at,
        accepted_at=row.accepted_at,
        revoked_at=row.revoked_at,
    )


@dataclass(frozen=True, slots=True)
class ImportRecord:
    id: int
    file_name: str
    format: str
    counts: dict[str, int]
    first_day: dt.date | None
    last_day: dt.date | None
    created_at: dt.datetime
    undone_at: dt.datetime | None

    @property
    def total(self) -> int:
        return sum(self.counts.values())


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


def _plan_item(row: PlanItemRow, assigned_by_name: str | None = None) -> PlanItem:
    return PlanItem(
        row.id,
        row.patient_id,
        row.exercise,
        row.sets,
        row.reps,
        row.hold_s,
        row.days_per_week,
        assigned_by_name or "",
        row.created_at,
    )


class FailureKind(StrEnum):
    """What a failed attempt, counted against guessing, was."""

    SIGN_IN = "sign_in"
    SHARE_CODE = "share_code"


_LOCK_KEYS = {
    kind: int.from_bytes(hashlib.sha256(f"tracker.{kind}".encode()).digest()[:8], signed=True)
    for kind in FailureKind
}
"""PostgreSQL advisory lock keys (64-bit), one per kind of failure, stable across processes."""


class CareRepository:
    """Sharing, notes, exercise plans, the audit trail and failed attempts."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # --- shares ---------------------------------------------------------------------------

    def _shares(self, *conditions) -> list[Share]:
        patient, therapist = aliased(UserRow), aliased(UserRow)
        rows = self.session.execute(
            select(ShareRow, patient, therapist)
            .join(patient, patient.id == ShareRow.patient_id)
            .join(therapist, therapist.id == ShareRow.therapist_id)
            .where(*conditions)
            .order_by(ShareRow.created_at, ShareRow.id)
        )
        return [_share(row, p, t) for row, p, t in rows]

    def add_share(self, patient_id: int, therapist_id: int, status: ShareStatus) -> Share:
        now = dt.datetime.now(dt.UTC)
        row = ShareRow(
            patient_id=patient_id,
            therapist_id=therapist_id,
            status=status.value,
            created_at=now,
            accepted_at=now if status is ShareStatus.ACTIVE else None,
        )
        self.session.add(row)
        self.session.flush()
        return self._shares(ShareRow.id == row.id)[0]

    def share(self, share_id: int) -> Share | None:
        found = self._shares(ShareRow.id == share_id)
        return found[0] if found else None

    def open_share(self, patient_id: int, therapist_id: int) -> Share | None:
        """The pending or active share between the two, if any."""
        found = self._shares(
            ShareRow.patient_id == patient_id,
            ShareRow.therapist_id == therapist_id,
            ShareRow.status != ShareStatus.REVOKED.value,
        )
        return found[-1] if found else None

    def shares_of_patient(self, patient_id: int) -> list[Share]:
        return self._shares(ShareRow.patient_id == patient_id)

    def shares_of_therapist(self, therapist_id: int) -> list[Share]:
        return self._shares(ShareRow.therapist_id == therapist_id)

    def set_share_status(self, share_id: int, status: ShareStatus) -> None:
        now = dt.datetime.now(dt.UTC)
        values: dict = {"status": status.value}
        if status is ShareStatus.ACTIVE:
            values["accepted_at"] = now
        if status is ShareStatus.REVOKED:
            values["revoked_at"] = now
        self.session.execute(update(ShareRow).where(ShareRow.id == share_id).values(**values))

    def has_active_share(self, patient_id: int, therapist_id: int) -> bool:
        return (
            self.session.scalar(
                select(ShareRow.id).where(
                    ShareRow.patient_id == patient_id,
                    ShareRow.therapist_id == therapist_id,
                    ShareRow.status == ShareStatus.ACTIVE.value,
                )
            )
            is not None
        )

    def add_code(self, patient_id: int, code_hash: str, expires_at: dt.datetime) -> None:
        self.session.add(
            ShareCodeRow(patient_id=patient_id, code_hash=code_hash, expires_at=expires_at)
        )
        self.session.flush()

    def use_code(self, code_hash: str, now: dt.datetime) -> int | None:
        """Spend an unused, unexpired code; the patient it belongs to, or None."""
        return self.session.scalar(
            update(ShareCodeRow)
            .where(
                ShareCodeRow.code_hash == code_hash,
                ShareCodeRow.used_at.is_(None),
                ShareCodeRow.expires_at > now,
            )
            .values(used_at=now)
            .returning(ShareCodeRow.patient_id)
        )

    def has_any_active_share(self, patient_id: int) -> bool:
        return (
            self.session.scalar(
                select(ShareRow.id).where(
                    ShareRow.patient_id == patient_id,
                    ShareRow.status == ShareStatus.ACTIVE.value,
                )
            )
            is not None
        )

    # --- red flags --------------------------------------------------------------------------

    def red_flags(self, patient_id: int) -> list[RedFlagReport]:
        """Every 'yes' to a red-flag question, newest first, with who has seen it."""
        seen_by = aliased(UserRow)
        rows = self.session.execute(
            select(RedFlagRow, seen_by.display_name)
            .outerjoin(seen_by, seen_by.id == RedFlagRow.acknowledged_by_id)
            .where(RedFlagRow.user_id == patient_id, RedFlagRow.answer == 1)
            .order_by(
                RedFlagRow.day.desc(), RedFlagRow.time.desc().nulls_last(), RedFlagRow.id.desc()
            )
        )
        return [
            RedFlagReport(
                row.id,
                row.day,
                row.time,
                row.item,
                name,
                row.acknowledged_at,
                row.note,
            )
            for row, name in rows
        ]

    def acknowledge_red_flags(self, patient_id: int, by_id: int | None, at: dt.datetime) -> int:
        """Mark the patient's open 'yes' answers seen; how many there were."""
        result = self.session.execute(
            update(RedFlagRow)
            .where(
                RedFlagRow.user_id == patient_id,
                RedFlagRow.answer == 1,
                RedFlagRow.acknowledged_at.is_(None),
            )
            .values(acknowledged_by_id=by_id, acknowledged_at=at)
        )
        return result.rowcount

    # --- notes and plans --------------------------------------------------------------------

    def add_note(self, patient_id: int, author: User | None, body: str) -> Note:
        """A note by ``author`` (None: the clinic's administrator)."""
        row = NoteRow(
            patient_id=patient_id,
            author_id=author.id if author else None,
            author_name=author.display_name if author else "Administrator",
            body=body,
        )
        self.session.add(row)
        self.session.flush()
        return _note(row)

    def notes(self, patient_id: int) -> list[Note]:
        rows = self.session.scalars(
            select(NoteRow)
            .where(NoteRow.patient_id == patient_id)
            .order_by(NoteRow.created_at.desc(), NoteRow.id.desc())
        )
        return [_note(row) for row in rows]

    def add_plan_item(self, item: PlanItem, assigned_by_id: int | None) -> PlanItem:
        """Store ``item``, assigned now unless it says when (the demo backdates its plans)."""
        row = PlanItemRow(
            patient_id=item.patient_id,
            assigned_by_id=assigned_by_id,
            exercise=item.exercise,
            sets=item.sets,
            reps=item.reps,
            hold_s=item.hold_s,
            days_per_week=item.days_per_week,
            created_at=item.assigned_at or dt.datetime.now(dt.UTC),
        )
        self.session.add(row)
        self.session.flush()
        return self.plan(item.patient_id, [row.id])[0]

    def plan(self, patient_id: int, item_ids: list[int] | None = None) -> list[PlanItem]:
        query = (
            select(PlanItemRow, UserRow.display_name)
            .outerjoin(UserRow, UserRow.id == PlanItemRow.assigned_by_id)
            .where(PlanItemRow.patient_id == patient_id)
            .order_by(PlanItemRow.id)
        )
        if item_ids is not None:
            query = query.where(PlanItemRow.id.in_(item_ids))
        return [_plan_item(row, name) for row, name in self.session.execute(query)]

    def delete_plan_item(self, patient_id: int, item_id: int) -> None:
        deleted = self.session.execute(
            delete(PlanItemRow).where(
                PlanItemRow.id == item_id, PlanItemRow.patient_id == patient_id
            )
        )
        if deleted.rowcount == 0:
            raise NotFound("That exercise is not in the plan.")

    def tick(self, patient_id: int, item_ids: list[int], day: dt.date) -> int:
        """Mark plan exercises done on ``day``; returns how many were not ticked before."""
        owned = {item.id for item in self.plan(patient_id, item_ids)}
        if owned != set(item_ids):
            raise NotFound("That exercise is not in the plan.")
        done = set(
            self.session.scalars(
                select(PlanTickRow.plan_item_id).where(
                    PlanTickRow.plan_item_id.in_(item_ids), PlanTickRow.day == day
                )
            )
        )
        new = [item_id for item_id in item_ids if item_id not in done]
        for item_id in new:
            self.session.add(PlanTickRow(patient_id=patient_id, plan_item_id=item_id, day=day))
        self.session.flush()
        return len(new)

    def ticks(self, patient_ids: list[int], start: dt.date, end: dt.date) -> dict[int, list]:
        """(plan item id, day) of each tick from ``start`` to ``end``, by patient."""
        result: dict[int, list[tuple[int, dt.date]]] = defaultdict(list)
        if not patient_ids:
            return result
        query = select(PlanTickRow.patient_id, PlanTickRow.plan_item_id, PlanTickRow.day).where(
            PlanTickRow.patient_id.in_(patient_ids),
            PlanTickRow.day >= start,
            PlanTickRow.day <= end,
        )
        for patient_id, item_id, day in self.session.execute(query):
            result[patient_id].append((item_id, day))
        return result

    def plans(self, patient_ids: list[int]) -> dict[int, list[PlanItem]]:
        result: dict[int, list[PlanItem]] = defaultdict(list)
        if not patient_ids:
            return result
        query = select(PlanItemRow).where(PlanItemRow.patient_id.in_(patient_ids))
        for r in self.session.scalars(query.order_by(PlanItemRow.id)):
            result[r.patient_id].append(_plan_item(r))
        return result

    # --- audit and failed attempts ----------------------------------------------------------

    def audit(self, patient_id: int, actor: User | None, action: str, detail: str = "") -> None:
        self.session.add(
            AuditRow(
                patient_id=patient_id,
                actor_id=actor.id if actor else None,
                actor_name=actor.display_name if actor else "Administrator",
                action=action,
                detail=detail,
            )
        )
        self.session.flush()

    def audit_views(
        self,
        patient_ids: list[int],
        actor: User | None,
        action: str,
        detail: str,
        quiet_since: dt.datetime,
    ) -> None:
        """Record that ``actor`` saw these patients' data, unless they did since
        ``quiet_since`` (a visit is one event, however many times the page reruns)."""
        if not patient_ids:
            return
        actor_id = actor.id if actor else None
        recent = set(
            self.session.scalars(
                select(AuditRow.patient_id).where(
                    AuditRow.patient_id.in_(patient_ids),
                    AuditRow.action == action,
                    AuditRow.actor_id == actor_id
                    if actor_id is not None
                    else AuditRow.actor_id.is_(None),
                    AuditRow.at >= quiet_since,
                )
            )
        )
        now = dt.datetime.now(dt.UTC)
        rows = [
            {
                "patient_id": patient_id,
                "actor_id": actor_id,
                "actor_name": actor.display_name if actor else "Administrator",
                "action": action,
                "detail": detail,
                "at": now,
            }
            for patient_id in patient_ids
            if patient_id not in recent
        ]
        if rows:
            self.session.execute(insert(AuditRow.__table__), rows)

    def audit_trail(self, patient_id: int, limit: int = 500) -> list[AuditEvent]:
        rows = self.session.scalars(
            select(AuditRow)
            .where(AuditRow.patient_id == patient_id)
            .order_by(AuditRow.at.desc(), AuditRow.id.desc())
            .limit(limit)
        )
        return [AuditEvent(r.at, r.actor_name, r.action, r.detail) for r in rows]

    def lock_failures(self, kind: FailureKind) -> None:
        """Until this transaction ends, be the only one counting and adding failures of
        ``kind``, so that parallel attempts cannot all pass the count before any is added.
        (A SQLite write transaction holds the database's write lock already.)"""
        if self.session.connection().dialect.name == "postgresql":
            self.session.execute(select(func.pg_advisory_xact_lock(_LOCK_KEYS[kind])))

    def add_failure(
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

    def failures_since(
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
        return [_aware(at) for at in self.session.scalars(query.order_by(FailedAttemptRow.at))]

    def clear_failures(self, email: str, before: dt.datetime) -> None:
        """After a good sign-in: that email's failed sign-ins, and everybody's from before
        ``before``. Failed share codes stay, as the audit of who guessed at codes."""
        self.session.execute(
            delete(FailedAttemptRow).where(
                FailedAttemptRow.kind == FailureKind.SIGN_IN.value,
                (FailedAttemptRow.email == email) | (FailedAttemptRow.at < before),
            )
        )


def _note(row: NoteRow) -> Note:
    created_at = _aware(row.created_at)
    return Note(row.id, row.patient_id, row.author_id, row.author_name, row.body, created_at)


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive UTC datetimes; PostgreSQL aware ones."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


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


def _unreachable(error: DBAPIError) -> bool:
    """Whether ``error`` says the database could not be reached or the connection was lost
    (rather than that a statement was wrong)."""
    return error.connection_invalidated or isinstance(error, OperationalError | InterfaceError)


class UnitOfWork:
    """One transaction over the repositories; commit explicitly, else it rolls back.

    A lost connection or an unreachable database ends the unit with ``StorageUnavailable``
    (a sentence for people; the original error is its cause, for the log). The pool checks a
    connection before handing it out (``pool_pre_ping``), so the next unit starts afresh.
    """

    def __init__(self, engine: Engine, write: bool = False) -> None:
        self.write = write
        self.engine = engine.execution_options(**db.WRITE) if write else engine

    def __enter__(self) -> UnitOfWork:
        self.session = Session(bind=self.engine, expire_on_commit=False)
        self.users = UserRepository(self.session)
        self.entries = EntryRepository(self.session)
        self.care = CareRepository(self.session)
        self.imports = ImportRepository(self.session)
        self.submissions = SubmissionRepository(self.session)
        return self

    def __exit__(self, kind, error, traceback) -> None:
        try:
            self.session.rollback()
            self.session.close()
        except DBAPIError:  # the connection is gone: nothing is left to roll back
            self.session.invalidate()
        if isinstance(error, DBAPIError) and _unreachable(error):
            raise StorageUnavailable.of(self.write) from error

    def commit(self) -> None:
        try:
            self.session.commit()
        except IntegrityError as error:
            self.session.rollback()
            raise Conflict("Someone else saved the same thing at the same moment.") from error
