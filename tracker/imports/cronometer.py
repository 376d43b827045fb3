"""Cronometer's export (web app: More > Account > Export Data): ``servings.csv`` ("Food & Recipe
Entries") and ``biometrics.csv``, uploaded alone, together, or in a zip with the other export
files (``dailysummary.csv``, ``exercises.csv``, ...), which are left out with a note. Files are
told apart by their header, not their name; columns are looked up by name (case-insensitive),
as the nutrient columns depend on the account and the app version.

* servings (``Day,Time,Group,Food Name,Amount,…,Protein (g),…``): one row per food logged.
  **protein**: the ``Protein (g)`` of the foods summed per day and diary group, one entry per
  group, timed at the group's earliest ``Time`` (often empty: no time). Groups are user-defined:
  ``Breakfast``, ``Lunch``, ``Dinner`` and ``Snacks`` (any case) map to the tracker's meals, any
  other (``Supplements``) to ``snack`` with a note; two groups that both map to snack stay two
  entries. An empty protein cell (a nutrient Cronometer does not know for that food) counts as
  0 g; a group with no protein at all is skipped and counted. Group totals are rounded to the
  stored 0.1 g so that a day's meals add up to the day's total rounded (Cronometer's figure):
  each group gets the rounded running total minus the rounded total before it, so a meal may
  differ from its own rounding by 0.1 g (02-24 of the sample: meals 22.6 + 25.3 + 60.1 + 5.9 =
  113.9 g, where rounding each alone would give 60.0 and a day of 113.8 g).
* **water**: Cronometer logs water as a food. A row is water when its food name is made of
  water words only (``Tap Water``, ``Water``, ``Bottled Water``, ``Water, tap, drinking``,
  ``Sparkling Mineral Water``; not ``Coconut Water`` or ``Watermelon``). Such a row's
  ``Water (g)`` is read as mL (1 g = 1 mL), and the water rows of a day are added up into one
  water entry for the day (timed at the earliest, usually none): separate untimed glasses of the
  same size would otherwise look like one glass logged twice. ``Water (g)`` is never summed over
  the other foods: every food carries its moisture there. Files without that column (older
  exports) fall back to the row's ``Amount`` when it is in g, mL, L, cups or fl oz. Water rows
  are left out of protein.
* biometrics (``Day,Time,Group,Metric,Unit,Amount``): ``Weight`` (kg or lbs) -> weight,
  ``Body Fat`` (%) -> body fat, ``Waist`` (cm or in) -> waist, each timed by ``Time``
  (``7:10 AM``; empty: no time). Other metrics (sleep, heart rate, blood glucose) are skipped and
  counted by name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePosixPath

from tracker import kinds
from tracker.domain import Entry, Kind, Meal
from tracker.formats.numbers import excerpt
from tracker.imports.base import (
    MEALS,
    Cells,
    Context,
    Parsed,
    Source,
    csv_rows,
    header,
    number,
    recognised,
    snack_note,
    with_progress,
)
from tracker.units import ML_PER_FL_OZ

SERVINGS, BIOMETRICS = "servings", "biometrics"
SERVINGS_START = ["day", "time", "group", "food name", "amount"]
BIOMETRICS_HEADER = ["day", "time", "group", "metric", "unit", "amount"]


WATER_WORDS = frozenset(
    {
        "water",
        "tap",
        "bottled",
        "mineral",
        "spring",
        "sparkling",
        "still",
        "filtered",
        "purified",
        "distilled",
        "drinking",
        "plain",
        "carbonated",
        "municipal",
        "beverages",
        "generic",
    }
)
"""A food is water when its name holds 'water' and no word outside these."""

METRICS: dict[str, Kind] = {
    "weight": Kind.WEIGHT,
    "body weight": Kind.WEIGHT,
    "body fat": Kind.BODY_FAT,
    "body fat %": Kind.BODY_FAT,
    "waist": Kind.WAIST,
    "waist circumference": Kind.WAIST,
}
"""Cronometer biometric names (case-folded) the tracker keeps."""

ML_PER = {"g": 1.0, "ml": 1.0, "l": 1000.0, "cup": 236.5882365, "fl oz": ML_PER_FL_OZ}
"""Amount units a water row can be converted from when the file has no ``Water (g)``."""

SKIP_NO_PROTEIN = "meals with no protein (0 g or empty)"
SKIP_WATER_AMOUNT = "water rows whose amount is not in g, mL, L, cups or fl oz"
SKIP_NO_VALUE = "biometric rows without a value"


class CronometerImporter:
    name = "cronometer"
    title = "Cronometer"

    def accepts(self, sources: list[Source]) -> bool:
        return any(_file_kind(source) is not None for source in sources)

    def parse(self, sources: list[Source], context: Context) -> Parsed:
        files = recognised(
            sources, _file_kind, "no Cronometer servings.csv or biometrics.csv found."
        )
        parsed = Parsed(self.name)
        other_groups: set[str] = set()
        ignored = []
        for source, kind in with_progress(files, context):
            if kind == SERVINGS:
                other_groups |= _servings(source, parsed)
            elif kind == BIOMETRICS:
                _biometrics(source, parsed)
            else:
                ignored.append(PurePosixPath(source.name).name)
        if other_groups:
            parsed.notes.append(snack_note("Cronometer", "groups", other_groups))
        if any(entry.kind is Kind.WATER for entry in parsed.entries):
            parsed.notes.append(
                "Water comes from the foods named water (such as Tap Water); the water inside "
                "other foods is not counted."
            )
        if ignored:
            parsed.notes.append(f"Not read (not needed by the tracker): {', '.join(ignored)}.")
        return parsed


IMPORTER = CronometerImporter()


# --- servings: protein per day and group, water per day ---------------------------------------


@dataclass
class _Group:
    """A day's diary group (or a day's water) being added up: its first row, earliest time."""

    name: str
    row: int
    total: float = 0.0
    time: dt.time | None = None

    def add(self, amount: float, time: dt.time | None) -> None:
        self.total += amount
        if time is not None and (self.time is None or time < self.time):
            self.time = time


def _servings(source: Source, parsed: Parsed) -> set[str]:
    """Adds protein and water; returns the group names recorded as snack."""
    groups: dict[tuple[dt.date, str], _Group] = {}
    water: dict[dt.date, _Group] = {}
    for row, texts in csv_rows(source, IMPORTER.title):
        cells = Cells(source.name, row, texts, lower=True)
        day = cells.day("Day")
        time = cells.clock("Time")
        if is_water(cells.text("Food Name")):
            millilitres = _water_ml(cells)
            if millilitres is None:
                parsed.skipped[SKIP_WATER_AMOUNT] += 1
            else:
                water.setdefault(day, _Group("water", row)).add(millilitres, time)
            continue
        name = cells.text("Group")
        group = groups.setdefault((day, name.casefold()), _Group(name, row))
        group.add(cells.number("Protein (g)") or 0.0, time)
    other_groups: set[str] = set()
    eaten: dict[dt.date, float] = defaultdict(float)
    for (day, key), group in groups.items():
        # Rounded so that a day's meals add up to the day's total as Cronometer shows it.
        before = round(eaten[day], 1)
        eaten[day] += group.total
        protein = kinds.quantize(Kind.PROTEIN, round(eaten[day], 1) - before)
        if protein <= 0:
            parsed.skipped[SKIP_NO_PROTEIN] += 1
            continue
        meal = MEALS.get(key)
        if meal is None:
            meal = Meal.SNACK
            other_groups.add(group.name or "(no group)")
        entry = Entry(Kind.PROTEIN, day, protein, time=group.time, label=meal.value)
        parsed.add(entry, source.name, group.row)
    for day, drunk in water.items():
        millilitres = kinds.quantize(Kind.WATER, drunk.total)
        if millilitres > 0:
            parsed.add(Entry(Kind.WATER, day, millilitres, time=drunk.time), source.name, drunk.row)
    return other_groups


def is_water(food_name: str) -> bool:
    """Whether a food is plain water, by its name (see ``WATER_WORDS``)."""
    words = set(re.findall(r"[a-z]+", food_name.lower()))
    return "water" in words and words <= WATER_WORDS


def _water_ml(cells: Cells) -> float | None:
    """A water row's ``Water (g)`` as mL, else its ``Amount`` if in a volume or g; else None."""
    grams = cells.number("Water (g)")
    return grams if grams is not None else _amount_ml(cells.text("Amount"))


