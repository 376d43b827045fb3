"""The medication picture: an estimated drug level, the dose steps, missed doses, loss per step.

Pure: no I/O, no Streamlit. Four views of the logged doses, each answering a question a patient
brings to the prescriber:

* **Estimated level** (``estimated_levels``, drawn under the weight chart by
  ``tracker.views.charts.level_figure``):
  how much medicine is working now, and how it built up. A one-compartment model with
  first-order absorption and elimination, per drug, from the label's half-life and time to peak.
  It is an estimate, never a measured level: absorption and clearance differ from one person
  to the next (clearance by about 15 % for semaglutide, Overgaard et al. 2019), and the chart
  says so in its title.
* **Dose steps** (``dose_steps``): each dose the patient stayed on, against the label's
  escalation: stepped up after fewer doses than the label asks for, or past a step.
* **Dose timing** (``dose_gaps``): late and missed doses, by each label's missed-dose window.

Which label applies is the brand's (``tracker.rules.medicines``): a dose logged with its brand, or a
bare molecule read as the profile's brand (``resolved``); never guessed from the amounts.
* **Loss at each step** (``loss_by_step``): the trend rate of loss on each dose, the small
  table to bring when the loss is too fast.

Doses are logged by day, with an optional time. ``History`` keeps only the day
(``DoseTaken``); ``doses_from_entries`` keeps the time too. A dose without a time is taken to be
at noon (``DEFAULT_DOSE_TIME``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Protocol, TypeVar

import numpy as np
import pandas as pd

from tracker.domain import Drug, Entry, Kind, Medicine, resolve_medicine
from tracker.rules import medicines
from tracker.rules.history import History
from tracker.rules.medicines import Escalation, Form, Regimen
from tracker.rules.trends import LossRate

# --- the logged doses -----------------------------------------------------------------------

DEFAULT_DOSE_TIME = dt.time(12, 0)
"""A dose logged without a time is placed at noon: wherever in the day it really was, noon is
at most 12 hours off: a tenth of a weekly medicine's half-life at most, and within the day the
chart draws it on. (An evening default would be up to 20 hours off for a morning injector.)"""


class LoggedDose(Protocol):
    """A logged dose: ``DoseTaken`` from ``History``, or ``TimedDose`` with its time."""

    @property
    def day(self) -> dt.date: ...

    @property
    def medicine(self) -> Medicine: ...

    @property
    def dose_mg(self) -> float: ...


D = TypeVar("D", bound=LoggedDose)


@dataclass(frozen=True, slots=True)
class TimedDose:
    """A dose with the time it was logged at, if any (``History`` keeps only the day)."""

    day: dt.date
    medicine: Medicine
    dose_mg: float
    time: dt.time | None = None


def doses_from_entries(entries: Iterable[Entry]) -> list[TimedDose]:
    """The dose entries as ``TimedDose``, in time order, keeping each entry's time."""
    doses = [
        TimedDose(entry.day, Medicine(entry.label), entry.value, entry.time)
        for entry in entries
        if entry.kind is Kind.DOSE
    ]
    return sorted(doses, key=dose_at)


def resolved(doses: Iterable[D], profile_medicine: Medicine | None) -> list[D]:
    """The doses with a bare molecule read as the profile's brand of it
    (``domain.resolve_medicine``): an Ozempic patient's 'semaglutide' doses are Ozempic's."""
    return [
        dose
        if (medicine := resolve_medicine(dose.medicine, profile_medicine)) is dose.medicine
        else replace(dose, medicine=medicine)
        for dose in doses
    ]


def dose_at(dose: LoggedDose) -> dt.datetime:
    """When a dose was taken: its day at its logged time, or at ``DEFAULT_DOSE_TIME``."""
    time = getattr(dose, "time", None) or DEFAULT_DOSE_TIME
    return dt.datetime.combine(dose.day, time)


# --- pharmacokinetics -----------------------------------------------------------------------

HOURS_PER_DAY = 24.0

