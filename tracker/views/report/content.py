"""Everything the clinician report shows, gathered for one patient and one period.

The same shape as the services: access is checked first (a patient gets only their own
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
from collections.abc import Iterable
from dataclasses import dataclass, field

import plotly.graph_objects as go

from tracker.domain import (
    Entry,
    FunctionResult,
    InvalidEntry,
    Note,
    Profile,
    RedFlagReport,
    User,
)
from tracker.rules import adherence
from tracker.rules.medication import MedicationPicture
from tracker.rules.strength import StrengthKept
from tracker.views.progress import Progress

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
    """``tracker.views.charts.figures(progress)``, in the Progress page's order."""
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
    strength: StrengthKept | None = None
    """The main lower-body lifts of the 4 weeks to ``end`` against the baseline, as the
    strength-kept finding compares them (``History.strength_kept``); None: not enough to
    compare."""
    function_tests: list[Entry] = field(default_factory=list)
    """The function test results in the period (chair stand, five times sit-to-stand, grip,
    gait speed), in log order, with where each was done (``TestedAt``) as the label."""
    earlier_results: list[FunctionResult] = field(default_factory=list)
    """Every function test result before the period, in date order: what the first result of
    each test in the period is compared with."""
    sarc_f: list[Entry] = field(default_factory=list)
    """Every SARC-F up to ``end``, in log order, with its answers as the label when given."""

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
