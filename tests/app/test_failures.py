"""How pages fail: a sentence for the person, the details in the server log, never a traceback.

Addresses are typed by anyone, so odd query parameters fall back to the page's defaults; an
error inside a service or a callback ends in a sentence, and the form keeps what was typed.
"""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy.exc import OperationalError

from tests.app.conftest import new_app, shown, sign_in_as, signed_in
from tracker.services import assessment, logbook
from tracker.services.access import Actor
from tracker.store.entries import EntryRepository
from tracker.ui import guard


def with_query(user, page: str, **params: str):
    at = new_app()
    sign_in_as(at, user)
    at.run()  # the start page sends a signed-in user home (which clears the query)
    for name, value in params.items():
        at.query_params[name] = value
    return at.switch_page(page).run()


@pytest.mark.parametrize(
    "params",
    [
        {"from": "0001-01-01", "to": "9999-12-31"},  # a ValueError from the date picker, before
        {"from": "2026-05-01", "to": "2020-01-01"},
        {"from": "not a date", "kinds": "weight,<script>"},
    ],
)
def test_history_takes_any_link_and_falls_back_to_what_it_can_show(demo_patient, params):
    at = with_query(demo_patient, "app_pages/history.py", **params)
    assert not at.exception
    assert not at.error
    start, end = at.date_input(key="history_range").value
    assert start <= end


@pytest.mark.parametrize("patient", ["99999999999999999999", "2147483648", "-1", "1e3", "٣"])
def test_review_of_an_impossible_patient_id_asks_for_a_patient(demo_therapist, patient):
    at = with_query(demo_therapist, "app_pages/patient_review.py", patient=patient)
    assert not at.exception
    assert [i.value for i in at.info] == ["Choose a patient from your caseload."]


def test_an_unexpected_error_on_a_page_is_a_sentence_with_a_reference(
    demo_patient, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("SELECT secret FROM entries WHERE value = 81.2")

    monkeypatch.setattr(assessment, "progress", broken)
    with caplog.at_level(logging.ERROR, logger=guard.log.name):
        at = signed_in(demo_patient, "app_pages/progress.py")
    assert not at.exception
    message = shown(at.error[0].value)
    assert message.startswith("Something went wrong on our side.")
    assert "SELECT" not in message and "81.2" not in message
    reference = message.split("reference ")[1].rstrip(".")
    logged = [r for r in caplog.records if reference in r.getMessage()]
    assert logged and "SELECT secret" in str(logged[0].exc_info[1])


def test_an_unexpected_error_while_saving_keeps_what_was_typed(patient, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("INSERT INTO weights VALUES (81.2)")

    monkeypatch.setattr(logbook, "log_entries", broken)
    at = signed_in(patient, "app_pages/today.py")
    at.number_input(key="weight_value").set_value(81.2)
    at.button(key="FormSubmitter:weight_form-Save").click().run()
    assert not at.exception
    message = shown(at.error[0].value)
    assert message.startswith("Something went wrong on our side, so this was not saved.")
    assert "INSERT" not in message
    assert at.number_input(key="weight_value").value == 81.2


def test_a_lost_database_connection_says_not_saved_keeps_the_value_and_a_resend_saves_once(
    patient, app_db, monkeypatch
):
    real_add = EntryRepository.add

    def connection_lost(self, user_id, entry):
        raise OperationalError("INSERT INTO weights ...", {"weight_kg": 81.2}, Exception("gone"))

    monkeypatch.setattr(EntryRepository, "add", connection_lost)
    at = signed_in(patient, "app_pages/today.py")
    at.number_input(key="weight_value").set_value(81.2)
    at.button(key="FormSubmitter:weight_form-Save").click().run()
    assert not at.exception
    message = shown(at.error[0].value)
    assert message == "The database could not be reached, so this was not saved. Try again."
    assert at.number_input(key="weight_value").value == 81.2

    monkeypatch.setattr(EntryRepository, "add", real_add)
    at.button(key="FormSubmitter:weight_form-Save").click().run()
    assert shown(at.success[0].value) == "Saved weight: 81.2 kg."
    entries = logbook.list_entries(
        app_db, Actor.of(patient), patient.id, dt.date(2000, 1, 1), dt.date.today()
    )
    assert [entry.value for entry in entries] == [81.2]
