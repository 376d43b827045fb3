"""The guidance engine: a patient's history judged against the targets, as findings.

Each rule is a pure function from a measured value to a ``Finding``; ``assess`` measures the
history on a day and runs every rule. A value is judged as measured, against the threshold
exactly (with a hair of tolerance for floating-point sums, so 96 g at 80 kg is 1.2 g/kg), and
rounded only for showing.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from enum import StrEnum

from tracker.domain import FunctionResult, FunctionTest, Profile, ProteinBasis, Sex
from tracker.rules import body, function_tests, strength
from tracker.rules import targets as t
from tracker.rules.history import History, LeanShare
from tracker.rules.redflags import most_urgent_first
from tracker.rules.targets import SOURCES, Targets
from tracker.rules.trends import LossRate
from tracker.units import WaterUnit, format_number, ml_to_fl_oz


class Status(StrEnum):
    OK = "ok"
    WATCH = "watch"
    ALERT = "alert"
    UNKNOWN = "unknown"


SEVERITY: dict[Status, int] = {Status.ALERT: 3, Status.WATCH: 2, Status.UNKNOWN: 1, Status.OK: 0}
"""Order of need: an alert first, then a watch; unknown ranks above ok (it needs logging)."""

CODES = (
    "loss_rate",
    "protein_daily",
    "protein_per_meal",
    "hydration",
    "strength_frequency",
    "glute_focus",
    "activity",
    "strength_early",
    "lean_share",
    "strength_kept",
    "function",
    "low_bmi",
    "side_effects",
    "pain_trend",
    "red_flag",
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One guidance rule's verdict on one day.

    ``target`` is the edge of the ok band; ``comparison`` says which side of it is ok.
    ``reference_weight_kg`` and ``reference_basis`` (``actual`` or ``adjusted``) are the weight
    ``protein_daily`` was judged on; None for every other finding.
    """

    code: str
    status: Status
    value: float | None
    target: float | None
    unit: str
    comparison: str
    message: str
    source: str
    note: str = ""
    reference_weight_kg: float | None = None
    reference_basis: str | None = None

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["status"] = self.status.value
        return data


def _n(value: float, decimals: int = 1) -> str:
    return format_number(value, decimals)


def _finding(code, status, value, target, unit, comparison, message, note="") -> Finding:
    return Finding(code, status, value, target, unit, comparison, message, SOURCES[code], note)


TOLERANCE = 1e-9


def _reaches(value: float, threshold: float) -> bool:
    """``value`` is at least ``threshold``."""
    return value >= threshold - TOLERANCE


def _within(value: float, limit: float) -> bool:
    """``value`` is at most ``limit``."""
    return value <= limit + TOLERANCE


def _short_of(raw: float, limit: float, decimals: int) -> float:
    """``raw`` (below ``limit``) to ``decimals`` places, never rounded up to the limit: a
    measure short of a target must read short of it (1.196 g/kg against 1.2 shows 1.19)."""
    shown = round(raw, decimals)
    if shown >= limit:
        scale = 10**decimals
        shown = math.floor(raw * scale) / scale
    return int(shown) if decimals == 0 else shown


def _over(raw: float, limit: float, decimals: int) -> float:
    """``raw`` (above ``limit``) to ``decimals`` places, never rounded down to the limit."""
    shown = round(raw, decimals)
    if shown <= limit:
        scale = 10**decimals
        shown = math.ceil(raw * scale) / scale
    return int(shown) if decimals == 0 else shown


def _plural(count: float, word: str) -> str:
    return f"{_n(count)} {word}" + ("" if count == 1 else "s")


# --- the rules ------------------------------------------------------------------------------


def loss_rate(rate: LossRate | None, targets: Targets) -> Finding:
    ok_max = targets.loss_ok_max_pct_per_week
    watch_max = targets.loss_watch_max_pct_per_week
    unit = "% of body weight a week"

    def make(status: Status, value: float | None, message: str) -> Finding:
        return _finding("loss_rate", status, value, ok_max, unit, "at_most", message)

    if rate is None:
        return make(
            Status.UNKNOWN,
            None,
            f"Weigh in at least {t.LOSS_MIN_WEIGHINS} times over {t.LOSS_MIN_SPAN_DAYS} days or"
            " more to see your rate of loss.",
        )
    raw = rate.loss_pct_per_week
    pct = round(raw, 2)
    if _within(raw, 0.0):
        return make(
            Status.OK,
            pct,
            "Your weight is steady or rising, so there is no pace of loss to slow down.",
        )
    if _within(raw, ok_max):
        return make(
            Status.OK,
            pct,
            f"You are losing {_n(pct, 2)} % of your weight a week, a pace that helps keep muscle.",
        )
    pct = _over(raw, ok_max, 2)
    if _within(raw, watch_max):
        return make(
            Status.WATCH,
            pct,
            f"You are losing {_n(pct, 2)} % of your weight a week, a"
            f" little faster than the {_n(ok_max)} % that helps keep muscle; keep protein"
            " and strength training up.",
        )
    pct = _over(raw, watch_max, 2)
    return make(
        Status.ALERT,
        pct,
        f"You are losing {_n(pct, 2)} % of your weight a week, faster"
        " than recommended; talk to your prescriber about your dose.",
    )


