"""Progress leads with what to do: the findings in order of need, and a new patient's steps."""

from __future__ import annotations

import datetime as dt

from tracker.domain import Entry, Kind, Medicine, Profile
from tracker.rules.guidance import CODES, Finding, Status
from tracker.rules.history import History
from tracker.views import charts, findings


def finding(code: str, status: Status) -> Finding:
    return Finding(code, status, None, None, "", "at_least", f"{code} says", "a source")


def test_alerts_lead_then_watches_by_urgency_and_at_most_three_lead():
    statuses = dict.fromkeys(CODES, Status.OK) | {
        "activity": Status.WATCH,
        "lean_share": Status.ALERT,
        "hydration": Status.WATCH,
        "loss_rate": Status.WATCH,
        "protein_daily": Status.UNKNOWN,
        "red_flag": Status.ALERT,
    }
    arranged = findings.arrange([finding(code, status) for code, status in statuses.items()])
    assert [f.code for f in arranged.first] == ["red_flag", "lean_share", "loss_rate"]
    assert [f.code for f in arranged.more] == ["hydration", "activity"]
    assert [f.code for f in arranged.unknown] == ["protein_daily"]
    assert len(arranged.on_track) == len(CODES) - 6
    assert [f.code for f in arranged.on_track][:2] == ["low_bmi", "side_effects"]


def test_every_finding_has_a_place_in_the_order():
    assert sorted(findings.URGENCY) == sorted(CODES)


def test_nothing_to_act_on_leads_with_nothing():
    arranged = findings.arrange([finding(code, Status.OK) for code in CODES])
    assert arranged.first == [] and arranged.more == [] and len(arranged.on_track) == len(CODES)


def test_a_new_patient_starts_with_five_steps_and_each_is_ticked_by_doing_it():
    day = dt.date(2026, 3, 1)
    steps = findings.first_steps(History(), Profile())
    assert [s.done for s in steps] == [False] * 5
    history = History.from_entries(
        [
            Entry(Kind.WEIGHT, day, 90.0),
            Entry(Kind.PROTEIN, day, 30.0, label="breakfast"),
            Entry(Kind.WATER, day, 250.0),
        ]
    )
    profile = Profile(height_cm=165.0, glp1_medicine=Medicine.WEGOVY, glp1_start=day)
    assert [s.done for s in findings.first_steps(history, profile)] == [True] * 5
    # A medicine with no start date is half a step; a logged dose tells both.
    no_start = Profile(glp1_medicine=Medicine.WEGOVY)
    assert not findings.first_steps(History(), no_start)[0].done
    dosed = History.from_entries([Entry(Kind.DOSE, day, 0.25, label="wegovy")])
    assert findings.first_steps(dosed, Profile())[0].done


def test_the_chart_to_open_is_that_of_the_first_finding_to_act_on():
    statuses = {"red_flag": Status.ALERT, "hydration": Status.WATCH, "activity": Status.WATCH}
    made = [finding(code, statuses.get(code, Status.OK)) for code in CODES]
    assert findings.chart_to_open(made) == "water"  # a red flag has no chart
    assert findings.chart_to_open([finding(code, Status.OK) for code in CODES]) is None
    assert set(findings.CHART_OF.values()) <= set(charts.KEYS)
