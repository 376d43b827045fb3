"""Signed-in browsers: a reload within the idle limit keeps a person signed in.

Streamlit starts a new session, with empty session state, on every page load. So a sign-in
also makes a random token that the browser keeps in a cookie; a new session presents it and is
signed in again as long as the token was used within the idle limit. The database keeps only a
SHA-256 of each token. Signing out, changing the password and deleting the account end the
token at once, whatever the browser still holds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import Engine

from tracker.domain import User
from tracker.store.unit_of_work import UnitOfWork

TOKEN_BYTES = 32
"""256 random bits: not guessable, and URL- and cookie-safe once base64-encoded."""
TOUCH_EVERY = dt.timedelta(minutes=1)
"""How often a session in use writes that it is still in use (not on every rerun)."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(engine: Engine, user_id: int, now: dt.datetime | None = None) -> str:
    """A new token for a browser that has just signed in as ``user_id``."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with UnitOfWork(engine, write=True) as uow:
        uow.users.add_web_session(_digest(token), user_id, now or dt.datetime.now(dt.UTC))
        uow.commit()
    return token


def resume(
    engine: Engine, token: str, idle_limit: dt.timedelta, now: dt.datetime | None = None
) -> User | None:
    """The user a browser's token signs in, if it was used within ``idle_limit``; else None.

    Sessions idle for longer are deleted on the way, so the table holds only live ones.
    """
    if not token:
        return None
    now = now or dt.datetime.now(dt.UTC)
    with UnitOfWork(engine, write=True) as uow:
        uow.users.delete_idle_web_sessions(now - idle_limit)
        user = uow.users.web_session_user(_digest(token), now - idle_limit)
        if user is not None:
            uow.users.touch_web_session(_digest(token), now)
        uow.commit()
    return user


def user_of(engine: Engine, token: str) -> User | None:
    """Who a live token signs in; None once it has been ended (signed out here or in another
    tab, a password change, the account deleted)."""
    with UnitOfWork(engine) as uow:
        return uow.users.web_session_user(_digest(token))


def touch(engine: Engine, token: str, now: dt.datetime | None = None) -> None:
    """Note that the browser holding ``token`` is still in use."""
    with UnitOfWork(engine, write=True) as uow:
        uow.users.touch_web_session(_digest(token), now or dt.datetime.now(dt.UTC))
        uow.commit()


def end(engine: Engine, token: str) -> None:
    """Sign one browser out."""
    with UnitOfWork(engine, write=True) as uow:
        uow.users.delete_web_session(_digest(token))
        uow.commit()
