"""Strong's CSV export: one row per set, one strength session per workout.

Three dialects are in circulation (see the samples' README), told apart by their header:

* classic (app 5.x and earlier): ``,``; ``Duration`` as ``56m`` / ``1h 4m``; ``Weight`` in the
  patient's unit, which the file does not name (the patient's tracker unit is used, and said);
* Android / older: ``;``; ``Weight`` with a ``Weight Unit`` (``kg``, ``lbs``) beside it,
  ``Workout Duration`` as above, possibly decimal commas;
* Strong 6.x: ``;``, every field quoted, ``Workout #``, ``Duration (sec)``, ``Weight (kg)``; a
  ``Set Order`` of ``Rest Timer`` or ``Note`` marks a row that is not a set, and ``W``/``D``/``F``
  (warm-up, drop, failure) may mark a set's kind.

The helpers below the importer (reading a header, assembling a session) are shared with
``tracker.imports.hevy``.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, field

from tracker.domain import Entry, Kind
from tracker.exercises import session_focus
from tracker.imports.base import Context, ImportRefused, Parsed, Source, csv_rows, number
from tracker.imports.workouts import WARMUP, SetRow, exercise_from_sets
from tracker.units import lb_to_kg
from tracker.validate import MAX_EXERCISES, NAME_MAX_CHARS, NOTE_MAX_CHARS, RANGES

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

WARMUP_REASON = "warm-up sets (left out of the set count)"
NO_SETS_REASON = "workouts with no sets"
NO_LENGTH_REASON = "workouts without a length"
MAX_MINUTES = int(RANGES[Kind.STRENGTH][1])


class StrongImporter:
    name = "strong"
    title = "Strong"

    def accepts(self, sources: list[Source]) -> bool:
        return sum(_is_strong(csv_header(source)) for source in sources) == 1

    def parse(self, sources: list[Source], context: Context) -> Parsed:
        parsed = Parsed(self.name)
        mine = [source for source in sources if _is_strong(csv_header(source))]
        if not mine:
            raise ImportRefused("this is not a Strong export (its header does not match).")
        for source in mine:
            _parse_one(source, context, parsed)
        context.progress(1.0)
        return parsed


IMPORTER = StrongImporter()


def _is_strong(header: list[str]) -> bool:
    columns = set(header)
    return columns >= _CORE and any(name in columns for name in _WEIGHT_COLUMNS)


def _parse_one(source: Source, context: Context, parsed: Parsed) -> None:
    header = csv_header(source)
    columns = set(header)
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
    for row_number, row in csv_rows(source):
        cell = Cells(source.name, row_number, row)
        start = cell.datetime("Date", _strong_datetime)
        title = row.get("Workout Name", "")
        key = (row.get("Workout #", ""), row.get("Date", ""), title)
        workout = workouts.get(key)
        if workout is None:
            workout = workouts[key] = Workout(start, title, row_number)
            workout.minutes = cell.value(duration_column, _minutes_of(duration_column))
        workout.add_note(row.get("Workout Notes", ""))
        exercise = row.get("Exercise Name", "")
        order = row.get("Set Order", "")
        match = _SET_ORDER.fullmatch(order)
        if not match:
            workout.add_exercise_note(exercise, row.get("Notes", ""))
            reason = NOT_SET_REASONS.get(order.lower(), f"Strong '{order}' rows (not sets)")
            parsed.skipped[reason] += 1
            continue
        if not exercise:
            parsed.skipped["rows without an exercise name"] += 1
            continue
        unit = fixed_unit
        if unit is None:
            unit = cell.value(unit_column, lambda text: _UNITS[text.lower()] if text else default)
        workout.add_set(
            exercise,
            SetRow(
                load_kg=load_in_kg(cell.number(weight_column), unit),
                reps=whole(cell.number("Reps")),
                seconds=cell.number("Seconds"),
                kind=_SET_KINDS.get((match.group("kind") or "").lower(), "normal"),
            ),
            row_number,
        )
        workout.add_exercise_note(exercise, row.get("Notes", ""))
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


def load_in_kg(value: float | None, unit: str) -> float | None:
    if value is None or value <= 0:  # body weight; a negative load is assistance, not load
        return None
    return lb_to_kg(value) if unit == "lb" else value


def whole(value: float | None) -> int | None:
    return None if value is None or value <= 0 else math.floor(value + 0.5)


# --- shared with the other workout apps -----------------------------------------------------


def csv_header(source: Source) -> list[str]:
    """The column names on a file's first line, split the way ``csv_rows`` will split them;
    empty for a file that is not text."""
    head = source.head()
    if b"\x00" in head[:4096] or head.startswith(b"PK\x03\x04"):
        return []
    first = head.decode("utf-8-sig", errors="replace").split("\n", 1)[0].rstrip("\r")
    if not first:
        return []
    delimiter = max((",", ";", "\t"), key=first.count)
    return [name.strip() for name in next(csv.reader([first], delimiter=delimiter))]


class Cells:
    """One row's cells, read with refusals that name the file, row and column."""

    def __init__(self, file: str, row_number: int, row: dict[str, str]) -> None:
        self.file, self.row_number, self.row = file, row_number, row

    def value(self, column: str, read):
        text = self.row.get(column, "")
        try:
            return read(text)
        except (ValueError, KeyError):
            raise ImportRefused(
                f"'{text}' cannot be read here.", self.file, self.row_number, column
            ) from None

    def number(self, column: str) -> float | None:
        return self.value(column, number)

    def datetime(self, column: str, read) -> dt.datetime:
        text = self.row.get(column, "")
        try:
            return read(text)
        except ValueError:
            shown = f"'{text}' is not a date and time" if text else "the date is missing"
            raise ImportRefused(f"{shown}.", self.file, self.row_number, column) from None


