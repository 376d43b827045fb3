"""The importers, in the order detection tries them: the most specific layouts first."""

from __future__ import annotations

from tracker.imports import apple_health, cronometer, entries, hevy, myfitnesspal, strong, withings
from tracker.imports.base import Importer

IMPORTERS: tuple[Importer, ...] = (
    entries.IMPORTER,
    apple_health.IMPORTER,
    strong.IMPORTER,
    hevy.IMPORTER,
    myfitnesspal.IMPORTER,
    cronometer.IMPORTER,
    withings.IMPORTER,
)


def by_name(name: str) -> Importer | None:
    return next((importer for importer in IMPORTERS if importer.name == name), None)
