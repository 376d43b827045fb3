"""Every importer is registered, named in the README, and detection picks the right one."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

import tracker.imports
from tracker.imports import registry
from tracker.imports.base import Source, unpack
from tracker.services.imports import detect

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "tests" / "data" / "samples"
RENPHO_OLD = (
    "Time of Measurement,Weight(lb),BMI,Body Fat(%),Fat-free Body Weight(lb),Subcutaneous Fat(%),"
    "Visceral Fat,Body Water(%),Skeletal Muscle(%),Muscle Mass(lb),Bone Mass(lb),Protein(%),"
    "BMR(kcal),Metabolic Age,Remarks\n"
    '"July 4, 2022 9:34:26 AM",164.2,24.3,12.7,143.4,10.7,7.0,63.0,56.4,136.2,7.2,19.9,1774.0,'
    "19.0,--\n"
)
RENPHO_NEW = (
    "Date, Time, Weight(kg),BMI,Body Fat(%),Skeletal Muscle(%),Fat-Free Mass(kg),"
    "Subcutaneous Fat(%),Visceral Fat,Body Water(%),Muscle Mass(kg),Bone Mass(kg),Protein (%),"
    "BMR(kcal),Metabolic Age,Remarks\n"
    "02/04/2026,05:23:48,86.95,29.1,30.9,44.5,60.08,27.2,12,49.9,57.04,3.04,15.8,1683,54,--\n"
)
"""The two Renpho layouts (see ``tests/unit/test_import_food_and_scales.py``)."""


def modules_with_an_importer():
    for module in pkgutil.iter_modules(tracker.imports.__path__):
        loaded = importlib.import_module(f"tracker.imports.{module.name}")
        if hasattr(loaded, "IMPORTER"):
            yield loaded


def test_every_importer_module_is_registered():
    found = {module.__name__: module.IMPORTER for module in modules_with_an_importer()}
    assert "tracker.imports.renpho" in found
    missing = [name for name, importer in found.items() if importer not in registry.IMPORTERS]
    assert missing == []
    assert len(registry.IMPORTERS) == len(found)  # and nothing is listed twice


def test_every_registered_importer_is_named_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8").lower()
    unnamed = [i.title for i in registry.IMPORTERS if i.title.lower() not in readme]
    assert unnamed == []


def test_names_are_unique_and_found_by_name():
    names = [importer.name for importer in registry.IMPORTERS]
    assert len(set(names)) == len(names)
    assert all(registry.by_name(name).name == name for name in names)
    assert registry.by_name("fitbit") is None


def test_the_apps_are_every_importer_but_the_trackers_own():
    assert registry.OWN_FORMAT.name == "entries"
    assert set(registry.APPS) == set(registry.IMPORTERS) - {registry.OWN_FORMAT}
    assert registry.app_titles("or").endswith("Withings or Renpho")
    assert registry.app_titles().startswith("Apple Health, Strong, ")


SAMPLE_FORMATS = [
    ("apple_health/export.xml", "apple_health"),
    ("apple_health/export.zip", "apple_health"),
    ("strong/strong.csv", "strong"),
    ("strong/strong_v6.csv", "strong"),
    ("hevy/workout_data.csv", "hevy"),
    ("mfp/File-Export-2026-03-02-to-2026-03-15.zip", "myfitnesspal"),
    (
        "mfp/File-Export-2026-03-02-to-2026-03-15/Nutrition-Summary-2026-03-02-to-2026-03-15.csv",
        "myfitnesspal",
    ),
    ("cronometer/servings.csv", "cronometer"),
    ("cronometer/biometrics.csv", "cronometer"),
    ("withings/weight.csv", "withings"),
]


@pytest.mark.parametrize("path, format", SAMPLE_FORMATS)
def test_each_sample_is_detected_as_its_own_app(path, format):
    with unpack(Source.from_path(SAMPLES / path)) as sources:
        assert detect(sources).name == format


@pytest.mark.parametrize("content", [RENPHO_OLD, RENPHO_NEW], ids=["older app", "newer app"])
def test_a_renpho_export_is_detected_as_renpho(content):
    assert detect([Source.from_bytes("renpho.csv", content.encode())]).name == "renpho"