SEMAGLUTIDE_HALF_LIFE_H = 168.0
"""Ozempic and Wegovy labels, 12.3: "elimination half-life of approximately 1 week"."""
SEMAGLUTIDE_TMAX_H = 42.0
"""Ozempic and Wegovy labels, 12.3: maximum concentration "1 to 3 days post dose". The label
gives no median, so the geometric middle of the range, √(24 × 72) ≈ 42 h: times to peak are
skewed to the right (log-normal), so the geometric middle is the better guess of the median."""

TIRZEPATIDE_HALF_LIFE_H = 120.0
"""Mounjaro and Zepbound labels, 12.3: half-life "approximately 5 days"."""
TIRZEPATIDE_TMAX_H = 24.0
"""Mounjaro and Zepbound labels, 12.3: maximum concentration "8 to 72 hours post dose". 24 h
is the range's geometric middle (√(8 × 72) = 24) and the median reported in phase 1 at 5 mg."""

LIRAGLUTIDE_HALF_LIFE_H = 13.0
"""Saxenda and Victoza labels, 12.3: elimination half-life "approximately 13 hours"."""
LIRAGLUTIDE_TMAX_H = 11.0
"""Saxenda label, 12.3: maximum concentration "11 hours post dosing" (Victoza: 8-12 hours)."""

DULAGLUTIDE_HALF_LIFE_H = 4.7 * HOURS_PER_DAY
"""Trulicity EMA SmPC 5.2: half-life 4.7 days (FDA label: "approximately 5 days"). 4.7 days
because its weekly accumulation index, 1 / (1 - 2^(-7/4.7)) ≈ 1.55, matches the accumulation
ratio of about 1.56 the FDA label (12.3) measured; 5 days would give 1.61."""
DULAGLUTIDE_TMAX_H = 48.0
"""Trulicity label, 12.3: time to maximum "24 to 72 hours, with a median of 48 hours"."""

ORAL_SEMAGLUTIDE_HALF_LIFE_H = 168.0
"""Rybelsus label, 12.3: elimination half-life "approximately 1 week" (the molecule's own)."""
ORAL_SEMAGLUTIDE_TMAX_H = 1.0
"""Rybelsus label, 12.3: maximum concentration "1 hour post dose". Only about 1 % of a tablet
is absorbed, which a relative level does not need: the tablets' curve has its own yardstick."""


def solve_ka(ke_per_h: float, tmax_h: float) -> float:
    """The absorption rate that puts a single dose's peak at ``tmax_h``, for elimination ``ke``.

    One dose peaks at tmax = ln(ka/ke) / (ka - ke). With x = ka/ke that is
    ln(x) / (x - 1) = ke·tmax, whose left side falls from 1 (x → 1) to 0 (x → ∞): one root with
    ka > ke exactly when ke·tmax < 1, found by bisection on log x. (The mirror root ka < ke,
    "flip-flop" kinetics where absorption is the slow step, is not what these labels describe.)
    """
    target = ke_per_h * tmax_h
    if not 0.0 < target < 1.0:
        raise ValueError(f"no absorption rate peaks at {tmax_h} h with ke = {ke_per_h}/h")

    def excess(log_x: float) -> float:
        """ln(x) / (x - 1) - ke·tmax, written in log x; its limit at x = 1 is 1 - ke·tmax."""
        return (log_x / math.expm1(log_x) if log_x else 1.0) - target

    low, high = 0.0, 1.0
    while excess(high) > 0:
        high *= 2.0
    for _ in range(200):
        middle = (low + high) / 2.0
        if excess(middle) > 0:
            low = middle
        else:
            high = middle
    return ke_per_h * math.exp((low + high) / 2.0)


