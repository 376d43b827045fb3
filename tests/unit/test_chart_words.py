"""Every Progress chart has a sentence a screen reader reads, agreeing with the figure."""

from __future__ import annotations

import datetime as dt

from tracker.domain import Profile
from tracker.rules.history import History
from tracker.rules.targets import DEFAULT_TARGETS
from tracker.services import demo
from tracker.units import WaterUnit, WeightUnit
from tracker.views import chart_words, charts
from tracker.views.progress import build

END = dt.date(2026, 6, 30)


def demo_progress(profile: Profile | None = None):
    story = demo.MARIA
    entries = demo.patient_entries(END, story)
    profile = profile or story.profile
    history = History.from_entries(entries)
    return build(history, profile, DEFAULT_TARGETS, END - dt.timedelta(days=83), END)


def test_every_chart_key_has_a_sentence():
    assert set(chart_words.SUMMARIES) == set(charts.KEYS)


def test_each_drawn_chart_is_told_in_words_with_its_numbers():
    view = demo_progress()
    figures = charts.figures(view)
    assert len(figures) >= 6
    for figure in figures:
        sentence = chart_words.summary(view, figure.layout.meta)
        assert sentence.endswith(".") and any(ch.isdigit() for ch in sentence), sentence


def test_the_sentences_use_the_patients_units():
    view = demo_progress(
        Profile(weight_unit=WeightUnit.LB, water_unit=WaterUnit.FL_OZ, height_cm=165.0)
    )
    assert " lb " in chart_words.summary(view, "weight")
    assert "fl oz" in chart_words.summary(view, "water")
    trend = view.daily["trend_kg"].dropna()
    assert f"{trend.iloc[-1] * 2.20462:.1f} lb" in chart_words.summary(view, "weight")
