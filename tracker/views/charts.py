"""The Progress page's charts: a ``Progress`` turned into Plotly figures in the patient's units.

Pure: no Streamlit, no I/O. Each builder returns a figure, or None when the period holds nothing
for it to show; ``figures`` gathers the ones there are, each keyed by ``layout.meta``.

Built for a phone (390 px) as much as a desktop: a fixed height, the legend below the plot, one
hover label per date (``x unified``), and no drag-to-zoom, so a finger scrolls the page instead
of zooming the chart. Built for speed too: years of daily data go in as a few NumPy arrays, a
status is shown by splitting bars into one trace per band (not a colour per bar), and a target
is one shape, never a shape or annotation per point.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from tracker.domain import SEVERITY_WORDS, FunctionTest, Medicine
from tracker.rules import function_tests, medication, medicines, redflags
from tracker.rules import targets as t
from tracker.rules.guidance import TOLERANCE
from tracker.units import KG_PER_LB, ML_PER_FL_OZ, WaterUnit, WeightUnit, format_number
from tracker.views.chart_style import (
    ALERT,
    DATE_HOVER,
    FAT,
    HEIGHT,
    LIGHT,
    OK,
    RAW,
    TARGET,
    TREND,
    WATCH,
    time_layout,
)
from tracker.views.display import SIDE_EFFECT_NAMES
from tracker.views.progress import Progress

# --- sizes and keys -------------------------------------------------------------------------

PROTEIN_HEIGHT = 340
"""The protein chart carries a strip of meals under its bars."""

LEVEL_TITLE = "Estimated medicine level (a model, not a measurement)"
LEVEL_KEY = "medication_level"
LEVEL_HEIGHT = 240
"""A strip under the weight chart: lower than the main charts, with the same x axis."""
LEVEL_COLOURS = (TREND, FAT, RAW)
LEVEL_HOVER = "%a %-d %b %Y %H:%M"


MUSCLE_KEY = "muscle"
MUSCLE_LIFTS_HEIGHT = 220
MUSCLE_TEST_HEIGHT = 120
MUSCLE_FRAME_HEIGHT = 80
"""The strength-and-function chart grows by a band for each test done: the title and legend
take ``MUSCLE_FRAME_HEIGHT``, the lifts ``MUSCLE_LIFTS_HEIGHT``, each test a shorter band."""
MUSCLE_GAP = 0.06
"""The gap between bands, as a share of the plot's height."""
MAX_LIFTS_DRAWN = 4
"""The most-logged exercises drawn; more lines than this tangle on a phone."""
LIFT_COLOURS = (TREND, FAT, RAW, LIGHT)

KEYS = (
    "weight",
    LEVEL_KEY,
    MUSCLE_KEY,
    "loss_rate",
    "protein",
    "water",
    "side_effects",
    "strength",
    "activity",
    "pain",
    "body_composition",
)
"""Each figure's ``layout.meta``, in the order ``figures`` returns them."""


DAY_MS = 86_400_000
"""A date axis measures bar widths and offsets in milliseconds."""
DAILY_GAP_MAX_DAYS = 90
"""Daily bars keep a gap between them up to this many days; past it a bar is under 4 px wide on
a phone, so they touch instead of flickering."""
DOSE_LABEL_SPACING = 24
"""At most about this many dose labels fit across a phone-wide chart; closer ones go unlabelled
(their dotted line and hover stay)."""


DOSE_LABEL = {"yref": "paper", "yanchor": "bottom", "xanchor": "left", "textangle": -90}
"""Dose labels read upwards from the foot of their dotted line, just right of it."""
WEEK_HOVER = "Week to %-d %b %Y"


# --- helpers --------------------------------------------------------------------------------


def _n(value: float, decimals: int = 1) -> str:
    return format_number(value, decimals)


def _tint(colour: str, alpha: float) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def _dates(values) -> np.ndarray:
    """Days as 'YYYY-MM-DD' strings: short to send, and read as dates by the axis."""
    return np.datetime_as_string(np.asarray(values, dtype="datetime64[D]"), unit="D")


def _weight_factor(p: Progress) -> tuple[float, str]:
    return (1.0 / KG_PER_LB, "lb") if p.weight_unit is WeightUnit.LB else (1.0, "kg")


def _water_factor(p: Progress) -> tuple[float, str, str]:
    """Factor from ml, unit label, and hover number format."""
    if p.water_unit is WaterUnit.FL_OZ:
        return 1.0 / ML_PER_FL_OZ, "fl oz", ".0f"
    return 1.0, "ml", ",.0f"


def _x_range(p: Progress) -> list[str]:
    """The period, whole days: from the middle of the night before to that after."""
    before = (pd.Timestamp(p.start) - pd.Timedelta(hours=12)).strftime("%Y-%m-%d %H:%M")
    after = (pd.Timestamp(p.end) + pd.Timedelta(hours=12)).strftime("%Y-%m-%d %H:%M")
    return [before, after]


