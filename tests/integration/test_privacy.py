"""A person's copy of everything the app holds about them, and their deletion: the archive holds
every part and nobody else's, only they (or the administrator) get it, and deleting the account
leaves nothing of them in any table but what the README says a deletion keeps."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from sqlalchemy import String, Text, select

from tracker.domain import AccessDenied, Entry, Exercise, Kind, PlanItem, Role
from tracker.formats import entries_csv
from tracker.imports.base import Source
from tracker.services import accounts, assessment, care, imports, logbook, privacy, web_sessions
from tracker.services.access import Actor
from tracker.store.schema import Base

PASSWORD = "a long enough password"
TODAY = dt.date.today()


@pytest.fixture
def people(engine):
    """Ana, with something in every part; her therapist Sam; and Bea, another patient."""
    ana = accounts.create_user(engine, "ana@example.com", PASSWORD, Role.PATIENT, "Ana")
    sam = accounts.create_user(engine, "sam@example.com", PASSWORD, Role.THERAPIST, "Sam")
    bea = accounts.create_user(engine, "bea@example.com", PASSWORD, Role.PATIENT, "Bea")
    me, pt = Actor.of(ana), Actor.of(sam)
    logbook.log_entries(
        engine,
        me,
        ana.id,
        [
            Entry(Kind.WEIGHT, TODAY, 81.25, dt.time(7, 0), note="=after a run"),
            Entry(
                Kind.STRENGTH,
                TODAY,
                40,
                label="glutes",
                exercises=(Exercise("Hip thrust", 3, 8, 60.0),),
            ),
            Entry(Kind.SARC_F, TODAY, 2, label="S1 A0 R1 C0 F0"),
        ],
    )
    care.create_share_code(engine, me, ana.id)
    care.share_by_email(engine, ana.email, sam.email)
    care.add_note(engine, pt, ana.id, "Two glute sessions a week.")
    item = care.add_plan_item(engine, pt, PlanItem(0, ana.id, "bridge", 3, 12, None, 3))
    care.complete_plan(engine, me, ana.id, [item.id], 15)
    assessment.set_target(engine, pt, ana.id, "protein_ok_g_per_kg", 1.4)
    care.record_test(engine, pt, ana.id, Entry(Kind.GRIP_STRENGTH, TODAY, 24.5))
    csv_text = "date,time,kind,value,unit,label,note\n2026-01-05,08:00,water,500,ml,,\n"
    imports.run_import(engine, me, ana.id, Source.from_bytes("water.csv", csv_text.encode()))
    web_sessions.start(engine, ana.id)
    assert accounts.authenticate(engine, ana.email, "a wrong password") is None
    logbook.log_entry(engine, Actor.of(bea), bea.id, Entry(Kind.WEIGHT, TODAY, 64.0))
    care.share_by_email(engine, bea.email, sam.email)
    care.add_note(engine, pt, bea.id, "Bea's own note.")
    return ana, sam, bea


def unzip(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def test_the_archive_holds_every_part_and_nobody_elses(engine, people):
    ana, _sam, _bea = people
    files = unzip(privacy.archive(engine, Actor.of(ana), ana.id))
    assert set(files) >= {
        "README.txt",
        "everything.json",
        "entries.csv",
        "profile.csv",
        "targets.csv",
        "care_team.csv",
        "share_codes.csv",
        "notes.csv",
        "plan.csv",
        "plan_ticks.csv",
        "imports.csv",
        "audit_trail.csv",
        "browsers.csv",
        "failed_sign_ins.csv",
    }
    whole = json.loads(files["everything.json"])
    logged = logbook.list_entries(engine, Actor.of(ana), ana.id)
    assert whole["account"]["email"] == "ana@example.com"
    assert len(whole["entries"]) == len(logged) == 6  # weight, 2 sessions, SARC-F, grip, water
    # The entries CSV imports back to the very same log, the note's '=' included.
    back = entries_csv.read(files["entries.csv"], TODAY)

    def order(entry: Entry) -> tuple:
        return (entry.kind.value, entry.day, entry.label, entry.value)

    assert sorted(back, key=order) == sorted((e.without_id() for e in logged), key=order)
    assert "Two glute sessions a week." in files["notes.csv"]
    assert "protein_ok_g_per_kg,1.4,Sam" in files["targets.csv"]
    assert "Sam,sam@example.com,active" in files["care_team.csv"]
    assert len(whole["care_team"]["share_codes"]) == 1 and "code" not in files["share_codes.csv"]
    assert len(whole["care_team"]["plan_ticks"]) == 1
    assert whole["imports"][0]["file_name"] == "water.csv"
    trail = files["audit_trail.csv"]
    assert "recorded a grip strength result" in trail and "wrote a note" in trail
    assert len(whole["signed_in_browsers"]) == 1
    assert [f["kind"] for f in whole["failed_sign_ins"]] == ["sign_in"]
    everything = "\n".join(files.values())
    assert "bea@example.com" not in everything and "Bea" not in everything


def test_only_the_person_or_the_administrator_gets_the_archive(engine, people):
    ana, sam, bea = people
    for other in (Actor.of(sam), Actor.of(bea)):
        with pytest.raises(AccessDenied):
            privacy.archive(engine, other, ana.id)
    assert unzip(privacy.archive(engine, Actor.system(), ana.id))["everything.json"]


def test_deleting_the_account_leaves_nothing_of_it_but_failed_sign_ins(engine, people):
    ana, sam, bea = people
    accounts.delete_account(engine, Actor.of(ana), ana.id)
    left: dict[str, int] = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            to_users = [fk.parent for fk in table.foreign_keys if fk.column.table.name == "users"]
            ids = [table.c.id] if table.name == "users" else []
            texts = [c for c in table.columns if isinstance(c.type, String | Text)]
            for row in connection.execute(select(table)):
                mapping = row._mapping
                if any(mapping[c] == ana.id for c in [*to_users, *ids]) or any(
                    isinstance(mapping[c], str) and "ana@example.com" in mapping[c] for c in texts
                ):
                    left[table.name] = left.get(table.name, 0) + 1
    # The failed sign-in typed with her email outlives the account until it stops slowing
    # guessing (README: what a deletion keeps); nothing else of hers is left.
    assert left == {"failed_attempts": 1}
    # Sam's caseload and Bea's log are untouched.
    assert [row.patient.id for row in care.caseload(engine, Actor.of(sam), sam.id)] == [bea.id]
    assert len(logbook.list_entries(engine, Actor.of(bea), bea.id)) == 1


def test_the_command_line_writes_a_persons_archive(
    engine, database_url, people, tmp_path, monkeypatch, capsys
):
    from tracker import cli

    ana, _sam, _bea = people
    monkeypatch.setenv("TRACKER_DATABASE_URL", database_url)
    out = tmp_path / "ana.zip"
    assert cli.main(["personal-data", "--user", ana.email, "--out", str(out)]) == 0
    assert "Wrote everything held about ana@example.com" in capsys.readouterr().err
    whole = json.loads(unzip(out.read_bytes())["everything.json"])
    assert whole["account"]["display_name"] == "Ana" and len(whole["entries"]) == 6
