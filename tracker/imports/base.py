"""What every importer shares: the files it reads, what it hands back, and safe ways to read them.

An importer turns one export (a file, or the members of a zip) into tracker ``Entry`` objects in
metric units, and counts what it skips and why. It never touches the database: the service
validates, removes duplicates, previews and writes (``tracker.imports.service``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Protocol, TypeVar

from tracker.domain import Entry, InvalidEntry, Meal
from tracker.units import WaterUnit, WeightUnit

MAX_FILE_MB = float(os.environ.get("TRACKER_IMPORT_MAX_MB", "4096"))
"""The largest export accepted (real Apple Health exports reach several GB)."""
MAX_ZIP_MEMBERS = 100_000
MAX_ZIP_RATIO = 200
"""Uncompressed size over compressed size above which a zip is a bomb, not an export."""
MEALS: dict[str, Meal] = {
    "breakfast": Meal.BREAKFAST,
    "lunch": Meal.LUNCH,
    "dinner": Meal.DINNER,
    "snacks": Meal.SNACK,
    "snack": Meal.SNACK,
}
"""The default meal names of food apps (case-folded); importers record any other name (a
user's own 'Post-Workout') as a snack and say so in a note."""

HEAD_BYTES = 64 * 1024
"""How much of a file detection may look at."""


class ImportRefused(InvalidEntry):
    """The file cannot be imported; nothing was written. Says where and what, for people."""

    def __init__(
        self, message: str, file: str = "", row: int | None = None, column: str = ""
    ) -> None:
        where = ", ".join(
            part
            for part in (
                file,
                f"row {row}" if row is not None else "",
                f"column '{column}'" if column else "",
            )
            if part
        )
        super().__init__(f"{where}: {message}" if where else message, "file")
        self.file, self.row, self.column = file, row, column


@dataclass(frozen=True)
class Source:
    """One file to read: a name to report and a way to open it afresh (it may be read twice:
    once to detect the format, once to parse)."""

    name: str
    size: int
    opener: Callable[[], BinaryIO]

    def open(self) -> BinaryIO:
        return self.opener()

    def head(self, size: int = HEAD_BYTES) -> bytes:
        with self.open() as handle:
            return handle.read(size)

    def text_head(self, size: int = HEAD_BYTES) -> str:
        return self.head(size).decode("utf-8-sig", errors="replace")

    @classmethod
    def from_bytes(cls, name: str, data: bytes) -> Source:
        return cls(name, len(data), lambda: io.BytesIO(data))

    @classmethod
    def from_path(cls, path: str | os.PathLike) -> Source:
        file = Path(path)
        return cls(file.name, file.stat().st_size, lambda: file.open("rb"))


@dataclass(frozen=True)
class Context:
    """What an importer may need to know about the patient and the moment."""

    today: dt.date
    weight_unit: WeightUnit = WeightUnit.KG
    """For files that do not say (Strong's classic export, MyFitnessPal's measurements)."""
    water_unit: WaterUnit = WaterUnit.ML
    progress: Callable[[float], None] = lambda fraction: None
    """Called now and then with how far through the file the importer is (0.0 to 1.0)."""


@dataclass
class Parsed:
    """What an importer made of an export."""

    format: str
    entries: list[Entry] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    """Reason -> how many rows or records were left out for it (shown grouped in the preview)."""
    notes: list[str] = field(default_factory=list)
    """Assumptions the patient should know about (e.g. 'loads read as kg')."""
    origin: dict[int, tuple[str, int | None]] = field(default_factory=dict)
    """Index in ``entries`` -> (file, row) it came from, for messages about a bad value."""

    def add(self, entry: Entry, file: str = "", row: int | None = None) -> None:
        if file or row is not None:
            self.origin[len(self.entries)] = (file, row)
        self.entries.append(entry)


class Importer(Protocol):
    name: str
    """Short name for ``--format`` and the records (``apple_health``)."""
    title: str
    """What a person calls the app (``Apple Health``)."""

    def accepts(self, sources: list[Source]) -> bool:
        """Whether these files look like this app's export, from their content."""

    def parse(self, sources: list[Source], context: Context) -> Parsed:
        """The entries in the files; ``ImportRefused`` for a file it cannot read."""


# --- opening what was uploaded ------------------------------------------------------------------


def unpack(source: Source) -> list[Source]:
    """The files of an upload: its members if it is a zip (checked, never extracted to disk),
    else the file itself. Refuses files over the size cap and zips that look hostile."""
    if source.size > MAX_FILE_MB * 1024 * 1024:
        raise ImportRefused(
            f"the file is {source.size / 1024 / 1024:,.0f} MB; the limit is {MAX_FILE_MB:,.0f} MB.",
            source.name,
        )
    if not source.head(4).startswith(b"PK\x03\x04"):
        return [source]
    try:
        with source.open() as handle, zipfile.ZipFile(handle) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError) as error:
        raise ImportRefused(f"the zip file is damaged ({error}).", source.name) from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ImportRefused(
            f"the zip holds {len(infos):,} files; too many for an export.", source.name
        )
    total = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if total > MAX_FILE_MB * 1024 * 1024 or total / packed > MAX_ZIP_RATIO:
        raise ImportRefused(
            "the zip unpacks to far more than an export holds; it was not opened.", source.name
        )
    members = []
    for info in infos:
        path = PurePosixPath(info.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or info.flag_bits & 0x1:
            raise ImportRefused(
                f"the zip holds an unsafe or encrypted entry ({info.filename}).", source.name
            )
        members.append(
            Source(
                f"{source.name}/{info.filename}",
                info.file_size,
                _member_opener(source, info.filename),
            )
        )
    return members


def _member_opener(source: Source, member: str) -> Callable[[], BinaryIO]:
    def open_member() -> BinaryIO:
        handle = source.open()
        archive = zipfile.ZipFile(handle)
        stream = archive.open(member)
        original_close = stream.close

        def close() -> None:  # the member, then its archive and file
            original_close()
            archive.close()
            handle.close()

        stream.close = close
        return stream

    return open_member


# --- the files of one app's export ------------------------------------------------------------

K = TypeVar("K")
T = TypeVar("T")


def recognised(
    sources: list[Source],
    kind_of: Callable[[Source], K | None],
    missing: str,
    needed: K | None = None,
) -> list[tuple[Source, K | None]]:
    """Each file with what ``kind_of`` makes of it (None: not this app's file); refused with
    ``missing`` unless one file is of the ``needed`` kind (or, without one, of any kind)."""
    files = [(source, kind_of(source)) for source in sources]
    if not any(kind is not None and needed in (None, kind) for _, kind in files):
        raise ImportRefused(missing, sources[0].name if sources else "")
    return files


def with_progress(items: list[T], context: Context) -> Iterator[T]:
    """The items, telling ``context`` how far through them the importer is after each."""
    for done, item in enumerate(items, start=1):
        yield item
        context.progress(done / len(items))


def snack_note(app: str, word: str, names: set[str]) -> str:
    """What a patient is told when an app's own meal names were recorded as snacks."""
    quoted = ", ".join(f"'{name}'" for name in sorted(names))
    return (
        f"{app} {word} {quoted} were recorded as snack: the tracker's meals are breakfast, "
        "lunch, dinner and snack."
    )


# --- reading CSV the way other apps write it ---------------------------------------------------


def csv_rows(source: Source) -> Iterator[tuple[int, dict[str, str]]]:
    """(spreadsheet row number, cells by stripped header name) of a CSV export: any of UTF-8
    with or without a byte-order mark, CRLF, comma or semicolon or tab."""
    with source.open() as handle:
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="replace", newline="")
        delimiter, names = _first_line(text.readline())
        for number, row in enumerate(csv.reader(text, delimiter=delimiter), start=2):
            if any(cell.strip() for cell in row):
                yield number, dict(zip(names, (cell.strip() for cell in row), strict=False))


