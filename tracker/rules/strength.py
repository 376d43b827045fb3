"""Strength kept: is the person still as strong in the legs and glutes as before the medicine?

**One lift, one number.** A logged set (load and reps) becomes an estimated one-repetition
maximum (1RM) by Epley's formula, or Brzycki's on request. Both hold up to about 10 reps and
drift apart beyond, so a set past ``MAX_REPS`` gives no estimate.

**Which lifts.** Only the main lower-body lifts count: exercises whose name shows a glute or
leg focus (``tracker.rules.exercises.focus_of``), stretches aside. Per exercise and session the
best set is kept. Body-weight work (no load) is measured by its best rep count instead, and is
compared only with the same exercise done with body weight: reps and kilograms never meet.

**Kept or lost** (``strength_kept``): the best of each exercise over the last 28 days against
its best in a baseline window, the 4 weeks before the medicine's start when there are sessions
there, else the first 4 logged weeks. The change is the median of the per-exercise changes, so
one exercise done badly, or newly learned, does not decide it.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from tracker.domain import Entry, Exercise, Focus, Kind, LiftSession
from tracker.rules.exercises import focus_of

# --- one set, one estimate ------------------------------------------------------------------


class Formula(StrEnum):
    EPLEY = "epley"
    """Epley B. *Boyd Epley Workout*. Lincoln, NE: Body Enterprises; 1985 (the poundage chart):
    1RM = w · (1 + r/30). The default, as the more widely used of the two."""
    BRZYCKI = "brzycki"
    """Brzycki M. Strength testing: predicting a one-rep max from reps-to-fatigue. J Phys Educ
    Recreat Dance 1993;64(1):88-90: 1RM = w · 36 / (37 − r)."""


MAX_REPS = 10
"""Sets of more reps give no estimate. Brzycki's protocol asks for a load that brings failure
in fewer than 10 reps; Reynolds JM, Gordon TJ, Robergs RA (J Strength Cond Res
2006;20(3):584-92), testing 1, 5, 10 and 20RM on chest and leg press in 70 adults aged 18-69,
found the load falls off non-linearly with reps and that no more than 10 reps should go into
linear equations such as these. At 10 reps Epley and Brzycki agree (both 1.333 × the load);
at 15 they differ by 9 % and at 20 by 27 %, the size of change this rule looks for."""

WINDOW_DAYS = 28
"""The recent and the baseline window: 4 weeks, room for several sessions of a lift at the 2 or
more days a week of muscle strengthening that WHO 2020 recommends."""

MIN_SESSIONS = 2
"""Sessions needed in each window, counting those with an exercise done in both windows. The
best of two sessions is robust to a single off day
(poor sleep, nausea the day after an injection, a new exercise still being learned); from one
session a drop would as often be the day as the muscle."""

WATCH_DOWN_PCT = 10.0
"""A drop of 10 % or more is a watch. Grgic J, Lazinica B, Schoenfeld BJ, Pedisic Z (Sports
Med Open 2020;6:31), a systematic review of 32 studies of 1RM test-retest reliability, found a
median coefficient of variation of 4.2 % (range 0.5-12.1 %). The smallest change that a single
person's retest shows beyond that noise with 95 % confidence is 1.96 · √2 · 4.2 % ≈ 11.6 % for
a measured 1RM; an estimate from training sets is noisier still. So 10 % is where a drop may
be real and is worth a look, not yet where it surely is."""

ALERT_DOWN_PCT = 20.0
"""A drop of 20 % or more is an alert: close to twice the detectable change above; beyond
1.96 · √2 · CV for any coefficient of variation up to 7.2 %, well over the review's 4.2 %
median; and more than an off day explains when the best of two or more sessions is compared."""

BEFORE_MEDICINE = "before the medicine"
FIRST_WEEKS = "first 4 logged weeks"

_EPS = 1e-9
"""Tolerance for floating-point: 90 kg after 100 kg is exactly a 10 % drop."""

Status = Literal["ok", "watch", "alert"]
"""The values of ``tracker.rules.guidance.Status``; named here as text so that guidance can
import this module without a cycle."""


def epley_kg(load_kg: float, reps: int) -> float:
    """Epley's estimated 1RM, unguarded: ``load_kg · (1 + reps/30)``."""
    return load_kg * (1 + reps / 30)


