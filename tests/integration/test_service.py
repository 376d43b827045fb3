"""Accounts, the log and the guidance through the services, on a real database."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain import (
    AccessDenied,
    Entry,
    Exercise,
    InvalidEntry,
    Kind,
    NotFound,
    Profile,
    Role,
    Sex,
)
from tracker.rules.guidance import Status
from tracker.services import accounts, assessment, clock, logbook
from tracker.services.access import ANONYMOUS, Actor
from tracker.units import WaterUnit, WeightUnit

PASSWORD = "correct horse battery"
TODAY = dt.date.today()


@pytest.fixture
def patient(engine):
    return accounts.create_user(engine, "Maria@Example.com", PASSWORD, Role.PATIENT, "Maria")


@pytest.fixture
def me(patient):
    return Actor.of(patient)


def test_sign_up_then_sign_in(engine, patient):
    assert patient.email == "maria@example.com"
    assert accounts.authenticate(engine, "MARIA@example.com", PASSWORD) == patient
    assert accounts.authenticate(engine, "maria@example.com", "wrong password!") is None
    assert accounts.authenticate(engine, "nobody@example.com", PASSWORD) is None


def test_the_password_is_stored_as_an_argon2_hash(engine, patient):
    from tracker.store.unit_of_work import UnitOfWork

    with UnitOfWork(engine) as uow:
        stored = uow.users.password_hash(patient.id)
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_an_email_signs_up_once(engine, patient):
    with pytest.raises(InvalidEntry, match="already exists"):
        accounts.create_user(engine, "maria@EXAMPLE.com", PASSWORD)


def test_change_password(engine, patient, me):
    with pytest.raises(InvalidEntry, match="current password is not right"):
        accounts.change_password(engine, me, patient.id, "not my password", "a new password!")
    accounts.change_password(engine, me, patient.id, PASSWORD, "a new password!")
    assert accounts.authenticate(engine, patient.email, "a new password!") == patient
    assert accounts.authenticate(engine, patient.email, PASSWORD) is None


def test_log_and_read_back_every_kind(engine, patient, me):
    entries = [
        Entry(Kind.WEIGHT, TODAY, 81.7, dt.time(7, 0)),
        Entry(Kind.BODY_FAT, TODAY, 38.5, dt.time(7, 0)),
        Entry(Kind.LEAN_MASS, TODAY, 50.2, dt.time(7, 0)),
        Entry(Kind.WAIST, TODAY, 101.5),
        Entry(Kind.HIP, TODAY, 112.0),
        Entry(Kind.PROTEIN, TODAY, 32.0, dt.time(8, 0), label="breakfast", note="eggs"),
        Entry(Kind.WATER, TODAY, 500.0, dt.time(9, 0)),
        Entry(
            Kind.STRENGTH,
            TODAY,
            45.0,
            dt.time(18, 0),
            label="glutes",
            exercises=(Exercise("Hip thrust", 3, 10, 60.0), Exercise("Bridge", 3, 15)),
        ),
        Entry(Kind.ACTIVITY, TODAY, 30.0, dt.time(12, 30), label="walk"),
        Entry(Kind.DOSE, TODAY, 0.5, dt.time(20, 0), label="semaglutide", site="thigh_left"),
    ]
    stored = [logbook.log_entry(engine, me, patient.id, entry) for entry in entries]
    assert all(s.id is not None for s in stored)
    listed = logbook.list_entries(engine, me, patient.id)
    assert sorted((e.without_id() for e in listed), key=repr) == sorted(entries, key=repr)


def test_a_refused_entry_writes_nothing(engine, patient, me):
    with pytest.raises(InvalidEntry, match="Weight must be between"):
        logbook.log_entry(engine, me, patient.id, Entry(Kind.WEIGHT, TODAY, 400.0))
    assert logbook.list_entries(engine, me, patient.id) == []


def test_edit_and_delete(engine, patient, me):
    stored = logbook.log_entry(
        engine,
        me,
        patient.id,
        Entry(
            Kind.STRENGTH, TODAY, 30.0, label="lower", exercises=(Exercise("Squat", 3, 8, 40.0),)
        ),
    )
    changed = logbook.update_entry(
        engine,
        me,
        patient.id,
        Entry(
            Kind.STRENGTH,
            TODAY,
            50.0,
            label="glutes",
            id=stored.id,
            exercises=(Exercise("Hip thrust", 4, 8, 70.0),),
        ),
    )
    assert logbook.get_entry(engine, me, patient.id, Kind.STRENGTH, stored.id) == changed
    assert changed.exercises == (Exercise("Hip thrust", 4, 8, 70.0),)
    with pytest.raises(InvalidEntry):
        logbook.update_entry(
            engine,
            me,
            patient.id,
            Entry(Kind.STRENGTH, TODAY, 5000.0, label="glutes", id=stored.id),
        )
    assert logbook.get_entry(engine, me, patient.id, Kind.STRENGTH, stored.id) == changed
    logbook.delete_entry(engine, me, patient.id, Kind.STRENGTH, stored.id)
    assert logbook.list_entries(engine, me, patient.id) == []
    with pytest.raises(NotFound):
        logbook.delete_entry(engine, me, patient.id, Kind.STRENGTH, stored.id)


def test_a_patient_sees_and_changes_only_their_own_log(engine, patient, me):
    other = accounts.create_user(engine, "other@example.com", PASSWORD)
    mine = logbook.log_entry(engine, me, patient.id, Entry(Kind.WEIGHT, TODAY, 80.0))
    intruder = Actor.of(other)
    for attempt in (
        lambda: logbook.list_entries(engine, intruder, patient.id),
        lambda: assessment.assess(engine, intruder, patient.id),
        lambda: logbook.export_entries(engine, intruder, patient.id),
        lambda: logbook.log_entry(engine, intruder, patient.id, Entry(Kind.WEIGHT, TODAY, 90.0)),
        lambda: accounts.get_profile(engine, intruder, patient.id),
        lambda: accounts.delete_account(engine, intruder, patient.id),
    ):
        with pytest.raises(AccessDenied):
            attempt()
    # An entry id from someone else's log is not found in mine: ids are always scoped.
    with pytest.raises(NotFound):
        logbook.delete_entry(engine, intruder, other.id, Kind.WEIGHT, mine.id)
    assert logbook.list_entries(engine, me, patient.id) == [mine]


def test_signed_out_sees_nothing(engine, patient, me):
    logbook.log_entry(engine, me, patient.id, Entry(Kind.WEIGHT, TODAY, 80.0))
    with pytest.raises(AccessDenied, match="Sign in"):
        logbook.list_entries(engine, ANONYMOUS, patient.id)


def test_a_therapist_without_a_share_sees_nothing(engine, patient):
    therapist = accounts.create_user(engine, "pt@example.com", PASSWORD, Role.THERAPIST)
    with pytest.raises(AccessDenied):
        assessment.assess(engine, Actor.of(therapist), patient.id)


def test_profile_round_trip_and_validation(engine, patient, me):
    profile = Profile(
        weight_unit=WeightUnit.LB,
        water_unit=WaterUnit.FL_OZ,
        height_cm=165.0,
        birth_year=1970,
        sex=Sex.FEMALE,
        glp1_start=TODAY,
    )
    accounts.update_profile(engine, me, patient.id, profile)
    assert accounts.get_profile(engine, me, patient.id) == profile
    with pytest.raises(InvalidEntry, match="Height"):
        accounts.update_profile(engine, me, patient.id, Profile(height_cm=20.0))
    assert accounts.get_profile(engine, me, patient.id) == profile


def test_a_target_override_changes_the_finding(engine, patient, me):
    for n in range(7):
        day = TODAY - dt.timedelta(days=n)
        logbook.log_entry(engine, me, patient.id, Entry(Kind.WEIGHT, day, 80.0))
        logbook.log_entry(engine, me, patient.id, Entry(Kind.PROTEIN, day, 100.0, label="lunch"))
    protein = {f.code: f for f in assessment.assess(engine, me, patient.id)}["protein_daily"]
    assert protein.status is Status.OK  # 1.25 g/kg
    assessment.set_target(engine, Actor.system(), patient.id, "protein_ok_g_per_kg", 1.5)
    protein = {f.code: f for f in assessment.assess(engine, me, patient.id)}["protein_daily"]
    assert (protein.status, protein.target) == (Status.WATCH, 1.5)
    targets, overrides = assessment.targets(engine, me, patient.id)
    assert targets.protein_ok_g_per_kg == 1.5
    assert [(o.name, o.value) for o in overrides] == [("protein_ok_g_per_kg", 1.5)]
    assessment.set_target(engine, Actor.system(), patient.id, "protein_ok_g_per_kg", None)
    assert assessment.targets(engine, me, patient.id)[1] == []
    with pytest.raises(InvalidEntry, match="no target called"):
        assessment.set_target(engine, Actor.system(), patient.id, "happiness", 1.0)


def test_history_from_the_database_matches_history_from_the_entries(engine, patient, me):
    from tracker.rules.history import History
    from tracker.services import demo
    from tracker.store.unit_of_work import UnitOfWork

    entries = demo.patient_entries(TODAY)
    with UnitOfWork(engine, write=True) as uow:
        uow.entries.add_many(patient.id, entries)
        uow.commit()
    loaded = assessment.load_assessment(engine, me, patient.id).history
    expected = History.from_entries(entries)
    assert loaded.first_day == expected.first_day
    assert loaded.sessions == expected.sessions
    assert loaded.doses == expected.doses
    for name in ("weights", "lean_mass_kg", "body_fat_pct"):
        got, want = getattr(loaded, name), getattr(expected, name)
        assert [d for d, _ in got] == [d for d, _ in want]
        assert [v for _, v in got] == pytest.approx([v for _, v in want])
    for name in ("water_ml_by_day", "activity_min_by_day"):
        assert getattr(loaded, name) == pytest.approx(getattr(expected, name))
    assert loaded.protein_g_by_day_meal.keys() == expected.protein_g_by_day_meal.keys()


def test_delete_account_removes_everything(engine, patient, me):
    logbook.log_entry(engine, me, patient.id, Entry(Kind.WEIGHT, TODAY, 80.0))
    logbook.log_entry(
        engine,
        me,
        patient.id,
        Entry(Kind.STRENGTH, TODAY, 30.0, label="full", exercises=(Exercise("Squat", 3, 8),)),
    )
    assessment.set_target(engine, Actor.system(), patient.id, "activity_ok_min", 200)
    accounts.delete_account(engine, me, patient.id)
    from tracker.store import db

    with engine.connect() as connection:
        counts = db.table_counts(connection)
    assert sum(counts.values()) == 0
    assert accounts.authenticate(engine, patient.email, PASSWORD) is None


def test_targets_are_checked_and_set_by_the_clinic_only(engine, patient, me):
    with pytest.raises(AccessDenied, match="physical therapist sets this"):
        assessment.set_target(engine, me, patient.id, "protein_ok_g_per_kg", 0.5)
    admin = Actor.system()
    with pytest.raises(InvalidEntry, match="above 0"):
        assessment.set_target(engine, admin, patient.id, "activity_ok_min", -10)
    with pytest.raises(InvalidEntry, match="cannot be above"):
        assessment.set_target(engine, admin, patient.id, "protein_ok_g_per_kg", 0.5)  # < 0.8 alert
    assessment.set_target(engine, admin, patient.id, "water_target_ml", 1500)
    assert assessment.targets(engine, me, patient.id)[0].water_target_ml == 1500


def test_the_demo_addresses_are_reserved(engine):
    with pytest.raises(InvalidEntry, match="belongs to the demo"):
        accounts.create_user(engine, "demo.patient@example.com", PASSWORD)


def test_today_is_judged_on_complete_days_while_it_is_being_logged(engine, patient, me):
    today = clock.today()
    log = [Entry(Kind.WEIGHT, today - dt.timedelta(days=n), 80.0) for n in range(14)]
    for back in range(1, 8):
        day = today - dt.timedelta(days=back)
        log += [
            Entry(Kind.PROTEIN, day, 35.0, label=meal) for meal in ("breakfast", "lunch", "dinner")
        ]
    log.append(Entry(Kind.PROTEIN, today, 35.0, label="breakfast"))  # it is morning
    logbook.log_entries(engine, me, patient.id, log)
    now = {f.code: f for f in assessment.assess(engine, me, patient.id)}
    assert now["protein_per_meal"].status is Status.OK and now["protein_per_meal"].value == 3.0
    # The Progress page says the same.
    page = {f.code: f for f in assessment.progress(engine, me, patient.id).findings}
    assert page["protein_per_meal"] == now["protein_per_meal"]
