"""A therapist's review of one patient: everything the Patient review page shows, read in one
transaction, after the visit is recorded in the patient's access log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from tracker.domain import FUNCTION_KINDS, Kind
from tracker.services import access, assessment, care
from tracker.services.access import Actor
from tracker.services.clock import today
from tracker.store.unit_of_work import UnitOfWork
from tracker.views.progress import PeriodChoice, period_bounds
from tracker.views.progress import build as build_progress
from tracker.views.review import ReviewView, target_fields

DETAIL_KINDS = (Kind.DOSE, Kind.PAIN, Kind.SIDE_EFFECT, *sorted(FUNCTION_KINDS))
"""The kinds the review lists entry by entry (the rest it shows as charts)."""


def review(
    engine: Engine,
    actor: Actor,
    patient_id: int,
    choice: PeriodChoice = PeriodChoice.TWELVE_WEEKS,
    custom: tuple[dt.date, dt.date] | None = None,
    on: dt.date | None = None,
) -> ReviewView:
    """The review of ``patient_id`` for the chosen period ending ``on``, the therapist's today
    (the server's by default). ``AccessDenied`` or ``NotFound`` unless ``actor`` may read it."""
    on = on or today()
    until = max(on, custom[1]) if custom else on
    # The visit goes in the access log first, in a short write (on SQLite the write lock would
    # otherwise be held while years of log are read); then the page is read in one snapshot.
    care.open_patient(engine, actor, patient_id)
    with UnitOfWork(engine) as uow:
        patient = access.require_read(uow, actor, patient_id)
        loaded = assessment.assessment_in(uow, patient_id, until, on)
        overrides = uow.users.target_overrides(patient_id)
        listed = uow.entries.list(patient_id, kinds=DETAIL_KINDS)
        red_flags = uow.care.red_flags(patient_id)
        notes = uow.care.notes(patient_id)
        plan = care.plan_in(uow, patient_id, on)
    start, end = period_bounds(choice, on, loaded.history.first_day, custom)
    newest_first = listed[::-1]
    set_by = {o.name: o.set_by_name or "the clinic" for o in overrides}
    return ReviewView(
        patient=patient,
        profile=loaded.profile,
        red_flags=red_flags,
        progress=build_progress(loaded.history, loaded.profile, loaded.targets, start, end),
        symptoms=[e for e in newest_first if e.kind in (Kind.PAIN, Kind.SIDE_EFFECT)],
        doses=[e for e in newest_first if e.kind is Kind.DOSE],
        notes=notes,
        targets=target_fields(loaded.targets, set_by, loaded.profile, on),
        plan=plan,
        tests=[e for e in newest_first if e.kind in FUNCTION_KINDS],
    )
