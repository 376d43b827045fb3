"""Plausibility checks for everything a person types or imports.

Each check either returns the value as it will be stored (rounded to the stored precision) or
raises ``InvalidEntry`` with a sentence that says what is wrong and how to put it right, in the
unit the person used. Nothing is half-accepted: one bad field refuses the whole entry. An
entry's range, precision and the words for its value and label are its kind's, in
``tracker.kinds``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import unicodedata
from collections.abc import Iterable, Mapping

from email_validator import EmailNotValidError, validate_email

from tracker import kinds
from tracker.domain import (
    LABELS,
    OPTIONAL_LABELS,
    PAIN_TAGS,
    Entry,
    Exercise,
    InjectionSite,
    InvalidEntry,
    Kind,
    Medicine,
    Method,
    Profile,
)
from tracker.formats.common_passwords import COMMON_PASSWORDS
from tracker.formats.numbers import excerpt
from tracker.rules import function_tests, medicines
from tracker.rules.targets import DEFAULT_TARGETS, Targets
from tracker.rules.targets import describe as describe_target
from tracker.units import format_number

EARLIEST_DAY = dt.date(1990, 1, 1)
"""Older records are almost certainly a mistyped year."""

NOTE_MAX_CHARS = 500
NAME_MAX_CHARS = 80
MAX_EXERCISES = 30
PASSWORD_MIN_CHARS = 10

LOAD_RANGE_KG = (0.0, 500.0)
SETS_RANGE = (1, 20)
REPS_RANGE = (1, 200)
HEIGHT_RANGE_CM = (100.0, 250.0)
MIN_AGE_YEARS = 12
"""GLP-1 medicines for weight are labelled from age 12 (Wegovy, Saxenda)."""


def _shown(value: float) -> str:
    return format_number(value, 2)


def _range_text(kind: Kind, unit: str, low: float, high: float) -> str:
    low_u = kinds.from_metric(kind, low, unit)
    high_u = kinds.from_metric(kind, high, unit)
    decimals = kinds.UNITS[unit].shown_decimals
    return f"{format_number(low_u, decimals)} and {format_number(high_u, decimals)} {unit}"


def day(value: dt.date, today: dt.date) -> dt.date:
    if (value - today).days > 1:
        raise InvalidEntry(
            f"The date {value.isoformat()} is in the future; entries can be dated up to tomorrow.",
            "day",
        )
    if value < EARLIEST_DAY:
        raise InvalidEntry(
            f"The date {value.isoformat()} is before {EARLIEST_DAY.isoformat()}; check the year.",
            "day",
        )
    return value


def _number(kind: Kind, value: float) -> None:
    if not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidEntry(f"{kinds.spec(kind).value_name} must be a number.", "value")


_LABEL_VALUES = {kind: frozenset(c.value for c in choices) for kind, choices in LABELS.items()}
_SITE_VALUES = frozenset(s.value for s in InjectionSite)


def _label(kind: Kind, label: str) -> str:
    noun = kinds.spec(kind).value_name
    choices = LABELS.get(kind)
    if choices is None and not label:
        return ""
    if choices is None and kind in OPTIONAL_LABELS:
        choices = OPTIONAL_LABELS[kind]
        if label not in {choice.value for choice in choices}:
            options = ", ".join(c.value for c in choices)
            said = (
                f"{noun} is measured by"
                if choices is Method
                else f"{kinds.spec(kind).label_name} is"
            )
            raise InvalidEntry(f"{said} {options}, or left empty; got '{excerpt(label)}'.", "label")
        return label
    if kind is Kind.SARC_F:
        return label and function_tests.answers_label(function_tests.answers_of(label))
    if choices is None:
        raise InvalidEntry(f"{noun} takes no label; leave it empty.", "label")
    if label not in _LABEL_VALUES[kind]:
        options = ", ".join(c.value for c in choices)
        shown = f"'{excerpt(label)}'" if label else "nothing"
        raise InvalidEntry(
            f"{kinds.spec(kind).label_name} must be one of {options}; got {shown}.", "label"
        )
    return label


def _site(kind: Kind, site: str) -> str:
    if not site:
        return ""
    if kind is not Kind.DOSE:
        raise InvalidEntry("Only a dose has an injection site.", "site")
    if site not in _SITE_VALUES:
        options = ", ".join(s.value for s in InjectionSite)
        raise InvalidEntry(
            f"Injection site must be one of {options}; got '{excerpt(site)}'.", "site"
        )
    return site


def _tags(kind: Kind, tags: tuple[str, ...]) -> tuple[str, ...]:
    """A pain's qualities and triggers, known words only, each once, in a stable order."""
    if not tags:
        return ()
    if kind is not Kind.PAIN:
        raise InvalidEntry("Only a pain entry says what it is like and when it comes.", "tags")
    unknown = [tag for tag in tags if tag not in PAIN_TAGS]
    if unknown:
        options = ", ".join(sorted(PAIN_TAGS))
        raise InvalidEntry(
            f"Pain can be described as {options}; got '{excerpt(unknown[0])}'.", "tags"
        )
    return tuple(sorted(set(tags)))


