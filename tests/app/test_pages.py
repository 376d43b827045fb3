"""Every page renders, signed out and signed in, and shows only what it should."""

from __future__ import annotations

import pytest

from tests.app.conftest import (
    ALL_PAGES,
    PAGES,
    THERAPIST_PAGES,
    TITLES,
    new_app,
    open_page,
    page_alone,
    shown,
    signed_in,
    texts,
)
from tracker.domain import Role
from tracker.services import accounts
from tracker.ui import navigation


def test_the_start_page_offers_sign_in_sign_up_and_the_demo(app_db):
    at = new_app().run()
    assert not at.exception
    assert at.button(key="explore_demo").label == "Explore the demo"
    assert [tab.label for tab in at.tabs] == ["Sign in", "Create an account"]
    assert "does not diagnose" in texts(at)


@pytest.mark.parametrize("page", ALL_PAGES)
def test_signed_out_a_page_shows_no_data_only_a_way_to_sign_in(page, demo_patient):
    at = open_page(page)  # signed out, every address leads to the welcome page
    assert not at.exception
    assert at.title[0].value == "GLP-1 Muscle Tracker"
    alone = page_alone(page)  # and the page itself refuses, should it ever be reached
    assert [i.value for i in alone.info] == ["Please sign in to see this page."]
    for shown_page in (at, alone):
        assert "Maria" not in texts(shown_page)
        assert not shown_page.metric and not shown_page.get("plotly_chart")
        assert not shown_page.dataframe


@pytest.mark.parametrize("page", PAGES)
def test_signed_in_every_page_renders_with_the_demo(page, demo_patient):
    at = signed_in(demo_patient, page)
    assert not at.exception, at.exception
    assert at.title[0].value == TITLES[page]


@pytest.mark.parametrize("page", PAGES)
def test_signed_in_every_page_renders_for_a_new_patient(page, patient):
    at = signed_in(patient, page)
    assert not at.exception, at.exception


def test_the_sidebar_shows_only_the_patients_pages(patient):
    at = signed_in(patient, "app_pages/today.py")
    assert not at.exception
    assert shown(at.sidebar.markdown[0].value).startswith("**Maria**")
    assert [p.title for p in navigation.pages_for(patient) if p.listed] == [
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
    at = signed_in(therapist, "app_pages/today.py")  # not among a therapist's pages
    assert at.title[0].value == "Caseload"
    alone = page_alone("app_pages/today.py", therapist)
    assert [w.value for w in alone.warning] == ["This page is for patients."]
    assert not alone.tabs
    settings = signed_in(therapist, "app_pages/settings.py")
    assert not settings.exception
    assert [p.title for p in navigation.pages_for(therapist) if p.listed] == [
        "Caseload",
        "Settings",
    ]


def test_a_deleted_account_is_signed_out(patient, app_db):
    at = signed_in(patient, "app_pages/today.py")
    from tracker.services.access import Actor

    accounts.delete_account(app_db, Actor.of(patient), patient.id)
    at.run()
    assert at.title[0].value == "GLP-1 Muscle Tracker"
    assert "user_id" not in at.session_state


def test_empty_states_point_to_the_first_step(patient):
    today = signed_in(patient, "app_pages/today.py")
    assert any("Nothing logged yet" in i.value for i in today.info)
    history = signed_in(patient, "app_pages/history.py")
    assert any("No entries match" in i.value for i in history.info)
    export = signed_in(patient, "app_pages/export.py")
    assert any("nothing to export yet" in i.value for i in export.info)


@pytest.mark.parametrize("page", THERAPIST_PAGES)
def test_signed_in_every_therapist_page_renders_with_the_demo(page, demo_therapist):
    at = signed_in(demo_therapist, page)
    assert not at.exception, at.exception
    assert at.title[0].value == TITLES[page]


@pytest.mark.parametrize("page", THERAPIST_PAGES)
def test_a_patient_is_turned_away_from_therapist_pages(page, demo_patient):
    at = signed_in(demo_patient, page)  # not among her pages: she lands on her own Today
    assert at.title[0].value == "Today"
    alone = page_alone(page, demo_patient)
    assert [w.value for w in alone.warning] == ["This page is for therapists."]
    assert not alone.dataframe and not alone.get("plotly_chart")
