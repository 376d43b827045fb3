"""The read models the pages ask for (one service call, one transaction each) and the commands
that change several things at once, on a real database."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain import Entry, InvalidEntry, Kind, PlanItem, RedFlag, Role
from tracker.services import accounts, assessment, care, logbook, review
from tracker.services.access import Actor

PASSWORD = "a long enough password"
TODAY = dt.date.today()


@pytest.fixture
def cast(engine):
    patient = accounts.create_user(engine, "ana@example.com", PASSWORD, Role.PATIENT, "Ana")
    therapist = accounts.create_user(engine, "pt@example.com", PASSWORD, Role.THERAPIST, "Sam")
    return patient, therapist


def share(engine, patient, therapist) -> None:
    code = care.create_share_code(engine, Actor.of(patient), patient.id)
    care.redeem_share_code(engine, Actor.of(therapist), code.code)


def overrides(engine, patient) -> dict[str, float]:
    _, set_for_her = assessment.targets(engine, Actor.system(), patient.id)
    return {o.name: o.value for o in set_for_her}


def test_targets_are_saved_all_or_none(engine, cast):
    patient, therapist = cast
    share(engine, patient, therapist)
    with pytest.raises(InvalidEntry, match="above 0"):
        assessment.set_targets(
            engine,
            Actor.of(therapist),
            patient.id,
            {"protein_ok_g_per_kg": 1.4, "activity_ok_min": -10},
        )
    assert overrides(engine, patient) == {}  # the valid first value was not kept either
    changed = assessment.set_targets(
        engine,
        Actor.of(therapist),
        patient.id,
        {"protein_ok_g_per_kg": 1.4, "activity_ok_min": 200},
    )
    assert changed == ["protein_ok_g_per_kg", "activity_ok_min"]
    assert overrides(engine, patient) == {"protein_ok_g_per_kg": 1.4, "activity_ok_min": 200}


def test_a_therapists_strength_target_holds_at_any_age(engine, cast):
    patient, therapist = cast
    share(engine, patient, therapist)
    assessment.set_targets(engine, Actor.of(therapist), patient.id, {"strength_sessions_ok": 4})
    assert overrides(engine, patient) == {
        "strength_sessions_ok": 4,
        "strength_sessions_ok_from_65": 4,
    }
    assessment.set_targets(engine, Actor.of(therapist), patient.id, {"strength_sessions_ok": None})
    assert overrides(engine, patient) == {}


def test_the_review_holds_the_page_and_records_the_visit(engine, cast):
    patient, therapist = cast
    share(engine, patient, therapist)
    me = Actor.of(patient)
    logbook.log_entries(
        engine,
        me,
        patient.id,
        [
            Entry(Kind.WEIGHT, TODAY - dt.timedelta(days=1), 90.0),
            Entry(
                Kind.DOSE, TODAY - dt.timedelta(days=7), 0.25, label="wegovy", site="abdomen_left"
            ),
            Entry(Kind.DOSE, TODAY, 0.5, label="wegovy", site="thigh_left"),
            Entry(Kind.PAIN, TODAY, 3.0, label="left_buttock"),
            Entry(Kind.RED_FLAG, TODAY, 1.0, label=RedFlag.CAUDA_EQUINA.value),
        ],
    )
    care.add_note(engine, Actor.of(therapist), patient.id, "Keep going.")
    care.add_plan_item(
        engine, Actor.of(therapist), PlanItem(0, patient.id, "bridge", 3, 10, None, 3)
    )
    seen = review.review(engine, Actor.of(therapist), patient.id, on=TODAY)
    assert seen.patient.id == patient.id
    assert [d.value for d in seen.doses] == [0.5, 0.25]  # newest first
    assert [e.kind for e in seen.symptoms] == [Kind.PAIN]
    assert seen.open_red_flags == [RedFlag.CAUDA_EQUINA.value]
    assert [n.body for n in seen.notes] == ["Keep going."]
    assert [i.exercise for i in seen.plan.items] == ["bridge"]
    assert seen.progress.end == TODAY
    assert {f.name: f.set_by for f in seen.targets}["protein_ok_g_per_kg"] is None
    trail = care.audit_trail(engine, me, patient.id)
    assert [e.action for e in trail].count("view") == 1


def test_a_patient_closes_her_own_red_flag_only_without_a_therapist(engine, cast):
    patient, therapist = cast
    me = Actor.of(patient)
    logbook.log_entry(
        engine, me, patient.id, Entry(Kind.RED_FLAG, TODAY, 1.0, label="cauda_equina")
    )
    alone = care.red_flag_check(engine, me, patient.id)
    assert alone.open_items == ["cauda_equina"] and alone.may_close_own
    assert alone.questions
    share(engine, patient, therapist)
    shared = care.red_flag_check(engine, me, patient.id)
    assert shared.open_items == ["cauda_equina"] and not shared.may_close_own


def test_today_caseload_care_team_settings_and_export_views(engine, cast):
    patient, therapist = cast
    me = Actor.of(patient)
    logbook.log_entry(engine, me, patient.id, Entry(Kind.PROTEIN, TODAY, 30.0, label="breakfast"))
    today = assessment.today_view(engine, me, patient.id, TODAY)
    assert today.log.protein.amount == 30.0 and today.plan.items == []
    care.invite_therapist(engine, me, patient.id, therapist.email)
    caseload = care.caseload_view(engine, Actor.of(therapist), therapist.id, TODAY)
    assert [s.patient_id for s in caseload.invitations] == [patient.id]
    assert caseload.rows == []
    team = care.care_team_view(engine, me, patient.id)
    assert [s.therapist_id for s in team.shares] == [therapist.id]
    settings = assessment.settings_view(engine, me, patient.id)
    assert {r.set_by for r in settings.targets} == {"Guidance default"}
    export = logbook.export_view(engine, me, patient.id)
    assert export.first_day == TODAY


def test_history_pages_in_the_database_as_the_whole_log_reversed(engine, cast):
    patient, _ = cast
    me = Actor.of(patient)
    logged = [
        Entry(Kind.WEIGHT, TODAY - dt.timedelta(days=n % 9), 80.0 + n / 10, dt.time(7, n % 60))
        for n in range(30)
    ]
    logged += [
        Entry(Kind.PROTEIN, TODAY - dt.timedelta(days=n % 9), 20.0 + n, label="lunch")
        for n in range(25)
    ]
    logged += [Entry(Kind.WATER, TODAY - dt.timedelta(days=n % 5), 250.0 + n) for n in range(12)]
    logbook.log_entries(engine, me, patient.id, logged)
    start = TODAY - dt.timedelta(days=30)
    whole = logbook.list_entries(engine, me, patient.id, start, TODAY)[::-1]
    pages = [
        logbook.history_page(engine, me, patient.id, start, TODAY, page=n, page_size=20)
        for n in (1, 2, 3, 4)
    ]
    assert [p.total for p in pages] == [67] * 4 and pages[0].pages == 4
    assert [e.id for p in pages for e in p.entries] == [e.id for e in whole]
    beyond = logbook.history_page(engine, me, patient.id, start, TODAY, page=9, page_size=20)
    assert beyond.page == 4 and beyond.entries == pages[3].entries
    water = logbook.history_page(engine, me, patient.id, start, TODAY, [Kind.WATER], page_size=5)
    assert water.total == 12 and [e.kind for e in water.entries] == [Kind.WATER] * 5


def test_targets_set_together_are_checked_as_they_will_stand(engine, cast):
    patient, therapist = cast
    share(engine, patient, therapist)
    pt = Actor.of(therapist)
    # Raising both loss lines at once is fine in either order: each holds against the other's
    # new value, not the default it replaces.
    both = {"loss_ok_max_pct_per_week": 2.0, "loss_watch_max_pct_per_week": 2.5}
    assessment.set_targets(engine, pt, patient.id, both)
    assessment.set_targets(engine, pt, patient.id, dict.fromkeys(both))
    assessment.set_targets(engine, pt, patient.id, dict(reversed(both.items())))
    assert overrides(engine, patient) == both
    # A twin given explicitly keeps its own value.
    assessment.set_targets(
        engine, pt, patient.id, {"strength_sessions_ok_from_65": 3, "strength_sessions_ok": 2}
    )
    assert overrides(engine, patient) == {
        **both,
        "strength_sessions_ok": 2,
        "strength_sessions_ok_from_65": 3,
    }
