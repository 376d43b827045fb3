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
from importlib.resources import files
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.conftest import require_or_skip
from tests.e2e.conftest import DESKTOP, PHONE, no_exception, settled
from tracker.domain import Role
from tracker.ui import navigation

pytestmark = pytest.mark.e2e

REPORTS = Path(__file__).resolve().parent / "screenshots"
LAPTOP = DESKTOP  # 1280 x 900
WIDTHS = {"phone": PHONE, "laptop": LAPTOP}
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


@pytest.fixture(scope="module")
def axe_core() -> str:
    """axe-core itself, the copy the axe-playwright-python package ships."""
    try:
        return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
    except ModuleNotFoundError:
        require_or_skip(
            "axe-playwright-python is not installed (pip install -r requirements-dev.txt)"
        )


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
    opened = 0
    for number in range(closed.count()):
        summary = closed.nth(number)
        if summary.is_visible():
            summary.click()
            opened += 1
    if opened:
        calm(page)


def stretch(page, viewport: dict) -> None:
    """Make the window as tall as the page (never shorter than it was), at the same width:
    axe checks colour contrast only for what is on screen, and Streamlit scrolls inside its
    own container, so whatever is below the fold would go unchecked."""
    height = min(int(page.evaluate(PAGE_HEIGHT)) + 40, TALLEST)
    if height > page.viewport_size["height"]:
        page.set_viewport_size({"width": viewport["width"], "height": height})
    calm(page)


def scan(page, include: str | None = None) -> list[dict]:
    """axe's violations on ``page``, or within the element that ``include`` selects."""
    found = page.evaluate(
        "([include, options]) => axe.run(include ? {include: [[include]]} : document, options)",
        [include, AXE_OPTIONS],
    )
    return found["violations"]


def scan_all(page, viewport: dict, where: str, results: dict[str, list[dict]]) -> None:
    """The page with its expanders open, then each further tab of each ``st.tabs``, in a
    window as tall as the page; the window is then given back its size."""
    open_expanders(page)
    stretch(page, viewport)
    results[where] = scan(page)
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
            stretch(page, viewport)
            panel = tab.get_attribute("aria-controls")
            name = tab.inner_text().strip()
            assert panel, f"{where}: the tab {name!r} controls no panel"
            results[f"{where} [tab {name}]"] = scan(page, f'[id="{panel}"]')
    page.set_viewport_size(viewport)


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


def blocking(results: dict[str, list[dict]]) -> list[str]:
    """Each serious or critical violation once per rule and element (the same markup at
    another width or on another page is the same element), where it was seen first."""
    seen: dict[tuple[str, str], list[str]] = {}
    failures: list[tuple[str, dict, list[dict]]] = []
    for where, violations in results.items():
        for violation in violations:
            if violation["impact"] not in BLOCKING:
                continue
            fresh = []
            for node in violation["nodes"]:
                key = (violation["id"], " ".join(node["html"].split()))
                if key not in seen:
                    seen[key] = []
                    fresh.append(node)
                seen[key].append(where)
            if fresh:
                failures.append((where, violation, fresh))
    messages = []
    for where, violation, nodes in failures:
        message = describe(where, violation, nodes)
        elsewhere = sorted(
            {
                place
                for node in nodes
                for place in seen[(violation["id"], " ".join(node["html"].split()))]
                if place != where
            }
        )
        if elsewhere:
            message += "\n    also on: " + ", ".join(elsewhere)
        messages.append(message)
    return messages


def open_tab(context, viewport: dict, address: str):
    """A new tab at ``viewport``'s size, on its way to ``address`` (without waiting)."""
    tab = context.new_page()
    tab.set_viewport_size(viewport)
    tab.evaluate("address => { location.href = address }", address)
    return tab


@pytest.mark.parametrize("role", [Role.PATIENT, Role.THERAPIST], ids=str)
def test_no_serious_or_critical_accessibility_violations(server, browser, axe_core, role):
    context = browser.new_context(viewport=LAPTOP)
    context.add_init_script(script=axe_core)  # every page of the context gets window.axe
    results: dict[str, list[dict]] = {}

    # Signed out, at each width: the welcome page (for the patient's run only).
    welcome = {width: open_tab(context, size, server) for width, size in WIDTHS.items()}
    for width, tab in welcome.items():
        tab.bring_to_front()  # a background tab draws no frames
        wait_for_page(tab, "GLP-1 Muscle Tracker")
        if role is Role.PATIENT:
            scan_all(tab, WIDTHS[width], f"/ (signed out) at {width}", results)

    # One sign-in; every other tab of the context is then signed in by the cookie.
    page = welcome["laptop"]
    page.bring_to_front()
    page.get_by_role("button", name=DEMO_BUTTON[role]).click()
    wait_for_page(page, navigation.HOME[role].title)
    welcome["phone"].close()
    addresses = {app_page: f"{server}/{app_page.url}" for app_page in pages_of(role)}
    if navigation.PATIENT_REVIEW in addresses:  # its address names a patient: the caseload's
        link = page.get_by_role("link", name=f"Review {REVIEWED}")
        href = link.get_attribute("href", timeout=30_000)
        assert href and "patient=" in href, href
        addresses[navigation.PATIENT_REVIEW] = urljoin(f"{server}/", href)
    page.close()

    # Every page at every width in its own tab, all opened at once: the server runs the next
    # pages while the browser scans this one.
    tabs = [
        (app_page, width, open_tab(context, size, address))
        for width, size in WIDTHS.items()
        for app_page, address in addresses.items()
    ]
    for app_page, width, tab in tabs:
        tab.bring_to_front()
        wait_for_page(tab, app_page.title)
        where = f"{addresses[app_page].removeprefix(server)} at {width}"
        scan_all(tab, WIDTHS[width], where, results)
        tab.close()
    context.close()

    REPORTS.mkdir(exist_ok=True)
    report = REPORTS / f"axe-{role}.json"
    report.write_text(json.dumps(results, indent=1))
    failures = blocking(results)
    assert not failures, (
        f"{len(failures)} serious or critical axe violations as the demo {role} "
        f"(every result: {report}):\n" + "\n".join(failures)
    )
