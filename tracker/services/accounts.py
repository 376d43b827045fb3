"""Accounts: signing up and in (throttled against guessing), passwords, profiles.

Pages and the command line call the services and nothing below them. Every function takes the
engine and the ``Actor`` making the request, and returns plain domain objects, text or bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math

from sqlalchemy import Engine

from tracker.domain import (
    Conflict,
    InvalidEntry,
    Profile,
    Role,
    TrackerError,
    User,
)
from tracker.formats import validate
from tracker.services import access, passwords
from tracker.services.access import Actor
from tracker.services.clock import today
from tracker.services.demo import DEMO_EMAILS
from tracker.store.failures import FailureKind
from tracker.store.unit_of_work import UnitOfWork

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
        uow.failures.lock(FailureKind.SIGN_IN)
        for failures, limit in (
            (uow.failures.since(since, email=address), ACCOUNT_MAX_FAILURES),
            (uow.failures.since(since, client=client) if client else [], CLIENT_MAX_FAILURES),
        ):
            if message := _wait_message(failures, limit, now):
                raise SignInThrottled(message)
        user = uow.users.by_email(address)
        stored = uow.users.password_hash(user.id) if user else passwords.dummy_hash()
        # Counted as a failure until the password proves otherwise, in the same step as the
        # count: attempts sent at once each see those before them, however slow the check.
        uow.failures.add(address, client, at=now)
        uow.commit()
    if not passwords.verify(stored, password) or user is None:
        return None
    with UnitOfWork(engine, write=True) as uow:
        uow.failures.clear(address, before=since)  # this attempt's row among them
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
