"""The authorization matrix: every role is tried against patient A's data through every service
function that reads or changes it, and only the allowed ones succeed; a refusal changes nothing.

The checks live in the service layer (each function calls ``tracker.services.access``
first), so these
tests call the services directly, as a page, the command line or a crafted request would. The
expected outcome of each (operation, role) is written out by hand in ``MATRIX`` rather than
derived from the rules, so that a change to the rules has to change this table too.

The roles, against patient A:

* ``anonymous``: signed out (``tracker.services.access.ANONYMOUS``);
* ``A``: the patient themself; ``B``: another patient;
* ``T1``: a therapist A shares with (an active share); ``T2``: a therapist with no share;
  ``T3``: a therapist whose share A had, then revoked;
* ``system``: the administrator's command line (``Actor.system()``), which may do anything.

Outcomes: ``ok`` succeeds; ``denied`` raises ``AccessDenied``; ``missing`` raises ``NotFound``,
where the service deliberately answers "there is no such thing" rather than "not yours", so as
not to confirm that it exists (``care.revoke_share`` answers so to anyone who is not a party to
the share; an entry or plan item id outside the actor's own scope is not found either, see
``test_ids_outside_the_actors_own_scope_are_not_found``).
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest
from sqlalchemy import Engine, select

from tracker.domain import (
    AccessDenied,
    Entry,
    Exercise,
    Kind,
    NotFound,
    PlanItem,
    Profile,
    ProteinBasis,
    Role,
    Share,
    ShareStatus,
    User,
)
from tracker.formats import entries_csv
from tracker.services import accounts, assessment, care, logbook, privacy, review
from tracker.services import reports as report_content
from tracker.services.access import ANONYMOUS, NO_ACCESS, Actor
from tracker.store.schema import Base

PASSWORD = "a long enough password"
NEW_PASSWORD = "another long enough password"
TODAY = dt.date.today()
ROLES = ("anonymous", "A", "B", "T1", "T2", "T3", "system")


@dataclass(frozen=True)
class Cast:
    """Patient A with a little of everything, and everyone who might ask for it."""

    a: User
    b: User
    t1: User
    t2: User
    t3: User
    weight: Entry
    protein: Entry
    strength: Entry
    dose: Entry
    plan_item: PlanItem
    t1_share: Share

    def actor(self, role: str) -> Actor:
        if role == "anonymous":
            return ANONYMOUS
        if role == "system":
            return Actor.system()
        return Actor.of(getattr(self, role.lower()))


@pytest.fixture
def cast(engine) -> Cast:
    def user(email: str, name: str, role: Role = Role.PATIENT) -> User:
        return accounts.create_user(engine, email, PASSWORD, role, name)

    a = user("annika@example.com", "Annika")
    b = user("bernd@example.com", "Bernd")
    t1 = user("pt.one@example.com", "Therapist One", Role.THERAPIST)
    t2 = user("pt.two@example.com", "Therapist Two", Role.THERAPIST)
    t3 = user("pt.three@example.com", "Therapist Three", Role.THERAPIST)
    weight, protein, strength, dose = logbook.log_entries(
        engine,
        Actor.of(a),
        a.id,
        [
            Entry(Kind.WEIGHT, TODAY - dt.timedelta(days=1), 81.0, dt.time(7, 0)),
            Entry(Kind.PROTEIN, TODAY - dt.timedelta(days=1), 30.0, label="breakfast"),
            Entry(
                Kind.STRENGTH,
                TODAY - dt.timedelta(days=2),
                40.0,
                label="glutes",
                exercises=(Exercise("Hip thrust", 3, 10, 60.0),),
            ),
            Entry(
                Kind.DOSE, TODAY - dt.timedelta(days=3), 0.5, label="semaglutide", site="thigh_left"
            ),
        ],
    )
    accounts.update_profile(engine, Actor.of(a), a.id, Profile(height_cm=168.0, birth_year=1968))
    t1_share = care.share_by_email(engine, a.email, t1.email)
    care.share_by_email(engine, a.email, t3.email)
    care.revoke_by_email(engine, a.email, t3.email)
    admin = Actor.system()
    assessment.set_target(engine, admin, a.id, "water_target_ml", 1800)
    care.add_note(engine, Actor.of(t1), a.id, "Started on hip thrusts.")
    plan_item = care.add_plan_item(engine, admin, PlanItem(0, a.id, "bridge", 3, 12, None, 3))
    fall = Entry(Kind.RED_FLAG, TODAY - dt.timedelta(days=1), 1, label="fall")
    logbook.log_entry(engine, Actor.of(a), a.id, fall)  # open until T1 acknowledges it
    return Cast(a, b, t1, t2, t3, weight, protein, strength, dose, plan_item, t1_share)


def snapshot(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every table, in key order: what 'changed nothing' is compared on."""
    with engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
        }


