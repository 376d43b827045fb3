"""A person's own data, whole: everything the app holds about them, to download and keep.

Only the person themself (or the clinic's administrator, on the command line) may have it: not
a therapist, who sees what a patient shares, not the patient's whole record. Deleting the
account (``accounts.delete_account``) removes all of it from the live database: every row
that belongs to the person goes with their user row (ON DELETE CASCADE); a therapist's notes,
plans and red-flag acknowledgements about a patient are the patient's rows; an account that goes
leaves its name on the notes and audit lines it wrote about others (``author_name``,
``actor_name``), and its id becomes empty there.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from tracker.domain import NotFound, Role
from tracker.formats.archive import PersonRecord, write_zip
from tracker.services import access
from tracker.services.access import Actor
from tracker.store.unit_of_work import UnitOfWork


def everything_about(engine: Engine, actor: Actor, user_id: int) -> PersonRecord:
    """What the app holds about ``user_id``, read in one snapshot."""
    access.require_self(actor, user_id)
    with UnitOfWork(engine) as uow:
        user = uow.users.get(user_id)
        if user is None:
            raise NotFound("There is no such account.")
        is_patient = user.role is Role.PATIENT
        return PersonRecord(
            user=user,
            profile=uow.users.profile(user_id),
            entries=uow.entries.list(user_id) if is_patient else [],
            targets=uow.users.target_overrides(user_id),
            shares=(
                uow.care.shares_of_patient(user_id)
                if is_patient
                else uow.care.shares_of_therapist(user_id)
            ),
            share_codes=uow.care.codes_of(user_id),
            notes=uow.care.notes(user_id),
            plan=uow.care.plan(user_id),
            plan_ticks=uow.care.ticks([user_id], dt.date.min, dt.date.max).get(user_id, []),
            imports=uow.imports.of(user_id),
            audit_trail=uow.care.audit_trail(user_id, limit=None),
            signed_in_browsers=uow.users.web_sessions_of(user_id),
            failed_sign_ins=uow.failures.of_email(user.email),
            made_at=dt.datetime.now(dt.UTC),
        )


def archive(engine: Engine, actor: Actor, user_id: int) -> bytes:
    """``everything_about`` the person as a ZIP: one JSON file with all of it and a CSV for
    each part (``tracker.formats.archive``)."""
    return write_zip(everything_about(engine, actor, user_id))


def archive_filename(user_name: str, on: dt.date) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in user_name.lower()).strip("-") or "me"
    return f"glp1-tracker-{safe}-all-data-{on.isoformat()}.zip"