def _amount_ml(amount: str) -> float | None:
    """'500.00 g', '2.00 cup', '8 fl oz' in mL; None for other units ('1.00 bottle')."""
    match = re.fullmatch(r"([\d.,]+)\s*([a-z. ]+?)s?", amount.strip().lower())
    if not match or match[2].replace(".", "") not in ML_PER:
        return None
    try:
        value = number(match[1])
    except ValueError:
        return None
    return None if value is None else value * ML_PER[match[2].replace(".", "")]


# --- biometrics ---------------------------------------------------------------------------------


def _biometrics(source: Source, parsed: Parsed) -> None:
    for row, texts in csv_rows(source, IMPORTER.title):
        cells = Cells(source.name, row, texts, lower=True)
        metric = cells.text("Metric")
        kind = METRICS.get(" ".join(metric.casefold().split()))
        if kind is None:
            parsed.skipped[f"Cronometer metric '{excerpt(metric)}' (not tracked)"] += 1
            continue
        day = cells.day("Day")
        time = cells.clock("Time")
        amount = cells.number("Amount")
        if amount is None:
            parsed.skipped[SKIP_NO_VALUE] += 1
            continue
        unit_text = cells.text("Unit")
        unit = kinds.canonical_unit(kind, unit_text)
        if unit is None:
            accepted = ", ".join(kinds.accepted_units(kind))
            raise cells.refused(
                f"{excerpt(metric)} in '{excerpt(unit_text)}' cannot be read; the tracker takes "
                f"{accepted}.",
                "Unit",
            )
        value = kinds.quantize(kind, kinds.to_metric(kind, amount, unit))
        parsed.add(Entry(kind, day, value, time=time), source.name, row)


# --- telling the files apart -----------------------------------------------------------------


def _file_kind(source: Source) -> str | None:
    names = header(source, lower=True)
    if names[:5] == SERVINGS_START and "protein (g)" in names:
        return SERVINGS
    if names[:6] == BIOMETRICS_HEADER:
        return BIOMETRICS
    return None
