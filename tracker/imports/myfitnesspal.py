"""MyFitnessPal's Premium export ("Export data"): a zip of three CSVs, or any of them uploaded
together with the nutrition CSV. Files are told apart by their header, not their name.

* ``Nutrition-Summary-….csv``, ``Date,Meal,[Time,]Calories,…,Protein (g),…,Note``: one row per day
  and meal, and one **protein** entry per row with the row's ``Protein (g)``. Meal names are the
  user's: ``Breakfast``, ``Lunch``, ``Dinner`` and ``Snacks`` (any case) map to the tracker's
  meals, any other name (``Post-Workout``) to ``snack``, with a note naming it. The ``Time``
  column of newer exports is read when filled (``7:10 AM``, ``19:05``); usually it is empty and
  the entry has no time. A row with 0 g protein (or an empty cell) is skipped and counted: the
  tracker logs protein per meal, and a meal without protein adds nothing to it.
* ``Measurement-Summary-….csv``, ``Date,Weight``: **weight**. The file has no unit (it is the
  account's), so weights are read in the patient's unit (``Context.weight_unit``) and a note says
  so. Other measurement columns (neck, waist, hips, also without a unit) are counted as skipped.
* ``Exercise-Summary-….csv``, ``Date,Exercise,Type,…,Exercise Minutes,…``: exercise names hold
  quotes (``"Walking, 3.5 mph, brisk pace"``); the name goes into the entry's note.

  - a name with "walk" becomes **activity** ``walk`` of its minutes; "cycl"/"bik"/"spinning"
    ``cycle``; "swim" ``swim``; any other cardio (running, elliptical, generic) ``other``;
  - a name saying strength, weight lifting or training, resistance or circuit training
    ("Strength training (weight lifting, weight training)", which MyFitnessPal types as
    ``Cardio``) becomes a **strength** session of its minutes. The export lists no exercises, so
    the focus comes from the name (``tracker.exercises.focus_of``, e.g. "squats" is lower) and is
    ``upper`` when the name does not tell: the cautious choice, as it never counts as glute or leg
    work; a note asks the patient to change it if the session trained the legs;
  - rows typed ``Strength`` (single exercises with sets and reps but no minutes), "calorie
    adjustment" rows written by linked apps, and rows without minutes are skipped and counted.
"""

from __future__ import annotations

import csv
import datetime as dt
import re

from tracker import quantities
from tracker.domain import ActivityType, Entry, Focus, Kind, Meal
from tracker.exercises import focus_of
from tracker.imports.base import Context, ImportRefused, Parsed, Source, csv_rows, number
from tracker.validate import NOTE_MAX_CHARS

NUTRITION, MEASUREMENT, EXERCISE = "nutrition", "measurement", "exercise"

MEALS: dict[str, Meal] = {
    "breakfast": Meal.BREAKFAST,
    "lunch": Meal.LUNCH,
    "dinner": Meal.DINNER,
    "snacks": Meal.SNACK,
    "snack": Meal.SNACK,
}
"""MyFitnessPal's default meal names (case-folded); any other name is recorded as a snack."""

_STRENGTH = re.compile(
    r"strength|weight ?lifting|weight training|resistance training|circuit training"
)
_ACTIVITIES: tuple[tuple[re.Pattern[str], ActivityType], ...] = (
    (re.compile(r"walk"), ActivityType.WALK),
    (re.compile(r"cycl|bik|spinning"), ActivityType.CYCLE),
    (re.compile(r"swim"), ActivityType.SWIM),
)

SKIP_NO_PROTEIN = "meals with no protein (0 g or empty)"
SKIP_NO_WEIGHT = "measurement rows without a weight"
SKIP_STRENGTH_EXERCISE = "strength exercises logged as sets and reps, without minutes"
SKIP_ADJUSTMENT = "calorie adjustments from linked apps (not exercise)"
SKIP_NO_MINUTES = "exercise rows without minutes"


class MyFitnessPalImporter:
    name = "myfitnesspal"
    title = "MyFitnessPal"

    def accepts(self, sources: list[Source]) -> bool:
        return any(_file_kind(source) == NUTRITION for source in sources)

    def parse(self, sources: list[Source], context: Context) -> Parsed:
        files = [(source, _file_kind(source)) for source in sources]
        if not any(kind == NUTRITION for _, kind in files):
            raise ImportRefused(
                "no MyFitnessPal Nutrition-Summary file found (a CSV starting 'Date,Meal').",
                sources[0].name if sources else "",
            )
        parsed = Parsed(self.name)
        other_meals: set[str] = set()
        for done, (source, kind) in enumerate(files, start=1):
            if kind == NUTRITION:
                other_meals |= _nutrition(source, parsed)
            elif kind == MEASUREMENT:
                _measurements(source, context, parsed)
            elif kind == EXERCISE:
                _exercises(source, parsed)
            context.progress(done / len(files))
        if other_meals:
            names = ", ".join(f"'{name}'" for name in sorted(other_meals))
            parsed.notes.append(
                f"MyFitnessPal meals {names} were recorded as snack: the tracker's meals are "
                "breakfast, lunch, dinner and snack."
            )
        kinds = {entry.kind for entry in parsed.entries}
        if Kind.WEIGHT in kinds:
            parsed.notes.append(
                "MyFitnessPal's measurements carry no unit; weights were read as "
                f"{context.weight_unit.value}, the unit in your profile. If your MyFitnessPal "
                "account uses another unit, change yours before importing."
            )
        if Kind.STRENGTH in kinds:
            parsed.notes.append(
                "MyFitnessPal 'Strength training' rows became strength sessions of their minutes. "
                "The export does not list the exercises, so the focus is upper unless the name "
                "says otherwise: change it if a session trained your legs or glutes."
            )
        return parsed


