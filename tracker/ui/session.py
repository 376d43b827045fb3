"""Who is signed in, and the shared database engine.

Session state holds who is signed in (the user's id, when the session was last used, so that
an idle session ends, and the browser's sign-in token) and nothing derived from it: every page
asks the services again, so what it shows is always what the database holds.

A page load starts a new Streamlit session with empty state; the browser's cookie carries the
token of ``tracker.services.web_sessions`` so that a reload within the idle limit stays signed in.
"""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st
from sqlalchemy import Engine

from tracker import config
from tracker.domain import Role, User
from tracker.services import accounts, web_sessions
from tracker.services.access import Actor
from tracker.store import db
from tracker.ui import navigation

USER_KEY = "user_id"
SEEN_KEY = "user_seen_at"
SIGNED_OUT_KEY = "signed_out_why"
TOKEN_KEY = "web_session_token"  # noqa: S105 - the name of a session-state key
TOUCHED_KEY = "web_session_touched_at"
RESUME_TRIED_KEY = "web_session_resume_tried"
COOKIE = "glp1_tracker_session"
SIGN_IN_PAGE = navigation.WELCOME.path


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
        return _resume()
    now = dt.datetime.now(dt.UTC)
    seen = st.session_state.get(SEEN_KEY, now)
    if now - seen > idle_limit():
        _signed_out(
            f"You were signed out after {_idle_minutes()} minutes without activity, to keep "
            "your data safe. Please sign in again."
        )
        return None
    token = st.session_state.get(TOKEN_KEY)
    user = web_sessions.user_of(engine(), token) if token else None
    if user is None or user.id != user_id:
        if accounts.get_user(engine(), user_id) is None:  # the account was deleted
            sign_out()
        else:
            _signed_out(
                "You were signed out: your password was changed, or this browser was signed "
                "out in another tab. Please sign in again."
            )
        return None
    st.session_state[SEEN_KEY] = now
    _touch(now)
    return user


def _resume() -> User | None:
    """Sign this new session in with the browser's token, once per session."""
    if st.session_state.get(RESUME_TRIED_KEY):
        return None
    st.session_state[RESUME_TRIED_KEY] = True
    token = _browser_token()
    if token is None:
        return None
    user = web_sessions.resume(engine(), token, idle_limit())
    if user is None:
        _signed_out(
            f"Your last session has ended (after {_idle_minutes()} minutes without activity, "
            "or a sign-out elsewhere). Please sign in again."
        )
    else:
        _remember(user, token)
    return user


def _signed_out(why: str) -> None:
    sign_out()
    st.session_state[SIGNED_OUT_KEY] = why


def signed_out_message() -> str | None:
    """Why this browser was signed out without asking, once; None if it was not."""
    return st.session_state.pop(SIGNED_OUT_KEY, None)


def _touch(now: dt.datetime) -> None:
    """Keep the browser's token alive while the session is in use, a write a minute at most."""
    token = st.session_state.get(TOKEN_KEY)
    touched = st.session_state.get(TOUCHED_KEY)
    if token and (touched is None or now - touched >= web_sessions.TOUCH_EVERY):
        web_sessions.touch(engine(), token, now)
        st.session_state[TOUCHED_KEY] = now


def _browser_token() -> str | None:
    for name in (f"__Host-{COOKIE}", COOKIE):
        token = st.context.cookies.get(name)
        if isinstance(token, str) and token:
            return token
    return None


def cookie_script() -> str | None:
    """A script that brings the browser's cookie in line with this session: the session's
    token while signed in, no cookie once signed out; None when there is nothing to change.

    The cookie goes back to this site only (SameSite=Strict); over HTTPS it is also Secure
    and named with the ``__Host-`` prefix, so that no other host can plant one.
    """
    token = st.session_state.get(TOKEN_KEY)
    if token:
        value = f"{token}; Path=/; SameSite=Strict"
    elif _browser_token() is not None:
        value = "; Path=/; Max-Age=0; SameSite=Strict"
    else:
        return None
    return (
        '<script>{const https = location.protocol === "https:"; document.cookie = '
        f'(https ? "__Host-" : "") + {json.dumps(COOKIE + "=" + value)}'
        ' + (https ? "; Secure" : "");}</script>'
    )


def _idle_minutes() -> int:
    return int(idle_limit().total_seconds() // 60)


def idle_limit() -> dt.timedelta:
    """How long a signed-in session may sit unused (``TRACKER_IDLE_MINUTES``, default 30)."""
    return dt.timedelta(minutes=config.idle_minutes())


def client() -> str:
    """Who is knocking, for slowing down password guessing: the client's address."""
    address = st.context.ip_address
    return address if isinstance(address, str) and address else "unknown"


def actor(user: User) -> Actor:
    return Actor.of(user)


def signed_in_state(user_id: int, token: str) -> dict[str, object]:
    """The session state of a browser signed in as ``user_id`` with ``token`` (the tests and
    benchmarks start AppTest sessions with it)."""
    now = dt.datetime.now(dt.UTC)
    return {
        USER_KEY: user_id,
        SEEN_KEY: now,
        TOKEN_KEY: token,
        TOUCHED_KEY: now,
        RESUME_TRIED_KEY: True,
    }


def _remember(user: User, token: str) -> None:
    st.session_state.update(signed_in_state(user.id, token))


def sign_in(user: User) -> None:
    sign_out()
    _remember(user, web_sessions.start(engine(), user.id))


def renew() -> None:
    """A fresh token for this browser (after a password change ended every old one)."""
    user_id = st.session_state.get(USER_KEY)
    if user_id is not None:
        st.session_state[TOKEN_KEY] = web_sessions.start(engine(), user_id)
        st.session_state[TOUCHED_KEY] = dt.datetime.now(dt.UTC)


def sign_out() -> None:
    """End the session and its browser token; the browser's old cookie then signs in no one."""
    token = st.session_state.get(TOKEN_KEY)
    if token:
        web_sessions.end(engine(), token)
    st.session_state.clear()
    st.session_state[RESUME_TRIED_KEY] = True


def require_user(role: Role | None = None) -> User:
    """The signed-in user, or stop the page with a way to sign in."""
    user = current_user()
    if user is None:
        st.info(signed_out_message() or "Please sign in to see this page.")
        st.page_link(SIGN_IN_PAGE, label="Sign in", icon=":material/login:")
        st.stop()
    if role is not None and user.role is not role:
        st.warning(f"This page is for {role.value}s.")
        st.page_link(SIGN_IN_PAGE, label="Back to the start page", icon=":material/home:")
        st.stop()
    return user
