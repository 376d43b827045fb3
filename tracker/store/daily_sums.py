"""Patients' logs summed up by day in the database, and the first and last day of each log.

The sums are plain numbers (``DailySums``); judging them is left to the rules
(``History.from_sums``). Any number of patients costs a fixed number of grouped queries, so a
caseload is loaded in one go.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from tracker.domain import (
    DailySums,
    DoseTaken,
    Exercise,
    Focus,
    FunctionResult,
    FunctionTest,
    LiftSession,
    Medicine,
    Method,
    RedFlagAnswer,
    StrengthSession,
)
from tracker.store.kind_tables import KIND_TABLES
from tracker.store.schema import (
    ActivityRow,
    BodyFatRow,
    DoseRow,
    EntryColumns,
    ExerciseRow,
    LeanMassRow,
    PainRow,
    ProteinRow,
    RedFlagRow,
    SideEffectRow,
    StrengthRow,
    UserRow,
    WaterRow,
    WeightRow,
)

DayValues = dict[int, list[tuple[dt.date, float]]]
Spans = Mapping[int, list[tuple[dt.date, dt.date]]]
"""By patient, spans of days (first, last, both included)."""

MAX_REPS_ESTIMATED = 10
"""``tracker.rules.strength.MAX_REPS``: a loaded set of more reps says nothing of strength."""

SPAN_CHUNK = 100
"""Patients whose spans go into one query: a few hundred OR terms at most, well inside
SQLite's limits on expression depth and bound parameters."""
"""By patient, (day, value) in date order."""

WHOLE = (WeightRow, DoseRow, LeanMassRow, BodyFatRow, RedFlagRow)
"""Read whole whatever ``since`` says: the trend and body composition reach back months, the
start of the medicine is its first dose, and a red flag stays open until a therapist has seen
it, however old."""

_MEDICINES = {medicine.value: medicine for medicine in Medicine}
_FOCUSES = {focus.value: focus for focus in Focus}
"""Enum lookups by value without Enum.__call__, which is slow on the bulk paths."""


def daily_sums_of(
    session: Session,
    user_ids: Iterable[int],
    until: dt.date | None = None,
    since: dt.date | None = None,
    lift_spans: Spans | None = None,
) -> dict[int, DailySums]:
    """Each patient's log summed by day, up to ``until`` if given; see ``EntryRepository.
    daily_sums`` for what ``since`` and ``lift_spans`` leave out."""
    ids = list(user_ids)
    if not ids:
        return {}
    sums = _Summing(session, ids, until, since)
    weights = sums.daily(WeightRow, WeightRow.weight_kg, func.avg)
    lean = sums.daily(LeanMassRow, LeanMassRow.lean_mass_kg, func.avg)
    fat = sums.daily(BodyFatRow, BodyFatRow.body_fat_pct, func.avg)
    water = sums.daily(WaterRow, WaterRow.water_ml, func.sum)
    activity = sums.daily(ActivityRow, ActivityRow.duration_min, func.sum)
    pain = sums.daily(PainRow, PainRow.score, func.max)
    dxa = sums.dxa_days()
    protein = sums.protein()
    sessions = sums.sessions()
    doses = sums.doses()
    side_effects = sums.side_effects()
    red_flags = sums.red_flags()
    lifts = sums.lifts(lift_spans)
    results = sums.function_results()
    firsts = edge_days(session, ids, first=True, until=until)
    last_sessions = edge_days(session, ids, False, [StrengthRow], until)
    return {
        user_id: DailySums(
            weight_kg=weights.get(user_id, []),
            lean_mass_kg=lean.get(user_id, []),
            body_fat_pct=fat.get(user_id, []),
            dxa_days=frozenset(dxa.get(user_id, ())),
            protein_g_by_day_meal=_by_day(protein.get(user_id)),
            water_ml_by_day=dict(water.get(user_id, [])),
            activity_min_by_day=dict(activity.get(user_id, [])),
            sessions=sessions.get(user_id, []),
            doses=doses.get(user_id, []),
            side_effects_by_day=_by_day(side_effects.get(user_id)),
            pain_by_day=dict(pain.get(user_id, [])),
            red_flags=red_flags.get(user_id, []),
            first_day=firsts.get(user_id),
            last_session_day=last_sessions.get(user_id),
            lifts=lifts.get(user_id, []),
            function_results=results.get(user_id, []),
        )
        for user_id in ids
    }


def _by_day(nested: dict[dt.date, dict] | None) -> dict[dt.date, dict]:
    """Plain dicts in date order (the grouped queries come back in no particular order)."""
    return {day: dict(inner) for day, inner in sorted(nested.items())} if nested else {}


