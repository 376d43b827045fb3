"""The entries CSV: the tracker's own interchange format, read and written.

    date,time,kind,value,unit,label,note

One row per logged value (see the README for the full description). Two details go beyond a
single value, and both stay within the seven columns:

* a strength session's exercises follow it as ``exercise`` rows with the same date and time:
  value and unit are the load (empty for body-weight work), label is ``SETSxREPS`` (``3x10``),
  note is the exercise's name;
* a dose's injection site joins the drug in the label: ``semaglutide@thigh_left``, and a pain's
  qualities and triggers join its location: ``left_buttock@aching+sitting``.

Writing uses enough decimals that reading the file back gives the very same stored values, in
any unit. Text cells that a spreadsheet would run as a formula are prefixed with ``'``; reading
removes that prefix again, so notes survive the round trip exactly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import BinaryIO, NamedTuple, TextIO

from tracker import kinds
from tracker.domain import Entry, Exercise, InvalidEntry, Kind
from tracker.formats import validate
from tracker.formats.numbers import decimal, excerpt
from tracker.units import WaterUnit, WeightUnit, format_number

HEADER = ("date", "time", "kind", "value", "unit", "label", "note")
REQUIRED = ("date", "kind", "value")
EXERCISE = "exercise"
SITE_SEPARATOR = "@"
TAG_SEPARATOR = "+"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "|")
"""First characters that make Excel, LibreOffice or Sheets evaluate a cell (OWASP CSV injection)."""
ESCAPE = "'"
MAX_ERRORS_SHOWN = 20
MAX_ROW_CHARS = 10_000
"""The longest row read. A real row is far shorter (its longest cell, a note, holds 500
characters); a longer one is refused as soon as it is met, before it is read whole."""

_SETS_REPS = re.compile(r"^\s*(\d+)\s*[xX×]\s*(\d+)\s*$")


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, column '{self.column}': {self.message}"


class CsvRefused(InvalidEntry):
    """The file as a whole is refused; ``errors`` lists every row that is wrong."""

    def __init__(self, errors: Sequence[RowError], total: int | None = None) -> None:
        self.errors = list(errors)
        total = total if total is not None else len(self.errors)
        shown = "\n".join(str(error) for error in self.errors[:MAX_ERRORS_SHOWN])
        more = total - min(total, MAX_ERRORS_SHOWN)
        tail = f"\n…and {more} more." if more > 0 else ""
        noun = "problem" if total == 1 else "problems"
        super().__init__(
            f"Nothing was imported: the file has {total} {noun}. Fix them and import it again.\n"
            f"{shown}{tail}",
            "file",
        )


# --- writing ----------------------------------------------------------------------------


def neutralise(text: str) -> str:
    """``text`` made safe to open in a spreadsheet; ``restore`` undoes it exactly."""
    if text.startswith(FORMULA_TRIGGERS) or (
        text.startswith(ESCAPE) and text[1:].startswith((*FORMULA_TRIGGERS, ESCAPE))
    ):
        return ESCAPE + text
    return text


def restore(text: str) -> str:
    if text.startswith(ESCAPE) and text[1:].startswith((*FORMULA_TRIGGERS, ESCAPE)):
        return text[1:]
    return text


def rows(
    entries: Iterable[Entry],
    weight_unit: WeightUnit = WeightUnit.KG,
    water_unit: WaterUnit = WaterUnit.ML,
) -> Iterable[list[str]]:
    """The CSV rows (without header) for ``entries``, in the units given."""
    load_unit = weight_unit.value
    for entry in entries:
        unit = kinds.display_unit(entry.kind, weight_unit, water_unit)
        label = entry.label
        if entry.kind is Kind.DOSE and entry.site:
            label = f"{label}{SITE_SEPARATOR}{entry.site}"
        if entry.tags:
            label = f"{label}{SITE_SEPARATOR}{TAG_SEPARATOR.join(entry.tags)}"
        day = entry.day.isoformat()
        time = entry.time.strftime("%H:%M") if entry.time else ""
        yield [
            day,
            time,
            entry.kind.value,
            kinds.format_in_unit(entry.kind, entry.value, unit),
            unit,
            neutralise(label),
            neutralise(entry.note),
        ]
        for item in entry.exercises:
            load = (
                format_number(kinds.load_from_kg(item.load_kg, load_unit), 2)
                if item.load_kg is not None
                else ""
            )
            yield [
                day,
                time,
                EXERCISE,
                load,
                load_unit if load else "",
                f"{item.sets}x{item.reps}",
                neutralise(item.name),
            ]


def write(
    entries: Iterable[Entry],
    weight_unit: WeightUnit = WeightUnit.KG,
    water_unit: WaterUnit = WaterUnit.ML,
) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows(entries, weight_unit, water_unit))
    return buffer.getvalue()


# --- reading ----------------------------------------------------------------------------


class RowTooLong(Exception):
    """A row (one record, over one line or more) is longer than ``LimitedLines`` allows."""


class LimitedLines(Iterator[str]):
    """The lines of a text stream, for ``csv.reader``, that never reads a row whole when it is
    longer than ``limit`` characters: ``RowTooLong`` instead. ``start_record`` marks where a
    row (a record, over one line or more) begins; the reader calls it after each row."""

    def __init__(self, text: TextIO, limit: int) -> None:
        self._text, self._limit, self._used = text, limit, 0

    def __next__(self) -> str:
        line = self._text.readline(self._limit - self._used + 1)
        if not line:
            raise StopIteration
        self._used += len(line)
        if self._used > self._limit:
            raise RowTooLong
        return line

    def start_record(self) -> None:
        self._used = 0


def _columns(header: list[str]) -> dict[str, int]:
    names = [name.strip().lower() for name in header]
    unknown = [name for name in names if name not in HEADER]
    missing = [name for name in REQUIRED if name not in names]
    if unknown or missing:
        problems = []
        if missing:
            problems.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            problems.append(f"unknown column(s) {', '.join(unknown)}")
        raise CsvRefused(
            [
                RowError(
                    1, "header", f"{'; '.join(problems)}. The header must be {','.join(HEADER)}."
                )
            ]
        )
    return {name: index for index, name in enumerate(names)}


def _number(text: str) -> float:
    """A value as people type it, with a decimal point or a decimal comma."""
    return decimal(text, comma=True)


class Row(NamedTuple):
    """One CSV record's cells, by column name, as text."""

    date: str
    time: str
    kind: str
    value: str
    unit: str
    label: str
    note: str


