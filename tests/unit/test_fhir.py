"""The FHIR export: the demo patient's bundle validated with fhir.resources (R4B models, the
closest to R4 it ships), its codes and units, references, dates, period and stable ids."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections import Counter
from dataclasses import replace
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.medicationadministration import MedicationAdministration
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient

from tracker import kinds
from tracker.domain import Entry, Kind, Medicine, Profile, Role, Sex, User
from tracker.formats import fhir
from tracker.services import demo
from tracker.units import WaterUnit, WeightUnit

TODAY = dt.date(2026, 3, 15)
NOW = dt.datetime(2026, 3, 15, 12, 0, tzinfo=dt.UTC)
BERLIN = ZoneInfo("Europe/Berlin")
MARIA = User(1, "demo.patient@example.com", "Maria (demo)", Role.PATIENT)
PROFILE = demo.patient_profile(TODAY)
START = PROFILE.glp1_start
ENTRIES = demo.patient_entries(TODAY)

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OWN = fhir.OBSERVATION_SYSTEM
VITALS = {
    "weight": ("29463-7", "kg"),
    "body_fat": ("41982-0", "%"),
    "waist": ("8280-0", "cm"),
    "hip": ("62409-8", "cm"),
    "height": ("8302-2", "cm"),
    "bmi": ("39156-5", "kg/m2"),
}
EXPECTED_CODE = {
    "weight": (LOINC, "29463-7"),
    "body_fat": (LOINC, "41982-0"),
    "waist": (LOINC, "8280-0"),
    "hip": (LOINC, "62409-8"),
    "pain": (LOINC, "72514-3"),
    "lean_mass": (OWN, "lean_mass"),
    "protein": (OWN, "protein"),
    "water": (OWN, "water"),
    "strength": (OWN, "strength"),
    "activity": (OWN, "activity"),
    "side_effect": (OWN, "side_effect"),
    "red_flag": (OWN, "red_flag"),
    "chair_stand_30s": (LOINC, "66247-8"),
    "sit_to_stand_5x": (OWN, "sit_to_stand_5x"),
    "grip_strength": (OWN, "grip_strength"),
    "gait_speed": (LOINC, "83172-7"),
    "sarc_f": (OWN, "sarc_f"),
}
"""Every Observation kind's code by kind value (dose is a MedicationAdministration)."""


class Future(StrEnum):
    """Kinds another branch is adding, and one nobody has thought of yet."""

    PAIN = "pain"
    SIDE_EFFECT = "side_effect"
    RED_FLAG = "red_flag"
    BALANCE = "single_leg_stance"


def kind(name: str) -> Any:
    """The real ``Kind`` member once it exists, else the stand-in with the same value."""
    return getattr(Kind, name, None) or Future[name]


def export(entries=ENTRIES, profile=PROFILE, start=START, end=TODAY, **kw) -> dict[str, Any]:
    kw = {"now": NOW, "zone": BERLIN, **kw}
    return json.loads(fhir.bundle_json(MARIA, profile, entries, start, end, **kw))


def resources(document: dict[str, Any], resource_type: str) -> list[dict[str, Any]]:
    found = [item["resource"] for item in document["entry"]]
    return [r for r in found if r["resourceType"] == resource_type]


def coding(resource: dict[str, Any]) -> tuple[str, str]:
    first = resource["code"]["coding"][0]
    return first["system"], first["code"]


def observations(document: dict[str, Any], system: str, code: str) -> list[dict[str, Any]]:
    return [r for r in resources(document, "Observation") if coding(r) == (system, code)]


def count_kinds(entries: list[Entry]) -> Counter[str]:
    return Counter(str(entry.kind) for entry in entries)


@pytest.fixture(scope="module")
def text() -> str:
    return fhir.bundle_json(MARIA, PROFILE, ENTRIES, START, TODAY, now=NOW, zone=BERLIN)


@pytest.fixture(scope="module")
def document(text) -> dict[str, Any]:
    return json.loads(text)


