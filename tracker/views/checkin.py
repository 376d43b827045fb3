"""The morning check-in: the day's routine in one card and one save.

What the card offers comes from the day's log (the meal of the hour, the usual dose and the next
site, whether a dose is due); what a person answers becomes the entries to save, all together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tracker.domain import (
    SEVERITY_WORDS,
    Entry,
    InjectionSite,
    InvalidEntry,
    Kind,
    Meal,
    Medicine,
    Profile,
    SideEffect,
)
from tracker.rules import medicines, weighins
from tracker.units import WaterUnit
from tracker.views import display, today
from tracker.views.today import DayLog

GLASSES = (1, 2, 3, 4)
GLASS = {WaterUnit.ML: 250.0, WaterUnit.FL_OZ: 8.0}
"""One glass, in the patient's unit: a tap per glass is quicker than typing an amount."""

DUE_EARLY = dt.timedelta(days=1)
SYMPTOM_GRADES = (1, 2, 3)
"""Mild, moderate, severe: choosing a symptom means it was there; 'none' is choosing nothing."""


@dataclass(frozen=True)
class DoseOffer:
    """The dose the card offers to log as taken: the usual one, at the next site."""

    medicine: Medicine
    dose_mg: float
    site: InjectionSite | None  # None for a tablet
    next_day: dt.date  # when the label's schedule next asks for it
    is_due: bool


@dataclass(frozen=True)
class CheckIn:
    """What the card offers on ``day``."""

    day: dt.date
    meal: Meal
    glass: float  # in the patient's water unit
    dose: DoseOffer | None  # None before a first dose is logged: nothing to pre-fill


def offer(log: DayLog, profile: Profile, at: dt.time) -> CheckIn:
    """The card for ``log``'s day, as the clock reads ``at``."""
    last = log.last_dose
    dose = None
    if last is not None:
        medicine = today.usual_medicine(last, profile)
        next_day = last.day + dt.timedelta(days=medicines.product(medicine).interval_days)
        dose = DoseOffer(
            medicine=medicine,
            dose_mg=last.value,
            site=None if medicines.is_tablet(medicine) else today.next_site(last.site),
            next_day=next_day,
            # From the day before it is due (a weekly dose day moves now and then); not again
            # once logged that day.
            is_due=last.day != log.day and next_day <= log.day + DUE_EARLY,
        )
    return CheckIn(log.day, today.meal_at(at), GLASS[profile.water_unit], dose)


@dataclass(frozen=True)
class Answers:
    """What a person filled in; values in their own units, None or empty where left blank."""

    weight: float | None = None
    protein_g: float | None = None
    glasses: int = 0
    took_dose: bool = False
    symptoms: tuple[SideEffect, ...] = ()
    grade: int = 1

    @property
    def is_empty(self) -> bool:
        return (
            self.weight is None
            and not self.protein_g
            and not self.glasses
            and not self.took_dose
            and not self.symptoms
        )


def entries(card: CheckIn, answers: Answers, time: dt.time | None, profile: Profile) -> list[Entry]:
    """The entries ``answers`` make, metric, on the card's day at ``time``."""
    if answers.is_empty:
        raise InvalidEntry(
            "Nothing to save yet: fill in your weight, protein or water, tick your dose or "
            "choose a symptom."
        )

    def entry(kind: Kind, value: float, **fields) -> Entry:
        return Entry(kind, card.day, display.to_metric(kind, value, profile), time, **fields)

    made = []
    if answers.weight is not None:
        made.append(entry(Kind.WEIGHT, answers.weight))
    if answers.protein_g:
        made.append(entry(Kind.PROTEIN, answers.protein_g, label=card.meal.value))
    if answers.glasses:
        made.append(entry(Kind.WATER, answers.glasses * card.glass))
    if answers.took_dose and card.dose is not None:
        site = card.dose.site.value if card.dose.site else ""
        made.append(entry(Kind.DOSE, card.dose.dose_mg, label=card.dose.medicine.value, site=site))
    made += [
        Entry(Kind.SIDE_EFFECT, card.day, float(answers.grade), time, label=effect.value)
        for effect in answers.symptoms
    ]
    return made


def weight_jump(card: CheckIn, log: DayLog, weight: float, profile: Profile) -> str | None:
    """A question to ask before saving ``weight`` (in the patient's unit) when it is far from
    the last weigh-in; None when it is believable."""
    weight_kg = display.to_metric(Kind.WEIGHT, weight, profile)
    jump = weighins.jump_kg(weight_kg, card.day, log.last_weight)
    if jump is None or log.last_weight is None:
        return None
    last_day, last_kg = log.last_weight
    when = "earlier today" if last_day == card.day else "yesterday"
    way = "more" if jump > 0 else "less"
    change = display.weight_text(abs(jump), profile.weight_unit)
    last = display.weight_text(last_kg, profile.weight_unit)
    return (
        f"{display.weight_text(weight_kg, profile.weight_unit)} is {change} {way} than "
        f"{when} ({last}); a body rarely changes by more than 1 kg in a day. Check the "
        "number (and the unit); if it is right, press Save again."
    )


def saved_sentence(saved: list[Entry], profile: Profile) -> str:
    """'Saved weight 78.2 kg, breakfast protein 30 g, ...' for what was stored."""
    parts = []
    for item in saved:
        shown = display.value_text(item.kind, item.value, profile)
        match item.kind:
            case Kind.PROTEIN:
                parts.append(f"{item.label} protein {shown}")
            case Kind.DOSE:
                where = f" in the {display.SITE_NAMES[item.site].lower()}" if item.site else ""
                parts.append(f"{display.MEDICINE_NAMES[item.label]} {item.value:g} mg{where}")
            case Kind.SIDE_EFFECT:
                name = display.SIDE_EFFECT_NAMES[item.label].lower()
                parts.append(f"{name} ({SEVERITY_WORDS[int(item.value)]})")
            case _:
                parts.append(f"{display.kind_name(item.kind).lower()} {shown}")
    return "Saved " + ", ".join(parts) + "."
