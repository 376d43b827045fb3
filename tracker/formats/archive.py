"""Everything the app holds about one person, as a ZIP they can keep: one JSON file with all of
it, and a CSV for each part a spreadsheet reads.

Pure: a ``PersonRecord`` in, bytes out. The service that gathers the record
(``tracker.services.privacy``) decides who may have it; this module only writes it. Entries go
in the tracker's own entries CSV (``entries_csv``), so the archive imports back into any
tracker; every other text cell a spreadsheet would run as a formula is neutralised the same way.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from tracker.domain import (
    AuditEvent,
    Entry,
    ImportRecord,
    Note,
    PlanItem,
    Profile,
    Share,
    TargetOverride,
    User,
)
from tracker.formats import entries_csv
from tracker.formats.entries_csv import neutralise

FORMAT = "glp1-tracker-personal-data"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class PersonRecord:
    """What the app holds about one person, gathered in one snapshot."""

    user: User
    profile: Profile
    entries: list[Entry]
    targets: list[TargetOverride] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    share_codes: list[tuple[dt.datetime, dt.datetime, dt.datetime | None]] = field(
        default_factory=list
    )
    """(made, expires, used); the codes themselves are never kept."""
    notes: list[Note] = field(default_factory=list)
    plan: list[PlanItem] = field(default_factory=list)
    plan_ticks: list[tuple[int, dt.date]] = field(default_factory=list)
    """(plan item id, day ticked done)."""
    imports: list[ImportRecord] = field(default_factory=list)
    audit_trail: list[AuditEvent] = field(default_factory=list)
    signed_in_browsers: list[tuple[dt.datetime, dt.datetime]] = field(default_factory=list)
    """(signed in, last seen) of each browser still signed in."""
    failed_sign_ins: list[tuple[str, dt.datetime]] = field(default_factory=list)
    """(kind, when) of the failed attempts kept under the person's email."""
    made_at: dt.datetime | None = None


def _plain(value: Any) -> Any:
    """``value`` as JSON holds it: dates and times in ISO 8601, enums by value."""
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def to_json(record: PersonRecord) -> dict[str, Any]:
    user = record.user
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "made_at": _plain(record.made_at),
        "account": {
            "id": user.id,
            "email": user.email,
            "display_name": user.display_name,
            "role": user.role.value,
            "created_at": _plain(user.created_at),
        },
        "profile": _plain(record.profile),
        "targets": _plain(record.targets),
        "entries": [
            {k: v for k, v in _plain(entry).items() if v not in ("", (), [], None)}
            for entry in record.entries
        ],
        "care_team": {
            "shares": _plain(record.shares),
            "share_codes": [
                {"made_at": _plain(m), "expires_at": _plain(e), "used_at": _plain(u)}
                for m, e, u in record.share_codes
            ],
            "notes": _plain(record.notes),
            "plan": _plain(record.plan),
            "plan_ticks": [{"plan_item_id": i, "day": _plain(d)} for i, d in record.plan_ticks],
        },
        "imports": _plain(record.imports),
        "audit_trail": _plain(record.audit_trail),
        "signed_in_browsers": [
            {"signed_in_at": _plain(s), "last_seen_at": _plain(seen)}
            for s, seen in record.signed_in_browsers
        ],
        "failed_sign_ins": [
            {"kind": kind, "at": _plain(at)} for kind, at in record.failed_sign_ins
        ],
    }


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [neutralise(cell) if isinstance(cell, str) else _plain(cell) for cell in row]
        )
    return out.getvalue()


README = """Everything the GLP-1 Muscle Tracker holds about you, as of {made}.

everything.json      all of it in one file (the format is named inside)
entries.csv          your log in the tracker's entries CSV: it imports back into any tracker
profile.csv          your settings
targets.csv          targets set for you in place of the defaults, and by whom
care_team.csv        the therapists you shared with, and when
share_codes.csv      the share codes you made (the codes themselves are never kept)
notes.csv            your therapists' notes on you
plan.csv             your exercise plan; plan_ticks.csv the days you ticked it done
imports.csv          the files you imported
audit_trail.csv      who opened or changed your data, and when
browsers.csv         the browsers signed in as you
failed_sign_ins.csv  failed sign-ins with your email that are still kept (to slow guessing)

Deleting your account (Settings) removes all of this from the live database at once. Only
failed sign-ins typed with your email can outlive it, for as long as they slow down guessing:
they go at the next successful sign-in to the app once older than the 15-minute throttling
window. Backups taken before the deletion keep what they held until they are themselves deleted.
"""


def write_zip(record: PersonRecord) -> bytes:
    """The ZIP of ``record``: everything.json, a CSV for each part, and a README."""
    profile = record.profile
    files = {
        "README.txt": README.format(made=_plain(record.made_at) or "now"),
        "everything.json": json.dumps(to_json(record), indent=2, ensure_ascii=False),
        "entries.csv": entries_csv.write(record.entries, profile.weight_unit, profile.water_unit),
        "profile.csv": _csv(
            ("setting", "value"),
            ((name, value) for name, value in _plain(profile).items()),
        ),
        "targets.csv": _csv(
            ("target", "value", "set_by", "set_at"),
            ((t.name, t.value, t.set_by_name or "", t.set_at) for t in record.targets),
        ),
        "care_team.csv": _csv(
            ("therapist", "email", "status", "invited_at", "accepted_at", "ended_at"),
            (
                (
                    s.therapist_name,
                    s.therapist_email,
                    s.status.value,
                    s.created_at,
                    s.accepted_at,
                    s.revoked_at,
                )
                for s in record.shares
            ),
        ),
        "share_codes.csv": _csv(("made_at", "expires_at", "used_at"), record.share_codes),
        "notes.csv": _csv(
            ("written_at", "author", "note"),
            ((n.created_at, n.author_name, n.body) for n in record.notes),
        ),
        "plan.csv": _csv(
            ("id", "exercise", "sets", "reps", "hold_s", "days_per_week", "assigned_by", "from"),
            (
                (
                    p.id,
                    p.exercise,
                    p.sets,
                    p.reps,
                    p.hold_s,
                    p.days_per_week,
                    p.assigned_by_name,
                    p.assigned_at,
                )
                for p in record.plan
            ),
        ),
        "plan_ticks.csv": _csv(("plan_item_id", "day"), record.plan_ticks),
        "imports.csv": _csv(
            ("file", "format", "entries", "first_day", "last_day", "imported_at", "undone_at"),
            (
                (i.file_name, i.format, i.total, i.first_day, i.last_day, i.created_at, i.undone_at)
                for i in record.imports
            ),
        ),
        "audit_trail.csv": _csv(
            ("at", "who", "action", "detail"),
            ((a.at, a.actor_name, a.action, a.detail) for a in record.audit_trail),
        ),
        "browsers.csv": _csv(("signed_in_at", "last_seen_at"), record.signed_in_browsers),
        "failed_sign_ins.csv": _csv(("kind", "at"), record.failed_sign_ins),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()
