"""The app's pages, and which of them each person gets: the one list that the router
(``app.py``, through ``st.navigation``), the links between pages and the redirects read.

A signed-out visitor gets the welcome page at every page's address, so that signing in there
opens the page they came for. A signed-in person gets their role's pages; the bare address
opens their home page, and another role's page is not there for them. Each page checks the
role again (``widgets.signed_in_page``) and the services check access on every call, so none
of this is the only guard.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from tracker.domain import Role, User


@dataclass(frozen=True, slots=True)
class AppPage:
    path: str
    """The page's script, from the app's folder."""
    title: str
    icon: str
    url: str
    """Its address after the host: ``/Today``."""
    roles: frozenset[Role]
    """Who gets it; empty: whoever is signed out."""
    listed: bool = True
    """Shown in the sidebar (a patient's review is reached from the caseload instead)."""


PATIENT = frozenset({Role.PATIENT})
THERAPIST = frozenset({Role.THERAPIST})
EVERYONE = PATIENT | THERAPIST

WELCOME = AppPage("app_pages/welcome.py", "Welcome", ":material/fitness_center:", "", frozenset())
TODAY = AppPage("app_pages/today.py", "Today", ":material/today:", "Today", PATIENT)
PROGRESS = AppPage(
    "app_pages/progress.py", "Progress", ":material/monitoring:", "Progress", PATIENT
)
RED_FLAG_CHECK = AppPage(
    "app_pages/red_flag_check.py",
    "Red-flag check",
    ":material/emergency:",
    "Red_flag_check",
    PATIENT,
)
HISTORY = AppPage("app_pages/history.py", "History", ":material/history:", "History", PATIENT)
EXPORT = AppPage("app_pages/export.py", "Export", ":material/download:", "Export", PATIENT)
IMPORT = AppPage("app_pages/import_files.py", "Import", ":material/upload_file:", "Import", PATIENT)
CARE_TEAM = AppPage("app_pages/care_team.py", "Care team", ":material/group:", "Care_team", PATIENT)
CASELOAD = AppPage("app_pages/caseload.py", "Caseload", ":material/groups:", "Caseload", THERAPIST)
PATIENT_REVIEW = AppPage(
    "app_pages/patient_review.py",
    "Patient review",
    ":material/person_search:",
    "Patient_review",
    THERAPIST,
    listed=False,
)
SETTINGS = AppPage("app_pages/settings.py", "Settings", ":material/settings:", "Settings", EVERYONE)

PAGES: tuple[AppPage, ...] = (
    WELCOME,
    TODAY,
    PROGRESS,
    RED_FLAG_CHECK,
    HISTORY,
    EXPORT,
    IMPORT,
    CARE_TEAM,
    CASELOAD,
    PATIENT_REVIEW,
    SETTINGS,
)
"""Every page, in sidebar order."""

HOME = {Role.PATIENT: TODAY, Role.THERAPIST: CASELOAD}
"""Where a person lands after signing in, and at the app's bare address."""


def pages_for(user: User | None) -> list[AppPage]:
    """The pages ``user`` may open (signed out: the welcome page alone), their home first."""
    if user is None:
        return [WELCOME]
    own = [page for page in PAGES if user.role in page.roles]
    home = HOME.get(user.role)
    return [home, *(page for page in own if page is not home)] if home in own else own


def router(user: User | None) -> st.Page:
    """Tell Streamlit which pages ``user`` has (drawn in the sidebar when signed in) and
    return the one the browser asked for; its ``run()`` runs it."""
    if user is None:
        welcome = st.Page(WELCOME.path, title=WELCOME.title, icon=WELCOME.icon, default=True)
        addresses = [
            st.Page(WELCOME.path, title=page.title, url_path=page.url, visibility="hidden")
            for page in PAGES
            if page is not WELCOME
        ]
        return st.navigation([welcome, *addresses], position="hidden")
    own = {
        page: st.Page(
            page.path,
            title=page.title,
            icon=page.icon,
            url_path=page.url,
            visibility="visible" if page.listed else "hidden",
        )
        for page in pages_for(user)
    }
    home = own[HOME[user.role]]

    def go_home() -> None:
        st.switch_page(home)

    # The bare address opens the home page at its own address (/Today is one page however it
    # is reached), and so does the address of a page that is not theirs.
    start = st.Page(go_home, title=home.title, url_path="start", default=True, visibility="hidden")
    elsewhere = [
        st.Page(go_home, title=page.title, url_path=page.url, visibility="hidden")
        for page in PAGES
        if page not in own and page is not WELCOME
    ]
    return st.navigation([start, *own.values(), *elsewhere], position="sidebar")
