"""Names, emails, file names and notes that people chose are shown as typed on every page.

Streamlit renders most text as Markdown; a patient named ``![p](http://host/b.png)`` would
otherwise make the therapist's browser fetch an image, and an address would become a link.
Each page is opened in Chromium as the patient and as the therapist; the test looks at what
the browser built, not at the Markdown source, so it holds whatever the renderer does.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import COOKIE, DESKTOP, no_exception, serve, settled
from tracker.domain import Role
from tracker.imports.base import Source
from tracker.services import accounts, care, clock, imports, web_sessions
from tracker.services.access import Actor
from tracker.store import db

pytestmark = pytest.mark.e2e

TRAP = "127.0.0.1:9"
"""Nothing listens there: a request to it is one the hostile text made."""
PATIENT_NAME = f"![p](http://{TRAP}/b.png) **bold** :red[red] www.evil.org"
PATIENT_EMAIL = "**bold**_it_@evil.org"
OTHER_NAME = "<b>tag</b> [click](http://evil.org) _it_ :material/warning:"
OTHER_EMAIL = "~~del~~@evil.org"
THERAPIST_NAME = f"[click](http://evil.org) ![t](http://{TRAP}/t.png) ~~del~~"
THERAPIST_EMAIL = "__under__@evil.org"
FILE_NAME = "[f](http://evil.org) www.evil.org.csv"
PASSWORD = "a long enough password"
MADE_BY_MARKUP = ("bold", "it", "red", "del", "under", "tag", "click", "f", "warning")
"""Text that hostile markup would wrap in an element of its own."""

PATIENT_PAGES = [
    ("", "Today", PATIENT_NAME),
    ("Progress", "Progress", PATIENT_NAME),
    ("Red_flag_check", "Red-flag check", PATIENT_NAME),
    ("History", "History", PATIENT_NAME),
    ("Export", "Export", PATIENT_NAME),
    ("Import", "Import", FILE_NAME),
    ("Care_team", "Care team", THERAPIST_EMAIL),
    ("Settings", "Settings", PATIENT_EMAIL),
]
"""Each page, its heading, and hostile text it shows (waited for: the page is drawn by then)."""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, sqlite_template) -> Iterator[tuple[str, dict[str, str]]]:
    """The app on a database whose people chose hostile names; yields the URL and a browser
    token for each of them."""
    database = tmp_path_factory.mktemp("hostile") / "tracker.db"
    shutil.copyfile(sqlite_template, database)
    engine = db.make_engine(f"sqlite:///{database}")
    patient = accounts.create_user(engine, PATIENT_EMAIL, PASSWORD, Role.PATIENT, PATIENT_NAME)
    other = accounts.create_user(engine, OTHER_EMAIL, PASSWORD, Role.PATIENT, OTHER_NAME)
    therapist = accounts.create_user(
        engine, THERAPIST_EMAIL, PASSWORD, Role.THERAPIST, THERAPIST_NAME
    )
    as_patient, as_therapist = Actor(patient.id, patient.role), Actor(therapist.id, therapist.role)
    share = care.invite_therapist(engine, as_patient, patient.id, THERAPIST_EMAIL)
    care.accept_share(engine, as_therapist, share.id)
    care.invite_therapist(engine, Actor(other.id, other.role), other.id, THERAPIST_EMAIL)
    care.add_note(engine, as_therapist, patient.id, f"See ![n](http://{TRAP}/n.png) **bold**")
    upload = f"date,kind,value,unit\n{clock.today()},weight,80,kg\n".encode()
    imports.run_import(engine, as_patient, patient.id, Source.from_bytes(FILE_NAME, upload))
    tokens = {
        "patient": web_sessions.start(engine, patient.id),
        "therapist": web_sessions.start(engine, therapist.id),
        "patient_id": str(patient.id),
    }
    engine.dispose()
    with serve(database) as url:
        yield url, tokens


def markup_made(page) -> list[str]:
    """What the hostile text made the browser build: links, images, styled runs."""
    return page.evaluate(
        """(words) => {
            const made = [];
            for (const a of document.querySelectorAll('a[href]')) {
                const href = a.getAttribute('href');
                if (href.includes('evil') || href.startsWith('mailto:')) made.push('link ' + href);
            }
            for (const img of document.querySelectorAll('img')) {
                if ((img.getAttribute('src') || '').includes('127.0.0.1:9'))
                    made.push('image ' + img.src);
            }
            const styled = 'strong, b, em, i, del, s, code, h1, h2, h3, span[class*=color], '
                + 'span[data-testid=stIconMaterial]';
            for (const el of document.querySelectorAll(styled)) {
                const text = el.textContent.trim();
                if (words.includes(text)) made.push(el.tagName.toLowerCase() + ' ' + text);
            }
            return made;
        }""",
        list(MADE_BY_MARKUP),
    )


def read(page) -> str:
    """The page's text as a person reads it (the invisible word joiners left out)."""
    return page.inner_text("body").replace("\u2060", "")


def shows(page, text: str) -> None:
    """Wait until the page reads ``text`` (the invisible word joiners left out)."""
    page.wait_for_function(
        "(text) => document.body.innerText.replaceAll('\\u2060', '').includes(text)",
        arg=text,
        timeout=30_000,
    )


def visit(context, url: str, heading: str, requests: list[str], text: str):
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    page.get_by_role("heading", name=heading, exact=True).wait_for(timeout=30_000)
    settled(page)
    shows(page, text)
    no_exception(page)
    return page


def open_as(browser, base: str, token: str):
    context = browser.new_context(viewport=DESKTOP)
    context.add_cookies([{"name": COOKIE, "value": token, "url": base}])
    return context


def test_every_patient_page_shows_chosen_text_as_typed(hostile, browser):
    base, tokens = hostile
    context = open_as(browser, base, tokens["patient"])
    requests: list[str] = []
    for path, heading, text in PATIENT_PAGES:
        page = visit(context, f"{base}/{path}", heading, requests, text)
        assert markup_made(page) == [], heading
        if heading == "Care team":
            assert "**bold**" in read(page)  # the note and names, as typed
            assert THERAPIST_EMAIL in read(page)
        if heading == "Import":
            assert FILE_NAME in read(page)
        page.close()
    assert [url for url in requests if TRAP in url] == []
    context.close()


def test_every_therapist_page_shows_chosen_text_as_typed(hostile, browser):
    base, tokens = hostile
    context = open_as(browser, base, tokens["therapist"])
    requests: list[str] = []
    caseload = visit(context, f"{base}/Caseload", "Caseload", requests, f"Review {PATIENT_NAME}")
    assert markup_made(caseload) == []
    body = read(caseload)
    assert OTHER_EMAIL in body and "[click](http://evil.org)" in body  # the invitation
    assert f"Review {PATIENT_NAME}" in body
    caseload.close()
    review = visit(
        context,
        f"{base}/Patient_review?patient={tokens['patient_id']}",
        "Patient review",
        requests,
        PATIENT_EMAIL,
    )
    assert PATIENT_EMAIL in read(review)
    review.get_by_role("tab", name="Notes").click()
    shows(review, "See ![n]")
    assert markup_made(review) == [], "Notes"
    assert markup_made(review) == []
    review.close()
    settings = visit(context, f"{base}/Settings", "Settings", requests, THERAPIST_EMAIL)
    assert markup_made(settings) == []
    settings.close()
    assert [url for url in requests if TRAP in url] == []
    context.close()
