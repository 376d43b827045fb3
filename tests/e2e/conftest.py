"""The browser tier's fixtures: ``streamlit run`` on a fresh database, and headless Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.app_server import CHROMIUM, CHROMIUM_ARGS, streamlit_app
from tests.conftest import require_or_skip

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
COOKIE = "glp1_tracker_session"


@contextmanager
def serve(database: Path) -> Iterator[str]:
    """The app served by ``streamlit run`` on the SQLite file ``database``; yields its URL."""
    if not Path(CHROMIUM).exists():
        require_or_skip("Chromium is not installed (apt-get install chromium)")
    with streamlit_app(database) as url:
        yield url


@pytest.fixture(scope="module")
def server(tmp_path_factory, sqlite_template) -> Iterator[str]:
    """The app on a fresh database (the demo is a click away); yields its URL."""
    database = tmp_path_factory.mktemp("e2e") / "tracker.db"
    shutil.copyfile(sqlite_template, database)
    with serve(database) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def settled(page) -> None:
    """Wait for Streamlit's own signal that the script run has finished."""
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=30_000)
    page.wait_for_load_state("networkidle")


def no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
