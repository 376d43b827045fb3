"""FHIR R4 export: a patient's log as one ``collection`` Bundle for a clinic's record system.

Pure: a user, a profile and entries in, a JSON-ready ``dict`` (``bundle``) or JSON text
(``bundle_json``) out. The Bundle holds, for the days ``start``..``end``:

* one ``Patient``: the display name as ``name.text``, the app's user id as an identifier
  (``PATIENT_ID_SYSTEM``), ``gender`` from the profile's sex and the birth year as
  ``birthDate`` (``"1974"``; the app keeps no birthday);
* one ``Observation`` per logged value, ``status`` final, with a LOINC code where a standard
  code exists and a code of the app's own (``OBSERVATION_SYSTEM``, below) where none does;
  ``valueQuantity`` always metric, in UCUM, whatever units the patient reads the app in;
* one body height ``Observation`` from the profile, dated ``end`` (the profile keeps no date);
* one BMI ``Observation`` per weigh-in, from that weight and the profile height, with
  ``derivedFrom`` pointing at both (none when the profile has no height);
* one ``MedicationAdministration`` per dose, ``status`` completed, the molecule as an RxNorm
  ingredient (the brand, when logged, in its text), the dose in ``mg``, the route (SNOMED CT
  subcutaneous or oral) and the injection site as ``dosage.site.text``.

Every resource sits under a ``urn:uuid:`` ``fullUrl`` that is a uuid5 of the user id and the
entry's kind and id, so exporting twice gives the same ids (entries without an id, as in the
demo, are keyed by their content instead). A time of day is written as the patient's local
time with its UTC offset, which FHIR requires on a dateTime with a time: pass the patient's
``zone`` (a ``ZoneInfo`` gives each day its own offset across daylight saving); without one the
server's local zone is used, as the app does when the browser's zone is unknown. A day without a
time is written as the date alone.

Each kind's Observation coding is its ``fhir`` in ``tracker.kinds``, beside its unit and
stored precision: a LOINC code where a standard code exists, else the app's own code (the
kind's value), its category (vital-signs, exam, activity or survey), the component that carries
an entry's label, and a UCUM code where the value's is not its metric unit's. A metric unit
that is no unit of measure (a grade) goes as a UCUM annotation, ``{grade}``. A kind without a
coding (one from a newer version) still exports, as a ``survey`` Observation coded with its own
value in the app's code system. Body height (LOINC 8302-2, from the profile) and BMI (LOINC
39156-5, derived) are coded here.

The app's code system ``https://glp1-muscle-tracker.example/fhir/CodeSystem/observation``:

* ``<kind>``: one entry of that kind of the app's (``lean_mass``, ``protein``, ``water``,
  ``strength``, ``activity``, ``side_effect``, ``red_flag``…), in the kind's metric unit; a
  side effect's severity 0 none .. 3 severe, a red-flag answer as ``valueBoolean`` (true = yes).
* Components: ``meal``, ``focus``, ``activity_type``, ``effect``, ``item``, ``tested_at``
  (``home`` or ``clinic``: where a function test was done) and ``answers`` (a SARC-F's five
  answers, ``S1 A0 R2 C1 F0``) carry an entry's label as ``valueString``; ``label`` does for
  a kind whose coding names no other; ``tag`` carries one of an entry's tags; ``exercise`` one
  exercise of a strength session ("Hip thrust: 3 x 10 at 40 kg").

A pain's location goes in ``bodySite.text`` ("left buttock") and its tags as ``tag``
components.

Medication codes (RxNorm ingredient, TTY IN, ``http://www.nlm.nih.gov/research/umls/rxnorm``):
semaglutide 1991302, tirzepatide 2601723, liraglutide 475968, dulaglutide 1551291, for the
bare molecule and each of its brands alike; any other drug is exported as text only. An entry's
note goes along as the resource's ``note``.

Written to FHIR R4 (4.0.1). The tests validate it with the R4B models of ``fhir.resources``
(4.3.0, the closest it ships: Bundle, Patient, Observation and MedicationAdministration are the
same there as in R4; R5 renamed MedicationAdministration's ``medication[x]`` and
``effective[x]``, so an R5 validator would refuse it).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import Counter
from collections.abc import Iterable
from typing import Any, NamedTuple

from tracker import kinds
from tracker.domain import Entry, Kind, Medicine, Profile, User
from tracker.kinds import BODY_SITE, YES_NO, Category
from tracker.rules import medicines
from tracker.rules.medicines import Form
from tracker.units import format_number

APP = "https://glp1-muscle-tracker.example"
PATIENT_ID_SYSTEM = f"{APP}/patient-id"
EXPORT_ID_SYSTEM = f"{APP}/fhir-export"
OBSERVATION_SYSTEM = f"{APP}/fhir/CodeSystem/observation"
LOINC = "http://loinc.org"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, f"{APP}/fhir")
"""Namespace of every uuid5 in an export."""

_CATEGORY_DISPLAY = {
    Category.VITAL_SIGNS: "Vital Signs",
    Category.EXAM: "Exam",
    Category.ACTIVITY: "Activity",
    Category.SURVEY: "Survey",
}


class Code(NamedTuple):
    """How one kind of Observation is coded.

    ``unit`` is a UCUM code (or ``YES_NO``); None takes the kind's metric unit's. ``label`` is
    the app's code of the component that carries an entry's label (or ``BODY_SITE``).
    """

    system: str
    code: str
    display: str
    category: str
    unit: str | None = None
    label: str = "label"
    text: str = ""
    """``code.text`` when the display is not what a person would call it."""


HEIGHT = Code(LOINC, "8302-2", "Body height", Category.VITAL_SIGNS, "cm")
BMI = Code(
    LOINC, "39156-5", "Body mass index (BMI) [Ratio]", Category.VITAL_SIGNS, "kg/m2", text="BMI"
)

COMPONENTS = {
    "meal": "Meal",
    "focus": "Session focus",
    "activity_type": "Activity type",
    "effect": "Side effect",
    "item": "Red-flag checklist item",
    "tested_at": "Where the test was done",
    "answers": "SARC-F answers (item initial and points)",
    "label": "Label",
    "tag": "Tag",
    "exercise": "Exercise",
}
"""Display of each component code of the app's code system."""

