"""Apple Health's "Export All Health Data": ``export.xml``, alone or in the ``export.zip`` the
iPhone makes (``apple_health_export/export.xml`` beside ``export_cda.xml`` and route files).

The main file is found by its content, a ``<HealthData`` root element in its first bytes, never
by its name: the name is localised on some phones (``导出.xml``). ``export_cda.xml`` (root
``ClinicalDocument``), the GPX route files and everything else in the zip are left out (files
named ``.gpx``, ``.pdf``, ``.json``, ``.csv`` or images without even a look at their first
bytes: a zip holds hundreds of routes).

What is read (values in metric, rounded to what the tracker stores; day and time are the
record's ``startDate`` in its own UTC offset, which is the patient's local day; seconds dropped):

* ``BodyMass`` (kg, lb, st, g) -> **weight**; ``LeanBodyMass`` (same units) -> **lean mass**;
* ``BodyFatPercentage`` -> **body fat**. Apple writes the percentage as a fraction with unit
  ``%``: ``0.383`` is 38.3 %;
* ``WaistCircumference`` (cm, in, m, mm, ft) -> **waist**;
* ``DietaryProtein`` (g, mg) -> **protein**, one entry per record. The meal is the record's
  ``<MetadataEntry key="Meal">`` (MyFitnessPal writes one): ``Breakfast``, ``Lunch``, ``Dinner``,
  ``Snacks`` (any case; ``Snack`` too) map to the tracker's meals; a record with no meal or
  another name (``Post-Workout``) is filed as a snack, and a note says how many;
* ``DietaryWater`` (mL, L, cL, dL, fl_oz_us, fl_oz_imp) -> **water**;
* ``Workout`` -> a **strength** session or an **activity**, its minutes from the ``duration``
  attribute (with ``durationUnit``), which leaves out pauses; end minus start does not. The
  export names no exercises, so a session's focus comes from its type, and a note says so:

  ====================================================  ==============================
  ``workoutActivityType``                                tracker entry
  ====================================================  ==============================
  ``HKWorkoutActivityTypeTraditionalStrengthTraining``  strength, focus ``full``
  ``HKWorkoutActivityTypeFunctionalStrengthTraining``   strength, focus ``full``
  ``HKWorkoutActivityTypeCoreTraining``                 strength, focus ``upper``
  ``HKWorkoutActivityTypeWalking``, ``…Hiking``         activity ``walk``
  ``HKWorkoutActivityTypeCycling``                      activity ``cycle``
  ``HKWorkoutActivityTypeSwimming``                     activity ``swim``
  any other type                                        activity ``other``
  ====================================================  ==============================

  ``full`` for weight training and functional training: a gym session usually trains the
  whole body, and the tracker counts a full-body session as lower-body (glute) work. ``upper``
  for core training: the trunk is not the legs, and the Focus choices have no "core", so a core
  session counts as strength but not as glute work. A workout whose type is not one of these
  three strength types keeps its type, in words, in the note (``High intensity interval
  training``) so the patient can tell activities apart.

Everything else is counted, never silently dropped: records of other types by type
(``HeartRate records (not tracked)``), ``ActivitySummary`` elements (the daily rings), other
top-level elements (clinical records, audiograms), records in a unit that cannot be converted,
and records whose value or date cannot be read. A ``Correlation`` (food, blood pressure) holds
copies of records that also appear at top level (the export's DTD says so): only top-level
records are read, and the correlations themselves are counted.

**Untrusted input.** The file is read as a stream with ``lxml.etree.iterparse`` (``end``
events, every element reported: as fast as a tag filter here, and nothing can pile up unseen).
Each top-level element is read, cleared and unlinked as soon as it ends, so memory stays flat
whatever the file's size. Limits keep a hostile file from growing one element instead: at most
``MAX_CHILDREN`` elements inside one top-level element, at most ``MAX_ELEMENT_BYTES`` read
without any element ending (one endless start tag), at most ``MAX_REASONS`` kinds of skipped
record or element counted apart; beyond any of them the file is refused (or the rest counted
together). The document type declaration never reaches the parser: the stream replaces it with
as many line breaks as it held, so line numbers stay right. Apple's DTD is not needed (it
declares only elements and attributes), the one in iOS 16 exports is malformed, and a DTD is
where entities would be declared: without it, an entity reference in the body (billion laughs,
``&xxe;`` naming a local file) is an undefined entity, a fatal error, and the file is refused.
The parser is also told not to resolve entities, load a DTD or use the network, and keeps
libxml2's limits on one text, attribute or name (``huge_tree=False``). Vertical tabs and form
feeds, which XML forbids and iOS 16 writes into some values, are read as spaces.

A file lxml cannot read is refused with its line and libxml2's message, and "it looks cut off"
when the error is on the file's last line. Line numbers come from libxml2, which stores them in
16 bits: past line 65,535 it reports a neighbour's line, one more than the record's own.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from lxml import etree

from tracker import kinds
from tracker.domain import ActivityType, Entry, Focus, Kind, Meal
from tracker.formats.numbers import excerpt
from tracker.imports.base import HEAD_BYTES, MEALS, Context, ImportRefused, Parsed, Source
from tracker.units import CM_PER_IN, KG_PER_LB, ML_PER_FL_OZ

ROOT = b"HealthData"

MAX_PROLOG_BYTES = 1024 * 1024
"""The XML declaration and the DTD must end within this much (Apple's DTD is about 10 kB)."""
MAX_ELEMENT_BYTES = 1024 * 1024
"""The most of the file read without an element ending: a real start tag is well under 10 kB
(a record's attributes); this keeps one start tag or text from growing without end."""
MAX_CHILDREN = 200_000
"""The most elements one top-level element may hold. Real ones hold a few (metadata, workout
events), a heart-rate-variability record about a hundred beats; a route kept in the file
(old exports) a point a second, 43,200 for a 12-hour hike."""
MAX_REASONS = 200
"""Kinds of skipped records counted apart; beyond these (never in a real file, whose types
number about a hundred) the rest are counted together."""
CHUNK_BYTES = 64 * 1024

NOT_MAIN_SUFFIXES = (".gpx", ".pdf", ".json", ".csv", ".png", ".jpg", ".jpeg", ".heic")
"""Files in Apple's zip that cannot be the main file (routes, ECGs, clinical records): their
first bytes are not even read."""

# --- what the tracker reads -----------------------------------------------------------------

_QUANTITY = "HKQuantityTypeIdentifier"
_MASS_KG = {"kg": 1.0, "lb": KG_PER_LB, "st": 14 * KG_PER_LB, "g": 0.001}
_LENGTH_CM = {"cm": 1.0, "in": CM_PER_IN, "m": 100.0, "mm": 0.1, "ft": 12 * CM_PER_IN}
_WATER_ML = {
    "ml": 1.0,
    "l": 1000.0,
    "cl": 10.0,
    "dl": 100.0,
    "fl_oz_us": ML_PER_FL_OZ,
    "fl_oz_imp": 28.4130625,
}
_MINUTES = {"min": 1.0, "s": 1 / 60, "sec": 1 / 60, "hr": 60.0, "h": 60.0}


@dataclass(frozen=True)
class _Measure:
    kind: Kind
    units: dict[str, float]
    """Apple's unit (lower-cased) -> factor to the kind's metric unit."""


TRACKED: dict[str, _Measure] = {
    f"{_QUANTITY}BodyMass": _Measure(Kind.WEIGHT, _MASS_KG),
    f"{_QUANTITY}LeanBodyMass": _Measure(Kind.LEAN_MASS, _MASS_KG),
    f"{_QUANTITY}BodyFatPercentage": _Measure(Kind.BODY_FAT, {"%": 100.0}),
    f"{_QUANTITY}WaistCircumference": _Measure(Kind.WAIST, _LENGTH_CM),
    f"{_QUANTITY}DietaryProtein": _Measure(Kind.PROTEIN, {"g": 1.0, "mg": 0.001}),
    f"{_QUANTITY}DietaryWater": _Measure(Kind.WATER, _WATER_ML),
}
"""Record types the tracker imports, by Apple's type identifier."""

_WORKOUT = "HKWorkoutActivityType"
STRENGTH_FOCUS: dict[str, Focus] = {
    f"{_WORKOUT}TraditionalStrengthTraining": Focus.FULL,
    f"{_WORKOUT}FunctionalStrengthTraining": Focus.FULL,
    f"{_WORKOUT}CoreTraining": Focus.UPPER,
}
ACTIVITY_TYPES: dict[str, ActivityType] = {
    f"{_WORKOUT}Walking": ActivityType.WALK,
    f"{_WORKOUT}Hiking": ActivityType.WALK,
    f"{_WORKOUT}Cycling": ActivityType.CYCLE,
    f"{_WORKOUT}Swimming": ActivityType.SWIM,
}
"""Any other workout type is an activity of type ``other``."""


SKIP_ACTIVITY_SUMMARY = "ActivitySummary (daily activity rings, not tracked)"
SKIP_NO_DURATION = "workouts without a duration"
SKIP_CORRELATION = "{} groups (their records are counted one by one)"
SKIP_NOT_TRACKED = "{} records (not tracked)"
SKIP_UNIT = "{} records in '{}' (a unit the tracker cannot convert)"
SKIP_VALUE = "{} records whose value is not a number"
SKIP_DATE = "{} records whose date cannot be read"
SKIP_ELEMENT = "{} (not tracked)"
SKIP_OTHER = "other elements (not tracked)"

_TYPE_PREFIXES = (
    "HKQuantityTypeIdentifier",
    "HKCategoryTypeIdentifier",
    "HKCorrelationTypeIdentifier",
    "HKDataType",
    _WORKOUT,
)
_START = re.compile(r"(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d)")
_WORDS = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def short_type(identifier: str) -> str:
    """``HKQuantityTypeIdentifierHeartRate`` -> ``HeartRate``."""
    for prefix in _TYPE_PREFIXES:
        if identifier.startswith(prefix) and len(identifier) > len(prefix):
            return identifier[len(prefix) :]
    return identifier


def _in_words(workout_type: str) -> str:
    """``HKWorkoutActivityTypeHighIntensityIntervalTraining`` -> ``High intensity interval
    training``."""
    words = _WORDS.sub(" ", short_type(workout_type)).split()
    text = " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words)
    return text[:1].upper() + text[1:]


# --- the importer ---------------------------------------------------------------------------


class AppleHealthImporter:
    name = "apple_health"
    title = "Apple Health"

    def accepts(self, sources: list[Source]) -> bool:
        return any(_is_export(source) for source in sources)

    def parse(self, sources: list[Source], context: Context) -> Parsed:
        exports = [source for source in sources if _is_export(source)]
        if not exports:
            raise ImportRefused(
                "no Apple Health export found: the zip from the Health app (Export All Health "
                "Data) or the export.xml in it, whose first element is <HealthData>.",
                sources[0].name.split("/")[0] if sources else "",
            )
        reader = _Reader(Parsed(self.name))
        total = max(1, sum(source.size for source in exports))
        done = 0
        for source in exports:
            offset = done

            def progress(fraction: float, offset: int = offset, size: int = source.size) -> None:
                context.progress(min(1.0, (offset + fraction * size) / total))

            reader.read(source, progress)
            done += source.size
        context.progress(1.0)
        return reader.finish()


IMPORTER = AppleHealthImporter()


# --- reading one export.xml -----------------------------------------------------------------


@dataclass
class _Reader:
    parsed: Parsed
    not_tracked: dict[str, int] = field(default_factory=dict)
    other_meals: Counter = field(default_factory=Counter)
    no_meal: int = 0
    sessions: Counter = field(default_factory=Counter)

    def read(self, source: Source, progress: Callable[[float], None]) -> None:
        with source.open() as raw:
            stream = _Stream(raw, source, progress)
            events = etree.iterparse(
                stream,
                events=("end",),
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=False,
                remove_comments=True,
                remove_pis=True,
            )
            root = None
            children = 0
            not_tracked = self.not_tracked
            try:
                for _, element in events:
                    stream.mark = stream.done
                    parent = element.getparent()
                    if parent is not root:
                        if root is None:  # the first element to end: find the root from it
                            root = element.getroottree().getroot()
                        if parent is not root:  # read with its top-level element
                            children += 1
                            if children > MAX_CHILDREN:
                                raise _too_large(source, element.sourceline)
                            continue
                    children = 0
                    if element.tag == "Record":
                        record_type = element.get("type", "")
                        measure = TRACKED.get(record_type)
                        if measure is None:
                            count = not_tracked.get(record_type)
                            if count is None and len(not_tracked) >= MAX_REASONS:
                                record_type, count = "", not_tracked.get("")
                            not_tracked[record_type] = (count or 0) + 1
                        else:
                            self._record(element, record_type, measure, source.name)
                    else:
                        self._top_level(element, source.name)
                    element.clear()
                    while element.getprevious() is not None:
                        del parent[0]
            except etree.XMLSyntaxError as error:
                raise _refusal(error, source, stream.at_end) from None
            except (OSError, EOFError, zipfile.BadZipFile, zlib.error) as error:
                raise ImportRefused(
                    f"the file cannot be read to its end ({error}); unzip it again, or export "
                    "it again from the Health app.",
                    source.name,
                ) from None
            if root is None or root.tag != "HealthData":
                raise ImportRefused("the file holds no Apple Health records.", source.name)

    def _top_level(self, element: etree._Element, file: str) -> None:
        """Any top-level element but a ``Record`` (read in the loop, the common case)."""
        tag = element.tag
        if tag == "Workout":
            self._workout(element, file)
        elif tag == "ActivitySummary":
            self.parsed.skipped[SKIP_ACTIVITY_SUMMARY] += 1
        elif tag == "Correlation":
            kind = short_type(element.get("type", "Correlation"))[:60]
            _tally(self.parsed.skipped, SKIP_CORRELATION.format(kind), SKIP_OTHER)
        elif tag not in ("ExportDate", "Me"):
            _tally(self.parsed.skipped, SKIP_ELEMENT.format(str(tag)[:60]), SKIP_OTHER)

    def _record(self, element, record_type: str, measure: _Measure, file: str) -> None:
        name = short_type(record_type)
        when = _start(element.get("startDate"))
        if when is None:
            self.parsed.skipped[SKIP_DATE.format(name)] += 1
            return
        value = _number(element.get("value"))
        if value is None:
            self.parsed.skipped[SKIP_VALUE.format(name)] += 1
            return
        unit = element.get("unit", "")
        factor = measure.units.get(unit.strip().lower())
        if factor is None:
            _tally(self.parsed.skipped, SKIP_UNIT.format(name, excerpt(unit, 20)), SKIP_OTHER)
            return
        kind = measure.kind
        label = ""
        if kind is Kind.PROTEIN:
            label = self._meal(element)
        day, time = when
        entry = Entry(kind, day, kinds.quantize(kind, value * factor), time, label)
        self.parsed.add(entry, file, element.sourceline)

    def _meal(self, element) -> str:
        for child in element.iterchildren("MetadataEntry"):
            if child.get("key", "").strip().lower() == "meal":
                text = child.get("value", "").strip()
                meal = MEALS.get(text.lower())
                if meal is None:
                    _tally(self.other_meals, excerpt(text) or "(empty)", "…")
                    return Meal.SNACK.value
                return meal.value
        self.no_meal += 1
        return Meal.SNACK.value

    def _workout(self, element, file: str) -> None:
        workout_type = element.get("workoutActivityType", "")
        when = _start(element.get("startDate"))
        if when is None:
            self.parsed.skipped[SKIP_DATE.format("Workout")] += 1
            return
        duration = _number(element.get("duration"))
        factor = _MINUTES.get(element.get("durationUnit", "min").strip().lower())
        if duration is None or factor is None:
            self.parsed.skipped[SKIP_NO_DURATION] += 1
            return
        day, time = when
        focus = STRENGTH_FOCUS.get(workout_type)
        if focus is not None:
            kind, label = Kind.STRENGTH, focus.value
            self.sessions[focus] += 1
        else:
            kind = Kind.ACTIVITY
            label = ACTIVITY_TYPES.get(workout_type, ActivityType.OTHER).value
        minutes = kinds.quantize(kind, duration * factor)
        entry = Entry(kind, day, minutes, time, label, note=_in_words(workout_type))
        self.parsed.add(entry, file, element.sourceline)

    def finish(self) -> Parsed:
        parsed = self.parsed
        for record_type, count in self.not_tracked.items():
            name = short_type(record_type)[:60] if record_type else "other"
            parsed.skipped[SKIP_NOT_TRACKED.format(name)] += count
        filed = self.no_meal + sum(self.other_meals.values())
        if filed:
            parts = []
            if self.no_meal:
                parts.append(f"{self.no_meal} had no meal")
            if self.other_meals:
                names = ", ".join(f"'{name}'" for name, _ in self.other_meals.most_common(5))
                parts.append(f"{sum(self.other_meals.values())} a meal the tracker does not have")
                parts[-1] += f" ({names})"
            parsed.notes.append(
                f"Of the protein records, {' and '.join(parts)}: "
                f"{'it is' if filed == 1 else 'they are'} filed as snacks."
            )
        if self.sessions:
            full, upper = self.sessions[Focus.FULL], self.sessions[Focus.UPPER]
            parts = []
            if full:
                parts.append(f"weight and functional training ({_sessions(full)}) as full body")
            if upper:
                parts.append(f"core training ({_sessions(upper)}) as upper body")
            parsed.notes.append(
                "Apple Health does not say which exercises a workout had, so the focus comes "
                f"from its type: {' and '.join(parts)}. Change the focus in your log if it was "
                "different."
            )
        return parsed


def _tally(counter: Counter, reason: str, other: str) -> None:
    """Count ``reason``, or ``other`` once ``MAX_REASONS`` reasons are counted already."""
    if reason not in counter and len(counter) >= MAX_REASONS:
        reason = other
    counter[reason] += 1


def _sessions(count: int) -> str:
    return f"{count} session" if count == 1 else f"{count} sessions"


def _start(text: str | None) -> tuple[dt.date, dt.time] | None:
    """Day and time of ``2026-03-08 08:34:02 +0100`` as written (the phone's local time)."""
    match = _START.match(text or "")
    if match is None:
        return None
    year, month, day, hour, minute = map(int, match.groups())
    try:
        return dt.date(year, month, day), dt.time(hour, minute)
    except ValueError:
        return None


def _number(text: str | None) -> float | None:
    try:
        value = float(text or "")
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _refusal(error: etree.XMLSyntaxError, source: Source, at_end: bool) -> ImportRefused:
    """What to tell the patient about a file lxml cannot read."""
    last = error.error_log.last_error if error.error_log else None
    message = ((last.message if last is not None else error.msg) or "unreadable").strip()
    line = (last.line if last is not None else error.lineno) or None
    if last is not None and last.type_name == "ERR_UNDECLARED_ENTITY":
        return ImportRefused(
            f"the file uses an entity ({message}); Apple Health exports never do, so it was "
            "not read.",
            source.name,
            line,
        )
    if at_end and (line is None or line >= _lines(source)):
        return ImportRefused(
            f"the file ends before its Apple Health data does ({message}): it looks cut off. "
            "Unzip it again, or export it again from the Health app.",
            source.name,
            line,
        )
    return ImportRefused(
        f"the file is not well-formed XML ({message}); it is damaged or not an Apple Health "
        "export.",
        source.name,
        line,
    )


def _too_large(source: Source, line: int | None = None) -> ImportRefused:
    return ImportRefused(
        "one element of the file is far larger than any Apple Health record (over "
        f"{MAX_CHILDREN:,} elements inside it, or {MAX_ELEMENT_BYTES // 1024:,} kB in one tag); "
        "the file is damaged or not an Apple Health export.",
        source.name,
        line,
    )


def _lines(source: Source) -> int:
    """How many lines ``source`` has (read again: only when a file is refused)."""
    count = 1
    with source.open() as handle:
        while chunk := handle.read(1024 * 1024):
            count += chunk.count(b"\n")
    return count


# --- the byte stream lxml sees --------------------------------------------------------------

_BOM = b"\xef\xbb\xbf"
_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.S)
_DOCTYPE_TOKEN = re.compile(rb"\"[^\"]*\"|'[^']*'|<!--.*?-->|<\?.*?\?>|[\[\]>]", re.S)
_NAME = re.compile(rb"[A-Za-z_:][A-Za-z0-9_.:-]*")
_CONTROL = bytes.maketrans(bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]), b" " * 29)
"""Bytes XML 1.0 forbids, read as spaces (UTF-8 never uses them inside a character). Only a
chunk holding a vertical tab or form feed is translated: looking for those two costs nothing
next to translating every chunk, and the parser refuses any other control character."""