@dataclass
class Workout:
    """A workout as read from the rows, before it becomes a strength ``Entry``."""

    start: dt.datetime
    title: str
    first_row: int
    """The row of the workout's first set (until a set is seen: its first row)."""
    minutes: float | None = None
    sets: dict[str, list[SetRow]] = field(default_factory=dict)
    """Exercise name -> its sets, in the order the exercises first appear (an exercise logged
    twice in one workout is one line in the tracker)."""
    notes: list[str] = field(default_factory=list)
    exercise_notes: dict[str, str] = field(default_factory=dict)

    def add_set(self, exercise: str, item: SetRow, row: int) -> None:
        if not self.sets:
            self.first_row = row
        self.sets.setdefault(exercise, []).append(item)

    def add_note(self, text: str) -> None:
        text = _clean(text)
        if text and text not in self.notes:
            self.notes.append(text)

    def add_exercise_note(self, exercise: str, text: str) -> None:
        text = _clean(text)
        if text and exercise:
            self.exercise_notes.setdefault(exercise, text)


def _clean(text: str) -> str:
    """A note as apps write it made plain: literal ``\\n`` (Hevy) and CR line ends become
    newlines, other control characters go."""
    text = text.replace("\\n", "\n").replace("\r\n", "\n").replace("\r", "\n")
    if not text.isprintable():
        text = "".join(
            char for char in text if char in "\n\t" or unicodedata.category(char) != "Cc"
        )
    return text.strip()


def add_workout(parsed: Parsed, file: str, workout: Workout) -> None:
    """The workout as one strength session in ``parsed``, kept within what the tracker
    accepts (what had to give is said in ``parsed.notes`` or counted in ``parsed.skipped``)."""
    sets = [item for items in workout.sets.values() for item in items]
    if not sets:
        parsed.skipped[NO_SETS_REASON] += 1
        return
    when = f"{workout.start:%Y-%m-%d %H:%M} {workout.title}".rstrip()
    minutes = math.floor(workout.minutes + 0.5) if workout.minutes is not None else 0
    if minutes < 1:
        parsed.skipped[NO_LENGTH_REASON] += 1
        return
    if minutes > MAX_MINUTES:
        parsed.notes.append(
            f"{when}: {minutes} minutes is longer than a session can be (was the timer left "
            f"running?); kept as {MAX_MINUTES} minutes."
        )
        minutes = MAX_MINUTES
    warmups = sum(item.kind == WARMUP for item in sets)
    if warmups:
        parsed.skipped[WARMUP_REASON] += warmups
    exercises = []
    for name, items in workout.sets.items():
        item = exercise_from_sets(name, items)
        if item is not None:
            if len(item.name) > NAME_MAX_CHARS:
                item = dataclasses.replace(item, name=item.name[: NAME_MAX_CHARS - 1] + "…")
            exercises.append(item)
    if len(exercises) > MAX_EXERCISES:
        parsed.notes.append(
            f"{when}: {len(exercises)} exercises; a session lists up to {MAX_EXERCISES}, so the "
            f"first {MAX_EXERCISES} were kept."
        )
        exercises = exercises[:MAX_EXERCISES]
    lines = [_clean(workout.title), *workout.notes]
    lines += [f"{name}: {text}" for name, text in workout.exercise_notes.items()]
    note = "\n".join(line for line in lines if line)
    if len(note) > NOTE_MAX_CHARS:
        note = note[: NOTE_MAX_CHARS - 1].rstrip() + "…"
    entry = Entry(
        Kind.STRENGTH,
        workout.start.date(),
        float(minutes),
        workout.start.time().replace(second=0, microsecond=0),
        label=session_focus([item.name for item in exercises]).value,
        note=note,
        exercises=tuple(exercises),
    )
    parsed.add(entry, file, workout.first_row)
