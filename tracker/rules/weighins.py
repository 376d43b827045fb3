"""Is a weigh-in believable beside the one before it? A check on typing, not on the body."""

from __future__ import annotations

import datetime as dt

from tracker.rules.trends import DayValue

SWING_KG = 2.0
"""Edholm, Adam and Best, Ann Hum Biol 1974;1:3-12 ("Day-to-day weight changes in young men"):
about a third of day-to-day changes were 0.5 kg or more and 6 % were 1 kg or more. Twice that
between weigh-ins a day or two apart is more often a slip of the finger (82.4 typed as 28.4,
pounds as kilograms) or another scale than the body; the person is asked, never refused."""

WITHIN_DAYS = 1
"""Compared with the last weigh-in of the same day or the day before; further apart, a real
change can be larger, and the trend absorbs a single odd reading anyway."""


def jump_kg(weight_kg: float, day: dt.date, last: DayValue | None) -> float | None:
    """How far ``weight_kg`` (weighed on ``day``) is from ``last`` (a day's mean weigh-in),
    signed, when that is more than a body plausibly changes in a day; else None."""
    if last is None:
        return None
    last_day, last_kg = last
    if not 0 <= (day - last_day).days <= WITHIN_DAYS:
        return None
    change_kg = weight_kg - last_kg
    return change_kg if abs(change_kg) > SWING_KG else None
