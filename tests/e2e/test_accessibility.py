"""Accessibility: axe-core scans every page, as the demo patient and as the demo therapist
(and the welcome page signed out), at phone and at laptop width. No violation of impact
"serious" or "critical" is allowed; "moderate" and "minor" ones are written to the report.

- One sign-in per role and width; every other page is then opened at its address in a new tab
  of the same browser context (the cookie signs each new session back in). The tabs are all
  opened at once, so the server runs the next pages while the browser scans this one.
- Each page is scanned with every expander open, then each further tab of its ``st.tabs``
  (axe skips what is hidden: a closed expander, an unchosen tab, the folded phone sidebar).
- axe checks colour contrast only for what is on screen, and Streamlit scrolls inside its
  own container: the window is made as tall as the page for the scan, at the same width.
- Every scan's full result goes to ``tests/e2e/screenshots/axe-<role>-<width>.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, no_exception, settled
from tracker.domain import Role
from tracker.ui import navigation

pytestmark = pytest.mark.e2e

REPORTS = Path(__file__).resolve().parent / "screenshots"
LAPTOP = DESKTOP  # 1280 x 900
BLOCKING = ("critical", "serious")
"""Impacts that fail the test; "moderate" and "minor" are only reported."""
SHOWN_NODES = 4
"""Elements listed per rule and page in a failure message."""
TALLEST = 16_000
"""The tallest window a scan uses (pixels)."""

DEMO_BUTTON = {Role.PATIENT: "Explore the demo", Role.THERAPIST: "Explore as a therapist"}
REVIEWED = "Lena (demo)"
"""The demo patient whose review is scanned: she has an open red flag, so the page shows the
most (the red-flag alert and its button as well as the charts)."""

# Nothing is excluded from a scan: every element on the page, Streamlit's own header, toolbar
# and sidebar included. (axe itself skips hidden elements, such as the folded phone sidebar.)
AXE_OPTIONS = {"resultTypes": ["violations"]}

PAGE_HEIGHT = """() => Math.max(document.body.scrollHeight,
    ...[...document.querySelectorAll('section, [data-testid=stMain]')].map(e => e.scrollHeight))"""
STILL = """() => document.getAnimations().every(a => a.playState !== 'running'
    || a.effect?.getComputedTiming().iterations === Infinity)"""
CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]
    .every(chart => chart.offsetParent === null || chart.querySelector('.main-svg'))"""
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def pages_of(role: Role) -> list[navigation.AppPage]:
    """``role``'s pages, in sidebar order, from the list the router reads."""
    return [page for page in navigation.PAGES if role in page.roles]


def calm(page) -> None:
    """The run is over, the charts are drawn and nothing is moving (a fading or sliding
    element has the wrong contrast for as long as it moves)."""
    settled(page)
    page.wait_for_function(CHARTS_DRAWN, timeout=30_000)
    page.evaluate(TWO_FRAMES)
    page.wait_for_function(STILL, timeout=10_000)


def wait_for_page(page, title: str) -> None:
    page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=30_000)
    calm(page)
    no_exception(page)


def open_expanders(page) -> None:
    closed = page.locator('[data-testid="stExpander"] details:not([open]) > summary')
    for number in range(closed.count()):
        summary = closed.nth(number)
        if summary.is_visible():
            summary.click()
    calm(page)


def scan(page, viewport: dict, include: str | None = None) -> list[dict]:
    """axe's violations on ``page`` (or within the element ``include`` selects), with the
    window as tall as the page so that everything is on screen."""
    from axe_playwright_python.sync_playwright import Axe

    height = min(int(page.evaluate(PAGE_HEIGHT)) + 40, TALLEST)
    page.set_viewport_size({"width": viewport["width"], "height": max(height, viewport["height"])})
    calm(page)
    context = {"include": [[include]]} if include else None
    violations = Axe().run(page, context=context, options=AXE_OPTIONS).response["violations"]
    page.set_viewport_size(viewport)
    return violations


