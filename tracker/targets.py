"""Every guidance threshold, with where it comes from.

The module-level constants are the defaults. ``Targets`` gathers them for one patient; a
therapist's override replaces a field (``Targets.with_overrides``). Nothing else in the code
base holds a guidance number.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from tracker import body

# --- Rate of loss ---------------------------------------------------------------------------

LOSS_OK_MAX_PCT_PER_WEEK = 1.0
"""Helms et al. 2014 (0.5-1 % of body weight a week keeps lean mass); CDC: about 1-2 lb a week."""

LOSS_WATCH_MAX_PCT_PER_WEEK = 1.5
"""Garthe et al. 2011: athletes losing 1.4 %/week lost lean mass, those at 0.7 %/week did not."""

GRADUAL_LOSS_MIN_PCT_PER_WEEK = 0.5
"""Helms et al. 2014: 0.5-1 %/week is the gradual pace; the chart draws it as a corridor."""

LOSS_WINDOW_DAYS = 28
"""The rate is read from the trailing four weeks of weigh-ins."""

LOSS_MIN_WEIGHINS = 4
LOSS_MIN_SPAN_DAYS = 10
"""Fewer weigh-ins, or weigh-ins closer together, are too few to tell a trend from water swings."""

# --- Protein --------------------------------------------------------------------------------

PROTEIN_OK_G_PER_KG = 1.2
"""Dietary Guidelines for Americans 2025-2030: 1.2-1.6 g per kg a day; joint advisory
ACLM/ASN/OMA/TOS 2025: protein with strength training preserves lean mass on GLP-1 medicines."""

PROTEIN_ALERT_BELOW_G_PER_KG = 0.8
"""The RDA, 0.8 g/kg a day, is the floor for anyone; less loses muscle faster while dieting."""

PROTEIN_MEAL_G = 25.0
"""Paddon-Jones & Rasmussen 2009: 25-30 g of protein at a meal maximally stimulates muscle
protein synthesis; ISSN 2017: 20-40 g a dose."""

PROTEIN_MEALS_OK = 3.0
PROTEIN_MEALS_WATCH = 2.0
"""DGA 2025-2030: prioritise protein at every meal; three meals of 25 g or more spread it out."""

# --- Water ----------------------------------------------------------------------------------

HYDRATION_OK_PCT = 100.0
HYDRATION_WATCH_PCT = 75.0
"""The brief's rule: drink half your body weight (lb) in fl oz a day. EFSA 2010 (2.0 L women,
2.5 L men of total water) and NASEM 2004 (2.7 / 3.7 L) are shown beside it."""

# --- Strength and activity ------------------------------------------------------------------

STRENGTH_SESSIONS_OK = 2
"""ACSM 2011: resistance training 2-3 days a week; WHO 2020: 2 or more days a week."""

STRENGTH_SESSIONS_OK_FROM_65 = 3
"""WHO 2020: older adults, 3 or more days a week of varied multicomponent activity."""

OLDER_ADULT_AGE = 65
"""PROT-AGE 2013 and WHO 2020 set the older-adult advice from age 65."""

GLUTE_SESSIONS_OK = 1
"""The brief: train the glutes (bridges, squats, hip thrusts) every week."""

ACTIVITY_OK_MIN = 150.0
ACTIVITY_WATCH_MIN = 75.0
"""WHO 2020: 150-300 minutes a week of moderate aerobic activity; half of that is a start."""

STRENGTH_EARLY_DAYS = 14
"""The brief: train strength from the start; two weeks on the medicine with none is late."""

# --- Body composition and weight ------------------------------------------------------------

LEAN_SHARE_OK_MAX_PCT = 25.0
"""SURMOUNT-1 DXA substudy (Look et al. 2025): about a quarter of the weight lost was lean."""

LEAN_SHARE_WATCH_MAX_PCT = 39.0
"""STEP 1 DXA: lean -9.7 % vs fat -19.3 %, about 39 % of the loss; Prado et al. 2024: 25-39 %."""

LEAN_SHARE_MIN_LOSS_KG = 2.0
"""Home body-composition readings wander by about a kilogram; a smaller loss gives no share."""

BMI_LOW = 18.5
"""WHO: a BMI under 18.5 is underweight; JAMA Intern Med 2025 names it a sign of excess loss."""

# --- symptoms -------------------------------------------------------------------------------

GUT_EFFECT_DAYS = 3
GUT_EFFECT_GRADE = 2
"""Moderate (2) or severe (3) stomach or gut effects on 3 or more of the last 7 days, while
protein or water falls short, are worth telling the prescriber: the dose may need slowing (the
Wegovy and Zepbound labels advise on managing gastrointestinal adverse reactions)."""

PAIN_WINDOW_DAYS = 14
PAIN_MIN_ENTRIES = 3
PAIN_MIN_SPAN_DAYS = 5
PAIN_RISE_POINTS_PER_WEEK = 1.0
"""A buttock or hip pain rising by a point a week or more over two weeks (0-10 scale; a change
of about 2 points is clinically meaningful, Farrar et al. 2001) is worth a physical therapist's
look."""

WEEK_DAYS = 7
MIN_LOGGED_DAYS_IN_WEEK = 3
"""A 7-day mean needs at least 3 logged days to say anything about a habit."""


SOURCES: dict[str, str] = {
    "loss_rate": "CDC: about 1-2 lb a week; Helms et al. 2014: 0.5-1 %/week; "
    "Garthe et al. 2011: lean mass kept at 0.7 but not 1.4 %/week",
    "protein_daily": "Dietary Guidelines for Americans 2025-2030: 1.2-1.6 g/kg/day; "
    "ACLM/ASN/OMA/TOS joint advisory 2025; RDA 0.8 g/kg",
    "protein_per_meal": "Paddon-Jones & Rasmussen 2009: 25-30 g a meal; ISSN 2017: 20-40 g a dose; "
    "DGA 2025-2030: protein at every meal",
    "hydration": "Half your body weight (lb) in fl oz; beside EFSA 2010 (2.0 L women, 2.5 L men) "
    "and NASEM 2004 (2.7 / 3.7 L). A clinician's fluid restriction comes first",
    "strength_frequency": "ACSM 2011: 2-3 days/week; WHO 2020: 2 or more days, "
    "3 or more from age 65",
    "glute_focus": "Train gluteal strength every week (bridges, squats, hip thrusts)",
    "activity": "WHO 2020: 150-300 minutes of moderate activity a week",
    "strength_early": "Start strength training with the medicine, not after the weight is off",
    "lean_share": "SURMOUNT-1 DXA (Look et al. 2025): about 25 % lean; STEP 1 DXA: about 39 %; "
    "Prado et al. 2024: 25-39 %",
    "low_bmi": "WHO BMI classification: under 18.5 is underweight; "
    "JAMA Internal Medicine 2025 commentary on GLP-1 care",
    "side_effects": "Wegovy and Zepbound prescribing information: gastrointestinal adverse "
    "reactions, dehydration and acute kidney injury",
    "pain_trend": "Farrar et al. 2001: about 2 points on a 0-10 scale is a meaningful change",
    "red_flag": "The red-flag checklist: NICE sciatica guidance; Wegovy and Zepbound prescribing "
    "information; case reports of gluteal compartment syndrome",
}


def _target(default: float, label: str, unit: str) -> float:
    return field(default=default, metadata={"label": label, "unit": unit})


@dataclass(frozen=True, slots=True)
class Targets:
    """The thresholds one patient is assessed against."""

    loss_ok_max_pct_per_week: float = _target(
        LOSS_OK_MAX_PCT_PER_WEEK, "Loss rate, ok up to", "% of body weight a week"
    )
    loss_watch_max_pct_per_week: float = _target(
        LOSS_WATCH_MAX_PCT_PER_WEEK, "Loss rate, alert above", "% of body weight a week"
    )
    protein_ok_g_per_kg: float = _target(PROTEIN_OK_G_PER_KG, "Protein a day, at least", "g per kg")
    protein_alert_below_g_per_kg: float = _target(
        PROTEIN_ALERT_BELOW_G_PER_KG, "Protein a day, alert below", "g per kg"
    )
    protein_meal_g: float = _target(PROTEIN_MEAL_G, "Protein in a meal that counts", "g")
    protein_meals_ok: float = _target(PROTEIN_MEALS_OK, "Meals with enough protein", "a day")
    protein_meals_watch: float = _target(
        PROTEIN_MEALS_WATCH, "Meals with enough protein, alert below", "a day"
    )
    hydration_ok_pct: float = _target(HYDRATION_OK_PCT, "Water, ok from", "% of target")
    hydration_watch_pct: float = _target(HYDRATION_WATCH_PCT, "Water, alert below", "% of target")
    water_target_ml: float | None = _target(None, "Water target set by a clinician", "ml a day")
    strength_sessions_ok: float = _target(
        STRENGTH_SESSIONS_OK, "Strength sessions a week", "sessions"
    )
    strength_sessions_ok_from_65: float = _target(
        STRENGTH_SESSIONS_OK_FROM_65, "Strength sessions a week from age 65", "sessions"
    )
    glute_sessions_ok: float = _target(GLUTE_SESSIONS_OK, "Glute or lower-body sessions", "a week")
    activity_ok_min: float = _target(ACTIVITY_OK_MIN, "Active minutes a week", "min")
    activity_watch_min: float = _target(ACTIVITY_WATCH_MIN, "Active minutes, alert below", "min")
    lean_share_ok_max_pct: float = _target(
        LEAN_SHARE_OK_MAX_PCT, "Lean share of loss, ok up to", "%"
    )
    lean_share_watch_max_pct: float = _target(
        LEAN_SHARE_WATCH_MAX_PCT, "Lean share of loss, alert above", "%"
    )
    bmi_low: float = _target(BMI_LOW, "BMI, alert below", "kg/m²")

    def strength_sessions_for(self, age: int | None) -> float:
        """The weekly strength target at ``age`` (3 from age 65 by default)."""
        if age is not None and age >= OLDER_ADULT_AGE:
            return self.strength_sessions_ok_from_65
        return self.strength_sessions_ok

    def water_ml_for(self, trend_kg: float | None) -> float | None:
        """The daily water target: a clinician's, else half the trend weight (lb) in fl oz."""
        if self.water_target_ml:
            return self.water_target_ml
        return body.water_target_ml(trend_kg) if trend_kg is not None else None

    def with_overrides(self, overrides: dict[str, float]) -> Targets:
        unknown = set(overrides) - set(names())
        if unknown:
            raise ValueError(f"unknown target(s): {', '.join(sorted(unknown))}")
        return dataclasses.replace(self, **overrides)


def names() -> list[str]:
    return [f.name for f in dataclasses.fields(Targets)]


def describe(name: str) -> tuple[str, str]:
    """The label and unit a person reads for target ``name``."""
    meta = {f.name: f.metadata for f in dataclasses.fields(Targets)}[name]
    return meta["label"], meta["unit"]


DEFAULT_TARGETS = Targets()
