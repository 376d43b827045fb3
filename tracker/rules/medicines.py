"""What each GLP-1 medicine's label says: its form, doses, escalation and missed-dose rules.

Pure data with its sources (the US prescribing information; §2 is its Dosage and
Administration). The brand decides all of it, so it comes from the patient (the profile, or a
dose logged with its brand), never from the doses: Ozempic and Wegovy share 0.25-1 mg but not
the next step.

A dose logged with only its molecule (an older log, an import) is judged by what every brand of
that molecule shares, and by no brand's own escalation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from tracker.domain import BRANDS, Drug, Medicine


class Form(StrEnum):
    INJECTION = "injection"
    TABLET = "tablet"


@dataclass(frozen=True, slots=True)
class Regimen:
    """How often a medicine is taken and what its label says about late doses.

    ``late_window_days``: how late a missed dose may still be taken (past it, the label says to
    skip it). ``min_spacing_days``: the closest two doses may be when the dose day moves.
    ``restart_after_missed``: missed doses in a row after which the label says to ask about
    starting the escalation again (None: the label says nothing of it).
    """

    interval_days: int
    late_window_days: int
    min_spacing_days: int
    restart_after_missed: int | None
    source: str

    @property
    def is_daily(self) -> bool:
        return self.interval_days == 1


@dataclass(frozen=True, slots=True)
class Escalation:
    """A label's dose steps, and how many doses of each the label asks for before the next.

    ``min_doses[i]`` is the doses of step ``i`` before stepping up from it; 0 where the label
    sets no wait (Trulicity 0.75 to 1.5 mg). The last step has none.
    """

    steps_mg: tuple[float, ...]
    min_doses: tuple[int, ...]
    source: str

    def __post_init__(self) -> None:
        if len(self.min_doses) != len(self.steps_mg) - 1:
            raise ValueError("one minimum a step, but for the top one")

    def index(self, dose_mg: float) -> int | None:
        """The step ``dose_mg`` is on the label, or None if the label has no such dose."""
        for index, step_mg in enumerate(self.steps_mg):
            if math.isclose(step_mg, dose_mg, abs_tol=1e-6):
                return index
        return None

    def next_mg(self, dose_mg: float) -> float | None:
        """The label's next dose up from ``dose_mg``, or None at (or past) the top."""
        return next((mg for mg in self.steps_mg if mg > dose_mg + 1e-6), None)

    def doses_before_next(self, dose_mg: float) -> int:
        """Doses of ``dose_mg`` the label asks for before stepping up from it; for a dose that
        is not one of the label's steps, the longest the label asks anywhere."""
        index = self.index(dose_mg)
        if index is not None and index < len(self.min_doses):
            return self.min_doses[index]
        return max(self.min_doses, default=0)


@dataclass(frozen=True, slots=True)
class Product:
    """One medicine: its molecule, form, schedule and the doses it comes in."""

    medicine: Medicine
    name: str
    form: Form
    regimen: Regimen | None
    """None for 'other': nothing is judged."""
    escalation: Escalation | None
    """None without a brand: no next step is ever suggested."""
    dose_range_mg: tuple[float, float]
    """The doses accepted when logging, inclusive."""
    how_to_take: str = ""

    @property
    def drug(self) -> Drug:
        return self.medicine.drug

    @property
    def interval_days(self) -> int:
        """Days between doses on the label; a week for 'other', which has no regimen."""
        return self.regimen.interval_days if self.regimen else 7


# --- missed doses ---------------------------------------------------------------------------

