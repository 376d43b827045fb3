"""End to end: a real headless Chromium against ``streamlit run`` on localhost.

A newcomer explores the demo, logs a weight and sees the Progress charts, at desktop and at
phone width. Screenshots land in ``tests/e2e/screenshots/`` for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, no_exception, settled
from tracker.domain import RedFlag
from tracker.rules import redflags
from tracker.services import demo

SHOTS = Path(__file__).resolve().parent / "screenshots"

pytestmark = pytest.mark.e2e


def screenshot(page, viewport: dict, name: str) -> None:
    """The whole page: Streamlit scrolls inside its own container, so grow the window."""
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('section, [data-testid=stMain]')]"
        ".map(e => e.scrollHeight), document.body.scrollHeight)"
    )
    page.set_viewport_size({"width": viewport["width"], "height": min(int(height) + 40, 9000)})
    settled(page)
    page.screenshot(path=SHOTS / name, full_page=True)
    page.set_viewport_size(viewport)


def explore_the_demo(context, server: str):
    """A new page in ``context``, signed in as the demo patient and on Today."""
    page = context.new_page()
    page.goto(server)
    page.get_by_role("button", name="Explore the demo").click()
    page.get_by_role("heading", name="Today", exact=True).wait_for(timeout=30_000)
    settled(page)
    return page


@pytest.mark.parametrize("viewport, name", [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_explore_the_demo_log_a_weight_and_see_progress(server, browser, viewport, name):
    SHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(server)
    page.get_by_role("button", name="Explore the demo").click()
    page.get_by_role("heading", name="Today", exact=True).wait_for(timeout=30_000)
    card = page.locator(".st-key-checkin")
    weight = card.get_by_label("Weight (kg)")
    weight.wait_for(timeout=30_000)
    settled(page)
    no_exception(page)
    screenshot(page, viewport, f"today-{name}.png")

    weight.fill("78.2")
    card.get_by_role("button", name="Save check-in").click()
    page.get_by_text("Saved weight 78.2 kg.").wait_for(timeout=30_000)
    no_exception(page)

    if name == "phone":  # the sidebar is folded away on a phone
        opener = '[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"]'
        page.locator(opener).first.click()
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Progress").click()
    page.get_by_role("heading", name="Progress", exact=True).wait_for(timeout=30_000)
    if name == "phone" and page.locator('[data-testid="stSidebar"]').is_visible():
        page.locator('[data-testid="stSidebarCollapseButton"] button').click()
    page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=30_000)
    settled(page)
    no_exception(page)
    assert page.locator('[data-testid="stPlotlyChart"]').count() >= 2  # weight, its level
    # What to act on leads: its heading on the first screen, its cards before any chart.
    first = page.get_by_role("heading", name="What to do first").bounding_box()
    assert first["y"] + first["height"] <= viewport["height"]
    why = page.get_by_role("button", name="Why?").first.bounding_box()
    chart = page.locator('[data-testid="stPlotlyChart"]').first.bounding_box()
    assert first["y"] < why["y"] < chart["y"]
    page.get_by_role("radio", name="All charts").click()  # the rest, on demand
    page.locator('[data-testid="stPlotlyChart"]').nth(5).wait_for(timeout=30_000)
    settled(page)
    no_exception(page)
    assert page.get_by_role("heading", name="What to do first").is_visible()
    screenshot(page, viewport, f"progress-{name}.png")
    context.close()


def test_a_therapist_explores_the_caseload_and_opens_a_patient(server, browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(server)
    page.get_by_role("button", name="Explore as a therapist").click()
    page.get_by_role("heading", name="Caseload", exact=True).wait_for(timeout=30_000)
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)
    settled(page)
    no_exception(page)
    screenshot(page, DESKTOP, "caseload-desktop.png")
    page.get_by_role("link", name="Review Lena (demo)").click()  # a red flag: first
    page.get_by_role("heading", name="Lena (demo)").wait_for(timeout=30_000)
    page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=30_000)
    settled(page)
    no_exception(page)
    screenshot(page, DESKTOP, "review-desktop.png")
    context.close()


def test_severe_pain_leads_to_the_red_flag_check_and_a_yes_shows_what_to_do(server, browser):
    context = browser.new_context(viewport=DESKTOP)
    page = explore_the_demo(context, server)
    page.get_by_role("tab", name="Symptoms").click()
    thumb = page.get_by_role("slider")
    thumb.focus()
    for _ in range(8):
        thumb.press("ArrowRight")
    page.get_by_role("button", name="Save pain").click()
    page.get_by_text("Saved pain 8/10").wait_for(timeout=30_000)
    page.get_by_text("check for red-flag symptoms").wait_for(timeout=30_000)
    settled(page)
    no_exception(page)
    screenshot(page, DESKTOP, "symptoms-desktop.png")

    page.get_by_role("link", name="Run the red-flag check").click()
    page.get_by_role("heading", name="Red-flag check", exact=True).wait_for(timeout=30_000)
    settled(page)
    asked = redflags.checklist_for(demo.MARIA.profile)
    questions = page.locator('[data-testid="stRadio"]')
    questions.nth(len(asked) - 1).wait_for(timeout=30_000)
    assert questions.count() == len(asked)
    fall = [item.code for item in asked].index(RedFlag.FALL)
    for number in range(len(asked)):
        answer = "Yes" if number == fall else "No"  # hurt in a fall
        questions.nth(number).get_by_text(answer, exact=True).click()
    page.get_by_role("button", name="Check my answers").click()
    page.get_by_text("Go to urgent care or an emergency department today.").first.wait_for(
        timeout=30_000
    )
    settled(page)
    no_exception(page)
    alert = page.locator('[data-testid="stAlertContentError"]').first
    assert "fracture" in alert.inner_text()
    # The answers are stored, and the form is cleared for the next check (the browser redraws
    # the radios a moment after the run that reset them).
    page.wait_for_function(
        "() => [...document.querySelectorAll('input[type=radio]')].every(r => !r.checked)",
        timeout=15_000,
    )
    screenshot(page, DESKTOP, "red-flag-check-desktop.png")
    context.close()


def test_a_reload_keeps_the_patient_signed_in_until_they_sign_out(server, browser):
    context = browser.new_context(viewport=DESKTOP)
    page = explore_the_demo(context, server)
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Progress").click()
    page.get_by_role("heading", name="Progress", exact=True).wait_for(timeout=30_000)
    settled(page)
    cookie = {c["name"]: c for c in context.cookies()}["glp1_tracker_session"]
    assert cookie["sameSite"] == "Strict"

    page.reload()  # a new Streamlit session: the cookie signs it back in, on the same page
    page.get_by_role("heading", name="Progress", exact=True).wait_for(timeout=30_000)
    settled(page)
    no_exception(page)
    page.locator('[data-testid="stSidebar"]').get_by_text("Maria (demo)").wait_for(timeout=30_000)

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="GLP-1 Muscle Tracker").wait_for(timeout=30_000)
    settled(page)
    page.wait_for_function("() => !document.cookie.includes('glp1_tracker_session=')")
    page.goto(f"{server}/Progress")  # signed out stays signed out, whatever the address
    page.get_by_role("heading", name="GLP-1 Muscle Tracker").wait_for(timeout=30_000)
    settled(page)
    assert page.get_by_text("Maria (demo)").count() == 0
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0

    # A cookie whose session has ended (or never was) signs in no one, and says so.
    context.add_cookies([{"name": "glp1_tracker_session", "value": "ended", "url": server}])
    page.goto(f"{server}/Progress")
    page.get_by_text("Your last session has ended").wait_for(timeout=30_000)
    # Signing in at a page's address opens that page.
    page.get_by_role("button", name="Explore the demo").click()
    page.get_by_role("heading", name="Progress", exact=True).wait_for(timeout=30_000)
    settled(page)
    no_exception(page)
    assert page.url.endswith("/Progress")
    context.close()


IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)


def test_on_a_phone_choosing_a_page_closes_the_menu(server, browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, user_agent=IPHONE)
    page = explore_the_demo(context, server)
    open_menu = page.get_by_test_id("stExpandSidebarButton")
    open_menu.click()
    menu = page.get_by_test_id("stSidebar")
    menu.get_by_role("link", name="Progress").wait_for(timeout=30_000)
    assert not open_menu.is_visible()  # the menu is open over the page
    menu.get_by_role("link", name="Progress").click()
    page.get_by_role("heading", name="Progress", exact=True).wait_for(timeout=30_000)
    settled(page)
    open_menu.wait_for(state="visible", timeout=10_000)  # closed again: one tap to the page
    assert page.url.endswith("/Progress")
    context.close()