def protein_daily(
    mean_g_per_day: float | None,
    reference_kg: float | None,
    targets: Targets,
    note: str = "",
    basis: ProteinBasis | None = None,
) -> Finding:
    """``reference_kg``: the weight protein is judged on (``body.reference_weight_kg``), which
    is the ``basis`` weight; ``note`` says which weight that is and why."""
    ok_from = targets.protein_ok_g_per_kg
    alert_below = targets.protein_alert_below_g_per_kg

    def make(status: Status, value: float | None, message: str) -> Finding:
        return Finding(
            "protein_daily",
            status,
            value,
            ok_from,
            "g per kg a day",
            "at_least",
            message,
            SOURCES["protein_daily"],
            note,
            reference_weight_kg=None if reference_kg is None else round(reference_kg, 1),
            reference_basis=None if basis is None else basis.value,
        )

    if mean_g_per_day is None:
        return make(
            Status.UNKNOWN,
            None,
            f"Log protein on at least {t.MIN_LOGGED_DAYS_IN_WEEK}"
            " of the last 7 days to see how much you get.",
        )
    if reference_kg is None:
        return make(Status.UNKNOWN, None, "Log your weight so your protein can be set against it.")
    raw = mean_g_per_day / reference_kg
    g_per_kg = round(raw, 2)
    shown = _n(g_per_kg, 2)
    if _reaches(raw, ok_from):
        return make(
            Status.OK,
            g_per_kg,
            f"You average {shown} g of protein per kg a day, enough"
            " to help keep muscle while you lose weight.",
        )
    g_per_kg = _short_of(raw, ok_from, 2)
    shown = _n(g_per_kg, 2)
    if _reaches(raw, alert_below):
        return make(
            Status.WATCH,
            g_per_kg,
            f"You average {shown} g of protein per kg a day, below"
            f" the {_n(ok_from)} g/kg that helps keep muscle; add protein to each meal.",
        )
    g_per_kg = _short_of(raw, alert_below, 2)
    shown = _n(g_per_kg, 2)
    return make(
        Status.ALERT,
        g_per_kg,
        f"You average {shown} g of protein per kg a day, under the"
        f" {_n(alert_below)} g/kg minimum, which raises the risk of losing muscle; add protein"
        " at every meal.",
    )


def protein_per_meal(mean_meals: float | None, targets: Targets) -> Finding:
    ok_from = targets.protein_meals_ok
    watch_from = targets.protein_meals_watch
    grams = _n(targets.protein_meal_g)

    def make(status: Status, value: float | None, message: str) -> Finding:
        return _finding(
            "protein_per_meal", status, value, ok_from, "meals a day", "at_least", message
        )

    if mean_meals is None:
        return make(
            Status.UNKNOWN,
            None,
            f"Log protein by meal on at least"
            f" {t.MIN_LOGGED_DAYS_IN_WEEK} of the last 7 days to see this.",
        )
    meals = round(mean_meals, 1)
    if _reaches(mean_meals, ok_from):
        return make(
            Status.OK,
            meals,
            f"On average {_plural(meals, 'meal')} a day reach {grams} g"
            " of protein, spread the way muscles use it best.",
        )
    meals = _short_of(mean_meals, ok_from, 1)
    if _reaches(mean_meals, watch_from):
        return make(
            Status.WATCH,
            meals,
            f"On average {_plural(meals, 'meal')} a day reach {grams} g"
            f" of protein; aim for {_n(ok_from)}, spread across the day.",
        )
    meals = _short_of(mean_meals, watch_from, 1)
    return make(
        Status.ALERT,
        meals,
        f"On average {_plural(meals, 'meal')} a day reach {grams} g"
        f" of protein; spread it over {_n(ok_from)} meals of {grams}-30 g each.",
    )


SIGN_WORDS: dict[str, str] = {
    "vomiting": "vomiting",
    "diarrhoea": "diarrhoea",
    "dizziness": "dizziness",
    "dehydration": "a yes to the dehydration question",
}
"""How ``History.dehydration_signs`` reads in a sentence."""


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _volume(ml: float, unit: WaterUnit) -> str:
    """A day's water in words: litres, or fluid ounces for a patient who reads them."""
    if unit is WaterUnit.FL_OZ:
        return f"{_n(ml_to_fl_oz(ml), 0)} fl oz"
    return f"{_n(ml / 1000.0, 1)} L"


