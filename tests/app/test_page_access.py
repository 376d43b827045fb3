"""The pages side of the authorization matrix: who sees patient A's data on which page.

The services refuse (tests/integration/test_authorization_matrix.py); these tests check that the
pages turn the refusal into a page that shows nothing of A: no name, no table, no chart. What a
person could read is taken from every element the page sent, tables and charts included, so a
value hidden in a chart's data counts as seen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import PAGES, PASSWORD, ROOT, new_app, sign_in_as, signed_in
from tracker.domain import Entry, Exercise, Kind, Role, Share, User
from tracker.services import accounts, care, logbook
from tracker.services.access import Actor
from tracker.ui import navigation

REVIEW = "app_pages/patient_review.py"
CASELOAD = "app_pages/caseload.py"
TODAY = dt.date.today()
A_MARKS = ("quokka", "annika")
"""Lower-cased words that only patient A's data holds (name, email, notes)."""


@dataclass(frozen=True)
class Cast:
    a: User
    b: User
    t1: User
    t2: User
    t3: User
    t1_share: Share

    def user(self, role: str) -> User | None:
        return None if role == "anonymous" else getattr(self, role.lower())


@pytest.fixture
def cast(app_db) -> Cast:
    def user(email: str, name: str, role: Role = Role.PATIENT) -> User:
        return accounts.create_user(app_db, email, PASSWORD, role, name)

    a = user("annika@example.com", "Annika Quokka")
    b = user("bernd@example.com", "Bernd Wombat")
    t1 = user("pt.one@example.com", "Therapist One", Role.THERAPIST)
    t2 = user("pt.two@example.com", "Therapist Two", Role.THERAPIST)
    t3 = user("pt.three@example.com", "Therapist Three", Role.THERAPIST)
    days = [TODAY - dt.timedelta(days=n) for n in range(14)]
    logbook.log_entries(
        app_db,
        Actor.of(a),
        a.id,
        [Entry(Kind.WEIGHT, day, 92.0 - 0.1 * n) for n, day in enumerate(days)]
        + [
            Entry(Kind.PROTEIN, TODAY, 35.0, label="breakfast", note="quokka breakfast"),
            Entry(
                Kind.STRENGTH,
                days[1],
                40.0,
                label="glutes",
                note="quokka session",
                exercises=(Exercise("Hip thrust", 3, 10, 60.0),),
            ),
            Entry(Kind.DOSE, days[2], 0.5, label="semaglutide", note="quokka dose"),
        ],
    )
    logbook.log_entries(
        app_db, Actor.of(b), b.id, [Entry(Kind.WEIGHT, day, 70.0) for day in days[:3]]
    )
    t1_share = care.share_by_email(app_db, a.email, t1.email)
    care.share_by_email(app_db, a.email, t3.email)
    care.revoke_by_email(app_db, a.email, t3.email)
    care.add_note(app_db, Actor.of(t1), a.id, "Quokka: started hip thrusts.")
    return Cast(a, b, t1, t2, t3, t1_share)


def review(user: User | None, patient: int | str) -> AppTest:
    """The patient review page opened at ``?patient=<patient>``, as a link would open it. The
    app's navigation offers it to therapists only; anyone else meets the page run on its own,
    so that its own guard is tested too (their address to it leads to their home page)."""
    offered = REVIEW in {p.path for p in navigation.pages_for(user)}
    at = new_app() if offered else AppTest.from_file(str(ROOT / REVIEW), default_timeout=60)
    if user is not None:
        sign_in_as(at, user)
    if offered:
        at.run()
        at.switch_page(REVIEW)
    at.query_params["patient"] = str(patient)
    return at.run()


def seen(at: AppTest) -> str:
    """Everything the page sent to the browser (tables' and charts' data too), lower-cased."""
    return "\n".join(
        str(node.proto) for block in (at.main, at.sidebar) for node in block if node.proto
    ).lower()


