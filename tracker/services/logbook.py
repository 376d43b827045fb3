"""The patient's log: entries written (once per submitted form), changed, listed, and moved
in and out as the entries CSV and FHIR."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine

from tracker.domain import (
    Conflict,
    Entry,
    InvalidEntry,
    Kind,
    Profile,
    StorageUnavailable,
)
from tracker.formats import entries_csv, fhir, validate
from tracker.kinds import display_unit
from tracker.services import access
from tracker.services.access import Actor
from tracker.services.clock import today
from tracker.store.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


# --- the log --------------------------------------------------------------------------------


def _checked(uow: UnitOfWork, patient_id: int, entry: Entry) -> Entry:
    """``entry`` validated, with any message in the units the patient reads."""
    profile = uow.users.profile(patient_id)
    unit = display_unit(entry.kind, profile.weight_unit, profile.water_unit)
    return validate.entry(entry, today(), unit, profile.weight_unit.value)


SUBMISSION_KEPT = dt.timedelta(days=2)
"""How long a submission's key is remembered: far longer than anyone retries a form."""


def log_entry(
    engine: Engine, actor: Actor, patient_id: int, entry: Entry, submission: str = ""
) -> Entry:
    """Validate and store one entry (metric values); see ``log_entries`` for ``submission``."""
    return log_entries(engine, actor, patient_id, [entry], submission)[0]


def log_entries(
    engine: Engine, actor: Actor, patient_id: int, entries: list[Entry], submission: str = ""
) -> list[Entry]:
    """Store several entries all together, or none of them.

    ``submission`` is the key a page gives one submitted form. With it the save is idempotent:
    a key already saved writes nothing again, so the save is retried once on a fresh connection
    when the connection is lost (the commit may or may not have landed), and a person who sends
    the same form again after "not saved, try again" never gets a double entry.
    """

    def save() -> list[Entry]:
        with UnitOfWork(engine, write=True) as uow:
            access.require_write(uow, actor, patient_id)
            checked = [_checked(uow, patient_id, entry.without_id()) for entry in entries]
            if submission and uow.submissions.seen(patient_id, submission):
                return checked  # saved by an earlier try of the same form
            stored = [uow.entries.add(patient_id, entry) for entry in checked]
            if submission:
                now = dt.datetime.now(dt.UTC)
                uow.submissions.add(patient_id, submission, now)
                uow.submissions.prune(now - SUBMISSION_KEPT)
            uow.commit()
        return stored

    if not submission:
        return save()
    try:
        return save()
    except (StorageUnavailable, Conflict) as error:  # a lost connection, or a double tap
        log.warning("save of submission retried once after: %s", error)
        return save()


def update_entry(engine: Engine, actor: Actor, patient_id: int, entry: Entry) -> Entry:
    if entry.id is None:
        raise InvalidEntry("Choose the entry to change.", "id")
    with UnitOfWork(engine, write=True) as uow:
        access.require_write(uow, actor, patient_id)
        stored = uow.entries.replace(patient_id, _checked(uow, patient_id, entry))
        uow.commit()
    return stored


def delete_entry(engine: Engine, actor: Actor, patient_id: int, kind: Kind, entry_id: int) -> None:
    with UnitOfWork(engine, write=True) as uow:
        access.require_write(uow, actor, patient_id)
        uow.entries.delete(patient_id, kind, entry_id)
        uow.commit()


def list_entries(
    engine: Engine,
    actor: Actor,
    patient_id: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
    kinds: list[Kind] | None = None,
) -> list[Entry]:
    with UnitOfWork(engine) as uow:
        access.require_read(uow, actor, patient_id)
        return uow.entries.list(patient_id, start, end, kinds)


def get_entry(engine: Engine, actor: Actor, patient_id: int, kind: Kind, entry_id: int) -> Entry:
    with UnitOfWork(engine) as uow:
        access.require_read(uow, actor, patient_id)
        return uow.entries.get(patient_id, kind, entry_id)


def first_day(engine: Engine, actor: Actor, patient_id: int) -> dt.date | None:
    with UnitOfWork(engine) as uow:
        access.require_read(uow, actor, patient_id)
        return uow.entries.first_day(patient_id)


