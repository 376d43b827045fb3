"""A patient's log, summarised by day, and the measurements the guidance judges.

``History`` holds daily totals rather than single entries: that is all a rule needs, it is what
the database can sum for us, and it keeps an assessment of years of data fast. The sums arrive
as ``DailySums`` (from the store, or ``daily_sums`` of entries) and ``History.from_sums`` alone
turns them into a history. Every measure is a pure function of the history and a date ``on``:
entries after ``on`` are never looked at, so the same history answers "where did I stand on
1 March?" as well as "where do I stand today?".
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property

from tracker.domain import (
    FUNCTION_KINDS,
    GUT_EFFECTS,
    DailySums,
    DoseTaken,
    Entry,
    Focus,
    FunctionResult,
    FunctionTest,
    Kind,
    LiftSession,
    Medicine,
    Method,
    Profile,
    RedFlagAnswer,
    StrengthSession,
)
from tracker.rules import strength, trends
from tracker.rules.exercises import works_glutes
from tracker.rules.targets import (
    DEHYDRATION_RED_FLAG,
    DEHYDRATION_SIGNS,
    MIN_LOGGED_DAYS_IN_WEEK,
    WEEK_DAYS,
)

DayValue = trends.DayValue


@dataclass(frozen=True, slots=True)
class SessionDay:
    """One strength session, as much of it as the rules need."""

    day: dt.date
    focus: Focus
    works_glutes: bool


def _session_day(session: SessionDay) -> dt.date:
    return session.day


@dataclass(frozen=True, slots=True)
class LeanShare:
    """The share of the weight lost that was lean mass, first body-composition reading to latest."""

    share_pct: float
    lost_kg: float
    lean_lost_kg: float
    first_day: dt.date
    last_day: dt.date
    first_kg: float
    """The weight at the first reading (the weigh-in of the day, or the nearest)."""
    both_dxa: bool = False
    """Both readings were DXA scans (``History.dxa_days``)."""

    @property
    def lost_pct(self) -> float:
        """The weight lost between the readings, as % of the weight at the first."""
        return 100.0 * self.lost_kg / self.first_kg


@dataclass(frozen=True)
class History:
    """Daily summaries of one patient's log. Lists are in date order."""

    weights: list[DayValue] = field(default_factory=list)
    """Mean weigh-in of each day, kg."""
    protein_g_by_day_meal: dict[dt.date, dict[str, float]] = field(default_factory=dict)
    water_ml_by_day: dict[dt.date, float] = field(default_factory=dict)
    sessions: list[SessionDay] = field(default_factory=list)
    activity_min_by_day: dict[dt.date, float] = field(default_factory=dict)
    doses: list[DoseTaken] = field(default_factory=list)
    lean_mass_kg: list[DayValue] = field(default_factory=list)
    body_fat_pct: list[DayValue] = field(default_factory=list)
    first_day: dt.date | None = None
    """The first day anything was logged."""
    last_session_day: dt.date | None = None
    """The last strength session's day, even when ``sessions`` holds only the last days."""
    side_effects_by_day: dict[dt.date, dict[str, int]] = field(default_factory=dict)
    """The worst grade (0-3) of each side effect logged on a day."""
    pain_by_day: dict[dt.date, float] = field(default_factory=dict)
    """The worst pain score (0-10) logged on a day."""
    red_flags: list[RedFlagAnswer] = field(default_factory=list)
    """Every 'yes' to a red-flag question, in date order."""
    dxa_days: frozenset[dt.date] = frozenset()
    """Days with a body-composition reading measured by a DXA scan."""
    day_in_progress: dt.date | None = None
    """The patient's today, whose log is still being written; set by the service layer (the
    history itself never reads the clock). See ``intake_days``."""
    lifts: list[LiftSession] = field(default_factory=list)
    """Strength sessions with their exercises (``DailySums.lifts``)."""
    function_results: list[FunctionResult] = field(default_factory=list)
    """Every function test result and SARC-F score, in date order."""

    def in_progress_on(self, day: dt.date | None) -> History:
        """This history with ``day`` as the day still being logged."""
        return replace(self, day_in_progress=day)

    def has_intake_on(self, day: dt.date) -> bool:
        """Whether protein or water is logged on ``day``."""
        return day in self.protein_g_by_day_meal or day in self.water_ml_by_day

    def without_intake_on(self, day: dt.date) -> History:
        """This history as if no protein or water had been logged on ``day``."""
        return replace(
            self,
            protein_g_by_day_meal={
                d: meals for d, meals in self.protein_g_by_day_meal.items() if d != day
            },
            water_ml_by_day={d: ml for d, ml in self.water_ml_by_day.items() if d != day},
        )

    @classmethod
    def from_sums(cls, sums: DailySums) -> History:
        """The history of a log summed by day: the one place a history is made from data,
        whether the database summed the log (``EntryRepository.daily_sums``) or
        ``daily_sums`` did. What the sums leave to the rules is decided here: which strength
        sessions worked the glutes."""
        return cls(
            weights=sums.weight_kg,
            protein_g_by_day_meal=sums.protein_g_by_day_meal,
            water_ml_by_day=sums.water_ml_by_day,
            sessions=[
                SessionDay(s.day, s.focus, works_glutes(s.focus, s.exercise_names))
                for s in sums.sessions
            ],
            activity_min_by_day=sums.activity_min_by_day,
            doses=sums.doses,
            lean_mass_kg=sums.lean_mass_kg,
            body_fat_pct=sums.body_fat_pct,
            first_day=sums.first_day,
            last_session_day=sums.last_session_day,
            side_effects_by_day=sums.side_effects_by_day,
            pain_by_day=sums.pain_by_day,
            red_flags=sums.red_flags,
            dxa_days=sums.dxa_days,
            lifts=sums.lifts,
            function_results=sums.function_results,
        )

    @classmethod
    def from_entries(cls, entries: Iterable[Entry]) -> History:
        """The history of entries at hand, summed as the database would sum them."""
        return cls.from_sums(daily_sums(entries))

    # --- weight -----------------------------------------------------------------------------

    @cached_property
    def trend(self) -> list[DayValue]:
        """The smoothed trend at each weigh-in day (depends only on earlier weigh-ins)."""
        return trends.smoothed(self.weights)

    def trend_kg(self, on: dt.date) -> float | None:
        point = trends.latest_on_or_before(self.trend, on)
        return point[1] if point else None

    def latest_weight(self, on: dt.date) -> DayValue | None:
        return trends.latest_on_or_before(self.weights, on)

    def start_weight(self) -> DayValue | None:
        return self.weights[0] if self.weights else None

    def loss_rate(self, on: dt.date) -> trends.LossRate | None:
        return trends.loss_rate(self.weights, on)

    # --- the trailing week ------------------------------------------------------------------

    @staticmethod
    def week(on: dt.date) -> list[dt.date]:
        """The 7 days ending on ``on``, oldest first."""
        return [on - dt.timedelta(days=back) for back in range(WEEK_DAYS - 1, -1, -1)]

    def logged_full_week(self, on: dt.date) -> bool:
        """Whether a zero in the week to ``on`` means zero: logging began at least a full week
        before, and the patient logged something in that week (not a patient who stopped)."""
        if self.first_day is None or (on - self.first_day).days < WEEK_DAYS - 1:
            return False
        return self.logged_in_week(on)

    def logged_in_week(self, on: dt.date) -> bool:
        """Whether anything was logged in the week to ``on``: where nothing was, a finding
        has nothing to stand on (no symptom logged is not the same as none felt)."""
        week = self.week(on)
        by_day = (
            self.protein_g_by_day_meal,
            self.water_ml_by_day,
            self.activity_min_by_day,
            self.side_effects_by_day,
            self.pain_by_day,
        )
        return (
            any(day in series for series in by_day for day in week)
            or bool(trends.window(self.weights, on, WEEK_DAYS))
            or bool(self.sessions_in_week(on))
            or any(week[0] <= dose.day <= on for dose in self.doses_until(on)[-2:])
        )

    def intake_days(
        self, on: dt.date, logged: Iterable[dt.date], amount: Callable[[dt.date], float]
    ) -> list[dt.date]:
        """The logged days whose intake (protein, meals, water) is averaged as of ``on``.

        The trailing week's logged days; but on the day in progress, whose intake can only grow
        as the day goes on, the seven complete days before it instead (before anything is
        logged today, or when today's log so far would pull the mean down), as long as they are
        enough to judge. So logging breakfast neither turns a card to watch nor changes which
        week is judged; the Today page tracks the day itself.
        """
        logged = set(logged)
        days = [d for d in self.week(on) if d in logged]
        if on != self.day_in_progress:
            return days
        complete = [d for d in self.week(on - dt.timedelta(days=1)) if d in logged]
        if len(complete) < MIN_LOGGED_DAYS_IN_WEEK:
            return days
        if on not in logged:
            return complete

        def mean(chosen: list[dt.date]) -> float:
            return sum(amount(d) for d in chosen) / len(chosen)

        return complete if mean(complete) > mean(days) else days

    def _protein_days(self, on: dt.date, amount: Callable[[dt.date], float]) -> list[dt.date]:
        return self.intake_days(on, self.protein_g_by_day_meal, amount)

    def protein_mean_g(self, on: dt.date) -> tuple[float, int]:
        """Mean protein a day over the logged days of the trailing week, and how many there were."""

        def grams(day: dt.date) -> float:
            return sum(self.protein_g_by_day_meal[day].values())

        days = self._protein_days(on, grams)
        if not days:
            return 0.0, 0
        return sum(grams(d) for d in days) / len(days), len(days)

    def meals_mean(self, on: dt.date, meal_g: float) -> tuple[float, int]:
        """Mean number of meals a day reaching ``meal_g`` over the trailing week's logged days."""

        def reached(day: dt.date) -> float:
            return sum(1 for grams in self.protein_g_by_day_meal[day].values() if grams >= meal_g)

        days = self._protein_days(on, reached)
        if not days:
            return 0.0, 0
        return sum(reached(d) for d in days) / len(days), len(days)

    def water_mean_ml(self, on: dt.date) -> tuple[float, int]:
        days = self.intake_days(on, self.water_ml_by_day, self.water_ml_by_day.__getitem__)
        if not days:
            return 0.0, 0
        return sum(self.water_ml_by_day[d] for d in days) / len(days), len(days)

    def sessions_between(self, start: dt.date, end: dt.date) -> list[SessionDay]:
        """Strength sessions from ``start`` to ``end``, both included."""
        low = bisect.bisect_left(self.sessions, start, key=_session_day)
        high = bisect.bisect_right(self.sessions, end, key=_session_day)
        return self.sessions[low:high]

    def trained_between(self, start: dt.date, end: dt.date) -> bool:
        """Whether any strength session fell from ``start`` to ``end``."""
        last = self.last_session_day
        return bool(self.sessions_between(start, end)) or (
            last is not None and start <= last <= end
        )

    def sessions_in_week(self, on: dt.date) -> list[SessionDay]:
        return self.sessions_between(on - dt.timedelta(days=WEEK_DAYS - 1), on)

    def activity_min(self, on: dt.date) -> float:
        return sum(self.activity_min_by_day.get(d, 0.0) for d in self.week(on))

    # --- symptoms ----------------------------------------------------------------------------

    def gut_effect_days(
        self, on: dt.date, at_least: int = 2, effects: Iterable[str] = GUT_EFFECTS
    ) -> int:
        """Days of the trailing week with one of ``effects`` (by default any stomach or gut
        effect) graded ``at_least``."""
        counted = frozenset(effects)
        return sum(
            1
            for day in self.week(on)
            if any(
                grade >= at_least and effect in counted
                for effect, grade in self.side_effects_by_day.get(day, {}).items()
            )
        )

    def dehydration_signs(self, on: dt.date) -> list[str]:
        """The signs of dehydration in the week to ``on``, in ``DEHYDRATION_SIGNS`` order: each
        side effect logged at or above its grade on any day of the week, then the open
        ``DEHYDRATION_RED_FLAG`` (as its code) if there is one."""
        week = self.week(on)
        signs = [
            effect.value
            for effect, grade in DEHYDRATION_SIGNS.items()
            if any(self.side_effects_by_day.get(day, {}).get(effect, 0) >= grade for day in week)
        ]
        if any(flag.item == DEHYDRATION_RED_FLAG for flag in self.open_red_flags(on)):
            signs.append(DEHYDRATION_RED_FLAG.value)
        return signs

    def pain_between(self, start: dt.date, end: dt.date) -> list[DayValue]:
        return [(day, score) for day, score in self.pain_by_day.items() if start <= day <= end]

    def open_red_flags(self, on: dt.date) -> list[RedFlagAnswer]:
        """The 'yes' answers up to ``on`` that no therapist has acknowledged."""
        return [flag for flag in self.red_flags if flag.day <= on and not flag.acknowledged]

    # --- medication and body composition -----------------------------------------------------

    def glp1_start(self, profile: Profile) -> dt.date | None:
        """When the medicine began: the first logged dose or the profile's start, if earlier."""
        starts = [d for d in (profile.glp1_start, self.doses[0].day if self.doses else None) if d]
        return min(starts) if starts else None

    def doses_until(self, on: dt.date) -> list[DoseTaken]:
        return [d for d in self.doses if d.day <= on]

    def lean_readings(self, on: dt.date) -> list[DayValue]:
        """Lean mass by day up to ``on``, all from one source so that changes compare like
        with like: the logged lean mass if there are two readings of it, else weight x (1 -
        body fat) with the weigh-in nearest each body-fat reading."""
        logged = [(day, kg) for day, kg in self.lean_mass_kg if day <= on]
        if len(logged) >= 2:
            return logged
        derived = []
        for day, fat_pct in self.body_fat_pct:
            if day > on:
                break
            weight_kg = self.weight_near(day)
            if weight_kg is not None:
                derived.append((day, weight_kg * (1.0 - fat_pct / 100.0)))
        return derived if len(derived) >= 2 else logged or derived

    @cached_property
    def _weight_days(self) -> list[dt.date]:
        return [day for day, _ in self.weights]

    def weight_near(self, day: dt.date, within_days: int = 3) -> float | None:
        """The weigh-in of ``day``, or the closest one within ``within_days`` (earlier on a tie)."""
        index = bisect.bisect_left(self._weight_days, day)
        candidates = [i for i in (index - 1, index) if 0 <= i < len(self.weights)]
        gaps = [(abs((self.weights[i][0] - day).days), i) for i in candidates]
        gap, best = min(gaps, default=(within_days + 1, -1))
        return self.weights[best][1] if gap <= within_days else None

    def strength_kept(self, on: dt.date, profile: Profile) -> strength.StrengthKept | None:
        """The main lower-body lifts of the last 4 weeks against the weeks before the medicine
        or the first weeks of lifting (``tracker.rules.strength``)."""
        return strength.strength_kept(self.lifts, on, self.glp1_start(profile))

    def results_until(self, on: dt.date) -> list[FunctionResult]:
        """The function test results up to ``on``, in date order."""
        return [result for result in self.function_results if result.day <= on]

    def lean_share(self, on: dt.date) -> LeanShare | None:
        """Share of the weight lost that was lean, first reading to latest; None if unreadable."""
        readings = [
            (day, lean_kg, weight_kg)
            for day, lean_kg in self.lean_readings(on)
            if (weight_kg := self.weight_near(day)) is not None
        ]
        if len(readings) < 2:
            return None
        (first_day, first_lean, first_kg), (last_day, last_lean, last_kg) = (
            readings[0],
            readings[-1],
        )
        lost_kg = first_kg - last_kg
        lean_lost_kg = first_lean - last_lean
        share_pct = 100.0 * lean_lost_kg / lost_kg if lost_kg > 0 else 0.0
        both_dxa = first_day in self.dxa_days and last_day in self.dxa_days
        return LeanShare(share_pct, lost_kg, lean_lost_kg, first_day, last_day, first_kg, both_dxa)