def scan_all(page, viewport: dict, where: str, results: dict[str, list[dict]]) -> None:
    """The page with its expanders open, then each further tab of each ``st.tabs``."""
    open_expanders(page)
    results[where] = scan(page, viewport)
    for group in page.locator('[data-testid="stTabs"]').all():
        if not group.is_visible():
            continue
        tabs = group.locator('[role="tab"]')
        for number in range(tabs.count()):
            tab = tabs.nth(number)
            if tab.get_attribute("aria-selected") == "true":
                continue
            tab.click()
            page.wait_for_function(
                "tab => tab.getAttribute('aria-selected') === 'true'", arg=tab.element_handle()
            )
            open_expanders(page)
            panel = tab.get_attribute("aria-controls")
            assert panel, f"{where}: the tab {tab.inner_text()!r} controls no panel"
            name = tab.inner_text().strip()
            results[f"{where} [tab {name}]"] = scan(page, viewport, f'[id="{panel}"]')


def describe(where: str, violation: dict, nodes: list[dict]) -> str:
    lines = [
        f"{where}: {violation['id']} ({violation['impact']}) {violation['help']}",
        f"    {violation['helpUrl']}",
    ]
    for node in nodes[:SHOWN_NODES]:
        target = " >> ".join(
            " ".join(part) if isinstance(part, list) else part for part in node["target"]
        )
        html = " ".join(node["html"].split())
        summary = " ".join((node.get("failureSummary") or "").split())
        lines.append(f"    - {target}")
        lines.append(f"      {html[:240]}{'...' if len(html) > 240 else ''}")
        if summary:
            lines.append(f"      {summary[:300]}")
    if len(nodes) > SHOWN_NODES:
        lines.append(f"    ... and {len(nodes) - SHOWN_NODES} more elements")
    return "\n".join(lines)


def blocking(results: dict[str, list[dict]], width: str) -> list[str]:
    """Each serious or critical violation, once per rule and element (the first page it is on)."""
    seen: set[tuple[str, str]] = set()
    failures = []
    for where, violations in results.items():
        for violation in violations:
            if violation["impact"] not in BLOCKING:
                continue
            fresh = []
            for node in violation["nodes"]:
                key = (violation["id"], json.dumps(node["target"]))
                if key not in seen:
                    seen.add(key)
                    fresh.append(node)
            if fresh:
                failures.append(describe(f"{where} at {width} width", violation, fresh))
    return failures


@pytest.mark.parametrize(
    "viewport, width", [(PHONE, "phone"), (LAPTOP, "laptop")], ids=["phone", "laptop"]
)
@pytest.mark.parametrize("role", [Role.PATIENT, Role.THERAPIST], ids=str)
def test_no_serious_or_critical_accessibility_violations(server, browser, role, viewport, width):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    results: dict[str, list[dict]] = {}

    page.goto(server)
    wait_for_page(page, "GLP-1 Muscle Tracker")
    if role is Role.PATIENT:  # the signed-out welcome page: scanned once per width
        scan_all(page, viewport, "/ (signed out)", results)

    page.get_by_role("button", name=DEMO_BUTTON[role]).click()
    home = navigation.HOME[role]
    wait_for_page(page, home.title)
    addresses = {page_: f"{server}/{page_.url}" for page_ in pages_of(role)}
    if navigation.PATIENT_REVIEW in addresses:  # its address names a patient: the caseload's
        link = page.get_by_role("link", name=f"Review {REVIEWED}")
        href = link.get_attribute("href", timeout=30_000)
        assert href and "patient=" in href, href
        addresses[navigation.PATIENT_REVIEW] = urljoin(f"{server}/", href)
    tabs = {home: page}
    for app_page, address in addresses.items():  # all at once: the server works ahead
        if app_page is not home:
            tabs[app_page] = context.new_page()
            tabs[app_page].goto(address, wait_until="commit")
    for app_page, address in addresses.items():
        tab = tabs[app_page]
        tab.bring_to_front()  # a background tab draws no frames
        wait_for_page(tab, app_page.title)
        scan_all(tab, viewport, address.removeprefix(server), results)
        if tab is not page:
            tab.close()
    context.close()

    REPORTS.mkdir(exist_ok=True)
    report = REPORTS / f"axe-{role}-{width}.json"
    report.write_text(json.dumps(results, indent=1))
    failures = blocking(results, width)
    assert not failures, (
        f"{len(failures)} serious or critical axe violations as the demo {role} at {width} "
        f"width (every result: {report}):\n" + "\n".join(failures)
    )
