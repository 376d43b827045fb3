"""Use cases: one function per thing a person does, one transaction each, access checked first.

Pages and the command line call these and nothing below them. Every function takes the engine
and the ``Actor`` making the request, and returns plain domain objects, text or bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import math
from collections import Counter
from dataclasses import dataclass, replace

from sqlalchemy import Engine

from tracker import access, daily, entries_csv, fhir, guidance, passwords, quantities, validate
from tracker.access import Actor
from tracker.demo import DEMO_EMAILS
from tracker.domain import (
    Conflict,
    Entry,
    InvalidEntry,
    Kind,
    Profile,
    ProteinBasis,
    Role,
    StorageUnavailable,
    TrackerError,
    User,
)
from tracker.guidance import Finding
from tracker.history import History
from tracker.progress import PeriodChoice, Progress, period_bounds
from tracker.progress import build as build_progress
from tracker.repository import FailureKind, TargetOverride, UnitOfWork
from tracker.targets import DEFAULT_TARGETS, Targets
from tracker.targets import describe as describe_target
from tracker.targets import names as target_names
from tracker.today import DayLog
from tracker.today import build as build_day_log

log = logging.getLogger(__name__)


def today() -> dt.date:
    return dt.date.today()


# --- accounts -------------------------------------------------------------------------------


def create_user(
    engine: Engine,
    email: str,
    password: str,
    role: Role = Role.PATIENT,
    display_name: str | None = None,
    is_demo: bool = False,
) -> User:
    """A new account; refused if the email is taken or the password too short."""
    address = validate.email(email)
    validate.password(password, address)
    name = validate.display_name(display_name or address.split("@")[0])
    password_hash = passwords.hash_password(password)
    taken = InvalidEntry("An account with this email already exists; sign in instead.", "email")
    if address in DEMO_EMAILS and not is_demo:
        raise InvalidEntry("That address belongs to the demo; use your own email.", "email")
    with UnitOfWork(engine, write=True) as uow:
        if uow.users.exists(address):
            raise taken
        user = uow.users.add(address, name, password_hash, role, is_demo=is_demo)
        try:
            uow.commit()
        except Conflict:  # the same email signed up a moment earlier
            raise taken from None
    return user


THROTTLE_WINDOW = dt.timedelta(minutes=15)
ACCOUNT_MAX_FAILURES = 5
"""Failed sign-ins to one account within the window before it must wait (OWASP: slow down
online guessing without locking the owner out for long)."""
CLIENT_MAX_FAILURES = 20
"""Failed sign-ins from one client (any accounts) within the window before it must wait."""


class SignInThrottled(TrackerError):
    """Too many failed sign-ins; the message says how long to wait."""


def minutes_to_wait(
    failures: list[dt.datetime], limit: int, now: dt.datetime, window: dt.timedelta
) -> int | None:
    """None while fewer than ``limit`` of ``failures`` (oldest first, all within ``window``
    of ``now``) are recorded; else the whole minutes, at least 1, until one of them leaves the
    window and another attempt is allowed."""
    if len(failures) < limit:
        return None
    free_at = failures[-limit] + window
    return max(1, math.ceil((free_at - now).total_seconds() / 60))


def wait_words(minutes: int) -> str:
    return f"{minutes} minute{'s' * (minutes != 1)}"


def _wait_message(failures: list[dt.datetime], limit: int, now: dt.datetime) -> str | None:
    minutes = minutes_to_wait(failures, limit, now, THROTTLE_WINDOW)
    if minutes is None:
        return None
    return (
        f"Too many failed sign-ins. Wait {wait_words(minutes)} and try again, or reset your "
        "password with your clinic."
    )


def authenticate(engine: Engine, email: str, password: str, client: str = "") -> User | None:
    """The user these credentials belong to, or None (the same answer whether or not the
    email has an account, and as slow); ``SignInThrottled`` after repeated failures."""
    address = email.strip().lower()
    with contextlib.suppress(InvalidEntry):
        address = validate.email(email)
    now = dt.datetime.now(dt.UTC)
    since = now - THROTTLE_WINDOW
    with UnitOfWork(engine, write=True) as uow:
        uow.care.lock_failures(FailureKind.SIGN_IN)
        for failures, limit in (
            (uow.care.failures_since(since, email=address), ACCOUNT_MAX_FAILURES),
            (uow.care.failures_since(since, client=client) if client else [], CLIENT_MAX_FAILURES),
        ):
            if message := _wait_message(failures, limit, now):
                raise SignInThrottled(message)
        user = uow.users.by_email(address)
        stored = uow.users.password_hash(user.id) if user else passwords.dummy_hash()
        # Counted as a failure until the password proves otherwise, in the same step as the
        # count: attempts sent at once each see those before them, however slow the check.
        uow.care.add_failure(address, client, at=now)
        uow.commit()
    if not passwords.verify(stored, password) or user is None:
        return None
    with UnitOfWork(engine, write=True) as uow:
        uow.care.clear_failures(address, before=since)  # this attempt's row among them
        if passwords.needs_rehash(stored):
            uow.users.set_password_hash(user.id, passwords.hash_password(password))
        uow.commit()
    return user


def user_by_email(engine: Engine, email: str) -> User:
    """The account with ``email``; for the administrator's command line."""
    with UnitOfWork(engine) as uow:
        user = uow.users.by_email(validate.email(email))
    if user is None:
        raise InvalidEntry(f"There is no account with the email {email}.", "email")
    return user