class _NotXml(Exception):
    pass


@dataclass(frozen=True)
class _Prolog:
    doctype: tuple[int, int] | None
    """Start and end (exclusive) of ``<!DOCTYPE …>``, if any."""
    root: bytes
    """The root element's name."""


def _prolog(data: bytes) -> _Prolog | None:
    """What precedes the root element of an XML file starting with ``data``: None when ``data``
    ends first; ``_NotXml`` when it is not XML."""
    position = len(_BOM) if data.startswith(_BOM) else 0
    doctype = None
    while position < len(data):
        if data.startswith(b"<!DOCTYPE", position):
            if doctype is not None:
                raise _NotXml
            end = _doctype_end(data, position)
            if end is None:
                return None
            doctype, position = (position, end), end
            continue
        item = _PROLOG_ITEM.match(data, position)
        if item is not None:
            position = item.end()
            continue
        if data.startswith((b"<?", b"<!--"), position):
            return None  # a declaration, instruction or comment that data cuts off
        if not data.startswith(b"<", position):
            raise _NotXml
        name = _NAME.match(data, position + 1)
        if name is None:
            raise _NotXml
        if name.end() == len(data):
            return None
        if data[name.end() : name.end() + 1] not in (b" ", b"\t", b"\r", b"\n", b">", b"/"):
            raise _NotXml
        return _Prolog(doctype, name.group())
    return None


