"""How much of a therapist's exercise plan a patient did: one rule for the caseload, the
patient's Today, the review page and the clinician report.

Weeks are counted back from the last day of the period, and in each week an item counts at most
its days a week, so doing an exercise every day of one week does not make up for a week missed.
An item is due from the day it was assigned, not before. A first week cut short (by the start of
the period or by the assignment) plans its share of the days a week, rounded up: a 3-day stub
of a twice-a-week item plans once.

The assignment is stored in UTC while ticks carry the patient's own day, so an item assigned
late in the evening west of Greenwich can be ticked "the day before" it was assigned; a tick
that early makes the item due from that tick.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tracker.domain import PlanItem
from tracker.rules.targets import WEEK_DAYS


@dataclass(frozen=True)
class ItemAdherence:
    item: PlanItem
    planned_days: int
    done_days: int

    @property
    def pct(self) -> float | None:
        return 100.0 * self.done_days / self.planned_days if self.planned_days else None


def per_item(
    items: Sequence[PlanItem],
    ticks: Iterable[tuple[int, dt.date]],
    start: dt.date,
    end: dt.date,
) -> list[ItemAdherence]:
    """Each plan item's days done against its days planned from ``start`` to ``end``."""
    ticked: dict[int, set[dt.date]] = defaultdict(set)
    for item_id, day in ticks:
        if start <= day <= end:
            ticked[item_id].add(day)
    rows = []
    for item in items:
        days_done = ticked[item.id]
        due_from = start
        if item.assigned_at is not None:
            assigned = item.assigned_at.date()
            due_from = max(start, min([assigned, *days_done]))
        planned = done = 0
        week_end = end
        while week_end >= due_from:
            week_start = max(due_from, week_end - dt.timedelta(days=WEEK_DAYS - 1))
            days = (week_end - week_start).days + 1
            due = min(days, math.ceil(item.days_per_week * days / WEEK_DAYS))
            planned += due
            done += min(due, sum(week_start <= day <= week_end for day in days_done))
            week_end -= dt.timedelta(days=WEEK_DAYS)
        rows.append(ItemAdherence(item, planned, done))
    return rows


def last_week_pct(
    items: Sequence[PlanItem], ticks: Iterable[tuple[int, dt.date]], on: dt.date
) -> float | None:
    """Plan days done in the 7 days to ``on`` over plan days due, as a percentage; None when
    nothing of the plan was due (no plan, or one assigned after ``on``)."""
    week = per_item(items, ticks, on - dt.timedelta(days=WEEK_DAYS - 1), on)
    planned = sum(row.planned_days for row in week)
    return 100.0 * sum(row.done_days for row in week) / planned if planned else None
