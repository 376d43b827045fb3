"""Workout apps log every set; the tracker keeps one line per exercise. The rule, in one place:

* warm-up sets are left out; every other set counts (normal, failure, drop sets);
* ``sets`` is how many sets are left, ``reps`` the most common rep count among them (the higher
  one on a tie), the load the heaviest of them (none: body-weight work);
* a timed set (seconds, no reps, such as a plank) counts as one rep, and the exercise's name
  says "(timed)";
* the session's focus comes from the exercise names (``tracker.rules.exercises.session_focus``).

The importers of those apps (``tracker.imports.strong``, ``tracker.imports.hevy``) read their sets
into a ``Workout`` and hand it to ``add_workout``, which makes it one strength session within
what the tracker accepts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from tracker import kinds
from tracker.domain import Entry, Exercise, Kind
from tracker.formats.validate import MAX_EXERCISES, NAME_MAX_CHARS, NOTE_MAX_CHARS
from tracker.imports.base import Parsed
from tracker.rules import strength
from tracker.rules.exercises import session_focus
from tracker.units import lb_to_kg

WARMUP = "warmup"
WARMUP_REASON = "warm-up sets (left out of the set count)"
NO_SETS_REASON = "workouts with no sets"
NO_LENGTH_REASON = "workouts without a length"
MAX_MINUTES = int(kinds.spec(Kind.STRENGTH).valid_range[1])


@dataclass(frozen=True, slots=True)
class SetRow:
    """One logged set: load in kg (None or 0: body weight), reps, or seconds for a timed set."""

    load_kg: float | None
    reps: int | None
    seconds: float | None = None
    kind: str = "normal"


def exercise_from_sets(name: str, sets: list[SetRow]) -> Exercise | None:
    """One exercise from its sets, or None if every set was a warm-up.

    The tracker keeps one line an exercise: the number of working sets, and the top set's
    reps and load, the top set being the one with the highest estimated one-rep maximum
    (``strength.one_rep_max_kg``), so that strength is read from a set that was really done
    (the heaviest load with the most common reps could pair 90 kg with 12 reps done at 80).
    Without a set that gives an estimate (body weight, or more than 10 reps), the most common
    reps and the heaviest load."""
    working = [s for s in sets if s.kind != WARMUP]
    if not working:
        return None
    estimated = [
        (estimate, s)
        for s in working
        if s.reps and (estimate := strength.one_rep_max_kg(s.load_kg, s.reps)) is not None
    ]
    if estimated:
        _, top = max(estimated, key=lambda pair: pair[0])
        return Exercise(name, min(len(working), 20), top.reps or 1, round(top.load_kg or 0, 2))
    reps = [s.reps for s in working if s.reps]
    timed = not reps and any(s.seconds for s in working)
    if reps:
        counts = Counter(reps)
        common = max(counts, key=lambda r: (counts[r], r))
    else:
        common = 1
    loads = [s.load_kg for s in working if s.load_kg]
    return Exercise(
        name=f"{name} (timed)" if timed else name,
        sets=min(len(working), 20),
        reps=min(common, 200),
        load_kg=round(max(loads), 2) if loads else None,
    )


# --- from an app's rows to a session ----------------------------------------------------------


@dataclass
class Workout:
    """A workout as read from the rows, before it becomes a strength ``Entry``."""

    start: dt.datetime
    title: str
    first_row: int
    """The row of the workout's first set (until a set is seen: its first row)."""
    minutes: float | None = None
    sets: dict[str, list[SetRow]] = field(default_factory=dict)
    """Exercise name -> its sets, in the order the exercises first appear (an exercise logged
    twice in one workout is one line in the tracker)."""
    notes: list[str] = field(default_factory=list)
    exercise_notes: dict[str, str] = field(default_factory=dict)

    def add_set(self, exercise: str, item: SetRow, row: int) -> None:
        if not self.sets:
            self.first_row = row
        self.sets.setdefault(exercise, []).append(item)

    def add_note(self, text: str) -> None:
        text = _clean(text)
        if text and text not in self.notes:
            self.notes.append(text)

    def add_exercise_note(self, exercise: str, text: str) -> None:
        text = _clean(text)
        if text and exercise:
            self.exercise_notes.setdefault(exercise, text)


def _clean(text: str) -> str:
    """A note as apps write it made plain: literal ``\\n`` (Hevy) and CR line ends become
    newlines, other control characters go."""
    text = text.replace("\\n", "\n").replace("\r\n", "\n").replace("\r", "\n")
    if not text.isprintable():
        text = "".join(
            char for char in text if char in "\n\t" or unicodedata.category(char) != "Cc"
        )
    return text.strip()


def add_workout(parsed: Parsed, file: str, workout: Workout) -> None:
    """The workout as one strength session in ``parsed``, kept within what the tracker
    accepts (what had to give is said in ``parsed.notes`` or counted in ``parsed.skipped``)."""
    sets = [item for items in workout.sets.values() for item in items]
    if not sets:
        parsed.skipped[NO_SETS_REASON] += 1
        return
    when = f"{workout.start:%Y-%m-%d %H:%M} {workout.title}".rstrip()
    minutes = math.floor(workout.minutes + 0.5) if workout.minutes is not None else 0
    if minutes < 1:
        parsed.skipped[NO_LENGTH_REASON] += 1
        return
    if minutes > MAX_MINUTES:
        parsed.notes.append(
            f"{when}: {minutes} minutes is longer than a session can be (was the timer left "
            f"running?); kept as {MAX_MINUTES} minutes."
        )
        minutes = MAX_MINUTES
    warmups = sum(item.kind == WARMUP for item in sets)
    if warmups:
        parsed.skipped[WARMUP_REASON] += warmups
    exercises = []
    for name, items in workout.sets.items():
        item = exercise_from_sets(name, items)
        if item is not None:
            if len(item.name) > NAME_MAX_CHARS:
                item = dataclasses.replace(item, name=item.name[: NAME_MAX_CHARS - 1] + "…")
            exercises.append(item)
    if len(exercises) > MAX_EXERCISES:
        parsed.notes.append(
            f"{when}: {len(exercises)} exercises; a session lists up to {MAX_EXERCISES}, so the "
            f"first {MAX_EXERCISES} were kept."
        )
        exercises = exercises[:MAX_EXERCISES]
    lines = [_clean(workout.title), *workout.notes]
    lines += [f"{name}: {text}" for name, text in workout.exercise_notes.items()]
    note = "\n".join(line for line in lines if line)
    if len(note) > NOTE_MAX_CHARS:
        note = note[: NOTE_MAX_CHARS - 1].rstrip() + "…"
    entry = Entry(
        Kind.STRENGTH,
        workout.start.date(),
        float(minutes),
        workout.start.time().replace(second=0, microsecond=0),
        label=session_focus([item.name for item in exercises]).value,
        note=note,
        exercises=tuple(exercises),
    )
    parsed.add(entry, file, workout.first_row)


def load_in_kg(value: float | None, unit: str) -> float | None:
    """A set's load in kg from the app's unit (``kg`` or ``lb``); None for body-weight work."""
    if value is None or value <= 0:  # body weight; a negative load is assistance, not load
        return None
    return lb_to_kg(value) if unit == "lb" else value


def whole(value: float | None) -> int | None:
    """A rep count rounded to a whole number; None when there is none."""
    return None if value is None or value <= 0 else math.floor(value + 0.5)