def _layout(p: Progress, key: str, title: str, y_title: str, **extra) -> dict:
    return time_layout(key, title, y_title, _x_range(p), **extra)


def _note(x: float | str, y: float, text: str, colour: str, **placement) -> dict:
    """A short label on a half-opaque white ground, readable over bars and dots."""
    return {
        "x": x,
        "y": y,
        "text": text,
        "showarrow": False,
        "font": {"size": 11, "color": colour},
        "bgcolor": "rgba(255,255,255,0.8)",
        "borderpad": 1,
        **placement,
    }


def _hline(
    y: float, text: str, colour: str = TARGET, dash: str = "dash", yref: str = "y"
) -> tuple[dict, dict]:
    """A horizontal target line across the plot (a shape) and its label at the right end."""
    shape = {
        "type": "line",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "yref": yref,
        "y0": y,
        "y1": y,
        "line": {"color": colour, "width": 1.5, "dash": dash},
    }
    label = _note(1, y, text, colour, xref="paper", yref=yref, xanchor="right", yanchor="bottom")
    return shape, label


def _lines(*lines: tuple[dict, dict]) -> dict[str, list[dict]]:
    """Layout ``shapes`` and ``annotations`` for target lines made by ``_hline``."""
    return {"shapes": [shape for shape, _ in lines], "annotations": [note for _, note in lines]}


def _band_status(values: np.ndarray, ok_from: float, alert_below: float) -> np.ndarray:
    """0 ok (reaches ``ok_from``), 1 watch, 2 alert (under ``alert_below``), as guidance judges."""
    return np.where(
        values >= ok_from - TOLERANCE, 0, np.where(values >= alert_below - TOLERANCE, 1, 2)
    )


def _banded_bars(
    x: np.ndarray,
    y: np.ndarray,
    status: np.ndarray,
    names: tuple[str, str, str],
    hover: str,
    **per_point: np.ndarray | float,
) -> list[go.Bar]:
    """One bar trace per status band present, coloured ok/watch/alert.

    A trace per band rather than a colour per bar: Plotly checks a colour list item by item,
    about 10 ms for three years of days, and a legend entry per band says what a colour means.
    ``per_point`` arrays (customdata, width, offset, opacity) are split with the bars.
    """
    bars = []
    for band, (name, colour) in enumerate(zip(names, (OK, WATCH, ALERT), strict=True)):
        mask = status == band
        if not mask.any():
            continue
        extra = {
            k: (v[mask] if isinstance(v, np.ndarray) and v.shape[:1] == mask.shape else v)
            for k, v in per_point.items()
        }
        opacity = extra.pop("opacity", None)
        bars.append(
            go.Bar(
                x=x[mask],
                y=y[mask],
                name=name,
                marker={"color": colour, "opacity": opacity},
                hovertemplate=hover,
                **extra,
            )
        )
    return bars


def _daily_bar_width(p: Progress) -> float:
    days = (p.end - p.start).days + 1
    return DAY_MS * (0.8 if days <= DAILY_GAP_MAX_DAYS else 1.0)


