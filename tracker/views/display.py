"""How values read to a person: units of their choice, names of kinds, words for statuses.

Pure functions shared by the pages and the charts; the pages never convert or round themselves.
"""

from __future__ import annotations

from tracker import kinds
from tracker.domain import SEVERITY_WORDS, Entry, Kind, Medicine, Profile
from tracker.rules import medicines
from tracker.rules.guidance import Status
from tracker.units import CM_PER_IN, WaterUnit, WeightUnit, format_number, kg_to_lb, ml_to_fl_oz

MISSING = "–"
"""What a table or a figure shows where there is no value."""

FINDING_NAMES: dict[str, str] = {
    "loss_rate": "Rate of loss",
    "protein_daily": "Protein a day",
    "protein_per_meal": "Protein at meals",
    "hydration": "Water",
    "strength_frequency": "Strength training",
    "glute_focus": "Glutes and legs",
    "activity": "Staying active",
    "strength_early": "Strength from the start",
    "lean_share": "Lean mass kept",
    "strength_kept": "Strength kept",
    "function": "Function tests",
    "low_bmi": "BMI",
    "side_effects": "Stomach and gut",
    "pain_trend": "Buttock and hip pain",
    "red_flag": "Red flags",
}

STATUS_WORDS: dict[Status, str] = {
    Status.OK: "On track",
    Status.WATCH: "Watch",
    Status.ALERT: "Act now",
    Status.UNKNOWN: "Not enough data",
}

STATUS_COLOURS: dict[Status, str] = {
    Status.OK: "green",
    Status.WATCH: "orange",
    Status.ALERT: "red",
    Status.UNKNOWN: "gray",
}
"""Streamlit's named colours for badges and coloured text."""

STATUS_ICONS: dict[Status, str] = {
    Status.OK: ":material/check_circle:",
    Status.WATCH: ":material/visibility:",
    Status.ALERT: ":material/error:",
    Status.UNKNOWN: ":material/help:",
}

RED_FLAG_NAMES = {
    "buttock_compartment": "tense, swollen buttock",
    "cauda_equina": "saddle numbness or bladder trouble",
    "infection": "red, hot, painful area with fever",
    "fall": "pain after a fall",
    "pancreatitis": "severe lasting belly pain",
    "gallbladder": "upper right belly pain, fever or jaundice",
    "dehydration": "cannot keep fluids down",
    "dark_urine": "dark urine with muscle pain",
    "low_blood_sugar": "signs of low blood sugar",
    "allergic_reaction": "swelling of the face or throat, trouble breathing",
    "thyroid": "lump in the neck, hoarseness or trouble swallowing",
    "vision": "changes in vision",
}

SIDE_EFFECT_NAMES = {
    "nausea": "Nausea",
    "vomiting": "Vomiting",
    "diarrhoea": "Diarrhoea",
    "constipation": "Constipation",
    "reduced_appetite": "Reduced appetite",
    "fatigue": "Fatigue",
    "dizziness": "Dizziness",
    "injection_site_reaction": "Injection-site reaction",
}

PAIN_LOCATION_NAMES = {
    "left_buttock": "Left buttock",
    "right_buttock": "Right buttock",
    "hip": "Hip",
    "tailbone": "Tailbone",
    "back_of_thigh": "Back of the thigh",
    "low_back": "Low back",
}

PAIN_TAG_NAMES = {
    "sharp": "sharp",
    "dull": "dull",
    "aching": "aching",
    "radiating": "radiating down the leg",
    "numbness": "numbness or tingling",
    "sitting": "when sitting",
    "walking": "when walking",
    "exercise": "with exercise",
    "night": "at night",
}

METHOD_NAMES = {"scale": "Home scale", "dxa": "DXA scan"}
TESTED_AT_NAMES = {"home": "At home", "clinic": "In clinic"}