@dataclass(frozen=True, slots=True)
class Kinetics:
    """One drug's one-compartment model: absorption ``ka`` and elimination ``ke``, per hour.

    Bioavailability and volume are folded into the units: a level is "mg in the body",
    proportional to the concentration, which is all a relative level needs.
    """

    drug: Drug
    form: Form
    half_life_h: float
    tmax_h: float
    ke_per_h: float
    ka_per_h: float

    @classmethod
    def from_label(cls, drug: Drug, form: Form, half_life_h: float, tmax_h: float) -> Kinetics:
        ke = math.log(2.0) / half_life_h
        return cls(drug, form, half_life_h, tmax_h, ke, solve_ka(ke, tmax_h))

    @property
    def name(self) -> str:
        """The formulation as a person reads it: ``Semaglutide tablets``."""
        form = "tablets" if self.form is Form.TABLET else "injection"
        return f"{self.drug.value.capitalize()} {form}"

    def single_dose(self, dose_mg: float, hours: float | np.ndarray) -> float | np.ndarray:
        """One dose ``hours`` after it: D·ka/(ka-ke)·(e^(-ke·t) - e^(-ka·t)); 0 before it."""
        t = np.maximum(np.asarray(hours, dtype="float64"), 0.0)
        scale = dose_mg * self.ka_per_h / (self.ka_per_h - self.ke_per_h)
        level = scale * (np.exp(-self.ke_per_h * t) - np.exp(-self.ka_per_h * t))
        return float(level) if np.ndim(level) == 0 else level

    def steady_state_peak(self, dose_mg: float, interval_h: float) -> float:
        """The peak once the same dose has been taken every ``interval_h`` for good.

        Summing the geometric series of earlier doses, the level ``t`` hours after a dose is
        D·ka/(ka-ke)·(e^(-ke·t)/(1-e^(-ke·τ)) - e^(-ka·t)/(1-e^(-ka·τ))); it peaks at
        t* = ln(ka·(1-e^(-ke·τ)) / (ke·(1-e^(-ka·τ)))) / (ka-ke), a little before tmax.
        """
        ka, ke, tau = self.ka_per_h, self.ke_per_h, interval_h
        keep_e, keep_a = -math.expm1(-ke * tau), -math.expm1(-ka * tau)
        peak_h = math.log(ka * keep_e / (ke * keep_a)) / (ka - ke)
        scale = dose_mg * ka / (ka - ke)
        return scale * (math.exp(-ke * peak_h) / keep_e - math.exp(-ka * peak_h) / keep_a)


KINETICS: dict[tuple[Drug, Form], Kinetics] = {
    (kinetics.drug, kinetics.form): kinetics
    for kinetics in (
        Kinetics.from_label(
            Drug.SEMAGLUTIDE, Form.INJECTION, SEMAGLUTIDE_HALF_LIFE_H, SEMAGLUTIDE_TMAX_H
        ),
        Kinetics.from_label(
            Drug.SEMAGLUTIDE, Form.TABLET, ORAL_SEMAGLUTIDE_HALF_LIFE_H, ORAL_SEMAGLUTIDE_TMAX_H
        ),
        Kinetics.from_label(
            Drug.TIRZEPATIDE, Form.INJECTION, TIRZEPATIDE_HALF_LIFE_H, TIRZEPATIDE_TMAX_H
        ),
        Kinetics.from_label(
            Drug.LIRAGLUTIDE, Form.INJECTION, LIRAGLUTIDE_HALF_LIFE_H, LIRAGLUTIDE_TMAX_H
        ),
        Kinetics.from_label(
            Drug.DULAGLUTIDE, Form.INJECTION, DULAGLUTIDE_HALF_LIFE_H, DULAGLUTIDE_TMAX_H
        ),
    )
}
"""The modelled formulations, by molecule and form; ``Medicine.OTHER`` has no model."""


def kinetics_of(medicine: Medicine) -> Kinetics | None:
    """The model of ``medicine``'s molecule in its form, or None (``Medicine.OTHER``)."""
    product = medicines.product(medicine)
    return KINETICS.get((product.drug, product.form))


def interval_h(medicine: Medicine) -> float:
    """The hours between doses on ``medicine``'s label."""
    return medicines.product(medicine).interval_days * HOURS_PER_DAY


# --- the estimated level --------------------------------------------------------------------

LEVEL_STEP_HOURS = 6.0
"""The level is computed every 6 hours: fine enough to show a daily drug's swing, and three
years of it is under 5,000 points."""


def _hours(moment: dt.datetime, origin: dt.datetime) -> float:
    return (moment - origin).total_seconds() / 3600.0