def shows_nothing_of_a(at: AppTest) -> None:
    assert not at.exception, at.exception
    page = seen(at)
    assert not [mark for mark in A_MARKS if mark in page]
    assert not at.header
    assert not at.dataframe
    assert not at.get("plotly_chart")
    assert not at.metric


def visits(app_db, cast: Cast) -> list[str]:
    trail = care.audit_trail(app_db, Actor.system(), cast.a.id)
    return [event.actor_name for event in trail if event.action == "view"]


def test_the_therapist_with_access_sees_the_patient(app_db, cast):
    at = review(cast.t1, cast.a.id)
    assert not at.exception, at.exception
    assert [h.value for h in at.header] == ["Annika Quokka"]
    assert at.get("plotly_chart")
    assert at.dataframe  # the doses
    assert "quokka dose" in seen(at)
    assert visits(app_db, cast) == ["Therapist One"]


CHOOSE = "Choose a patient from your caseload."
NOT_FOR_PATIENTS = "This page is for therapists."


@pytest.mark.parametrize(
    ("role", "told"),
    [
        pytest.param("T2", CHOOSE, id="T2"),
        pytest.param("T3", CHOOSE, id="T3"),
        pytest.param("B", NOT_FOR_PATIENTS, id="B"),
        pytest.param("A", NOT_FOR_PATIENTS, id="A"),  # a patient is turned away from PT pages
        pytest.param("anonymous", "Please sign in to see this page.", id="anonymous"),
    ],
)
def test_everyone_else_sees_nothing_of_the_patient(app_db, cast, role, told):
    at = review(cast.user(role), cast.a.id)
    shows_nothing_of_a(at)
    assert [e.value for e in (*at.info, *at.warning)] == [told]
    assert visits(app_db, cast) == []  # a refused visit is not a visit


@pytest.mark.parametrize("patient", ["B", "T1", "T2", "nobody", "garbage", ""])
def test_the_therapist_cannot_open_another_patient_by_editing_the_link(cast, patient):
    target = {
        "B": cast.b.id,
        "T1": cast.t1.id,
        "T2": cast.t2.id,
        "nobody": cast.t3.id + 1000,
        "garbage": "1 or 1=1",
        "": "",
    }[patient]
    at = review(cast.t1, target)
    assert not at.exception, at.exception
    assert [i.value for i in at.info] == [CHOOSE]
    assert not at.header and not at.dataframe and not at.get("plotly_chart")
    assert "wombat" not in seen(at)


def test_a_revoked_share_closes_the_open_review_at_the_next_rerun(app_db, cast):
    at = review(cast.t1, cast.a.id)
    assert [h.value for h in at.header] == ["Annika Quokka"]
    care.revoke_share(app_db, Actor.of(cast.a), cast.t1_share.id)
    at.run()  # the same session, still signed in: every run asks the services again
    shows_nothing_of_a(at)
    assert [i.value for i in at.info] == [CHOOSE]


@pytest.mark.parametrize(("role", "listed"), [("T1", True), ("T2", False), ("T3", False)])
def test_the_caseload_lists_only_patients_who_share(cast, role, listed):
    at = signed_in(cast.user(role), CASELOAD)
    assert not at.exception, at.exception
    assert ("annika quokka" in seen(at)) is listed
    if not listed:
        shows_nothing_of_a(at)


@pytest.mark.parametrize("page", PAGES)
def test_another_patient_never_sees_the_patients_data_on_their_own_pages(cast, page):
    at = signed_in(cast.b, page)
    assert not at.exception, at.exception
    page_text = seen(at)
    assert "bernd wombat" in page_text  # signed in as B, on B's page
    assert not [mark for mark in A_MARKS if mark in page_text]


def test_another_patient_sees_their_own_log_not_the_patients(cast):
    history = signed_in(cast.b, "app_pages/history.py")
    [table] = history.dataframe
    assert len(table.value) == 3  # B's three weights; A logged seventeen entries
