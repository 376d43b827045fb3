"""Imports against a real database: every shared sample, duplicates, undo, refusals."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.domain import Entry, Kind, Role, TrackerError
from tracker.imports.base import ImportRefused, Source
from tracker.services import accounts, imports, logbook
from tracker.services.access import Actor
from tracker.store import db

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
"""Copies of the shared sample exports (tests/data/samples/README.md says what each holds)."""
ADMIN = Actor.system()
_emails = itertools.count()


def patient(engine):
    return accounts.create_user(
        engine, f"p{next(_emails)}@example.com", "a long enough password", Role.PATIENT
    )


def counts(engine, user) -> Counter:
    return Counter(e.kind for e in logbook.list_entries(engine, ADMIN, user.id))


def everything(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return db.table_counts(connection)


@pytest.mark.parametrize(
    "path, expected",
    [
        (
            "apple_health/export.xml",
            {
                Kind.WEIGHT: 8,
                Kind.BODY_FAT: 8,
                Kind.LEAN_MASS: 8,
                Kind.WAIST: 2,
                Kind.PROTEIN: 11,
                Kind.WATER: 8,
                Kind.STRENGTH: 1,
                Kind.ACTIVITY: 1,
            },
        ),
        (
            "apple_health/export.zip",
            {
                Kind.WEIGHT: 8,
                Kind.BODY_FAT: 8,
                Kind.LEAN_MASS: 8,
                Kind.WAIST: 2,
                Kind.PROTEIN: 11,
                Kind.WATER: 8,
                Kind.STRENGTH: 1,
                Kind.ACTIVITY: 1,
            },
        ),
        ("withings/weight.csv", {Kind.WEIGHT: 12, Kind.BODY_FAT: 11, Kind.LEAN_MASS: 11}),
        ("strong/strong.csv", {Kind.STRENGTH: 3}),
        ("strong/strong_v6.csv", {Kind.STRENGTH: 2}),
        ("hevy/workout_data.csv", {Kind.STRENGTH: 3}),
        ("cronometer/servings.csv", {Kind.PROTEIN: 28, Kind.WATER: 7}),
        ("cronometer/biometrics.csv", {Kind.WEIGHT: 6, Kind.BODY_FAT: 2, Kind.WAIST: 1}),
    ],
)
def test_each_sample_imports_with_the_counts_its_notes_give(engine, path, expected):
    user = patient(engine)
    _, record = imports.run_import(engine, ADMIN, user.id, Source.from_path(SAMPLES / path))
    assert dict(counts(engine, user)) == expected
    assert record.total == sum(expected.values())
    again, second = imports.run_import(engine, ADMIN, user.id, Source.from_path(SAMPLES / path))
    assert second is None  # a second import adds nothing, and is not recorded
    assert again.duplicates == sum(expected.values())
    assert len(imports.imports(engine, ADMIN, user.id)) == 1
    assert dict(counts(engine, user)) == expected


def test_myfitnesspal_zip_gives_the_meals_and_weights(engine):
    user = patient(engine)
    zipped = SAMPLES / "mfp/File-Export-2026-03-02-to-2026-03-15.zip"
    imports.run_import(engine, ADMIN, user.id, Source.from_path(zipped))
    found = counts(engine, user)
    assert found[Kind.PROTEIN] == 51
    assert found[Kind.WEIGHT] == 2
    protein = logbook.list_entries(
        engine, ADMIN, user.id, dt.date(2026, 3, 2), dt.date(2026, 3, 2), [Kind.PROTEIN]
    )
    assert round(sum(e.value for e in protein), 1) == 102.1


def test_the_same_weighin_from_apple_health_and_withings_counts_once(engine):
    user = patient(engine)
    imports.run_import(engine, ADMIN, user.id, Source.from_path(SAMPLES / "withings/weight.csv"))
    plan, _ = imports.run_import(
        engine, ADMIN, user.id, Source.from_path(SAMPLES / "apple_health/export.xml")
    )
    assert counts(engine, user)[Kind.WEIGHT] == 12  # not 20
    assert plan.duplicates_by_kind[Kind.WEIGHT] == 8


def test_an_entry_logged_by_hand_is_not_doubled(engine):
    user = patient(engine)
    logbook.log_entry(
        engine,
        Actor.of(user),
        user.id,
        Entry(Kind.WEIGHT, dt.date(2026, 3, 15), 93.88, dt.time(8, 22)),
    )
    plan = imports.preview(
        engine, ADMIN, user.id, Source.from_path(SAMPLES / "withings/weight.csv")
    )
    assert plan.duplicates_by_kind == Counter({Kind.WEIGHT: 1})
    assert plan.new_by_kind[Kind.WEIGHT] == 11


def test_undo_restores_the_state_before(engine):
    user = patient(engine)
    logbook.log_entry(
        engine, Actor.of(user), user.id, Entry(Kind.WEIGHT, dt.date(2026, 1, 5), 90.0)
    )
    before = everything(engine)
    _, record = imports.run_import(
        engine, ADMIN, user.id, Source.from_path(SAMPLES / "strong/strong.csv")
    )
    assert everything(engine) != before
    assert imports.undo_import(engine, ADMIN, user.id, record.id) == 3
    after = everything(engine)
    assert {k: v for k, v in after.items() if k != "imports"} == {
        k: v for k, v in before.items() if k != "imports"
    }
    assert imports.imports(engine, ADMIN, user.id)[0].undone_at is not None
    with pytest.raises(TrackerError, match="undone already"):
        imports.undo_import(engine, ADMIN, user.id, record.id)


def test_undo_of_someone_elses_import_is_refused(engine):
    owner, other = patient(engine), patient(engine)
    _, record = imports.run_import(
        engine, ADMIN, owner.id, Source.from_path(SAMPLES / "strong/strong.csv")
    )
    with pytest.raises(TrackerError):
        imports.undo_import(engine, Actor.of(other), owner.id, record.id)
    with pytest.raises(TrackerError, match="no such import"):
        imports.undo_import(engine, Actor.of(other), other.id, record.id)
    assert counts(engine, owner)[Kind.STRENGTH] == 3


def test_a_dry_run_writes_nothing(engine):
    user = patient(engine)
    before = everything(engine)
    plan = imports.preview(
        engine, ADMIN, user.id, Source.from_path(SAMPLES / "hevy/workout_data.csv")
    )
    assert plan.new_by_kind == Counter({Kind.STRENGTH: 3})
    assert everything(engine) == before


def test_an_unknown_file_lists_what_the_tracker_reads(engine):
    user = patient(engine)
    with pytest.raises(ImportRefused, match=r"It reads: Apple Health, .*Withings and Renpho"):
        imports.preview(engine, ADMIN, user.id, Source.from_bytes("notes.txt", b"hello\nworld\n"))


def test_an_import_that_adds_nothing_is_not_recorded(engine):
    user = patient(engine)
    weights = Source.from_path(SAMPLES / "withings/weight.csv")
    imports.run_import(engine, ADMIN, user.id, weights)
    before = everything(engine)
    plan, record = imports.run_import(engine, ADMIN, user.id, weights)
    assert record is None  # nothing new: no import recorded, nothing to undo
    assert plan.nothing_new and plan.duplicates == 34
    assert "Nothing new to import: everything in this file is already in your log." in (
        plan.describe()
    )
    assert everything(engine) == before
    assert len(imports.imports(engine, ADMIN, user.id)) == 1


def test_a_file_with_no_entries_is_not_recorded_either(engine):
    user = patient(engine)
    header = (SAMPLES / "withings/weight.csv").read_text().splitlines()[0]
    empty = Source.from_bytes("weight.csv", f'{header}\n"2026-03-04 06:58:00",,,,,,\n'.encode())
    plan, record = imports.run_import(engine, ADMIN, user.id, empty)
    assert record is None and plan.new == []
    assert plan.skipped == {"rows without a weight": 1}
    assert (
        plan.nothing_new_text == "Nothing new to import: the file holds nothing the tracker keeps."
    )
    assert imports.imports(engine, ADMIN, user.id) == []


def test_a_forced_format_is_used(engine):
    user = patient(engine)
    with pytest.raises(ImportRefused):
        imports.preview(
            engine, ADMIN, user.id, Source.from_path(SAMPLES / "withings/weight.csv"), format="hevy"
        )
    with pytest.raises(ImportRefused, match="no format 'fitbit'"):
        imports.preview(
            engine,
            ADMIN,
            user.id,
            Source.from_path(SAMPLES / "withings/weight.csv"),
            format="fitbit",
        )


def test_a_file_over_the_size_cap_is_refused(engine, monkeypatch):
    user = patient(engine)
    monkeypatch.setenv("TRACKER_IMPORT_MAX_MB", "0.001")
    with pytest.raises(ImportRefused, match="the limit is"):
        imports.preview(
            engine, ADMIN, user.id, Source.from_path(SAMPLES / "apple_health/export.xml")
        )


def test_an_implausible_value_refuses_the_whole_file_with_its_row(engine):
    user = patient(engine)
    text = (SAMPLES / "withings/weight.csv").read_text().replace("94.27,", "942.7,", 1)
    before = everything(engine)
    with pytest.raises(ImportRefused) as refused:
        imports.run_import(engine, ADMIN, user.id, Source.from_bytes("weight.csv", text.encode()))
    assert "weight.csv, row 3" in str(refused.value)
    assert "Weight must be between 25 and 350 kg" in str(refused.value)
    assert everything(engine) == before


def test_the_cli_previews_imports_lists_and_undoes(engine, database_url, monkeypatch, capsys):
    from tracker import cli

    user = patient(engine)
    monkeypatch.setenv("TRACKER_DATABASE_URL", database_url)
    sample = str(SAMPLES / "withings/weight.csv")
    assert cli.main(["import", sample, "--user", user.email, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Withings export" in out and "New entries: 34" in out and "nothing was written" in out
    assert counts(engine, user) == Counter()
    assert cli.main(["import", sample, "--user", user.email]) == 0
    assert "Imported 34 entries (import " in capsys.readouterr().out
    assert cli.main(["imports", "--user", user.email]) == 0
    listed = capsys.readouterr().out
    record_id = int(listed.split()[0])
    assert "withings" in listed and "in the log" in listed
    assert cli.main(["undo-import", "--user", user.email, "--id", str(record_id)]) == 0
    assert "removed 34 entries" in capsys.readouterr().out
    assert counts(engine, user) == Counter()


# --- a mangled file never raises an unhandled error and never writes part of itself ----------

MANGLE_SOURCES = [
    "withings/weight.csv",
    "strong/strong.csv",
    "hevy/workout_data.csv",
    "cronometer/biometrics.csv",
    "apple_health/export.xml",
]


@st.composite
def mangled(draw):
    name = draw(st.sampled_from(MANGLE_SOURCES))
    data = bytearray((SAMPLES / name).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if action == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at:]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=12))
        elif data:
            del data[at : at + draw(st.integers(1, 40))]
    return Path(name).name, bytes(data)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(upload=mangled())
def test_a_mangled_file_is_imported_whole_or_refused_cleanly(engine, upload):
    user = patient(engine)
    name, data = upload
    before = everything(engine)
    try:
        plan, record = imports.run_import(engine, ADMIN, user.id, Source.from_bytes(name, data))
    except TrackerError:
        assert everything(engine) == before  # refused: nothing at all was written
    else:
        if record is None:  # nothing new: nothing written, nothing recorded
            assert not plan.new and everything(engine) == before
        else:
            assert sum(counts(engine, user).values()) == record.total == len(plan.new)
