"""How fast the app feels in a real browser: headless Chromium against ``streamlit run``.

    .venv/bin/python -m bench.browser [--viewport phone|laptop|both] [--runs 5]

The demo is seeded into a SQLite file in a temporary directory (``python -m tracker demo``) and
served by ``streamlit run app.py`` on a free localhost port. Debian's Chromium, driven by
Playwright, signs in with "Explore the demo" and then clicks what a person clicks. Each row is
timed with ``time.perf_counter`` from just before the click (or ``page.goto``) to the moment the
page is *settled* (below), at a phone's 390x844 and a laptop's 1280x900. Each row is the median
of 5 runs after one warm-up, with min and max. The script prints figures; it asserts nothing.

- Care team, Settings, Export: a light page, opened by its sidebar link. The lightest by median
  is the floor; "x floor" divides every row by it;
- Today, Progress: the same, for the two pages a patient opens every day. Every page row starts
  on Red-flag check (opened untimed), so the rows differ only in where they go. On a phone the
  sidebar is folded: it is opened before the clock starts, and only the link's click is timed;
- save on Today: "Save check-in" on Today's check-in card with one glass of water chosen, or,
  on a Today without the card, the Water tab's "+ 250 ml" (``save_on_today``);
- first visit: a brand-new browser context (no cache, no cookie) per run: ``goto`` to the
  welcome page settled, then "Explore the demo" to Today settled, and their sum; then Today to
  Progress, the first time this browser needs the charts' code.

"after run ms" is the median time from the end of the last script run (as the browser saw it)
to settled: what the browser spends after the server is done (lazily loaded code, drawing).

Settled means, on one animation frame, all of:

- Streamlit has started a script run since the click (``data-test-script-state`` on the
  ``stApp`` element turned ``running``; a MutationObserver installed at document start counts
  those turns, so even a run shorter than a frame is seen). A first visit needs no click: its
  page load is the start;
- the app is connected and its script state is ``notRunning``;
- no status widget (``stStatusWidget``), no loading placeholder (``stSkeleton``: lazily loaded
  parts such as Markdown and charts draw one until their code has arrived) and no stale element
  (``data-stale="true"``: what the last run drew and this one has not redrawn yet);
- every Plotly chart has drawn its SVG;
- the expected thing is on the page: the target page's title, or the welcome page's button;

and it stays so for ``HOLD_MS`` after that frame. The hold catches the run that follows at once
(signing in runs the welcome page, then switches to Today, about 35 ms apart); it is not counted:
the time reported is that of the first settled frame. Unlike Playwright's ``networkidle`` (which
waits 500 ms of quiet by itself), this adds at most a frame to what a person sees.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

import streamlit
from playwright.sync_api import Browser, BrowserContext, Locator, Page, sync_playwright

from bench import table
from bench.app_server import CHROMIUM, CHROMIUM_ARGS, ROOT, streamlit_app

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 900}}
NARROW = 768
"""Below this width Streamlit's sidebar opens over the page instead of beside it."""
WARMUPS = 1
RUNS = 5
HOLD_MS = 200
TIMEOUT_MS = 30_000
FLOOR_CANDIDATES = ("Care team", "Settings", "Export")
DEPARTURE = "Red-flag check"
"""Every page row clicks its link from this page, so the rows differ only in where they go."""

WATCH_JS = """
(() => {
  const bench = (window.__bench = { starts: 0 });
  new MutationObserver((records) => {
    for (const record of records) {
      const state = record.target.getAttribute("data-test-script-state");
      if (state === "running") bench.starts += 1;
      if (state === "notRunning") bench.ended = performance.now();
    }
  }).observe(document, {
    subtree: true,
    attributes: true,
    attributeFilter: ["data-test-script-state"],
  });
})();
"""
"""Installed in every page at document start: counts Streamlit's script runs and notes when
the last one ended."""

SETTLED_JS = """
async ({ before, selector, text, hold, timeout }) => {
  const busy = '[data-testid="stStatusWidget"], [data-testid="stSkeleton"], [data-stale="true"]';
  // What still keeps the page from being settled, or "" when nothing does.
  const waiting = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (app === null) return "no app";
    if (app.dataset.testConnectionState !== "CONNECTED") return app.dataset.testConnectionState;
    if (before !== null && window.__bench.starts <= before) return "no script run yet";
    if (app.dataset.testScriptState !== "notRunning") return app.dataset.testScriptState;
    const element = document.querySelector(busy);
    if (element !== null) return element.outerHTML.slice(0, 120);
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
    if (charts.some((chart) => chart.querySelector(".main-svg") === null)) return "a chart";
    const shown = [...document.querySelectorAll(selector)].some((e) => e.innerText.includes(text));
    return shown ? "" : `no ${selector} with ${text}`;
  };
  const started = performance.now();
  let since = null;
  let runs = null;
  return new Promise((resolve, reject) => {
    const frame = () => {
      const now = performance.now();
      const reason = waiting();
      // A run that started and ended between two frames breaks the calm too.
      if (reason !== "" || window.__bench.starts !== runs) since = null;
      if (reason === "" && since === null) [since, runs] = [now, window.__bench.starts];
      if (since !== null && now - since >= hold) {
        return resolve({ late: now - since, after: since - window.__bench.ended });
      }
      if (now - started > timeout) return reject(new Error(`not settled: ${reason}`));
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}
"""
"""Resolves with how many ms ago the page settled (see the module's docstring), and how many
ms it settled after the last script run had ended."""


