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
    the focus comes from the name (``tracker.rules.exercises.focus_of``, e.g. "squats" is lower)
and is
    ``upper`` when the name does not tell: the cautious choice, as it never counts as glute or leg
    work; a note asks the patient to change it if the session trained the legs;
  - rows typed ``Strength`` (single exercises with sets and reps but no minutes), "calorie
    adjustment" rows written by linked apps, and rows without minutes are skipped and counted.
"""

from __future__ import annotations

import re

from tracker import kinds
from tracker.domain import ActivityType, Entry, Focus, Kind, Meal
from tracker.formats.numbers import excerpt
from tracker.formats.validate import NOTE_MAX_CHARS
from tracker.imports.base import (
    MEALS,
    Cells,
    Context,
    Parsed,
    Source,
    csv_rows,
    header,
    recognised,
    snack_note,
    with_progress,
)
from tracker.rules.exercises import focus_of

NUTRITION, MEASUREMENT, EXERCISE = "nutrition", "measurement", "exercise"


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
        files = recognised(
            sources,
            _file_kind,
            "no MyFitnessPal Nutrition-Summary file found (a CSV starting 'Date,Meal').",
            needed=NUTRITION,
        )
        parsed = Parsed(self.name)
        other_meals: set[str] = set()
        for source, kind in with_progress(files, context):
            if kind == NUTRITION:
                other_meals |= _nutrition(source, parsed)
            elif kind == MEASUREMENT:
                _measurements(source, context, parsed)
            elif kind == EXERCISE:
                _exercises(source, parsed)
        if other_meals:
            parsed.notes.append(snack_note("MyFitnessPal", "meals", other_meals))
        found = {entry.kind for entry in parsed.entries}
        if Kind.WEIGHT in found:
            parsed.notes.append(
                "MyFitnessPal's measurements carry no unit; weights were read as "
                f"{context.weight_unit.value}, the unit in your profile. If your MyFitnessPal "
                "account uses another unit, change yours before importing."
            )
        if Kind.STRENGTH in found:
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
    for row, texts in csv_rows(source, IMPORTER.title):
        cells = Cells(source.name, row, texts)
        day = cells.day("Date")
        meal_name = cells.text("Meal")
        protein = cells.number("Protein (g)")
        if not protein:
            parsed.skipped[SKIP_NO_PROTEIN] += 1
            continue
        meal = MEALS.get(meal_name.casefold())
        if meal is None:
            meal = Meal.SNACK
            other_meals.add(meal_name or "(no name)")
        time = cells.clock("Time")
        entry = Entry(
            Kind.PROTEIN,
            day,
            kinds.quantize(Kind.PROTEIN, protein),
            time=time,
            label=meal.value,
        )
        parsed.add(entry, source.name, row)
    return other_meals


def _measurements(source: Source, context: Context, parsed: Parsed) -> None:
    unit = context.weight_unit.value
    for row, texts in csv_rows(source, IMPORTER.title):
        cells = Cells(source.name, row, texts)
        day = cells.day("Date")
        for column, text in texts.items():
            if column not in ("Date", "Weight") and text:
                reason = f"MyFitnessPal measurement '{excerpt(column)}' (no unit in the file)"
                parsed.skipped[reason] += 1
        weight = cells.number("Weight")
        if not weight:
            parsed.skipped[SKIP_NO_WEIGHT] += 1
            continue
        value = kinds.quantize(Kind.WEIGHT, kinds.to_metric(Kind.WEIGHT, weight, unit))
        parsed.add(Entry(Kind.WEIGHT, day, value), source.name, row)


def _exercises(source: Source, parsed: Parsed) -> None:
    for row, texts in csv_rows(source, IMPORTER.title):
        cells = Cells(source.name, row, texts)
        day = cells.day("Date")
        name = " ".join(cells.text("Exercise").replace('"', " ").split())
        lowered = name.lower()
        if "calorie adjustment" in lowered:
            parsed.skipped[SKIP_ADJUSTMENT] += 1
            continue
        if cells.text("Type").strip().lower() == "strength":
            parsed.skipped[SKIP_STRENGTH_EXERCISE] += 1
            continue
        minutes = cells.number("Exercise Minutes")
        if not minutes or minutes < 0:
            parsed.skipped[SKIP_NO_MINUTES] += 1
            continue
        note = name[:NOTE_MAX_CHARS]
        if _STRENGTH.search(lowered):
            focus = focus_of(name) or Focus.UPPER
            value = kinds.quantize(Kind.STRENGTH, minutes)
            entry = Entry(Kind.STRENGTH, day, value, label=focus.value, note=note)
        else:
            activity = next(
                (kind for pattern, kind in _ACTIVITIES if pattern.search(lowered)),
                ActivityType.OTHER,
            )
            value = kinds.quantize(Kind.ACTIVITY, minutes)
            entry = Entry(Kind.ACTIVITY, day, value, label=activity.value, note=note)
        parsed.add(entry, source.name, row)


# --- telling the files apart -----------------------------------------------------------------


def _file_kind(source: Source) -> str | None:
    names = header(source, lower=True)
    if names[:2] == ["date", "meal"] and "protein (g)" in names:
        return NUTRITION
    if names[:3] == ["date", "exercise", "type"] and "exercise minutes" in names:
        return EXERCISE
    if names[:2] == ["date", "weight"]:
        return MEASUREMENT
    return None
