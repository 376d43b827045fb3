"""The Progress charts, read as figures: traces, lines and labels against values worked by hand."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from tracker.domain import Entry, Kind, Profile
from tracker.rules.history import History
from tracker.rules.targets import DEFAULT_TARGETS, Targets
from tracker.services import demo
from tracker.units import WaterUnit, WeightUnit
from tracker.views import charts, progress

D0 = dt.date(2026, 1, 5)  # a Monday
LB = Profile(weight_unit=WeightUnit.LB, water_unit=WaterUnit.FL_OZ)


def day(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


def iso(n: int) -> str:
    return day(n).isoformat()


def build(
    entries: list[Entry],
    days: int = 14,
    profile: Profile = Profile(),
    targets: Targets = DEFAULT_TARGETS,
    first: int = 0,
) -> progress.Progress:
    """The Progress of ``days`` days from ``day(first)`` for a hand-made log."""
    history = History.from_entries(entries)
    return progress.build(history, profile, targets, day(first), day(first + days - 1))


def weigh(n: int, kg: float) -> Entry:
    return Entry(Kind.WEIGHT, day(n), kg)


def trace(fig, name: str):
    matches = [tr for tr in fig.data if tr.name == name]
    assert len(matches) == 1, [tr.name for tr in fig.data]
    return matches[0]


def by_colour(fig, colour: str):
    matches = [tr for tr in fig.data if tr.type == "bar" and tr.marker.color == colour]
    return matches[0] if matches else None


def note_texts(fig) -> list[str]:
    return [note.text for note in fig.layout.annotations]


def hlines(fig, yref: str = "y") -> list[float]:
    return [
        s.y0 for s in fig.layout.shapes if s.type == "line" and s.xref == "paper" and s.yref == yref
    ]


# --- weight ---------------------------------------------------------------------------------


def test_weight_shows_each_weighin_as_a_dot_and_the_trend_from_the_first_weighin():
    p = build([weigh(2, 80.0), weigh(4, 79.0), weigh(7, 78.0)], days=10)
    fig = charts.weight(p)

    dots = trace(fig, "Weigh-ins")
    assert list(dots.x) == [iso(2), iso(4), iso(7)]
    assert list(dots.y) == [80.0, 79.0, 78.0]
    trend = trace(fig, "Trend")
    assert list(trend.x) == [iso(n) for n in range(2, 10)]  # no trend before the first weigh-in
    assert trend.y[0] == 80.0
    # two days later: 80 + (1 - 0.9^2) x (79 - 80) = 79.81
    assert trend.y[2] == pytest.approx(79.81)
    assert fig.layout.yaxis.title.text == "Weight (kg)"
    assert "kg" in dots.hovertemplate and "kg" in trend.hovertemplate


def test_weight_in_pounds_for_a_pounds_profile():
    p = build([weigh(0, 80.0)], days=7, profile=LB)
    fig = charts.weight(p)

    assert trace(fig, "Weigh-ins").y[0] == pytest.approx(176.37, abs=0.005)
    assert fig.layout.yaxis.title.text == "Weight (lb)"
    assert "lb" in trace(fig, "Trend").hovertemplate
    assert "Start 176.4 lb" in note_texts(fig)


def test_start_weight_line_sits_at_the_first_weighin_even_before_the_period():
    entries = [weigh(0, 98.0), weigh(3, 97.0), weigh(10, 96.0), weigh(12, 95.5)]
    p = build(entries, days=7, first=8)
    fig = charts.weight(p)

    assert 98.0 in hlines(fig)
    assert "Start 98.0 kg" in note_texts(fig)
    low, high = fig.layout.yaxis.range
    assert low < 95.5 and high > 98.0  # the axis keeps the start line in view


def test_gradual_loss_corridor_runs_half_to_one_percent_a_week_from_the_first_trend():
    p = build([weigh(n, 100.0) for n in range(15)], days=15)
    fig = charts.weight(p)

    corridor = [tr for tr in fig.data if tr.legendgroup == "corridor"]
    assert len(corridor) == 2
    assert all(list(tr.x) == [iso(0), iso(14)] for tr in corridor)
    ends = sorted(tr.y[1] for tr in corridor)
    assert ends == [pytest.approx(98.0), pytest.approx(99.0)]  # 2 weeks at 1 % and at 0.5 %
    assert all(tr.y[0] == 100.0 for tr in corridor)
    assert corridor[1].fill == "tonexty"
    assert corridor[1].name == "Gradual loss 0.5–1 % a week"


def test_corridor_follows_an_overridden_loss_target():
    targets = DEFAULT_TARGETS.with_overrides({"loss_ok_max_pct_per_week": 0.8})
    p = build([weigh(n, 100.0) for n in range(15)], days=15, targets=targets)
    corridor = [tr for tr in charts.weight(p).data if tr.legendgroup == "corridor"]

    assert sorted(tr.y[1] for tr in corridor) == [pytest.approx(98.4), pytest.approx(99.0)]


def test_dose_changes_are_marked_and_labelled_but_repeats_are_not():
    doses = [
        Entry(Kind.DOSE, day(n), mg, label="semaglutide")
        for n, mg in ((0, 0.25), (7, 0.25), (14, 0.5), (21, 0.5))
    ]
    p = build([weigh(n, 90.0) for n in range(0, 28, 2)] + doses, days=28)
    fig = charts.weight(p)

    marks = trace(fig, "Dose change")
    assert list(marks.x) == [iso(0), iso(14)]
    assert list(marks.text) == ["0.25 mg Semaglutide", "0.5 mg Semaglutide"]
    assert {"0.25 mg", "0.5 mg"} <= set(note_texts(fig))
    dotted = [s.x0 for s in fig.layout.shapes if s.line.dash == "dot"]
    assert dotted == [iso(0), iso(14)]


def test_dose_in_effect_before_the_period_is_no_change():
    doses = [Entry(Kind.DOSE, day(n), 1.0, label="tirzepatide") for n in (0, 7, 14)]
    p = build([weigh(n, 90.0) for n in range(21)] + doses, days=14, first=7)

    names = [tr.name for tr in charts.weight(p).data]
    assert "Dose change" not in names


def test_weight_is_none_without_a_weighin_in_the_period():
    p = build([weigh(0, 90.0), weigh(1, 89.0)], days=7, first=5)
    assert charts.weight(p) is None


# --- rate of loss ---------------------------------------------------------------------------


def steady_loss(days: int = 28) -> list[Entry]:
    return [weigh(n, 100.0 - 0.1 * n) for n in range(days)]


def bands(fig) -> list[tuple[float, float, str]]:
    return [(s.y0, s.y1, s.fillcolor) for s in fig.layout.shapes if s.type == "rect"]


def test_loss_rate_line_starts_once_ten_days_of_weighins_exist():
    fig = charts.loss_rate(build(steady_loss(), days=28))
    line = fig.data[0]

    assert line.x[0] == iso(10) and len(line.x) == 18
    # 0.1 kg a day = 0.7 kg a week, over the fitted end weight 100 - 2.7 = 97.3 kg
    assert line.y[-1] == pytest.approx(100 * 0.7 / 97.3)
    assert "%" in line.hovertemplate


def test_loss_rate_bands_sit_at_the_targets_and_move_with_an_override():
    default = bands(charts.loss_rate(build(steady_loss(), days=28)))
    (_, ok_top, ok_fill), (watch_low, watch_top, watch_fill), (alert_low, _, alert_fill) = default
    assert (ok_top, watch_low, watch_top, alert_low) == (1.0, 1.0, 1.5, 1.5)
    assert ok_fill == charts._tint(charts.OK, 0.13)
    assert watch_fill == charts._tint(charts.WATCH, 0.13)
    assert alert_fill == charts._tint(charts.ALERT, 0.13)

    targets = DEFAULT_TARGETS.with_overrides(
        {"loss_ok_max_pct_per_week": 0.75, "loss_watch_max_pct_per_week": 1.25}
    )
    moved = bands(charts.loss_rate(build(steady_loss(), days=28, targets=targets)))
    assert [(low, top) for low, top, _ in moved][1] == (0.75, 1.25)
    assert moved[2][0] == 1.25


def test_loss_rate_is_none_with_too_few_weighins():
    assert charts.loss_rate(build([weigh(0, 90.0), weigh(5, 89.0)])) is None


# --- protein --------------------------------------------------------------------------------


def meal(n: int, grams: float, label: str) -> Entry:
    return Entry(Kind.PROTEIN, day(n), grams, label=label)


def protein_log() -> list[Entry]:
    """At 80 kg: 96 g = 1.2 g/kg (ok), 80 g = 1.0 and 64 g = 0.8 (watch), 40 g = 0.5 (alert)."""
    return [
        weigh(0, 80.0),
        meal(0, 30, "breakfast"),
        meal(0, 30, "lunch"),
        meal(0, 36, "dinner"),
        meal(1, 40, "lunch"),
        meal(1, 40, "dinner"),
        meal(2, 64, "dinner"),
        meal(3, 20, "breakfast"),
        meal(3, 20, "dinner"),
    ]


def test_protein_bars_are_coloured_by_band():
    fig = charts.protein(build(protein_log(), days=7))

    assert list(by_colour(fig, charts.OK).x) == [iso(0)]
    assert list(by_colour(fig, charts.WATCH).x) == [iso(1), iso(2)]
    assert list(by_colour(fig, charts.ALERT).x) == [iso(3)]
    assert list(by_colour(fig, charts.WATCH).y) == [pytest.approx(1.0), pytest.approx(0.8)]
    assert list(by_colour(fig, charts.ALERT).customdata) == [40.0]  # grams, for the hover
    assert 1.2 in hlines(fig)
    assert "Target 1.2 g/kg" in note_texts(fig)


def test_protein_shows_meals_of_25_g_against_the_meals_target():
    fig = charts.protein(build(protein_log(), days=7))

    meals = trace(fig, "Meals ≥ 25 g")
    assert meals.yaxis == "y2"
    assert list(meals.x) == [iso(n) for n in range(4)]
    assert list(meals.y) == [3, 2, 1, 0]
    assert hlines(fig, "y2") == [3.0]


def test_protein_bands_follow_overridden_targets():
    targets = DEFAULT_TARGETS.with_overrides({"protein_ok_g_per_kg": 1.0})
    fig = charts.protein(build(protein_log(), days=7, targets=targets))

    assert list(by_colour(fig, charts.OK).x) == [iso(0), iso(1)]


def test_protein_is_none_without_protein():
    assert charts.protein(build([weigh(0, 80.0)])) is None


# --- water ----------------------------------------------------------------------------------


def test_water_in_fluid_ounces_against_half_the_weight_in_pounds():
    entries = [
        weigh(0, 80.0),
        Entry(Kind.WATER, day(0), 1000),
        Entry(Kind.WATER, day(0), 1000),
        Entry(Kind.WATER, day(2), 1500),
    ]
    fig = charts.water(build(entries, days=7, profile=LB))

    bars = trace(fig, "Water")
    assert list(bars.x) == [iso(0), iso(2)]
    assert list(bars.y) == [pytest.approx(67.628, abs=0.001), pytest.approx(50.721, abs=0.001)]
    target = trace(fig, "Daily target")
    assert len(target.x) == 7
    assert target.y[0] == pytest.approx(176.37 / 2, abs=0.005)  # 80 kg = 176.37 lb
    assert fig.layout.yaxis.title.text == "Water a day (fl oz)"
    assert "fl oz" in bars.hovertemplate


def test_water_in_ml_by_default_and_none_without_water():
    entries = [weigh(0, 80.0), Entry(Kind.WATER, day(1), 2000)]
    assert list(trace(charts.water(build(entries, days=7)), "Water").y) == [2000.0]
    assert charts.water(build([weigh(0, 80.0)])) is None


# --- strength and activity ------------------------------------------------------------------


def session(n: int, focus: str) -> Entry:
    return Entry(Kind.STRENGTH, day(n), 45, label=focus)


def sessions_log() -> list[Entry]:
    # Two weeks ending on day 13: days 0-6 hold a glute and an upper-body session, 7-13 legs.
    return [session(0, "glutes"), session(2, "upper"), session(9, "lower")]


def test_strength_stacks_glute_sessions_under_the_rest():
    fig = charts.strength(build(sessions_log()))

    glutes, other = trace(fig, "Glutes or legs"), trace(fig, "Other sessions")
    assert list(glutes.x) == [iso(6), iso(13)]  # each bar stands at its week's last day
    assert list(glutes.y) == [1, 1]
    assert list(other.y) == [1, 0]
    assert list(other.customdata) == [2, 1]  # the week's total, for the hover
    assert fig.layout.barmode == "stack"


def test_strength_target_is_three_a_week_from_65_and_two_before():
    born_1956 = Profile(birth_year=1956)  # 70 in 2026
    older = charts.strength(build(sessions_log(), profile=born_1956))
    assert hlines(older) == [3.0]
    assert "Target 3 a week" in note_texts(older)
    assert hlines(charts.strength(build(sessions_log()))) == [2.0]


def test_a_week_cut_short_by_the_period_is_drawn_faded_and_narrower():
    fig = charts.strength(build(sessions_log(), days=10, first=4))  # weeks of 3 and 7 days

    bars = trace(fig, "Glutes or legs")
    assert list(bars.marker.opacity) == [0.45, 1.0]
    assert bars.width[0] == pytest.approx((3 - 0.3) * charts.DAY_MS)
    assert bars.width[1] == pytest.approx((7 - 0.3) * charts.DAY_MS)


def test_activity_bars_by_band_against_the_target_and_watch_lines():
    entries = [
        Entry(Kind.ACTIVITY, day(1), 100, label="walk"),
        Entry(Kind.ACTIVITY, day(3), 60, label="walk"),
        Entry(Kind.ACTIVITY, day(8), 80, label="cycle"),
    ]
    fig = charts.activity(build(entries))

    assert list(by_colour(fig, charts.OK).y) == [160.0]
    assert list(by_colour(fig, charts.WATCH).x) == [iso(13)]
    assert by_colour(fig, charts.ALERT) is None
    assert sorted(hlines(fig)) == [75.0, 150.0]
    assert {"Target 150 min", "75 min"} <= set(note_texts(fig))


def test_strength_and_activity_are_none_when_nothing_of_the_kind_is_logged():
    p = build([weigh(0, 80.0)])
    assert charts.strength(p) is None
    assert charts.activity(p) is None


# --- body composition -----------------------------------------------------------------------


def composition_log() -> list[Entry]:
    return [
        weigh(0, 100.0),
        Entry(Kind.LEAN_MASS, day(0), 50.0),
        weigh(14, 90.0),
        Entry(Kind.LEAN_MASS, day(14), 46.8),
    ]


def test_body_composition_title_gives_the_lean_share_of_the_loss():
    fig = charts.body_composition(build(composition_log(), days=15))

    # 10 kg lost, 3.2 kg of it lean: 32 %
    assert fig.layout.title.text == "Lean mass: 32 % of the loss in this period"
    assert list(trace(fig, "Lean mass").y) == [50.0, pytest.approx(46.8)]
    assert list(trace(fig, "Fat mass").y) == [50.0, pytest.approx(43.2)]


def test_body_composition_in_pounds():
    fig = charts.body_composition(build(composition_log(), days=15, profile=LB))

    assert trace(fig, "Lean mass").y[0] == pytest.approx(110.23, abs=0.005)
    assert fig.layout.yaxis.title.text == "Mass (lb)"
    assert (
        fig.layout.title.text == "Lean mass: 32 % of the loss in this period"
    )  # a share has no unit


def test_body_composition_gives_no_share_for_one_reading_or_a_tiny_loss():
    one = build(composition_log()[:2], days=7)
    assert charts.body_composition(one).layout.title.text == "Lean and fat mass"
    tiny = [
        weigh(0, 100.0),
        Entry(Kind.LEAN_MASS, day(0), 50.0),
        weigh(14, 99.0),
        Entry(Kind.LEAN_MASS, day(14), 49.0),
    ]
    assert charts.body_composition(build(tiny, days=15)).layout.title.text == "Lean and fat mass"
    assert charts.body_composition(build([weigh(0, 90.0)])) is None


# --- symptoms and medicine ------------------------------------------------------------------


def effect(n: int, name: str, grade: int) -> Entry:
    return Entry(Kind.SIDE_EFFECT, day(n), grade, label=name)


def test_side_effects_are_squares_by_day_coloured_by_the_days_worst_severity():
    p = build(
        [
            effect(1, "nausea", 1),
            effect(1, "nausea", 3),  # the day's worst counts
            effect(2, "fatigue", 2),
            effect(3, "nausea", 0),
        ]
    )
    fig = charts.side_effects(p)

    severe, moderate, none = trace(fig, "Severe"), trace(fig, "Moderate"), trace(fig, "None")
    assert (list(severe.x), list(severe.y)) == ([iso(1)], ["Nausea"])
    assert (list(moderate.x), list(moderate.y)) == ([iso(2)], ["Fatigue"])
    assert list(none.x) == [iso(3)]
    assert severe.marker.color == charts.ALERT and moderate.marker.color == charts.WATCH
    assert [tr.name for tr in fig.data] == ["None", "Moderate", "Severe"]  # no empty 'Mild'
    # Nausea comes first in the list of effects, so it sits at the top.
    assert list(fig.layout.yaxis.categoryarray) == ["Fatigue", "Nausea"]
    assert fig.layout.height < charts.HEIGHT  # two rows: no tall empty band between them
    assert "%{x|" in severe.hovertemplate  # the hover says which day


def test_side_effects_outside_the_period_are_not_drawn():
    assert charts.side_effects(build([effect(20, "nausea", 2)])) is None


def pain_at(n: int, score: int) -> Entry:
    return Entry(Kind.PAIN, day(n), score, label="left_buttock")


def glute_session(n: int) -> Entry:
    return Entry(Kind.STRENGTH, day(n), 30, label="glutes")


def test_pain_is_the_days_worst_score_against_the_strength_sessions():
    p = build(
        [pain_at(1, 3), pain_at(1, 6), pain_at(4, 5)]
        + [glute_session(2), glute_session(2), glute_session(5)]
    )
    fig = charts.pain(p)

    line = trace(fig, "Worst pain of the day")
    assert (list(line.x), list(line.y)) == ([iso(1), iso(4)], [6.0, 5.0])
    bars = trace(fig, "Strength sessions")
    assert (list(bars.x), list(bars.y)) == ([iso(2), iso(5)], [2.0, 1.0])
    assert bars.yaxis == "y2"
    assert list(fig.layout.yaxis.range) == [0, 10.5]
    assert hlines(fig) == [7]  # the severe line, where the log offers the red-flag check


def test_no_pain_logged_gives_no_pain_chart_even_with_sessions():
    assert charts.pain(build([glute_session(2)])) is None


def dose(n: int, mg: float) -> Entry:
    return Entry(Kind.DOSE, day(n), mg, label="semaglutide")


def test_the_medicine_level_sits_under_the_weight_chart_on_the_same_days():
    p = build([weigh(0, 90.0), dose(0, 0.25), dose(7, 0.25), weigh(10, 89.0)], days=14)
    keys = [fig.layout.meta for fig in charts.figures(p)]
    assert keys[:2] == ["weight", charts.LEVEL_KEY]

    level = charts.medication_level(p)
    assert list(level.layout.xaxis.range) == [f"{iso(-1)} 12:00", f"{iso(13)} 12:00"]
    assert "not a measurement" in level.layout.title.text
    assert list(trace(level, "Doses").x) == [f"{iso(0)} 12:00", f"{iso(7)} 12:00"]


def test_a_dose_before_the_period_still_shows_its_level_in_it():
    p = build([dose(0, 0.5)], days=7, first=3)
    level = charts.medication_level(p)
    curve = trace(level, "Estimated level")
    # Three days after a weekly dose, past its peak: the level falls through the period.
    assert curve.y[0] > curve.y[-1] > 0
    assert [tr.name for tr in level.data] == ["Estimated level"]  # the dose itself is off-chart


def test_no_dose_by_the_end_of_the_period_gives_no_level_chart():
    assert charts.medication_level(build([weigh(0, 90.0), dose(20, 0.25)])) is None


# --- the set --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_progress() -> progress.Progress:
    today = dt.date(2026, 3, 1)
    history = History.from_entries(demo.patient_entries(today))
    profile = demo.patient_profile(today)
    return progress.build(history, profile, DEFAULT_TARGETS, history.first_day, today)


def test_figures_are_keyed_uniquely_in_page_order(demo_progress):
    keys = [fig.layout.meta for fig in charts.figures(demo_progress)]
    assert keys == list(charts.KEYS)


def test_every_figure_reads_on_a_phone(demo_progress):
    period = [demo_progress.start, demo_progress.end]
    for fig in charts.figures(demo_progress):
        layout = fig.layout
        # Strips: the level under the weight chart, and side effects, a row for each effect.
        strip = layout.meta in (charts.LEVEL_KEY, "side_effects")
        # Strength and function: a band for the lifts and one for each test, each titled.
        bands = [note for note in layout.annotations if note.yref == "paper"]
        more = len(bands) - 1 if layout.meta == charts.MUSCLE_KEY else 0
        assert (180 if strip else 300) <= layout.height <= 340 + charts.MUSCLE_TEST_HEIGHT * more
        assert layout.title.text
        if layout.meta == charts.MUSCLE_KEY:
            assert bands and all(note.text for note in bands)
        else:
            assert layout.yaxis.title.text or layout.yaxis.type == "category"
        assert layout.legend.orientation == "h"
        assert layout.margin.l <= 10 and layout.margin.r <= 10
        assert layout.xaxis.type == "date"
        assert layout.hovermode in ("x unified", "closest")
        assert "%Y" in layout.xaxis.hoverformat
        start, end = (dt.date.fromisoformat(edge[:10]) for edge in layout.xaxis.range)
        assert [start + dt.timedelta(days=1), end] == period  # half a day either side
        assert layout.template.layout.plot_bgcolor == "white"
        for tr in fig.data:
            assert tr.hoverinfo == "skip" or "<extra></extra>" in tr.hovertemplate


def test_an_empty_history_gives_no_figures():
    p = build([])
    assert [build_one(p) for build_one in charts.BUILDERS] == [None] * len(charts.KEYS)
    assert charts.figures(p) == []


def test_figures_carry_arrays_not_a_shape_per_point(demo_progress):
    for fig in charts.figures(demo_progress):
        assert len(fig.layout.shapes) <= 12
        assert len(fig.layout.annotations) <= 12
        assert all(isinstance(tr.x, np.ndarray | list | tuple) for tr in fig.data)