@pytest.fixture(scope="module")
def parsed(text) -> Bundle:
    return Bundle.model_validate_json(text)


# --- the bundle as a whole ------------------------------------------------------------------


def test_the_demo_bundle_is_valid_fhir(parsed):
    assert parsed.type == "collection"
    assert parsed.timestamp == NOW
    assert parsed.identifier.system == fhir.EXPORT_ID_SYSTEM
    assert parsed.identifier.value.startswith("urn:uuid:")
    types = Counter(type(item.resource) for item in parsed.entry)
    assert set(types) == {Patient, Observation, MedicationAdministration}
    assert types[Patient] == 1


def test_bundle_returns_the_same_document_as_the_json(document):
    assert fhir.bundle(MARIA, PROFILE, ENTRIES, START, TODAY, NOW, BERLIN) == document


def test_full_urls_are_unique_uuid_urns(document):
    urls = [item["fullUrl"] for item in document["entry"]]
    assert len(set(urls)) == len(urls)
    pattern = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-")
    assert all(pattern.match(url) for url in urls)
    assert all(
        item["fullUrl"] == f"urn:uuid:{item['resource']['id']}" for item in document["entry"]
    )


def test_one_resource_per_entry_plus_patient_height_and_a_bmi_per_weigh_in(document):
    kinds = count_kinds(ENTRIES)
    assert len(document["entry"]) == 1 + 1 + len(ENTRIES) + kinds["weight"]
    for entry_kind, (system, code) in EXPECTED_CODE.items():
        assert len(observations(document, system, code)) == kinds[entry_kind], entry_kind
    assert len(observations(document, LOINC, "39156-5")) == kinds["weight"]
    assert len(observations(document, LOINC, "8302-2")) == 1
    assert len(resources(document, "MedicationAdministration")) == kinds["dose"]
    assert kinds["weight"] > 100 and kinds["dose"] == 20  # the demo really has them


def test_the_patient(document):
    (patient,) = resources(document, "Patient")
    assert patient["identifier"] == [{"system": fhir.PATIENT_ID_SYSTEM, "value": "1"}]
    assert patient["name"] == [{"text": "Maria (demo)"}]
    assert patient["gender"] == "female"
    assert patient["birthDate"] == "1974"
    assert "telecom" not in patient  # the email stays in the app


def test_a_patient_without_sex_or_birth_year_leaves_them_out():
    document = export(ENTRIES[:3], Profile())
    (patient,) = resources(document, "Patient")
    assert "gender" not in patient and "birthDate" not in patient
    male = resources(export(ENTRIES[:3], Profile(sex=Sex.MALE)), "Patient")[0]
    assert male["gender"] == "male"


# --- codes, categories and units ----------------------------------------------------------


@pytest.mark.parametrize("name", VITALS)
def test_vital_signs_carry_loinc_codes_and_ucum_units(document, name):
    code, unit = VITALS[name]
    found = observations(document, LOINC, code)
    assert found
    for observation in found:
        assert observation["status"] == "final"
        category = observation["category"][0]["coding"][0]
        assert category["code"] == "vital-signs"
        assert category["system"] == "http://terminology.hl7.org/CodeSystem/observation-category"
        quantity = observation["valueQuantity"]
        assert (quantity["system"], quantity["code"]) == (UCUM, unit)


def test_values_are_the_stored_metric_values(document):
    weights = [e for e in sorted(ENTRIES, key=lambda e: (e.day, e.time)) if e.kind is Kind.WEIGHT]
    exported = observations(document, LOINC, "29463-7")
    assert [o["valueQuantity"]["value"] for o in exported] == [e.value for e in weights]
    water = observations(document, OWN, "water")[0]["valueQuantity"]
    assert (water["unit"], water["code"], type(water["value"])) == ("mL", "mL", int)