def hydration(
    mean_ml: float | None,
    target_ml: float | None,
    targets: Targets,
    adequate_ml: float | None = None,
    signs: Sequence[str] = (),
    note: str = "",
    water_unit: WaterUnit = WaterUnit.ML,
) -> Finding:
    """``target_ml``: the day's target (``Targets.water_ml_for``). ``adequate_ml``: the EFSA
    adequate intake for the patient's sex (``targets.water_adequate_ml``); drinking at least
    that with no ``signs`` of dehydration (``History.dehydration_signs``) is at most a watch,
    except against a clinician's water target, which is judged as set. ``note``: why the target
    is what it is (a clinician's target says so by itself)."""
    ok_from = targets.hydration_ok_pct
    watch_from = targets.hydration_watch_pct
    by_clinician = bool(targets.water_target_ml)
    if by_clinician:
        note = "A water target set by your clinician applies."
    target_words = "the water your clinician set" if by_clinician else "your daily water target"

    def make(status: Status, value: float | None, message: str) -> Finding:
        return _finding(
            "hydration", status, value, ok_from, "% of daily target", "at_least", message, note
        )

    if mean_ml is None:
        return make(
            Status.UNKNOWN,
            None,
            f"Log water on at least {t.MIN_LOGGED_DAYS_IN_WEEK} of the last 7 days to see this.",
        )
    if target_ml is None:
        return make(Status.UNKNOWN, None, "Log your weight so a water target can be set.")
    raw = 100.0 * mean_ml / target_ml
    pct = round(raw)
    if _reaches(raw, ok_from):
        return make(Status.OK, pct, f"You drink {pct} % of {target_words}.")
    pct = _short_of(raw, ok_from, 0)
    if _reaches(raw, watch_from):
        return make(
            Status.WATCH,
            pct,
            f"You drink {pct} % of {target_words}; GLP-1"
            " medicines blunt thirst, so drink on a schedule.",
        )
    pct = _short_of(raw, watch_from, 0)
    adequate = not by_clinician and adequate_ml is not None and _reaches(mean_ml, adequate_ml)
    if adequate and not signs:
        return make(
            Status.WATCH,
            pct,
            f"You drink {pct} % of {target_words}, about {_volume(mean_ml, water_unit)} a day,"
            f" which meets the {_volume(adequate_ml, water_unit)} adequate intake (EFSA) with no"
            " sign of dehydration logged; GLP-1 medicines blunt thirst, so keep drinking on a"
            " schedule.",
        )
    logged = (
        f" with {_and([SIGN_WORDS.get(sign, sign) for sign in signs])} logged in the last 7 days"
        if signs
        else ""
    )
    return make(
        Status.ALERT,
        pct,
        f"You drink {pct} % of {target_words}{logged}, which risks dehydration; drink on a"
        " schedule, and call your prescriber if you cannot keep fluids down.",
    )


def strength_frequency(
    sessions: int, target: float, full_week: bool, older: bool = False
) -> Finding:
    note = (
        f"From age {t.OLDER_ADULT_AGE} the target is {_n(target)} sessions a week, and protein"
        " of at least 1.0-1.2 g/kg matters more (PROT-AGE 2013; WHO 2020)."
        if older
        else ""
    )

    def make(status: Status, value: float | None, message: str) -> Finding:
        return _finding(
            "strength_frequency",
            status,
            value,
            target,
            "sessions in 7 days",
            "at_least",
            message,
            note,
        )

    if _reaches(sessions, target):
        return make(
            Status.OK,
            sessions,
            f"{_plural(sessions, 'strength session')} in the last 7"
            " days: enough to help keep muscle while you lose weight.",
        )
    if not full_week:
        return make(
            Status.UNKNOWN, None, "Log for a full week to see your weekly strength training."
        )
    if sessions > 0:
        return make(
            Status.WATCH,
            sessions,
            f"{_plural(sessions, 'strength session')} in the last"
            f" 7 days; aim for {_n(target)} a week to help keep muscle.",
        )
    return make(
        Status.ALERT,
        sessions,
        f"No strength session in the last 7 days; {_n(target)}"
        " a week is what helps keep muscle on a GLP-1 medicine.",
    )