BASIS_NAMES = {
    "auto": "Adjusted body weight from a BMI of 30, else my weight",
    "actual": "My weight",
    "adjusted": "Adjusted body weight",
}
"""How the protein target is scaled (``ProteinBasis``), as the patient reads it."""

MEDICINE_NAMES = {medicine.value: medicines.name(medicine) for medicine in Medicine}

LABEL_NAMES = {
    Kind.SIDE_EFFECT: SIDE_EFFECT_NAMES,
    Kind.PAIN: PAIN_LOCATION_NAMES,
    Kind.DOSE: MEDICINE_NAMES,
    Kind.BODY_FAT: METHOD_NAMES,
    Kind.LEAN_MASS: METHOD_NAMES,
    Kind.CHAIR_STAND_30S: TESTED_AT_NAMES,
    Kind.SIT_TO_STAND_5X: TESTED_AT_NAMES,
    Kind.GRIP_STRENGTH: TESTED_AT_NAMES,
    Kind.GAIT_SPEED: TESTED_AT_NAMES,
}
"""Names for the labels that are codes (the other kinds' labels read as they are)."""

SITE_NAMES = {
    "abdomen_left": "Abdomen, left",
    "abdomen_right": "Abdomen, right",
    "thigh_left": "Thigh, left",
    "thigh_right": "Thigh, right",
    "arm_left": "Upper arm, left",
    "arm_right": "Upper arm, right",
}


def kind_name(kind: Kind) -> str:
    """What the pages call an entry of ``kind``: "GLP-1 dose"."""
    return kinds.spec(kind).name


def label_name(kind: Kind) -> str:
    """What a form calls the label of ``kind``: "Meal"."""
    return kinds.spec(kind).label_name


def unit_of(kind: Kind, profile: Profile) -> str:
    return kinds.display_unit(kind, profile.weight_unit, profile.water_unit)


def unit_text(unit: str) -> str:
    """A unit's code as a person reads it: ``fl_oz`` is "fl oz"."""
    return kinds.UNITS[unit].text


def to_display(kind: Kind, value_metric: float, profile: Profile) -> float:
    return kinds.from_metric(kind, value_metric, unit_of(kind, profile))


def to_metric(kind: Kind, value: float, profile: Profile) -> float:
    return kinds.to_metric(kind, value, unit_of(kind, profile))


def value_text(kind: Kind, value_metric: float, profile: Profile) -> str:
    if kind is Kind.SIDE_EFFECT:
        return SEVERITY_WORDS[int(value_metric)]
    if kind in (Kind.PAIN, Kind.SARC_F):
        return f"{value_metric:g}/10"
    if kind is Kind.RED_FLAG:
        return "yes" if value_metric else "no"
    unit = unit_of(kind, profile)
    shown = format_number(to_display(kind, value_metric, profile), kinds.UNITS[unit].shown_decimals)
    return f"{shown} {unit_text(unit)}"


def weight_text(weight_kg: float | None, unit: WeightUnit, decimals: int = 1) -> str:
    if weight_kg is None:
        return MISSING
    value = kg_to_lb(weight_kg) if unit is WeightUnit.LB else weight_kg
    return f"{format_number(value, decimals)} {unit.value}"


def water_text(volume_ml: float | None, unit: WaterUnit) -> str:
    if volume_ml is None:
        return MISSING
    if unit is WaterUnit.FL_OZ:
        return f"{format_number(ml_to_fl_oz(volume_ml), 1)} fl oz"
    return f"{format_number(volume_ml, 0)} ml"


def load_text(load_kg: float | None, unit: WeightUnit) -> str:
    return "body weight" if load_kg is None else weight_text(load_kg, unit)


