"""A clinic's server with an app process killed under a patient (issue 16): two processes behind
the proxy (``deploy/up``), a patient on the demo saves her weight, the process holding her
session is killed, and a reload carries on in the other process: still signed in (the sign-in
lives in a cookie and the database, not in the process), her weight saved once."""

from __future__ import annotations

import datetime as dt
import os
import signal

import pytest
from sqlalchemy import select

from tests.e2e.conftest import DESKTOP, no_exception, settled
from tests.integration.test_deploy import NGINX, deployment  # noqa: F401 (a fixture)
from tracker.domain import Kind
from tracker.services import demo, logbook
from tracker.services.access import Actor
from tracker.store import db
from tracker.store.schema import UserRow

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx)"),
]


def process_of(page, deployment) -> str:  # noqa: F811
    """The name (``app-1``...) of the process the proxy pins this browser to."""
    answer = page.request.get(f"{deployment.url}/healthz")
    upstream = answer.headers["x-upstream"].split(",")[-1].strip()
    port = upstream.rsplit(":", 1)[1]
    for path in (deployment.state / "run").glob("app-*.port"):
        if path.read_text().strip() == port:
            return path.stem
    raise AssertionError(f"no process on {upstream}")


def test_a_killed_process_loses_no_saved_entry_and_no_sign_in(deployment, browser):  # noqa: F811
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(deployment.url)
    page.get_by_role("button", name="Explore the demo").click()
    page.get_by_role("heading", name="Check-in").wait_for(timeout=60_000)
    settled(page)
    card = page.locator(".st-key-checkin")
    card.get_by_label("Weight (kg)").fill("77.7")
    card.get_by_role("button", name="Save check-in").click()
    page.get_by_text("Saved weight 77.7 kg").first.wait_for(timeout=30_000)

    victim = process_of(page, deployment)
    os.kill(deployment.pid(victim), signal.SIGKILL)
    page.reload()
    page.get_by_role("heading", name="Check-in").wait_for(timeout=60_000)
    settled(page)
    no_exception(page)
    assert process_of(page, deployment) != victim  # carried on in the other process

    engine = db.make_engine(deployment.env["TRACKER_DATABASE_URL"])
    try:
        with engine.connect() as connection:
            maria = connection.execute(
                select(UserRow.id).where(UserRow.email == demo.PATIENT_EMAIL)
            ).scalar_one()
        today = [
            e.value
            for e in logbook.list_entries(engine, Actor.system(), maria, kinds=[Kind.WEIGHT])
            if e.day >= dt.date.today() - dt.timedelta(days=1)
        ]
    finally:
        engine.dispose()
    assert today.count(77.7) == 1
    context.close()