def glute_focus(sessions: int, targets: Targets, full_week: bool) -> Finding:
    target = targets.glute_sessions_ok

    def make(status: Status, value: float | None, message: str) -> Finding:
        return _finding(
            "glute_focus", status, value, target, "sessions in 7 days", "at_least", message
        )

    if _reaches(sessions, target):
        return make(
            Status.OK,
            sessions,
            f"{_plural(sessions, 'session')} in the last 7 days worked your glutes or legs.",
        )
    if not full_week:
        return make(Status.UNKNOWN, None, "Log for a full week to see your glute training.")
    return make(
        Status.ALERT,
        sessions,
        "No session in the last 7 days worked your glutes or legs;"
        " add bridges, squats or hip thrusts to keep their strength and shape.",
    )


def activity(minutes: float, targets: Targets, full_week: bool) -> Finding:
    ok_from = targets.activity_ok_min
    watch_from = targets.activity_watch_min

    def make(status: Status, value: float | None, message: str) -> Finding:
        return _finding(
            "activity", status, value, ok_from, "minutes in 7 days", "at_least", message
        )

    raw, minutes = minutes, round(minutes)
    if _reaches(raw, ok_from):
        return make(
            Status.OK,
            minutes,
            f"{minutes} active minutes in the last 7 days, meeting the"
            f" {_n(ok_from)}-minute weekly goal.",
        )
    if not full_week:
        return make(Status.UNKNOWN, None, "Log for a full week to see your weekly activity.")
    minutes = _short_of(raw, ok_from, 0)
    if _reaches(raw, watch_from):
        return make(
            Status.WATCH,
            minutes,
            f"{minutes} active minutes in the last 7 days; build up to {_n(ok_from)} a week.",
        )
    minutes = _short_of(raw, watch_from, 0)
    daily = math.ceil(ok_from / t.WEEK_DAYS - TOLERANCE)
    return make(
        Status.ALERT,
        minutes,
        (f"{minutes} active minutes" if minutes else "No activity logged")
        + f" in the last 7 days; a {daily}-minute walk each day reaches {_n(ok_from)} a week.",
    )


def strength_early(
    days_on: int | None, trained_since_start: bool, days_observed: int | None = None
) -> Finding:
    """``days_observed``: days of log since the start (less when the log began later)."""
    target = float(t.STRENGTH_EARLY_DAYS)
    observed = days_on if days_observed is None else days_observed

    def make(status: Status, value: float | None, message: str) -> Finding:
        return _finding(
            "strength_early", status, value, target, "days on the medicine", "within", message
        )

    if days_on is None:
        return make(
            Status.UNKNOWN,
            None,
            "Log your first dose, or set your start date in Settings, to see this.",
        )
    if trained_since_start:
        return make(
            Status.OK,
            days_on,
            "You have trained strength since starting your GLP-1 medicine, which is when it"
            " protects muscle most.",
        )
    if days_on < t.STRENGTH_EARLY_DAYS:
        return make(
            Status.UNKNOWN,
            days_on,
            f"{_plural(days_on, 'day')} on your GLP-1 medicine;"
            " fit a strength session into your first two weeks.",
        )
    if observed < t.STRENGTH_EARLY_DAYS:
        return make(
            Status.UNKNOWN,
            days_on,
            "Your log began after you started the medicine; log your strength sessions for two"
            " weeks to see this.",
        )
    return make(
        Status.ALERT,
        days_on,
        f"{_plural(days_on, 'day')} on your GLP-1 medicine and no"
        " strength session yet; start now, because muscle is easiest to keep from the"
        " start.",
    )


LEAN_MASS_NOTE = "Lean mass is everything that is not fat, so water, organs and bone count in it."


def lean_share(share: LeanShare | None, targets: Targets) -> Finding:
    """Judged only on a loss a home scale can split: ``LEAN_SHARE_MIN_LOSS_PCT`` of body weight
    or more, or two DXA scans (and ``LEAN_SHARE_MIN_LOSS_KG`` either way)."""
    ok_max = targets.lean_share_ok_max_pct
    watch_max = targets.lean_share_watch_max_pct

    def make(status: Status, value: float | None, message: str) -> Finding:
        return _finding(
            "lean_share",
            status,
            value,
            ok_max,
            "% of weight lost",
            "at_most",
            message,
            LEAN_MASS_NOTE,
        )

    if share is None:
        return make(
            Status.UNKNOWN,
            None,
            "Log body fat or lean mass on two days some weeks apart"
            " to see how much of your loss is lean mass.",
        )
    if _within(share.lost_kg, 0.0):
        return make(
            Status.UNKNOWN,
            None,
            "Your weight has not fallen between your first and latest body-composition"
            " readings, so there is no loss to split into lean mass and fat.",
        )
    if not share.both_dxa and not _reaches(share.lost_pct, t.LEAN_SHARE_MIN_LOSS_PCT):
        lost = _short_of(share.lost_pct, t.LEAN_SHARE_MIN_LOSS_PCT, 1)
        return make(
            Status.UNKNOWN,
            None,
            f"You lost {_n(lost)} % of your weight between your first and latest"
            " body-composition readings; a home scale needs a loss of"
            f" {_n(t.LEAN_SHARE_MIN_LOSS_PCT)} % or more (or two DXA scans) to tell lean mass"
            " from fat.",
        )
    if not _reaches(share.lost_kg, t.LEAN_SHARE_MIN_LOSS_KG):
        return make(
            Status.UNKNOWN,
            None,
            "Too little weight lost between your first and latest body-composition readings"
            " to tell lean mass from fat.",
        )
    pct = round(share.share_pct, 1)
    if _within(share.share_pct, ok_max):
        return make(
            Status.OK,
            pct,
            f"About {_n(pct)} % of the weight you lost was lean mass, in"
            " line with the best trial results.",
        )
    pct = _over(share.share_pct, ok_max, 1)
    if _within(share.share_pct, watch_max):
        return make(
            Status.WATCH,
            pct,
            f"About {_n(pct)} % of the weight you lost was lean mass;"
            " more protein and strength training help keep more of it.",
        )
    pct = _over(share.share_pct, watch_max, 1)
    return make(
        Status.ALERT,
        pct,
        f"About {_n(pct)} % of the weight you lost was lean mass, more"
        " than in the trials; put strength training and protein first and tell your"
        " clinician.",
    )


