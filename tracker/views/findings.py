"""The findings in the order a person acts on them, and the first steps of a new patient.

Progress leads with what to do: the findings that ask for action, the most urgent first, then
what cannot be judged yet with what to log to unlock it, and what is on track, folded away.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain import Profile
from tracker.rules.guidance import SEVERITY, Finding, Status
from tracker.rules.history import History

FIRST = 3
"""How many findings lead; the rest that need action wait one tap away."""

URGENCY = (
    "red_flag",  # some of its answers need care today
    "loss_rate",  # the pace that costs muscle, and the one the prescriber can change
    "low_bmi",
    "side_effects",  # vomiting and diarrhoea dry a body out and stop it eating
    "hydration",
    "protein_daily",
    "pain_trend",
    "protein_per_meal",
    "function",  # what the muscle can do: the app's purpose
    "strength_kept",
    "strength_early",
    "strength_frequency",
    "glute_focus",
    "activity",
    "lean_share",  # read over months: rarely the thing to do today
)
"""Within a status, which finding comes first."""


@dataclass(frozen=True)
class Arranged:
    first: list[Finding]
    """Up to ``FIRST`` findings that need action: alerts, then watches, by ``URGENCY``."""
    more: list[Finding]
    """The rest that need action, in the same order."""
    unknown: list[Finding]
    """Findings with too little logged to judge; each message says what to log."""
    on_track: list[Finding]


def arrange(findings: list[Finding]) -> Arranged:
    def rank(finding: Finding) -> tuple[int, int]:
        return (-SEVERITY[finding.status], URGENCY.index(finding.code))

    ordered = sorted(findings, key=rank)
    needing = [f for f in ordered if f.status in (Status.ALERT, Status.WATCH)]
    return Arranged(
        first=needing[:FIRST],
        more=needing[FIRST:],
        unknown=[f for f in ordered if f.status is Status.UNKNOWN],
        on_track=[f for f in ordered if f.status is Status.OK],
    )


CHART_OF = {
    "loss_rate": "loss_rate",
    "protein_daily": "protein",
    "protein_per_meal": "protein",
    "hydration": "water",
    "strength_frequency": "strength",
    "glute_focus": "strength",
    "strength_early": "strength",
    "activity": "activity",
    "lean_share": "body_composition",
    "strength_kept": "muscle",
    "function": "muscle",
    "side_effects": "side_effects",
    "pain_trend": "pain",
}
"""The chart that shows how a finding came about (``charts.KEYS``); BMI's is the weight chart,
always drawn, and red flags have none."""


@dataclass(frozen=True)
class MuscleKept:
    """The "Muscle kept" card: the lean share of the loss where body-composition readings can
    tell it, else what strength and function say, and which of them it is read from."""

    status: Status
    read_from: str
    """What the verdict rests on, in words; empty when nothing does yet."""
    message: str
    findings: list[Finding]
    """The findings it is read from."""


MUSCLE_FROM = {
    ("lean_share",): "the lean share of your loss, from body-composition readings",
    ("strength_kept",): "your leg and glute lifts (no body-composition readings to judge yet)",
    ("function",): "your function tests (no body-composition readings to judge yet)",
    ("strength_kept", "function"): "your leg and glute lifts and function tests (no "
    "body-composition readings to judge yet)",
}


def muscle_kept(findings: list[Finding]) -> MuscleKept:
    """Lean share when it can be judged; otherwise strength kept and the function tests, the
    more pressing status of the two standing for both."""
    by_code = {f.code: f for f in findings}
    lean = by_code.get("lean_share")
    if lean is not None and lean.status is not Status.UNKNOWN:
        return MuscleKept(lean.status, MUSCLE_FROM[("lean_share",)], lean.message, [lean])
    known = [
        by_code[code]
        for code in ("strength_kept", "function")
        if code in by_code and by_code[code].status is not Status.UNKNOWN
    ]
    if not known:
        return MuscleKept(
            Status.UNKNOWN,
            "",
            "Log body fat or lean mass some weeks apart, your leg and glute lifts with their "
            "loads, or a 30-second chair stand, and this card shows whether your muscle is "
            "being kept.",
            [],
        )
    status = max((f.status for f in known), key=SEVERITY.__getitem__)
    message = " ".join(f.message for f in known)
    return MuscleKept(status, MUSCLE_FROM[tuple(f.code for f in known)], message, known)


def chart_to_open(findings: list[Finding]) -> str | None:
    """The chart of the most urgent finding that asks for action, if it has one."""
    for finding in arrange(findings).first:
        if finding.code in CHART_OF:
            return CHART_OF[finding.code]
    return None


@dataclass(frozen=True)
class Step:
    """One thing a new patient sets up or logs first, and where to do it."""

    what: str
    done: bool
    page: str  # "settings" or "today"


def first_steps(history: History, profile: Profile) -> list[Step]:
    """What the findings need first: without these, most of them stay 'not enough data'."""
    started = bool(history.doses) or (
        profile.glp1_medicine is not None and profile.glp1_start is not None
    )
    return [
        Step("Your medicine and the day you started it", started, "settings"),
        Step("Your height (for BMI and protein)", profile.height_cm is not None, "settings"),
        Step("A first weigh-in", bool(history.weights), "today"),
        Step("A first meal's protein", bool(history.protein_g_by_day_meal), "today"),
        Step("A first glass of water", bool(history.water_ml_by_day), "today"),
    ]
