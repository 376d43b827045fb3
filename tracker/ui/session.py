"""Who is signed in, and the shared database engine.

Session state holds the signed-in user's id and nothing derived from it: every page asks the
services again, so what it shows is always what the database holds.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st
from sqlalchemy import Engine

from tracker import db, service
from tracker.access import Actor
from tracker.domain import Role, User

USER_KEY = "user_id"
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
    zone = st.context.timezone
    try:
        return dt.datetime.now(ZoneInfo(zone)).replace(tzinfo=None) if zone else dt.datetime.now()
    except (ZoneInfoNotFoundError, ValueError):
        return dt.datetime.now()


def local_today() -> dt.date:
    return local_now().date()


def current_user() -> User | None:
    user_id = st.session_state.get(USER_KEY)
    if user_id is None:
        return None
    user = service.get_user(engine(), user_id)
    if user is None:  # the account was deleted in another session
        st.session_state.pop(USER_KEY, None)
    return user


def actor(user: User) -> Actor:
    return Actor.of(user)


def sign_in(user: User) -> None:
    st.session_state.clear()
    st.session_state[USER_KEY] = user.id


def sign_out() -> None:
    st.session_state.clear()


def require_user(role: Role | None = None) -> User:
    """The signed-in user, or stop the page with a way to sign in."""
    user = current_user()
    if user is None:
        st.info("Please sign in to see this page.")
        st.page_link(SIGN_IN_PAGE, label="Sign in", icon=":material/login:")
        st.stop()
    if role is not None and user.role is not role:
        st.warning(f"This page is for {role.value}s.")
        st.page_link(SIGN_IN_PAGE, label="Back to the start page", icon=":material/home:")
        st.stop()
    return user
