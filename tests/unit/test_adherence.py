"""The plan-adherence rule shared by the caseload, Today, the review page and the report."""

import datetime as dt
from dataclasses import replace

import pytest

from tracker.domain import PlanItem
from tracker.rules.adherence import last_week_pct, per_item

END = dt.date(2026, 11, 24)
START = END - dt.timedelta(days=84)  # 12 weeks and a day


def item(item_id: int, days_per_week: int, assigned: dt.date | None = None) -> PlanItem:
    plan_item = PlanItem(item_id, 7, "bridge", 3, 12, None, days_per_week)
    if assigned is None:
        return plan_item
    return replace(plan_item, assigned_at=dt.datetime.combine(assigned, dt.time(9), dt.UTC))


def days_back(item_id: int, *offsets: int) -> list[tuple[int, dt.date]]:
    return [(item_id, END - dt.timedelta(days=offset)) for offset in offsets]


def test_plan_days_count_at_most_the_days_a_week_in_each_week():
    start = END - dt.timedelta(days=13)  # two whole weeks
    [row] = per_item([item(1, 2)], days_back(1, *range(7)), start, END)
    assert (row.done_days, row.planned_days) == (2, 4)  # 7 ticks count 2: a week is not two
    assert row.pct == 50.0


def test_a_first_week_cut_short_plans_its_share_rounded_up():
    start = END - dt.timedelta(days=9)  # one week and a 3-day stub before it
    ticks = [(1, start), (1, start + dt.timedelta(days=1)), (2, END)]
    rows = per_item([item(1, 2), item(2, 3)], ticks, start, END)
    # twice a week: 2 × 3/7 = 0.86 → 1 planned in the stub; three times: 3 × 3/7 = 1.3 → 2
    assert [(r.done_days, r.planned_days) for r in rows] == [(1, 3), (1, 5)]


def test_ticks_outside_the_period_do_not_count():
    ticks = [(1, START - dt.timedelta(days=1)), (1, END + dt.timedelta(days=1))]
    [row] = per_item([item(1, 2)], ticks, START, END)
    assert row.done_days == 0
    assert row.planned_days == 25  # 12 weeks of 2, and a first day alone plans 1


def test_the_same_day_ticked_twice_counts_once():
    [row] = per_item([item(1, 3)], days_back(1, 0, 0, 0), END - dt.timedelta(days=6), END)
    assert (row.done_days, row.planned_days) == (1, 3)


def test_an_item_is_due_from_the_day_it_was_assigned():
    late = item(1, 2, assigned=END - dt.timedelta(days=2))
    [row] = per_item([late], days_back(1, 0), START, END)
    # Three days of a twice-a-week item: 2 × 3/7 = 0.86, rounded up to 1 planned, 1 done.
    assert (row.done_days, row.planned_days) == (1, 1)


def test_a_tick_before_the_utc_assignment_day_makes_the_item_due_from_that_tick():
    # Assigned at 02:00 UTC on END, ticked on the evening of END - 1 in California.
    tomorrow_in_utc = item(1, 2, assigned=END)
    [row] = per_item([tomorrow_in_utc], days_back(1, 1), START, END)
    assert (row.done_days, row.planned_days) == (1, 1)  # 2 days: 2 × 2/7 → 1


def test_an_item_assigned_after_the_period_plans_nothing():
    [row] = per_item([item(1, 2, assigned=END + dt.timedelta(days=3))], [], START, END)
    assert (row.done_days, row.planned_days, row.pct) == (0, 0, None)


@pytest.mark.parametrize(
    ("plan", "ticks", "expected"),
    [
        ([], [], None),  # no plan
        ([item(1, 2), item(2, 3)], [], 0.0),
        ([item(1, 2), item(2, 3)], days_back(1, 0, 2, 4) + days_back(2, 1), 60.0),  # (2+1)/5
        ([item(1, 2, assigned=END + dt.timedelta(days=1))], [], None),  # not due yet
        ([item(1, 2, assigned=END)], days_back(1, 0), 100.0),  # assigned today, done today
    ],
)
def test_last_week_pct_is_days_done_over_days_due_in_the_7_days(plan, ticks, expected):
    assert last_week_pct(plan, ticks, END) == expected
