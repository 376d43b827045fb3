"""The medication picture as tables a person reads: dose steps, dose timing, loss on each step.

Pure: ``tracker.rules.medication`` works the picture out; this turns it into words and the patient's
units, once, for the Progress page, the therapist's review and the clinician report alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from tracker.domain import Medicine
from tracker.rules import guidance, medicines
from tracker.rules.medication import DoseGap, DoseStep, StepChange, StepLoss, Timing
from tracker.rules.targets import Targets
from tracker.units import WeightUnit, format_number
from tracker.views.display import STATUS_WORDS, weight_text

STEP_COLUMNS = ["Medicine", "Dose", "From", "To", "Weeks", "Doses", "Label", "Note"]
TIMING_COLUMNS = ["Medicine", "Dose before", "Next dose", "Days apart", "What happened"]
LOSS_COLUMNS = ["Medicine", "Dose", "From", "To", "Weeks", "Loss a week", "% a week", "Pace"]


def day_text(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def mg_text(dose_mg: float) -> str:
    return f"{dose_mg:g} mg"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def label_text(step: DoseStep) -> str:
    """Where the dose sits on its label's escalation."""
    escalation, brand = step.escalation, medicines.name(step.medicine)
    if escalation is None:
        return "brand not given" if step.medicine is not Medicine.OTHER else "no label schedule"
    index = escalation.index(step.dose_mg)
    if index is None:
        return f"not a {brand} step"
    return f"{brand} step {index + 1} of {len(escalation.steps_mg)}"


def step_note(step: DoseStep, latest: bool = True) -> str:
    """What a prescriber would remark on: an early step up, skipped steps, and for the latest
    step what the label allows next."""
    notes = []
    if step.change is StepChange.SWITCH:
        notes.append("switched medicine")
    elif step.change is StepChange.DOWN:
        notes.append("stepped down")
    if step.early and step.doses_asked_before is not None:
        asked = _plural(step.doses_asked_before, "dose")
        notes.append(f"stepped up early: the label asks for {asked} of the dose before")
    if step.skipped_steps:
        notes.append(f"skipped {_plural(step.skipped_steps, 'label step')}")
    if not latest:
        pass
    elif step.next_mg is not None and step.next_from is not None:
        notes.append(f"label's next step {mg_text(step.next_mg)} from {day_text(step.next_from)}")
    elif step.on_label:
        notes.append("the label's top dose")
    return "; ".join(notes)


def steps_table(steps: Sequence[DoseStep]) -> pd.DataFrame:
    """Each dose step against the label's escalation schedule, the latest last."""
    return pd.DataFrame(
        [
            {
                "Medicine": medicines.name(step.medicine),
                "Dose": mg_text(step.dose_mg),
                "From": day_text(step.first_day),
                "To": day_text(step.end_day),
                "Weeks": format_number(step.weeks, 1),
                "Doses": step.doses,
                "Label": label_text(step),
                "Note": step_note(step, latest=number == len(steps)),
            }
            for number, step in enumerate(steps, start=1)
        ],
        columns=STEP_COLUMNS,
    )


def timing_text(gap: DoseGap) -> str:
    if gap.timing is Timing.MISSED:
        text = f"{_plural(gap.missed, 'dose')} missed"
    elif gap.timing is Timing.LATE:
        text = f"{_plural(gap.days_late, 'day')} late"
    elif gap.timing is Timing.TOO_SOON:
        text = "too soon after the dose before"
    else:
        text = "on time"
    if gap.open:
        text = f"overdue: {text} so far"
    if gap.restart_per_label:
        text += "; the label says to ask the prescriber before restarting at this dose"
    return text


def timing_table(gaps: Sequence[DoseGap]) -> pd.DataFrame:
    """The late, missed and too-early doses (doses on time are left out)."""
    return pd.DataFrame(
        [
            {
                "Medicine": medicines.name(gap.medicine),
                "Dose before": day_text(gap.previous_day),
                "Next dose": f"none by {day_text(gap.day)}" if gap.open else day_text(gap.day),
                "Days apart": gap.gap_days,
                "What happened": timing_text(gap),
            }
            for gap in gaps
            if gap.timing is not Timing.ON_TIME
        ],
        columns=TIMING_COLUMNS,
    )


def loss_rows(
    losses: Sequence[StepLoss], weight_unit: WeightUnit, targets: Targets
) -> pd.DataFrame:
    """The trend rate of loss on each dose step, judged as the loss-rate finding judges it."""
    rows = []
    for loss in losses:
        step, rate = loss.step, loss.rate
        rows.append(
            {
                "Medicine": medicines.name(step.medicine),
                "Dose": mg_text(step.dose_mg),
                "From": day_text(step.first_day),
                "To": day_text(step.end_day),
                "Weeks": format_number(step.weeks, 1),
                "Loss a week": weight_text(rate.loss_kg_per_week, weight_unit, 2) if rate else "–",
                "% a week": format_number(rate.loss_pct_per_week, 2) if rate else "–",
                "Pace": STATUS_WORDS[guidance.loss_rate(rate, targets).status],
            }
        )
    return pd.DataFrame(rows, columns=LOSS_COLUMNS)