def header(source: Source, lower: bool = False) -> list[str]:
    """The column names on a file's first line, stripped (and lower-cased if ``lower``), split
    the way ``csv_rows`` splits them; [] for an empty file, a zip or a binary file."""
    head = source.head()
    if b"\x00" in head[:4096] or head.startswith(b"PK\x03\x04"):
        return []
    first = io.StringIO(head.decode("utf-8-sig", errors="replace"), newline="").readline()
    names = _first_line(first)[1]
    return [name.lower() for name in names] if lower else names


def _first_line(line: str) -> tuple[str, list[str]]:
    """A CSV's delimiter (the commonest of comma, semicolon and tab on its first line) and the
    first line's cells, stripped."""
    delimiter = max((",", ";", "\t"), key=line.count)
    return delimiter, [name.strip() for name in next(csv.reader([line], delimiter=delimiter))]


def number(text: str) -> float | None:
    """A number as apps write it: '95.4', '95,4' (a decimal comma), '' or '--' for none."""
    text = text.strip().replace("\u00a0", "")
    if not text or text in {"-", "--", "—"}:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    elif "," in text and "." in text:  # thousands separators: 1,234.5 or 1.234,5
        text = (
            text.replace(".", "").replace(",", ".")
            if text.rfind(",") > text.rfind(".")
            else text.replace(",", "")
        )
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"'{text}' is not a number")
    return value