MEDICATIONS: dict[str, tuple[str, str]] = {
    "semaglutide": ("1991302", "semaglutide"),
    "tirzepatide": ("2601723", "tirzepatide"),
    "liraglutide": ("475968", "liraglutide"),
    "dulaglutide": ("1551291", "dulaglutide"),
}
"""RxNorm ingredient (IN) RxCUI and name by drug label; other drugs go as text only."""

GENDER = {"female": "female", "male": "male"}

DOSE_KIND = "dose"


def coding_for(kind: str) -> Code:
    """How entries of ``kind`` (its value) are coded as Observations."""
    spec = kinds.KINDS.get(kind)  # a Kind is equal to its value
    coding = spec.fhir if spec is not None else None
    if coding is None:  # a dose's, or a kind from a newer version: its own value
        return Code(OBSERVATION_SYSTEM, kind, kind.replace("_", " ").capitalize(), Category.SURVEY)
    system, code = (LOINC, coding.loinc) if coding.loinc else (OBSERVATION_SYSTEM, kind)
    unit = coding.ucum or None
    return Code(system, code, coding.display, coding.category, unit, coding.component, coding.text)


def _kind_value(entry: Entry) -> str:
    return str(getattr(entry.kind, "value", entry.kind))


# --- small builders ------------------------------------------------------------------------


def _uuid(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts)))


def _number(value: float, decimals: int | None) -> float | int:
    if decimals is None:
        return int(value) if float(value).is_integer() else value
    rounded = round(value, decimals)
    return int(rounded) if decimals == 0 else rounded


def _quantity(value: float | int, ucum: str) -> dict[str, Any]:
    unit = ucum[1:-1] if ucum.startswith("{") else ucum  # {score} reads "score"
    return {"value": value, "unit": unit, "system": UCUM, "code": ucum}


def _date_time(day: dt.date, time: dt.time | None, zone: dt.tzinfo | None) -> str:
    if time is None:
        return day.isoformat()
    local = dt.datetime.combine(day, time.replace(microsecond=0, tzinfo=None))
    # Without a zone, the server's: the same fallback the app uses to show times.
    aware = local.replace(tzinfo=zone) if zone is not None else local.astimezone()
    return aware.isoformat(timespec="seconds")


def _instant(moment: dt.datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).isoformat(timespec="seconds")


def _concept(code: Code) -> dict[str, Any]:
    coding = {"system": code.system, "code": code.code, "display": code.display}
    return {"coding": [coding], "text": code.text or code.display}


def _category(name: str) -> list[dict[str, Any]]:
    coding = {"system": CATEGORY_SYSTEM, "code": name, "display": _CATEGORY_DISPLAY[name]}
    return [{"coding": [coding]}]


