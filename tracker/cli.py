"""``python -m tracker``: the administrator's command line, over the same services as the pages.

Argument parsing and printing only. Errors meant for people go to standard error with exit
code 1; a usage mistake exits with 2 (argparse's convention).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from tracker.domain import Medicine, Profile, ProteinBasis, Role, Sex, TrackerError, User
from tracker.formats import numbers
from tracker.imports.base import Source
from tracker.imports.registry import IMPORTERS
from tracker.rules import medicines
from tracker.rules.guidance import Finding
from tracker.services import (
    accounts,
    assessment,
    care,
    clock,
    demo,
    imports,
    logbook,
    privacy,
    reports,
)
from tracker.services.access import Actor
from tracker.store import backup, db
from tracker.units import WaterUnit, WeightUnit
from tracker.views import display

ADMIN = Actor.system()


def _paper(text: str) -> str:
    """A4 or Letter, however it is typed."""
    return {"a4": "A4", "letter": "Letter"}.get(text.strip().lower(), text)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{numbers.excerpt(text)}' is not a date; use YYYY-MM-DD"
        ) from None


def _decimal(text: str) -> float:
    """A plain decimal number (no ``1_70``, no exponent, ASCII digits only)."""
    try:
        return numbers.decimal(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _whole(text: str) -> int:
    """A whole number written in ASCII digits (``int`` would take ``1_990`` and ``١٩٩٠``)."""
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        raise argparse.ArgumentTypeError(f"'{numbers.excerpt(text)}' is not a whole number")
    return int(text)


def _write_text(text: str, out: str) -> None:
    if out == "-":
        sys.stdout.write(text)
    else:
        Path(out).write_text(text, encoding="utf-8", newline="")


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Repeat the password: ") != first:
            raise TrackerError("The two passwords differ; nothing was created.")
        return first
    return sys.stdin.readline().rstrip("\r\n")


# --- commands -------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace, engine: Engine) -> int:
    # A day named on the command line is told whole; today, up to now.
    until = None if args.today else dt.datetime.now().time()
    patient, therapist = demo.seed(engine, args.today or clock.today(), until)
    print(f"Demo ready: patient {patient.email}, therapist {therapist.email}.")
    print("Start the app and choose 'Explore the demo' on the sign-in page.")
    return 0


def cmd_create_user(args: argparse.Namespace, engine: Engine) -> int:
    user = accounts.create_user(engine, args.email, _read_password(), Role(args.role), args.name)
    print(f"Created {user.role.value} {user.email} (id {user.id}).")
    return 0


def cmd_import(args: argparse.Namespace, engine: Engine) -> int:
    upload = Source.from_path(args.file)
    user = accounts.user_by_email(engine, args.user)
    if args.dry_run:
        print(imports.preview(engine, ADMIN, user.id, upload, args.format).describe())
        print("Dry run: nothing was written.")
        return 0
    plan, record = imports.run_import(engine, ADMIN, user.id, upload, args.format)
    print(plan.describe())
    if record is None:  # nothing new: no import is recorded, so there is nothing to undo
        print("Nothing was written.")
        return 0
    print(
        f"Imported {record.total} entries (import {record.id}; undo with "
        f"'python -m tracker undo-import --user {user.email} --id {record.id}')."
    )
    return 0


def cmd_imports(args: argparse.Namespace, engine: Engine) -> int:
    user = accounts.user_by_email(engine, args.user)
    for record in imports.imports(engine, ADMIN, user.id):
        state = f"undone {record.undone_at:%Y-%m-%d}" if record.undone_at else "in the log"
        print(
            f"{record.id:>5}  {record.created_at:%Y-%m-%d %H:%M}  {record.format:<12} "
            f"{record.total:>6} entries  {record.file_name}  ({state})"
        )
    return 0


def cmd_undo_import(args: argparse.Namespace, engine: Engine) -> int:
    user = accounts.user_by_email(engine, args.user)
    removed = imports.undo_import(engine, ADMIN, user.id, args.id)
    print(f"Undid import {args.id}: removed {removed} entries.")
    return 0


EXPORTERS = {
    "entries": logbook.export_entries,
    "daily": assessment.daily_report,
    "fhir": logbook.export_fhir,
}


def _written(what: str, text: str, out: str) -> str:
    if what == "fhir":
        resources = len(json.loads(text)["entry"])
        return f"Wrote a FHIR R4 Bundle of {resources} resources to {out}."
    return f"Wrote {text.count(chr(10)) - 1} rows to {out}."


def cmd_export(args: argparse.Namespace, engine: Engine) -> int:
    user = accounts.user_by_email(engine, args.user)
    text = EXPORTERS[args.what](engine, ADMIN, user.id, args.start, args.end)
    _write_text(text, args.out)
    if args.out != "-":
        print(_written(args.what, text, args.out), file=sys.stderr)
    return 0


def _table(findings: list[Finding]) -> str:
    lines = []
    for finding in findings:
        value = "" if finding.value is None else f"{finding.value:g}"
        lines.append(f"{finding.code:<19} {finding.status.value:<8} {value:>7}  {finding.message}")
    return "\n".join(lines)


def cmd_personal_data(args: argparse.Namespace, engine: Engine) -> int:
    user = accounts.user_by_email(engine, args.user)
    archive = privacy.archive(engine, ADMIN, user.id)
    Path(args.out).write_bytes(archive)
    print(
        f"Wrote everything held about {args.user} ({len(archive) // 1024} KB) to {args.out}.",
        file=sys.stderr,
    )
    return 0


REPORT_WEEKS = 12
"""The report's period when no start is given: the last 12 weeks, as the Progress page shows."""


