"""Who is signed in, and the shared database engine.

Session state holds who is signed in (the user's id, and when the session was last used, so
that an idle session ends) and nothing derived from it: every page asks the services again, so
what it shows is always what the database holds.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st
from sqlalchemy import Engine

from tracker import db, service
from tracker.access import Actor
from tracker.domain import Role, User

USER_KEY = "user_id"
SEEN_KEY = "user_seen_at"
SIGNED_OUT_KEY = "signed_out_idle"
SIGN_IN_PAGE = "app.py"


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    """One engine (and pool) per database URL for the whole server, migrated once."""
    engine = db.make_engine(url)
    db.migrate(engine)
    return engine


def engine() -> Engine:
    return _engine(db.database_url())


def local_now() -> dt.datetime:
    """The time where the person is (the browser's time zone), as a naive local datetime.

    A patient's day is their local day; the server may sit in another time zone.
    """
    here = zone()
    return dt.datetime.now(here).replace(tzinfo=None) if here else dt.datetime.now()


def zone() -> ZoneInfo | None:
    """The browser's time zone, if it sent one Python knows."""
    name = st.context.timezone
    try:
        return ZoneInfo(name) if isinstance(name, str) and name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def local_time(moment: dt.datetime) -> dt.datetime:
    """A stored moment (UTC; naive from SQLite) as the person's local wall time."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    here = zone()
    return (
        aware.astimezone(here).replace(tzinfo=None)
        if here
        else aware.astimezone().replace(tzinfo=None)
    )


def local_today() -> dt.date:
    return local_now().date()


def current_user() -> User | None:
    """The signed-in user, or None; a session idle for too long is signed out first."""
    user_id = st.session_state.get(USER_KEY)
    if user_id is None:
        return None
    now = dt.datetime.now(dt.UTC)
    seen = st.session_state.get(SEEN_KEY, now)
    if now - seen > idle_limit():
        sign_out()
        st.session_state[SIGNED_OUT_KEY] = True
        return None
    user = service.get_user(engine(), user_id)
    if user is None:  # the account was deleted in another session
        sign_out()
        return None
    st.session_state[SEEN_KEY] = now
    return user


def idle_limit() -> dt.timedelta:
    """How long a signed-in session may sit unused (``TRACKER_IDLE_MINUTES``, default 30)."""
    return dt.timedelta(minutes=float(os.environ.get("TRACKER_IDLE_MINUTES", "30")))


def client() -> str:
    """Who is knocking, for slowing down password guessing: the client's address."""
    address = st.context.ip_address
    return address if isinstance(address, str) and address else "unknown"


def actor(user: User) -> Actor:
    return Actor.of(user)


def sign_in(user: User) -> None:
    st.session_state.clear()
    st.session_state[USER_KEY] = user.id
    st.session_state[SEEN_KEY] = dt.datetime.now(dt.UTC)


def sign_out() -> None:
    st.session_state.clear()


def require_user(role: Role | None = None) -> User:
    """The signed-in user, or stop the page with a way to sign in."""
    user = current_user()
    if user is None:
        if st.session_state.pop(SIGNED_OUT_KEY, False):
            st.info(
                f"You were signed out after {idle_limit().seconds // 60} minutes without "
                "activity, to keep your data safe. Please sign in again."
            )
        else:
            st.info("Please sign in to see this page.")
        st.page_link(SIGN_IN_PAGE, label="Sign in", icon=":material/login:")
        st.stop()
    if role is not None and user.role is not role:
        st.warning(f"This page is for {role.value}s.")
        st.page_link(SIGN_IN_PAGE, label="Back to the start page", icon=":material/home:")
        st.stop()
    return user
