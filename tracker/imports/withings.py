"""Withings' account data download: ``weight.csv`` (alone, or with the rest of the download's
zip, which is left out).

    Date,"Weight (kg)","Fat mass (kg)","Bone mass (kg)","Muscle mass (kg)","Hydration (kg)",Comments

Rows are newest first (the order does not matter), the date local with no offset
(``"2026-03-15 08:22:10"``, seconds dropped). Headers follow the account's language: English and
German (``Gewicht (kg)``, ``Fettmasse (kg)``) are recognised, the only two seen in real files.
The unit is in each header: ``(kg)``, or ``(lb)`` for a pound account.

Each row gives:

* **weight**;
* **body fat** = fat mass / weight x 100 (1 decimal);
* **lean mass** = weight - fat mass: the fat-free mass, which is what the tracker calls lean
  mass. Withings' ``Muscle mass`` column is *not* used: it leaves out bone (muscle + bone =
  fat-free mass; 55.09 + 3.02 + 35.77 = 93.88 kg on the sample's 03-15 row), so it is about 3 kg
  below lean mass and would read as a loss of muscle next to lean mass from other sources.

A row with only a weight (``95.31,,,,,``: a weigh-in without body composition) gives only a
weight. Bone mass, muscle mass, hydration and comments are not imported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tracker import kinds
from tracker.domain import Entry, Kind
from tracker.imports.base import (
    Cells,
    Context,
    Parsed,
    Source,
    csv_rows,
    header,
    recognised,
    with_progress,
)

DATE_NAMES = frozenset({"date", "datum"})
WEIGHT_NAMES = frozenset({"weight", "gewicht"})
FAT_NAMES = frozenset({"fat mass", "fettmasse"})
"""Column names (lower-cased, without the unit) in the languages seen in real exports."""

_UNIT = re.compile(r"(?P<name>[^()]+?)\s*\((?P<unit>kg|lbs?)\)", re.IGNORECASE)

SKIP_NO_WEIGHT = "rows without a weight"


class WithingsImporter:
    name = "withings"
    title = "Withings"

    def accepts(self, sources: list[Source]) -> bool:
        return any(_layout(source) is not None for source in sources)

    def parse(self, sources: list[Source], context: Context) -> Parsed:
        files = recognised(
            sources,
            _layout,
            "no Withings weight.csv found (a CSV with 'Weight (kg)' and 'Fat mass (kg)').",
        )
        parsed = Parsed(self.name)
        for source, layout in with_progress(files, context):
            if layout is not None:
                _weights(source, layout, parsed)
        if any(entry.kind is Kind.LEAN_MASS for entry in parsed.entries):
            parsed.notes.append(
                "Lean mass is weight minus fat mass. Withings' muscle mass, which leaves out "
                "bone, is not imported."
            )
        return parsed


IMPORTER = WithingsImporter()


@dataclass(frozen=True)
class _Layout:
    """Where the columns are (their names as written) and the unit of each mass."""

    date: str
    weight: str
    weight_unit: str
    fat: str
    fat_unit: str


def _layout(source: Source) -> _Layout | None:
    names = header(source)
    if not names or names[0].lower() not in DATE_NAMES:
        return None
    weight = fat = None
    for column in names:
        match = _UNIT.fullmatch(column)
        if not match:
            continue
        name, unit = match["name"].lower(), "lb" if match["unit"].lower() != "kg" else "kg"
        if name in WEIGHT_NAMES and weight is None:
            weight = (column, unit)
        elif name in FAT_NAMES and fat is None:
            fat = (column, unit)
    if weight is None or fat is None:
        return None
    return _Layout(names[0], weight[0], weight[1], fat[0], fat[1])


def _weights(source: Source, layout: _Layout, parsed: Parsed) -> None:
    for row, texts in csv_rows(source, IMPORTER.title):
        cells = Cells(source.name, row, texts)
        day, time = _moment(cells, layout.date)
        weight = cells.number(layout.weight)
        if not weight:
            parsed.skipped[SKIP_NO_WEIGHT] += 1
            continue
        weight_kg = kinds.to_metric(Kind.WEIGHT, weight, layout.weight_unit)
        entries = [Entry(Kind.WEIGHT, day, kinds.quantize(Kind.WEIGHT, weight_kg), time)]
        fat = cells.number(layout.fat)
        if fat:
            fat_kg = kinds.to_metric(Kind.WEIGHT, fat, layout.fat_unit)
            body_fat = kinds.quantize(Kind.BODY_FAT, fat_kg / weight_kg * 100)
            lean = kinds.quantize(Kind.LEAN_MASS, weight_kg - fat_kg)
            entries.append(Entry(Kind.BODY_FAT, day, body_fat, time))
            entries.append(Entry(Kind.LEAN_MASS, day, lean, time))
        for entry in entries:
            parsed.add(entry, source.name, row)


def _moment(cells: Cells, column: str) -> tuple[dt.date, dt.time | None]:
    """'2026-03-15 08:22:10' -> (day, 08:22); a date alone has no time. The clock time is taken
    as written: it is the patient's local time."""
    moment = cells.datetime(column, dt.datetime.fromisoformat, like="2026-03-15 08:22:10")
    if len(cells.text(column)) <= 10:
        return moment.date(), None
    return moment.date(), moment.time().replace(second=0, microsecond=0)