def get_user(engine: Engine, user_id: int) -> User | None:
    with UnitOfWork(engine) as uow:
        return uow.users.get(user_id)


def change_password(
    engine: Engine, actor: Actor, user_id: int, current_password: str, new_password: str
) -> None:
    """Set a new password and sign every browser out; the caller signs its own back in."""
    access.require_self(actor, user_id)
    with UnitOfWork(engine, write=True) as uow:
        user = uow.users.get(user_id)
        validate.password(new_password, user.email if user else "")
        if not passwords.verify(uow.users.password_hash(user_id), current_password):
            raise InvalidEntry("The current password is not right.", "current_password")
        uow.users.set_password_hash(user_id, passwords.hash_password(new_password))
        uow.users.delete_web_sessions_of(user_id)  # every browser signed in with the old one
        uow.commit()


def delete_account(engine: Engine, actor: Actor, user_id: int) -> None:
    """The account and every entry, profile and target of it, for good."""
    access.require_self(actor, user_id)
    with UnitOfWork(engine, write=True) as uow:
        uow.users.delete(user_id)
        uow.commit()


def get_profile(engine: Engine, actor: Actor, patient_id: int) -> Profile:
    with UnitOfWork(engine) as uow:
        access.require_read(uow, actor, patient_id)
        return uow.users.profile(patient_id)


def update_profile(engine: Engine, actor: Actor, patient_id: int, profile: Profile) -> Profile:
    checked = validate.profile(profile, today())
    with UnitOfWork(engine, write=True) as uow:
        access.require_write(uow, actor, patient_id)
        uow.users.save_profile(patient_id, checked)
        uow.commit()
    return checked


# --- the log --------------------------------------------------------------------------------


def _checked(uow: UnitOfWork, patient_id: int, entry: Entry) -> Entry:
    """``entry`` validated, with any message in the units the patient reads."""
    profile = uow.users.profile(patient_id)
    unit = quantities.display_unit(entry.kind, profile.weight_unit, profile.water_unit)
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


def last_dose(engine: Engine, actor: Actor, patient_id: int) -> Entry | None:
    with UnitOfWork(engine) as uow:
        access.require_read(uow, actor, patient_id)
        return uow.entries.last_dose(patient_id)


# --- targets and guidance -------------------------------------------------------------------


def _targets(uow: UnitOfWork, patient_id: int) -> Targets:
    overrides = {o.name: o.value for o in uow.users.target_overrides(patient_id)}
    return DEFAULT_TARGETS.with_overrides(overrides)


def targets(engine: Engine, actor: Actor, patient_id: int) -> tuple[Targets, list[TargetOverride]]:
    """The targets that apply to the patient, and which of them were set for them and by whom."""
    with UnitOfWork(engine) as uow:
        access.require_read(uow, actor, patient_id)
        return _targets(uow, patient_id), uow.users.target_overrides(patient_id)


def set_target(
    engine: Engine, actor: Actor, patient_id: int, name: str, value: float | None
) -> None:
    """Override target ``name`` for the patient; None goes back to the default."""
    if name not in target_names():
        raise InvalidEntry(f"There is no target called {name}.", "name")
    with UnitOfWork(engine, write=True) as uow:
        access.require_care(uow, actor, patient_id)
        validate.targets(_targets(uow, patient_id), name, value)
        label, unit = describe_target(name)
        if value is None:
            uow.users.clear_target(patient_id, name)
            change = f"{label}: back to the guidance default"
        else:
            uow.users.set_target(patient_id, name, float(value), actor.user_id)
            change = f"{label}: {value:g} {unit}"
        actor_user = uow.users.get(actor.user_id) if actor.user_id is not None else None
        uow.care.audit(patient_id, actor_user, "target", change)
        uow.commit()


