"""Importing another app's export: detect, preview, import in one transaction, undo.

The same rules for every format:

* **Detection** from the content (``accepts``), never the file name; ``format`` forces one.
* **Validation**: every entry passes the tracker's plausibility checks, or the whole file is
  refused with each bad entry's file, row and what is wrong; nothing is written.
* **No duplicates**: an entry whose kind, day, time, value and label (meal, focus, drug) match
  one already in the log (typed by hand, or from an earlier import) is left out, and so is a
  second copy within the file (the same weigh-in written to Apple Health by the scale's app and
  by the phone counts once). Entries without a time (MyFitnessPal, Cronometer meals) match only
  entries without a time: a meal that reached Apple Health with a time and MyFitnessPal's CSV
  without one is imported from both, so import one or the other for meals.
* **Undo**: each import is recorded (file, format, counts, when) and its entries carry its id,
  so undo removes exactly what it added. An import that adds nothing is not recorded: there is
  nothing to undo.
* **Damaged files**: whatever goes wrong while reading the upload (a damaged zip, a member cut
  off or failing its checksum) is an ``ImportRefused`` naming the file, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import lzma
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine

from tracker.domain import Entry, ImportRecord, InvalidEntry
from tracker.formats import validate
from tracker.formats.numbers import excerpt
from tracker.imports.base import (
    Context,
    Importer,
    ImportRefused,
    Parsed,
    Source,
    damaged,
    unpack,
)
from tracker.imports.registry import IMPORTERS, OWN_FORMAT, app_titles, by_name
from tracker.kinds import display_unit
from tracker.services import access
from tracker.services.access import Actor
from tracker.services.clock import today
from tracker.store.unit_of_work import UnitOfWork

FORMAT_TITLES: dict[str, str] = {importer.name: importer.title for importer in IMPORTERS}
"""Each format a person may choose, by name, in the order detection tries them."""


def sources_sentence() -> str:
    """'Apple Health, Withings, ... or Renpho, or the tracker's own entries CSV'."""
    return f"{app_titles('or')}, or {OWN_FORMAT.title}"


BATCH = 5_000
"""Entries written per insert batch, so a progress bar can move during a long import."""
MAX_PROBLEMS_SHOWN = 20
_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, lzma.LZMAError)
"""Errors of a damaged upload that no importer should let through, refused here all the same
(``base`` names the member of a zip when it can)."""


@dataclass
class Preview:
    """What an import would do, before anything is written."""

    file_name: str
    format: str
    title: str
    new: list[Entry] = field(default_factory=list)
    new_by_kind: Counter = field(default_factory=Counter)
    duplicates_by_kind: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    @property
    def first_day(self) -> dt.date | None:
        return min((e.day for e in self.new), default=None)

    @property
    def last_day(self) -> dt.date | None:
        return max((e.day for e in self.new), default=None)

    @property
    def duplicates(self) -> int:
        return sum(self.duplicates_by_kind.values())

    @property
    def nothing_new(self) -> bool:
        """Whether importing would add nothing (so it is not done, nor recorded)."""
        return not self.new

    @property
    def nothing_new_text(self) -> str:
        """What to tell the patient when importing would add nothing."""
        if self.duplicates:
            return "Nothing new to import: everything in this file is already in your log."
        return "Nothing new to import: the file holds nothing the tracker keeps."

    def describe(self) -> str:
        """The preview as text for the command line."""
        lines = [f"{self.file_name}: {self.title} export."]
        if self.new:
            kinds = ", ".join(f"{n} {kind.value}" for kind, n in sorted(self.new_by_kind.items()))
            lines.append(
                f"New entries: {len(self.new)} ({kinds}), {self.first_day} to {self.last_day}."
            )
        else:
            lines.append(self.nothing_new_text)
        if self.duplicates:
            kinds = ", ".join(f"{n} {k.value}" for k, n in sorted(self.duplicates_by_kind.items()))
            lines.append(f"Already in your log, left out: {self.duplicates} ({kinds}).")
        for reason, count in self.skipped.most_common():
            lines.append(f"Ignored: {count} × {reason}")
        lines += [f"Note: {note}" for note in self.notes]
        return "\n".join(lines)


def detect(sources: list[Source], format: str | None = None) -> Importer:
    """The importer for these files: the forced one, or the first whose content matches."""
    if format:
        importer = by_name(format)
        if importer is None:
            names = ", ".join(i.name for i in IMPORTERS)
            raise ImportRefused(f"there is no format '{excerpt(format)}'; use one of {names}.")
        return importer
    for importer in IMPORTERS:
        if importer.accepts(sources):
            return importer
    raise ImportRefused(
        f"this file is not an export the tracker knows. It reads: {app_titles()} exports (CSV "
        f"files, or the zip the app gives you), and {OWN_FORMAT.title}.",
        sources[0].name.split("/")[0] if sources else "",
    )


def _key(entry: Entry) -> tuple:
    return (entry.kind, entry.day, entry.time, entry.value, entry.label)


