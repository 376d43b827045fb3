"""The importers, in the order detection tries them: the most specific layouts first.

Each app's module defines its ``IMPORTER``; a test checks that every one is listed here, and
that the README names each. The Import page and the command line take their lists from here.
"""

from __future__ import annotations

from tracker.imports import (
    apple_health,
    cronometer,
    entries,
    hevy,
    myfitnesspal,
    renpho,
    strong,
    withings,
)
from tracker.imports.base import Importer

IMPORTERS: tuple[Importer, ...] = (
    entries.IMPORTER,
    apple_health.IMPORTER,
    strong.IMPORTER,
    hevy.IMPORTER,
    myfitnesspal.IMPORTER,
    cronometer.IMPORTER,
    withings.IMPORTER,
    renpho.IMPORTER,
)
"""Renpho last: its header (a date, a weight and a body fat column) is the least specific."""
OWN_FORMAT: Importer = entries.IMPORTER
"""The tracker's own entries CSV."""
APPS: tuple[Importer, ...] = tuple(importer for importer in IMPORTERS if importer is not OWN_FORMAT)
"""The other apps whose exports the tracker reads."""


def app_titles(last: str = "and") -> str:
    """The other apps' names as a sentence lists them: 'Apple Health, Strong and Renpho'."""
    titles = [importer.title for importer in APPS]
    return f"{', '.join(titles[:-1])} {last} {titles[-1]}"


def by_name(name: str) -> Importer | None:
    return next((importer for importer in IMPORTERS if importer.name == name), None)
