"""Every page renders, signed out and signed in, and shows only what it should."""

from __future__ import annotations

import pytest

from tests.app.conftest import (
    ALL_PAGES,
    PAGES,
    THERAPIST_PAGES,
    new_app,
    open_page,
    signed_in,
    texts,
)
from tracker.domain import Role
from tracker.services import accounts


def test_the_start_page_offers_sign_in_sign_up_and_the_demo(app_db):
    at = new_app().run()
    assert not at.exception
    assert at.button(key="explore_demo").label == "Explore the demo"
    assert [tab.label for tab in at.tabs] == ["Sign in", "Create an account"]
    assert "does not diagnose" in texts(at)


@pytest.mark.parametrize("page", ALL_PAGES)
def test_signed_out_a_page_shows_no_data_only_a_way_to_sign_in(page, demo_patient):
    at = open_page(page)
    assert not at.exception
    assert [i.value for i in at.info] == ["Please sign in to see this page."]
    assert "Maria" not in texts(at)
    assert not at.metric and not at.get("plotly_chart") and not at.dataframe


@pytest.mark.parametrize("page", PAGES)
def test_signed_in_every_page_renders_with_the_demo(page, demo_patient):
    at = signed_in(demo_patient, page)
    assert not at.exception, at.exception
    title = at.title[0].value.replace("-", " ")  # "Red-flag check" is pages/10_Red_flag_check
    assert title == page.split("_", 1)[1].removesuffix(".py").replace("_", " ")


@pytest.mark.parametrize("page", PAGES)
def test_signed_in_every_page_renders_for_a_new_patient(page, patient):
    at = signed_in(patient, page)
    assert not at.exception, at.exception


def test_the_sidebar_shows_only_the_patients_pages(patient):
    at = signed_in(patient, "pages/1_Today.py")
    links = [link.proto.label for link in at.sidebar.get("page_link")]
    assert links == [
        "Today",
        "Progress",
        "Red-flag check",
        "History",
        "Export",
        "Import",
        "Care team",
        "Settings",
    ]


def test_a_therapist_is_turned_away_from_patient_pages(app_db):
    therapist = accounts.create_user(
        app_db, "pt@example.com", "a long enough password", Role.THERAPIST
    )
    at = signed_in(therapist, "pages/1_Today.py")
    assert [w.value for w in at.warning] == ["This page is for patients."]
    assert not at.tabs
    settings = signed_in(therapist, "pages/5_Settings.py")
    assert not settings.exception
    assert [link.proto.label for link in settings.sidebar.get("page_link")] == [
        "Caseload",
        "Settings",
    ]


def test_a_deleted_account_is_signed_out(patient, app_db):
    at = signed_in(patient, "pages/1_Today.py")
    from tracker.services.access import Actor

    accounts.delete_account(app_db, Actor.of(patient), patient.id)
    at.run()
    assert [i.value for i in at.info] == ["Please sign in to see this page."]


def test_empty_states_point_to_the_first_step(patient):
    today = signed_in(patient, "pages/1_Today.py")
    assert any("Nothing logged yet" in i.value for i in today.info)
    history = signed_in(patient, "pages/3_History.py")
    assert any("No entries match" in i.value for i in history.info)
    export = signed_in(patient, "pages/4_Export.py")
    assert any("nothing to export yet" in i.value for i in export.info)


@pytest.mark.parametrize("page", THERAPIST_PAGES)
def test_signed_in_every_therapist_page_renders_with_the_demo(page, demo_therapist):
    at = signed_in(demo_therapist, page)
    assert not at.exception, at.exception
    title = at.title[0].value.replace("-", " ")  # "Red-flag check" is pages/10_Red_flag_check
    assert title == page.split("_", 1)[1].removesuffix(".py").replace("_", " ")


@pytest.mark.parametrize("page", THERAPIST_PAGES)
def test_a_patient_is_turned_away_from_therapist_pages(page, demo_patient):
    at = signed_in(demo_patient, page)
    assert [w.value for w in at.warning] == ["This page is for therapists."]
    assert not at.dataframe and not at.get("plotly_chart")
