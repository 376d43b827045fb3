"""What every importer shares: the files it reads, what it hands back, and safe ways to read them.

An importer turns one export (a file, or the members of a zip) into tracker ``Entry`` objects in
metric units, and counts what it skips and why. It never touches the database: the service
validates, removes duplicates, previews and writes (``tracker.services.imports``).

Reading an upload costs time and memory in proportion to what an export holds, whatever the
upload holds instead:

* a zip's end record is read first, and a zip declaring more members or a larger index than an
  export has is refused before its index (central directory) is parsed; the index is then read
  once, and the members are opened from it through the one open file;
* only members named like a file an importer reads (``READABLE_SUFFIXES``) are offered to the
  importers, and at most ``MAX_ZIP_FILES_READ`` of them are ever opened;
* detection looks at names and each file's first ``HEAD_BYTES``, read once and kept;
* a CSV is read as a stream, a row at a time, and a row longer than ``MAX_ROW_CHARS`` refuses
  the file as soon as it is met, before it is read whole;
* damaged data (a bad CRC, a member cut off, sizes that lie) refuses the upload naming the file
  (``ImportRefused``): no zipfile, zlib or csv error leaves this module.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import lzma
import os
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Protocol, TypeVar

from tracker import config
from tracker.domain import Entry, InvalidEntry, Meal
from tracker.formats.entries_csv import LimitedLines, RowTooLong
from tracker.formats.numbers import decimal, excerpt
from tracker.units import WaterUnit, WeightUnit

MAX_ZIP_MEMBERS = 30_000
"""The most files a zip may hold. Apple Health's export.zip holds export.xml, export_cda.xml, one
GPX file per workout with a route (thousands, for someone who has run with a watch for years) and
one CSV per ECG recording; the other apps' zips hold a few dozen files at most."""
MAX_ZIP_INDEX_BYTES = MAX_ZIP_MEMBERS * 160
"""The largest central directory (the zip's index) read: 160 bytes a member, more than an Apple
route file's entry takes with its path (about 130)."""
MAX_ZIP_FILES_READ = 200
"""The most members of one zip ever opened, for detection and parsing together. An export's own
files are a few; without a cap, a zip of many small files keeps the server busy opening them."""
READABLE_SUFFIXES = (".csv", ".xml")
"""Members an importer may read, by the end of their name; the rest of a zip (routes, PDFs,
images) is never opened, and neither is the macOS resource folder (``__MACOSX``)."""
MAX_ZIP_RATIO = 200
"""Uncompressed size over compressed size above which a zip is a bomb, not an export."""
MAX_ROW_CHARS = 100_000
"""The longest CSV row read (one record, over one line or more). Real rows are far shorter:
Cronometer's, with about a hundred nutrient columns, take 1,500 characters; a Hevy workout's
description a few hundred. A longer row means the file is not an export, and it is refused
before it is read whole (a hostile file can be one line of hundreds of megabytes)."""
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
SNACK_NAMES_SHOWN = 5
"""An app's own meal names a note lists; the rest are counted."""

_COMPRESSIONS = frozenset(
    {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
)
_INDEX_DAMAGE = (
    zipfile.BadZipFile,
    EOFError,
    OSError,
    ValueError,
    struct.error,
    NotImplementedError,
)
"""What ``zipfile`` raises for an index it cannot read (a name that is not UTF-8 is a ValueError;
a version number it does not know, NotImplementedError)."""
_DATA_DAMAGE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    lzma.LZMAError,
    NotImplementedError,
    ValueError,
)
"""What opening or reading a member raises when its header or data is damaged: a bad CRC, a cut
off stream, a local header that does not match the index or that the index places before the
file's start (a negative seek), a name that is not UTF-8, a method or flag zipfile lacks."""


class ImportRefused(InvalidEntry):
    """The file cannot be imported; nothing was written. Says where and what, for people."""

    def __init__(
        self, message: str, file: str = "", row: int | None = None, column: str = ""
    ) -> None:
        where = ", ".join(
            part
            for part in (
                excerpt(file, 120),
                f"row {row}" if row is not None else "",
                f"column '{excerpt(column)}'" if column else "",
            )
            if part
        )
        super().__init__(f"{where}: {message}" if where else message, "file")
        self.file, self.row, self.column = file, row, column