def _weekly_geometry(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Offset, width and opacity that draw each weekly bar across the days it counts.

    A bar stands at its week's last day; the offset reaches back over the week's ``days`` days
    (the first week may be cut short by the period), so weekly bars line up with daily charts.
    A week cut short is drawn faded: its count is not a full week's.
    """
    days = days.astype("float64")
    gap = 0.15
    offset = -(days - 0.5 - gap) * DAY_MS
    width = (days - 2 * gap) * DAY_MS
    opacity = np.where(days < t.WEEK_DAYS, 0.45, 1.0)
    return offset, width, opacity


# --- the charts -----------------------------------------------------------------------------


def weight(p: Progress) -> go.Figure | None:
    """Weigh-ins as dots, the trend as a line, the gradual-loss corridor, doses and the start."""
    daily = p.daily
    weight_kg = daily["weight_kg"].to_numpy()
    weighed = ~np.isnan(weight_kg)
    if not weighed.any():
        return None
    factor, unit = _weight_factor(p)
    x = _dates(daily.index)
    trend = daily["trend_kg"].to_numpy() * factor
    trended = ~np.isnan(trend)
    dots = weight_kg[weighed] * factor
    traces: list[go.Scatter] = []
    shapes: list[dict] = []
    notes: list[dict] = []

    first = int(np.argmax(trended))
    weeks = (len(x) - 1 - first) / t.WEEK_DAYS
    if weeks > 0:
        fast_pct = p.targets.loss_ok_max_pct_per_week
        slow_pct = min(t.GRADUAL_LOSS_MIN_PCT_PER_WEEK, fast_pct)
        start_trend = trend[first]
        ends = [x[first], x[-1]]
        corridor = f"Gradual loss {_n(slow_pct, 2)}–{_n(fast_pct, 2)} % a week"
        edge = {"mode": "lines", "line": {"width": 0}, "hoverinfo": "skip"}
        traces.append(
            go.Scatter(
                x=ends,
                y=[start_trend, start_trend * (1 - fast_pct / 100 * weeks)],
                showlegend=False,
                legendgroup="corridor",
                name=corridor,
                **edge,
            )
        )
        traces.append(
            go.Scatter(
                x=ends,
                y=[start_trend, start_trend * (1 - slow_pct / 100 * weeks)],
                fill="tonexty",
                fillcolor=_tint(OK, 0.14),
                legendgroup="corridor",
                name=corridor,
                **edge,
            )
        )

    traces.append(
        go.Scatter(
            x=x[weighed],
            y=dots,
            mode="markers",
            marker={"color": RAW, "size": 5, "opacity": 0.7},
            name="Weigh-ins",
            hovertemplate=f"Weigh-in %{{y:.1f}} {unit}<extra></extra>",
        )
    )
    traces.append(
        go.Scatter(
            x=x[trended],
            y=trend[trended],
            mode="lines",
            line={"color": TREND, "width": 2.5},
            name="Trend",
            hovertemplate=f"Trend %{{y:.1f}} {unit}<extra></extra>",
        )
    )

    changes = p.doses[p.doses["changed"].astype(bool)] if len(p.doses) else p.doses
    if len(changes):
        change_x = _dates(changes["day"])
        position = (changes["day"] - pd.Timestamp(p.start)).dt.days.to_numpy()
        labels = [f"{_n(mg, 2)} mg" for mg in changes["dose_mg"]]
        spacing = max(1, len(x) // DOSE_LABEL_SPACING)
        last_labelled = None
        for day, at, label in zip(change_x, position, labels, strict=True):
            shapes.append(
                {
                    "type": "line",
                    "xref": "x",
                    "x0": day,
                    "x1": day,
                    "yref": "paper",
                    "y0": 0,
                    "y1": 1,
                    "line": {"color": TARGET, "width": 1, "dash": "dot"},
                }
            )
            if last_labelled is None or at - last_labelled >= spacing:
                last_labelled = at
                notes.append(_note(day, 0, label, TARGET, **DOSE_LABEL))
        traces.append(
            go.Scatter(
                x=change_x,
                y=np.where(trended[position], trend[position], trend[first]),
                mode="markers",
                marker={"color": TARGET, "size": 9, "symbol": "diamond"},
                name="Dose change",
                text=[
                    f"{label} {medicines.name(Medicine(medicine))}"
                    for label, medicine in zip(labels, changes["medicine"], strict=True)
                ],
                hovertemplate="Dose %{text} from %{x|%-d %b}<extra></extra>",
            )
        )

    levels = [dots, trend[trended]]
    start = p.headline
    if start.start_kg is not None and start.start_day is not None and start.start_day <= p.end:
        start_value = start.start_kg * factor
        line, note = _hline(start_value, f"Start {start_value:.1f} {unit}", RAW)
        shapes.append(line)
        notes.append(note)
        levels.append(np.array([start_value]))
    low, high = float(min(v.min() for v in levels)), float(max(v.max() for v in levels))
    pad = max(0.06 * (high - low), 0.6 * (2 if unit == "lb" else 1))

    layout = _layout(
        p,
        "weight",
        "Weight",
        f"Weight ({unit})",
        shapes=shapes,
        annotations=notes,
        yaxis={"range": [low - pad, high + 1.5 * pad]},
    )
    return go.Figure(data=traces, layout=layout)


def loss_rate(p: Progress) -> go.Figure | None:
    """The weekly rate of loss over bands: gradual (ok), fast (watch), too fast (alert)."""
    rate = p.daily["loss_pct_per_week"].to_numpy()
    known = ~np.isnan(rate)
    if not known.any():
        return None
    ok_max = p.targets.loss_ok_max_pct_per_week
    watch_max = p.targets.loss_watch_max_pct_per_week
    values = rate[known]
    low = min(0.0, float(values.min()))
    high = max(watch_max, float(values.max()))
    pad = max(0.1, 0.08 * (high - low))
    bottom, top = low - pad, high + max(pad, 0.3)

    def band(y0: float, y1: float, colour: str, text: str) -> dict:
        return {
            "type": "rect",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "yref": "y",
            "y0": y0,
            "y1": y1,
            "fillcolor": _tint(colour, 0.13),
            "line": {"width": 0},
            "layer": "below",
            "label": {
                "text": text,
                "textposition": "top left",
                "font": {"size": 10, "color": colour},
            },
        }

    shapes = [
        band(bottom, ok_max, OK, f"Gradual, up to {_n(ok_max, 2)} %"),
        band(ok_max, watch_max, WATCH, "Fast"),
        band(watch_max, top, ALERT, f"Too fast, over {_n(watch_max, 2)} %"),
    ]
    line = go.Scatter(
        x=_dates(p.daily.index)[known],
        y=values,
        mode="lines",
        line={"color": TREND, "width": 2.5},
        name=f"Rate of loss (last {t.LOSS_WINDOW_DAYS // t.WEEK_DAYS} weeks)",
        hovertemplate="Loss %{y:.2f} % of body weight a week<extra></extra>",
    )
    layout = _layout(
        p,
        "loss_rate",
        "Rate of loss",
        "% of body weight a week",
        shapes=shapes,
        yaxis={"range": [bottom, top], "zeroline": True, "zerolinecolor": "#b0bec5"},
    )
    return go.Figure(data=[line], layout=layout)


def protein(p: Progress) -> go.Figure | None:
    """Protein a day in g/kg, coloured by band, over a strip of the meals that reached 25 g."""
    daily = p.daily
    g_per_kg = daily["protein_g_per_kg"].to_numpy()
    known = ~np.isnan(g_per_kg)
    if not known.any():
        return None
    targets = p.targets
    ok_from, alert_below = targets.protein_ok_g_per_kg, targets.protein_alert_below_g_per_kg
    x = _dates(daily.index)
    values = g_per_kg[known]
    width = _daily_bar_width(p)
    ok, alert = _n(ok_from, 2), _n(alert_below, 2)
    bars = _banded_bars(
        x[known],
        values,
        _band_status(values, ok_from, alert_below),
        (f"≥ {ok} g/kg", f"{alert}–{ok}", f"< {alert}"),
        "Protein %{y:.2f} g/kg · %{customdata:.0f} g<extra></extra>",
        customdata=daily["protein_g"].to_numpy()[known],
        width=width,
    )
    meals = daily["meals_with_enough_protein"].to_numpy()
    counted = ~np.isnan(meals)
    meal_g = _n(targets.protein_meal_g)
    bars.append(
        go.Bar(
            x=x[counted],
            y=meals[counted],
            yaxis="y2",
            width=width,
            marker={"color": RAW},
            name=f"Meals ≥ {meal_g} g",
            hovertemplate=f"%{{y:.0f}} meals with {meal_g} g or more<extra></extra>",
        )
    )
    meals_ok = targets.protein_meals_ok
    top_meals = max(float(meals[counted].max()) if counted.any() else 0.0, meals_ok) + 1
    layout = _layout(
        p,
        "protein",
        "Protein",
        "g per kg a day",
        height=PROTEIN_HEIGHT,
        barmode="overlay",
        hoversubplots="axis",
        **_lines(
            _hline(ok_from, f"Target {ok} g/kg"),
            _hline(meals_ok, f"{_n(meals_ok)} meals", yref="y2"),
        ),
        xaxis={"anchor": "y2"},
        yaxis={"domain": [0.36, 1.0], "range": [0, 1.15 * max(float(values.max()), ok_from)]},
        yaxis2={
            "domain": [0.0, 0.26],
            "anchor": "x",
            "range": [0, top_meals],
            "dtick": 2,
            "title": {"text": "Meals"},
        },
    )
    return go.Figure(data=bars, layout=layout)


def water(p: Progress) -> go.Figure | None:
    """Water drunk a day as bars, the day's target as a line, in ml or fl oz."""
    daily = p.daily
    water_ml = daily["water_ml"].to_numpy()
    drunk = ~np.isnan(water_ml)
    if not drunk.any():
        return None
    factor, unit, number = _water_factor(p)
    x = _dates(daily.index)
    target = daily["water_target_ml"].to_numpy() * factor
    targeted = ~np.isnan(target)
    traces = [
        go.Bar(
            x=x[drunk],
            y=water_ml[drunk] * factor,
            width=_daily_bar_width(p),
            marker={"color": LIGHT},
            name="Water",
            hovertemplate=f"Water %{{y:{number}}} {unit}<extra></extra>",
        ),
        go.Scatter(
            x=x[targeted],
            y=target[targeted],
            mode="lines",
            line={"color": TARGET, "width": 2, "dash": "dash"},
            name="Daily target",
            hovertemplate=f"Target %{{y:{number}}} {unit}<extra></extra>",
        ),
    ]
    layout = _layout(p, "water", "Water", f"Water a day ({unit})")
    return go.Figure(data=traces, layout=layout)


def strength(p: Progress) -> go.Figure | None:
    """Strength sessions a week, the glute or leg sessions stacked under the rest."""
    weekly = p.weekly
    total = weekly["strength_sessions"].to_numpy()
    if total.sum() == 0:
        return None
    glutes = weekly["glute_sessions"].to_numpy()
    offset, width, opacity = _weekly_geometry(weekly["days"].to_numpy())
    x = _dates(weekly.index)
    geometry = {"offset": offset, "width": width}
    traces = [
        go.Bar(
            x=x,
            y=glutes,
            marker={"color": TREND, "opacity": opacity},
            name="Glutes or legs",
            hovertemplate="Glutes or legs %{y}<extra></extra>",
            **geometry,
        ),
        go.Bar(
            x=x,
            y=total - glutes,
            customdata=total,
            marker={"color": LIGHT, "opacity": opacity},
            name="Other sessions",
            hovertemplate="Other %{y} · %{customdata} in all<extra></extra>",
            **geometry,
        ),
    ]
    target = p.strength_target
    top = max(float(total.max()), target) + 1
    layout = _layout(
        p,
        "strength",
        "Strength training",
        "Sessions a week",
        barmode="stack",
        **_lines(_hline(target, f"Target {_n(target)} a week")),
        xaxis={"hoverformat": WEEK_HOVER},
        yaxis={"range": [0, top], "dtick": 1 if top <= 8 else 2},
    )
    return go.Figure(data=traces, layout=layout)


def activity(p: Progress) -> go.Figure | None:
    """Active minutes a week, coloured by band, against the weekly target and its watch line."""
    weekly = p.weekly
    minutes = weekly["activity_min"].to_numpy(dtype="float64")
    if minutes.sum() == 0:
        return None
    ok_from, watch_from = p.targets.activity_ok_min, p.targets.activity_watch_min
    offset, width, opacity = _weekly_geometry(weekly["days"].to_numpy())
    ok, watch = _n(ok_from, 0), _n(watch_from, 0)
    bars = _banded_bars(
        _dates(weekly.index),
        minutes,
        _band_status(minutes, ok_from, watch_from),
        (f"{ok} min or more", f"{watch}–{ok} min", f"Under {watch} min"),
        "Active %{y:.0f} min<extra></extra>",
        offset=offset,
        width=width,
        opacity=opacity,
    )
    layout = _layout(
        p,
        "activity",
        "Activity",
        "Minutes a week",
        barmode="overlay",
        **_lines(
            _hline(ok_from, f"Target {ok} min"),
            _hline(watch_from, f"{watch} min", dash="dot"),
        ),
        xaxis={"hoverformat": WEEK_HOVER},
        yaxis={"range": [0, 1.15 * max(float(minutes.max()), ok_from)]},
    )
    return go.Figure(data=bars, layout=layout)


def medication_level(p: Progress) -> go.Figure | None:
    """The estimated medicine level over the period, a strip to read under the weight chart."""
    return level_figure(p.dose_log, p.start, p.end)


SEVERITY_COLOURS = ("#cfd8dc", "#ffe082", WATCH, ALERT)
"""None to severe: pale grey (logged, and none), pale amber, amber, red."""


def _square_size(p: Progress) -> int:
    """Day squares that fill their day on a phone without running into the next."""
    days = (p.end - p.start).days + 1
    return 12 if days <= 35 else 7 if days <= 100 else 4


SIDE_EFFECTS_BASE_PX = 130
"""Title, axis and legend of the side-effects chart; each effect adds a row."""
SIDE_EFFECT_ROW_PX = 30


def side_effects(p: Progress) -> go.Figure | None:
    """A square for each side effect on each day it was logged, coloured by severity."""
    frame = p.side_effects
    if frame.empty:
        return None
    effects = list(dict.fromkeys(frame["effect"]))  # in SideEffect order, as progress sorts them
    names = [SIDE_EFFECT_NAMES.get(effect, effect) for effect in effects]
    x = _dates(frame["day"])
    y = frame["effect"].map(SIDE_EFFECT_NAMES).fillna(frame["effect"]).to_numpy()
    grade = frame["grade"].to_numpy()
    traces = []
    for level, (word, colour) in enumerate(zip(SEVERITY_WORDS, SEVERITY_COLOURS, strict=True)):
        mask = grade == level
        if not mask.any():
            continue
        traces.append(
            go.Scatter(
                x=x[mask],
                y=y[mask],
                mode="markers",
                marker={"color": colour, "size": _square_size(p), "symbol": "square"},
                name=word.capitalize(),
                hovertemplate=f"%{{y}}: {word} on %{{x|{DATE_HOVER}}}<extra></extra>",
            )
        )
    layout = _layout(
        p,
        "side_effects",
        "Side effects",
        "",
        height=min(HEIGHT, SIDE_EFFECTS_BASE_PX + SIDE_EFFECT_ROW_PX * len(names)),
        hovermode="closest",
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": names[::-1],  # the first effect at the top
            "title": {"text": ""},
            "automargin": True,
        },
    )
    return go.Figure(data=traces, layout=layout)


