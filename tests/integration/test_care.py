"""Sharing, the caseload, notes, plans, the audit trail and sign-in safety, on a real database."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from tracker.domain import (
    AccessDenied,
    Entry,
    Exercise,
    InvalidEntry,
    Kind,
    NotFound,
    PlanItem,
    Role,
    ShareStatus,
)
from tracker.rules import guidance
from tracker.rules.guidance import Status
from tracker.services import accounts, assessment, care, demo, logbook
from tracker.services.access import Actor

PASSWORD = "a long enough password"
TODAY = dt.date.today()


@pytest.fixture
def cast(engine):
    patient = accounts.create_user(engine, "ana@example.com", PASSWORD, Role.PATIENT, "Ana")
    therapist = accounts.create_user(engine, "pt@example.com", PASSWORD, Role.THERAPIST, "Sam")
    return patient, therapist


def test_a_share_code_works_once_for_one_therapist(engine, cast):
    patient, therapist = cast
    other = accounts.create_user(engine, "pt2@example.com", PASSWORD, Role.THERAPIST)
    code = care.create_share_code(engine, Actor.of(patient), patient.id)
    assert len(code.code) == 9 and code.code[4] == "-"
    assert code.expires_at - dt.datetime.now(dt.UTC) > dt.timedelta(days=6, hours=23)
    share = care.redeem_share_code(engine, Actor.of(therapist), code.code.lower())
    assert share.status is ShareStatus.ACTIVE
    with pytest.raises(InvalidEntry, match="not valid"):
        care.redeem_share_code(engine, Actor.of(other), code.code)
    assert assessment.assess(engine, Actor.of(therapist), patient.id)
    with pytest.raises(AccessDenied):
        assessment.assess(engine, Actor.of(other), patient.id)


def test_an_expired_code_is_refused(engine, cast, monkeypatch):
    patient, therapist = cast
    monkeypatch.setattr(care, "CODE_VALID_FOR", dt.timedelta(seconds=-1))
    code = care.create_share_code(engine, Actor.of(patient), patient.id)
    with pytest.raises(InvalidEntry, match="older than 7 days"):
        care.redeem_share_code(engine, Actor.of(therapist), code.code)


def test_only_a_therapist_redeems_a_code(engine, cast):
    patient, _ = cast
    other_patient = accounts.create_user(engine, "bo@example.com", PASSWORD, Role.PATIENT)
    code = care.create_share_code(engine, Actor.of(patient), patient.id)
    with pytest.raises(AccessDenied):
        care.redeem_share_code(engine, Actor.of(other_patient), code.code)


def test_invite_by_email_then_accept_then_revoke(engine, cast):
    patient, therapist = cast
    me, pt = Actor.of(patient), Actor.of(therapist)
    share = care.invite_therapist(engine, me, patient.id, "PT@example.com")
    assert share.status is ShareStatus.PENDING
    with pytest.raises(AccessDenied):  # invited is not yet shared
        logbook.list_entries(engine, pt, patient.id)
    care.accept_share(engine, pt, share.id)
    assert logbook.list_entries(engine, pt, patient.id) == []
    assert [s.status for s in care.shares_of_patient(engine, me, patient.id)] == [
        ShareStatus.ACTIVE
    ]
    care.revoke_share(engine, me, share.id)
    with pytest.raises(AccessDenied):  # at once
        logbook.list_entries(engine, pt, patient.id)
    assert care.caseload(engine, pt, therapist.id) == []


def test_inviting_someone_who_is_not_a_therapist_is_refused(engine, cast):
    patient, _ = cast
    accounts.create_user(engine, "friend@example.com", PASSWORD, Role.PATIENT)
    for email in ("friend@example.com", "nobody@example.com"):
        with pytest.raises(InvalidEntry, match="No physical therapist"):
            care.invite_therapist(engine, Actor.of(patient), patient.id, email)


def test_a_therapist_cannot_accept_someone_elses_invitation(engine, cast):
    patient, therapist = cast
    other = accounts.create_user(engine, "pt2@example.com", PASSWORD, Role.THERAPIST)
    share = care.invite_therapist(engine, Actor.of(patient), patient.id, therapist.email)
    with pytest.raises(NotFound):
        care.accept_share(engine, Actor.of(other), share.id)


def test_the_demo_caseload_is_ordered_by_need(engine):
    _, therapist = demo.seed(engine, TODAY)
    rows = care.caseload(engine, Actor.of(therapist), therapist.id, TODAY)
    assert [(row.patient.display_name, row.worst) for row in rows] == [
        ("Lena (demo)", Status.ALERT),  # an open red flag comes first of all
        ("James (demo)", Status.ALERT),
        ("Maria (demo)", Status.ALERT),
        ("Tom (demo)", Status.WATCH),  # silent for 9 days
        ("Aisha (demo)", Status.OK),
    ]
    assert rows[0].has_open_red_flag
    tom = rows[3]
    assert tom.days_since_log == 9
    maria = rows[2]
    assert maria.adherence_pct == pytest.approx(100 * 4 / 7)  # 4 of 7 plan days done
    assert len(maria.trend_kg) == 13 and maria.trend_kg[0] > maria.trend_kg[-1]
    as_json = rows[1].as_dict()
    assert as_json["email"] == "demo.james@example.com" and as_json["worst"] == "alert"
    assert {f["code"] for f in as_json["findings"]} >= {"loss_rate", "protein_daily"}


def red_flag(item: str, answer: int = 1, day: dt.date = TODAY) -> Entry:
    return Entry(Kind.RED_FLAG, day, answer, label=item)


def test_a_red_flag_tops_the_caseload_until_the_therapist_acknowledges_it(engine, cast):
    patient, therapist = cast
    calm = accounts.create_user(engine, "cal@example.com", PASSWORD, Role.PATIENT, "Cal")
    for someone in (patient, calm):
        care.share_by_email(engine, someone.email, therapist.email)
        logbook.log_entry(engine, Actor.of(someone), someone.id, Entry(Kind.WEIGHT, TODAY, 90.0))
    me, pt = Actor.of(patient), Actor.of(therapist)
    logbook.log_entries(engine, me, patient.id, [red_flag("fall"), red_flag("pancreatitis", 0)])

    rows = care.caseload(engine, pt, therapist.id, TODAY)
    assert rows[0].patient.display_name == "Ana"
    assert rows[0].has_open_red_flag
    (flag,) = care.red_flags(engine, pt, patient.id)  # only the yes
    assert (flag.item, flag.is_open) == ("fall", True)

    # The patient cannot wave it away while a therapist shares their data.
    with pytest.raises(AccessDenied, match="physical therapist will see"):
        care.acknowledge_red_flags(engine, me, patient.id)
    assert care.acknowledge_red_flags(engine, pt, patient.id) == 1
    assert care.acknowledge_red_flags(engine, pt, patient.id) == 0  # nothing left open

    (seen,) = care.red_flags(engine, me, patient.id)
    assert (seen.is_open, seen.acknowledged_by_name) == (False, "Sam")
    assert not care.caseload(engine, pt, therapist.id, TODAY)[0].has_open_red_flag
    finding = {f.code: f for f in assessment.assess(engine, me, patient.id, TODAY)}["red_flag"]
    assert finding.status is Status.OK
    trail = care.audit_trail(engine, me, patient.id)
    assert (trail[0].action, trail[0].detail) == (
        "acknowledge",
        "marked red flags seen: pain after a fall",
    )


def test_a_new_yes_after_an_acknowledgement_is_open_again(engine, cast):
    patient, therapist = cast
    care.share_by_email(engine, patient.email, therapist.email)
    me, pt = Actor.of(patient), Actor.of(therapist)
    logbook.log_entry(engine, me, patient.id, red_flag("fall", day=TODAY - dt.timedelta(days=1)))
    care.acknowledge_red_flags(engine, pt, patient.id)
    logbook.log_entry(engine, me, patient.id, red_flag("dehydration"))
    flags = care.red_flags(engine, pt, patient.id)
    assert [(f.item, f.is_open) for f in flags] == [("dehydration", True), ("fall", False)]


def test_only_their_therapist_acknowledges_and_a_patient_without_one_closes_their_own(engine, cast):
    patient, therapist = cast
    me = Actor.of(patient)
    logbook.log_entry(engine, me, patient.id, red_flag("infection"))
    with pytest.raises(AccessDenied):  # not sharing with this therapist
        care.acknowledge_red_flags(engine, Actor.of(therapist), patient.id)
    with pytest.raises(AccessDenied):
        care.red_flags(engine, Actor.of(therapist), patient.id)

    assert care.acknowledge_red_flags(engine, me, patient.id) == 1
    (seen,) = care.red_flags(engine, me, patient.id)
    assert (seen.is_open, seen.acknowledged_by_name) == (False, "Ana")


def test_notes_are_authored_and_dated_and_the_patient_reads_them(engine, cast):
    patient, therapist = cast
    care.share_by_email(engine, patient.email, therapist.email)
    note = care.add_note(engine, Actor.of(therapist), patient.id, "  Add a glute session.  ")
    assert (note.author_name, note.body) == ("Sam", "Add a glute session.")
    assert note.created_at.tzinfo is not None  # UTC on both databases
    assert [n.body for n in care.notes(engine, Actor.of(patient), patient.id)] == [
        "Add a glute session."
    ]
    with pytest.raises(InvalidEntry, match="Write the note"):
        care.add_note(engine, Actor.of(therapist), patient.id, "   ")
    with pytest.raises(AccessDenied, match="physical therapist sets this"):
        care.add_note(engine, Actor.of(patient), patient.id, "a note to self")


def test_a_target_set_by_the_therapist_is_seen_and_used(engine, cast):
    patient, therapist = cast
    care.share_by_email(engine, patient.email, therapist.email)
    assessment.set_target(engine, Actor.of(therapist), patient.id, "protein_ok_g_per_kg", 1.5)
    targets, overrides = assessment.targets(engine, Actor.of(patient), patient.id)
    assert targets.protein_ok_g_per_kg == 1.5
    assert [(o.name, o.set_by_name) for o in overrides] == [("protein_ok_g_per_kg", "Sam")]
    findings = {f.code: f for f in assessment.assess(engine, Actor.of(patient), patient.id)}
    assert findings["protein_daily"].target == 1.5


def test_the_plan_ticks_log_a_session_and_count_for_adherence(engine, cast):
    patient, therapist = cast
    care.share_by_email(engine, patient.email, therapist.email)
    pt, me = Actor.of(therapist), Actor.of(patient)
    thrust = care.add_plan_item(engine, pt, PlanItem(0, patient.id, "hip_thrust", 3, 10, 45, 2))
    stretch = care.add_plan_item(engine, pt, PlanItem(0, patient.id, "glute_stretch", 2, 10, 30, 2))
    assert (thrust.reps, thrust.hold_s) == (10, None)  # strength: reps, no hold
    assert (stretch.reps, stretch.hold_s) == (None, 30)  # stretch: a hold, no reps
    assert care.plan(engine, me, patient.id).adherence_pct == 0.0
    session = care.complete_plan(engine, me, patient.id, [thrust.id, stretch.id], 25)
    assert session.kind is Kind.STRENGTH and session.label == "glutes"
    assert session.exercises == (
        Exercise("Hip thrust", 3, 10),
        Exercise("Glute stretch (figure four) (30 s hold)", 2, 1),
    )
    view = care.plan(engine, me, patient.id)
    assert view.done_today == {thrust.id, stretch.id}
    assert view.adherence_pct == 100.0  # assigned today: each is due once so far, and done
    care.complete_plan(engine, me, patient.id, [thrust.id], 20)  # ticking again: still once
    assert care.plan(engine, me, patient.id).adherence_pct == 100.0
    assert care.plan(engine, me, patient.id, TODAY + dt.timedelta(days=6)).adherence_pct == 50.0
    with pytest.raises(InvalidEntry, match="Reps must be"):
        care.add_plan_item(engine, pt, PlanItem(0, patient.id, "bridge", 3, 0, None, 2))
    with pytest.raises(InvalidEntry, match="from the library"):
        care.add_plan_item(engine, pt, PlanItem(0, patient.id, "burpee", 3, 10, None, 2))
    care.remove_plan_item(engine, pt, patient.id, stretch.id)
    assert [i.exercise for i in care.plan(engine, me, patient.id).items] == ["hip_thrust"]


def test_the_audit_trail_records_views_and_changes_once_a_visit(engine, cast):
    patient, therapist = cast
    care.share_by_email(engine, patient.email, therapist.email)
    pt = Actor.of(therapist)
    care.open_patient(engine, pt, patient.id)
    care.open_patient(engine, pt, patient.id)  # a rerun of the same visit
    care.caseload(engine, pt, therapist.id)
    assessment.set_target(engine, pt, patient.id, "activity_ok_min", 180)
    trail = care.audit_trail(engine, Actor.of(patient), patient.id)
    assert [(e.actor_name, e.action) for e in reversed(trail)] == [
        ("Administrator", "share"),
        ("Sam", "view"),
        ("Sam", "caseload"),
        ("Sam", "target"),
    ]
    assert trail[0].detail == "Active minutes a week: 180 min"
    with pytest.raises(AccessDenied):  # the trail is the patient's to read
        care.audit_trail(engine, pt, patient.id)


def test_sign_in_is_throttled_after_repeated_failures(engine, cast):
    patient, _ = cast
    for _ in range(accounts.ACCOUNT_MAX_FAILURES):
        assert accounts.authenticate(engine, patient.email, "wrong password", "1.2.3.4") is None
    with pytest.raises(
        accounts.SignInThrottled, match=r"Too many failed sign-ins\. Wait 15 minutes"
    ):
        accounts.authenticate(engine, patient.email, PASSWORD, "1.2.3.4")
    # An unknown email is throttled the same way, so the message reveals nothing.
    for _ in range(accounts.ACCOUNT_MAX_FAILURES):
        accounts.authenticate(engine, "nobody@example.com", "wrong password", "5.6.7.8")
    with pytest.raises(accounts.SignInThrottled):
        accounts.authenticate(engine, "nobody@example.com", "wrong password", "5.6.7.8")


def test_one_client_guessing_many_accounts_is_throttled(engine, cast):
    for n in range(accounts.CLIENT_MAX_FAILURES):
        accounts.authenticate(engine, f"guess{n}@example.com", "wrong password", "9.9.9.9")
    with pytest.raises(accounts.SignInThrottled):
        accounts.authenticate(engine, cast[0].email, PASSWORD, "9.9.9.9")
    assert accounts.authenticate(engine, cast[0].email, PASSWORD, "8.8.8.8") == cast[0]


def test_parallel_wrong_passwords_get_no_more_than_the_limit(engine, cast):
    """Counting the failures and adding this attempt is one step under a lock: guesses sent
    all at once do not each see the count from before the others (before, on PostgreSQL, all
    of them passed the count while the slow password check ran)."""
    patient, _ = cast
    attempts = 4 * accounts.ACCOUNT_MAX_FAILURES
    start = threading.Barrier(attempts)
    outcomes: list[str] = []

    def guess() -> None:
        start.wait()
        try:
            found = accounts.authenticate(engine, patient.email, "wrong password", "1.2.3.4")
        except accounts.SignInThrottled:
            outcomes.append("throttled")
        else:
            outcomes.append("checked" if found is None else "signed in")

    threads = [threading.Thread(target=guess) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["checked"] * accounts.ACCOUNT_MAX_FAILURES + ["throttled"] * (
        attempts - accounts.ACCOUNT_MAX_FAILURES
    )


def test_a_good_sign_in_clears_the_failures(engine, cast):
    patient, _ = cast
    for _ in range(accounts.ACCOUNT_MAX_FAILURES - 1):
        accounts.authenticate(engine, patient.email, "wrong password", "1.2.3.4")
    assert accounts.authenticate(engine, patient.email, PASSWORD, "1.2.3.4") == patient
    for _ in range(accounts.ACCOUNT_MAX_FAILURES - 1):
        accounts.authenticate(engine, patient.email, "wrong password", "1.2.3.4")
    assert accounts.authenticate(engine, patient.email, PASSWORD, "1.2.3.4") == patient


def test_the_cli_shares_revokes_and_lists_the_caseload(
    engine, cast, database_url, monkeypatch, capsys
):
    import json

    from tracker import cli

    patient, therapist = cast
    logbook.log_entry(engine, Actor.of(patient), patient.id, Entry(Kind.WEIGHT, TODAY, 80.0))
    monkeypatch.setenv("TRACKER_DATABASE_URL", database_url)
    assert cli.main(["share", "--patient", patient.email, "--therapist", therapist.email]) == 0
    capsys.readouterr()
    assert cli.main(["caseload", "--therapist", therapist.email, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(row["email"], row["worst"]) for row in listed] == [("ana@example.com", "unknown")]
    assert len(listed[0]["findings"]) == len(guidance.CODES)
    assert cli.main(["revoke", "--patient", patient.email, "--therapist", therapist.email]) == 0
    capsys.readouterr()
    assert cli.main(["caseload", "--therapist", therapist.email, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert cli.main(["revoke", "--patient", patient.email, "--therapist", therapist.email]) == 1
    assert "does not share" in capsys.readouterr().err


def test_the_caseload_judges_each_patient_as_assess_does(engine, cast):
    """The caseload loads only recent weeks in bulk; what it finds must not differ from the
    full assessment, for the demo patients and for an old red flag and a two-week pain trend."""
    patient, therapist = cast
    care.share_by_email(engine, patient.email, therapist.email)
    _, demo_therapist = demo.seed(engine, TODAY)
    me = Actor.of(patient)
    old = TODAY - dt.timedelta(days=10)
    logbook.log_entries(
        engine,
        me,
        patient.id,
        [Entry(Kind.RED_FLAG, old, 1.0, label="fall")]
        + [
            Entry(Kind.PAIN, TODAY - dt.timedelta(days=n), 8 - n // 2, label="left_buttock")
            for n in range(13)
        ],
    )
    for pt in (therapist, demo_therapist):
        for row in care.caseload(engine, Actor.of(pt), pt.id, TODAY):
            expected = assessment.assess(engine, Actor.system(), row.patient.id, TODAY)
            assert row.findings == expected, row.patient.display_name
    [ana] = care.caseload(engine, Actor.of(therapist), therapist.id, TODAY)
    assert ana.has_open_red_flag  # ten days old, and nobody has seen it
    assert {f.code: f.status for f in ana.findings}["pain_trend"] is Status.WATCH