BASELINE_WORDS = {
    strength.BEFORE_MEDICINE: "the 4 weeks before your medicine",
    strength.FIRST_WEEKS: "your first 4 weeks of lifting",
}


def strength_kept(
    kept: strength.StrengthKept | None,
    weight_then_kg: float | None = None,
    weight_now_kg: float | None = None,
) -> Finding:
    """The main leg and glute lifts now against before (``tracker.rules.strength``); with the
    trend weight at the end of each window, the note also gives the change per kg of body
    weight (relative strength), which rises when weight comes off and strength stays."""

    def make(status: Status, value: float | None, message: str, note: str = "") -> Finding:
        return _finding(
            "strength_kept",
            status,
            value,
            strength.WATCH_DOWN_PCT,
            "% change",
            "drop_under",
            message,
            note,
        )

    if kept is None:
        return make(
            Status.UNKNOWN,
            None,
            "Log leg and glute lifts (squats, hip thrusts, leg presses) with their load and "
            "reps, twice or more every 4 weeks; after 8 weeks of lifting, or 4 weeks on the "
            "medicine with lifts logged before it, this shows whether your strength is kept.",
        )
    change = round(kept.change_pct, 1)
    measure = (
        "estimated one-rep maximum"
        if kept.basis is strength.Basis.LOAD
        else "best reps with body weight"
    )
    against = BASELINE_WORDS.get(kept.baseline_label, kept.baseline_label)
    names = ", ".join(sorted({c.exercise for c in kept.exercises}, key=str.lower))
    note = (
        f"Compared: {names}. Each exercise's best {measure} in the last 4 weeks "
        f"({kept.recent_sessions} sessions) against {against} ({kept.baseline_sessions} "
        "sessions); the middle of the changes counts, so one off day does not decide it."
    )
    if weight_then_kg and weight_now_kg and kept.basis is strength.Basis.LOAD:
        relative = ((1 + kept.change_pct / 100) * weight_then_kg / weight_now_kg - 1) * 100
        note += (
            f" Per kg of body weight ({_n(weight_then_kg)} kg then, {_n(weight_now_kg)} kg now)"
            f" that is {_signed(round(relative, 1))} %."
        )
    if kept.status == "ok":
        held = "held" if change < strength.WATCH_DOWN_PCT / 2 else "risen"
        message = (
            f"Your leg and glute lifts have {held} against {against} ({_signed(change)} %): "
            "your strength is being kept."
        )
        return make(Status.OK, change, message, note)
    down = _n(abs(change))
    if kept.status == "watch":
        return make(
            Status.WATCH,
            change,
            f"Your leg and glute lifts are down {down} % on {against}. A drop this size can be "
            "a few off days; keep training them twice a week with enough protein, and mention "
            "it to your care team if it stays.",
            note,
        )
    return make(
        Status.ALERT,
        change,
        f"Your leg and glute lifts are down {down} % on {against}, more than day-to-day "
        "variation explains. Strength lost while weight comes off is often muscle; a talk "
        "with your care team about training, protein and the pace of loss is worth it.",
        note,
    )


def _talk_once(messages: list[str]) -> str:
    """The messages as one, suggesting a talk with the care team once, at the end."""
    talk = function_tests.TALK
    said = " ".join(message.replace(f" {talk}", "") for message in messages)
    return f"{said} {talk}" if any(talk in message for message in messages) else said