class _Summing:
    """The grouped queries behind ``daily_sums_of``, over the same patients and days."""

    def __init__(
        self, session: Session, ids: list[int], until: dt.date | None, since: dt.date | None
    ) -> None:
        self.session, self.ids, self.until, self.since = session, ids, until, since

    def scoped(self, query, row_class):
        """``query`` over these patients' rows up to ``until`` (and from ``since``, unless
        the table is read whole)."""
        query = query.where(row_class.user_id.in_(self.ids))
        if self.since is not None and row_class not in WHOLE:
            query = query.where(row_class.day >= self.since)
        return query.where(row_class.day <= self.until) if self.until is not None else query

    def daily(self, row_class, column, aggregate) -> DayValues:
        """``aggregate`` of ``column`` by patient and day."""
        query = self.scoped(select(row_class.user_id, row_class.day, aggregate(column)), row_class)
        query = query.group_by(row_class.user_id, row_class.day).order_by(
            row_class.user_id, row_class.day
        )
        series: DayValues = defaultdict(list)
        for user_id, day, value in self.session.execute(query):
            series[user_id].append((day, value))
        return series

    def dxa_days(self) -> dict[int, set[dt.date]]:
        days: dict[int, set[dt.date]] = defaultdict(set)
        for row_class in (LeanMassRow, BodyFatRow):
            query = self.scoped(
                select(row_class.user_id, row_class.day)
                .where(row_class.method == Method.DXA.value)
                .distinct(),
                row_class,
            )
            for user_id, day in self.session.execute(query):
                days[user_id].add(day)
        return days

    def protein(self) -> dict[int, dict[dt.date, dict[str, float]]]:
        grams_by: dict[int, dict[dt.date, dict[str, float]]] = defaultdict(
            lambda: defaultdict(dict)
        )
        query = self.scoped(
            select(
                ProteinRow.user_id, ProteinRow.day, ProteinRow.meal, func.sum(ProteinRow.protein_g)
            ),
            ProteinRow,
        ).group_by(ProteinRow.user_id, ProteinRow.day, ProteinRow.meal)
        for user_id, day, meal, grams in self.session.execute(query):
            grams_by[user_id][day][meal] = grams
        return grams_by

    def sessions(self) -> dict[int, list[StrengthSession]]:
        names: dict[int, list[str]] = defaultdict(list)
        names_query = self.scoped(
            select(ExerciseRow.session_id, ExerciseRow.name).join(
                StrengthRow, StrengthRow.id == ExerciseRow.session_id
            ),
            StrengthRow,
        )
        for session_id, name in self.session.execute(names_query):
            names[session_id].append(name)
        sessions: dict[int, list[StrengthSession]] = defaultdict(list)
        query = self.scoped(
            select(StrengthRow.user_id, StrengthRow.id, StrengthRow.day, StrengthRow.focus),
            StrengthRow,
        ).order_by(StrengthRow.day, StrengthRow.id)
        for user_id, session_id, day, focus in self.session.execute(query):
            exercise_names = tuple(names.get(session_id, ()))
            sessions[user_id].append(StrengthSession(day, _FOCUSES[focus], exercise_names))
        return sessions

    def lifts(self, spans: Spans | None) -> dict[int, list[LiftSession]]:
        """Each strength session that lists exercises, with them: all of them up to ``until``
        when the sums are whole, else those in each patient's ``spans`` (none without)."""
        query = (
            select(
                StrengthRow.user_id,
                StrengthRow.id,
                StrengthRow.day,
                ExerciseRow.name,
                ExerciseRow.sets,
                ExerciseRow.reps,
                ExerciseRow.load_kg,
            )
            .join(ExerciseRow, ExerciseRow.session_id == StrengthRow.id)
            .order_by(StrengthRow.day, StrengthRow.id, ExerciseRow.position)
        )
        if self.until is not None:
            query = query.where(StrengthRow.day <= self.until)
        if self.since is None:
            queries = [query.where(StrengthRow.user_id.in_(self.ids))]
        else:
            spanned = [(uid, span) for uid in self.ids for span in (spans or {}).get(uid, [])]
            queries = [
                query.where(
                    or_(
                        *(
                            and_(StrengthRow.user_id == uid, StrengthRow.day.between(*span))
                            for uid, span in spanned[at : at + SPAN_CHUNK]
                        )
                    )
                )
                for at in range(0, len(spanned), SPAN_CHUNK)
            ]
        exercises: dict[int, tuple[int, dt.date, list[Exercise]]] = {}
        for chunk in queries:
            for user_id, session_id, day, name, sets, reps, load_kg in self.session.execute(chunk):
                held = exercises.setdefault(session_id, (user_id, day, []))
                held[2].append(Exercise(name, sets, reps, load_kg))
        found: dict[int, list[LiftSession]] = defaultdict(list)
        ordered = sorted(exercises.items(), key=lambda item: (item[1][1], item[0]))
        for _, (user_id, day, listed) in ordered:
            found[user_id].append(LiftSession(day, tuple(listed)))
        return found

    def function_results(self) -> dict[int, list[FunctionResult]]:
        """Every function test result, whole: a few a month at most, and the first of them is
        what later ones are read against."""
        results: dict[int, list[tuple[dt.date, int, FunctionResult]]] = defaultdict(list)
        for test in FunctionTest:
            table = KIND_TABLES[test.kind]
            row = table.row
            query = select(row.user_id, row.id, row.day, getattr(row, table.value)).where(
                row.user_id.in_(self.ids)
            )
            if self.until is not None:
                query = query.where(row.day <= self.until)
            for user_id, row_id, day, value in self.session.execute(query):
                results[user_id].append((day, row_id, FunctionResult(test, day, float(value))))
        return {
            user_id: [result for *_, result in sorted(held, key=lambda item: item[:2])]
            for user_id, held in results.items()
        }

    def doses(self) -> dict[int, list[DoseTaken]]:
        doses: dict[int, list[DoseTaken]] = defaultdict(list)
        query = self.scoped(
            select(DoseRow.user_id, DoseRow.day, DoseRow.medicine, DoseRow.dose_mg), DoseRow
        ).order_by(DoseRow.day, DoseRow.time.nulls_first(), DoseRow.id)
        for user_id, day, medicine, dose_mg in self.session.execute(query):
            doses[user_id].append(DoseTaken(day, _MEDICINES[medicine], dose_mg))
        return doses

    def side_effects(self) -> dict[int, dict[dt.date, dict[str, int]]]:
        """The worst grade of each effect by patient and day."""
        grades: dict[int, dict[dt.date, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
        query = self.scoped(
            select(
                SideEffectRow.user_id,
                SideEffectRow.day,
                SideEffectRow.effect,
                func.max(SideEffectRow.severity),
            ),
            SideEffectRow,
        ).group_by(SideEffectRow.user_id, SideEffectRow.day, SideEffectRow.effect)
        for user_id, day, effect, grade in self.session.execute(query):
            grades[user_id][day][effect] = grade
        return grades

    def red_flags(self) -> dict[int, list[RedFlagAnswer]]:
        """The 'yes' answers, and whether a therapist has seen each."""
        answers: dict[int, list[RedFlagAnswer]] = defaultdict(list)
        query = self.scoped(
            select(
                RedFlagRow.user_id,
                RedFlagRow.day,
                RedFlagRow.item,
                RedFlagRow.acknowledged_at.is_not(None),
            ).where(RedFlagRow.answer == 1),
            RedFlagRow,
        ).order_by(RedFlagRow.day, RedFlagRow.id)
        for user_id, day, item, acknowledged in self.session.execute(query):
            answers[user_id].append(RedFlagAnswer(day, item, bool(acknowledged)))
        return answers


def edge_days(
    session: Session,
    user_ids: list[int],
    first: bool,
    row_classes: Iterable[type[EntryColumns]] | None = None,
    until: dt.date | None = None,
) -> dict[int, dt.date]:
    """The first (or else the last) day each patient logged anything (or anything in
    ``row_classes``), up to ``until``; a patient who logged nothing is absent.

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
    for user_id, *days in session.execute(
        select(UserRow.id, *columns).where(UserRow.id.in_(user_ids))
    ):
        known = [day for day in days if day is not None]
        if known:
            result[user_id] = pick(known)
    return result


def first_lift_days(
    session: Session, user_ids: list[int], until: dt.date | None = None
) -> dict[int, dict[str, dt.date]]:
    """By patient, the first day each exercise name was logged in a way that can say something
    of strength (``tracker.rules.strength.measurable``): the rules pick the main lower-body
    lifts among the names and from them the spans to read (``strength.windows_to_read``)."""
    if not user_ids:
        return {}
    query = (
        select(StrengthRow.user_id, ExerciseRow.name, func.min(StrengthRow.day))
        .join(ExerciseRow, ExerciseRow.session_id == StrengthRow.id)
        .where(
            StrengthRow.user_id.in_(user_ids),
            ExerciseRow.reps >= 1,
            or_(
                ExerciseRow.load_kg.is_(None),
                ExerciseRow.load_kg <= 0,
                ExerciseRow.reps <= MAX_REPS_ESTIMATED,
            ),
        )
        .group_by(StrengthRow.user_id, ExerciseRow.name)
    )
    if until is not None:
        query = query.where(StrengthRow.day <= until)
    found: dict[int, dict[str, dt.date]] = defaultdict(dict)
    for user_id, name, day in session.execute(query):
        found[user_id][name] = day
    return dict(found)