def brzycki_kg(load_kg: float, reps: int) -> float:
    """Brzycki's estimated 1RM, unguarded: ``load_kg · 36 / (37 − reps)``."""
    return load_kg * 36 / (37 - reps)


def one_rep_max_kg(
    load_kg: float | None, reps: int, formula: Formula = Formula.EPLEY
) -> float | None:
    """The estimated 1RM of a set of ``reps`` at ``load_kg``; the load itself for a single rep
    (Epley alone would add 3 %). None for no load, no reps, or more than ``MAX_REPS``."""
    if load_kg is None or load_kg <= 0 or not 1 <= reps <= MAX_REPS:
        return None
    if reps == 1:
        return load_kg
    if formula is Formula.BRZYCKI:
        return brzycki_kg(load_kg, reps)
    return epley_kg(load_kg, reps)


def relative_strength(estimate_kg: float, body_weight_kg: float | None) -> float | None:
    """Estimated 1RM per kg of body weight (kg/kg): the measure that rises when weight comes off
    and strength stays. None without a body weight."""
    if body_weight_kg is None or body_weight_kg <= 0:
        return None
    return estimate_kg / body_weight_kg


# --- which lifts, and the best of each per session -------------------------------------------

MAIN_FOCUSES = frozenset({Focus.GLUTES, Focus.LOWER})


def is_main_lower_body(name: str) -> bool:
    """Whether an exercise is a main lower-body lift: its name shows a glute or leg focus. A
    stretch (a hold, not a lift) is not, though its name may say "hamstring"."""
    return focus_of(name) in MAIN_FOCUSES and "stretch" not in name.lower()


def _key(name: str) -> str:
    """Names compared as people type them: "Hip  Thrust" and "hip thrust" are one exercise."""
    return " ".join(name.lower().split())


class Basis(StrEnum):
    LOAD = "load"
    """An estimated 1RM, in kg."""
    REPS = "reps"
    """Body-weight work: the most reps in one set."""


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """An exercise's best on one day: ``estimate_kg`` for loaded work, ``reps`` for body-weight
    work; the other is None."""

    day: dt.date
    exercise: str
    estimate_kg: float | None = None
    reps: int | None = None

    @property
    def basis(self) -> Basis:
        return Basis.LOAD if self.estimate_kg is not None else Basis.REPS

    @property
    def value(self) -> float:
        return self.estimate_kg if self.estimate_kg is not None else float(self.reps or 0)


def _measure(exercise: Exercise, formula: Formula) -> tuple[Basis, float] | None:
    """What one logged row says of strength: an estimate, a rep count, or nothing. A load of
    0 kg is read as body weight, as some apps write it."""
    if exercise.reps < 1 or not is_main_lower_body(exercise.name):
        return None
    if exercise.load_kg is None or exercise.load_kg <= 0:
        return Basis.REPS, float(exercise.reps)
    estimate_kg = one_rep_max_kg(exercise.load_kg, exercise.reps, formula)
    return None if estimate_kg is None else (Basis.LOAD, estimate_kg)


@dataclass(frozen=True, slots=True)
class _SessionBests:
    day: dt.date
    best: dict[tuple[str, Basis], float]
    names: dict[str, str]


Logged = Entry | LiftSession
"""What the rules read lifts from: strength entries (other kinds are passed over), or the
sessions a history keeps (``History.lifts``)."""


def lift_sessions(entries: Iterable[Entry]) -> list[LiftSession]:
    """The strength sessions among ``entries`` that list exercises, in date order."""
    found = [
        LiftSession(e.day, e.exercises) for e in entries if e.kind is Kind.STRENGTH and e.exercises
    ]
    return sorted(found, key=lambda session: session.day)


