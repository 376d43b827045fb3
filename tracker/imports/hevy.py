"""Hevy's ``workout_data.csv``: one row per set, one strength session per workout.

Workouts come newest first, told apart by ``title`` and ``start_time``; times are local and
written ``8 Apr 2026, 16:50``. Loads are ``weight_kg``, or ``weight_lbs`` for imperial accounts;
``set_type`` is ``normal``, ``warmup``, ``failure`` or ``dropset``; a timed set has only
``duration_seconds``; ``description`` and ``exercise_notes`` repeat on every row of their
workout or exercise, with line breaks written as a literal ``\\n``.
"""

from __future__ import annotations

import datetime as dt
import re

from tracker.imports.base import Cells, Context, ImportRefused, Parsed, Source, csv_rows, header
from tracker.imports.workouts import WARMUP, SetRow, Workout, add_workout, load_in_kg, whole

_CORE = frozenset({"title", "start_time", "end_time", "exercise_title", "set_type", "reps"})
_WEIGHT_COLUMNS = ("weight_kg", "weight_lbs")
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_TIME = re.compile(
    r"(?P<day>\d{1,2})\s+(?P<month>[a-z]{3,9})\.?\s+(?P<year>\d{4}),?\s+"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2})?\s*(?P<half>am|pm)?",
    re.IGNORECASE,
)
_SET_KINDS = {"warmup": WARMUP, "failure": "failure", "dropset": "dropset"}


class HevyImporter:
    name = "hevy"
    title = "Hevy"

    def accepts(self, sources: list[Source]) -> bool:
        return sum(_is_hevy(header(source)) for source in sources) == 1

    def parse(self, sources: list[Source], context: Context) -> Parsed:
        parsed = Parsed(self.name)
        mine = [source for source in sources if _is_hevy(header(source))]
        if not mine:
            raise ImportRefused("this is not a Hevy export (its header does not match).")
        for source in mine:
            _parse_one(source, parsed)
        context.progress(1.0)
        return parsed


IMPORTER = HevyImporter()


def _is_hevy(names: list[str]) -> bool:
    columns = set(names)
    return columns >= _CORE and any(name in columns for name in _WEIGHT_COLUMNS)


def hevy_datetime(text: str) -> dt.datetime:
    """``8 Apr 2026, 16:50`` (also ``08 April 2026, 4:50 PM``) as a local date and time."""
    match = _TIME.fullmatch(text.strip())
    if not match:
        raise ValueError(text)
    month = _MONTHS.get(match.group("month")[:3].lower())
    hour = int(match.group("hour"))
    half = (match.group("half") or "").lower()
    if month is None or (half and not 1 <= hour <= 12):
        raise ValueError(text)
    if half:
        hour = hour % 12 + (12 if half == "pm" else 0)
    return dt.datetime(
        int(match.group("year")), month, int(match.group("day")), hour, int(match.group("minute"))
    )


def _parse_one(source: Source, parsed: Parsed) -> None:
    columns = set(header(source))
    weight_column, unit = ("weight_kg", "kg") if "weight_kg" in columns else ("weight_lbs", "lb")
    seconds_column = "duration_seconds" if "duration_seconds" in columns else None
    workouts: dict[tuple[str, str], Workout] = {}
    for row_number, row in csv_rows(source, IMPORTER.title):
        cells = Cells(source.name, row_number, row)
        start = cells.datetime("start_time", hevy_datetime)
        title = cells.text("title")
        key = (title, cells.text("start_time"))
        workout = workouts.get(key)
        if workout is None:
            workout = workouts[key] = Workout(start, title, row_number)
            end = cells.datetime("end_time", hevy_datetime)
            workout.minutes = (end - start).total_seconds() / 60
            workout.add_note(cells.text("description"))
        exercise = cells.text("exercise_title")
        if not exercise:
            parsed.skipped["rows without an exercise name"] += 1
            continue
        workout.add_set(
            exercise,
            SetRow(
                load_kg=load_in_kg(cells.number(weight_column), unit),
                reps=whole(cells.number("reps")),
                seconds=cells.number(seconds_column) if seconds_column else None,
                kind=_SET_KINDS.get(cells.text("set_type").lower(), "normal"),
            ),
            row_number,
        )
        workout.add_exercise_note(exercise, cells.text("exercise_notes"))
    for workout in sorted(workouts.values(), key=lambda w: w.start):
        add_workout(parsed, source.name, workout)