def amounts(
    kinetics: Kinetics, doses: Sequence[tuple[float, float]], hours: np.ndarray
) -> np.ndarray:
    """The superposed level of ``doses`` (hour taken, mg) at each of the sorted ``hours``.

    Each dose adds D·ka/(ka-ke)·(e^(-ke·t) - e^(-ka·t)) from when it is taken. Rather than
    summing every dose at every time, two running sums Σ D·e^(-k·(t - tᵢ)), one per rate, decay
    from one time to the next and take in the doses between: exact, and linear in doses plus
    times, so years of daily doses cost milliseconds.
    """
    if np.any(np.diff(hours) < 0):
        raise ValueError("the times must be in order")
    ka, ke = kinetics.ka_per_h, kinetics.ke_per_h
    scale = ka / (ka - ke)
    ordered = sorted(doses)
    result = np.zeros(len(hours))
    sum_e = sum_a = 0.0
    previous = -math.inf
    next_dose = 0
    for index, t in enumerate(hours.tolist()):
        if previous > -math.inf:
            sum_e *= math.exp(-ke * (t - previous))
            sum_a *= math.exp(-ka * (t - previous))
        while next_dose < len(ordered) and ordered[next_dose][0] <= t:
            taken_h, mg = ordered[next_dose]
            sum_e += mg * math.exp(-ke * (t - taken_h))
            sum_a += mg * math.exp(-ka * (t - taken_h))
            next_dose += 1
        result[index] = scale * (sum_e - sum_a)
        previous = t
    return result


@dataclass(frozen=True, slots=True, eq=False)
class LevelCurve:
    """One formulation's estimated level over time, in % of ``reference_level``.

    100 % is the steady-state peak of the highest dose of this formulation taken, on its
    label's schedule: a fixed yardstick, so the line does not rescale with the period shown; a
    patient on their top dose on schedule sees peaks of 100 %, and the first weeks show the
    build-up. Each formulation has its own yardstick: levels of different molecules, or of a
    tablet and an injection, do not compare.
    """

    kinetics: Kinetics
    times: np.ndarray
    """datetime64[m]"""
    percent: np.ndarray
    reference_mg: float
    reference_level: float

    @property
    def name(self) -> str:
        return self.kinetics.name


def _by_formulation(
    doses: Sequence[LoggedDose],
) -> list[tuple[Kinetics, list[int], float]]:
    """The modelled formulations taken: each with the indices of its doses and the interval of
    its top dose's label (the yardstick's schedule)."""
    groups: dict[Kinetics, list[int]] = {}
    for index, dose in enumerate(doses):
        if (kinetics := kinetics_of(dose.medicine)) is not None:
            groups.setdefault(kinetics, []).append(index)
    result = []
    for kinetics, indices in groups.items():
        top = max(indices, key=lambda i: doses[i].dose_mg)
        result.append((kinetics, indices, interval_h(doses[top].medicine)))
    return result


def estimated_levels(
    doses: Sequence[LoggedDose],
    start: dt.datetime,
    end: dt.datetime,
    step_hours: float = LEVEL_STEP_HOURS,
) -> list[LevelCurve]:
    """Each modelled formulation's estimated level every ``step_hours`` from ``start`` to
    ``end``.

    Every dose taken before a time counts, also those before ``start``. Medicines without a
    model (``Medicine.OTHER``) and formulations with no dose by ``end`` are left out.
    """
    steps = math.floor(_hours(end, start) / step_hours + 1e-9)
    grid_h = np.arange(steps + 1) * step_hours
    times = np.datetime64(start, "m") + (grid_h * 60).astype("timedelta64[m]")
    curves = []
    for kinetics, indices, every_h in _by_formulation(doses):
        taken = [(_hours(dose_at(doses[i]), start), doses[i].dose_mg) for i in indices]
        if not any(hour <= grid_h[-1] for hour, _ in taken):
            continue
        top_mg = max(mg for _, mg in taken)
        reference = kinetics.steady_state_peak(top_mg, every_h)
        level = amounts(kinetics, taken, grid_h)
        curves.append(LevelCurve(kinetics, times, 100.0 * level / reference, top_mg, reference))
    return curves


