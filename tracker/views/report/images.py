"""Plotly figures to PNG images for print, drawn by one headless Chromium per process.

kaleido 1.x draws a figure by loading plotly.js into a Chromium tab. Starting the browser takes
a second or two, so the first call starts one and every later call reuses it: a thread of its
own runs an asyncio loop that holds the ``kaleido.Kaleido`` browser, and callers hand it work
with ``asyncio.run_coroutine_threadsafe``. That is thread-safe (Streamlit serves each session
in a thread of its own) and lets several figures render at once in the browser's tabs.

kaleido's own ``start_sync_server`` is not used: its callers share one result queue and wait on
one task queue, so two threads calling at once could take each other's images, and if the
browser fails to start every later call waits forever.

The browser is Debian's ``chromium`` (or whatever ``BROWSER_PATH`` names); nothing is ever
downloaded, and MathJax (which would come from a CDN) is off.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import shutil
import threading
from collections.abc import Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from tracker import config
from tracker.views.report.errors import ChromiumMissing, ReportUnavailable

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
DEBIAN_CHROMIUM = "/usr/bin/chromium"
INSTALL_HINT = (
    "Install Debian's chromium package (apt-get install chromium), or set the BROWSER_PATH "
    "environment variable to a Chrome or Chromium executable, then try again."
)

PRINT_WIDTH_MM = 180.0
"""The width a chart takes on the page: the report's text width on A4 and on Letter."""
CSS_PX_PER_MM = 96 / 25.4
PRINT_WIDTH_PX = round(PRINT_WIDTH_MM * CSS_PX_PER_MM)
"""680 CSS pixels: the figures' 12 px text then prints at 9 pt, their 15 px titles at 11 pt."""
SCALE = 3
"""Device pixels per CSS pixel: 2040 px across 180 mm is about 290 dots per inch, sharp on
any office printer. (Scale 2 is about 190 dpi: the thin lines look soft.)"""
DEFAULT_HEIGHT_PX = 320
"""For a figure that sets no height of its own (the page's charts all do)."""
PRINT_HEIGHT_SHARE = 0.92
"""Charts print a little lower than on screen (the text keeps its size): three of the
page's 320 px charts then fit on a Letter page, whose text block is 18 mm shorter than A4's."""

TABS = 2
"""Figures drawn at once, one per browser tab: on two cores, two tabs take about half the time
of one for a report's figures; more tabs only compete for the same cores."""
START_TIMEOUT_S = 60.0
RENDER_TIMEOUT_S = 90.0
"""For one figure; a batch gets this much per figure."""
CLOSE_TIMEOUT_S = 10.0


def browser_path() -> str:
    """The Chromium to draw with: ``BROWSER_PATH`` if set, else the first on ``PATH``, else
    Debian's; ``ChromiumMissing`` with what to install if there is none."""
    configured = config.browser_path()
    if configured:
        if Path(configured).is_file() and os.access(configured, os.X_OK):
            return configured
        raise ChromiumMissing(
            f"The report's charts need Chromium, but BROWSER_PATH names {configured!r}, "
            f"which is not an executable file. {INSTALL_HINT}"
        )
    for name in BROWSER_NAMES:
        if found := shutil.which(name):
            return found
    if os.access(DEBIAN_CHROMIUM, os.X_OK):
        return DEBIAN_CHROMIUM
    raise ChromiumMissing(
        f"The report's charts need Chromium, which is not installed on this server. {INSTALL_HINT}"
    )


def print_spec(figure: go.Figure, width_px: int = PRINT_WIDTH_PX) -> tuple[dict, dict]:
    """The figure as plotly.js data for print (the figure itself is left as it is), and
    kaleido's options: the print width, a little under the figure's height, no hover state."""
    spec = figure.to_dict()  # a deep copy
    layout = spec.setdefault("layout", {})
    height = round((layout.get("height") or DEFAULT_HEIGHT_PX) * PRINT_HEIGHT_SHARE)
    layout.update(width=width_px, height=height, hovermode=False, dragmode=False)
    return spec, {"format": "png", "width": width_px, "height": height, "scale": SCALE}


class _Browser:
    """One Chromium with its event loop, in a daemon thread of its own."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="report-chromium", daemon=True
        )
        self._thread.start()
        try:
            self._kaleido = self._run(self._open(), START_TIMEOUT_S)
        except BaseException:
            self._stop_loop()
            raise

    async def _open(self) -> Any:
        import kaleido  # here: importing it costs about 0.3 s, paid only by a report

        browser = kaleido.Kaleido(n=TABS, timeout=RENDER_TIMEOUT_S, mathjax=False, path=self.path)
        await browser.open()
        return browser

    def _run(self, coroutine, timeout: float):
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout)
        except FutureTimeout:
            future.cancel()
            raise

    def render(self, specs: Sequence[tuple[dict, dict]]) -> list[bytes]:
        async def all_of_them() -> list[bytes]:
            return list(
                await asyncio.gather(*(self._kaleido.calc_fig(fig, opts) for fig, opts in specs))
            )

        return self._run(all_of_them(), RENDER_TIMEOUT_S * max(1, len(specs)))

    def close(self) -> None:
        try:
            with contextlib.suppress(Exception):  # a browser that died already is no news
                self._run(self._kaleido.close(), CLOSE_TIMEOUT_S)
        finally:
            self._stop_loop()

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(CLOSE_TIMEOUT_S)
        if not self._thread.is_alive():
            self._loop.close()


_lock = threading.Lock()
_browser: _Browser | None = None


def _started() -> _Browser:
    global _browser
    with _lock:
        if _browser is None:
            path = browser_path()
            try:
                _browser = _Browser(path)
            except Exception as error:  # the browser's own errors, or a start that hung
                raise ChromiumMissing(
                    f"The report's charts need Chromium, and the one at {path} did not start "
                    f"({type(error).__name__}). {INSTALL_HINT}"
                ) from error
        return _browser


def start() -> None:
    """Start the browser now, if it is not running (the first report then skips the wait);
    ``ChromiumMissing`` if it cannot start."""
    _started()


def shutdown() -> None:
    """Close the browser, if one was started; the next call starts a new one."""
    global _browser
    with _lock:
        browser, _browser = _browser, None
    if browser is not None:
        browser.close()


atexit.register(shutdown)  # Chromium goes with the process, not after it


def _dead_browser_errors() -> tuple[type[BaseException], ...]:
    from choreographer.errors import BrowserClosedError, BrowserFailedError, ChannelClosedError

    return (BrowserClosedError, BrowserFailedError, ChannelClosedError, FutureTimeout)


def to_png(figures: Sequence[go.Figure], width_px: int = PRINT_WIDTH_PX) -> list[bytes]:
    """Each figure as PNG bytes, in order, ``width_px`` CSS pixels wide at ``SCALE``.

    Raises ``ChromiumMissing`` when no browser can be started, and ``ReportUnavailable`` when
    the browser died or hung during the render: it is then closed, and the next call starts a
    new one. An error in drawing one figure (plotly.js refusing it) goes up as it is.
    """
    global _browser
    if not figures:
        return []
    specs = [print_spec(figure, width_px) for figure in figures]
    browser = _started()
    try:
        return browser.render(specs)
    except _dead_browser_errors() as error:
        with _lock:
            if _browser is browser:
                _browser = None
        browser.close()
        raise ReportUnavailable(
            f"The browser drawing the report's charts stopped ({type(error).__name__}); "
            "try again in a moment."
        ) from error
