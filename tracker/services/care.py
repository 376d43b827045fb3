"""The care team's use cases: sharing, caseload, notes, exercise plans, and the audit trail.

The same shape as the other services: one function per thing a person does, one transaction
each, the access check first. Every read of a patient's data by a therapist and every change
a therapist makes is written to the patient's audit trail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass, replace

from sqlalchemy import Engine

from tracker.domain import (
    FUNCTION_KINDS,
    AccessDenied,
    AuditEvent,
    Entry,
    Exercise,
    InvalidEntry,
    Kind,
    Note,
    NotFound,
    PlanItem,
    Profile,
    RedFlagReport,
    Role,
    Share,
    ShareStatus,
    TestedAt,
    TrackerError,
    User,
)
from tracker.formats import validate
from tracker.kinds import display_unit
from tracker.rules import strength
from tracker.rules.exercises import BY_CODE
from tracker.rules.history import History
from tracker.rules.redflags import checklist_for
from tracker.rules.targets import DEFAULT_TARGETS, PAIN_WINDOW_DAYS, WEEK_DAYS
from tracker.services import access
from tracker.services.access import Actor
from tracker.services.accounts import minutes_to_wait, wait_words
from tracker.services.clock import today
from tracker.store.failures import FailureKind
from tracker.store.unit_of_work import UnitOfWork
from tracker.views import caseload as caseload_rows
from tracker.views import plan as plan_view
from tracker.views.caseload import CaseloadRow, CaseloadView
from tracker.views.display import RED_FLAG_NAMES, kind_name
from tracker.views.plan import PlanView
from tracker.views.red_flags import RedFlagView

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""No 0/O or 1/I: a code is read aloud or typed from a phone screen."""
CODE_LENGTH = 8
CODE_VALID_FOR = dt.timedelta(days=7)
VIEW_AUDIT_QUIET = dt.timedelta(minutes=30)
"""A therapist reopening a patient within this time is one visit in the trail, not many."""
NOTE_MAX_CHARS = 4000

CODE_GUESS_WINDOW = dt.timedelta(minutes=15)
CODE_ACCOUNT_MAX_FAILURES = 5
"""Share codes that did not work, entered by one therapist account within the window, before
that account must wait.

A code is 8 of 32 characters: 32 ** 8 = 2 ** 40, about 1.1 million million codes. Say a big
clinic's server holds 1,000 live codes at once (each lives 7 days, or until used). Unthrottled,
one account tried about 1,500 codes a second, 130 million a day: one hit, one patient's data,
every 8.5 days or so. Throttled, 5 per 15 minutes is 480 a day: a given code survives its 7
days against one account with odds of about 1 in 300 million of being hit (3,360 / 2 ** 40),
and a year of guessing (175,200 tries) hits any of the 1,000 live codes with odds of about 1 in
6,300. A therapist who mistypes a code is shown why, and needs no more than a few tries."""
CODE_CLIENT_MAX_FAILURES = 20
"""Share codes that did not work, entered from one client (any accounts) within the window,
before that client must wait: a therapist account costs nothing to make, so this is the limit a
guesser with many accounts meets. 20 per 15 minutes is 1,920 a day, 700,800 a year: odds of
about 1 in 1,600 a year of hitting any of 1,000 live codes from one address. Four times the
account limit, because a clinic's therapists may share one address."""

log = logging.getLogger(__name__)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _code_hash(code: str) -> str:
    normalised = "".join(ch for ch in code.upper() if ch in CODE_ALPHABET)
    return hashlib.sha256(normalised.encode()).hexdigest()


def _user(uow: UnitOfWork, actor: Actor) -> User | None:
    return uow.users.get(actor.user_id) if actor.user_id is not None else None


# --- sharing, owned by the patient ------------------------------------------------------------


@dataclass(frozen=True)
class ShareCode:
    code: str
    expires_at: dt.datetime