def damaged(file: str, error: BaseException) -> ImportRefused:
    """The refusal of a file whose bytes cannot be read: a damaged zip, or a damaged member."""
    reason = excerpt(str(error) or type(error).__name__, 80)
    return ImportRefused(
        f"the file is damaged and cannot be read ({reason}). Download or export it again from "
        "the app, and import the new file.",
        file,
    )


@dataclass(frozen=True)
class Source:
    """One file to read: a name to report and a way to open it afresh (it may be read twice:
    once to detect the format, once to parse)."""

    name: str
    size: int
    opener: Callable[[], BinaryIO]

    def open(self) -> BinaryIO:
        return self.opener()

    @cached_property
    def _start(self) -> bytes:
        with self.open() as handle:
            return handle.read(HEAD_BYTES)

    def head(self, size: int = HEAD_BYTES) -> bytes:
        """The first ``size`` bytes (at most ``HEAD_BYTES``): read once, then kept, as every
        importer's detection looks at them."""
        return self._start[:size]

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


class Unpacked(list[Source]):
    """The files of one upload (a list of ``Source``), with the zip they come from kept open
    until ``close``, or the end of a ``with`` block."""

    def __init__(self, files: Iterable[Source], archive: _Archive | None = None) -> None:
        super().__init__(files)
        self._archive = archive

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()

    def __enter__(self) -> Unpacked:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def unpack(source: Source) -> Unpacked:
    """The files of an upload: the members of a zip that an importer may read (checked, never
    extracted to disk), else the file itself. Refuses files over the size cap, and zips that
    look hostile or are damaged."""
    max_mb = config.import_max_mb()  # real Apple Health exports reach several GB
    if source.size > max_mb * 1024 * 1024:
        raise ImportRefused(
            f"the file is {source.size / 1024 / 1024:,.0f} MB; the limit is {max_mb:,.0f} MB.",
            source.name,
        )
    if not source.head(4).startswith(b"PK\x03\x04"):
        return Unpacked([source])
    archive = _Archive(source)
    try:
        return Unpacked(_members(archive, source.name), archive)
    except BaseException:
        archive.close()
        raise