def _signed(value: float) -> str:
    return ("+" if value > 0 else "") + _n(value)


def function(results: Sequence[FunctionResult], birth_year: int | None, sex: Sex | None) -> Finding:
    """The latest result of each function test against its reference and the one before it
    (``tracker.rules.function_tests``); SARC-F at or above its line is an alert."""

    def make(status: Status, value: float | None, message: str, note: str = "") -> Finding:
        return _finding("function", status, value, None, "", "", message, note)

    latest: dict[FunctionTest, FunctionResult] = {}
    for result in results:
        latest[result.kind] = result
    if not latest:
        return make(
            Status.UNKNOWN,
            None,
            "Do the 30-second chair stand and answer the five SARC-F questions (Today offers "
            "them) to see how your muscles work, not only what you weigh.",
        )
    evaluations = {
        kind: function_tests.evaluate(result, birth_year, sex) for kind, result in latest.items()
    }
    changes = {
        kind: change
        for kind in latest
        if (change := function_tests.latest_change(results, kind)) is not None
    }
    order = [kind for kind in FunctionTest if kind in latest]
    note = " ".join(
        f"{function_tests.INFO[k].name}, {latest[k].day:%d %b %Y}: {evaluations[k].norm}."
        for k in order
    )
    sarc_f = evaluations.get(FunctionTest.SARC_F)
    worse = [
        message
        for k in order
        if k is not FunctionTest.SARC_F or not (sarc_f and sarc_f.below_norm)
        for message in (
            evaluations[k].message if evaluations[k].below_norm else None,
            changes[k].message if k in changes and changes[k].declined else None,
        )
        if message
    ]
    if sarc_f is not None and sarc_f.below_norm:
        return make(Status.ALERT, sarc_f.value, _talk_once([sarc_f.message, *worse]), note)
    if worse:
        return make(Status.WATCH, None, _talk_once(worse), note)
    judged = any(evaluations[k].below_norm is not None for k in order) or bool(changes)
    said = " ".join(changes[k].message if k in changes else evaluations[k].message for k in order)
    if not judged:
        return make(
            Status.UNKNOWN,
            None,
            f"{said} A second test in 4 weeks shows your own change.",
            note,
        )
    return make(Status.OK, None, said, note)


def low_bmi(
    bmi: float | None,
    targets: Targets,
    has_height: bool = True,
    age: int | None = None,
    losing: bool | None = False,
) -> Finding:
    """``losing``: the loss-rate trend shows a loss (None: too few weigh-ins to tell). Under
    the GLIM line for ``age`` (``Targets.bmi_watch_for``) while losing is a watch; under the
    WHO line (18.5), an alert. The target is the GLIM line while losing, else the WHO line."""
    low = targets.bmi_low
    watch_below = targets.bmi_watch_for(age)
    target = watch_below if losing else low
    older = age is not None and age >= t.LOW_BMI_OLDER_AGE
    line = _n(watch_below) + (f" (the low line from age {t.LOW_BMI_OLDER_AGE})" if older else "")

    def make(status: Status, value: float | None, message: str) -> Finding:
        return _finding("low_bmi", status, value, target, "kg/m²", "at_least", message)

    if not has_height:
        return make(Status.UNKNOWN, None, "Add your height in Settings to see your BMI.")
    if bmi is None:
        return make(Status.UNKNOWN, None, "Log your weight to see your BMI.")
    value = round(bmi, 1)
    if _reaches(bmi, watch_below):
        return make(Status.OK, value, f"Your BMI is {_n(value)}, not underweight.")
    if _reaches(bmi, low):
        value = _short_of(bmi, watch_below, 1)
        if losing:
            return make(
                Status.WATCH,
                value,
                f"Your BMI is {_n(value)}, under {line}, and your weight is still falling;"
                " talk to your prescriber about whether to keep losing.",
            )
        steady = (
            "and your weight is not falling, so keep it there"
            if losing is False
            else "so weigh in regularly to see whether it is still falling"
        )
        return make(
            Status.OK,
            value,
            f"Your BMI is {_n(value)}, under {line} but not underweight, {steady}.",
        )
    value = _short_of(bmi, low, 1)
    return make(
        Status.ALERT,
        value,
        f"Your BMI is {_n(value)}, under {_n(low)}: you may be losing"
        " too much weight; see a clinician.",
    )