def pain(p: Progress) -> go.Figure | None:
    """The day's worst buttock or hip pain against the strength sessions done."""
    daily = p.daily
    score = daily["pain_score"].to_numpy()
    scored = ~np.isnan(score)
    if not scored.any():
        return None
    x = _dates(daily.index)
    sessions = daily["strength_sessions"].to_numpy()
    trained = ~np.isnan(sessions)
    traces = [
        go.Bar(
            x=x[trained],
            y=sessions[trained],
            width=_daily_bar_width(p),
            marker={"color": LIGHT},
            name="Strength sessions",
            yaxis="y2",
            hovertemplate="Strength sessions %{y:.0f}<extra></extra>",
        ),
        go.Scatter(
            x=x[scored],
            y=score[scored],
            mode="lines+markers",
            line={"color": ALERT, "width": 2},
            marker={"size": 6},
            name="Worst pain of the day",
            hovertemplate="Pain %{y:.0f}/10<extra></extra>",
        ),
    ]
    most = float(np.nanmax(sessions)) if trained.any() else 1.0
    layout = _layout(
        p,
        "pain",
        "Buttock and hip pain, and strength sessions",
        "Pain (0-10)",
        **_lines(_hline(redflags.SEVERE_PAIN_SCORE, "Severe", colour=ALERT, dash="dot")),
        yaxis={"range": [0, 10.5], "dtick": 2},
        # Sessions stand in the lower third, under the pain line they are read against.
        yaxis2={
            "overlaying": "y",
            "side": "right",
            "range": [0, 3 * max(most, 1.0)],
            "showgrid": False,
            "showticklabels": False,
            "zeroline": False,
        },
    )
    return go.Figure(data=traces, layout=layout)


