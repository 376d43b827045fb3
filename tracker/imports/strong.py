"""Strong's CSV export: one row per set, one strength session per workout.

Three dialects are in circulation (see the samples' README), told apart by their header:

* classic (app 5.x and earlier): ``,``; ``Duration`` as ``56m`` / ``1h 4m``; ``Weight`` in the
  patient's unit, which the file does not name (the patient's tracker unit is used, and said);
* Android / older: ``;``; ``Weight`` with a ``Weight Unit`` (``kg``, ``lbs``) beside it,
  ``Workout Duration`` as above, possibly decimal commas;
* Strong 6.x: ``;``, every field quoted, ``Workout #``, ``Duration (sec)``, ``Weight (kg)``; a
  ``Set Order`` of ``Rest Timer`` or ``Note`` marks a row that is not a set, and ``W``/``D``/``F``
  (warm-up, drop, failure) may mark a set's kind.

Sets become sessions the way every workout app's do (``tracker.imports.workouts``).
"""

from __future__ import annotations

import datetime as dt
import re

from tracker.formats.numbers import excerpt
from tracker.imports.base import (
    Cells,
    Context,
    ImportRefused,
    Parsed,
    Source,
    csv_rows,
    header,
    number,
)
from tracker.imports.workouts import NO_LENGTH_REASON as NO_LENGTH_REASON  # re-exported
from tracker.imports.workouts import WARMUP, SetRow, Workout, add_workout, load_in_kg, whole
from tracker.imports.workouts import WARMUP_REASON as WARMUP_REASON  # re-exported

_CORE = frozenset({"Date", "Workout Name", "Exercise Name", "Set Order", "Reps"})
_WEIGHT_COLUMNS = ("Weight (kg)", "Weight (lbs)", "Weight (lb)", "Weight")
_DURATION_COLUMNS = ("Duration (sec)", "Duration", "Workout Duration")

NOT_SET_REASONS = {
    "rest timer": "Strong rest-timer rows (rest periods, not sets)",
    "note": "Strong exercise-note rows (not sets; the note is kept in the session's note)",
}
_SET_KINDS = {"w": WARMUP, "d": "dropset", "f": "failure"}
_SET_ORDER = re.compile(r"(?P<kind>[wdf])?\s*\d*", re.IGNORECASE)
_DURATION = re.compile(
    r"(?:(?P<h>\d+)\s*h)?\s*(?:(?P<m>\d+)\s*m(?:in)?)?\s*(?:(?P<s>\d+)\s*s)?", re.IGNORECASE
)
_UNITS = {"kg": "kg", "kgs": "kg", "lb": "lb", "lbs": "lb"}


class StrongImporter:
    name = "strong"
    title = "Strong"

    def accepts(self, sources: list[Source]) -> bool:
        return sum(_is_strong(header(source)) for source in sources) == 1

    def parse(self, sources: list[Source], context: Context) -> Parsed:
        parsed = Parsed(self.name)
        mine = [source for source in sources if _is_strong(header(source))]
        if not mine:
            raise ImportRefused("this is not a Strong export (its header does not match).")
        for source in mine:
            _parse_one(source, context, parsed)
        context.progress(1.0)
        return parsed


IMPORTER = StrongImporter()


def _is_strong(names: list[str]) -> bool:
    columns = set(names)
    return columns >= _CORE and any(name in columns for name in _WEIGHT_COLUMNS)


def _parse_one(source: Source, context: Context, parsed: Parsed) -> None:
    columns = set(header(source))
    duration_column = next((name for name in _DURATION_COLUMNS if name in columns), None)
    if duration_column is None:
        raise ImportRefused(
            "this Strong export has no workout lengths (no Duration column); export again from "
            "a current version of Strong.",
            source.name,
            1,
        )
    weight_column = next(name for name in _WEIGHT_COLUMNS if name in columns)
    unit_column = "Weight Unit" if "Weight Unit" in columns else None
    fixed_unit = None
    if weight_column != "Weight":  # 6.x names the unit in the header
        fixed_unit = "kg" if weight_column == "Weight (kg)" else "lb"
    elif unit_column is None:  # the classic dialect: the file does not say
        fixed_unit = context.weight_unit.value
        parsed.notes.append(
            "Strong's export does not say whether loads are kg or lb; they were read as "
            f"{context.weight_unit.value}, your unit in the tracker."
        )
    default = context.weight_unit.value  # for an Android row whose Weight Unit is empty
    workouts: dict[tuple[str, ...], Workout] = {}
    for row_number, row in csv_rows(source, IMPORTER.title):
        cells = Cells(source.name, row_number, row)
        start = cells.datetime("Date", _strong_datetime)
        title = cells.text("Workout Name")
        key = (cells.text("Workout #"), cells.text("Date"), title)
        workout = workouts.get(key)
        if workout is None:
            workout = workouts[key] = Workout(start, title, row_number)
            workout.minutes = cells.value(duration_column, _minutes_of(duration_column))
        workout.add_note(cells.text("Workout Notes"))
        exercise = cells.text("Exercise Name")
        order = cells.text("Set Order")
        match = _SET_ORDER.fullmatch(order)
        if not match:
            workout.add_exercise_note(exercise, cells.text("Notes"))
            reason = NOT_SET_REASONS.get(
                order.lower(), f"Strong '{excerpt(order)}' rows (not sets)"
            )
            parsed.skipped[reason] += 1
            continue
        if not exercise:
            parsed.skipped["rows without an exercise name"] += 1
            continue
        unit = fixed_unit
        if unit is None:
            unit = cells.value(unit_column, lambda text: _UNITS[text.lower()] if text else default)
        workout.add_set(
            exercise,
            SetRow(
                load_kg=load_in_kg(cells.number(weight_column), unit),
                reps=whole(cells.number("Reps")),
                seconds=cells.number("Seconds"),
                kind=_SET_KINDS.get((match.group("kind") or "").lower(), "normal"),
            ),
            row_number,
        )
        workout.add_exercise_note(exercise, cells.text("Notes"))
    for workout in sorted(workouts.values(), key=lambda w: w.start):
        add_workout(parsed, source.name, workout)


def _strong_datetime(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=None)


def _minutes_of(column: str):
    def read(text: str) -> float | None:
        if not text:
            return None
        if column == "Duration (sec)":
            seconds = number(text)
            return None if seconds is None else seconds / 60
        match = _DURATION.fullmatch(text)
        if not match or not any(match.groupdict().values()):
            raise ValueError
        hours, minutes, seconds = (int(match.group(g) or 0) for g in "hms")
        return hours * 60 + minutes + seconds / 60

    return read
