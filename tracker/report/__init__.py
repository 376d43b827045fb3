"""The clinician report: a patient's period as a PDF to print or send to their clinic.

    document = clinician_report(engine, actor, patient_id, start, end, Paper.LETTER)
    name = report_filename(patient.display_name, start, end)

``content`` gathers what the report shows (access checked there), ``images`` draws its charts
with a headless Chromium, ``rows`` turns it into words in the patient's units and ``pdf`` lays
it out. A therapist's report is recorded in the patient's access log once it is made.

A start after the end is refused (``InvalidEntry``), not swapped; so is an end more than a
day past the server's today, and a period longer than ten years.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from sqlalchemy import Engine

from tracker.access import Actor
from tracker.report import content, images, pdf
from tracker.report.content import ReportContent
from tracker.report.errors import ChromiumMissing, FontsMissing, ReportUnavailable
from tracker.report.pdf import Paper

__all__ = [
    "ChromiumMissing",
    "FontsMissing",
    "Paper",
    "ReportContent",
    "ReportUnavailable",
    "clinician_report",
    "report_filename",
]

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
    gathered = content.gather(engine, actor, patient_id, start, end, now)
    pictures = images.to_png(gathered.figures)
    document = pdf.render(gathered, pictures, Paper(paper))
    content.record_download(engine, actor, gathered)
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
