"""AppTest fixtures: the real pages against a fresh SQLite database per test.

The pages are the same on either database (they only call the services, which the integration
tier runs on both), so the app tier runs on SQLite.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tracker.domain import Role, User
from tracker.services import accounts, demo, web_sessions
from tracker.store import db
from tracker.ui import navigation, session

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a long enough password"
PAGES = [p.path for p in navigation.PAGES if Role.PATIENT in p.roles]
"""The patient's pages."""
THERAPIST_PAGES = [p.path for p in navigation.PAGES if p.roles == navigation.THERAPIST]
ALL_PAGES = PAGES + THERAPIST_PAGES
TITLES = {p.path: p.title for p in navigation.PAGES}


@pytest.fixture
def app_db(sqlite_template, tmp_path, monkeypatch):
    """An empty migrated database that the app under test uses, and an engine on it."""
    path = tmp_path / "app.db"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("TRACKER_DATABASE_URL", url)
    engine = db.make_engine(url)
    yield engine
    engine.dispose()


def new_app() -> AppTest:
    """The app from its entry point (page links resolve against it), not yet run."""
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def sign_in_as(at: AppTest, user: User) -> None:
    """Give ``at`` the session state that signing in leaves: the user and a live browser token."""
    engine = db.make_engine(db.database_url())
    try:
        state = session.signed_in_state(user.id, web_sessions.start(engine, user.id))
    finally:
        engine.dispose()
    for key, value in state.items():
        at.session_state[key] = value


def open_page(page: str, user: User | None = None) -> AppTest:
    """``page`` as a visitor sees it through the app's navigation, signed in as ``user`` if
    given. A page that is not among the person's pages is not there to open: its address leads
    to the app's first page (their home page, or the welcome page), and so does this."""
    at = new_app()
    if user is not None:
        sign_in_as(at, user)
    at.run()
    if page not in {p.path for p in navigation.pages_for(user)}:
        return at
    return at.switch_page(page).run()


def page_alone(page: str, user: User | None = None) -> AppTest:
    """``page`` run on its own, without the app's navigation: its own guard is all there is."""
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    if user is not None:
        sign_in_as(at, user)
    return at.run()


def signed_in(user: User, page: str) -> AppTest:
    """The page as ``user`` sees it, signed in as the sign-in page would have done."""
    return open_page(page, user)


@pytest.fixture
def patient(app_db) -> User:
    return accounts.create_user(app_db, "maria@example.com", PASSWORD, Role.PATIENT, "Maria")


@pytest.fixture
def demo_patient(app_db) -> User:
    return demo.seed(app_db, dt.date.today())[0]


@pytest.fixture
def demo_therapist(app_db) -> User:
    return demo.seed(app_db, dt.date.today())[1]


@pytest.fixture
def demo_pair(app_db) -> tuple[User, User]:
    """Maria and her therapist, from one seeding (seeding again replaces the demo users)."""
    return demo.seed(app_db, dt.date.today())


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(markdown: str) -> str:
    """What a person reads of ``markdown`` whose typed parts were escaped (``tracker.ui.text``)."""
    return _ESCAPED.sub(r"\1", markdown).replace("\u2060", "")


def texts(at: AppTest) -> str:
    """Everything a person reads on the page, as one string (for 'does it say X')."""
    parts = []
    for kind in (
        "title",
        "subheader",
        "markdown",
        "caption",
        "info",
        "success",
        "error",
        "warning",
        "metric",
    ):
        for element in getattr(at, kind):
            parts.append(shown(str(getattr(element, "value", ""))))
            if kind == "metric":
                parts.append(str(element.label))
    return "\n".join(parts)