def _lean_share_title(p: Progress) -> str:
    """The body-composition title: the lean share of the loss, first to last reading.

    Only for a loss the guidance would judge: ``LEAN_SHARE_MIN_LOSS_KG`` or more, and at least
    ``LEAN_SHARE_MIN_LOSS_PCT`` of the weight unless both readings are DXA scans: home readings
    wander by a kilogram or more, so a smaller loss gives a meaningless share.
    """
    frame = p.body_composition
    if len(frame) >= 2:
        first, last = frame.iloc[0], frame.iloc[-1]
        lost_kg = first["weight_kg"] - last["weight_kg"]
        lost_pct = 100.0 * lost_kg / first["weight_kg"]
        large = bool(first["dxa"] and last["dxa"]) or lost_pct >= t.LEAN_SHARE_MIN_LOSS_PCT
        if large and lost_kg >= t.LEAN_SHARE_MIN_LOSS_KG - TOLERANCE:
            share = 100.0 * (first["lean_kg"] - last["lean_kg"]) / lost_kg
            if share <= 0:
                return "Lean mass kept: the loss was fat"
            return f"Lean mass: {share:.0f} % of the loss in this period"
    return "Lean and fat mass"


def body_composition(p: Progress) -> go.Figure | None:
    """Lean and fat mass at each reading, titled with the lean share of the loss."""
    frame = p.body_composition
    if frame.empty:
        return None
    factor, unit = _weight_factor(p)
    x = _dates(frame["day"])
    fat_pct = 100.0 * frame["fat_kg"].to_numpy() / frame["weight_kg"].to_numpy()
    traces = [
        go.Scatter(
            x=x,
            y=frame["lean_kg"].to_numpy() * factor,
            mode="lines+markers",
            line={"color": TREND, "width": 2.5},
            marker={"size": 6},
            name="Lean mass",
            hovertemplate=f"Lean %{{y:.1f}} {unit}<extra></extra>",
        ),
        go.Scatter(
            x=x,
            y=frame["fat_kg"].to_numpy() * factor,
            customdata=fat_pct,
            mode="lines+markers",
            line={"color": FAT, "width": 2.5},
            marker={"size": 6},
            name="Fat mass",
            hovertemplate=f"Fat %{{y:.1f}} {unit} · %{{customdata:.0f}} % of weight<extra></extra>",
        ),
    ]
    layout = _layout(p, "body_composition", _lean_share_title(p), f"Mass ({unit})")
    return go.Figure(data=traces, layout=layout)