def _control_characters(text: str, allowed: str = "") -> bool:
    if text.isprintable():  # the common case, answered in C
        return False
    return any(unicodedata.category(char) == "Cc" and char not in allowed for char in text)


def note(text: str) -> str:
    """The note with its line breaks made plain newlines."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _control_characters(text, allowed="\n\t"):
        raise InvalidEntry("A note can hold text, tabs and line breaks only.", "note")
    if len(text) > NOTE_MAX_CHARS:
        raise InvalidEntry(
            f"A note can hold {NOTE_MAX_CHARS} characters; this one has {len(text)}. Shorten it.",
            "note",
        )
    return text


def exercise(item: Exercise, load_unit: str = "kg") -> Exercise:
    """One exercise as stored; the error's field says which part is wrong."""
    name = item.name.strip()
    if _control_characters(name):
        raise InvalidEntry("An exercise name is one line of text.", "exercise_name")
    if not name:
        raise InvalidEntry("Each exercise needs a name, such as 'Hip thrust'.", "exercise_name")
    if len(name) > NAME_MAX_CHARS:
        raise InvalidEntry(
            f"An exercise name can hold {NAME_MAX_CHARS} characters; shorten '{name[:20]}…'.",
            "exercise_name",
        )
    for count, (low, high), noun in (
        (item.sets, SETS_RANGE, "Sets"),
        (item.reps, REPS_RANGE, "Reps"),
    ):
        if int(count) != count or not low <= count <= high:
            raise InvalidEntry(
                f"{noun} for {name} must be a whole number from {low} to {high}; got {count}.",
                f"exercise_{noun.lower()}",
            )
    load_kg = item.load_kg
    if load_kg is not None:
        if not math.isfinite(load_kg):
            raise InvalidEntry(f"Load for {name} must be a number.", "exercise_load")
        load_kg = round(load_kg, kinds.LOAD_STORED_DECIMALS)
        low, high = LOAD_RANGE_KG
        if not low <= load_kg <= high:
            shown = _shown(kinds.load_from_kg(load_kg, load_unit))
            limit = format_number(kinds.load_from_kg(high, load_unit), 0)
            raise InvalidEntry(
                f"Load for {name} must be between 0 and {limit} {load_unit}; got {shown}"
                f" {load_unit}. Leave it empty for body-weight work.",
                "exercise_load",
            )
    return Exercise(name=name, sets=int(item.sets), reps=int(item.reps), load_kg=load_kg)


def _exercises(kind: Kind, items: Iterable[Exercise], load_unit: str) -> tuple[Exercise, ...]:
    items = tuple(items)
    if not items:
        return ()
    if kind is not Kind.STRENGTH:
        raise InvalidEntry("Only a strength session lists exercises.", "exercises")
    if len(items) > MAX_EXERCISES:
        raise InvalidEntry(
            f"A session can list up to {MAX_EXERCISES} exercises; this one has {len(items)}.",
            "exercises",
        )
    return tuple(exercise(item, load_unit) for item in items)


def entry(
    item: Entry, today: dt.date, unit: str | None = None, load_unit: str | None = None
) -> Entry:
    """``item`` as it will be stored, or ``InvalidEntry``.

    ``unit`` and ``load_unit`` are the units the person typed the value and any exercise loads
    in; they only shape the messages.
    """
    kind = item.kind
    spec = kinds.spec(kind)
    unit = unit or spec.metric_unit
    _number(kind, item.value)
    value = kinds.quantize(kind, item.value)
    label = _label(kind, item.label)
    if kind is Kind.DOSE:
        product = medicines.product(Medicine(label))
        low, high = product.dose_range_mg
        if not low <= value <= high:
            tablets = [] if product.medicine.is_brand else medicines.tablet_brands(product.drug)
            hint = (
                " Tablets are logged by their brand ("
                + ", ".join(medicines.name(tablet) for tablet in tablets)
                + ")."
                if tablets
                else ""
            )
            raise InvalidEntry(
                f"A dose of {product.name} must be between {_range_text(kind, 'mg', low, high)};"
                f" {_shown(value)} mg is outside the labelled range.{hint}",
                "value",
            )
    elif spec.whole:
        low, high = spec.valid_range
        if item.value != int(item.value) or not low <= value <= high:
            raise InvalidEntry(
                f"{spec.value_name} is {spec.scale}; got {_shown(item.value)}.", "value"
            )
        if kind is Kind.SARC_F and label:
            total = sum(function_tests.answers_of(label).values())
            if total != value:
                raise InvalidEntry(
                    f"The SARC-F answers {label} add up to {total}, not {_shown(value)}; check "
                    "the score or the answers.",
                    "value",
                )
    else:
        low, high = spec.valid_range
        if not low <= value <= high:
            typed = kinds.from_metric(kind, item.value, unit)
            raise InvalidEntry(
                f"{spec.value_name} must be between {_range_text(kind, unit, low, high)};"
                f" {_shown(typed)} {unit} is outside that range. Check the number and the unit.",
                "value",
            )
    load_unit = load_unit or ("lb" if unit == "lb" else "kg")
    time = item.time
    if time is not None and (time.second or time.microsecond):
        time = time.replace(second=0, microsecond=0)
    checked_day = day(item.day, today)
    checked_note = note(item.note)
    site = _site(kind, item.site)
    exercises = _exercises(kind, item.exercises, load_unit) if item.exercises else ()
    tags = _tags(kind, item.tags)
    if (value, label, time, checked_note, site, exercises, tags) == (
        item.value,
        item.label,
        item.time,
        item.note,
        item.site,
        item.exercises,
        item.tags,
    ):
        return item  # already as it will be stored: the usual case for an import
    return Entry(
        kind=kind,
        day=checked_day,
        value=value,
        time=time,
        label=label,
        note=checked_note,
        site=site,
        exercises=exercises,
        id=item.id,
        tags=tags,
    )