_KINDS = {kind.value: kind for kind in Kind}
_FROM_ISO_DATE = dt.date.fromisoformat
_FROM_ISO_TIME = dt.time.fromisoformat


class _Reader:
    """Turns rows into validated entries, collecting every error instead of stopping."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.errors: list[RowError] = []
        self.entries: list[Entry] = []
        self.session_index: int | None = None  # the strength entry exercise rows attach to

    def fail(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))

    def read_row(self, number: int, cell: Row) -> None:
        # Written for speed: the common, clean cell takes the first branch of each step.
        try:
            day = (
                _FROM_ISO_DATE(cell.date)
                if len(cell.date) == 10
                else _FROM_ISO_DATE(cell.date.strip())
            )
        except ValueError:
            self.fail(
                number, "date", f"'{excerpt(cell.date)}' is not a date; write it as YYYY-MM-DD."
            )
            return
        time_text = cell.time if len(cell.time) == 5 else cell.time.strip()
        try:
            time = _FROM_ISO_TIME(time_text.zfill(5)) if time_text else None  # 7:05 is 07:05
        except ValueError:
            self.fail(
                number,
                "time",
                f"'{excerpt(cell.time)}' is not a time; write it as HH:MM or leave it empty.",
            )
            return
        kind = _KINDS.get(cell.kind) or _KINDS.get(cell.kind.strip().lower())
        if kind is None:
            if cell.kind.strip().lower() == EXERCISE:
                self.read_exercise(number, cell, day, time)
                return
            known = ", ".join([k.value for k in Kind] + [EXERCISE])
            self.fail(number, "kind", f"'{excerpt(cell.kind)}' is not a kind; use one of {known}.")
            return
        self.session_index = None
        if cell.unit.strip():
            unit = kinds.canonical_unit(kind, cell.unit)
        else:  # a kind with a single unit may leave it out
            accepted = kinds.accepted_units(kind)
            unit = accepted[0] if len(accepted) == 1 else None
        if unit is None:
            units = " or ".join(kinds.accepted_units(kind))
            shown = f"'{excerpt(cell.unit)}'" if cell.unit.strip() else "an empty unit"
            self.fail(number, "unit", f"{kind.value} is measured in {units}; got {shown}.")
            return
        try:
            value = _number(cell.value)
        except ValueError:
            self.fail(number, "value", f"'{excerpt(cell.value)}' is not a number.")
            return
        label = site = ""
        if cell.label:
            label, _, site = restore(cell.label.strip()).partition(SITE_SEPARATOR)
            label, site = label.strip().lower(), site.strip().lower()
        tags: tuple[str, ...] = ()
        if kind is Kind.PAIN:  # after the @ a pain has its qualities and triggers, not a site
            tags = tuple(tag.strip() for tag in site.split(TAG_SEPARATOR) if tag.strip())
            site = ""
        candidate = Entry(
            kind=kind,
            day=day,
            time=time,
            value=kinds.to_metric(kind, value, unit),
            label=label,
            site=site,
            note=restore(cell.note) if cell.note else "",
            tags=tags,
        )
        try:
            entry = validate.entry(candidate, self.today, unit)
        except InvalidEntry as error:
            self.fail(number, _COLUMN_OF_FIELD.get(error.field, "value"), str(error))
            return
        self.entries.append(entry)
        if kind is Kind.STRENGTH:
            self.session_index = len(self.entries) - 1

    def read_exercise(self, number: int, cell: Row, day: dt.date, time: dt.time | None) -> None:
        session = self.entries[self.session_index] if self.session_index is not None else None
        if session is None or (session.day, session.time) != (day, time):
            self.fail(
                number,
                "kind",
                "An exercise row must come right after its strength row,"
                " with the same date and time.",
            )
            return
        match = _SETS_REPS.match(cell.label)
        if not match:
            self.fail(
                number, "label", f"'{excerpt(cell.label)}' is not sets x reps; write it like 3x10."
            )
            return
        load_kg = None
        if cell.value.strip():
            unit = cell.unit.strip().lower()
            unit = {"lbs": "lb", "kgs": "kg"}.get(unit, unit)
            if unit not in ("kg", "lb"):
                self.fail(number, "unit", "An exercise load is in kg or lb.")
                return
            try:
                load_kg = kinds.load_to_kg(_number(cell.value), unit)
            except ValueError:
                self.fail(
                    number,
                    "value",
                    f"'{excerpt(cell.value)}' is not a load; leave it empty for body-weight work.",
                )
                return
        item = Exercise(restore(cell.note), int(match[1]), int(match[2]), load_kg)
        try:
            item = validate.exercise(item, unit if load_kg is not None else "kg")
        except InvalidEntry as error:
            self.fail(number, _COLUMN_OF_FIELD.get(error.field, "value"), str(error))
            return
        if len(session.exercises) >= validate.MAX_EXERCISES:
            self.fail(number, "kind", f"A session lists up to {validate.MAX_EXERCISES} exercises.")
            return
        self.entries[self.session_index] = replace(session, exercises=(*session.exercises, item))


_COLUMN_OF_FIELD = {
    "day": "date",
    "time": "time",
    "label": "label",
    "site": "label",
    "tags": "label",
    "note": "note",
    "value": "value",
    "exercise_name": "note",
    "exercise_sets": "label",
    "exercise_reps": "label",
    "exercise_load": "value",
}
"""Which CSV column an ``InvalidEntry`` field is about."""


def read(data: bytes | str | BinaryIO, today: dt.date) -> list[Entry]:
    """Every entry of an entries CSV, validated; ``CsvRefused`` if any row is wrong. ``data`` is
    the file's bytes, its text, or a binary file, which is read as a stream, a row at a time."""
    if isinstance(data, str):
        return _read(io.StringIO(data, newline=""), today)
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        return _read(text, today)
    except UnicodeDecodeError:
        raise CsvRefused(
            [RowError(1, "file", "The file is not UTF-8 text. Save it as 'CSV UTF-8'.")]
        ) from None
    finally:
        text.detach()  # the caller's file stays open: closing it is the caller's business