def _component(code: str, value: str) -> dict[str, Any]:
    display = COMPONENTS.get(code, code.replace("_", " ").capitalize())
    coding = {"system": OBSERVATION_SYSTEM, "code": code, "display": display}
    return {"code": {"coding": [coding], "text": display}, "valueString": value}


def _exercise_text(name: str, sets: int, reps: int, load_kg: float | None) -> str:
    load = f" at {format_number(load_kg, 2)} kg" if load_kg is not None else ""
    return f"{name}: {sets} x {reps}{load}"


def _entry(key: str, resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": f"urn:uuid:{key}", "resource": resource}


# --- resources -----------------------------------------------------------------------------


def _patient(user: User, profile: Profile, key: str) -> dict[str, Any]:
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "id": key,
        "identifier": [{"system": PATIENT_ID_SYSTEM, "value": str(user.id)}],
        "name": [{"text": user.display_name}],
    }
    if profile.sex is not None:
        patient["gender"] = GENDER.get(str(profile.sex.value), "unknown")
    if profile.birth_year is not None:
        patient["birthDate"] = f"{profile.birth_year:04d}"
    return patient


def _observation(
    key: str,
    code: Code,
    subject: str,
    effective: str,
    value: dict[str, Any],
) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": key,
        "status": "final",
        "category": _category(code.category),
        "code": _concept(code),
        "subject": {"reference": subject},
        "effectiveDateTime": effective,
        **value,
    }


def _entry_observation(
    entry: Entry, key: str, subject: str, zone: dt.tzinfo | None
) -> dict[str, Any]:
    kind = _kind_value(entry)
    code = coding_for(kind)
    if code.unit == YES_NO:
        value: dict[str, Any] = {"valueBoolean": bool(entry.value)}
    else:
        spec = kinds.KINDS.get(entry.kind)
        metric = spec.units[0] if spec is not None else None
        ucum = code.unit or ((metric.ucum or f"{{{metric.code}}}") if metric else None)
        number = _number(entry.value, spec.stored_decimals if spec is not None else None)
        value = {"valueQuantity": _quantity(number, ucum) if ucum else {"value": number}}
    observation = _observation(key, code, subject, _date_time(entry.day, entry.time, zone), value)
    if entry.note:
        observation["note"] = [{"text": entry.note}]
    components = []
    if entry.label:
        if code.label == BODY_SITE:
            observation["bodySite"] = {"text": entry.label.replace("_", " ")}
        else:
            components.append(_component(code.label, entry.label))
    components += [_component("tag", str(tag)) for tag in getattr(entry, "tags", ()) or ()]
    components += [
        _component("exercise", _exercise_text(item.name, item.sets, item.reps, item.load_kg))
        for item in entry.exercises
    ]
    if components:
        observation["component"] = components
    return observation


def _medication(entry: Entry) -> dict[str, Any]:
    """The molecule as its RxNorm ingredient, and the brand (when logged) in the text."""
    try:
        medicine = Medicine(entry.label.strip().lower())
    except ValueError:
        return {"text": entry.label}
    if medicine is Medicine.OTHER:
        return {"text": "Other GLP-1 medicine (not named in the app)"}
    rxcui, ingredient = MEDICATIONS[medicine.drug.value]
    text = f"{medicines.name(medicine)} ({ingredient})" if medicine.is_brand else ingredient
    return {"coding": [{"system": RXNORM, "code": rxcui, "display": ingredient}], "text": text}


ROUTES = {
    Form.INJECTION: ("34206005", "Subcutaneous route"),
    Form.TABLET: ("26643006", "Oral route"),
}
"""SNOMED CT route of administration of each form."""


def _route(entry: Entry) -> dict[str, Any] | None:
    try:
        form = medicines.product(Medicine(entry.label.strip().lower())).form
    except ValueError:
        return None
    code, display = ROUTES[form]
    return {"coding": [{"system": SNOMED, "code": code, "display": display}], "text": display}


def _administration(entry: Entry, key: str, subject: str, zone: dt.tzinfo | None) -> dict[str, Any]:
    dosage: dict[str, Any] = {
        "dose": _quantity(_number(entry.value, kinds.spec(Kind.DOSE).stored_decimals), "mg")
    }
    if entry.site:
        dosage["site"] = {"text": entry.site.replace("_", " ")}
    if (route := _route(entry)) is not None:
        dosage["route"] = route
    administration: dict[str, Any] = {
        "resourceType": "MedicationAdministration",
        "id": key,
        "status": "completed",
        "medicationCodeableConcept": _medication(entry),
        "subject": {"reference": subject},
        "effectiveDateTime": _date_time(entry.day, entry.time, zone),
        "dosage": dosage,
    }
    if entry.note:
        administration["note"] = [{"text": entry.note}]
    return administration


