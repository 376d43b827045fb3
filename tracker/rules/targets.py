"""Every guidance threshold, with where it comes from.

The module-level constants are the defaults. ``Targets`` gathers them for one patient; a
therapist's override replaces a field (``Targets.with_overrides``). Nothing else in the code
base holds a guidance number.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from tracker.domain import RedFlag, Sex, SideEffect
from tracker.units import KG_PER_LB, ML_PER_FL_OZ

# --- Rate of loss ---------------------------------------------------------------------------

LOSS_OK_MAX_PCT_PER_WEEK = 1.0
"""Helms et al. 2014 (natural bodybuilders preparing for contest): lose 0.5-1 % of body weight a
week to best keep lean mass; CDC: about 1-2 lb a week."""

LOSS_WATCH_MAX_PCT_PER_WEEK = 1.5
"""Garthe et al. 2011: 24 elite athletes, all strength training four times a week, were randomised
to lose 0.7 % or 1.4 % of body weight a week (they lost about 0.7 and 1.0 % a week). The slower
group gained lean mass (about +2 %); the faster kept it about unchanged (-0.2 %). Faster than
about 1.5 % a week is beyond both that trial and the CDC's 1-2 lb a week."""

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
"""The RDA, 0.8 g/kg a day, meets the needs of nearly all healthy adults at a stable weight; less
while losing weight raises the risk of losing muscle."""

ADJUSTED_WEIGHT_FROM_BMI = 30.0
"""From a BMI of 30 (obesity), protein is scaled by less than the actual weight, so that fat mass
does not inflate the target: ESPEN's ICU guideline (Singer et al. 2019) gives
patients with obesity 1.3 g of protein per kg of adjusted body weight a day when lean mass is not
measured; ASPEN/SCCM 2016 scales it by ideal body weight from a BMI of 30. Both are written for
hospital patients; the app borrows their principle. With ``ProteinBasis.AUTO`` (the default),
adjusted body weight is used from this BMI when height and sex are known."""

ADJUSTED_WEIGHT_EXCESS_SHARE = 0.4
"""Adjusted body weight = ideal (Devine) + 0.4 x (actual - ideal), the common dietetic convention
(some guidelines count a smaller share of the weight above ideal, such as 0.25)."""

PROTEIN_MEAL_G = 25.0
"""Paddon-Jones & Rasmussen 2009: 25-30 g of protein at a meal maximally stimulates muscle
protein synthesis; ISSN 2017: 20-40 g a dose."""

PROTEIN_MEALS_OK = 3.0
PROTEIN_MEALS_WATCH = 2.0
"""DGA 2025-2030: prioritise protein at every meal; three meals of 25 g or more spread it out."""

# --- Water ----------------------------------------------------------------------------------

HYDRATION_OK_PCT = 100.0
HYDRATION_WATCH_PCT = 75.0
"""The brief's rule: drink half your body weight (lb) in fl oz a day; 100 % of it is ok, 75 % a
watch. A clinician's water target (a fluid restriction) replaces the rule."""

WATER_CEILING_ML_WOMEN = 2700.0
WATER_CEILING_ML_MEN = 3700.0
"""NASEM 2004 (Dietary Reference Intakes for Water, Potassium, Sodium, Chloride, and Sulfate):
adequate intake of total water 2.7 L a day for women and 3.7 L for men (drinks and food; about
2.2 and 3.0 L of it as drinks). The half-body-weight suggestion is capped at the figure for the
patient's sex, so a heavy patient is not asked for 4-5 L; 3.7 L when the sex is not known."""

WATER_ADEQUATE_ML_WOMEN = 2000.0
WATER_ADEQUATE_ML_MEN = 2500.0
"""EFSA 2010 (Scientific Opinion on Dietary Reference Values for water): adequate intake of total
water 2.0 L a day for women and 2.5 L for men (drinks and food). A patient who drinks at least
this much and shows no sign of dehydration (``DEHYDRATION_SIGNS``) is at most a watch, however
far below the half-body-weight suggestion; 2.5 L when the sex is not known. It never applies
against a clinician's water target."""

DEHYDRATION_SIGNS: dict[SideEffect, int] = {
    SideEffect.VOMITING: 2,
    SideEffect.DIARRHOEA: 2,
    SideEffect.DIZZINESS: 1,
}
"""Signs of losing or lacking fluid, each with the lowest grade (0-3) that counts, on any day of
the last 7: moderate or severe vomiting or diarrhoea (fluid lost; the Wegovy and Zepbound labels
link these to dehydration and acute kidney injury), or dizziness of any grade (NHS: feeling dizzy
or light-headed is a symptom of dehydration). An open ``DEHYDRATION_RED_FLAG`` counts too."""

DEHYDRATION_RED_FLAG = RedFlag.DEHYDRATION
"""A yes to "vomiting or diarrhoea keeping you from drinking, or little urine", not yet seen."""

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
"""WHO 2020: 150-300 minutes a week of moderate aerobic activity; half of that is a start.
(A 22-minute walk each day makes 154 minutes a week; 20 minutes makes only 140.)"""