def _lift_traces(p: Progress, yaxis: str) -> tuple[list[go.Scatter], str]:
    """A line for each of the most-logged main lifts: the estimated maximum in the patient's
    unit, or, when nothing was lifted under load, the best reps with body weight."""
    frame = p.lifts
    loaded = frame[frame["estimate_kg"].notna()]
    by_load = not loaded.empty
    frame = loaded if by_load else frame
    factor, unit = _weight_factor(p)
    counts = frame["exercise"].value_counts()
    names = sorted(counts.index, key=lambda name: (-counts[name], name.lower()))[:MAX_LIFTS_DRAWN]
    traces = []
    for name, colour in zip(names, LIFT_COLOURS, strict=False):
        rows = frame[frame["exercise"] == name]
        values = rows["estimate_kg"].to_numpy() * factor if by_load else rows["reps"].to_numpy()
        hover = (
            f"{name} %{{y:.0f}} {unit}, %{{customdata:.2f}} × body weight"
            if by_load
            else f"{name} %{{y:.0f}} reps"
        )
        traces.append(
            go.Scatter(
                x=_dates(rows["day"]),
                y=values,
                customdata=rows["per_kg"].to_numpy() if by_load else None,
                mode="lines+markers",
                line={"color": colour, "width": 2},
                marker={"size": 6},
                name=name,
                yaxis=yaxis,
                hovertemplate=f"{hover}<extra></extra>",
            )
        )
    title = f"Estimated max, legs and glutes ({unit})" if by_load else "Best reps, body weight"
    return traces, title