@dataclass(frozen=True)
class HistoryPage:
    """One page of the History table, newest first, and what the page needs around it."""

    entries: list[Entry]
    total: int
    """How many entries match, on every page."""
    page: int
    pages: int
    profile: Profile


HISTORY_PAGE_SIZE = 50


def history_page(
    engine: Engine,
    actor: Actor,
    patient_id: int,
    start: dt.date,
    end: dt.date,
    kinds: Iterable[Kind] | None = None,
    page: int = 1,
    page_size: int = HISTORY_PAGE_SIZE,
) -> HistoryPage:
    """Page ``page`` (from 1; past the last: the last) of the entries from ``start`` to
    ``end`` of ``kinds`` (default: all), newest first."""
    chosen = list(dict.fromkeys(kinds or Kind))  # read twice below; a kind named twice counts once
    with UnitOfWork(engine) as uow:
        access.require_read(uow, actor, patient_id)
        profile = uow.users.profile(patient_id)
        page = max(1, page)
        entries, total = uow.entries.newest_page(
            patient_id, start, end, chosen, (page - 1) * page_size, page_size
        )
        pages = max(1, -(-total // page_size))
        if page > pages:  # the filter shrank under the page the person was on
            page = pages
            entries, total = uow.entries.newest_page(
                patient_id, start, end, chosen, (page - 1) * page_size, page_size
            )
    return HistoryPage(entries, total, page, pages, profile)


@dataclass(frozen=True)
class ExportView:
    """What the Export page needs before the person picks a period."""

    first_day: dt.date | None
    """The first logged day (None: nothing to export yet)."""
    profile: Profile


def export_view(engine: Engine, actor: Actor, patient_id: int) -> ExportView:
    with UnitOfWork(engine) as uow:
        access.require_read(uow, actor, patient_id)
        return ExportView(uow.entries.first_day(patient_id), uow.users.profile(patient_id))


# --- CSV in and out -------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportSummary:
    count: int
    by_kind: dict[Kind, int]
    first_day: dt.date | None
    last_day: dt.date | None

    def describe(self) -> str:
        if not self.count:
            return "The file holds no entries; nothing was imported."
        kinds = ", ".join(f"{n} {kind.value}" for kind, n in self.by_kind.items())
        return f"Imported {self.count} entries ({kinds}) from {self.first_day} to {self.last_day}."


def import_entries(
    engine: Engine, actor: Actor, patient_id: int, data: bytes | str
) -> ImportSummary:
    """Import an entries CSV whole, in one transaction, or refuse it whole (``CsvRefused``)."""
    entries = entries_csv.read(data, today())
    with UnitOfWork(engine, write=True) as uow:
        access.require_write(uow, actor, patient_id)
        uow.entries.add_many(patient_id, entries)
        uow.commit()
    counts = Counter(entry.kind for entry in entries)
    days = [entry.day for entry in entries]
    return ImportSummary(
        count=len(entries),
        by_kind={kind: counts[kind] for kind in Kind if counts[kind]},
        first_day=min(days, default=None),
        last_day=max(days, default=None),
    )


def export_entries(
    engine: Engine,
    actor: Actor,
    patient_id: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> str:
    """The entries CSV of the period, in the patient's units."""
    with UnitOfWork(engine) as uow:
        access.require_read(uow, actor, patient_id)
        profile = uow.users.profile(patient_id)
        entries = uow.entries.list(patient_id, start, end)
    return entries_csv.write(entries, profile.weight_unit, profile.water_unit)


def export_fhir(
    engine: Engine,
    actor: Actor,
    patient_id: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
    zone: dt.tzinfo | None = None,
) -> str:
    """The FHIR R4 Bundle (JSON) of the period for the clinic's record system; ``zone`` is the
    patient's time zone, for the offsets of the times of day (default: the server's)."""
    end = end or today()
    with UnitOfWork(engine) as uow:
        user = access.require_read(uow, actor, patient_id)
        profile = uow.users.profile(patient_id)
        entries = uow.entries.list(patient_id, start, end)
    start = start or (entries[0].day if entries else end)
    if start > end:
        raise InvalidEntry("The start of the period is after its end.", "start")
    return fhir.bundle_json(user, profile, entries, start, end, zone=zone)