# --- the server -----------------------------------------------------------------------------


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """The demo in a new SQLite file in ``folder``, served by ``streamlit run``; yields its URL."""
    database = folder / "tracker.db"
    env = {**os.environ, "TRACKER_DATABASE_URL": f"sqlite:///{database}"}
    subprocess.run(
        [sys.executable, "-m", "tracker", "demo"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    with streamlit_app(database) as url:
        yield url


# --- settling and timing --------------------------------------------------------------------


class Timing(NamedTuple):
    seconds: float
    """From the click (or ``goto``) to settled."""
    after_run: float
    """Of which after the last script run had ended: the browser drawing, lazy code arriving."""


def runs_so_far(page: Page) -> int:
    return page.evaluate("window.__bench.starts")


def settle(page: Page, selector: str, text: str, before: int | None) -> tuple[float, float]:
    """Wait until ``page`` is settled showing ``text`` in a ``selector``, with a script run
    started after ``before`` runs (None: any). Returns how many seconds ago it settled, and how
    many seconds after the last run's end it did."""
    found = page.evaluate(
        SETTLED_JS,
        {"before": before, "selector": selector, "text": text, "hold": HOLD_MS,
         "timeout": TIMEOUT_MS},
    )  # fmt: skip
    return found["late"] / 1000, found["after"] / 1000


def timed(
    page: Page, act: Callable[[], object], selector: str, text: str, fresh: bool = False
) -> Timing:
    """From ``act`` (a click, a ``goto``) to ``page`` settled showing ``text`` in a
    ``selector``. ``fresh``: a page not loaded yet, whose first run is the one to wait for."""
    before = None if fresh else runs_so_far(page)
    start = time.perf_counter()
    act()
    late, after_run = settle(page, selector, text, before)
    return Timing(time.perf_counter() - start - late, after_run)


def timed_click(target: Locator, selector: str, text: str) -> Timing:
    """From clicking ``target`` to its page settled showing ``text`` in a ``selector``."""
    # Actionability (visible, stable: a sidebar still sliding in) is waited for before the
    # clock starts, so the timed click only acts.
    target.click(trial=True)
    return timed(target.page, target.click, selector, text)


def title(text: str) -> tuple[str, str]:
    """A page's title, to be settled on."""
    return "h1", text


WELCOME = ("button", "Explore the demo")


# --- what a person does ---------------------------------------------------------------------


def new_page(browser: Browser, viewport: dict[str, int]) -> tuple[BrowserContext, Page]:
    """A brand-new context (no cache, no cookie) and a page in it that counts script runs."""
    context = browser.new_context(viewport=viewport)
    context.add_init_script(WATCH_JS)
    return context, context.new_page()


def first_visit(browser: Browser, viewport: dict[str, int], url: str) -> list[Timing]:
    """A newcomer in a brand-new context: from ``goto`` to the welcome page settled, from
    "Explore the demo" to Today settled, and then from Today to Progress, whose charts' code
    this browser has not loaded yet."""
    context, page = new_page(browser, viewport)
    try:
        welcome = timed(page, lambda: page.goto(url), *WELCOME, fresh=True)
        explore = timed_click(page.get_by_role("button", name="Explore the demo"), *title("Today"))
        return [welcome, explore, timed_click(nav_link(page, "Progress"), *title("Progress"))]
    finally:
        context.close()


def nav_link(page: Page, name: str) -> Locator:
    """The sidebar's link to page ``name``, the sidebar opened first (it is folded on a phone)."""
    opener = page.locator('[data-testid="stExpandSidebarButton"]')
    if opener.is_visible():
        opener.click()
    return page.locator('[data-testid="stSidebarNav"] a').filter(has_text=name).first


def fold_sidebar(page: Page) -> None:
    """Close the sidebar where it covers the page (a phone), as a person would to use it."""
    sidebar = page.locator('[data-testid="stSidebar"][data-collapsed="false"]')
    viewport = page.viewport_size
    if viewport and viewport["width"] < NARROW and sidebar.count():
        page.locator('[data-testid="stSidebarCollapseButton"] button').click()
        sidebar.wait_for(state="detached")


def go(page: Page, name: str) -> None:
    """Open page ``name`` from the sidebar, untimed."""
    timed_click(nav_link(page, name), *title(name))


def open_page(page: Page, name: str) -> Timing:
    """Open page ``name`` by its sidebar link, from ``DEPARTURE``."""
    go(page, DEPARTURE)
    return timed_click(nav_link(page, name), *title(name))


def save_on_today(page: Page) -> Timing:
    """A save on Today: the check-in card with one glass of water when Today has
    one, else the water tab's "+ 250 ml" quick button. The only step that knows Today's form."""
    if page.locator("h1").filter(has_text="Today").count() == 0:
        go(page, "Today")
    fold_sidebar(page)
    check_in = page.get_by_role("button", name="Save check-in")
    if check_in.count():
        glasses = page.get_by_role("radiogroup", name=re.compile("^Water"))
        glass = glasses.get_by_role("radio", name="1", exact=True)
        if glass.count() and glass.get_attribute("aria-checked") != "true":
            glass.click()  # inside a form: no script run until the save
        return timed_click(check_in, *title("Today"))
    water = page.get_by_role("tab", name="Water")
    if water.get_attribute("aria-selected") != "true":
        water.click()
    return timed_click(page.get_by_role("button", name="+ 250 ml"), *title("Today"))


# --- the rows -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    name: str
    timings: list[Timing]

    def median_ms(self, after_run: bool = False) -> float:
        return (
            statistics.median(t.after_run if after_run else t.seconds for t in self.timings) * 1000
        )


def repeat(name: str, step: Callable[[], Timing], runs: int) -> Row:
    for _ in range(WARMUPS):
        step()
    return Row(name, [step() for _ in range(runs)])


def measure(browser: Browser, viewport: dict[str, int], url: str, runs: int) -> list[Row]:
    """Every row at one viewport: the floor candidates, Today, Progress, a save, a first visit."""
    context, page = new_page(browser, viewport)
    try:
        page.goto(url)
        settle(page, *WELCOME, before=None)
        timed_click(page.get_by_role("button", name="Explore the demo"), *title("Today"))
        rows = [
            repeat(name, lambda name=name: open_page(page, name), runs)
            for name in (*FLOOR_CANDIDATES, "Today", "Progress")
        ]
        rows.append(repeat("save on Today", lambda: save_on_today(page), runs))
    finally:
        context.close()
    visits = [first_visit(browser, viewport, url) for _ in range(WARMUPS + runs)][WARMUPS:]
    welcome, explore, progress = ([visit[step] for visit in visits] for step in range(3))
    both = [
        Timing(w.seconds + e.seconds, w.after_run + e.after_run)
        for w, e in zip(welcome, explore, strict=True)
    ]
    return [
        *rows,
        Row("first visit: welcome", welcome),
        Row("first visit: explore", explore),
        Row("first visit: both", both),
        Row("first visit: Progress", progress),
    ]


COLUMNS = (
    ("row", 22),
    ("min ms", 7),
    ("median ms", 9),
    ("max ms", 7),
    ("x floor", 7),
    ("after run ms", 12),
)


def report(name: str, viewport: dict[str, int], rows: list[Row]) -> None:
    floor = min((row for row in rows if row.name in FLOOR_CANDIDATES), key=Row.median_ms)
    print(f"{name} ({viewport['width']}x{viewport['height']}); floor: {floor.name}")
    print("\n".join(table.header(COLUMNS)))
    for row in rows:
        seconds = [t.seconds for t in row.timings]
        cells = [
            f"{row.name} (floor)" if row is floor else row.name,
            f"{min(seconds) * 1000:.0f}",
            f"{row.median_ms():.0f}",
            f"{max(seconds) * 1000:.0f}",
            f"{row.median_ms() / floor.median_ms():.1f}",
            f"{row.median_ms(after_run=True):.0f}",
        ]
        print(table.line(cells, COLUMNS))
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewport", choices=[*VIEWPORTS, "both"], default="both")
    parser.add_argument("--runs", type=int, default=RUNS, help="timed runs per row")
    args = parser.parse_args()
    names = list(VIEWPORTS) if args.viewport == "both" else [args.viewport]

    began = time.perf_counter()
    with (
        tempfile.TemporaryDirectory(prefix="bench-browser-") as folder,
        served(Path(folder)) as url,
        sync_playwright() as driver,
    ):
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            print("Browser benchmark: the demo patient in headless Chromium, streamlit run")
            print(
                f"Python {platform.python_version()}, Streamlit {streamlit.__version__},"
                f" Playwright {metadata.version('playwright')}, Chromium {browser.version},"
                f" {os.cpu_count()} CPUs ({platform.machine()})"
            )
            print(
                f"Median of {args.runs} runs after {WARMUPS} warm-up; page rows click the"
                f" sidebar link from {DEPARTURE}; the floor is the lightest of"
                f" {', '.join(FLOOR_CANDIDATES)}"
            )
            print(f"Load average at the start: {os.getloadavg()[0]:.1f} (1 minute)")
            print()
            for name in names:
                report(name, VIEWPORTS[name], measure(browser, VIEWPORTS[name], url, args.runs))
        finally:
            browser.close()
    took = time.perf_counter() - began
    print(f"Took {took:.0f} s; load average at the end: {os.getloadavg()[0]:.1f} (1 minute)")


if __name__ == "__main__":
    main()
