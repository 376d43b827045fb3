"""The weight trend and the rate of loss, against values worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.rules import trends

D0 = dt.date(2026, 1, 1)


def day(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


def test_several_weighins_on_a_day_count_as_their_mean():
    assert trends.daily_means([(day(1), 80.0), (day(0), 81.0), (day(1), 79.0)]) == [
        (day(0), 81.0),
        (day(1), 79.5),
    ]


def test_trend_moves_a_tenth_of_the_gap_each_day():
    trend = trends.smoothed([(day(0), 100.0), (day(1), 90.0), (day(2), 90.0)])
    # 100 + 0.1 x (90 - 100) = 99; then 99 + 0.1 x (90 - 99) = 98.1
    assert trend == [(day(0), 100.0), (day(1), 99.0), (day(2), pytest.approx(98.1))]


def test_trend_after_a_gap_moves_as_far_as_daily_steps_would():
    trend = trends.smoothed([(day(0), 100.0), (day(2), 90.0)])
    # two days: 1 - 0.9^2 = 0.19 of the gap, 100 - 1.9 = 98.1, as two daily steps towards 90
    assert trend[-1][1] == pytest.approx(98.1)


def test_one_heavy_day_moves_the_trend_a_tenth_as_much():
    steady = [(day(n), 80.0) for n in range(10)]
    trend = trends.smoothed([*steady, (day(10), 82.0)])
    assert trend[-1][1] == pytest.approx(80.2)  # a 2 kg water swing shows as 0.2 kg


def test_rate_of_a_steady_loss():
    # 100 kg losing 1 kg a week, weighed weekly: slope -1/7 kg a day; line ends at 97 kg.
    points = [(day(0), 100.0), (day(7), 99.0), (day(14), 98.0), (day(21), 97.0)]
    rate = trends.loss_rate(points, on=day(21))
    assert rate.loss_kg_per_week == pytest.approx(1.0)
    assert rate.fitted_end_kg == pytest.approx(97.0)
    assert rate.loss_pct_per_week == pytest.approx(100 / 97)  # 1.0309 % of body weight a week


def test_daily_linear_loss_of_0_2_kg():
    points = [(day(n), 100.0 - 0.2 * n) for n in range(28)]
    rate = trends.loss_rate(points, on=day(27))
    # 1.4 kg a week from a line that ends at 100 - 0.2 x 27 = 94.6 kg: 1.4 / 94.6 = 1.4799 %
    assert rate.loss_kg_per_week == pytest.approx(1.4)
    assert rate.loss_pct_per_week == pytest.approx(1.4799, abs=1e-4)


def test_water_swings_mirrored_about_the_middle_do_not_change_the_rate():
    line = [(day(n), 100.0 - 0.1 * n) for n in range(28)]
    swung = [(d, kg + (1.5 if n in (3, 24) else 0.0)) for n, (d, kg) in enumerate(line)]
    assert trends.loss_rate(swung, day(27)).loss_kg_per_week == pytest.approx(0.7)


def test_a_gain_is_a_negative_loss():
    points = [(day(0), 80.0), (day(7), 80.5), (day(14), 81.0), (day(21), 81.5)]
    assert trends.loss_rate(points, day(21)).loss_kg_per_week == pytest.approx(-0.5)


@pytest.mark.parametrize(
    "days, expected",
    [
        ((0, 3, 6), None),  # 3 weigh-ins: too few
        ((0, 3, 6, 9), None),  # 4 weigh-ins over 9 days: too close together
        ((0, 3, 6, 10), "rate"),  # 4 weigh-ins over 10 days: enough
    ],
)
def test_rate_needs_four_weighins_over_ten_days(days, expected):
    points = [(day(n), 90.0 - 0.1 * n) for n in days]
    rate = trends.loss_rate(points, on=day(max(days)))
    assert (rate is None) == (expected is None)


def test_rate_only_reads_the_trailing_28_days():
    old = [(day(0), 120.0)]  # 28 days before day 28: outside the window
    recent = [(day(n), 90.0) for n in (1, 8, 15, 22, 28)]
    rate = trends.loss_rate(old + recent, on=day(28))
    assert rate.weighins == 5
    assert rate.loss_kg_per_week == pytest.approx(0.0)
    assert trends.loss_rate(old + recent, on=day(27)).weighins == 5  # day 0 is now inside


def test_rate_ignores_weighins_after_the_day_asked_about():
    points = [(day(n), 100.0 - 0.1 * n) for n in range(20)] + [(day(25), 50.0)]
    assert trends.loss_rate(points, on=day(19)).loss_kg_per_week == pytest.approx(0.7)


def test_latest_on_or_before():
    series = [(day(0), 1.0), (day(5), 2.0)]
    assert trends.latest_on_or_before(series, day(4)) == (day(0), 1.0)
    assert trends.latest_on_or_before(series, day(5)) == (day(5), 2.0)
    assert trends.latest_on_or_before(series, day(-1)) is None