IMPORTER = MyFitnessPalImporter()


# --- the three files -------------------------------------------------------------------------


def _nutrition(source: Source, parsed: Parsed) -> set[str]:
    """Protein per row; returns the meal names that were recorded as snack."""
    other_meals: set[str] = set()
    for row, cells in csv_rows(source):
        day = _day(cells.get("Date", ""), source, row, "Date")
        meal_name = cells.get("Meal", "")
        protein = _number(cells, "Protein (g)", source, row)
        if not protein:
            parsed.skipped[SKIP_NO_PROTEIN] += 1
            continue
        meal = MEALS.get(meal_name.casefold())
        if meal is None:
            meal = Meal.SNACK
            other_meals.add(meal_name or "(no name)")
        time = _clock(cells.get("Time", ""), source, row, "Time")
        entry = Entry(
            Kind.PROTEIN,
            day,
            quantities.quantize(Kind.PROTEIN, protein),
            time=time,
            label=meal.value,
        )
        parsed.add(entry, source.name, row)
    return other_meals


def _measurements(source: Source, context: Context, parsed: Parsed) -> None:
    unit = context.weight_unit.value
    for row, cells in csv_rows(source):
        day = _day(cells.get("Date", ""), source, row, "Date")
        for column, text in cells.items():
            if column not in ("Date", "Weight") and text:
                parsed.skipped[f"MyFitnessPal measurement '{column}' (no unit in the file)"] += 1
        weight = _number(cells, "Weight", source, row)
        if not weight:
            parsed.skipped[SKIP_NO_WEIGHT] += 1
            continue
        value = quantities.quantize(Kind.WEIGHT, quantities.to_metric(Kind.WEIGHT, weight, unit))
        parsed.add(Entry(Kind.WEIGHT, day, value), source.name, row)


def _exercises(source: Source, parsed: Parsed) -> None:
    for row, cells in csv_rows(source):
        day = _day(cells.get("Date", ""), source, row, "Date")
        name = " ".join(cells.get("Exercise", "").replace('"', " ").split())
        lowered = name.lower()
        if "calorie adjustment" in lowered:
            parsed.skipped[SKIP_ADJUSTMENT] += 1
            continue
        if cells.get("Type", "").strip().lower() == "strength":
            parsed.skipped[SKIP_STRENGTH_EXERCISE] += 1
            continue
        minutes = _number(cells, "Exercise Minutes", source, row)
        if not minutes or minutes < 0:
            parsed.skipped[SKIP_NO_MINUTES] += 1
            continue
        note = name[:NOTE_MAX_CHARS]
        if _STRENGTH.search(lowered):
            focus = focus_of(name) or Focus.UPPER
            value = quantities.quantize(Kind.STRENGTH, minutes)
            entry = Entry(Kind.STRENGTH, day, value, label=focus.value, note=note)
        else:
            activity = next(
                (kind for pattern, kind in _ACTIVITIES if pattern.search(lowered)),
                ActivityType.OTHER,
            )
            value = quantities.quantize(Kind.ACTIVITY, minutes)
            entry = Entry(Kind.ACTIVITY, day, value, label=activity.value, note=note)
        parsed.add(entry, source.name, row)


# --- telling the files apart and reading their cells ------------------------------------------


def _header(source: Source) -> list[str]:
    """The first line's cells, stripped and lower-cased ([] for a file that is not text)."""
    lines = source.text_head(8 * 1024).splitlines()
    if not lines:
        return []
    delimiter = max((",", ";", "\t"), key=lines[0].count)
    return [cell.strip().lower() for cell in next(csv.reader([lines[0]], delimiter=delimiter))]


def _file_kind(source: Source) -> str | None:
    header = _header(source)
    if header[:2] == ["date", "meal"] and "protein (g)" in header:
        return NUTRITION
    if header[:3] == ["date", "exercise", "type"] and "exercise minutes" in header:
        return EXERCISE
    if header[:2] == ["date", "weight"]:
        return MEASUREMENT
    return None


def _number(cells: dict[str, str], column: str, source: Source, row: int) -> float | None:
    try:
        return number(cells.get(column, ""))
    except ValueError as error:
        raise ImportRefused(f"{error}.", source.name, row, column) from None


def _day(text: str, source: Source, row: int, column: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise ImportRefused(
            f"'{text}' is not a date like 2026-03-02.", source.name, row, column
        ) from None


_CLOCK_FORMATS = ("%I:%M %p", "%I:%M%p", "%I:%M:%S %p", "%H:%M", "%H:%M:%S")


def _clock(text: str, source: Source, row: int, column: str) -> dt.time | None:
    """'7:10 AM', '12:05 PM', '19:05' or '19:05:33' (seconds dropped); '' -> None."""
    text = text.strip()
    if not text:
        return None
    for pattern in _CLOCK_FORMATS:
        try:
            return dt.datetime.strptime(text.upper(), pattern).time().replace(second=0)
        except ValueError:
            continue
    raise ImportRefused(f"'{text}' is not a time like 7:10 AM.", source.name, row, column)