WEGOVY_MISSED = Regimen(
    interval_days=7,
    late_window_days=5,
    min_spacing_days=2,
    restart_after_missed=3,
    source="Wegovy label §2: take a missed dose if the next is more than 2 days (48 h) away, "
    "else skip it; the dose day may change if doses are at least 2 days apart; after more than "
    "2 missed doses in a row, resume or, if needed, start the escalation again",
)
OZEMPIC_MISSED = Regimen(
    interval_days=7,
    late_window_days=5,
    min_spacing_days=2,
    restart_after_missed=None,
    source="Ozempic label §2: take a missed dose within 5 days, else skip it; the dose day may "
    "change if doses are at least 2 days (48 h) apart",
)
TIRZEPATIDE_MISSED = Regimen(
    interval_days=7,
    late_window_days=4,
    min_spacing_days=3,
    restart_after_missed=None,
    source="Zepbound and Mounjaro labels §2: take a missed dose within 4 days (96 h), else "
    "skip it; the dose day may change if doses are at least 3 days (72 h) apart",
)
DULAGLUTIDE_MISSED = Regimen(
    interval_days=7,
    late_window_days=4,
    min_spacing_days=3,
    restart_after_missed=None,
    source="Trulicity label §2: take a missed dose if the next is at least 3 days (72 h) away, "
    "so up to 4 days late; the dose day may change if the last dose was 3 or more days before",
)
LIRAGLUTIDE_MISSED = Regimen(
    interval_days=1,
    late_window_days=0,
    min_spacing_days=1,
    restart_after_missed=3,
    source="Saxenda and Victoza labels §2: skip a missed dose and take the next as usual, never "
    "an extra one; after more than 3 days without, start again at 0.6 mg",
)
ORAL_SEMAGLUTIDE_MISSED = Regimen(
    interval_days=1,
    late_window_days=0,
    min_spacing_days=1,
    restart_after_missed=None,
    source="Rybelsus label §2: skip a missed dose and take the next one the following day "
    "(applied to the Wegovy pill, the same oral semaglutide, whose own wording was not checked "
    "here)",
)
SEMAGLUTIDE_INJECTION_MISSED = Regimen(
    interval_days=7,
    late_window_days=5,
    min_spacing_days=2,
    restart_after_missed=None,
    source="What the Wegovy and Ozempic labels share: take a missed dose within 5 days; doses "
    "at least 2 days apart. (Log the brand to see its own rules.)",
)

# --- escalation -----------------------------------------------------------------------------

WEEKLY_4 = 4
"""Four weekly doses: the labels' "at least 4 weeks" on a dose, counted in doses taken."""
DAILY_30 = 30
"""Thirty daily doses: the oral semaglutide labels' "30 days" on a dose."""
DAILY_7 = 7
"""Seven daily doses: the liraglutide labels' week on a dose."""

ORAL_HOW_TO = (
    "Take the tablet on an empty stomach with up to 120 ml (4 fl oz) of plain water, and wait "
    "30 minutes before eating, drinking or taking other medicines."
)
"""Rybelsus label §2 (applied to the Wegovy pill, the same oral semaglutide): how the tablet is
taken so that it is absorbed."""