def test_units_are_metric_whatever_the_patient_reads(document):
    imperial = replace(PROFILE, weight_unit=WeightUnit.LB, water_unit=WaterUnit.FL_OZ)
    assert export(profile=imperial) == document


def test_own_codes_categories_and_labels(document):
    protein = observations(document, OWN, "protein")[0]
    assert protein["category"][0]["coding"][0]["code"] == "survey"
    assert protein["valueQuantity"]["code"] == "g"
    (meal,) = protein["component"]
    assert meal["code"]["coding"][0] == {"system": OWN, "code": "meal", "display": "Meal"}
    assert meal["valueString"] in {"breakfast", "lunch", "dinner", "snack"}
    activity = observations(document, OWN, "activity")[0]
    assert activity["category"][0]["coding"][0]["code"] == "activity"
    assert activity["valueQuantity"]["code"] == "min"


def test_a_strength_session_lists_its_exercises(document):
    session = observations(document, OWN, "strength")[0]
    assert session["category"][0]["coding"][0]["code"] == "activity"
    assert session["valueQuantity"]["code"] == "min"
    values = [(c["code"]["coding"][0]["code"], c["valueString"]) for c in session["component"]]
    assert values == [
        ("focus", "glutes"),
        ("exercise", "Hip thrust: 3 x 10 at 40 kg"),
        ("exercise", "Glute bridge: 3 x 15"),
        ("exercise", "Side-lying hip abduction: 2 x 15"),
    ]


def test_lean_mass_uses_the_own_code_in_kg_under_exam():
    lean = Entry(Kind.LEAN_MASS, TODAY, 55.25, dt.time(7, 0))
    (observation,) = observations(export([lean]), OWN, "lean_mass")
    assert observation["category"][0]["coding"][0]["code"] == "exam"
    assert observation["valueQuantity"]["value"] == 55.25
    assert observation["valueQuantity"]["code"] == "kg"


def test_every_kind_has_its_coding():
    for each in Kind:
        code = fhir.coding_for(each.value)
        if each is not Kind.DOSE:
            assert (code.system, code.code) == EXPECTED_CODE[each.value]
        assert code.category in {"vital-signs", "exam", "activity", "survey"}


# --- BMI and height ------------------------------------------------------------------------


def test_bmi_per_weigh_in_derives_from_the_weight_and_the_height(document):
    urls = {item["resource"]["id"]: item["fullUrl"] for item in document["entry"]}
    by_url = {item["fullUrl"]: item["resource"] for item in document["entry"]}
    (height,) = observations(document, LOINC, "8302-2")
    assert height["valueQuantity"]["value"] == 168.0
    assert height["effectiveDateTime"] == TODAY.isoformat()
    for bmi in observations(document, LOINC, "39156-5"):
        weight_url, height_url = (ref["reference"] for ref in bmi["derivedFrom"])
        weight = by_url[weight_url]
        assert height_url == urls[height["id"]]
        assert coding(weight) == (LOINC, "29463-7")
        assert bmi["effectiveDateTime"] == weight["effectiveDateTime"]
        expected = round(weight["valueQuantity"]["value"] / 1.68**2, 1)
        assert bmi["valueQuantity"]["value"] == expected


def test_no_height_means_no_height_and_no_bmi():
    document = export(profile=replace(PROFILE, height_cm=None))
    assert not observations(document, LOINC, "8302-2")
    assert not observations(document, LOINC, "39156-5")
    assert observations(document, LOINC, "29463-7")


# --- doses -----------------------------------------------------------------------------------