@dataclass(frozen=True)
class Op:
    name: str
    """``module.function`` of the one service function called."""
    call: Callable[[Engine, Actor, Cast], object]
    expect: str
    """One outcome per role, in the order of ``ROLES``."""
    changes: bool = False
    """When allowed, the call changes the database (a read leaves it as it was, or audits)."""

    def outcome(self, role: str) -> str:
        outcomes = self.expect.split()
        assert len(outcomes) == len(ROLES), self.name
        return outcomes[ROLES.index(role)]


def _entries_csv() -> str:
    return entries_csv.write([Entry(Kind.WEIGHT, TODAY - dt.timedelta(days=4), 82.0)])


# fmt: off
MATRIX = [
    # Each expect string: the outcome for anonymous, A, B, T1, T2, T3, system, in that order.

    # Reads: the patient, their therapist (an active share) and the administrator.
    Op("logbook.list_entries", lambda e, who, c: logbook.list_entries(e, who, c.a.id),
       "denied ok denied ok denied denied ok"),
    Op("logbook.get_entry",
       lambda e, who, c: logbook.get_entry(e, who, c.a.id, Kind.WEIGHT, c.weight.id),
       "denied ok denied ok denied denied ok"),
    Op("assessment.assess", lambda e, who, c: assessment.assess(e, who, c.a.id),
       "denied ok denied ok denied denied ok"),
    Op("assessment.progress", lambda e, who, c: assessment.progress(e, who, c.a.id),
       "denied ok denied ok denied denied ok"),
    Op("assessment.today_view", lambda e, who, c: assessment.today_view(e, who, c.a.id, TODAY),
       "denied ok denied ok denied denied ok"),
    Op("assessment.settings_view", lambda e, who, c: assessment.settings_view(e, who, c.a.id),
       "denied ok denied ok denied denied ok"),
    Op("logbook.export_view", lambda e, who, c: logbook.export_view(e, who, c.a.id),
       "denied ok denied ok denied denied ok"),
    Op("logbook.history_page",
       lambda e, who, c: logbook.history_page(e, who, c.a.id, TODAY - dt.timedelta(days=9), TODAY),
       "denied ok denied ok denied denied ok"),
    Op("review.review", lambda e, who, c: review.review(e, who, c.a.id, on=TODAY),
       "denied ok denied ok denied denied ok"),
    Op("care.red_flag_check", lambda e, who, c: care.red_flag_check(e, who, c.a.id),
       "denied ok denied denied denied denied ok"),
    Op("care.care_team_view", lambda e, who, c: care.care_team_view(e, who, c.a.id),
       "denied ok denied denied denied denied ok"),
    Op("assessment.load_assessment", lambda e, who, c: assessment.load_assessment(e, who, c.a.id),
       "denied ok denied ok denied denied ok"),
    Op("accounts.get_profile", lambda e, who, c: accounts.get_profile(e, who, c.a.id),
       "denied ok denied ok denied denied ok"),
    Op("assessment.targets", lambda e, who, c: assessment.targets(e, who, c.a.id),
       "denied ok denied ok denied denied ok"),
    Op("logbook.first_day", lambda e, who, c: logbook.first_day(e, who, c.a.id),
       "denied ok denied ok denied denied ok"),
    Op("logbook.export_entries", lambda e, who, c: logbook.export_entries(e, who, c.a.id),
       "denied ok denied ok denied denied ok"),
    Op("assessment.daily_report", lambda e, who, c: assessment.daily_report(e, who, c.a.id),
       "denied ok denied ok denied denied ok"),
    Op("logbook.export_fhir", lambda e, who, c: logbook.export_fhir(e, who, c.a.id),
       "denied ok denied ok denied denied ok"),
    Op("care.red_flags", lambda e, who, c: care.red_flags(e, who, c.a.id),
       "denied ok denied ok denied denied ok"),
    # The clinician report's content (drawing and laying it out checks nothing more).
    Op("reports.gather", lambda e, who, c: report_content.gather(e, who, c.a.id, TODAY, TODAY),
       "denied ok denied ok denied denied ok"),
    Op("care.notes", lambda e, who, c: care.notes(e, who, c.a.id),
       "denied ok denied ok denied denied ok"),
    Op("care.plan", lambda e, who, c: care.plan(e, who, c.a.id),
       "denied ok denied ok denied denied ok"),
    # Opening the patient is a read; a therapist's visit is also written to A's audit trail.
    Op("care.open_patient", lambda e, who, c: care.open_patient(e, who, c.a.id),
       "denied ok denied ok denied denied ok"),

    # The log and the profile: the patient (and the administrator) only, not their therapist.
    Op("logbook.log_entry",
       lambda e, who, c: logbook.log_entry(e, who, c.a.id, Entry(Kind.WEIGHT, TODAY, 80.5)),
       "denied ok denied denied denied denied ok", changes=True),
    Op("logbook.log_entries",
       lambda e, who, c: logbook.log_entries(
           e, who, c.a.id,
           [Entry(Kind.WATER, TODAY, 500.0), Entry(Kind.ACTIVITY, TODAY, 30.0, label="walk")],
       ),
       "denied ok denied denied denied denied ok", changes=True),
    Op("logbook.update_entry",
       lambda e, who, c: logbook.update_entry(e, who, c.a.id, replace(c.weight, value=79.0)),
       "denied ok denied denied denied denied ok", changes=True),
    Op("logbook.delete_entry",
       lambda e, who, c: logbook.delete_entry(e, who, c.a.id, Kind.DOSE, c.dose.id),
       "denied ok denied denied denied denied ok", changes=True),
    Op("accounts.update_profile",
       lambda e, who, c: accounts.update_profile(e, who, c.a.id, Profile(height_cm=170.0)),
       "denied ok denied denied denied denied ok", changes=True),
    Op("logbook.import_entries",
       lambda e, who, c: logbook.import_entries(e, who, c.a.id, _entries_csv()),
       "denied ok denied denied denied denied ok", changes=True),

    # The care: their therapist (and the administrator); the patient is told the PT sets it.
    Op("assessment.set_target",
       lambda e, who, c: assessment.set_target(e, who, c.a.id, "protein_ok_g_per_kg", 1.4),
       "denied denied denied ok denied denied ok", changes=True),
    Op("assessment.set_targets",
       lambda e, who, c: assessment.set_targets(
           e, who, c.a.id, {"protein_ok_g_per_kg": 1.4, "strength_sessions_ok": 3}
       ),
       "denied denied denied ok denied denied ok", changes=True),
    # Which weight protein is judged on: the patient (in Settings) or their therapist.
    Op("assessment.set_protein_basis",
       lambda e, who, c: assessment.set_protein_basis(e, who, c.a.id, ProteinBasis.ADJUSTED),
       "denied ok denied ok denied denied ok", changes=True),
    Op("care.add_note", lambda e, who, c: care.add_note(e, who, c.a.id, "Add step-ups."),
       "denied denied denied ok denied denied ok", changes=True),
    Op("care.record_test",
       lambda e, who, c: care.record_test(
           e, who, c.a.id, Entry(Kind.GRIP_STRENGTH, TODAY, 24.5)
       ),
       "denied denied denied ok denied denied ok", changes=True),
    Op("care.add_plan_item",
       lambda e, who, c: care.add_plan_item(e, who, PlanItem(0, c.a.id, "squat", 3, 10, None, 2)),
       "denied denied denied ok denied denied ok", changes=True),
    Op("care.remove_plan_item",
       lambda e, who, c: care.remove_plan_item(e, who, c.a.id, c.plan_item.id),
       "denied denied denied ok denied denied ok", changes=True),
    # A red flag is their therapist's to mark seen, not the patient's while one follows them.
    Op("care.acknowledge_red_flags",
       lambda e, who, c: care.acknowledge_red_flags(e, who, c.a.id),
       "denied denied denied ok denied denied ok", changes=True),

    # Sharing, the audit trail and plan ticks: the patient's own (and the administrator's).
    Op("care.create_share_code", lambda e, who, c: care.create_share_code(e, who, c.a.id),
       "denied ok denied denied denied denied ok", changes=True),
    Op("care.invite_therapist",
       lambda e, who, c: care.invite_therapist(e, who, c.a.id, c.t2.email),
       "denied ok denied denied denied denied ok", changes=True),
    Op("care.shares_of_patient", lambda e, who, c: care.shares_of_patient(e, who, c.a.id),
       "denied ok denied denied denied denied ok"),
    Op("care.audit_trail", lambda e, who, c: care.audit_trail(e, who, c.a.id),
       "denied ok denied denied denied denied ok"),
    Op("care.complete_plan",
       lambda e, who, c: care.complete_plan(e, who, c.a.id, [c.plan_item.id], 15.0, TODAY),
       "denied ok denied denied denied denied ok", changes=True),
    # Ending A's share with T1: either party to it may; to anyone else the share is not found.
    Op("care.revoke_share", lambda e, who, c: care.revoke_share(e, who, c.t1_share.id),
       "missing ok missing ok missing missing ok", changes=True),

    # Account matters: the account holder (and the administrator) only.
    Op("accounts.change_password",
       lambda e, who, c: accounts.change_password(e, who, c.a.id, PASSWORD, NEW_PASSWORD),
       "denied ok denied denied denied denied ok", changes=True),
    Op("accounts.delete_account", lambda e, who, c: accounts.delete_account(e, who, c.a.id),
       "denied ok denied denied denied denied ok", changes=True),
    # A person's whole record is theirs alone: not even their therapist gets it.
    Op("privacy.everything_about", lambda e, who, c: privacy.everything_about(e, who, c.a.id),
       "denied ok denied denied denied denied ok"),
    Op("privacy.archive", lambda e, who, c: privacy.archive(e, who, c.a.id),
       "denied ok denied denied denied denied ok"),
]
# fmt: on

