"""A patient's phone (390x844, touch, a phone's user agent): the morning log, counted in taps.

Screenshots land in ``tests/e2e/screenshots/`` for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.e2e.conftest import PHONE, no_exception, serve, settled
from tracker.domain import Entry, Kind, Role
from tracker.services import accounts, logbook
from tracker.services.access import Actor
from tracker.store import db

SHOTS = Path(__file__).resolve().parent / "screenshots"
EMAIL, PASSWORD = "sam@example.com", "a long enough password"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)
MORNING_TAPS = 8
"""Issue 14: weight, breakfast protein, 500 ml of water, the weekly dose and a mild nausea in at
most 8 taps and one save."""

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def week_in(tmp_path_factory, sqlite_template):
    """A patient a week into treatment (the dose is due today), and the app serving her."""
    database = tmp_path_factory.mktemp("phone") / "tracker.db"
    shutil.copyfile(sqlite_template, database)
    engine = db.make_engine(f"sqlite:///{database}")
    try:
        sam = accounts.create_user(engine, EMAIL, PASSWORD, Role.PATIENT, "Sam")
        today = dt.date.today()
        logbook.log_entries(
            engine,
            Actor.of(sam),
            sam.id,
            [
                Entry(Kind.WEIGHT, today - dt.timedelta(days=1), 83.0),
                Entry(
                    Kind.DOSE,
                    today - dt.timedelta(days=7),
                    1.0,
                    label="wegovy",
                    site="abdomen_left",
                ),
            ],
        )
    finally:
        engine.dispose()
    with serve(database) as url:
        yield url


def signed_in_on_a_phone(browser, server: str):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, user_agent=IPHONE)
    page = context.new_page()
    page.goto(server)
    page.get_by_label("Email").filter(visible=True).fill(EMAIL)
    page.get_by_label("Password", exact=True).filter(visible=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Check-in").wait_for(timeout=30_000)
    settled(page)
    return context, page


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def test_the_morning_log_is_one_card_one_save_and_few_taps(week_in, browser):
    context, page = signed_in_on_a_phone(browser, week_in)
    card = page.locator(".st-key-checkin")
    taps = 0

    def tap(locator) -> None:
        nonlocal taps
        locator.tap()
        taps += 1

    def tap_and_type(label: str, text: str) -> None:
        tap(card.get_by_label(label))
        page.keyboard.type(text)

    tap_and_type("Weight (kg)", "82.6")
    protein = card.get_by_label("protein (g)")
    tap(protein)
    page.keyboard.type("30")
    tap(card.get_by_role("radio", name="2", exact=True))
    tap(card.get_by_text("Took my dose: 1 mg Wegovy, abdomen, right"))
    tap(card.get_by_role("button", name="Nausea"))
    tap(card.get_by_role("button", name="Save check-in"))
    saved = page.get_by_text("Saved weight 82.6 kg, ")
    saved.wait_for(timeout=30_000)
    settled(page)
    no_exception(page)

    assert taps <= MORNING_TAPS
    assert "water 500 ml, Wegovy 1 mg in the abdomen, right, nausea (mild)" in saved.inner_text()
    # What was saved and the day's water stay on the screen after the save.
    assert in_view(page, saved)
    assert in_view(page, page.get_by_test_id("stProgress").filter(has_text="Water:"))
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "checkin-saved-phone.png")
    context.close()


SMALL_TARGETS = """() => [...document.querySelectorAll(
        'button, input, a, summary, [role=tab], [data-testid=stCheckbox] label, '
        + '[data-testid=stRadioOption]')]
    .filter(e => e.offsetParent !== null && e.type !== 'checkbox' && e.type !== 'radio')
    .filter(e => e.getBoundingClientRect().right > 0)  // in the folded-away menu: not tappable
    // Streamlit's data-frame toolbar, and the skip link that is only there for a keyboard.
    .filter(e => !e.matches('[data-testid=stBaseButton-elementToolbar], '
        + '[data-testid=stSkipToContent]'))
    // An icon inside a field: the tap target is the whole field.
    .map(e => e.closest('[data-testid=stNumberInputContainer], '
        + '[data-testid=stTextInputRootElement], [data-testid=stDateInputField], '
        + '[data-testid=stSelectbox] > div, '
        + '[data-testid=stMultiSelect] > div') || e)
    .map(e => [e, e.getBoundingClientRect()])
    .filter(([e, r]) => r.width > 0 && r.height > 0 && (r.height < 44 || r.width < 44))
    .map(([e, r]) => `${e.tagName} "${(e.getAttribute('aria-label') || e.innerText || '').trim()}"`
                     + ` ${Math.round(r.width)}x${Math.round(r.height)}`)"""
PATIENT_PAGES = (
    "Today",
    "Progress",
    "Red_flag_check",
    "History",
    "Export",
    "Import",
    "Care_team",
    "Settings",
)


def test_every_control_is_big_enough_for_a_thumb(week_in, browser):
    """WCAG 2.2's 2.5.5: 44 by 44 px for whatever a thumb taps, on every page at phone width
    (links in running text excepted, as the criterion does)."""
    context, page = signed_in_on_a_phone(browser, week_in)
    small = {}
    for path in PATIENT_PAGES:
        page.goto(f"{week_in}/{path}")
        page.get_by_role("heading", level=1).first.wait_for(timeout=30_000)
        settled(page)
        found = [target for target in page.evaluate(SMALL_TARGETS) if not target.startswith('A "')]
        if found:
            small[path] = found
    assert small == {}, "\n".join(f"{path}: {found}" for path, found in small.items())
    context.close()


def test_the_muscle_check_is_offered_and_saved_on_a_phone(week_in, browser):
    """A new patient is offered the chair stand and SARC-F on Today; the result is saved in a
    tap and read against its reference at once, with the card still in view."""
    context, page = signed_in_on_a_phone(browser, week_in)
    card = page.locator(".st-key-muscle_check")
    card.get_by_role("heading", name="Muscle check due").wait_for(timeout=30_000)
    card.get_by_text("How to do the 30-second chair stand").tap()
    assert card.get_by_text("cross your arms", exact=False).first.is_visible()
    card.get_by_label("Full stands in 30 seconds").tap()
    page.keyboard.type("12")
    card.get_by_role("button", name="Save the chair stand").tap()
    saved = page.get_by_text("Saved 30-second chair stand: 12 stands.")
    saved.wait_for(timeout=30_000)
    settled(page)
    no_exception(page)
    # No birth year in the profile: the reference needs the age, and the message says so.
    assert "Add your birth year" in saved.inner_text()
    assert in_view(page, saved)  # where the tap was: no hunting for what happened
    # The SARC-F questions stay offered until answered.
    assert card.get_by_text("How many times have you fallen in the past year?").is_visible()
    page.screenshot(path=SHOTS / "muscle-check-saved-phone.png")
    context.close()