BASIS_WORDS = {
    ProteinBasis.AUTO: "adjusted body weight from a BMI of 30, else actual weight",
    ProteinBasis.ACTUAL: "actual weight",
    ProteinBasis.ADJUSTED: "adjusted body weight",
}
"""How each protein basis reads in the access log."""


def set_protein_basis(
    engine: Engine, actor: Actor, patient_id: int, basis: ProteinBasis | str
) -> Profile:
    """Choose the weight the patient's protein is judged on; the patient, their therapist or
    the administrator may. A change by anyone but the patient goes in their access log."""
    try:
        chosen = ProteinBasis(basis)
    except ValueError:
        raise InvalidEntry(f"There is no protein basis called {basis}.", "basis") from None
    with UnitOfWork(engine, write=True) as uow:
        if actor.user_id is not None and actor.user_id == patient_id:
            access.require_write(uow, actor, patient_id)
        else:
            access.require_care(uow, actor, patient_id)
        profile = replace(uow.users.profile(patient_id), protein_basis=chosen)
        uow.users.save_profile(patient_id, profile)
        if actor.user_id != patient_id:
            actor_user = uow.users.get(actor.user_id) if actor.user_id is not None else None
            change = f"Protein judged on: {BASIS_WORDS[chosen]}"
            uow.care.audit(patient_id, actor_user, "target", change)
        uow.commit()
    return profile


@dataclass(frozen=True)
class Assessment:
    """What the guidance engine needs, loaded in one transaction."""

    history: History
    profile: Profile
    targets: Targets


def load_assessment(
    engine: Engine,
    actor: Actor,
    patient_id: int,
    until: dt.date | None = None,
    day_in_progress: dt.date | None = None,
) -> Assessment:
    """``day_in_progress``: the person's today (default: the server's), whose log is still
    being written (see ``History.intake_days``)."""
    with UnitOfWork(engine) as uow:
        access.require_read(uow, actor, patient_id)
        return Assessment(
            history=uow.entries.history(patient_id, until).in_progress_on(
                day_in_progress or today()
            ),
            profile=uow.users.profile(patient_id),
            targets=_targets(uow, patient_id),
        )


def assess(
    engine: Engine, actor: Actor, patient_id: int, on: dt.date | None = None
) -> list[Finding]:
    """The guidance findings as of the end of day ``on`` (today by default)."""
    on = on or today()
    loaded = load_assessment(engine, actor, patient_id, until=on)
    return guidance.assess(loaded.history, loaded.profile, loaded.targets, on)


def progress(
    engine: Engine,
    actor: Actor,
    patient_id: int,
    choice: PeriodChoice = PeriodChoice.TWELVE_WEEKS,
    custom: tuple[dt.date, dt.date] | None = None,
    on: dt.date | None = None,
) -> Progress:
    """Everything the Progress page shows for the chosen period ending ``on``, the person's
    today (the server's by default)."""
    on = on or today()
    until = max(on, custom[1]) if custom else on
    loaded = load_assessment(engine, actor, patient_id, until, day_in_progress=on)
    start, end = period_bounds(choice, on, loaded.history.first_day, custom)
    return build_progress(loaded.history, loaded.profile, loaded.targets, start, end)


def day_log(engine: Engine, actor: Actor, patient_id: int, day: dt.date | None = None) -> DayLog:
    """The day's entries and its running totals against the day's targets."""
    day = day or today()
    with UnitOfWork(engine) as uow:
        access.require_read(uow, actor, patient_id)
        week_start = day - dt.timedelta(days=6)
        history = uow.entries.history(patient_id, until=day, since=week_start)
        entries = uow.entries.list(patient_id, day, day)
        last_dose = uow.entries.last_dose(patient_id, before=day)
        return build_day_log(
            day,
            entries,
            history,
            uow.users.profile(patient_id),
            _targets(uow, patient_id),
            last_dose,
        )


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


def daily_report(
    engine: Engine,
    actor: Actor,
    patient_id: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
    day_in_progress: dt.date | None = None,
) -> str:
    """The daily report CSV from ``start`` (default: the first logged day) to ``end`` (today);
    ``day_in_progress`` as for ``load_assessment``."""
    end = end or today()
    loaded = load_assessment(engine, actor, patient_id, until=end, day_in_progress=day_in_progress)
    start = start or loaded.history.first_day or end
    if start > end:
        raise InvalidEntry("The start of the period is after its end.", "start")
    return daily.write(loaded.history, loaded.profile, loaded.targets, start, end)