def cmd_report(args: argparse.Namespace, engine: Engine) -> int:
    user = accounts.user_by_email(engine, args.user)
    end = args.end or clock.today()
    start = args.start or end - dt.timedelta(weeks=REPORT_WEEKS) + dt.timedelta(days=1)
    document = reports.clinician_report(engine, ADMIN, user.id, start, end, args.paper)
    Path(args.out).write_bytes(document)
    print(
        f"Wrote the report for {start} to {end} ({args.paper}, {len(document) // 1024} KB) "
        f"to {args.out}.",
        file=sys.stderr,
    )
    return 0


def cmd_assess(args: argparse.Namespace, engine: Engine) -> int:
    user = accounts.user_by_email(engine, args.user)
    findings = assessment.assess(engine, ADMIN, user.id, args.on)
    if args.json:
        print(json.dumps([finding.as_dict() for finding in findings], indent=2))
    else:
        print(_table(findings))
    return 0


UNIT_SYSTEMS = {"metric": (WeightUnit.KG, WaterUnit.ML), "us": (WeightUnit.LB, WaterUnit.FL_OZ)}
ANSWERS = {"yes": True, "no": False, "unsaid": None}
"""A yes-or-no question of the profile; 'unsaid' clears the answer."""


def _said(answer: bool | None) -> str:
    return {True: "yes", False: "no", None: "not said"}[answer]


def _profile_lines(user: User, profile: Profile) -> list[str]:
    age = profile.age_on(clock.today())
    rows = [
        ("units", f"{profile.weight_unit.value}, {display.unit_text(profile.water_unit.value)}"),
        ("height", f"{profile.height_cm:g} cm" if profile.height_cm else "not said"),
        ("birth year", f"{profile.birth_year} (age {age})" if profile.birth_year else "not said"),
        ("sex", profile.sex.value if profile.sex else "not said"),
        (
            "medicine",
            medicines.described(profile.glp1_medicine) if profile.glp1_medicine else "not said",
        ),
        ("started", profile.glp1_start.isoformat() if profile.glp1_start else "not said"),
        ("diabetes", _said(profile.has_diabetes)),
        ("insulin or sulfonylurea", _said(profile.insulin_or_sulfonylurea)),
        ("protein judged on", assessment.BASIS_WORDS[profile.protein_basis]),
    ]
    return [f"Profile of {user.email}", *(f"  {label:<24} {value}" for label, value in rows)]


def cmd_profile(args: argparse.Namespace, engine: Engine) -> int:
    user = accounts.user_by_email(engine, args.user)
    profile = accounts.get_profile(engine, ADMIN, user.id)
    changes: dict[str, object] = {
        name: value
        for name, value in (
            ("height_cm", args.height_cm),
            ("birth_year", args.birth_year),
            ("sex", Sex(args.sex) if args.sex else None),
            ("glp1_medicine", Medicine(args.medicine) if args.medicine else None),
            ("glp1_start", args.start),
            ("protein_basis", ProteinBasis(args.protein_basis) if args.protein_basis else None),
        )
        if value is not None
    }
    if args.units:
        changes["weight_unit"], changes["water_unit"] = UNIT_SYSTEMS[args.units]
    for name, answer in (
        ("has_diabetes", args.diabetes),
        ("insulin_or_sulfonylurea", args.insulin),
    ):
        if answer is not None:
            changes[name] = ANSWERS[answer]
    if changes:
        profile = accounts.update_profile(engine, ADMIN, user.id, replace(profile, **changes))
        print("Saved the profile.", file=sys.stderr)
    if args.json:
        print(json.dumps(_profile_json(profile), indent=2))
    else:
        print("\n".join(_profile_lines(user, profile)))
    return 0