def level_at_doses(doses: Sequence[LoggedDose]) -> list[float | None]:
    """Each dose's estimated level (% as in ``estimated_levels``) just as it is taken: the
    trough it tops up. None for a medicine without a model."""
    result: list[float | None] = [None] * len(doses)
    for kinetics, indices, every_h in _by_formulation(doses):
        origin = min(dose_at(doses[i]) for i in indices)
        taken = [(_hours(dose_at(doses[i]), origin), doses[i].dose_mg) for i in indices]
        reference = kinetics.steady_state_peak(max(mg for _, mg in taken), every_h)
        order = sorted(range(len(taken)), key=lambda k: taken[k][0])
        levels = amounts(kinetics, taken, np.array([taken[k][0] for k in order]))
        for position, k in enumerate(order):
            result[indices[k]] = 100.0 * float(levels[position]) / reference
    return result


# --- the label's escalation -----------------------------------------------------------------


class StepChange(StrEnum):
    START = "start"
    UP = "up"
    DOWN = "down"
    SWITCH = "switch"
    """A different medicine from the step before."""


@dataclass(frozen=True, slots=True)
class DoseStep:
    """A run of doses of one medicine at one amount, judged against its label's escalation."""

    medicine: Medicine
    dose_mg: float
    first_day: dt.date
    last_dose_day: dt.date
    end_day: dt.date
    """The last day on this dose: the day before the next step, or for the latest step its last
    dose's interval (cut at ``on``)."""
    doses: int
    change: StepChange
    escalation: Escalation | None
    early: bool
    """Stepped up from the step before after fewer of its doses than the label asks for."""
    doses_asked_before: int | None
    """For an early step: how many doses of the step before the label asks for."""
    skipped_steps: int
    """Label steps passed over by this step up (0.5 → 1.7 mg Wegovy skips one)."""
    next_mg: float | None
    """The label's next dose up, or None at the top, off-label above it, or without a brand."""
    next_from: dt.date | None
    """The first day the label allows that next step: once the doses it asks for are taken."""

    @property
    def days(self) -> int:
        return (self.end_day - self.first_day).days + 1

    @property
    def weeks(self) -> float:
        return self.days / 7.0

    @property
    def on_label(self) -> bool:
        return self.escalation is not None and self.escalation.index(self.dose_mg) is not None


def _runs(doses: Sequence[LoggedDose]) -> list[list[LoggedDose]]:
    runs: list[list[LoggedDose]] = []
    for dose in doses:
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and last.medicine is dose.medicine
            and math.isclose(last.dose_mg, dose.dose_mg, abs_tol=1e-6)
        ):
            runs[-1].append(dose)
        else:
            runs.append([dose])
    return runs


def dose_steps(doses: Sequence[LoggedDose], on: dt.date | None = None) -> list[DoseStep]:
    """The dose steps in order: each run of one medicine at one amount (doses after ``on`` are
    left out), with whether it came earlier than the label allows and the label's next step.

    A step up to a dose higher than any before it is early when fewer doses of the step before
    were taken than the brand's label asks for (tirzepatide 5 mg three times in five weeks,
    then 7.5 mg, is early: the label asks for four). Steps down, back up to a dose already
    taken, and switches of medicine are never early: the label's doses are there to get used
    to each new dose. Doses should be ``resolved`` against the profile first.
    """
    ordered = sorted((d for d in doses if on is None or d.day <= on), key=dose_at)
    runs = _runs(ordered)
    steps: list[DoseStep] = []
    highest: dict[Medicine, float] = {}
    for position, run in enumerate(runs):
        first, last = run[0], run[-1]
        product = medicines.product(first.medicine)
        escalation = product.escalation
        interval = product.interval_days
        if position + 1 < len(runs):
            end_day = max(runs[position + 1][0].day - dt.timedelta(days=1), last.day)
        else:
            end_day = last.day + dt.timedelta(days=interval - 1)
            if on is not None:
                end_day = max(min(end_day, on), last.day)
        before = steps[-1] if steps else None
        if before is None:
            change = StepChange.START
        elif before.medicine is not first.medicine:
            change = StepChange.SWITCH
        else:
            change = StepChange.UP if first.dose_mg > before.dose_mg else StepChange.DOWN
        early, asked, skipped = False, None, 0
        new_high = first.dose_mg > highest.get(first.medicine, 0.0) + 1e-6
        highest[first.medicine] = max(first.dose_mg, highest.get(first.medicine, 0.0))
        if change is StepChange.UP and new_high and before is not None and escalation is not None:
            needed = escalation.doses_before_next(before.dose_mg)
            early = before.doses < needed
            asked = needed if early else None
            was, now = escalation.index(before.dose_mg), escalation.index(first.dose_mg)
            if was is not None and now is not None:
                skipped = max(0, now - was - 1)
        next_mg = escalation.next_mg(first.dose_mg) if escalation else None
        next_from = None
        if escalation is not None and next_mg is not None:
            still_to_take = max(0, escalation.doses_before_next(first.dose_mg) - len(run))
            next_from = last.day + dt.timedelta(days=(still_to_take + 1) * interval)
        steps.append(
            DoseStep(
                medicine=first.medicine,
                dose_mg=first.dose_mg,
                first_day=first.day,
                last_dose_day=last.day,
                end_day=end_day,
                doses=len(run),
                change=change,
                escalation=escalation,
                early=early,
                doses_asked_before=asked,
                skipped_steps=skipped,
                next_mg=next_mg,
                next_from=next_from,
            )
        )
    return steps