def _keys(user: User, entries: list[Entry]) -> list[str]:
    """A stable uuid per entry: its id when it has one, else its content (and repeat count)."""
    seen: Counter[tuple[object, ...]] = Counter()
    keys = []
    for entry in entries:
        kind = _kind_value(entry)
        if entry.id is not None:
            keys.append(_uuid(user.id, kind, entry.id))
            continue
        content = (kind, entry.day, entry.time, entry.value, entry.label, entry.site)
        seen[content] += 1
        keys.append(_uuid(user.id, *content, seen[content]))
    return keys


def _order(entry: Entry) -> tuple[object, ...]:
    """A total order, so the export does not depend on the order the entries came in."""
    return (
        entry.day,
        entry.time or dt.time.min,
        _kind_value(entry),
        entry.label,
        entry.site,
        entry.value,
        entry.note,
        tuple(getattr(entry, "tags", ()) or ()),
        repr(entry.exercises),
        (entry.id is not None, entry.id or 0),
    )


def _in_period(entries: Iterable[Entry], start: dt.date, end: dt.date) -> list[Entry]:
    return sorted((entry for entry in entries if start <= entry.day <= end), key=_order)


# --- the bundle ----------------------------------------------------------------------------


def bundle(
    user: User,
    profile: Profile,
    entries: Iterable[Entry],
    start: dt.date,
    end: dt.date,
    now: dt.datetime | None = None,
    zone: dt.tzinfo | None = None,
) -> dict[str, Any]:
    """The FHIR R4 ``collection`` Bundle of ``user``'s entries from ``start`` to ``end``.

    ``now`` is the Bundle's timestamp (naive means UTC; default: the current time); ``zone`` is
    the patient's time zone, whose offset goes with every time of day (default: the server's).
    """
    now = now or dt.datetime.now(dt.UTC)
    kept = _in_period(entries, start, end)
    patient_key = _uuid(user.id, "patient")
    subject = f"urn:uuid:{patient_key}"
    items = [_entry(patient_key, _patient(user, profile, patient_key))]

    height_url = None
    if profile.height_cm:
        key = _uuid(user.id, "height", profile.height_cm, end)
        height_url = f"urn:uuid:{key}"
        height = _quantity(_number(profile.height_cm, 1), HEIGHT.unit or "cm")
        observation = _observation(key, HEIGHT, subject, end.isoformat(), {"valueQuantity": height})
        items.append(_entry(key, observation))

    for entry, key in zip(kept, _keys(user, kept), strict=True):
        if _kind_value(entry) == DOSE_KIND:
            items.append(_entry(key, _administration(entry, key, subject, zone)))
            continue
        items.append(_entry(key, _entry_observation(entry, key, subject, zone)))
        if _kind_value(entry) == "weight" and profile.height_cm:
            bmi_key = _uuid(key, "bmi")
            bmi = entry.value / (profile.height_cm / 100) ** 2
            value = {"valueQuantity": _quantity(round(bmi, 1), BMI.unit or "kg/m2")}
            when = _date_time(entry.day, entry.time, zone)
            observation = _observation(bmi_key, BMI, subject, when, value)
            observation["derivedFrom"] = [
                {"reference": f"urn:uuid:{key}"},
                {"reference": height_url},
            ]
            items.append(_entry(bmi_key, observation))

    export_key = _uuid(user.id, "export", start, end, _instant(now))
    return {
        "resourceType": "Bundle",
        "id": export_key,
        "identifier": {"system": EXPORT_ID_SYSTEM, "value": f"urn:uuid:{export_key}"},
        "type": "collection",
        "timestamp": _instant(now),
        "entry": items,
    }


def bundle_json(
    user: User,
    profile: Profile,
    entries: Iterable[Entry],
    start: dt.date,
    end: dt.date,
    now: dt.datetime | None = None,
    zone: dt.tzinfo | None = None,
) -> str:
    """``bundle`` as JSON text (UTF-8, indented), ready to save as ``.json``."""
    document = bundle(user, profile, entries, start, end, now, zone)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