def _profile_json(profile: Profile) -> dict[str, object]:
    data = asdict(profile)
    return {
        key: value.isoformat() if isinstance(value, dt.date) else value
        for key, value in data.items()
    }


def cmd_share(args: argparse.Namespace, engine: Engine) -> int:
    share = care.share_by_email(engine, args.patient, args.therapist)
    print(f"{share.patient_email} now shares their data with {share.therapist_email}.")
    return 0


def cmd_revoke(args: argparse.Namespace, engine: Engine) -> int:
    care.revoke_by_email(engine, args.patient, args.therapist)
    print(f"{args.therapist} no longer sees the data of {args.patient}.")
    return 0


def cmd_caseload(args: argparse.Namespace, engine: Engine) -> int:
    therapist = accounts.user_by_email(engine, args.therapist)
    rows = care.caseload(engine, ADMIN, therapist.id, args.on)
    if args.json:
        print(json.dumps([row.as_dict() for row in rows], indent=2))
        return 0
    if not rows:
        print("No patient shares their data with this therapist.")
    for row in rows:
        silent = "never logged" if row.days_since_log is None else f"{row.days_since_log} d ago"
        needs = ", ".join(f.code for f in row.findings if f.status.value in ("alert", "watch"))
        print(f"{row.worst.value:<8} {row.patient.email:<32} last log {silent:<12} {needs}")
    return 0


def cmd_backup(args: argparse.Namespace, engine: Engine) -> int:
    counts = backup.write(engine, Path(args.out))
    print(f"Backed up {sum(counts.values())} rows from {len(counts)} tables to {args.out}.")
    return 0


def cmd_restore(args: argparse.Namespace, engine: Engine) -> int:
    counts = backup.restore(engine, Path(args.file))
    print(f"Restored {sum(counts.values())} rows into {len(counts)} tables.")
    return 0


def cmd_migrate(_args: argparse.Namespace, engine: Engine) -> int:
    print(f"The database is at schema revision {db.current_revision(engine)}.")
    return 0