def test_semaglutide_doses_are_rxnorm_coded_administrations(document):
    doses = sorted((e for e in ENTRIES if e.kind is Kind.DOSE), key=lambda e: e.day)
    administrations = resources(document, "MedicationAdministration")
    assert len(administrations) == len(doses)
    for dose, given in zip(doses, administrations, strict=True):
        assert given["status"] == "completed"
        assert given["medicationCodeableConcept"]["coding"] == [
            {
                "system": "http://www.nlm.nih.gov/research/umls/rxnorm",
                "code": "1991302",
                "display": "semaglutide",
            }
        ]
        assert given["medicationCodeableConcept"]["text"] == "Wegovy (semaglutide)"
        assert given["dosage"]["dose"] == {
            "value": dose.value,
            "unit": "mg",
            "system": UCUM,
            "code": "mg",
        }
        assert given["dosage"]["site"] == {"text": dose.site.replace("_", " ")}
    assert {"text": "Step up to the next dose"} in [
        n for g in administrations for n in g.get("note", [])
    ]


@pytest.mark.parametrize(
    ("medicine", "rxcui", "text", "route"),
    [
        (Medicine.SEMAGLUTIDE, "1991302", "semaglutide", "34206005"),
        (Medicine.WEGOVY, "1991302", "Wegovy (semaglutide)", "34206005"),
        (Medicine.RYBELSUS, "1991302", "Rybelsus (semaglutide)", "26643006"),  # oral
        (Medicine.WEGOVY_PILL, "1991302", "Wegovy pill (semaglutide)", "26643006"),
        (Medicine.ZEPBOUND, "2601723", "Zepbound (tirzepatide)", "34206005"),
        (Medicine.TIRZEPATIDE, "2601723", "tirzepatide", "34206005"),
        (Medicine.SAXENDA, "475968", "Saxenda (liraglutide)", "34206005"),
        (Medicine.TRULICITY, "1551291", "Trulicity (dulaglutide)", "34206005"),
        (Medicine.OTHER, None, "Other GLP-1 medicine (not named in the app)", "34206005"),
    ],
)
def test_each_medicine_is_its_rxnorm_ingredient_with_its_brand_and_route(
    medicine, rxcui, text, route
):
    dose = Entry(Kind.DOSE, TODAY, 2.5, None, label=medicine.value)
    document = export([dose])
    Bundle.model_validate(document)
    (given,) = resources(document, "MedicationAdministration")
    medication = given["medicationCodeableConcept"]
    assert medication["text"] == text
    if rxcui is None:
        assert "coding" not in medication
    else:
        assert medication["coding"][0]["code"] == rxcui
    assert given["dosage"]["route"]["coding"][0] == {
        "system": "http://snomed.info/sct",
        "code": route,
        "display": "Oral route" if route == "26643006" else "Subcutaneous route",
    }
    assert "site" not in given["dosage"]
    assert given["effectiveDateTime"] == TODAY.isoformat()


# --- references and dates --------------------------------------------------------------------


def test_every_subject_is_the_patient_and_every_reference_resolves(document):
    (patient_item,) = [i for i in document["entry"] if i["resource"]["resourceType"] == "Patient"]
    urls = {item["fullUrl"] for item in document["entry"]}
    for item in document["entry"]:
        resource = item["resource"]
        if resource["resourceType"] == "Patient":
            continue
        assert resource["subject"] == {"reference": patient_item["fullUrl"]}
        assert all(ref["reference"] in urls for ref in resource.get("derivedFrom", []))


def test_times_are_local_with_their_offset_and_days_alone_are_dates(document):
    timed = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+01:00$")  # Berlin in winter
    dated = [r for r in document["entry"] if "effectiveDateTime" in r["resource"]]
    assert all(
        timed.match(item["resource"]["effectiveDateTime"])
        for item in dated
        if coding_or_none(item["resource"]) != (LOINC, "8302-2")
    )
    first = min(ENTRIES, key=lambda e: (e.day, e.time))
    expected = f"{first.day.isoformat()}T{first.time.strftime('%H:%M')}:00+01:00"
    assert dated[1]["resource"]["effectiveDateTime"] == expected  # after the height


def coding_or_none(resource: dict[str, Any]) -> tuple[str, str] | None:
    return coding(resource) if "code" in resource else None