# --- late and missed doses ------------------------------------------------------------------


class Timing(StrEnum):
    TOO_SOON = "too soon"
    """Closer to the dose before than the label lets the dose day move (two the same day)."""
    ON_TIME = "on time"
    LATE = "late"
    """Past the interval, within the label's window for taking a missed dose."""
    MISSED = "missed"
    """At least one scheduled dose went by without a dose within the label's window."""


@dataclass(frozen=True, slots=True)
class DoseGap:
    """The time from one dose to the next of the same medicine, judged by its label."""

    medicine: Medicine
    previous_day: dt.date
    day: dt.date
    """The next dose's day, or for an open gap the day it was judged on."""
    gap_days: int
    timing: Timing
    days_late: int
    """Days past the scheduled day of the dose that ended the gap (0 on time or early)."""
    missed: int
    """Scheduled doses that went by untaken."""
    open: bool = False
    """No dose yet: the gap runs to ``day`` and the next dose is overdue."""
    restart_per_label: bool = False
    """So many doses missed in a row that the label says to ask about starting again."""


def judge_gap(regimen: Regimen, gap_days: int) -> tuple[Timing, int, int]:
    """Timing, days late and doses missed for doses ``gap_days`` apart.

    With interval ``I`` and the label's late window ``W``, the scheduled doses fall ``I``,
    ``2I``, ... days after the dose before. The ``k``-th is missed when the gap runs past it and
    its window (k·I + W < gap); so ``missed = ceil((gap - W) / I) - 1``. A dose that misses
    none is late when it comes 1 to W days past the interval and too soon when it comes closer
    than the label's spacing. Weekly semaglutide (W = 5): 8-12 days apart is late, 13 or more
    misses a dose; tirzepatide and dulaglutide (W = 4): 8-11 late, 12 or more missed. Daily
    liraglutide and semaglutide tablets (W = 0): 2 days apart misses one dose.

    Missed starts past the window rather than at twice the interval because the labels say to
    skip a dose that is later than the window: 13 days after a semaglutide dose, the first
    week's dose went untaken and this is the second week's, a day early.
    """
    interval, window = regimen.interval_days, regimen.late_window_days
    missed = max(0, math.ceil((gap_days - window) / interval) - 1)
    days_late = max(0, gap_days - interval * (missed + 1))
    if missed:
        return Timing.MISSED, days_late, missed
    if gap_days < regimen.min_spacing_days:
        return Timing.TOO_SOON, 0, 0
    if days_late:
        return Timing.LATE, days_late, 0
    return Timing.ON_TIME, 0, 0


