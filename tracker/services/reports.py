"""The clinician report: a patient's period as a PDF to print or send to their clinic.

    document = clinician_report(engine, actor, patient_id, start, end, Paper.LETTER)
    name = report_filename(patient.display_name, start, end)

``gather`` collects what the report shows (access checked first: a patient gets only their own
report, a therapist only a patient who shares with them); ``tracker.views.report`` draws its
charts, turns it into words in the patient's units and lays it out. The guidance, the Progress
figures and the medication picture come from the very functions the pages use, so the report
says what the app says. A therapist's report is recorded in the patient's access log once it
is made.

A start after the end is refused (``InvalidEntry``), not swapped; so is an end more than a
day past the server's today, and a period longer than ten years.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict

from sqlalchemy import Engine

from tracker.domain import FUNCTION_KINDS, Entry, Kind, Role
from tracker.rules import adherence
from tracker.rules.targets import WEEK_DAYS
from tracker.services import access, assessment
from tracker.services.access import Actor
from tracker.store.unit_of_work import UnitOfWork
from tracker.views import charts
from tracker.views.progress import build as build_progress
from tracker.views.report import images, pdf
from tracker.views.report.content import AUDIT_ACTION, ReportContent, check_period, notes_by
from tracker.views.report.pdf import Paper

FILENAME_NAME_MAX = 40
UNDECOMPOSED = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "Ø": "O",
        "ø": "o",
        "Đ": "D",
        "đ": "d",
        "ı": "i",
        "ß": "ss",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "Þ": "Th",
        "þ": "th",
    }
)
"""Latin letters that Unicode does not split into a base letter and an accent."""


def _maker_name(uow: UnitOfWork, actor: Actor) -> str:
    if actor.user_id is None:
        return "Administrator"
    user = uow.users.get(actor.user_id)
    return user.display_name if user else ""


def gather(
    engine: Engine,
    actor: Actor,
    patient_id: int,
    start: dt.date,
    end: dt.date,
    now: dt.datetime | None = None,
) -> ReportContent:
    """What the report on ``patient_id`` from ``start`` to ``end`` shows, as ``actor`` may see
    it (``AccessDenied`` otherwise); ``now`` is when it is made (the server's time)."""
    now = now or dt.datetime.now(dt.UTC)
    check_period(start, end, now.date())
    tests = sorted(FUNCTION_KINDS - {Kind.SARC_F})
    kinds = [Kind.DOSE, Kind.SIDE_EFFECT, Kind.PAIN, *tests]
    with UnitOfWork(engine) as uow:
        patient = access.require_read(uow, actor, patient_id)
        maker = _maker_name(uow, actor)
        entries = uow.entries.list(patient_id, start, end, kinds)
        sarc_f = uow.entries.list(patient_id, None, end, [Kind.SARC_F])
        notes = notes_by(uow.care.notes(patient_id), end)
        flags = [flag for flag in uow.care.red_flags(patient_id) if start <= flag.day <= end]
        items = uow.care.plan(patient_id)
        since = min(start, end - dt.timedelta(days=WEEK_DAYS - 1))
        ticks = uow.care.ticks([patient_id], since, end).get(patient_id, [])
        # Judged as the Progress page would judge the period today: a period ending today has
        # its last day still being logged.
        loaded = assessment.assessment_in(uow, patient_id, end, max(end, now.date()))
    profile = loaded.profile
    progress = build_progress(loaded.history, profile, loaded.targets, start, end)
    by_kind: dict[Kind, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_kind[entry.kind].append(entry)
    history = loaded.history
    return ReportContent(
        patient=patient,
        profile=profile,
        start=start,
        end=end,
        generated_at=now,
        generated_by=maker,
        glp1_start=loaded.history.glp1_start(profile),
        progress=progress,
        figures=charts.figures(progress),
        medication=progress.medication,
        doses=by_kind[Kind.DOSE],
        side_effects=by_kind[Kind.SIDE_EFFECT],
        pain=by_kind[Kind.PAIN],
        red_flags=flags[::-1],
        notes=notes,
        plan=adherence.per_item(items, ticks, start, end),
        plan_last_week_pct=adherence.last_week_pct(items, ticks, end),
        strength=history.strength_kept(end, profile),
        function_tests=[entry for entry in entries if entry.kind in FUNCTION_KINDS],
        earlier_results=[result for result in history.function_results if result.day < start],
        sarc_f=sarc_f,
    )


def record_download(engine: Engine, actor: Actor, content: ReportContent) -> None:
    """A therapist's report goes into the patient's access log, as opening their data does;
    the patient's own report (or the administrator's) does not."""
    if actor.role is not Role.THERAPIST:
        return
    with UnitOfWork(engine, write=True) as uow:
        access.require_read(uow, actor, content.patient.id)  # still shared, at this moment
        therapist = uow.users.get(actor.user_id)
        uow.care.audit(
            content.patient.id, therapist, AUDIT_ACTION, f"downloaded a report for {content.period}"
        )
        uow.commit()


def clinician_report(
    engine: Engine,
    actor: Actor,
    patient_id: int,
    start: dt.date,
    end: dt.date,
    paper: Paper = Paper.A4,
    now: dt.datetime | None = None,
) -> bytes:
    """The report on ``patient_id`` from ``start`` to ``end`` (both included) as PDF bytes.

    ``AccessDenied`` unless ``actor`` may read the patient's data; ``InvalidEntry`` for a period
    it cannot cover; ``ReportUnavailable`` when the server lacks Chromium or the fonts. ``now``
    (the server's time by default) is printed as when the report was made.
    """
    gathered = gather(engine, actor, patient_id, start, end, now)
    pictures = images.to_png(gathered.figures)
    document = pdf.render(gathered, pictures, Paper(paper))
    record_download(engine, actor, gathered)
    return document


def report_filename(name: str, start: dt.date, end: dt.date) -> str:
    """``report-maria-2026-09-01-to-2026-11-24.pdf``: the name (or email's local part) in
    lowercase ASCII letters, digits and hyphens, accents dropped; ``report-...`` alone when
    nothing of the name is left (a name in another script)."""
    local = name.split("@")[0]
    ascii_name = (
        unicodedata.normalize("NFKD", local.translate(UNDECOMPOSED))
        .encode("ascii", "ignore")
        .decode()
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    slug = slug[:FILENAME_NAME_MAX].rstrip("-")
    parts = ["report", slug] if slug else ["report"]
    return f"{'-'.join(parts)}-{start.isoformat()}-to-{end.isoformat()}.pdf"
