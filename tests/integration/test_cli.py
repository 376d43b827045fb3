"""The command line: each command, its help, and its errors on standard error."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tracker import cli
from tracker.rules import guidance
from tracker.services import demo

ROOT = Path(__file__).resolve().parents[2]
PATIENT = demo.PATIENT_EMAIL


@pytest.fixture
def use_database(database_url, monkeypatch):
    monkeypatch.setenv("TRACKER_DATABASE_URL", database_url)
    return database_url


def run(capsys, *argv: str, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for command in (
        "demo",
        "create-user",
        "import",
        "export",
        "assess",
        "profile",
        "backup",
        "restore",
    ):
        assert command in out


@pytest.mark.parametrize(
    "command",
    [
        "demo",
        "create-user",
        "import",
        "export",
        "report",
        "assess",
        "profile",
        "backup",
        "restore",
        "migrate",
    ],
)
def test_each_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as done:
        cli.main([command, "--help"])
    assert done.value.code == 0
    assert "usage: python -m tracker " + command in capsys.readouterr().out


def test_create_user_reads_the_password_from_standard_input(use_database, capsys, monkeypatch):
    code, out, _ = run(
        capsys,
        "create-user",
        "pt@example.com",
        "--role",
        "therapist",
        stdin="a long enough password\n",
        monkeypatch=monkeypatch,
    )
    assert code == 0 and "Created therapist pt@example.com" in out
    from tracker.services import accounts
    from tracker.store import db

    engine = db.make_engine(use_database)
    assert accounts.authenticate(engine, "pt@example.com", "a long enough password")
    engine.dispose()


def test_a_short_password_is_refused_on_standard_error(use_database, capsys, monkeypatch):
    code, out, err = run(
        capsys, "create-user", "pt@example.com", stdin="short\n", monkeypatch=monkeypatch
    )
    assert (code, out) == (1, "")
    assert err.startswith("error: Choose a password of at least 10 characters")


def test_demo_then_assess_then_export(use_database, capsys, tmp_path):
    assert run(capsys, "demo")[0] == 0
    _, out, _ = run(capsys, "assess", "--user", PATIENT, "--json")
    findings = json.loads(out)
    assert [f["code"] for f in findings][:2] == ["loss_rate", "protein_daily"]
    assert {f["status"] for f in findings} == {"ok", "watch", "alert", "unknown"}
    # The weight protein was judged on: Maria chose her actual weight in Settings.
    protein = findings[1]
    assert protein["reference_basis"] == "actual"
    assert 60 < protein["reference_weight_kg"] < 98
    assert protein["note"].startswith(
        f"Judged on your actual weight, {protein['reference_weight_kg']:g} kg"
    )
    assert {f["reference_weight_kg"] for f in findings[2:]} == {None}
    _, out, _ = run(capsys, "assess", "--user", PATIENT)
    assert "lean_share" in out and "alert" in out

    entries = tmp_path / "entries.csv"
    assert (
        run(capsys, "export", "--user", PATIENT, "--what", "entries", "--out", str(entries))[0] == 0
    )
    assert entries.read_text().startswith("date,time,kind,value,unit,label,note\n")
    report = tmp_path / "daily.csv"
    assert (
        run(
            capsys,
            "export",
            "--user",
            PATIENT,
            "--what",
            "daily",
            "--out",
            str(report),
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-03",
        )[0]
        == 0
    )
    rows = list(csv.DictReader(report.open()))
    assert [row["date"] for row in rows] == ["2026-01-01", "2026-01-02", "2026-01-03"]


def test_export_fhir_writes_a_valid_bundle_with_one_resource_per_entry(
    use_database, capsys, tmp_path
):
    from collections import Counter

    from fhir.resources.R4B.bundle import Bundle

    assert run(capsys, "demo")[0] == 0
    entries = tmp_path / "entries.csv"
    run(capsys, "export", "--user", PATIENT, "--what", "entries", "--out", str(entries))
    kinds = Counter(row["kind"] for row in csv.DictReader(entries.open()))

    bundle_file = tmp_path / "bundle.json"
    code, _, err = run(
        capsys, "export", "--user", PATIENT, "--what", "fhir", "--out", str(bundle_file)
    )
    assert code == 0
    text = bundle_file.read_text()
    Bundle.model_validate_json(text)  # structure, types and required fields of FHIR R4
    resources = [item["resource"] for item in json.loads(text)["entry"]]
    assert err.strip() == f"Wrote a FHIR R4 Bundle of {len(resources)} resources to {bundle_file}."
    types = Counter(resource["resourceType"] for resource in resources)
    assert types["Patient"] == 1
    assert types["MedicationAdministration"] == kinds["dose"]
    weights = [
        r
        for r in resources
        if r["resourceType"] == "Observation" and r["code"]["coding"][0]["code"] == "29463-7"
    ]
    assert len(weights) == kinds["weight"]
    # Every entry is one resource (a session's exercise rows are parts of it); each weight also
    # gives a BMI, and the height is one more.
    logged = sum(kinds.values()) - kinds["exercise"]
    assert types["Observation"] == logged - kinds["dose"] + kinds["weight"] + 1


def test_report_writes_a_pdf_of_the_last_12_weeks_on_the_paper_asked_for(
    use_database, capsys, tmp_path
):
    assert run(capsys, "demo")[0] == 0
    out = tmp_path / "report.pdf"
    code, _, err = run(capsys, "report", "--user", PATIENT, "--out", str(out), "--paper", "letter")
    assert code == 0
    assert out.read_bytes().startswith(b"%PDF-")
    today = dt.date.today()
    start = today - dt.timedelta(weeks=12) + dt.timedelta(days=1)
    assert err.startswith(f"Wrote the report for {start} to {today} (Letter, ")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    assert "(letter)" in info.stdout


def test_report_refuses_a_period_that_ends_before_it_starts(use_database, capsys, tmp_path):
    assert run(capsys, "demo")[0] == 0
    out = tmp_path / "report.pdf"
    code, _, err = run(
        capsys,
        "report",
        "--user",
        PATIENT,
        "--out",
        str(out),
        "--from",
        "2026-03-01",
        "--to",
        "2026-02-01",
    )
    assert code == 1 and "after it ends" in err
    assert not out.exists()


def test_import_refuses_a_bad_file_with_row_and_column(use_database, capsys, tmp_path, monkeypatch):
    run(
        capsys,
        "create-user",
        "p@example.com",
        stdin="a long enough password\n",
        monkeypatch=monkeypatch,
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "date,time,kind,value,unit,label,note\n2026-03-01,,weight,80,kg,,\n"
        "2026-03-02,,weight,8000,kg,,\n"
    )
    code, out, err = run(capsys, "import", str(bad), "--user", "p@example.com")
    assert code == 1 and out == ""
    assert "Row 3, column 'value': Weight must be between 25 and 350 kg" in err
    code, out, _ = run(
        capsys, "export", "--user", "p@example.com", "--what", "entries", "--out", "-"
    )
    assert out == "date,time,kind,value,unit,label,note\n"  # nothing was written


def test_importing_the_same_file_twice_writes_and_records_nothing_the_second_time(
    use_database, capsys, tmp_path, monkeypatch
):
    run(
        capsys,
        "create-user",
        "p@example.com",
        stdin="a long enough password\n",
        monkeypatch=monkeypatch,
    )
    good = tmp_path / "good.csv"
    good.write_text("date,time,kind,value,unit,label,note\n2026-03-01,,weight,80,kg,,\n")
    assert run(capsys, "import", str(good), "--user", "p@example.com")[0] == 0
    code, out, err = run(capsys, "import", str(good), "--user", "p@example.com")
    assert code == 0 and err == ""
    assert "Nothing new to import" in out and "Nothing was written." in out
    _, listed, _ = run(capsys, "imports", "--user", "p@example.com")
    assert len(listed.strip().splitlines()) == 1  # only the first import is recorded


def test_errors_name_what_is_missing(use_database, capsys, tmp_path):
    code, _, err = run(capsys, "assess", "--user", "nobody@example.com")
    assert code == 1 and "no account with the email nobody@example.com" in err
    code, _, err = run(capsys, "import", str(tmp_path / "missing.csv"), "--user", PATIENT)
    assert code == 1 and "No such file or directory" in err


def test_a_bad_date_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["assess", "--user", PATIENT, "--on", "28/03/2026"])
    assert done.value.code == 2
    assert "'28/03/2026' is not a date; use YYYY-MM-DD" in capsys.readouterr().err


def test_backup_and_restore(use_database, capsys, tmp_path, monkeypatch):
    run(capsys, "demo")
    archive = tmp_path / "backup.json.gz"
    code, out, _ = run(capsys, "backup", "--out", str(archive))
    assert code == 0 and "Backed up" in out
    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.db'}")
    assert run(capsys, "restore", str(archive))[0] == 0
    _, out, _ = run(capsys, "assess", "--user", PATIENT, "--json")
    assert len(json.loads(out)) == len(guidance.CODES)
    code, _, err = run(capsys, "restore", str(archive))
    assert code == 1 and "needs an empty database" in err


def test_python_dash_m_tracker_runs_as_a_program(tmp_path):
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "assess", "--user", "x@example.com"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip() == "error: There is no account with the email x@example.com."