def test_offsets_follow_daylight_saving_and_fixed_zones():
    summer = Entry(Kind.WEIGHT, dt.date(2026, 7, 1), 80.0, dt.time(7, 30))
    undated = Entry(Kind.WAIST, dt.date(2026, 7, 1), 95.0)
    document = export([summer, undated], start=summer.day, end=summer.day)
    weight, waist = (observations(document, LOINC, c)[0] for c in ("29463-7", "8280-0"))
    assert weight["effectiveDateTime"] == "2026-07-01T07:30:00+02:00"
    assert waist["effectiveDateTime"] == "2026-07-01"
    new_york = dt.timezone(dt.timedelta(hours=-5))
    document = export([summer], start=summer.day, end=summer.day, zone=new_york)
    weight = observations(document, LOINC, "29463-7")[0]
    assert weight["effectiveDateTime"] == "2026-07-01T07:30:00-05:00"


def test_without_a_zone_times_still_carry_an_offset():
    document = export(ENTRIES[:20], zone=None)
    Bundle.model_validate(document)
    times = [r["effectiveDateTime"] for r in resources(document, "Observation")]
    assert all(re.search(r"T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)$", t) for t in times[1:])


# --- the period, stable ids and the round trip -------------------------------------------------


def test_the_period_keeps_only_its_entries():
    start, end = TODAY - dt.timedelta(days=20), TODAY - dt.timedelta(days=7)
    inside = [e for e in ENTRIES if start <= e.day <= end]
    document = export(start=start, end=end)
    Bundle.model_validate(document)
    kinds = count_kinds(inside)
    assert len(document["entry"]) == 1 + 1 + len(inside) + kinds["weight"]
    days = {
        dt.date.fromisoformat(item["resource"]["effectiveDateTime"][:10])
        for item in document["entry"]
        if "effectiveDateTime" in item["resource"]
    }
    assert min(days) == start and max(days) == end
    assert len(resources(document, "MedicationAdministration")) == kinds["dose"]


def test_exports_are_stable(text, document):
    assert fhir.bundle_json(MARIA, PROFILE, ENTRIES, START, TODAY, now=NOW, zone=BERLIN) == text
    shuffled = ENTRIES[:]
    random.Random(3).shuffle(shuffled)
    assert export(shuffled) == document
    later = export(now=NOW + dt.timedelta(days=1))
    assert [i["fullUrl"] for i in later["entry"]] == [i["fullUrl"] for i in document["entry"]]
    assert later["identifier"] != document["identifier"]  # another export, though


def test_ids_follow_the_entry_id_not_its_value():
    before = Entry(Kind.WEIGHT, TODAY, 80.0, dt.time(7, 0), id=7)
    after = replace(before, value=79.5, time=dt.time(7, 5))
    other_user = replace(MARIA, id=2)
    url = export([before])["entry"][2]["fullUrl"]
    assert export([after])["entry"][2]["fullUrl"] == url
    moved = json.loads(fhir.bundle_json(other_user, PROFILE, [before], START, TODAY, now=NOW))
    assert moved["entry"][2]["fullUrl"] != url


def test_identical_entries_without_ids_get_distinct_stable_ids():
    glass = Entry(Kind.WATER, TODAY, 250.0, dt.time(9, 0))
    document = export([glass, glass])
    urls = [i["fullUrl"] for i in document["entry"]]
    assert len(set(urls)) == len(urls) == 4
    assert export([glass, glass]) == document


def test_observation_counts_round_trip(parsed):
    round_trip = Bundle.model_validate_json(parsed.model_dump_json())
    counts: Counter[tuple[str, str]] = Counter()
    for item in round_trip.entry:
        if isinstance(item.resource, Observation):
            first = item.resource.code.coding[0]
            counts[(first.system, first.code)] += 1
    kinds = count_kinds(ENTRIES)
    expected = Counter({EXPECTED_CODE[k]: n for k, n in kinds.items() if k != "dose"})
    expected[(LOINC, "39156-5")] = kinds["weight"]
    expected[(LOINC, "8302-2")] = 1
    assert counts == expected


