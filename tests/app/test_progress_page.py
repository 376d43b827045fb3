"""Progress leads with what to do; a new patient sees first steps, not cards of dashes."""

from __future__ import annotations

import datetime as dt

from tests.app.conftest import shown, signed_in, texts
from tracker.domain import Entry, Kind, Medicine, Profile
from tracker.services import accounts, assessment, logbook
from tracker.services.access import Actor
from tracker.views import charts, display
from tracker.views.findings import arrange, chart_to_open
from tracker.views.progress import PeriodChoice

PROGRESS = "app_pages/progress.py"


def test_a_new_patient_sees_first_steps_and_nothing_on_track(patient):
    at = signed_in(patient, PROGRESS)
    assert not at.exception
    steps = at.get("markdown")
    assert any("Your medicine and the day you started it" in shown(m.value) for m in steps)
    assert "0 of 5 done" in texts(at)
    assert {link.label for link in at.get("page_link")} >= {"Set them in Settings", "Log on Today"}
    assert "On track" not in texts(at)


def test_first_steps_tick_off_as_they_are_done(patient, app_db):
    me = Actor.of(patient)
    today = dt.date.today()
    accounts.update_profile(
        app_db,
        me,
        patient.id,
        Profile(height_cm=170.0, glp1_medicine=Medicine.WEGOVY, glp1_start=today),
    )
    logbook.log_entry(app_db, me, patient.id, Entry(Kind.WEIGHT, today, 90.0))
    at = signed_in(patient, PROGRESS)
    assert "3 of 5 done" in texts(at)
    assert "Set them in Settings" not in {link.label for link in at.get("page_link")}


def test_progress_opens_with_the_findings_to_act_on_in_order_of_urgency(demo_patient, app_db):
    at = signed_in(demo_patient, PROGRESS)
    assert not at.exception
    view = assessment.progress(
        app_db, Actor.of(demo_patient), demo_patient.id, PeriodChoice.TWELVE_WEEKS
    )
    arranged = arrange(view.findings)
    assert arranged.first  # the demo has something to act on
    leading = [display.FINDING_NAMES[f.code] for f in arranged.first]
    cards = [shown(m.value) for m in at.get("markdown") if shown(m.value).strip("*") in leading]
    assert [c.strip("*") for c in cards] == leading
    # The rest fold away into lines that open; the sources sit behind "Why?".
    folds = [e.label for e in at.expander]
    if arranged.on_track:
        assert any(label.startswith("On track: ") for label in folds)
    whys = [p for p in at.get("popover") if p.proto.popover.label == "Why?"]
    assert len(whys) >= len(arranged.first)
    assert not any(shown(c.value).startswith("Source:") for c in at.caption)


def test_the_weight_chart_and_the_chart_of_what_to_act_on_are_drawn_the_rest_on_demand(
    demo_patient, app_db
):
    at = signed_in(demo_patient, PROGRESS)
    view = assessment.progress(
        app_db, Actor.of(demo_patient), demo_patient.id, PeriodChoice.TWELVE_WEEKS
    )
    opened = chart_to_open(view.findings)
    drawn = [c.proto.spec for c in at.get("plotly_chart")]
    # The weight, the medicine level and strength and function (the demo logs lifts).
    assert charts.figure(view, charts.MUSCLE_KEY) is not None
    assert len(drawn) == 3 + (opened is not None)
    assert "Muscle kept" in texts(at)
    assert at.pills(key="more_charts").value == opened
    at.pills(key="more_charts").set_value("all").run()
    assert not at.exception
    # All of them, in the page order of every chart the period has data for.
    every = [f"chart_{figure.layout.meta}" for figure in charts.figures(view)]
    assert [chart.key for chart in at.get("plotly_chart")] == every
    # Each chart is told in a sentence under it, for a screen reader and a glance.
    sentences = [shown(c.value) for c in at.caption]
    assert any(s.startswith("Weight: ") for s in sentences)