def detail(entry: Entry, profile: Profile) -> str:
    """The rest of an entry in a few words: meal, focus and exercises, drug and site, what a
    pain is like, which red-flag question."""
    if entry.kind is Kind.RED_FLAG:
        return RED_FLAG_NAMES.get(entry.label, entry.label)
    names = LABEL_NAMES.get(entry.kind, {})
    label = names.get(entry.label, entry.label.replace("_", " "))
    if entry.kind not in (Kind.DOSE, Kind.SARC_F):  # a brand's name, and answers, as written
        label = label.lower()
    parts = [label] if entry.label else []
    parts += [PAIN_TAG_NAMES.get(tag, tag.replace("_", " ")) for tag in entry.tags]
    if entry.site:
        parts.append(SITE_NAMES.get(entry.site, entry.site).lower())
    parts += [
        f"{item.name} {item.sets}×{item.reps} @ {load_text(item.load_kg, profile.weight_unit)}"
        for item in entry.exercises
    ]
    return " · ".join(parts)


def finding_value(code: str, value: float | None, unit: str) -> str:
    if value is None:
        return MISSING
    decimals = {"loss_rate": 2, "protein_daily": 2, "hydration": 0, "activity": 0}.get(code, 1)
    return f"{format_number(value, decimals)} {unit}"


def target_text(comparison: str, target: float | None, unit: str) -> str:
    if target is None:
        return ""
    if comparison == "within":
        return f"a strength session within the first {format_number(target, 0)} days"
    if comparison == "drop_under":
        return f"down by less than {format_number(target, 0)} %"
    word = {"at_most": "at most", "below": "fewer than"}.get(comparison, "at least")
    return f"{word} {format_number(target, 2)} {unit}"


def height_shown(height_cm: float | None, unit: str) -> float | None:
    """A height as a form shows it, to a tenth of ``unit`` (cm or in)."""
    if height_cm is None:
        return None
    return round(height_cm / CM_PER_IN if unit == "in" else height_cm, 1)


def height_typed(value: float | None, unit: str, stored_cm: float | None) -> float | None:
    """The height in cm a form's value means; an unchanged value keeps the stored height exactly
    (a rounded inch figure would otherwise drift the stored centimetres at every save)."""
    if value is None:
        return None
    if value == height_shown(stored_cm, unit):
        return stored_cm
    return value * CM_PER_IN if unit == "in" else value


def needs_attention(findings: list) -> str:
    """The findings that need attention, in words: "Act now: Rate of loss · Watch: Water"."""
    groups = []
    for status in (Status.ALERT, Status.WATCH):
        flagged = sorted(
            (f for f in findings if f.status is status), key=lambda f: f.code != "red_flag"
        )  # a red flag leads its group
        names = [FINDING_NAMES[f.code] for f in flagged]
        if names:
            groups.append(f"{STATUS_WORDS[status]}: {', '.join(names)}")
    return " · ".join(groups)


STATUS_CELL_STYLES: dict[Status, str] = {
    Status.ALERT: "background-color: #fde0dc; color: #8e1b12; font-weight: 600",
    Status.WATCH: "background-color: #fff1cc; color: #6b4e00",
    Status.OK: "background-color: #e3f1e4; color: #1b5e20",
    Status.UNKNOWN: "background-color: #eef0f2; color: #4a4f55",
}
"""Table cells coloured by status (text stays readable; the word carries the meaning too)."""


def days_ago(days: int | None) -> str:
    if days is None:
        return "never"
    return {0: "today", 1: "yesterday"}.get(days, f"{days} days ago")


AUDIT_ACTIONS = {
    "view": "Opened your data",
    "caseload": "Saw your summary",
    "target": "Changed a target",
    "note": "Wrote a note",
    "plan": "Changed your plan",
    "share": "Sharing",
    "acknowledge": "Saw your red flag",
    "test": "Recorded a test",
    "report": "Downloaded a report",
}


def count_text(count: float, noun: str) -> str:
    """'1 meal', '2 meals', '0 sessions': a count with its noun, singular only for one."""
    return f"{count:g} {noun}" if count == 1 else f"{count:g} {noun}s"