STRENGTH_EARLY_DAYS = 14
"""The brief: train strength from the start; two weeks on the medicine with none is late."""

# --- Body composition and weight ------------------------------------------------------------

LEAN_SHARE_OK_MAX_PCT = 25.0
"""SURMOUNT-1 DXA substudy (Look et al. 2025): about a quarter of the weight lost was lean mass."""

LEAN_SHARE_WATCH_MAX_PCT = 39.0
"""STEP 1 DXA substudy: lean mass -9.7 % and fat mass -19.3 %, lean mass about 39 % of the weight
lost; Prado et al. 2024: lean mass is 25-39 % of the weight lost on these medicines. Lean mass is
everything that is not fat (water, organs and bone included), not muscle alone."""

LEAN_SHARE_MIN_LOSS_PCT = 5.0
"""A home scale's lean and fat readings (bioimpedance) can be kilograms off for one person and
shift with water, so only a loss of 5 % of body weight or more, first reading to latest, gives a
share worth reading, unless both readings are DXA scans. 5 % is also the FDA's benchmark for a
meaningful weight loss (draft guidance on weight-management products, 2007)."""

LEAN_SHARE_MIN_LOSS_KG = 2.0
"""Even between two DXA scans, a loss under 2 kg is too small to split into lean and fat."""

BMI_LOW = 18.5
"""WHO: a BMI under 18.5 is underweight; JAMA Intern Med 2025 names it a sign of excess loss."""

BMI_LOW_WATCH = 20.0
BMI_LOW_WATCH_FROM_70 = 22.0
LOW_BMI_OLDER_AGE = 70
"""GLIM criteria for malnutrition (Cederholm et al. 2019): a low BMI is under 20 before age 70
and under 22 from 70 (for Asian populations the criteria give 18.5 and 20). Below that line and
still losing weight is a watch, before the WHO 18.5 alert."""

# --- symptoms -------------------------------------------------------------------------------

GUT_EFFECT_DAYS = 3
GUT_EFFECT_GRADE = 2
"""Moderate (2) or severe (3) stomach or gut effects on 3 or more of the last 7 days, while
protein or water falls short, are worth telling the prescriber: the dose may need slowing (the
Wegovy and Zepbound labels advise on managing gastrointestinal adverse reactions)."""