PRODUCTS: dict[Medicine, Product] = {
    p.medicine: p
    for p in (
        Product(
            Medicine.WEGOVY,
            "Wegovy",
            Form.INJECTION,
            WEGOVY_MISSED,
            Escalation(
                (0.25, 0.5, 1.0, 1.7, 2.4),
                (WEEKLY_4,) * 4,
                "Wegovy label §2: 0.25, 0.5, 1 and 1.7 mg for 4 weeks each, then 2.4 mg a week",
            ),
            (0.25, 7.2),  # 7.2 mg: the EU label's higher maintenance dose (2025)
        ),
        Product(
            Medicine.WEGOVY_PILL,
            "Wegovy pill",
            Form.TABLET,
            ORAL_SEMAGLUTIDE_MISSED,
            Escalation(
                (1.5, 4.0, 9.0, 25.0),
                (DAILY_30,) * 3,
                "Wegovy tablets label: 1.5, 4 and 9 mg once a day for 30 days each, then 25 mg",
            ),
            (1.5, 25.0),
            ORAL_HOW_TO,
        ),
        Product(
            Medicine.OZEMPIC,
            "Ozempic",
            Form.INJECTION,
            OZEMPIC_MISSED,
            Escalation(
                (0.25, 0.5, 1.0, 2.0),
                (WEEKLY_4,) * 3,
                "Ozempic label §2: 0.25 mg for 4 weeks, then 0.5 mg; 1 mg and then 2 mg each "
                "after at least 4 weeks on the dose before",
            ),
            (0.25, 2.0),
        ),
        Product(
            Medicine.RYBELSUS,
            "Rybelsus",
            Form.TABLET,
            ORAL_SEMAGLUTIDE_MISSED,
            Escalation(
                (3.0, 7.0, 14.0),
                (DAILY_30,) * 2,
                "Rybelsus label §2: 3 mg once a day for 30 days, then 7 mg; 14 mg after at "
                "least 30 days on 7 mg",
            ),
            (1.5, 14.0),  # 1.5, 4 and 9 mg: the newer tablets, equal to 3, 7 and 14 mg
            ORAL_HOW_TO,
        ),
        *(
            Product(
                medicine,
                name,
                Form.INJECTION,
                TIRZEPATIDE_MISSED,
                Escalation(
                    (2.5, 5.0, 7.5, 10.0, 12.5, 15.0),
                    (WEEKLY_4,) * 5,
                    f"{name} label §2: 2.5 mg for 4 weeks, then 5 mg; up in 2.5 mg steps after "
                    "at least 4 weeks on the current dose, to 15 mg at most",
                ),
                (2.5, 15.0),
            )
            for medicine, name in ((Medicine.ZEPBOUND, "Zepbound"), (Medicine.MOUNJARO, "Mounjaro"))
        ),
        Product(
            Medicine.SAXENDA,
            "Saxenda",
            Form.INJECTION,
            LIRAGLUTIDE_MISSED,
            Escalation(
                (0.6, 1.2, 1.8, 2.4, 3.0),
                (DAILY_7,) * 4,
                "Saxenda label §2: 0.6 mg a day in week 1, then up by 0.6 mg a week to 3 mg",
            ),
            (0.6, 3.0),
        ),
        Product(
            Medicine.VICTOZA,
            "Victoza",
            Form.INJECTION,
            LIRAGLUTIDE_MISSED,
            Escalation(
                (0.6, 1.2, 1.8),
                (DAILY_7,) * 2,
                "Victoza label §2: 0.6 mg a day for a week, then 1.2 mg; 1.8 mg after at least "
                "a week",
            ),
            (0.6, 1.8),
        ),
        Product(
            Medicine.TRULICITY,
            "Trulicity",
            Form.INJECTION,
            DULAGLUTIDE_MISSED,
            Escalation(
                (0.75, 1.5, 3.0, 4.5),
                (0, WEEKLY_4, WEEKLY_4),
                "Trulicity label §2: 0.75 mg, then 1.5 mg (no wait is set); 3 mg and then 4.5 mg "
                "each after at least 4 weeks on the dose before",
            ),
            (0.75, 4.5),
        ),
        # The bare molecules: what all their brands share, and no brand's escalation.
        Product(
            Medicine.SEMAGLUTIDE,
            "Semaglutide",
            Form.INJECTION,
            SEMAGLUTIDE_INJECTION_MISSED,
            None,
            (0.25, 7.2),  # the injections; a tablet is logged by its brand
        ),
        Product(
            Medicine.TIRZEPATIDE,
            "Tirzepatide",
            Form.INJECTION,
            TIRZEPATIDE_MISSED,
            None,
            (2.5, 15.0),
        ),
        Product(
            Medicine.LIRAGLUTIDE,
            "Liraglutide",
            Form.INJECTION,
            LIRAGLUTIDE_MISSED,
            None,
            (0.6, 3.0),
        ),
        Product(
            Medicine.DULAGLUTIDE,
            "Dulaglutide",
            Form.INJECTION,
            DULAGLUTIDE_MISSED,
            None,
            (0.75, 4.5),
        ),
        # Exenatide starts at 5 micrograms; 50 mg tops the trial doses of the newer oral agents.
        Product(Medicine.OTHER, "Other GLP-1 medicine", Form.INJECTION, None, None, (0.005, 50.0)),
    )
}


CHOICES: tuple[Medicine, ...] = (*BRANDS, Medicine.OTHER)
"""What a patient picks their medicine from: the brands, then 'other'."""


def choices(keeping: Medicine | None = None) -> list[Medicine]:
    """``CHOICES``, and ``keeping`` after them when it is not one (a bare molecule from an older
    log), so that a form can show what is already there."""
    return list(dict.fromkeys([*CHOICES, *([keeping] if keeping else [])]))


def tablet_brands(drug: Drug) -> list[Medicine]:
    """The brands of ``drug`` that are tablets."""
    return [m for m in BRANDS if m.drug is drug and PRODUCTS[m].form is Form.TABLET]


def product(medicine: Medicine) -> Product:
    return PRODUCTS[medicine]


def is_tablet(medicine: Medicine) -> bool:
    return PRODUCTS[medicine].form is Form.TABLET


def name(medicine: Medicine) -> str:
    """The medicine as a person says it: the brand, or the molecule."""
    return PRODUCTS[medicine].name


def described(medicine: Medicine) -> str:
    """The brand with its molecule and how it is taken, for choosing one from a list."""
    item = PRODUCTS[medicine]
    if medicine is Medicine.OTHER:
        return item.name
    every = "a day" if item.regimen and item.regimen.is_daily else "a week"
    how = f"{'tablet' if item.form is Form.TABLET else 'injection'} {every}"
    if not medicine.is_brand:
        return f"{item.name} ({how}, brand not given)"
    return f"{item.name} ({item.drug.value}, {how})"