def email(address: str) -> str:
    """The address normalised (lower-cased), or ``InvalidEntry``."""
    try:
        result = validate_email(address.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise InvalidEntry(f"That email address does not look right: {error}", "email") from None
    return result.normalized.lower()


def password(text: str, email: str = "") -> str:
    """A password long enough and not one that guessers try first (NIST SP 800-63B)."""
    if len(text) < PASSWORD_MIN_CHARS:
        raise InvalidEntry(
            f"Choose a password of at least {PASSWORD_MIN_CHARS} characters.", "password"
        )
    lowered = text.lower()
    mine = {email.lower(), email.lower().split("@")[0]} - {""}
    if lowered in COMMON_PASSWORDS or lowered in mine:
        raise InvalidEntry(
            "That password is among the first that attackers try. Choose another, such as "
            "three or four unrelated words.",
            "password",
        )
    return text


def display_name(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise InvalidEntry("Enter the name to show, such as your first name.", "display_name")
    if len(name) > NAME_MAX_CHARS:
        raise InvalidEntry(f"A name can hold {NAME_MAX_CHARS} characters.", "display_name")
    return name


def profile(item: Profile, today: dt.date) -> Profile:
    if item.height_cm is not None:
        low, high = HEIGHT_RANGE_CM
        if not math.isfinite(item.height_cm) or not low <= item.height_cm <= high:
            raise InvalidEntry(
                f"Height must be between {format_number(low, 0)} and {format_number(high, 0)} cm"
                f" ({format_number(low / 2.54, 0)} and {format_number(high / 2.54, 0)} in).",
                "height_cm",
            )
    if item.birth_year is not None:
        latest = today.year - MIN_AGE_YEARS
        if not 1900 <= item.birth_year <= latest:
            raise InvalidEntry(
                f"Birth year must be between 1900 and {latest}; got {item.birth_year}.",
                "birth_year",
            )
    if item.glp1_start is not None and not EARLIEST_DAY <= item.glp1_start <= today:
        raise InvalidEntry(
            f"The medicine's start date must be between {EARLIEST_DAY.isoformat()} and today; "
            f"got {item.glp1_start.isoformat()}.",
            "glp1_start",
        )
    height = round(item.height_cm, 1) if item.height_cm is not None else None
    return dataclasses.replace(item, height_cm=height)


ORDERED_TARGETS = (
    ("loss_ok_max_pct_per_week", "loss_watch_max_pct_per_week"),
    ("protein_alert_below_g_per_kg", "protein_ok_g_per_kg"),
    ("protein_meals_watch", "protein_meals_ok"),
    ("hydration_watch_pct", "hydration_ok_pct"),
    ("activity_watch_min", "activity_ok_min"),
    ("lean_share_ok_max_pct", "lean_share_watch_max_pct"),
    ("bmi_low", "bmi_watch_below"),
    ("bmi_low", "bmi_watch_below_from_70"),
)
"""Pairs whose first must not exceed the second, or the bands would overlap."""


def targets(current: Targets, name: str, value: float | None) -> Targets:
    """``current`` with target ``name`` set to ``value`` (None: back to the default)."""
    return all_targets(current, {name: value})


def all_targets(current: Targets, values: Mapping[str, float | None]) -> Targets:
    """``current`` with every target in ``values`` set (None: back to the default), checked
    as they stand together, so that the order they are given in does not matter."""
    for name, value in values.items():
        if value is not None and (not math.isfinite(value) or value <= 0):
            raise InvalidEntry(f"{describe_target(name)[0]} must be a number above 0.", "value")
    changed = current.with_overrides(
        {
            name: value if value is not None else getattr(DEFAULT_TARGETS, name)
            for name, value in values.items()
        }
    )
    for low, high in ORDERED_TARGETS:
        if getattr(changed, low) > getattr(changed, high):
            raise InvalidEntry(
                f"{describe_target(low)[0]} ({getattr(changed, low):g}) cannot be above "
                f"{describe_target(high)[0].lower()} ({getattr(changed, high):g}).",
                "value",
            )
    return changed