def dose_gaps(doses: Sequence[LoggedDose], on: dt.date | None = None) -> list[DoseGap]:
    """Every gap between one dose and the next of the same medicine, judged by its label.

    Gaps across a switch of medicine, and doses of ``Medicine.OTHER``, are not judged. Given
    ``on``, doses after it are left out and the latest medicine's last dose is judged against
    ``on``: an open gap is added when that next dose is overdue (late or missed by ``on``).
    Doses should be ``resolved`` against the profile first.
    """
    ordered = sorted((d for d in doses if on is None or d.day <= on), key=dose_at)
    gaps: list[DoseGap] = []

    def judged(
        medicine: Medicine, previous: dt.date, day: dt.date, is_open: bool
    ) -> DoseGap | None:
        regimen = medicines.product(medicine).regimen
        if regimen is None:
            return None
        gap_days = (day - previous).days
        timing, days_late, missed = judge_gap(regimen, gap_days)
        if is_open and timing not in (Timing.LATE, Timing.MISSED):
            return None
        restart = regimen.restart_after_missed is not None and missed >= (
            regimen.restart_after_missed
        )
        return DoseGap(
            medicine, previous, day, gap_days, timing, days_late, missed, is_open, restart
        )

    for before, after in itertools.pairwise(ordered):
        if before.medicine is after.medicine and (
            gap := judged(after.medicine, before.day, after.day, False)
        ):
            gaps.append(gap)
    if on is not None and ordered:
        last = ordered[-1]
        if gap := judged(last.medicine, last.day, on, True):
            gaps.append(gap)
    return gaps


# --- the rate of loss on each dose ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StepLoss:
    """The trend rate of loss on one dose step, read on the step's last day.

    The rate is the slope of the trailing 28 days of weigh-ins (``trends.loss_rate``), so read
    on a four-week step's last day it covers that step and nothing before it: the rate on that
    dose. (A mean of the daily rates over the step would reach back four weeks before it.) On a
    shorter step the window reaches into the step before; ``rate.first_day`` says how far.
    """

    step: DoseStep
    rate: LossRate | None

    @property
    def loss_kg_per_week(self) -> float | None:
        return self.rate.loss_kg_per_week if self.rate else None

    @property
    def loss_pct_per_week(self) -> float | None:
        return self.rate.loss_pct_per_week if self.rate else None


def loss_by_step(
    history: History, on: dt.date, profile_medicine: Medicine | None = None
) -> list[StepLoss]:
    """Each dose step up to ``on`` with the trend rate of loss on its last day."""
    steps = dose_steps(resolved(history.doses_until(on), profile_medicine), on)
    return [StepLoss(step, history.loss_rate(step.end_day)) for step in steps]


LOSS_TABLE_COLUMNS = [
    "medicine",
    "dose_mg",
    "first_day",
    "last_day",
    "weeks",
    "loss_kg_per_week",
    "loss_pct_per_week",
    "weighins",
    "early",
]


def loss_table(losses: Sequence[StepLoss]) -> pd.DataFrame:
    """The per-step rates as a small metric table, one row a step (``LOSS_TABLE_COLUMNS``)."""
    return pd.DataFrame(
        [
            {
                "medicine": loss.step.medicine.value,
                "dose_mg": loss.step.dose_mg,
                "first_day": loss.step.first_day,
                "last_day": loss.step.end_day,
                "weeks": loss.step.weeks,
                "loss_kg_per_week": loss.loss_kg_per_week,
                "loss_pct_per_week": loss.loss_pct_per_week,
                "weighins": loss.rate.weighins if loss.rate else 0,
                "early": loss.step.early,
            }
            for loss in losses
        ],
        columns=LOSS_TABLE_COLUMNS,
    )


@dataclass(frozen=True, slots=True)
class MedicationPicture:
    steps: list[DoseStep]
    gaps: list[DoseGap]
    losses: list[StepLoss]


def picture(
    history: History, on: dt.date, profile_medicine: Medicine | None = None
) -> MedicationPicture:
    """The dose steps, dose timing and loss per step, all as of ``on``, each dose judged by its
    brand's label (a bare molecule by the profile's brand, ``resolved``)."""
    doses = resolved(history.doses_until(on), profile_medicine)
    steps = dose_steps(doses, on)
    return MedicationPicture(
        steps=steps,
        gaps=dose_gaps(doses, on),
        losses=[StepLoss(step, history.loss_rate(step.end_day)) for step in steps],
    )


# --- the figure -----------------------------------------------------------------------------