def daily_sums(entries: Iterable[Entry]) -> DailySums:
    """``entries`` summed by day as the database sums a stored log (``tracker.store.daily_sums``):
    the reference the store's sums are tested against, and ``History.from_entries``'s way in."""
    weighins: list[DayValue] = []
    lean: list[DayValue] = []
    fat: list[DayValue] = []
    protein: dict[dt.date, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    water: dict[dt.date, float] = defaultdict(float)
    activity: dict[dt.date, float] = defaultdict(float)
    sessions: list[StrengthSession] = []
    doses: list[DoseTaken] = []
    side_effects: dict[dt.date, dict[str, int]] = defaultdict(dict)
    pain: dict[dt.date, float] = {}
    red_flags: list[RedFlagAnswer] = []
    dxa_days: set[dt.date] = set()
    lifts: list[LiftSession] = []
    results: list[FunctionResult] = []
    first_day: dt.date | None = None
    for entry in entries:
        first_day = entry.day if first_day is None else min(first_day, entry.day)
        if entry.kind in FUNCTION_KINDS:
            results.append(FunctionResult(FunctionTest(entry.kind.value), entry.day, entry.value))
            continue
        match entry.kind:
            case Kind.WEIGHT:
                weighins.append((entry.day, entry.value))
            case Kind.LEAN_MASS | Kind.BODY_FAT:
                (lean if entry.kind is Kind.LEAN_MASS else fat).append((entry.day, entry.value))
                if entry.label == Method.DXA:
                    dxa_days.add(entry.day)
            case Kind.PROTEIN:
                protein[entry.day][entry.label] += entry.value
            case Kind.WATER:
                water[entry.day] += entry.value
            case Kind.ACTIVITY:
                activity[entry.day] += entry.value
            case Kind.STRENGTH:
                names = tuple(exercise.name for exercise in entry.exercises)
                sessions.append(StrengthSession(entry.day, Focus(entry.label), names))
                if entry.exercises:
                    lifts.append(LiftSession(entry.day, entry.exercises))
            case Kind.DOSE:
                doses.append(DoseTaken(entry.day, Medicine(entry.label), entry.value))
            case Kind.SIDE_EFFECT:
                day_effects = side_effects[entry.day]
                day_effects[entry.label] = max(day_effects.get(entry.label, 0), int(entry.value))
            case Kind.PAIN:
                pain[entry.day] = max(pain.get(entry.day, 0.0), entry.value)
            case Kind.RED_FLAG:
                if entry.value:
                    red_flags.append(RedFlagAnswer(entry.day, entry.label))
    return DailySums(
        weight_kg=trends.daily_means(weighins),
        lean_mass_kg=trends.daily_means(lean),
        body_fat_pct=trends.daily_means(fat),
        dxa_days=frozenset(dxa_days),
        protein_g_by_day_meal={day: dict(meals) for day, meals in sorted(protein.items())},
        water_ml_by_day=dict(sorted(water.items())),
        activity_min_by_day=dict(sorted(activity.items())),
        sessions=sorted(sessions, key=lambda s: s.day),
        doses=sorted(doses, key=lambda d: d.day),
        side_effects_by_day=dict(sorted(side_effects.items())),
        pain_by_day=dict(sorted(pain.items())),
        red_flags=sorted(red_flags, key=lambda flag: flag.day),
        first_day=first_day,
        last_session_day=max((s.day for s in sessions), default=None),
        lifts=sorted(lifts, key=lambda session: session.day),
        function_results=sorted(results, key=lambda result: result.day),
    )