def _doctype_end(data: bytes, start: int) -> int | None:
    """Where ``<!DOCTYPE`` at ``start`` ends (just past its ``>``): quoted literals, comments
    and the internal subset in ``[…]`` are skipped whatever they hold, so a malformed
    declaration inside the subset does not matter. None when ``data`` ends first."""
    in_subset = False
    for token in _DOCTYPE_TOKEN.finditer(data, start + len(b"<!DOCTYPE")):
        text = token.group()
        if text == b"[":
            in_subset = True
        elif text == b"]":
            in_subset = False
        elif text == b">" and not in_subset:
            return token.end()
    return None


def _is_export(source: Source) -> bool:
    """Whether ``source`` is Apple Health's main file: its root element is ``HealthData``."""
    if source.name.lower().endswith(NOT_MAIN_SUFFIXES):
        return False
    try:
        prolog = _prolog(source.head(HEAD_BYTES))
    except (_NotXml, OSError, EOFError, ValueError, RuntimeError, zipfile.BadZipFile, zlib.error):
        return False
    return prolog is not None and prolog.root == ROOT


class _Stream:
    """The file as lxml reads it: the document type declaration replaced by the line breaks it
    held, forbidden control characters by spaces; counts the bytes read for progress and for
    ``MAX_ELEMENT_BYTES`` (``mark`` is set by the reader at each element's end)."""

    def __init__(self, raw: BinaryIO, source: Source, progress: Callable[[float], None]) -> None:
        self._raw, self._source, self._progress = raw, source, progress
        self._size = max(1, source.size)
        self._step = max(self._size // 100, 1024 * 1024)
        head = b""
        while True:
            chunk = raw.read(CHUNK_BYTES)
            head += chunk
            try:
                prolog = _prolog(head)
            except _NotXml:
                prolog = None
                break
            if prolog is not None or not chunk or len(head) > MAX_PROLOG_BYTES:
                break
        if prolog is None or prolog.root != ROOT:
            raise ImportRefused(
                "this is not an Apple Health export.xml: its first element is not <HealthData>.",
                source.name,
            )
        self.done = len(head)
        self.mark = self.done
        self.at_end = False
        self._next_report = self._step
        if prolog.doctype is not None:
            start, end = prolog.doctype
            head = head[:start] + b"\n" * head.count(b"\n", start, end) + head[end:]
        self._pending = head.translate(_CONTROL)

    def read(self, size: int = -1) -> bytes:
        if self._pending:
            if size is None or size < 0:
                size = len(self._pending)
            data, self._pending = self._pending[:size], self._pending[size:]
            return data
        data = self._raw.read(size if size and size > 0 else CHUNK_BYTES)
        if not data:
            self.at_end = True
            return data
        self.done += len(data)
        if self.done - self.mark > MAX_ELEMENT_BYTES:
            raise _too_large(self._source)
        if self.done >= self._next_report:
            self._next_report += self._step
            self._progress(min(1.0, self.done / self._size))
        if b"\x0b" in data or b"\x0c" in data:
            return data.translate(_CONTROL)
        return data