def side_effects(gut_days: int, intake_short: bool, fluid_loss_days: int = 0) -> Finding:
    """``intake_short``: protein or water is below its target (or unknown).
    ``fluid_loss_days``: days of the week with severe vomiting or diarrhoea, which call for the
    prescriber whatever protein and water show."""
    target = float(t.GUT_EFFECT_DAYS)

    def make(status: Status, value: float | None, message: str) -> Finding:
        return _finding(
            "side_effects", status, value, target, "days with stomach effects", "below", message
        )

    if fluid_loss_days >= t.FLUID_LOSS_DAYS:
        return make(
            Status.WATCH,
            gut_days,
            f"Severe vomiting or diarrhoea on {fluid_loss_days} of the last 7 days; tell your"
            " prescriber, as losing this much fluid can lead to dehydration and strain the"
            " kidneys.",
        )
    if gut_days >= t.GUT_EFFECT_DAYS and intake_short:
        return make(
            Status.WATCH,
            gut_days,
            f"Moderate or severe stomach or gut effects on {gut_days} of the last 7 days, with "
            "protein or water below target; tell your prescriber, as the dose may need slowing.",
        )
    if gut_days >= t.GUT_EFFECT_DAYS:
        return make(
            Status.OK,
            gut_days,
            f"Stomach or gut effects on {gut_days} of the last 7 "
            "days, but you still reach your protein and water targets.",
        )
    return make(
        Status.OK,
        gut_days,
        "No moderate or severe stomach effects on 3 or more of the last 7 days.",
    )


