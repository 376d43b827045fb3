"""The weight trend, and the rate of loss read from it.

Daily weights swing by 1-2 kg on water, salt and what is in the gut, so no rule ever compares
two raw weigh-ins. Two tools, each for what it does best:

* **Trend weight** (the line on the chart, the headline weight, the weight the protein and
  water targets scale with): exponential smoothing as in John Walker's *The Hacker's Diet*,
  where each day the trend moves 10 % of the way to that day's weigh-in. For irregular
  weigh-ins it is made time-aware (as the Libra app does): after a gap of ``g`` days the trend
  moves ``1 - 0.9**g`` of the way, exactly what ``g`` daily steps towards the same weight would
  give. Several weigh-ins on one day count as their mean.
* **Rate of loss**: the slope of the least-squares line through the daily weights of the
  trailing 28 days, in kg a week, divided by that line's value at the last weigh-in. A straight
  line fitted over four weeks averages the water swings out like the smoothed trend does, but
  it does not lag: the smoothed trend follows a steady loss about 9 days late, which would
  under-state a fast loss just when it matters. The rate is only given with at least 4 weigh-in
  days spanning at least 10 days in the window.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tracker.rules import targets as t

SMOOTHING_PER_DAY = 0.1
"""The Hacker's Diet: the trend closes 10 % of the gap to each day's weigh-in."""

DayValue = tuple[dt.date, float]


def _day(point: DayValue) -> dt.date:
    return point[0]


def daily_means(weighins: Iterable[DayValue]) -> list[DayValue]:
    """One weight a day, the mean of that day's weigh-ins, in date order."""
    sums: dict[dt.date, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for day, weight_kg in weighins:
        acc = sums[day]
        acc[0] += weight_kg
        acc[1] += 1
    return [(day, total / count) for day, (total, count) in sorted(sums.items())]


def smoothed(daily: Sequence[DayValue]) -> list[DayValue]:
    """The time-aware exponentially smoothed trend at each weigh-in day."""
    result: list[DayValue] = []
    if not daily:
        return result
    previous_day, trend_kg = daily[0]
    result.append((previous_day, trend_kg))
    keep = 1.0 - SMOOTHING_PER_DAY
    for day, weight_kg in daily[1:]:
        gap_days = (day - previous_day).days
        trend_kg += (1.0 - keep**gap_days) * (weight_kg - trend_kg)
        result.append((day, trend_kg))
        previous_day = day
    return result


@dataclass(frozen=True, slots=True)
class LossRate:
    """A rate of loss read from the weigh-ins of one window; a gain is a negative loss."""

    loss_kg_per_week: float
    loss_pct_per_week: float
    weighins: int
    first_day: dt.date
    last_day: dt.date
    fitted_end_kg: float


def window(daily: Sequence[DayValue], on: dt.date, days: int) -> list[DayValue]:
    """The daily weights in the ``days`` days ending on ``on`` (both ends included)."""
    start = on - dt.timedelta(days=days - 1)
    low = bisect.bisect_left(daily, start, key=_day)
    high = bisect.bisect_right(daily, on, key=_day)
    return list(daily[low:high])


def loss_rate(
    daily: Sequence[DayValue],
    on: dt.date,
    window_days: int = t.LOSS_WINDOW_DAYS,
    min_weighins: int = t.LOSS_MIN_WEIGHINS,
    min_span_days: int = t.LOSS_MIN_SPAN_DAYS,
) -> LossRate | None:
    """The rate of loss over the window ending on ``on``, or None if the weigh-ins are too few."""
    points = window(daily, on, window_days)
    return fit_rate(points, min_weighins, min_span_days)


def fit_rate(
    points: Sequence[DayValue],
    min_weighins: int = t.LOSS_MIN_WEIGHINS,
    min_span_days: int = t.LOSS_MIN_SPAN_DAYS,
) -> LossRate | None:
    if len(points) < min_weighins:
        return None
    first_day, last_day = points[0][0], points[-1][0]
    if (last_day - first_day).days < min_span_days:
        return None
    xs = [(day - first_day).days for day, _ in points]
    ys = [kg for _, kg in points]
    n = len(points)
    mean_x = sum(xs) / n
    mean_y = sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope_kg_per_day = sxy / sxx
    fitted_end_kg = mean_y + slope_kg_per_day * (xs[-1] - mean_x)
    loss_kg_per_week = -slope_kg_per_day * 7.0
    return LossRate(
        loss_kg_per_week=loss_kg_per_week,
        loss_pct_per_week=100.0 * loss_kg_per_week / fitted_end_kg,
        weighins=n,
        first_day=first_day,
        last_day=last_day,
        fitted_end_kg=fitted_end_kg,
    )


def latest_on_or_before(series: Sequence[DayValue], on: dt.date) -> DayValue | None:
    """The last (day, value) of a date-ordered series on or before ``on``."""
    index = bisect.bisect_right(series, on, key=_day)
    return series[index - 1] if index else None