_CLOCK_FORMATS = ("%I:%M %p", "%I:%M%p", "%I:%M:%S %p", "%H:%M", "%H:%M:%S")


class Cells:
    """One row of a CSV export: its cells by column name, with the file and row they came from.
    Each reader refuses a cell it cannot read with an ``ImportRefused`` naming the file, row and
    column. With ``lower``, columns are looked up case-insensitively (for apps whose header's case
    varies) and refusals name the column as the importer wrote it."""

    def __init__(self, file: str, row: int, cells: dict[str, str], *, lower: bool = False) -> None:
        self.file, self.row, self.lower = file, row, lower
        self.by_column = {name.lower(): text for name, text in cells.items()} if lower else cells

    def text(self, column: str) -> str:
        """The cell as written; '' when empty or when the file has no such column."""
        return self.by_column.get(column.lower() if self.lower else column, "")

    def refused(self, message: str, column: str = "") -> ImportRefused:
        """The refusal of this row (of a cell, with ``column``), to raise."""
        return ImportRefused(message, self.file, self.row, column)

    def number(self, column: str) -> float | None:
        """The number in the cell as apps write it (see ``number``); None when empty or '--'."""
        try:
            return number(self.text(column))
        except ValueError as error:
            raise self.refused(f"{error}.", column) from None

    def day(self, column: str) -> dt.date:
        """An ISO date (``2026-03-02``; anything after the first 10 characters is ignored)."""
        text = self.text(column)
        try:
            return dt.date.fromisoformat(text.strip()[:10])
        except ValueError:
            raise self.refused(f"'{text}' is not a date like 2026-03-02.", column) from None

    def clock(self, column: str) -> dt.time | None:
        """'7:10 AM', '12:05 PM', '19:05' or '19:05:33' (seconds dropped); '' or '--' -> None."""
        text = self.text(column).strip()
        if not text or text == "--":
            return None
        for pattern in _CLOCK_FORMATS:
            try:
                return dt.datetime.strptime(text.upper(), pattern).time().replace(second=0)
            except ValueError:
                continue
        raise self.refused(f"'{text}' is not a time like 7:10 AM or 19:05.", column)

    def value(self, column: str, read: Callable[[str], T]) -> T:
        """The cell read by ``read``, an app's own format (a ``ValueError`` or ``KeyError``
        from it refuses the cell)."""
        text = self.text(column)
        try:
            return read(text)
        except (ValueError, KeyError):
            raise self.refused(f"'{text}' cannot be read here.", column) from None

    def datetime(
        self, column: str, read: Callable[[str], dt.datetime], like: str = ""
    ) -> dt.datetime:
        """The cell read by ``read``, an app's date and time format (a ``ValueError`` from it
        refuses the cell; ``like`` is an example for the message)."""
        text = self.text(column)
        try:
            return read(text)
        except ValueError:
            shown = f"'{text}' is not a date and time" if text else "the date is missing"
            example = f" like {like}" if like and text else ""
            raise self.refused(f"{shown}{example}.", column) from None