COVERED_ELSEWHERE = {
    "care.caseload": "test_the_caseload_lists_only_active_shares",
    "care.caseload_view": "test_the_caseload_lists_only_active_shares",
    "care.shares_of_therapist": "test_the_caseload_lists_only_active_shares",
    "care.accept_share": "test_a_pending_therapist_is_refused_until_they_accept",
    "care.redeem_share_code": "test_a_share_code_gives_access_to_its_patient_only",
    "reports.record_download": "test_report.py::"
    "test_a_therapists_report_is_in_the_patients_access_log_and_hers_is_not",
    "reports.clinician_report": "test_report.py::test_a_therapist_without_a_share_is_refused "
    "(it reads through reports.gather, which the matrix tries)",
}
"""Functions taking an actor that are tried elsewhere: a therapist's own data, or a PDF
(which needs Chromium) made by a function the matrix covers."""

OUTCOMES = {"denied": AccessDenied, "missing": NotFound}

WRITES = [
    pytest.param(op, role, id=f"{op.name}-{role}") for op in MATRIX if op.changes for role in ROLES
]
READS = [pytest.param(op, id=op.name) for op in MATRIX if not op.changes]
"""A write gets a fresh cast for each role (a write that succeeds changes what the next role
finds); a read leaves the cast as it was, so all roles ask of one (a seventh of the set-up)."""