def _read(text: TextIO, today: dt.date) -> list[Entry]:
    lines = LimitedLines(text, MAX_ROW_CHARS)
    state = _Reader(today)
    reading = 1
    try:
        first = next(lines, "").removeprefix("\ufeff")
        if not first.strip():
            if any(line.strip() for line in lines):
                _columns([])  # refuses: the header must be the first line
            raise CsvRefused([RowError(1, "file", "The file is empty.")])
        lines.start_record()
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter, strict=True)
        columns = _columns(next(reader))
        reading = 2
        width = len(columns)
        picks = [columns.get(name) for name in HEADER]
        standard = picks == list(range(len(HEADER)))
        for number, raw in enumerate(reader, start=2):
            lines.start_record()
            reading = number + 1
            if not "".join(raw).strip():
                continue
            if standard and len(raw) == width:
                state.read_row(number, Row(*raw))
                continue
            if len(raw) > width:
                state.fail(
                    number,
                    "row",
                    f"The row has {len(raw)} cells; the header has"
                    f" {len(columns)}. Quote text that contains commas.",
                )
                continue
            cells = [raw[i] if i is not None and i < len(raw) else "" for i in picks]
            state.read_row(number, Row(*cells))
    except RowTooLong:
        problem = RowError(
            reading,
            "row",
            f"The row is longer than {MAX_ROW_CHARS:,} characters, far more than an entry "
            "takes: this is not an entries CSV, or it is damaged.",
        )
        raise CsvRefused([*state.errors, problem]) from None
    except csv.Error as error:
        problem = RowError(reading, "file", f"The file is not valid CSV: {error}")
        raise CsvRefused([*state.errors, problem]) from None
    if state.errors:
        raise CsvRefused(state.errors)
    return state.entries
