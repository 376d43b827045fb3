"""The app's pages, and which of them each person gets: the one list that the router
(``app.py``, through ``st.navigation``), the links between pages and the redirects read.

A page a person's role does not include is not in their navigation at all, so its address
leads to their home page; each page checks the role again (``widgets.signed_in_page``) and the
services check access on every call, so none of this is the only guard.
"""

from __future__ import annotations

from dataclasses import dataclass

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

WELCOME = AppPage("pages/welcome.py", "Welcome", ":material/fitness_center:", "", frozenset())
TODAY = AppPage("pages/today.py", "Today", ":material/today:", "Today", PATIENT)
PROGRESS = AppPage("pages/progress.py", "Progress", ":material/monitoring:", "Progress", PATIENT)
RED_FLAG_CHECK = AppPage(
    "pages/red_flag_check.py",
    "Red-flag check",
    ":material/emergency:",
    "Red_flag_check",
    PATIENT,
)
HISTORY = AppPage("pages/history.py", "History", ":material/history:", "History", PATIENT)
EXPORT = AppPage("pages/export.py", "Export", ":material/download:", "Export", PATIENT)
IMPORT = AppPage("pages/import_files.py", "Import", ":material/upload_file:", "Import", PATIENT)
CARE_TEAM = AppPage("pages/care_team.py", "Care team", ":material/group:", "Care_team", PATIENT)
CASELOAD = AppPage("pages/caseload.py", "Caseload", ":material/groups:", "Caseload", THERAPIST)
PATIENT_REVIEW = AppPage(
    "pages/patient_review.py",
    "Patient review",
    ":material/person_search:",
    "Patient_review",
    THERAPIST,
    listed=False,
)
SETTINGS = AppPage("pages/settings.py", "Settings", ":material/settings:", "Settings", EVERYONE)

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