def attempt(engine: Engine, cast: Cast, op: Op, role: str) -> str | None:
    """What goes wrong when ``role`` tries ``op`` (None: it went as the matrix says)."""
    actor = cast.actor(role)
    before = snapshot(engine)
    expected = op.outcome(role)
    if expected == "ok":
        result = op.call(engine, actor, cast)
        if op.changes and snapshot(engine) == before:
            return f"{op.name} by {role} changed nothing"
        if not op.changes and not result:
            return f"{op.name} by {role} returned nothing of A's"
        return None
    try:
        op.call(engine, actor, cast)
    except OUTCOMES[expected]:
        pass
    else:
        return f"{op.name} by {role} was allowed; expected {expected}"
    if snapshot(engine) != before:
        return f"{op.name} refused {role} but changed data"
    return None


@pytest.mark.parametrize(("op", "role"), WRITES)
def test_the_matrix_writes(engine, cast, op, role):
    assert attempt(engine, cast, op, role) is None


@pytest.mark.parametrize("op", READS)
def test_the_matrix_reads(engine, cast, op):
    problems = [problem for role in ROLES if (problem := attempt(engine, cast, op, role))]
    assert problems == []


def test_the_patient_is_told_their_therapist_sets_the_care(engine, cast):
    me = cast.actor("A")
    for attempt in (
        lambda: assessment.set_target(engine, me, cast.a.id, "protein_ok_g_per_kg", 1.4),
        lambda: care.add_note(engine, me, cast.a.id, "A note to myself."),
        lambda: care.record_test(engine, me, cast.a.id, Entry(Kind.SARC_F, TODAY, 1)),
        lambda: care.remove_plan_item(engine, me, cast.a.id, cast.plan_item.id),
    ):
        with pytest.raises(AccessDenied, match="Your physical therapist sets this"):
            attempt()
    with pytest.raises(AccessDenied, match="Sign in"):
        logbook.list_entries(engine, ANONYMOUS, cast.a.id)