# --- parser ---------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tracker",
        description="GLP-1 muscle tracker: administer accounts and data. The database is "
        "TRACKER_DATABASE_URL (default: the SQLite file data/tracker.db).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    sub = add("demo", cmd_demo, "Create (or re-create) the demo patient and demo therapist.")
    sub.add_argument("--today", type=_date, help="the demo's last day (default: today)")

    sub = add(
        "create-user",
        cmd_create_user,
        "Create an account; the password is read from standard input.",
    )
    sub.add_argument("email")
    sub.add_argument("--role", choices=[r.value for r in Role], default=Role.PATIENT.value)
    sub.add_argument("--name", help="the name shown in the app (default: from the email)")

    formats = ", ".join(importer.name for importer in IMPORTERS)
    sub = add(
        "import",
        cmd_import,
        "Import a file into a patient's log: the tracker's entries CSV or another app's "
        "export (detected from its content). Shows what it adds; all of it or nothing.",
    )
    sub.add_argument("file", help="a CSV, an Apple Health export.xml, or a zip")
    sub.add_argument("--user", required=True, metavar="EMAIL")
    sub.add_argument("--format", metavar="NAME", help=f"force the format: {formats}")
    sub.add_argument("--dry-run", action="store_true", help="show the preview, write nothing")

    sub = add("imports", cmd_imports, "List a patient's imports.")
    sub.add_argument("--user", required=True, metavar="EMAIL")

    sub = add("undo-import", cmd_undo_import, "Remove everything one import added.")
    sub.add_argument("--user", required=True, metavar="EMAIL")
    sub.add_argument("--id", required=True, type=_whole, help="the import's number")

    sub = add(
        "export",
        cmd_export,
        "Write a patient's entries CSV, daily report CSV, or FHIR R4 Bundle (JSON).",
    )
    sub.add_argument("--user", required=True, metavar="EMAIL")
    sub.add_argument("--what", choices=list(EXPORTERS), required=True)
    sub.add_argument("--out", required=True, metavar="FILE", help="'-' for standard output")
    sub.add_argument("--from", dest="start", type=_date, metavar="DATE")
    sub.add_argument("--to", dest="end", type=_date, metavar="DATE")

    sub = add(
        "personal-data",
        cmd_personal_data,
        "Write everything the app holds about a person as a ZIP: all of it in JSON, and a CSV "
        "for each part (a request for a copy of one's data).",
    )
    sub.add_argument("--user", required=True, metavar="EMAIL")
    sub.add_argument("--out", required=True, metavar="FILE.zip")

    sub = add("report", cmd_report, "Write a patient's clinician report as a PDF.")
    sub.add_argument("--user", required=True, metavar="EMAIL")
    sub.add_argument("--out", required=True, metavar="FILE.pdf")
    sub.add_argument(
        "--from", dest="start", type=_date, metavar="DATE", help="default: 12 weeks before --to"
    )
    sub.add_argument("--to", dest="end", type=_date, metavar="DATE", help="default: today")
    sub.add_argument("--paper", choices=["A4", "Letter"], default="A4", type=_paper)

    sub = add("assess", cmd_assess, "Print a patient's guidance findings.")
    sub.add_argument("--user", required=True, metavar="EMAIL")
    sub.add_argument("--on", type=_date, metavar="DATE", help="as of this day (default: today)")
    sub.add_argument(
        "--json",
        action="store_true",
        help="a JSON list of objects with code, status, value, target, message",
    )

    sub = add(
        "profile",
        cmd_profile,
        "Show a patient's profile, or set parts of it (the same checks as Settings).",
    )
    sub.add_argument("--user", required=True, metavar="EMAIL")
    sub.add_argument("--height-cm", type=_decimal, metavar="CM")
    sub.add_argument("--birth-year", type=_whole, metavar="YEAR")
    sub.add_argument("--sex", choices=[s.value for s in Sex])
    sub.add_argument(
        "--medicine",
        choices=[m.value for m in medicines.CHOICES],
        metavar="BRAND",
        help="the GLP-1 medicine: " + ", ".join(m.value for m in medicines.CHOICES),
    )
    sub.add_argument("--start", type=_date, metavar="DATE", help="when the medicine began")
    sub.add_argument(
        "--units", choices=list(UNIT_SYSTEMS), help="metric (kg, ml) or us (lb, fl oz, inches)"
    )
    sub.add_argument("--diabetes", choices=list(ANSWERS), help="has diabetes")
    sub.add_argument(
        "--insulin", choices=list(ANSWERS), help="also takes insulin or a sulfonylurea"
    )
    sub.add_argument(
        "--protein-basis",
        choices=[b.value for b in ProteinBasis],
        help="the weight protein is scaled by (default auto: adjusted from a BMI of 30)",
    )
    sub.add_argument("--json", action="store_true", help="print the profile as JSON")

    sub = add("share", cmd_share, "Let a therapist see a patient's data (an active share).")
    sub.add_argument("--patient", required=True, metavar="EMAIL")
    sub.add_argument("--therapist", required=True, metavar="EMAIL")

    sub = add("revoke", cmd_revoke, "End a therapist's access to a patient's data, at once.")
    sub.add_argument("--patient", required=True, metavar="EMAIL")
    sub.add_argument("--therapist", required=True, metavar="EMAIL")

    sub = add(
        "caseload", cmd_caseload, "A therapist's patients, ordered by who needs attention first."
    )
    sub.add_argument("--therapist", required=True, metavar="EMAIL")
    sub.add_argument("--on", type=_date, metavar="DATE", help="as of this day (default: today)")
    sub.add_argument(
        "--json",
        action="store_true",
        help="a JSON list in the page's order: email, worst status, findings",
    )

    sub = add("backup", cmd_backup, "Write the whole database to a backup file.")
    sub.add_argument("--out", required=True, metavar="FILE")

    sub = add("restore", cmd_restore, "Load a backup file into an empty database.")
    sub.add_argument("file")

    add("migrate", cmd_migrate, "Bring the database schema up to date.")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    engine = db.make_engine()
    try:
        if args.command != "restore":  # restore checks the schema revision itself
            db.migrate(engine)
        return args.handler(args, engine)
    except TrackerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(
            f"error: {error.strerror or error}: {error.filename or ''}".rstrip(": "),
            file=sys.stderr,
        )
        return 1
    except OperationalError as error:
        print(f"error: the database could not be reached: {error.orig}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
