"""Everything the clinician report shows, gathered for one patient and one period.

The same shape as ``tracker.service``: access is checked first (a patient gets only their own
report, a therapist only a patient who shares with them), data comes through the repositories
in a unit of work, and what comes back is plain domain objects. The guidance, the Progress
figures and the medication picture come from the very functions the pages use, so the report
says what the app says.

A report is a snapshot put together from a few read transactions (the Progress view, the
medication history, the log and the care team's notes and plan); nothing here writes, except
``record_download``, which a therapist's download adds to the patient's access log.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import plotly.graph_objects as go
from sqlalchemy import Engine

from tracker import access, adherence, charts, service
from tracker.access import Actor
from tracker.domain import (
    Entry,
    InvalidEntry,
    Kind,
    Note,
    Profile,
    RedFlagReport,
    Role,
    User,
)
from tracker.medication import MedicationPicture
from tracker.progress import Progress
from tracker.progress import build as build_progress
from tracker.repository import UnitOfWork
from tracker.targets import WEEK_DAYS

MAX_DAYS_AHEAD = 1
"""The period may end at most this many days after the server's today: the log accepts
entries up to the server's tomorrow, so a patient ahead of the server is never cut short."""
MAX_PERIOD_DAYS = 10 * 366
"""Ten years of days: far longer than any log here, short enough that a mistyped year (0202)
cannot ask for a chart of eighteen centuries."""
LATEST_UTC_OFFSET = dt.timedelta(hours=12)
"""A note counts as written by the period's end if it was written before that day ended
anywhere on Earth (UTC-12 ends a day last): the server keeps UTC, the reader a local day."""
AUDIT_ACTION = "report"


def day_text(day: dt.date) -> str:
    """1 Sep 2026."""
    return f"{day.day} {day:%b %Y}"


def period_text(start: dt.date, end: dt.date) -> str:
    """1 Sep 2026 to 24 Nov 2026."""
    return f"{day_text(start)} to {day_text(end)}"


@dataclass(frozen=True)
class ReportContent:
    patient: User
    profile: Profile
    """The patient's settings: weights show in kg or lb, water in ml or fl oz, as here."""
    start: dt.date
    end: dt.date
    generated_at: dt.datetime
    generated_by: str
    """Who made the report: the therapist's or patient's name (the administrator's)."""
    glp1_start: dt.date | None
    """The first logged dose or the profile's start date, whichever is earlier."""
    progress: Progress
    """The Progress page's view of the period: headline, findings and chart frames."""
    figures: list[go.Figure]
    """``tracker.charts.figures(progress)``, in the Progress page's order."""
    medication: MedicationPicture
    """Dose steps against the label, dose timing and loss on each step, up to ``end``."""
    doses: list[Entry]
    side_effects: list[Entry]
    pain: list[Entry]
    red_flags: list[RedFlagReport]
    """Each 'yes' to a red-flag question in the period, oldest first, and who has seen it (as
    of now, not as of the period's end)."""
    notes: list[Note]
    """The therapists' notes written by the end of the period, newest first."""
    plan: list[adherence.ItemAdherence]
    plan_last_week_pct: float | None
    """Plan days done in the 7 days to ``end``, as the caseload and review pages count them."""

    @property
    def period(self) -> str:
        return period_text(self.start, self.end)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def nothing_logged(self) -> bool:
        """No entry at all in the period (measurements, doses or symptoms)."""
        symptoms = self.side_effects or self.pain or self.red_flags
        return self.progress.headline.days_logged == 0 and not symptoms

    @property
    def open_red_flags(self) -> list[RedFlagReport]:
        return [flag for flag in self.red_flags if flag.is_open]


def check_period(start: dt.date, end: dt.date, today: dt.date) -> None:
    """``InvalidEntry`` unless ``start`` to ``end`` is a period a report can cover.

    A start after the end is refused rather than swapped: the person picked two dates, and
    a report for dates they did not mean is worse than asking again.
    """
    if start > end:
        raise InvalidEntry(
            f"The period starts ({day_text(start)}) after it ends ({day_text(end)}); "
            "choose a start on or before the end.",
            "start",
        )
    latest = today + dt.timedelta(days=MAX_DAYS_AHEAD)
    if end > latest:
        raise InvalidEntry(
            f"The period ends on {day_text(end)}, in the future; choose an end on or before "
            f"{day_text(latest)}.",
            "end",
        )
    if (end - start).days + 1 > MAX_PERIOD_DAYS:
        raise InvalidEntry(
            f"A report covers at most {MAX_PERIOD_DAYS // 366} years; choose a later start.",
            "start",
        )


def notes_by(notes: Iterable[Note], end: dt.date) -> list[Note]:
    """The notes written by the end of day ``end`` (in any time zone), in the order given."""
    cutoff = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), dt.UTC)
    cutoff += LATEST_UTC_OFFSET
    return [note for note in notes if note.created_at < cutoff]


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
    kinds = [Kind.DOSE, Kind.SIDE_EFFECT, Kind.PAIN]
    with UnitOfWork(engine) as uow:
        patient = access.require_read(uow, actor, patient_id)
        maker = _maker_name(uow, actor)
        entries = uow.entries.list(patient_id, start, end, kinds)
        notes = notes_by(uow.care.notes(patient_id), end)
        flags = [flag for flag in uow.care.red_flags(patient_id) if start <= flag.day <= end]
        items = uow.care.plan(patient_id)
        since = min(start, end - dt.timedelta(days=WEEK_DAYS - 1))
        ticks = uow.care.ticks([patient_id], since, end).get(patient_id, [])
    # Judged as the Progress page would judge the period today: a period ending today has its
    # last day still being logged.
    loaded = service.load_assessment(
        engine, actor, patient_id, until=end, day_in_progress=max(end, now.date())
    )
    profile = loaded.profile
    progress = build_progress(loaded.history, profile, loaded.targets, start, end)
    by_kind: dict[Kind, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_kind[entry.kind].append(entry)
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