TEST_TITLES = {
    FunctionTest.CHAIR_STAND_30S: "30-second chair stand (stands)",
    FunctionTest.FIVE_TIMES_SIT_TO_STAND: "Five rises from a chair (s, lower is better)",
    FunctionTest.GRIP: "Grip strength",
    FunctionTest.GAIT_SPEED: "Gait speed over 4 m (m/s)",
    FunctionTest.SARC_F: "SARC-F (0-10, lower is better)",
}


def _test_band(
    p: Progress, test: FunctionTest, yaxis: str
) -> tuple[go.Scatter, str, float | None, str, list[float]]:
    """One test's results over the period, coloured by whether each is within its reference;
    the title of its band, and its reference line in the shown unit with the line's words."""
    rows = p.tests[p.tests["test"] == test.value]
    factor, unit = _weight_factor(p) if test is FunctionTest.GRIP else (1.0, "")
    info = function_tests.INFO[test]
    shown_unit = unit or info.unit
    below = rows["below"].tolist()
    colours = [ALERT if b is True else OK if b is False else RAW for b in below]
    trace = go.Scatter(
        x=_dates(rows["day"]),
        y=rows["value"].to_numpy() * factor,
        mode="lines+markers",
        line={"color": RAW, "width": 1.5},
        marker={"size": 9, "color": colours},
        name=info.name,
        showlegend=False,
        yaxis=yaxis,
        hovertemplate=f"{info.name} %{{y:.{info.decimals}f}} {shown_unit}<extra></extra>",
    )
    title = TEST_TITLES[test] if test is not FunctionTest.GRIP else f"Grip strength ({unit})"
    reference = rows["reference"].dropna()
    line = float(reference.iloc[-1]) * factor if not reference.empty else None
    words = f"Reference {_n(line, 0 if info.decimals == 0 else info.decimals)}" if line else ""
    # From zero, so that a small change looks as small as it is; SARC-F on its whole scale.
    top = max(float(trace.y.max()), line or 0.0) * 1.15
    y_range = [0.0, 10.5] if test is FunctionTest.SARC_F else [0.0, top]
    return trace, title, line, words, y_range


def muscle(p: Progress) -> go.Figure | None:
    """Strength and function: the main lifts' estimated maxima, then a band for each function
    test done, each against its reference line; None when the period has neither."""
    tests = [test for test in FunctionTest if (p.tests["test"] == test.value).any()]
    has_lifts = not p.lifts.empty
    if not tests and not has_lifts:
        return None
    heights = ([MUSCLE_LIFTS_HEIGHT] if has_lifts else []) + [MUSCLE_TEST_HEIGHT] * len(tests)
    plot_px = sum(heights)
    usable = 1.0 - MUSCLE_GAP * (len(heights) - 1)
    domains, top = [], 1.0
    for px in heights:
        span = usable * px / plot_px
        domains.append([max(top - span, 0.0), top])
        top -= span + MUSCLE_GAP
    traces: list[go.Scatter] = []
    axes: dict[str, dict] = {}
    shapes: list[dict] = []
    notes: list[dict] = []
    bands: list[tuple[str, str]] = []  # (title, y axis name)
    ranges: dict[str, list[float]] = {}
    if has_lifts:
        lift_traces, lift_title = _lift_traces(p, "y")
        traces += lift_traces
        bands.append((lift_title, "y"))
    for test in tests:
        name = f"y{len(bands) + 1}" if bands else "y"
        trace, title, line, words, y_range = _test_band(p, test, name)
        traces.append(trace)
        bands.append((title, name))
        ranges[name] = y_range
        if line is not None:
            shape, label = _hline(line, words, yref=name)
            shapes.append(shape)
            notes.append(label)
    for (title, name), domain in zip(bands, domains, strict=True):
        axis = "yaxis" if name == "y" else f"yaxis{name[1:]}"
        axes[axis] = {"domain": domain, "anchor": "x", "title": {"text": ""}}
        if name in ranges:
            axes[axis]["range"] = ranges[name]
        notes.append(
            _note(
                0,
                domain[1],
                title,
                TARGET,
                xref="paper",
                yref="paper",
                xanchor="left",
                yanchor="bottom",
            )
        )
    layout = _layout(
        p,
        MUSCLE_KEY,
        "Strength and function",
        "",
        height=MUSCLE_FRAME_HEIGHT + plot_px,
        shapes=shapes,
        annotations=notes,
        xaxis={"anchor": bands[-1][1]},
        **axes,
    )
    return go.Figure(data=traces, layout=layout)