def _sessions(entries: Iterable[Logged], formula: Formula) -> list[_SessionBests]:
    """Each strength session with a main lower-body measure, its best per exercise and basis."""
    sessions: list[_SessionBests] = []
    for entry in entries:
        if isinstance(entry, Entry) and entry.kind is not Kind.STRENGTH:
            continue
        best: dict[tuple[str, Basis], float] = {}
        names: dict[str, str] = {}
        for exercise in entry.exercises:
            measured = _measure(exercise, formula)
            if measured is None:
                continue
            key = (_key(exercise.name), measured[0])
            best[key] = max(best.get(key, measured[1]), measured[1])
            names.setdefault(key[0], exercise.name.strip())
        if best:
            sessions.append(_SessionBests(entry.day, best, names))
    sessions.sort(key=lambda session: session.day)
    return sessions


def trend(entries: Iterable[Logged], formula: Formula = Formula.EPLEY) -> list[TrendPoint]:
    """Per day and main lower-body exercise, the best estimate (or, with body weight, the best
    rep count), in date order then by exercise: the series behind a strength chart. Two
    sessions on one day count as one."""
    by_day: dict[tuple[dt.date, str, Basis], float] = {}
    names: dict[str, str] = {}
    for session in _sessions(entries, formula):
        for (key, basis), value in session.best.items():
            slot = (session.day, key, basis)
            by_day[slot] = max(by_day.get(slot, value), value)
            names.setdefault(key, session.names[key])
    points = [
        TrendPoint(day, names[key], value, None)
        if basis is Basis.LOAD
        else TrendPoint(day, names[key], None, int(value))
        for (day, key, basis), value in by_day.items()
    ]
    points.sort(key=lambda p: (p.day, _key(p.exercise), p.basis))
    return points


# --- kept or lost ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExerciseChange:
    """One exercise's best in each window, in kg (estimated 1RM) or reps by ``basis``."""

    exercise: str
    basis: Basis
    baseline: float
    recent: float

    @property
    def change_pct(self) -> float:
        return (self.recent - self.baseline) / self.baseline * 100


@dataclass(frozen=True, slots=True)
class StrengthKept:
    """Strength now against a baseline; a loss is a negative ``change_pct``.

    ``change_pct`` is the median over the loaded exercises compared (``basis`` LOAD); only when
    no loaded exercise is in both windows is it the median over body-weight rep counts (REPS),
    a rougher measure since such sets are seldom taken to failure. ``exercises`` lists every
    exercise compared, of both kinds, by name.
    """

    change_pct: float
    status: Status
    basis: Basis
    exercises: tuple[ExerciseChange, ...]
    baseline_label: str
    baseline_start: dt.date
    baseline_end: dt.date
    recent_start: dt.date
    recent_end: dt.date
    baseline_sessions: int
    recent_sessions: int


def status_of(change_pct: float) -> Status:
    """ok, or a watch from a ``WATCH_DOWN_PCT`` drop, or an alert from ``ALERT_DOWN_PCT``."""
    if change_pct <= -ALERT_DOWN_PCT + _EPS:
        return "alert"
    if change_pct <= -WATCH_DOWN_PCT + _EPS:
        return "watch"
    return "ok"


def _within(sessions: list[_SessionBests], start: dt.date, end: dt.date) -> list[_SessionBests]:
    return [s for s in sessions if start <= s.day <= end]


def _best(sessions: list[_SessionBests]) -> dict[tuple[str, Basis], float]:
    best: dict[tuple[str, Basis], float] = {}
    for session in sessions:
        for key, value in session.best.items():
            best[key] = max(best.get(key, value), value)
    return best


def baseline_window(
    entries: Iterable[Logged], medicine_start: dt.date | None, formula: Formula = Formula.EPLEY
) -> tuple[str, dt.date, dt.date] | None:
    """The baseline: (label, first day, last day). The 28 days before ``medicine_start`` when
    they hold ``MIN_SESSIONS`` sessions with a main lower-body lift, else the 28 days from the
    first such session; None with no such session at all."""
    return _baseline(_sessions(entries, formula), medicine_start)


