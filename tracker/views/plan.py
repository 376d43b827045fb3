"""A therapist's exercise plan as its patient and therapist see it: each exercise with its dose,
what was done today and how much of the last week's plan was done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.domain import PlanItem
from tracker.rules import adherence
from tracker.rules.exercises import BY_CODE, LIBRARY, LibraryExercise


@dataclass(frozen=True)
class PlanView:
    items: list[PlanItem]
    done_today: set[int]
    adherence_pct: float | None

    def exercise(self, item: PlanItem) -> LibraryExercise:
        return BY_CODE[item.exercise]


def build(items: list[PlanItem], ticks: Sequence[tuple[int, dt.date]], day: dt.date) -> PlanView:
    """The plan on ``day``, from its ticks of the week ending that day."""
    return PlanView(
        items=items,
        done_today={item_id for item_id, tick_day in ticks if tick_day == day},
        adherence_pct=adherence.last_week_pct(items, ticks, day),
    )


def dose_text(item: PlanItem) -> str:
    """'3 × 10', or '3 × 30 s hold' for a stretch."""
    if BY_CODE[item.exercise].is_stretch:
        return f"{item.sets} × {item.hold_s} s hold"
    return f"{item.sets} × {item.reps}"


def exercise_name(code: str) -> str:
    return BY_CODE[code].name


LIBRARY_CODES = tuple(exercise.code for exercise in LIBRARY)
"""The exercises a therapist may choose from, in the library's order."""