def create_share_code(engine: Engine, actor: Actor, patient_id: int) -> ShareCode:
    """A single-use code, valid for 7 days, that lets one therapist see the patient's data."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    expires_at = _now() + CODE_VALID_FOR
    with UnitOfWork(engine, write=True) as uow:
        access.require_write(uow, actor, patient_id)
        uow.care.add_code(patient_id, _code_hash(raw), expires_at)
        uow.commit()
    return ShareCode(f"{raw[:4]}-{raw[4:]}", expires_at)


class ShareCodeThrottled(TrackerError):
    """Too many share codes that did not work; the message says how long to wait."""


def _refuse_while_guessing(
    uow: UnitOfWork, therapist_id: int, client: str, now: dt.datetime
) -> None:
    """``ShareCodeThrottled`` if this therapist, or anyone at this client, has had too many
    codes fail within the window."""
    since = now - CODE_GUESS_WINDOW
    kind = FailureKind.SHARE_CODE
    by_account = uow.failures.since(since, kind=kind, actor_id=therapist_id)
    by_client = uow.failures.since(since, client=client, kind=kind) if client else []
    for who, failures, limit in (
        ("therapist", by_account, CODE_ACCOUNT_MAX_FAILURES),
        ("client", by_client, CODE_CLIENT_MAX_FAILURES),
    ):
        minutes = minutes_to_wait(failures, limit, now, CODE_GUESS_WINDOW)
        if minutes is not None:
            log.warning(
                "Share code refused unchecked: %d codes failed for this %s within %s "
                "(therapist %s, client %r)",
                len(failures),
                who,
                CODE_GUESS_WINDOW,
                therapist_id,
                client,
            )
            raise ShareCodeThrottled(
                f"Too many failed share codes. Wait {wait_words(minutes)} and try again, and "
                "check the code with your patient (8 letters and digits, like ABCD-2345)."
            )


def redeem_share_code(engine: Engine, actor: Actor, code: str, client: str = "") -> Share:
    """A therapist enters a patient's code: the share is active at once.

    ``client`` is where the request comes from (the browser's address). After
    ``CODE_ACCOUNT_MAX_FAILURES`` codes that did not work from this therapist, or
    ``CODE_CLIENT_MAX_FAILURES`` from this client, within ``CODE_GUESS_WINDOW``, the code is
    not even looked at: ``ShareCodeThrottled`` says how long to wait. Each code that does not
    work is recorded (who, from where, when) and logged, never the code; a code that works
    does not clear them, so a guesser's hit buys no fresh tries.
    """
    access.require_therapist(actor)
    now = _now()
    with UnitOfWork(engine, write=True) as uow:
        uow.failures.lock(FailureKind.SHARE_CODE)
        _refuse_while_guessing(uow, actor.user_id, client, now)
        patient_id = uow.care.use_code(_code_hash(code), now)
        if patient_id is None:
            therapist = _user(uow, actor)
            uow.failures.add(
                therapist.email if therapist else "",
                client,
                FailureKind.SHARE_CODE,
                actor_id=therapist.id if therapist else None,
                at=now,
            )
            uow.commit()
            log.warning(
                "Share code did not work: therapist %s from client %r", actor.user_id, client
            )
            raise InvalidEntry(
                "That code is not valid: it may be mistyped, used already, or older than 7 "
                "days. Ask your patient for a new one.",
                "code",
            )
        share = _open_share(uow, patient_id, actor.user_id, ShareStatus.ACTIVE)
        uow.care.audit(patient_id, _user(uow, actor), "share", "accepted your share code")
        uow.commit()
    return share


def _open_share(uow: UnitOfWork, patient_id: int, therapist_id: int, status: ShareStatus):
    existing = uow.care.open_share(patient_id, therapist_id)
    if existing is None:
        return uow.care.add_share(patient_id, therapist_id, status)
    if status is ShareStatus.ACTIVE and existing.status is not ShareStatus.ACTIVE:
        uow.care.set_share_status(existing.id, ShareStatus.ACTIVE)
        return uow.care.share(existing.id)
    return existing


def invite_therapist(engine: Engine, actor: Actor, patient_id: int, email: str) -> Share:
    """The patient names their therapist by email; the share waits for the therapist."""
    address = validate.email(email)
    with UnitOfWork(engine, write=True) as uow:
        access.require_write(uow, actor, patient_id)
        therapist = uow.users.by_email(address)
        if therapist is None or therapist.role is not Role.THERAPIST:
            raise InvalidEntry(
                "No physical therapist has an account with that email. Check the address, or "
                "give your therapist a share code instead.",
                "email",
            )
        share = _open_share(uow, patient_id, therapist.id, ShareStatus.PENDING)
        uow.commit()
    return share


def accept_share(engine: Engine, actor: Actor, share_id: int) -> Share:
    access.require_therapist(actor)
    with UnitOfWork(engine, write=True) as uow:
        share = uow.care.share(share_id)
        if share is None or share.therapist_id != actor.user_id:
            raise NotFound("There is no such invitation.")
        if share.status is not ShareStatus.PENDING:
            raise InvalidEntry("That invitation is no longer open.", "share")
        uow.care.set_share_status(share_id, ShareStatus.ACTIVE)
        uow.care.audit(share.patient_id, _user(uow, actor), "share", "accepted your invitation")
        uow.commit()
        return uow.care.share(share_id)


def revoke_share(engine: Engine, actor: Actor, share_id: int) -> None:
    """The patient ends a share (or withdraws an invitation), effective at once.

    A therapist may also decline an invitation or leave a patient's care this way.
    """
    with UnitOfWork(engine, write=True) as uow:
        share = uow.care.share(share_id)
        allowed = share is not None and (
            actor.is_system or actor.user_id in (share.patient_id, share.therapist_id)
        )
        if not allowed:
            raise NotFound("There is no such share.")
        if share.status is not ShareStatus.REVOKED:
            uow.care.set_share_status(share_id, ShareStatus.REVOKED)
            uow.care.audit(
                share.patient_id,
                _user(uow, actor),
                "share",
                f"access for {share.therapist_name} ended",
            )
        uow.commit()


def shares_of_patient(engine: Engine, actor: Actor, patient_id: int) -> list[Share]:
    with UnitOfWork(engine) as uow:
        access.require_write(uow, actor, patient_id)
        return uow.care.shares_of_patient(patient_id)


def shares_of_therapist(engine: Engine, actor: Actor, therapist_id: int) -> list[Share]:
    with UnitOfWork(engine) as uow:
        if not actor.is_system and actor.user_id != therapist_id:
            raise AccessDenied("Only the therapist sees their own patients.")
        return uow.care.shares_of_therapist(therapist_id)


def share_by_email(engine: Engine, patient_email: str, therapist_email: str) -> Share:
    """The administrator sets up an active share (the command line's ``share``)."""
    with UnitOfWork(engine, write=True) as uow:
        patient, therapist = _pair(uow, patient_email, therapist_email)
        share = _open_share(uow, patient.id, therapist.id, ShareStatus.ACTIVE)
        uow.care.audit(patient.id, None, "share", f"shared with {therapist.display_name}")
        uow.commit()
    return share


def revoke_by_email(engine: Engine, patient_email: str, therapist_email: str) -> None:
    with UnitOfWork(engine) as uow:
        patient, therapist = _pair(uow, patient_email, therapist_email)
        share = uow.care.open_share(patient.id, therapist.id)
    if share is None:
        raise InvalidEntry(f"{patient_email} does not share with {therapist_email}.", "email")
    revoke_share(engine, Actor.system(), share.id)


def _pair(uow: UnitOfWork, patient_email: str, therapist_email: str) -> tuple[User, User]:
    patient = uow.users.by_email(validate.email(patient_email))
    therapist = uow.users.by_email(validate.email(therapist_email))
    if patient is None or patient.role is not Role.PATIENT:
        raise InvalidEntry(f"There is no patient with the email {patient_email}.", "email")
    if therapist is None or therapist.role is not Role.THERAPIST:
        raise InvalidEntry(f"There is no therapist with the email {therapist_email}.", "email")
    return patient, therapist


# --- the caseload and one patient's review ------------------------------------------------------


def caseload(
    engine: Engine,
    actor: Actor,
    therapist_id: int,
    on: dt.date | None = None,
    day_in_progress: dt.date | None = None,
) -> list[CaseloadRow]:
    """Every patient sharing with the therapist, ordered by who needs attention first, as of
    the end of ``on``; ``day_in_progress`` is the therapist's today (default: the server's),
    judged as ``assessment.load_assessment`` does."""
    return caseload_view(engine, actor, therapist_id, on, day_in_progress).rows


def caseload_view(
    engine: Engine,
    actor: Actor,
    therapist_id: int,
    on: dt.date | None = None,
    day_in_progress: dt.date | None = None,
) -> CaseloadView:
    """The Caseload page: the invitations waiting for the therapist, and ``caseload``'s rows."""
    on = on or today()
    if not actor.is_system and actor.user_id != therapist_id:
        raise AccessDenied("Only the therapist sees their own caseload.")
    with UnitOfWork(engine, write=True) as uow:
        therapist = uow.users.get(therapist_id)
        if therapist is None or therapist.role is not Role.THERAPIST:
            raise NotFound("There is no such therapist.")
        shares = uow.care.shares_of_therapist(therapist_id)
        ids = [s.patient_id for s in shares if s.status is ShareStatus.ACTIVE]
        patients = uow.users.users(ids)
        # The findings read back at most the pain trend's two weeks (the last week of meals,
        # water, activity and training, and the week before today while it is being logged).
        since = on - dt.timedelta(days=PAIN_WINDOW_DAYS - 1)
        profiles = uow.users.profiles(ids)
        sums = uow.entries.daily_sums_of(
            ids, until=on, since=since, lift_spans=_lift_spans(uow, ids, profiles, on)
        )
        histories = {pid: History.from_sums(daily) for pid, daily in sums.items()}
        overrides = uow.users.target_overrides_of(ids)
        plans = uow.care.plans(ids)
        ticks = uow.care.ticks(ids, on - dt.timedelta(days=6), on)
        last_days = uow.entries.last_days(ids)
        uow.care.audit_views(
            ids,
            therapist,
            "caseload",
            "saw your summary in their caseload",
            _now() - VIEW_AUDIT_QUIET,
        )
        uow.commit()
    rows = [
        caseload_rows.row(
            patients[pid],
            histories[pid].in_progress_on(day_in_progress or today()),
            profiles[pid],
            DEFAULT_TARGETS.with_overrides({o.name: o.value for o in overrides.get(pid, [])}),
            plans.get(pid, []),
            ticks.get(pid, []),
            last_days.get(pid),
            on,
        )
        for pid in ids
    ]
    invitations = [s for s in shares if s.status is ShareStatus.PENDING]
    return CaseloadView(invitations, caseload_rows.ordered(rows))


def _lift_spans(
    uow: UnitOfWork, ids: list[int], profiles: dict[int, Profile], on: dt.date
) -> dict[int, list[tuple[dt.date, dt.date]]]:
    """The weeks of each patient's lifts that strength kept compares as of ``on``: a few
    weeks a patient, however long the log (``strength.windows_to_read``)."""
    first_lifts = uow.entries.first_lift_days(ids, until=on)
    first_doses = uow.entries.first_dose_days(ids, until=on)
    spans = {}
    for pid in ids:
        starts = [d for d in (profiles[pid].glp1_start, first_doses.get(pid)) if d is not None]
        medicine_start = min(starts) if starts else None
        spans[pid] = strength.windows_to_read(first_lifts.get(pid, {}), on, medicine_start)
    return spans


def open_patient(engine: Engine, actor: Actor, patient_id: int) -> User:
    """A therapist opens a patient's data: recorded in the patient's trail (once a visit, no
    second line within ``VIEW_AUDIT_QUIET``)."""
    with UnitOfWork(engine, write=True) as uow:
        patient = access.require_read(uow, actor, patient_id)
        if actor.role is Role.THERAPIST:
            uow.care.audit_views(
                [patient_id],
                _user(uow, actor),
                "view",
                "opened your progress and log",
                _now() - VIEW_AUDIT_QUIET,
            )
            uow.commit()
    return patient


# --- red flags -----------------------------------------------------------------------------


def red_flags(engine: Engine, actor: Actor, patient_id: int) -> list[RedFlagReport]:
    """Every red-flag 'yes' the patient gave, newest first, with who has seen it."""
    with UnitOfWork(engine) as uow:
        access.require_read(uow, actor, patient_id)
        return uow.care.red_flags(patient_id)


def red_flag_check(engine: Engine, actor: Actor, patient_id: int) -> RedFlagView:
    """The Red-flag check page: the patient's questions, their yeses, and who may close one."""
    with UnitOfWork(engine) as uow:
        access.require_write(uow, actor, patient_id)
        return RedFlagView(
            questions=checklist_for(uow.users.profile(patient_id)),
            reports=uow.care.red_flags(patient_id),
            has_therapist=uow.care.has_any_active_share(patient_id),
        )


def acknowledge_red_flags(engine: Engine, actor: Actor, patient_id: int) -> int:
    """Mark the patient's open red flags seen: they leave the top of the caseload and the
    patient's Act now finding. Their therapist does this; a patient who shares with no
    therapist closes their own once they have had it seen to. How many were open."""
    with UnitOfWork(engine, write=True) as uow:
        if actor.user_id == patient_id and actor.role is Role.PATIENT:
            if uow.care.has_any_active_share(patient_id):
                raise AccessDenied(
                    "Your physical therapist will see this and mark it seen; "
                    "meanwhile, follow the advice shown."
                )
            by = access.patient(uow, patient_id)
        else:
            access.require_care(uow, actor, patient_id)
            by = _user(uow, actor)
        open_flags = [flag for flag in uow.care.red_flags(patient_id) if flag.is_open]
        count = uow.care.acknowledge_red_flags(patient_id, by.id if by else None, _now())
        if count:
            names = ", ".join(dict.fromkeys(RED_FLAG_NAMES.get(f.item, f.item) for f in open_flags))
            uow.care.audit(patient_id, by, "acknowledge", f"marked red flags seen: {names}")
        uow.commit()
    return count


# --- notes, plans ---------------------------------------------------------------------------


def add_note(engine: Engine, actor: Actor, patient_id: int, body: str) -> Note:
    text = body.strip()
    if not text:
        raise InvalidEntry("Write the note first.", "body")
    if len(text) > NOTE_MAX_CHARS:
        raise InvalidEntry(f"A note can hold {NOTE_MAX_CHARS} characters.", "body")
    with UnitOfWork(engine, write=True) as uow:
        access.require_care(uow, actor, patient_id)
        note = uow.care.add_note(patient_id, _user(uow, actor), text)
        uow.care.audit(patient_id, _user(uow, actor), "note", "wrote a note")
        uow.commit()
    return note


def record_test(engine: Engine, actor: Actor, patient_id: int, entry: Entry) -> Entry:
    """The patient's therapist records a function test or SARC-F done in clinic: stored in the
    patient's log like one they did at home (a physical test marked ``clinic`` unless said),
    and the patient's trail says who recorded it."""
    if entry.kind not in FUNCTION_KINDS:
        raise InvalidEntry("Only a function test or SARC-F can be recorded here.", "kind")
    if entry.kind is not Kind.SARC_F and not entry.label:
        entry = replace(entry, label=TestedAt.CLINIC.value)
    with UnitOfWork(engine, write=True) as uow:
        access.require_care(uow, actor, patient_id)
        profile = uow.users.profile(patient_id)
        unit = display_unit(entry.kind, profile.weight_unit, profile.water_unit)
        checked = validate.entry(entry.without_id(), today(), unit, profile.weight_unit.value)
        stored = uow.entries.add(patient_id, checked)
        name = kind_name(entry.kind).lower() if entry.kind is not Kind.SARC_F else "SARC-F"
        uow.care.audit(patient_id, _user(uow, actor), "test", f"recorded a {name} result")
        uow.commit()
    return stored


def notes(engine: Engine, actor: Actor, patient_id: int) -> list[Note]:
    """The therapists' notes on the patient, newest first; the patient reads them too."""
    with UnitOfWork(engine) as uow:
        access.require_read(uow, actor, patient_id)
        return uow.care.notes(patient_id)


PLAN_SETS = (1, 10)
PLAN_REPS = (1, 50)
PLAN_HOLD_S = (5, 300)
PLAN_DAYS = (1, 7)


def _check_plan_item(item: PlanItem) -> None:
    if item.exercise not in BY_CODE:
        raise InvalidEntry("Choose an exercise from the library.", "exercise")
    for value, (low, high), what in (
        (item.sets, PLAN_SETS, "Sets"),
        (item.days_per_week, PLAN_DAYS, "Days a week"),
    ):
        if not low <= value <= high:
            raise InvalidEntry(f"{what} must be from {low} to {high}.", what.lower())
    if BY_CODE[item.exercise].is_stretch:
        if item.hold_s is None or not PLAN_HOLD_S[0] <= item.hold_s <= PLAN_HOLD_S[1]:
            raise InvalidEntry(
                f"A stretch is held {PLAN_HOLD_S[0]} to {PLAN_HOLD_S[1]} seconds.", "hold_s"
            )
    elif item.reps is None or not PLAN_REPS[0] <= item.reps <= PLAN_REPS[1]:
        raise InvalidEntry(f"Reps must be from {PLAN_REPS[0]} to {PLAN_REPS[1]}.", "reps")


def add_plan_item(engine: Engine, actor: Actor, item: PlanItem) -> PlanItem:
    library = BY_CODE.get(item.exercise)
    if library is not None:  # a stretch has a hold, never reps; strength work the other way
        item = PlanItem(
            item.id,
            item.patient_id,
            item.exercise,
            item.sets,
            None if library.is_stretch else item.reps,
            item.hold_s if library.is_stretch else None,
            item.days_per_week,
        )
    _check_plan_item(item)
    with UnitOfWork(engine, write=True) as uow:
        access.require_care(uow, actor, item.patient_id)
        stored = uow.care.add_plan_item(item, actor.user_id)
        uow.care.audit(
            item.patient_id,
            _user(uow, actor),
            "plan",
            f"added {BY_CODE[item.exercise].name} to your plan",
        )
        uow.commit()
    return stored


def remove_plan_item(engine: Engine, actor: Actor, patient_id: int, item_id: int) -> None:
    with UnitOfWork(engine, write=True) as uow:
        access.require_care(uow, actor, patient_id)
        item = next((i for i in uow.care.plan(patient_id) if i.id == item_id), None)
        if item is None:
            raise NotFound("That exercise is not in the plan.")
        uow.care.delete_plan_item(patient_id, item_id)
        uow.care.audit(
            patient_id,
            _user(uow, actor),
            "plan",
            f"removed {BY_CODE[item.exercise].name} from your plan",
        )
        uow.commit()


def plan(engine: Engine, actor: Actor, patient_id: int, day: dt.date | None = None) -> PlanView:
    with UnitOfWork(engine) as uow:
        access.require_read(uow, actor, patient_id)
        return plan_in(uow, patient_id, day or today())


def plan_in(uow: UnitOfWork, patient_id: int, day: dt.date) -> PlanView:
    """The patient's plan on ``day`` with the week's ticks, read in the caller's transaction."""
    since = day - dt.timedelta(days=WEEK_DAYS - 1)
    ticks = uow.care.ticks([patient_id], since, day).get(patient_id, [])
    return plan_view.build(uow.care.plan(patient_id), ticks, day)


def plan_exercise(item: PlanItem) -> Exercise:
    """How a plan item is logged in a strength session (a hold counts as one rep)."""
    library = BY_CODE[item.exercise]
    name = f"{library.name} ({item.hold_s} s hold)" if library.is_stretch else library.name
    return Exercise(name, item.sets, item.reps or 1)


def complete_plan(
    engine: Engine,
    actor: Actor,
    patient_id: int,
    item_ids: list[int],
    minutes: float,
    day: dt.date | None = None,
) -> Entry:
    """The patient ticks plan exercises done: one strength session logged, ticks recorded."""
    day = day or today()
    if not item_ids:
        raise InvalidEntry("Tick the exercises you did first.", "items")
    with UnitOfWork(engine, write=True) as uow:
        access.require_write(uow, actor, patient_id)
        chosen = uow.care.plan(patient_id, item_ids)
        if len(chosen) != len(set(item_ids)):
            raise NotFound("That exercise is not in the plan.")
        focuses = [BY_CODE[item.exercise].focus for item in chosen]
        focus = max(set(focuses), key=focuses.count)
        session = Entry(
            Kind.STRENGTH,
            day,
            minutes,
            label=focus.value,
            note="From my plan",
            exercises=tuple(plan_exercise(item) for item in chosen),
        )
        profile = uow.users.profile(patient_id)
        checked = validate.entry(session, today(), "min", profile.weight_unit.value)
        stored = uow.entries.add(patient_id, checked)
        uow.care.tick(patient_id, [item.id for item in chosen], day)
        uow.commit()
    return stored


# --- the audit trail ------------------------------------------------------------------------


@dataclass(frozen=True)
class CareTeamView:
    """What the Care team page shows a patient, read in one go."""

    shares: list[Share]
    """Everyone who can see their data or was invited to (revoked shares left out)."""
    notes: list[Note]
    """Their therapists' notes, newest first."""
    trail: list[AuditEvent]
    """Who opened or changed their data, newest first."""


def care_team_view(engine: Engine, actor: Actor, patient_id: int) -> CareTeamView:
    with UnitOfWork(engine) as uow:
        access.require_write(uow, actor, patient_id)
        shares = uow.care.shares_of_patient(patient_id)
        return CareTeamView(
            shares=[s for s in shares if s.status is not ShareStatus.REVOKED],
            notes=uow.care.notes(patient_id),
            trail=uow.care.audit_trail(patient_id),
        )


def audit_trail(engine: Engine, actor: Actor, patient_id: int) -> list[AuditEvent]:
    """Who opened or changed the patient's data, newest first: for the patient to read."""
    with UnitOfWork(engine) as uow:
        access.require_write(uow, actor, patient_id)
        return uow.care.audit_trail(patient_id)
