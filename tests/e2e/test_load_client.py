"""The load generator's websocket client (``bench.streamlit_client``, ``bench.load``) against a
real ``streamlit run``: three simulated patients do the whole scenario twice each, with no
error, and each check-in they saw saved is in the database once.

No browser: this needs only ``streamlit run`` (on a fresh SQLite file).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from collections import Counter

import pytest

from bench import load
from bench.app_server import streamlit_app
from bench.streamlit_client import check_local
from tracker.domain import Kind
from tracker.store import db
from tracker.store.unit_of_work import UnitOfWork

pytestmark = pytest.mark.e2e

PATIENTS = 3
ROUNDS = 2


def weights(url: str, patients: list[load.Patient]) -> dict[int, Counter]:
    """Each patient's weigh-ins of the last two days, as (day, kg to 0.1) counts."""
    engine = db.make_engine(url)
    try:
        since = dt.date.today() - dt.timedelta(days=1)
        with UnitOfWork(engine) as uow:
            return {
                p.id: Counter(
                    (e.day, round(e.value, 1))
                    for e in uow.entries.list(p.id, start=since, kinds=[Kind.WEIGHT])
                )
                for p in patients
            }
    finally:
        engine.dispose()


def test_simulated_patients_run_the_scenario_and_their_entries_are_saved_once(
    tmp_path, sqlite_template
):
    database = tmp_path / "tracker.db"
    shutil.copyfile(sqlite_template, database)
    url = f"sqlite:///{database}"
    patients = load.seed_patients(url, PATIENTS)
    before = weights(url, patients)

    with streamlit_app(database) as server:
        tally = asyncio.run(load.run_load(server, patients, 90, ramp=0, rounds=ROUNDS))

    assert sum(tally.errors.values()) == 0, dict(tally.messages)
    assert tally.loops == PATIENTS * ROUNDS
    for step in load.STEPS:
        assert tally.counts[step] >= 1, f"{step} never ran: {dict(tally.counts)}"
        assert len(tally.times[step]) == tally.counts[step]
    after = weights(url, patients)
    for patient in patients:
        typed = tally.saved[patient.id]
        assert len(typed) == ROUNDS  # a weight per round
        added = after[patient.id] - before[patient.id]
        assert sorted(w for _, w in added.elements()) == sorted(typed)  # each once, no doubles
        assert after[patient.id].total() == before[patient.id].total() + ROUNDS


def test_only_this_machine_is_targeted():
    for url in ("http://127.0.0.1:8501", "http://localhost:8501/", "http://[::1]:8501"):
        check_local(url)
    for url in ("http://10.0.0.5:8501", "http://example.org/", "http://127.0.0.1.example.org/"):
        with pytest.raises(ValueError, match="may be targeted"):
            check_local(url)
    with pytest.raises(SystemExit):
        load.arguments(["--url", "http://192.168.1.2:8080", "--database-url", "sqlite://"])


@pytest.mark.parametrize(
    "argv",
    [["--sessions", "501"], ["--seconds", "601"], ["--sessions", "0"], ["--processes", "0"]],
)
def test_the_load_is_bounded(argv):
    with pytest.raises(SystemExit):
        load.arguments(argv)