def test_the_matrix_covers_every_service_function_taking_an_engine_and_an_actor():
    public = {
        f"{module.__name__.rsplit('.', 1)[-1]}.{name}"
        for module in (accounts, logbook, assessment, care, review, report_content, privacy)
        for name, function in vars(module).items()
        if inspect.isfunction(function)
        and function.__module__ == module.__name__
        and not name.startswith("_")
        and {"engine", "actor"} <= set(inspect.signature(function).parameters)
    }
    in_matrix = {op.name for op in MATRIX}
    assert len(in_matrix) == len(MATRIX), "an operation is listed twice"
    assert public - in_matrix == set(COVERED_ELSEWHERE)
    assert in_matrix <= public


def test_a_therapist_choosing_the_protein_basis_is_in_the_patients_access_log(engine, cast):
    assessment.set_protein_basis(engine, cast.actor("T1"), cast.a.id, ProteinBasis.ADJUSTED)
    assessment.set_protein_basis(engine, cast.actor("A"), cast.a.id, ProteinBasis.ACTUAL)
    changes = [
        (event.actor_name, event.detail)
        for event in care.audit_trail(engine, cast.actor("A"), cast.a.id)
        if event.action == "target"
    ]
    # The patient's own choice is theirs to make, not an access to log.
    assert ("Therapist One", "Protein judged on: adjusted body weight") in changes
    assert not [name for name, _ in changes if name == "Annika"]
    assert accounts.get_profile(engine, cast.actor("T1"), cast.a.id).protein_basis is (
        ProteinBasis.ACTUAL
    )


def test_a_revoked_therapist_is_refused_at_once(engine, cast):
    therapist = cast.actor("T1")  # the same actor, as a signed-in session would hold it
    assert len(logbook.list_entries(engine, therapist, cast.a.id)) == 5
    care.revoke_share(engine, cast.actor("A"), cast.t1_share.id)
    before = snapshot(engine)
    for attempt in (
        lambda: logbook.list_entries(engine, therapist, cast.a.id),
        lambda: care.open_patient(engine, therapist, cast.a.id),
        lambda: care.notes(engine, therapist, cast.a.id),
        lambda: care.add_note(engine, therapist, cast.a.id, "Still here?"),
        lambda: assessment.set_target(engine, therapist, cast.a.id, "protein_ok_g_per_kg", 1.4),
        lambda: care.remove_plan_item(engine, therapist, cast.a.id, cast.plan_item.id),
    ):
        with pytest.raises(AccessDenied, match=NO_ACCESS):
            attempt()
    assert care.caseload(engine, therapist, cast.t1.id) == []
    assert snapshot(engine) == before


def test_a_pending_therapist_is_refused_until_they_accept(engine, cast):
    invited = cast.actor("T2")
    share = care.invite_therapist(engine, cast.actor("A"), cast.a.id, cast.t2.email)
    assert share.status is ShareStatus.PENDING
    before = snapshot(engine)
    for attempt in (
        lambda: logbook.list_entries(engine, invited, cast.a.id),
        lambda: care.open_patient(engine, invited, cast.a.id),
        lambda: care.add_note(engine, invited, cast.a.id, "Hello."),
    ):
        with pytest.raises(AccessDenied):
            attempt()
    assert care.caseload(engine, invited, cast.t2.id) == []
    # Another therapist cannot accept the invitation in T2's place: to them it does not exist.
    with pytest.raises(NotFound):
        care.accept_share(engine, cast.actor("T1"), share.id)
    with pytest.raises(AccessDenied):
        care.accept_share(engine, cast.actor("A"), share.id)
    assert snapshot(engine) == before
    care.accept_share(engine, invited, share.id)
    assert len(logbook.list_entries(engine, invited, cast.a.id)) == 5


