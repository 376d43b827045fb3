"""A therapist's caseload: one row per shared patient, ordered by who needs attention first.

Pure: it takes histories and plans loaded in bulk and judges each patient with the same
guidance engine the patient sees.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tracker.domain import PlanItem, Profile, Share, User
from tracker.rules import adherence, guidance
from tracker.rules.guidance import SEVERITY, Finding, Status
from tracker.rules.history import History
from tracker.rules.targets import Targets
from tracker.views.display import STATUS_WORDS

SPARKLINE_WEEKS = 12


@dataclass(frozen=True)
class CaseloadRow:
    patient: User
    findings: list[Finding]
    worst: Status
    days_since_log: int | None
    """None: nothing logged yet."""
    loss_pct_per_week: float | None
    protein_g_per_kg: float | None
    strength_sessions: int
    adherence_pct: float | None
    """Share of the plan's exercise days done in the last 7 days; None without a plan."""
    trend_kg: list[float]
    """The trend weight at the end of each of the last weeks, oldest first (for a sparkline)."""
    muscle: str = ""
    """Strength kept and the function tests in a few words ("strength −16 %, tests watch");
    empty while neither can be judged."""

    @property
    def muscle_falling(self) -> bool:
        """Strength kept or the function tests need a look (a watch or an alert)."""
        return any(
            f.code in MUSCLE_CODES and f.status in (Status.WATCH, Status.ALERT)
            for f in self.findings
        )

    @property
    def has_open_red_flag(self) -> bool:
        return any(f.code == "red_flag" and f.status is Status.ALERT for f in self.findings)

    def as_dict(self) -> dict[str, object]:
        return {
            "email": self.patient.email,
            "name": self.patient.display_name,
            "worst": self.worst.value,
            "days_since_log": self.days_since_log,
            "loss_pct_per_week": self.loss_pct_per_week,
            "protein_g_per_kg": self.protein_g_per_kg,
            "strength_sessions_7d": self.strength_sessions,
            "plan_adherence_pct": self.adherence_pct,
            "muscle": self.muscle,
            "findings": [finding.as_dict() for finding in self.findings],
        }


MUSCLE_CODES = ("strength_kept", "function")


def muscle_words(findings: list[Finding]) -> str:
    """The latest strength and function status in a few words, for a caseload column."""
    by_code = {f.code: f for f in findings}
    parts = []
    kept = by_code.get("strength_kept")
    if kept is not None and kept.value is not None:
        sign = "+" if kept.value > 0 else "−" if kept.value < 0 else "±"
        parts.append(f"strength {sign}{abs(kept.value):.0f} %")
    tests = by_code.get("function")
    if tests is not None and tests.status is not Status.UNKNOWN:
        parts.append(f"tests {STATUS_WORDS[tests.status].lower()}")
    return ", ".join(parts)


def weekly_trend(history: History, on: dt.date, weeks: int = SPARKLINE_WEEKS) -> list[float]:
    points = []
    for back in range(weeks, -1, -1):
        trend = history.trend_kg(on - dt.timedelta(weeks=back))
        if trend is not None:
            points.append(round(trend, 2))
    return points


def row(
    patient: User,
    history: History,
    profile: Profile,
    targets: Targets,
    plan: list[PlanItem],
    ticks: list[tuple[int, dt.date]],
    last_day: dt.date | None,
    on: dt.date,
) -> CaseloadRow:
    findings = guidance.assess(history, profile, targets, on)
    by_code = {finding.code: finding for finding in findings}
    return CaseloadRow(
        patient=patient,
        findings=findings,
        worst=guidance.worst(findings),
        days_since_log=(on - last_day).days if last_day is not None else None,
        loss_pct_per_week=by_code["loss_rate"].value,
        protein_g_per_kg=by_code["protein_daily"].value,
        strength_sessions=len(history.sessions_in_week(on)),
        adherence_pct=adherence.last_week_pct(plan, ticks, on),
        trend_kg=weekly_trend(history, on),
        muscle=muscle_words(findings),
    )


def need_order(caseload_row: CaseloadRow) -> tuple:
    """An open red flag before everything; then alerts, then watches; within each, strength or
    function falling first, then the longest silent; then by name."""
    silent = caseload_row.days_since_log
    return (
        not caseload_row.has_open_red_flag,
        -SEVERITY[caseload_row.worst] if caseload_row.worst in (Status.ALERT, Status.WATCH) else 0,
        not caseload_row.muscle_falling,
        -(silent if silent is not None else 10_000),
        caseload_row.patient.display_name.lower(),
    )


def ordered(rows: list[CaseloadRow]) -> list[CaseloadRow]:
    return sorted(rows, key=need_order)


@dataclass(frozen=True)
class CaseloadView:
    """What the Caseload page shows, read in one go."""

    invitations: list[Share]
    """Patients who invited the therapist and wait for an answer."""
    rows: list[CaseloadRow]
    """Every patient sharing with the therapist, who needs attention first."""


STATUSES = tuple(Status)
"""The statuses a therapist can filter the caseload by, best first."""