def _baseline(
    sessions: list[_SessionBests], medicine_start: dt.date | None
) -> tuple[str, dt.date, dt.date] | None:
    if not sessions:
        return None
    if medicine_start is not None:
        start = medicine_start - dt.timedelta(days=WINDOW_DAYS)
        end = medicine_start - dt.timedelta(days=1)
        if len(_within(sessions, start, end)) >= MIN_SESSIONS:
            return BEFORE_MEDICINE, start, end
    first = sessions[0].day
    return FIRST_WEEKS, first, first + dt.timedelta(days=WINDOW_DAYS - 1)


def strength_kept(
    entries: Iterable[Logged],
    on: dt.date,
    medicine_start: dt.date | None = None,
    formula: Formula = Formula.EPLEY,
) -> StrengthKept | None:
    """The best of each main lower-body exercise over the 28 days ending ``on`` against its
    best in the baseline window (``baseline_window``).

    None when there is not enough to compare: no exercise done the same way (loaded, or with
    body weight) in both windows, fewer than ``MIN_SESSIONS`` sessions with such an exercise
    in either window, or windows
    that overlap (the medicine started under 4 weeks before ``on``, or the log is younger
    than 8 weeks), where a change would be measured partly against itself.
    """
    sessions = _sessions(entries, formula)
    window = _baseline(sessions, medicine_start)
    if window is None:
        return None
    label, baseline_start, baseline_end = window
    recent_start = on - dt.timedelta(days=WINDOW_DAYS - 1)
    if baseline_end >= recent_start:
        return None
    before = _within(sessions, baseline_start, baseline_end)
    recent = _within(sessions, recent_start, on)
    before_best, recent_best = _best(before), _best(recent)
    common = sorted(before_best.keys() & recent_best.keys())
    # Only sessions with an exercise compared count towards the minimum.
    before = [s for s in before if s.best.keys() & set(common)]
    recent = [s for s in recent if s.best.keys() & set(common)]
    if not common or len(before) < MIN_SESSIONS or len(recent) < MIN_SESSIONS:
        return None
    names = {k: v for s in [*before, *recent] for k, v in s.names.items()}
    changes = tuple(
        ExerciseChange(names[key], basis, before_best[key, basis], recent_best[key, basis])
        for key, basis in common
    )
    loaded = [c.change_pct for c in changes if c.basis is Basis.LOAD]
    basis = Basis.LOAD if loaded else Basis.REPS
    change_pct = statistics.median(loaded or [c.change_pct for c in changes])
    return StrengthKept(
        change_pct=change_pct,
        status=status_of(change_pct),
        basis=basis,
        exercises=changes,
        baseline_label=label,
        baseline_start=baseline_start,
        baseline_end=baseline_end,
        recent_start=recent_start,
        recent_end=on,
        baseline_sessions=len(before),
        recent_sessions=len(recent),
    )


def measurable(exercise: Exercise) -> bool:
    """Whether a logged row can say anything of strength, whatever its name: some reps, and
    either no load (body weight) or few enough reps for an estimate. The store narrows its
    reading with the same test (``tracker.store.daily_sums``)."""
    return exercise.reps >= 1 and (
        exercise.load_kg is None or exercise.load_kg <= 0 or exercise.reps <= MAX_REPS
    )


def windows_to_read(
    first_days: dict[str, dt.date], on: dt.date, medicine_start: dt.date | None
) -> list[tuple[dt.date, dt.date]]:
    """The spans of days whose sessions ``strength_kept`` on ``on`` may compare, from the first
    day each exercise name was done measurably (``measurable``): the last 4 weeks, the 4
    weeks before the medicine, and the first 4 weeks of main lower-body lifting. So a caseload
    reads a few weeks of each log however many years it holds."""
    spans = [(on - dt.timedelta(days=WINDOW_DAYS - 1), on)]
    if medicine_start is not None:
        spans.append(
            (medicine_start - dt.timedelta(days=WINDOW_DAYS), medicine_start - dt.timedelta(1))
        )
    main_days = [day for name, day in first_days.items() if is_main_lower_body(name)]
    if main_days:
        first = min(main_days)
        spans.append((first, first + dt.timedelta(days=WINDOW_DAYS - 1)))
    return spans