def pain_trend(points: list[tuple[dt.date, float]]) -> Finding:
    """``points``: the day's worst pain score over the trailing two weeks."""
    target = t.PAIN_RISE_POINTS_PER_WEEK

    def make(status: Status, value: float | None, message: str) -> Finding:
        return _finding("pain_trend", status, value, target, "points a week", "at_most", message)

    if not points:
        return make(Status.OK, None, "No buttock or hip pain logged in the last two weeks.")
    span = (points[-1][0] - points[0][0]).days
    if len(points) < t.PAIN_MIN_ENTRIES or span < t.PAIN_MIN_SPAN_DAYS:
        return make(
            Status.UNKNOWN,
            None,
            f"Log your pain on at least {t.PAIN_MIN_ENTRIES} days "
            "over a week or more to see its trend.",
        )
    xs = [(day - points[0][0]).days for day, _ in points]
    ys = [score for _, score in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = 7 * sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    shown = round(slope, 1)
    if slope > target + TOLERANCE:
        shown = _over(slope, target, 1)
        return make(
            Status.WATCH,
            shown,
            f"Your buttock or hip pain is rising, by about "
            f"{_n(shown)} points a week; see your physical therapist about it.",
        )
    return make(Status.OK, shown, "Your buttock or hip pain is not rising.")


def red_flag(open_codes: list[str]) -> Finding:
    def make(status: Status, value: float | None, message: str) -> Finding:
        return _finding("red_flag", status, value, 0.0, "open red flags", "at_most", message)

    if not open_codes:
        return make(Status.OK, 0, "No red-flag symptoms reported, or your therapist has seen them.")
    first = most_urgent_first(open_codes)[0]
    concern = first.concern.rstrip(".")
    action = first.action[0].lower() + first.action[1:]
    return make(
        Status.ALERT,
        len(open_codes),
        f"You reported a red-flag symptom ({concern[0].lower()}{concern[1:]}): {action}",
    )


# --- measuring and judging a day -----------------------------------------------------------


def _water_note(trend_kg: float | None, profile: Profile, targets: Targets) -> str:
    """Why the water target is lower than the half-body-weight rule, when it is capped."""
    if targets.water_target_ml or trend_kg is None:
        return ""
    rule_ml = t.half_body_weight_water_ml(trend_kg)
    ceiling_ml = t.water_ceiling_ml(profile.sex)
    if rule_ml <= ceiling_ml:
        return ""
    whose = {Sex.FEMALE: "for women", Sex.MALE: "for men"}.get(
        profile.sex, "for men, as your sex is not set"
    )
    unit = profile.water_unit
    return (
        f"Half your weight in pounds, as fluid ounces, would be {_volume(rule_ml, unit)} a day;"
        f" the target stops at {_volume(ceiling_ml, unit)}, the NASEM adequate intake {whose}."
    )


def _intake(history: History, profile: Profile, targets: Targets, on: dt.date) -> list[Finding]:
    """Protein a day, protein at meals and water, as of the end of day ``on``."""
    trend_kg = history.trend_kg(on)
    protein_g, protein_days = history.protein_mean_g(on)
    enough_protein_days = protein_days >= t.MIN_LOGGED_DAYS_IN_WEEK
    reference = body.reference_weight_kg(trend_kg, profile) if trend_kg is not None else None
    meals, _ = history.meals_mean(on, targets.protein_meal_g)
    water_ml, water_days = history.water_mean_ml(on)
    return [
        protein_daily(
            protein_g if enough_protein_days else None,
            reference.kg if reference else None,
            targets,
            reference.note if reference else "",
            reference.basis if reference else None,
        ),
        protein_per_meal(meals if enough_protein_days else None, targets),
        hydration(
            water_ml if water_days >= t.MIN_LOGGED_DAYS_IN_WEEK else None,
            targets.water_ml_for(trend_kg, profile.sex),
            targets,
            adequate_ml=t.water_adequate_ml(profile.sex),
            signs=history.dehydration_signs(on),
            note=_water_note(trend_kg, profile, targets),
            water_unit=profile.water_unit,
        ),
    ]


def _milder(first: Finding, second: Finding) -> Finding:
    """The finding of the two that asks less (ok, then unknown, then watch, then alert)."""
    return second if SEVERITY[second.status] < SEVERITY[first.status] else first


def assess(history: History, profile: Profile, targets: Targets, on: dt.date) -> list[Finding]:
    """Every finding for the patient as of the end of day ``on``, in ``CODES`` order.

    On the day still being logged, the intake findings are also judged without that day's
    intake, and the milder of the two stands: a day that has only just begun (one glass of
    water, breakfast) never makes a finding worse than it would be without it, however few
    complete days there are."""
    intake = _intake(history, profile, targets, on)
    if on == history.day_in_progress and history.has_intake_on(on):
        before_today = _intake(history.without_intake_on(on), profile, targets, on)
        intake = [_milder(now, then) for now, then in zip(intake, before_today, strict=True)]
    protein_daily_finding, protein_meal_finding, hydration_finding = intake

    full_week = history.logged_full_week(on)
    age = profile.age_on(on)
    older = age is not None and age >= t.OLDER_ADULT_AGE
    strength_target = targets.strength_sessions_for(age)
    week_sessions = history.sessions_in_week(on)

    start = history.glp1_start(profile)
    days_on = (on - start).days if start is not None and start <= on else None
    trained = start is not None and history.trained_between(start, on)
    observed = (
        (on - max(start, history.first_day)).days
        if start is not None and history.first_day is not None
        else days_on
    )

    pain_start = on - dt.timedelta(days=t.PAIN_WINDOW_DAYS - 1)
    rate = history.loss_rate(on)
    latest = history.latest_weight(on)
    bmi = (
        body.bmi(latest[1], profile.height_cm)
        if latest is not None and profile.height_cm is not None
        else None
    )

    intake_short = any(
        f.status is not Status.OK for f in (protein_daily_finding, hydration_finding)
    )
    fluid_loss_days = history.gut_effect_days(on, t.FLUID_LOSS_GRADE, t.FLUID_LOSS_EFFECTS)
    symptoms = [
        side_effects(
            history.gut_effect_days(on, t.GUT_EFFECT_GRADE), intake_short, fluid_loss_days
        ),
        pain_trend(history.pain_between(pain_start, on)),
        red_flag([flag.item for flag in history.open_red_flags(on)]),
    ]
    if not history.logged_in_week(on):  # nothing logged is not "nothing felt"
        symptoms = [_unlogged(f) if f.status is Status.OK else f for f in symptoms]
    return [
        loss_rate(rate, targets),
        protein_daily_finding,
        protein_meal_finding,
        hydration_finding,
        strength_frequency(len(week_sessions), strength_target, full_week, older),
        glute_focus(sum(1 for s in week_sessions if s.works_glutes), targets, full_week),
        activity(history.activity_min(on), targets, full_week),
        strength_early(days_on, trained, observed),
        lean_share(history.lean_share(on), targets),
        _strength_kept(history, profile, on),
        function(history.results_until(on), profile.birth_year, profile.sex),
        low_bmi(
            bmi,
            targets,
            has_height=profile.height_cm is not None,
            age=age,
            losing=None if rate is None else rate.loss_pct_per_week > TOLERANCE,
        ),
        *symptoms,
    ]


def _strength_kept(history: History, profile: Profile, on: dt.date) -> Finding:
    kept = history.strength_kept(on, profile)
    if kept is None:
        return strength_kept(None)
    return strength_kept(kept, history.trend_kg(kept.baseline_end), history.trend_kg(on))


UNLOGGED = {
    "side_effects": "Nothing logged this week: a check-in on Today, with any symptoms, shows this.",
    "pain_trend": "Nothing logged this week: log on Today, and any buttock or hip pain, to see "
    "this.",
    "red_flag": "Nothing logged this week. If something worries you, run the red-flag check.",
}


def _unlogged(finding: Finding) -> Finding:
    """``finding`` when nothing was logged in the week: not known rather than on track."""
    return replace(finding, status=Status.UNKNOWN, value=None, message=UNLOGGED[finding.code])


def worst(findings: list[Finding]) -> Status:
    return max((f.status for f in findings), key=SEVERITY.__getitem__, default=Status.UNKNOWN)