# --- kinds being added, and kinds nobody has added yet ----------------------------------------


def test_pain_is_loinc_72514_with_its_location_as_body_site():
    pain = Entry(kind("PAIN"), TODAY, 6.0, dt.time(21, 0), label="left_buttock", note="sitting")
    document = export([pain])
    Bundle.model_validate(document)
    (observation,) = observations(document, LOINC, "72514-3")
    assert observation["category"][0]["coding"][0]["code"] == "survey"
    assert observation["valueQuantity"] == {
        "value": 6,
        "unit": "score",
        "system": UCUM,
        "code": "{score}",
    }
    assert observation["bodySite"] == {"text": "left buttock"}
    assert observation["note"] == [{"text": "sitting"}]


@pytest.mark.skipif("tags" not in Entry.__dataclass_fields__, reason="entries have no tags yet")
def test_tags_become_components():
    pain = Entry(kind("PAIN"), TODAY, 4.0, label="knee", tags=("sharp", "sitting"))
    (observation,) = observations(export([pain]), LOINC, "72514-3")
    assert [c["valueString"] for c in observation["component"]] == ["sharp", "sitting"]


def test_side_effects_and_red_flags_use_the_own_codes():
    nausea = Entry(kind("SIDE_EFFECT"), TODAY, 2.0, dt.time(10, 0), label="nausea")
    flag = Entry(kind("RED_FLAG"), TODAY, 1.0, dt.time(10, 5), label="pancreatitis")
    clear = replace(flag, value=0.0, label="fall")
    document = export([nausea, flag, clear])
    Bundle.model_validate(document)
    (effect,) = observations(document, OWN, "side_effect")
    assert effect["valueQuantity"]["code"] == "{score}"
    assert effect["component"][0]["valueString"] == "nausea"
    answers = observations(document, OWN, "red_flag")
    assert [(a["valueBoolean"], a["component"][0]["valueString"]) for a in answers] == [
        (False, "fall"),  # same time: ordered by label
        (True, "pancreatitis"),
    ]


def test_a_kind_not_in_the_table_still_exports_under_the_own_code_system():
    stance = Entry(Future.BALANCE, TODAY, 31.5, dt.time(9, 0), label="right_leg")
    document = export([stance])
    Bundle.model_validate(document)
    (observation,) = observations(document, OWN, "single_leg_stance")
    assert observation["category"][0]["coding"][0]["code"] == "survey"
    assert observation["valueQuantity"] == {"value": 31.5}
    assert observation["component"][0]["code"]["coding"][0]["code"] == "label"


def test_every_kind_exports_a_valid_resource_in_ucum():
    everything = [Entry(each, TODAY, 1.0, dt.time(9, 0), label="x") for each in Kind]
    document = export(everything)
    Bundle.model_validate(document)
    assert len(document["entry"]) == 1 + 1 + len(Kind) + 1  # patient, height, entries, a BMI
    found = resources(document, "Observation")
    quantities = [r["valueQuantity"] for r in found if "valueBoolean" not in r]
    quantities += [r["dosage"]["dose"] for r in resources(document, "MedicationAdministration")]
    units = {"kg", "%", "cm", "g", "mL", "min", "mg", "kg/m2", "s", "m/s"}
    for quantity in quantities:
        assert quantity["system"] == UCUM
        assert quantity["code"] in units or re.fullmatch(r"\{[a-z_]+\}", quantity["code"])


def test_a_kind_whose_unit_is_not_ucum_goes_as_an_annotation():
    class Later(StrEnum):
        GRADE = "grade"

    later = replace(kinds.spec(Kind.SIDE_EFFECT), kind=Later.GRADE, fhir=None)
    assert later.units[0].ucum is None  # a grade is a count, no unit of measure
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(kinds.KINDS, Later.GRADE, later)
        document = export([Entry(Later.GRADE, TODAY, 2.0)])
    (observation,) = observations(document, OWN, "grade")
    assert observation["valueQuantity"]["code"] == "{grade}"
    assert observation["valueQuantity"]["system"] == UCUM