def _members(archive: _Archive, upload: str) -> list[Source]:
    infos = [info for info in archive.zip.infolist() if not info.filename.endswith("/")]
    _check_size(len(infos), 0, upload)
    total = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if total > config.import_max_mb() * 1024 * 1024 or total / packed > MAX_ZIP_RATIO:
        raise ImportRefused(
            "the zip unpacks to far more than an export holds; it was not opened.", upload
        )
    members = []
    for info in infos:
        path = PurePosixPath(info.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or info.flag_bits & 0x1:
            raise ImportRefused(
                f"the zip holds an unsafe or encrypted entry ({excerpt(info.filename, 80)}).",
                upload,
            )
        if "__MACOSX" in path.parts or not path.name.lower().endswith(READABLE_SUFFIXES):
            continue
        name = f"{upload}/{info.filename}"
        if info.compress_type not in _COMPRESSIONS:
            raise ImportRefused(
                "the file is compressed in a way the tracker cannot read; unzip the export and "
                "import the app's own file.",
                name,
            )
        members.append(Source(name, info.file_size, archive.opener(info, name)))
    if not members:
        raise ImportRefused(
            "the zip holds no CSV or XML file, and every export the tracker reads is one.", upload
        )
    return members


def _check_size(members: int, index_bytes: int, upload: str) -> None:
    if members > MAX_ZIP_MEMBERS:
        raise ImportRefused(
            f"the zip holds {members:,} files, far more than an export has (at most "
            f"{MAX_ZIP_MEMBERS:,}); it was not opened.",
            upload,
        )
    if index_bytes > MAX_ZIP_INDEX_BYTES:
        raise ImportRefused(
            f"the zip's list of files takes {index_bytes / 1024 / 1024:,.1f} MB, far more than "
            "an export's; it was not opened.",
            upload,
        )


_END = struct.Struct("<4s4H2LH")
"""A zip's end of central directory record: signature, disk numbers, member counts, index size
and offset, comment length."""
_END64_LOCATOR = struct.Struct("<4sLQL")
_END64 = struct.Struct("<4sQ2H2L4Q")
"""The ZIP64 end record (its own size, versions, disks, member counts, index size and offset),
found just before its locator, which is just before the end record."""


def _declared_size(handle: BinaryIO) -> tuple[int, int] | None:
    """(members, index bytes) as a zip's end record declares them, without reading the index;
    None when there is no end record (``zipfile`` then says what is wrong)."""
    end = handle.seek(0, io.SEEK_END)
    start = max(0, end - _END.size - 0xFFFF)  # the record, after it a comment of up to 64 kB
    handle.seek(start)
    tail = handle.read(end - start)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _END.size:
        return None
    members, index_bytes = _END.unpack_from(tail, at)[4:6]
    locator = at - _END64_LOCATOR.size
    record = locator - _END64.size
    if (
        (members == 0xFFFF or index_bytes == 0xFFFFFFFF)
        and record >= 0
        and tail.startswith(b"PK\x06\x07", locator)
        and tail.startswith(b"PK\x06\x06", record)
    ):
        members, index_bytes = _END64.unpack_from(tail, record)[7:9]
    return members, index_bytes


class _Archive:
    """A zip upload being read: its index read once, its file open until ``close``, and the
    members opened so far counted against ``MAX_ZIP_FILES_READ``."""

    def __init__(self, source: Source) -> None:
        self.name = source.name
        self._opened: set[str] = set()
        self._handle = source.open()
        try:
            declared = _declared_size(self._handle)
            if declared is not None:
                _check_size(*declared, source.name)
            self.zip = zipfile.ZipFile(self._handle)
        except ImportRefused:
            self._handle.close()
            raise
        except _INDEX_DAMAGE as error:
            self._handle.close()
            raise damaged(source.name, error) from None

    def opener(self, info: zipfile.ZipInfo, name: str) -> Callable[[], BinaryIO]:
        def open_member() -> BinaryIO:
            if info.filename not in self._opened:
                if len(self._opened) >= MAX_ZIP_FILES_READ:
                    raise ImportRefused(
                        f"the zip holds more than {MAX_ZIP_FILES_READ} CSV and XML files; an "
                        "export holds a few. Unzip it and import the app's own file (such as "
                        "export.xml or weight.csv).",
                        self.name,
                    )
                self._opened.add(info.filename)
            try:
                return _Member(self.zip.open(info), name)
            except _DATA_DAMAGE as error:
                raise damaged(name, error) from None

        return open_member

    def close(self) -> None:
        self.zip.close()
        self._handle.close()


class _Member(io.BufferedIOBase):
    """A member of a zip as it is read: damaged data refuses the upload, naming the member."""

    def __init__(self, stream: BinaryIO, name: str) -> None:
        super().__init__()
        self._stream, self._name = stream, name

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        try:
            return self._stream.read(size)
        except _DATA_DAMAGE as error:
            raise damaged(self._name, error) from None

    def read1(self, size: int = -1) -> bytes:
        try:
            return self._stream.read1(size)
        except _DATA_DAMAGE as error:
            raise damaged(self._name, error) from None

    def close(self) -> None:
        if not self.closed:
            self._stream.close()
        super().close()


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
    """What a patient is told when an app's own meal names were recorded as snacks (the first
    few named, the rest counted)."""
    ordered = sorted(names)
    quoted = ", ".join(f"'{excerpt(name)}'" for name in ordered[:SNACK_NAMES_SHOWN])
    if len(ordered) > SNACK_NAMES_SHOWN:
        quoted += f" and {len(ordered) - SNACK_NAMES_SHOWN:,} more"
    return (
        f"{app} {word} {quoted} were recorded as snack: the tracker's meals are breakfast, "
        "lunch, dinner and snack."
    )


# --- reading CSV the way other apps write it ---------------------------------------------------


def csv_rows(source: Source, app: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(spreadsheet row number, cells by stripped header name) of ``app``'s CSV export: any of
    UTF-8 with or without a byte-order mark, CRLF, comma or semicolon or tab. Read as a stream;
    a row longer than ``MAX_ROW_CHARS``, or text that is not CSV, refuses the file at that row."""
    with source.open() as handle:
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="replace", newline="")
        lines = LimitedLines(text, MAX_ROW_CHARS)
        reading = 1
        try:
            delimiter, names = _first_line(next(lines, ""))
            reading = 2
            lines.start_record()
            for row in csv.reader(lines, delimiter=delimiter):
                lines.start_record()
                if any(cell.strip() for cell in row):
                    yield reading, dict(zip(names, (cell.strip() for cell in row), strict=False))
                reading += 1
            return
        except RowTooLong:
            message = (
                f"the row is longer than {MAX_ROW_CHARS:,} characters. No {app} export has a "
                "cell or line that long, so this is not one (or it is damaged)."
            )
        except csv.Error as error:
            message = f"the file cannot be read as CSV ({excerpt(str(error), 80)})."
        raise ImportRefused(message, source.name, reading)


def header(source: Source, lower: bool = False) -> list[str]:
    """The column names on a file's first line, stripped (and lower-cased if ``lower``), split
    the way ``csv_rows`` splits them; [] for an empty file, a zip or a binary file."""
    head = source.head()
    if b"\x00" in head[:4096] or head.startswith(b"PK\x03\x04"):
        return []
    first = io.StringIO(head.decode("utf-8-sig", errors="replace"), newline="").readline()
    try:
        names = _first_line(first)[1]
    except csv.Error:  # not a header at all: no importer's
        return []
    return [name.lower() for name in names] if lower else names


def _first_line(line: str) -> tuple[str, list[str]]:
    """A CSV's delimiter (the commonest of comma, semicolon and tab on its first line) and the
    first line's cells, stripped."""
    delimiter = max((",", ";", "\t"), key=line.count)
    return delimiter, [name.strip() for name in next(csv.reader([line], delimiter=delimiter))]


def number(text: str) -> float | None:
    """A number as apps write it: '95.4', '95,4' (a decimal comma), '1,234.5' or '1.234,5'
    (thousands separated), '' or '--' for none. ``ValueError`` for anything else (see
    ``tracker.formats.numbers.decimal``: no '8_0', no exponent, no digits of other scripts)."""
    text = text.strip().replace("\u00a0", "")
    if not text or text in {"-", "--", "—"}:
        return None
    if "," in text and "." in text:  # thousands separators: 1,234.5 or 1.234,5
        text = (
            text.replace(".", "").replace(",", ".")
            if text.rfind(",") > text.rfind(".")
            else text.replace(",", "")
        )
    return decimal(text, comma=True)


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
            raise self.refused(
                f"'{excerpt(text)}' is not a date like 2026-03-02.", column
            ) from None

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
        raise self.refused(f"'{excerpt(text)}' is not a time like 7:10 AM or 19:05.", column)

    def value(self, column: str, read: Callable[[str], T]) -> T:
        """The cell read by ``read``, an app's own format (a ``ValueError`` or ``KeyError``
        from it refuses the cell)."""
        text = self.text(column)
        try:
            return read(text)
        except (ValueError, KeyError):
            raise self.refused(f"'{excerpt(text)}' cannot be read here.", column) from None

    def datetime(
        self, column: str, read: Callable[[str], dt.datetime], like: str = ""
    ) -> dt.datetime:
        """The cell read by ``read``, an app's date and time format (a ``ValueError`` from it
        refuses the cell; ``like`` is an example for the message)."""
        text = self.text(column)
        try:
            return read(text)
        except ValueError:
            shown = f"'{excerpt(text)}' is not a date and time" if text else "the date is missing"
            example = f" like {like}" if like and text else ""
            raise self.refused(f"{shown}{example}.", column) from None