def _validated(parsed: Parsed, today_: dt.date, context: Context) -> list[Entry]:
    problems: list[str] = []
    checked: list[Entry] = []
    for index, entry in enumerate(parsed.entries):
        unit = display_unit(entry.kind, context.weight_unit, context.water_unit)
        try:
            checked.append(validate.entry(entry, today_, unit, context.weight_unit.value))
        except InvalidEntry as error:
            file, row = parsed.origin.get(index, ("", None))
            where = ", ".join(part for part in (file, f"row {row}" if row else "") if part)
            problems.append(f"{where}: {error}" if where else str(error))
    if problems:
        shown = "\n".join(problems[:MAX_PROBLEMS_SHOWN])
        more = len(problems) - MAX_PROBLEMS_SHOWN
        raise ImportRefused(
            f"Nothing was imported: {len(problems)} entr{'y' if len(problems) == 1 else 'ies'} "
            f"cannot be right. Fix the file or leave those rows out.\n{shown}"
            + (f"\n…and {more} more." if more > 0 else "")
        )
    return checked


def _read(upload: Source, format: str | None, context: Context) -> tuple[Importer, Parsed]:
    """The importer for ``upload`` and what it made of it; the upload's zip, if it is one, is
    closed again before this returns."""
    try:
        with unpack(upload) as sources:
            importer = detect(sources, format)
            return importer, importer.parse(sources, context)
    except _DAMAGE as error:
        raise damaged(upload.name, error) from None


def _prepare(
    uow: UnitOfWork,
    patient_id: int,
    upload: Source,
    format: str | None,
    progress: Callable[[float], None],
) -> Preview:
    profile = uow.users.profile(patient_id)
    context = Context(today(), profile.weight_unit, profile.water_unit, progress)
    importer, parsed = _read(upload, format, context)
    checked = _validated(parsed, context.today, context)
    preview = Preview(
        upload.name, importer.name, importer.title, skipped=parsed.skipped, notes=parsed.notes
    )
    if checked:
        start = min(e.day for e in checked)
        end = max(e.day for e in checked)
        seen = uow.entries.keys(patient_id, {e.kind for e in checked}, start, end)
    else:
        seen = set()
    for entry in checked:
        key = _key(entry)
        if key in seen:
            preview.duplicates_by_kind[entry.kind] += 1
            continue
        seen.add(key)
        preview.new.append(entry)
        preview.new_by_kind[entry.kind] += 1
    return preview


def preview(
    engine: Engine,
    actor: Actor,
    patient_id: int,
    upload: Source,
    format: str | None = None,
    progress: Callable[[float], None] = lambda fraction: None,
) -> Preview:
    """What importing ``upload`` would add, leave out and ignore; writes nothing."""
    with UnitOfWork(engine) as uow:
        access.require_write(uow, actor, patient_id)
        return _prepare(uow, patient_id, upload, format, progress)


def run_import(
    engine: Engine,
    actor: Actor,
    patient_id: int,
    upload: Source,
    format: str | None = None,
    progress: Callable[[float], None] = lambda fraction: None,
) -> tuple[Preview, ImportRecord | None]:
    """Import ``upload`` in one transaction: all its new entries, or (on any error) none.

    The record is None when the file holds nothing new (every entry is in the log already, or
    it has none): nothing is written, no import is recorded, and there is nothing to undo; the
    preview says so (``Preview.nothing_new``)."""
    with UnitOfWork(engine, write=True) as uow:
        access.require_write(uow, actor, patient_id)
        plan = _prepare(uow, patient_id, upload, format, lambda f: progress(0.8 * f))
        if plan.nothing_new:
            progress(1.0)
            return plan, None
        import_id = uow.imports.add(patient_id, upload.name, plan.format)
        for start in range(0, len(plan.new), BATCH):
            uow.entries.add_many(patient_id, plan.new[start : start + BATCH], import_id)
            progress(0.8 + 0.2 * min(1.0, (start + BATCH) / max(1, len(plan.new))))
        counts = {kind.value: n for kind, n in sorted(plan.new_by_kind.items())}
        record = uow.imports.finish(import_id, counts, plan.first_day, plan.last_day)
        uow.commit()
    progress(1.0)
    return plan, record


def undo_import(engine: Engine, actor: Actor, patient_id: int, import_id: int) -> int:
    """Remove everything an import added; returns how many entries went."""
    with UnitOfWork(engine, write=True) as uow:
        access.require_write(uow, actor, patient_id)
        record = uow.imports.get(patient_id, import_id)
        if record.undone_at is not None:
            raise InvalidEntry("That import was undone already.", "import")
        removed = uow.entries.delete_imported(patient_id, import_id)
        uow.imports.mark_undone(import_id)
        uow.commit()
    return removed


def imports(engine: Engine, actor: Actor, patient_id: int) -> list[ImportRecord]:
    with UnitOfWork(engine) as uow:
        access.require_write(uow, actor, patient_id)
        return uow.imports.of(patient_id)