def test_the_caseload_lists_only_active_shares(engine, cast):
    def caseload_of(role: str) -> list[User]:
        user = getattr(cast, role.lower())
        return [row.patient for row in care.caseload(engine, cast.actor(role), user.id)]

    assert caseload_of("T1") == [cast.a]
    assert caseload_of("T2") == []
    assert caseload_of("T3") == []
    before = snapshot(engine)
    for role in ("anonymous", "A", "B", "T2", "T3"):
        with pytest.raises(AccessDenied):
            care.caseload(engine, cast.actor(role), cast.t1.id)
        with pytest.raises(AccessDenied):
            care.shares_of_therapist(engine, cast.actor(role), cast.t1.id)
    assert snapshot(engine) == before
    # A patient asking for a caseload under their own id: there is no such therapist.
    with pytest.raises(NotFound):
        care.caseload(engine, cast.actor("A"), cast.a.id)
    revoked = care.shares_of_therapist(engine, cast.actor("T3"), cast.t3.id)
    assert [(s.patient_id, s.status) for s in revoked] == [(cast.a.id, ShareStatus.REVOKED)]


def test_a_share_code_gives_access_to_its_patient_only(engine, cast):
    code = care.create_share_code(engine, cast.actor("B"), cast.b.id).code
    for role in ("anonymous", "A", "B"):
        with pytest.raises(AccessDenied):
            care.redeem_share_code(engine, cast.actor(role), code)
    share = care.redeem_share_code(engine, cast.actor("T2"), code)
    assert (share.patient_id, share.status) == (cast.b.id, ShareStatus.ACTIVE)
    assert logbook.list_entries(engine, cast.actor("T2"), cast.b.id) == []
    with pytest.raises(AccessDenied):  # B's code opened B's data, not A's
        logbook.list_entries(engine, cast.actor("T2"), cast.a.id)


def test_ids_outside_the_actors_own_scope_are_not_found(engine, cast):
    """An actor who passes their own patient's id with A's entry or plan item ids gets
    NotFound: every lookup is scoped to the patient id that passed the access check."""
    b = cast.actor("B")
    b_therapist = accounts.create_user(engine, "pt.b@example.com", PASSWORD, Role.THERAPIST)
    care.share_by_email(engine, cast.b.email, b_therapist.email)
    bt = Actor.of(b_therapist)
    before = snapshot(engine)
    for attempt in (
        lambda: logbook.get_entry(engine, b, cast.b.id, Kind.WEIGHT, cast.weight.id),
        lambda: logbook.get_entry(engine, bt, cast.b.id, Kind.DOSE, cast.dose.id),
        lambda: logbook.update_entry(engine, b, cast.b.id, replace(cast.weight, value=60.0)),
        lambda: logbook.delete_entry(engine, b, cast.b.id, Kind.STRENGTH, cast.strength.id),
        lambda: care.complete_plan(engine, b, cast.b.id, [cast.plan_item.id], 15.0, TODAY),
        lambda: care.remove_plan_item(engine, bt, cast.b.id, cast.plan_item.id),
    ):
        with pytest.raises(NotFound):
            attempt()
    with pytest.raises(AccessDenied):  # a therapist with a patient of their own is still no
        logbook.list_entries(engine, bt, cast.a.id)  # therapist of A
    assert snapshot(engine) == before


def test_a_refusal_does_not_tell_whether_the_patient_exists(engine, cast):
    nobody = cast.a.id + 10_000
    for role in ("B", "T2", "T3"):
        messages = []
        for patient_id in (cast.a.id, nobody, cast.t1.id):
            with pytest.raises(AccessDenied) as refused:
                logbook.list_entries(engine, cast.actor(role), patient_id)
            messages.append(str(refused.value))
        assert messages == [NO_ACCESS] * 3