# --- muscle kept, measured -------------------------------------------------------------------

MUSCLE_TESTS = [
    Entry(Kind.CHAIR_STAND_30S, TODAY, 12.0, dt.time(9, 0), label="home"),
    Entry(Kind.SIT_TO_STAND_5X, TODAY, 11.4, dt.time(9, 5), label="home"),
    Entry(Kind.GRIP_STRENGTH, TODAY, 24.5, label="clinic"),
    Entry(Kind.GAIT_SPEED, TODAY, 1.05, label="clinic"),
    Entry(Kind.SARC_F, TODAY, 4.0, label="S1 A0 R2 C1 F0"),
]
EXAM = {"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "exam"}


@pytest.fixture(scope="module")
def muscle() -> dict[str, Any]:
    document = export(MUSCLE_TESTS)
    Bundle.model_validate(document)
    return document


def quantity(observation: dict[str, Any]) -> tuple[float, str, str]:
    value = observation["valueQuantity"]
    assert value["system"] == UCUM
    return value["value"], value["unit"], value["code"]


def category(observation: dict[str, Any]) -> dict[str, str]:
    (first,) = observation["category"]
    return {key: first["coding"][0][key] for key in ("system", "code")}


def test_a_chair_stand_is_loinc_66247_8_an_exam_with_where_it_was_done(muscle):
    (stand,) = observations(muscle, LOINC, "66247-8")
    assert category(stand) == EXAM
    assert stand["code"]["text"] == "30-second chair stand"
    assert quantity(stand) == (12, "stands", "{stands}")
    assert stand["effectiveDateTime"] == "2026-03-15T09:00:00+01:00"
    assert [c["valueString"] for c in stand["component"]] == ["home"]
    assert stand["component"][0]["code"]["coding"][0]["code"] == "tested_at"


def test_gait_speed_is_loinc_83172_7_in_metres_a_second(muscle):
    (gait,) = observations(muscle, LOINC, "83172-7")
    assert category(gait) == EXAM
    assert quantity(gait) == (1.05, "m/s", "m/s")
    assert gait["effectiveDateTime"] == "2026-03-15"  # no time: a date alone
    assert [c["valueString"] for c in gait["component"]] == ["clinic"]


def test_grip_and_five_rises_use_the_own_codes_in_kg_and_seconds(muscle):
    (grip,) = observations(muscle, OWN, "grip_strength")
    assert category(grip) == EXAM
    assert quantity(grip) == (24.5, "kg", "kg")
    (rises,) = observations(muscle, OWN, "sit_to_stand_5x")
    assert category(rises) == EXAM
    assert quantity(rises) == (11.4, "s", "s")


def test_a_grip_in_a_pounds_profile_still_exports_in_kg():
    imperial = replace(PROFILE, weight_unit=WeightUnit.LB)
    (grip,) = observations(export(MUSCLE_TESTS, imperial), OWN, "grip_strength")
    assert quantity(grip) == (24.5, "kg", "kg")


def test_a_sarc_f_carries_its_score_and_its_answers(muscle):
    (sarc_f,) = observations(muscle, OWN, "sarc_f")
    assert category(sarc_f)["code"] == "survey"
    assert quantity(sarc_f) == (4, "score", "{score}")
    (answers,) = sarc_f["component"]
    assert answers["code"]["coding"][0]["code"] == "answers"
    assert answers["code"]["coding"][0]["system"] == OWN
    assert answers["valueString"] == "S1 A0 R2 C1 F0"


def test_a_sarc_f_without_its_answers_has_no_component():
    document = export([Entry(Kind.SARC_F, TODAY, 2.0)])
    Bundle.model_validate(document)
    (sarc_f,) = observations(document, OWN, "sarc_f")
    assert quantity(sarc_f) == (2, "score", "{score}")
    assert "component" not in sarc_f
