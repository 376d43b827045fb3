"""The look every chart shares: colours, the trimmed template, margins and the legend.

Its own module so that every figure builder (``tracker.views.charts`` for the Progress page,
``tracker.rules.medication`` for the medicine level) draws alike without importing one another.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

OK = "#2e7d32"
"""Status green: within the target."""
WATCH = "#f9a825"
"""Status amber: short of the target, or a little past it."""
ALERT = "#c62828"
"""Status red: well short of the target, or well past it."""
TREND = "#1565c0"
"""Neutral blue: the series a chart is about (weight trend, loss rate, lean mass)."""
RAW = "#78909c"
"""Blue-grey: raw readings and secondary bars."""
LIGHT = "#90caf9"
"""Light blue: the lesser part of a stack, and water."""
FAT = "#a1887f"
"""Brown-grey: fat mass, kept off the status colours because it is not a verdict."""
TARGET = "#37474f"
"""Dark grey: target lines and dose changes."""


HEIGHT = 320
"""One chart's height, px: a phone shows a chart and a half at a time."""


def _template() -> go.layout.Template:
    """plotly_white's look for 2-D charts, without the parts these charts never use.

    The full ``template="plotly_white"`` is deep-copied into every figure: about 7 ms each, most
    of the time budget for seven figures. This subset costs under 1 ms a figure.
    """
    white = pio.templates["plotly_white"].layout
    layout = {
        name: white[name]
        for name in ("hoverlabel", "paper_bgcolor", "plot_bgcolor", "shapedefaults")
    }
    layout |= {
        "xaxis": white.xaxis,
        "yaxis": white.yaxis,
        "font": {"color": white.font.color, "size": 12},
        "colorway": [TREND, OK, WATCH, ALERT, RAW, FAT],
    }
    # plotly_white outlines bars in white: years of day-wide bars would turn to white haze.
    return go.layout.Template(layout=layout, data={"bar": [{"marker": {"line": {"width": 0}}}]})


TEMPLATE = _template()

MARGIN = {"l": 8, "r": 8, "t": 40, "b": 8, "pad": 0}
LEGEND = {
    "orientation": "h",
    "x": 0,
    "xanchor": "left",
    "y": 0,
    "yanchor": "bottom",
    "yref": "container",
    "font": {"size": 11},
    "entrywidthmode": "pixels",
    "entrywidth": 0,
}
DATE_HOVER = "%a %-d %b %Y"


def time_layout(
    key: str,
    title: str,
    y_title: str,
    x_range: list[str],
    *,
    height: int = HEIGHT,
    hoverformat: str = DATE_HOVER,
    **extra,
) -> dict:
    """The layout of a chart over time: titled top left, legend below, one hover for all the
    series at a date, no dragging (a phone scrolls instead). ``key`` goes into ``meta`` so that
    tests and the report find a figure; ``extra`` entries are merged into the defaults."""
    layout = {
        "template": TEMPLATE,
        "meta": key,
        "title": {"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 15}},
        "height": height,
        "margin": MARGIN,
        "legend": LEGEND,
        "showlegend": True,
        "hovermode": "x unified",
        "hoverdistance": 10,
        "dragmode": False,
        "xaxis": {"type": "date", "range": x_range, "hoverformat": hoverformat},
        "yaxis": {"title": {"text": y_title}},
    }
    for name, value in extra.items():
        if isinstance(value, dict) and isinstance(layout.get(name), dict):
            layout[name] = {**layout[name], **value}
        else:
            layout[name] = value
    return layout
