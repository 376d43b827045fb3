"""Renpho's scale app export (a CSV from the app's data screen). Two layouts are in circulation:

* older app: ``Time of Measurement,Weight(lb),BMI,Body Fat(%),Fat-free Body Weight(lb),…,Remarks``
  with ``"July 4, 2022 9:34:26 AM"`` (seen in a real file) or ``2024-01-01 10:20:30``, and ``--``
  for what the scale did not measure;
* newer app: ``Date, Time, Weight(kg),BMI,Body Fat(%),Skeletal Muscle(%),Fat-Free Mass(kg),…``
  (a space after some commas), the date in the phone's format: ``02/04/2026``, ``2026.04.02``.

Each row gives a **weight**, and when the scale measured body composition a **body fat** (the
``Body Fat(%)`` column) and a **lean mass**: the fat-free mass column, which Renpho computes as
weight - fat mass (164.2 lb at 12.7 % gives 143.4 lb), the same definition the tracker uses for
Withings. ``Muscle Mass`` (which leaves out bone) and the other columns are not imported. The unit
is in the headers (``(kg)``, ``(lb)``).

A date like ``02/04/2026`` can be day/month or month/day. The file decides: a first number above
12 anywhere means day first, a second number above 12 means month first; failing that, a reading
that would put a weigh-in after tomorrow is ruled out. When both readings remain possible the
file is refused rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from tracker import kinds
from tracker.domain import Entry, Kind
from tracker.formats.numbers import excerpt
from tracker.imports.base import (
    Cells,
    Context,
    ImportRefused,
    Parsed,
    Source,
    csv_rows,
    header,
    recognised,
    with_progress,
)

_MASS = re.compile(r"(?P<name>[^()]+?)\s*\((?P<unit>[^()]+)\)")
LEAN_NAMES = frozenset({"fat-free mass", "fat-free body weight"})

SKIP_NO_WEIGHT = "rows without a weight"


@dataclass(frozen=True)
class _Layout:
    """Column names as written; ``time`` is empty when the date column holds the time too."""

    date: str
    time: str
    weight: str
    weight_unit: str
    body_fat: str
    lean: str
    lean_unit: str


class RenphoImporter:
    name = "renpho"
    title = "Renpho"

    def accepts(self, sources: list[Source]) -> bool:
        return any(_layout(source) is not None for source in sources)

    def parse(self, sources: list[Source], context: Context) -> Parsed:
        files = recognised(
            sources,
            _layout,
            "no Renpho export found (a CSV with 'Weight(kg)' and 'Body Fat(%)').",
        )
        parsed = Parsed(self.name)
        for source, layout in with_progress(files, context):
            if layout is not None:
                _measurements(source, layout, context, parsed)
        if any(entry.kind is Kind.LEAN_MASS for entry in parsed.entries):
            parsed.notes.append(
                "Lean mass is Renpho's fat-free mass (weight minus fat mass). Renpho's muscle "
                "mass, which leaves out bone, is not imported."
            )
        return parsed


IMPORTER = RenphoImporter()


def _layout(source: Source) -> _Layout | None:
    names = header(source)
    lowered = [name.lower() for name in names]
    if lowered[:1] == ["time of measurement"]:
        date, time = names[0], ""
    elif lowered[:2] == ["date", "time"]:
        date, time = names[0], names[1]
    else:
        return None
    weight = body_fat = lean = None
    for column in names:
        match = _MASS.fullmatch(column)
        if not match:
            continue
        name, unit = match["name"].lower(), match["unit"].strip()
        if name == "weight" and weight is None:
            weight = (column, unit)
        elif name == "body fat" and unit == "%":
            body_fat = column
        elif name in LEAN_NAMES and lean is None:
            lean = (column, unit)
    if weight is None or body_fat is None:
        return None
    lean_column, lean_unit = lean or ("", "")
    return _Layout(date, time, weight[0], weight[1], body_fat, lean_column, lean_unit)


def _unit(text: str, column: str, source: Source) -> str:
    unit = kinds.canonical_unit(Kind.WEIGHT, text)
    if unit is None:
        raise ImportRefused(f"'{excerpt(text)}' is not kg or lb.", source.name, 1, column)
    return unit


def _measurements(source: Source, layout: _Layout, context: Context, parsed: Parsed) -> None:
    weight_unit = _unit(layout.weight_unit, layout.weight, source)
    lean_unit = _unit(layout.lean_unit, layout.lean, source) if layout.lean else ""
    dates = (texts.get(layout.date, "") for _, texts in csv_rows(source, IMPORTER.title))
    day_first = _day_first(dates, context, source)  # a first pass: the rows are not kept
    for row, texts in csv_rows(source, IMPORTER.title):
        cells = Cells(source.name, row, texts)
        day, time = _moment(cells, layout, day_first)
        weight = cells.number(layout.weight)
        if not weight:
            parsed.skipped[SKIP_NO_WEIGHT] += 1
            continue
        weight_kg = kinds.to_metric(Kind.WEIGHT, weight, weight_unit)
        entries = [Entry(Kind.WEIGHT, day, kinds.quantize(Kind.WEIGHT, weight_kg), time)]
        body_fat = cells.number(layout.body_fat)
        if body_fat:
            entries.append(Entry(Kind.BODY_FAT, day, kinds.quantize(Kind.BODY_FAT, body_fat), time))
        lean = cells.number(layout.lean) if layout.lean else None
        if lean:
            lean_kg = kinds.to_metric(Kind.LEAN_MASS, lean, lean_unit)
            entries.append(
                Entry(Kind.LEAN_MASS, day, kinds.quantize(Kind.LEAN_MASS, lean_kg), time)
            )
        for entry in entries:
            parsed.add(entry, source.name, row)


# --- dates in the phone's format ---------------------------------------------------------------

_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_YEAR_FIRST = re.compile(r"(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def _day_first(texts: Iterable[str], context: Context, source: Source) -> bool:
    """For ``nn/nn/yyyy`` dates: whether the day comes first, as the whole file shows it. A
    reading is ruled out by a date it cannot make, or one after tomorrow."""
    tomorrow = context.today + dt.timedelta(days=1)
    possible = {True: True, False: True}
    example = ""
    for text in texts:
        match = _SLASHED.match(text.strip())
        if not match:
            continue
        example = example or text.strip()
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        for day_first in (True, False):
            if not possible[day_first]:
                continue
            try:
                day = dt.date(year, second, first) if day_first else dt.date(year, first, second)
            except ValueError:
                possible[day_first] = False
                continue
            possible[day_first] = day <= tomorrow
    if not example:
        return True
    readings = [day_first for day_first, left in possible.items() if left]
    if len(readings) == 1:
        return readings[0]
    reason = (
        "can be read as day/month or as month/day, and nothing in the file tells which"
        if readings
        else "fit neither day/month nor month/day"
    )
    raise ImportRefused(
        f"the dates (like {excerpt(example)}) {reason}. Export again when the file holds a day "
        "after the 12th, or enter these weigh-ins by hand.",
        source.name,
    )


_STAMP_FORMATS = ("%B %d, %Y %I:%M:%S %p", "%B %d, %Y %I:%M %p")


def _moment(cells: Cells, layout: _Layout, day_first: bool) -> tuple[dt.date, dt.time | None]:
    text = cells.text(layout.date).strip()
    try:
        if layout.time:
            return _date(text, day_first), cells.clock(layout.time)
        stamp = _stamp(text)
        return stamp.date(), stamp.time().replace(second=0, microsecond=0)
    except ValueError:
        raise cells.refused(
            f"'{excerpt(text)}' is not a date Renpho writes.", layout.date
        ) from None


def _stamp(text: str) -> dt.datetime:
    """'July 4, 2022 9:34:26 AM' or '2024-01-01 10:20:30' (the older app's one column)."""
    for pattern in _STAMP_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
    return dt.datetime.fromisoformat(text)


def _date(text: str, day_first: bool) -> dt.date:
    """'2026.04.02', '2026-04-02', '02.04.2026' (day first) or '02/04/2026' (as the file says)."""
    if match := _YEAR_FIRST.fullmatch(text):
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    if match := _DOTTED.fullmatch(text):
        return dt.date(int(match[3]), int(match[2]), int(match[1]))
    if match := _SLASHED.fullmatch(text):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        return dt.date(year, second, first) if day_first else dt.date(year, first, second)
    raise ValueError(text)