FLUID_LOSS_EFFECTS = frozenset({SideEffect.VOMITING, SideEffect.DIARRHOEA})
FLUID_LOSS_GRADE = 3
FLUID_LOSS_DAYS = 3
"""Severe (3) vomiting or diarrhoea on 3 or more of the last 7 days is worth telling the
prescriber whatever protein and water show: the Wegovy and Zepbound labels warn of dehydration
and acute kidney injury from gastrointestinal fluid losses."""

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
    "Garthe et al. 2011 (elite athletes): lean mass up about 2 % at 0.7 %/week, "
    "about unchanged at 1.4 %/week",
    "protein_daily": "Dietary Guidelines for Americans 2025-2030: 1.2-1.6 g/kg/day; "
    "ACLM/ASN/OMA/TOS joint advisory 2025; RDA 0.8 g/kg; from BMI 30, adjusted body weight "
    "(ESPEN 2019, ASPEN/SCCM 2016: protein by less than actual weight in obesity)",
    "protein_per_meal": "Paddon-Jones & Rasmussen 2009: 25-30 g a meal; ISSN 2017: 20-40 g a dose; "
    "DGA 2025-2030: protein at every meal",
    "hydration": "Half your body weight (lb) in fl oz, at most NASEM 2004's 2.7 L (women) or "
    "3.7 L (men); drinking at least EFSA 2010's 2.0 L (women) or 2.5 L (men) with no sign of "
    "dehydration is at most a watch. A clinician's fluid restriction comes first",
    "strength_frequency": "ACSM 2011: 2-3 days/week; WHO 2020: 2 or more days, "
    "3 or more from age 65",
    "glute_focus": "Train gluteal strength every week (bridges, squats, hip thrusts)",
    "activity": "WHO 2020: 150-300 minutes of moderate activity a week",
    "strength_early": "Start strength training with the medicine, not after the weight is off",
    "lean_share": "SURMOUNT-1 DXA (Look et al. 2025): about 25 % of the loss lean mass; STEP 1 "
    "DXA: about 39 %; Prado et al. 2024: 25-39 %. Needs a 5 % loss, or two DXA scans",
    "strength_kept": "Estimated one-repetition maximum by Epley 1985 (Brzycki 1993 on request), "
    "from sets of up to 10 reps (Reynolds et al. 2006); the best of the main leg and glute lifts "
    "over the last 4 weeks against the 4 weeks before the medicine or the first 4 weeks of "
    "lifting; a 10 % drop is a watch and 20 % an alert (1RM test-retest variation 4.2 %: Grgic "
    "et al. 2020)",
    "function": "30-second chair stand: CDC STEADI norms by age and sex (Rikli and Jones); "
    "EWGSOP2 (Cruz-Jentoft et al. 2019): grip under 27 kg (men) or 16 kg (women), five rises "
    "over 15 s, gait 0.8 m/s or slower; SARC-F 4 or more (Malmstrom and Morley 2013); "
    "meaningful declines: chair stand 2.5 stands (Gill et al. 2022), five rises 2.5 s (Goldberg "
    "et al. 2012), grip 5 kg (Bohannon 2019), gait 0.1 m/s (Perera et al. 2006)",
    "low_bmi": "WHO BMI classification: under 18.5 is underweight; GLIM (Cederholm et al. "
    "2019): low BMI under 20, under 22 from age 70; JAMA Internal Medicine 2025 commentary on "
    "GLP-1 care",
    "side_effects": "Wegovy and Zepbound prescribing information: gastrointestinal adverse "
    "reactions; dehydration and acute kidney injury from vomiting and diarrhoea",
    "pain_trend": "Farrar et al. 2001: about 2 points on a 0-10 scale is a meaningful change",
    "red_flag": "The red-flag checklist: NICE sciatica guidance; the US prescribing information "
    "for Wegovy, Ozempic, Rybelsus, Zepbound and Mounjaro; case reports of gluteal compartment "
    "syndrome and rhabdomyolysis",
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
    bmi_watch_below: float = _target(BMI_LOW_WATCH, "BMI, watch below while losing", "kg/m²")
    bmi_watch_below_from_70: float = _target(
        BMI_LOW_WATCH_FROM_70, "BMI from age 70, watch below while losing", "kg/m²"
    )

    def strength_sessions_for(self, age: int | None) -> float:
        """The weekly strength target at ``age`` (3 from age 65 by default)."""
        if age is not None and age >= OLDER_ADULT_AGE:
            return self.strength_sessions_ok_from_65
        return self.strength_sessions_ok

    def bmi_watch_for(self, age: int | None) -> float:
        """The low-BMI watch line at ``age`` (22 from age 70 by default, else 20)."""
        if age is not None and age >= LOW_BMI_OLDER_AGE:
            return self.bmi_watch_below_from_70
        return self.bmi_watch_below

    def water_ml_for(self, trend_kg: float | None, sex: Sex | None = None) -> float | None:
        """The daily water target: a clinician's, else half the trend weight (lb) in fl oz,
        capped at the NASEM adequate intake for ``sex`` (the higher, men's, when not known)."""
        if self.water_target_ml:
            return self.water_target_ml
        return water_suggestion_ml(trend_kg, sex) if trend_kg is not None else None

    def with_overrides(self, overrides: dict[str, float]) -> Targets:
        unknown = set(overrides) - set(names())
        if unknown:
            raise ValueError(f"unknown target(s): {', '.join(sorted(unknown))}")
        return dataclasses.replace(self, **overrides)


def half_body_weight_water_ml(weight_kg: float) -> float:
    """The brief's rule: half the body weight in pounds, as fluid ounces a day (in ml)."""
    return weight_kg / KG_PER_LB / 2.0 * ML_PER_FL_OZ


def water_ceiling_ml(sex: Sex | None) -> float:
    """NASEM 2004's adequate intake of total water for ``sex`` (men's when not known)."""
    return WATER_CEILING_ML_WOMEN if sex is Sex.FEMALE else WATER_CEILING_ML_MEN


def water_adequate_ml(sex: Sex | None) -> float:
    """EFSA 2010's adequate intake of total water for ``sex`` (men's when not known)."""
    return WATER_ADEQUATE_ML_WOMEN if sex is Sex.FEMALE else WATER_ADEQUATE_ML_MEN


def water_suggestion_ml(weight_kg: float, sex: Sex | None) -> float:
    """Half the body weight (lb) in fl oz, in ml, at most ``water_ceiling_ml(sex)``."""
    return min(half_body_weight_water_ml(weight_kg), water_ceiling_ml(sex))


def names() -> list[str]:
    return [f.name for f in dataclasses.fields(Targets)]


SET_TOGETHER: dict[str, tuple[str, ...]] = {
    "strength_sessions_ok": ("strength_sessions_ok", "strength_sessions_ok_from_65"),
}
"""A clinician's weekly strength target holds at any age: setting it sets the one from 65 too."""


def set_together(name: str) -> tuple[str, ...]:
    """The targets that change when a clinician sets ``name``."""
    return SET_TOGETHER.get(name, (name,))


def describe(name: str) -> tuple[str, str]:
    """The label and unit a person reads for target ``name``."""
    meta = {f.name: f.metadata for f in dataclasses.fields(Targets)}[name]
    return meta["label"], meta["unit"]


DEFAULT_TARGETS = Targets()