BUILDERS = (
    weight,
    medication_level,
    muscle,
    loss_rate,
    protein,
    water,
    side_effects,
    strength,
    activity,
    pain,
    body_composition,
)


def figures(p: Progress) -> list[go.Figure]:
    """Every chart the period has data for, in page order; ``layout.meta`` is each one's key."""
    return [fig for build in BUILDERS if (fig := build(p)) is not None]


def figure(p: Progress, key: str) -> go.Figure | None:
    """The chart ``key`` (one of ``KEYS``), or None when the period has nothing for it."""
    return BUILDERS[KEYS.index(key)](p)


# --- the estimated medicine level -----------------------------------------------------------


def _axis_time(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _mg(value: float) -> str:
    return f"{value:g}"


def level_figure(
    doses: Sequence[medication.LoggedDose],
    start: dt.date | None = None,
    end: dt.date | None = None,
    step_hours: float = medication.LEVEL_STEP_HOURS,
) -> go.Figure | None:
    """The estimated level as a line per formulation (in % of its top dose's steady-state
    peak), with a marker at each dose; None without a modelled dose by the end of the period.

    Give the weight chart's ``start`` and ``end`` to sit under it: the x axis then runs, as
    there, from the middle of the night before ``start`` to that after ``end``. Without them,
    from the first dose to one interval past the last.
    """
    modelled = sorted(
        (d for d in doses if medication.kinetics_of(d.medicine) is not None), key=medication.dose_at
    )
    if not modelled:
        return None
    if start is None:
        start = modelled[0].day
    if end is None:
        end = modelled[-1].day + dt.timedelta(hours=medication.interval_h(modelled[-1].medicine))
    start, end = min(start, end), max(start, end)
    low = dt.datetime.combine(start, dt.time()) - dt.timedelta(hours=12)
    high = dt.datetime.combine(end, dt.time()) + dt.timedelta(hours=12)
    curves = medication.estimated_levels(modelled, low, high, step_hours)
    if not curves:
        return None
    several = len(curves) > 1
    traces: list[go.Scatter] = []
    for curve, colour in zip(curves, LEVEL_COLOURS * len(curves), strict=False):
        name = f"{curve.name} (model)" if several else "Estimated level"
        traces.append(
            go.Scatter(
                x=np.datetime_as_string(curve.times, unit="m"),
                y=curve.percent,
                mode="lines",
                line={"color": colour, "width": 2},
                name=name,
                hovertemplate=(
                    f"{curve.name} about %{{y:.0f}} % of the peak on "
                    f"{_mg(curve.reference_mg)} mg<extra></extra>"
                ),
            )
        )
    shown = [i for i, d in enumerate(modelled) if low <= medication.dose_at(d) <= high]
    top = max(float(curve.percent.max()) for curve in curves)
    if shown:
        levels = medication.level_at_doses(modelled)
        traces.append(
            go.Scatter(
                x=[_axis_time(medication.dose_at(modelled[i])) for i in shown],
                y=[levels[i] for i in shown],
                mode="markers",
                marker={"color": TARGET, "size": 7, "symbol": "diamond"},
                name="Doses",
                text=[
                    f"{_mg(modelled[i].dose_mg)} mg {medicines.name(modelled[i].medicine)}"
                    for i in shown
                ],
                hovertemplate="Dose %{text}<extra></extra>",
            )
        )
    layout = time_layout(
        LEVEL_KEY,
        LEVEL_TITLE,
        "% of top-dose peak",
        [_axis_time(low), _axis_time(high)],
        height=LEVEL_HEIGHT,
        hoverformat=LEVEL_HOVER,
        yaxis={"range": [0, max(105.0, 1.05 * top)]},
    )
    return go.Figure(data=traces, layout=layout)
