"""Workout apps log every set; the tracker keeps one line per exercise. The rule, in one place:

* warm-up sets are left out; every other set counts (normal, failure, drop sets);
* ``sets`` is how many sets are left, ``reps`` the most common rep count among them (the higher
  one on a tie), the load the heaviest of them (none: body-weight work);
* a timed set (seconds, no reps, such as a plank) counts as one rep, and the exercise's name
  says "(timed)";
* the session's focus comes from the exercise names (``tracker.exercises.session_focus``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tracker.domain import Exercise

WARMUP = "warmup"


@dataclass(frozen=True, slots=True)
class SetRow:
    """One logged set: load in kg (None or 0: body weight), reps, or seconds for a timed set."""

    load_kg: float | None
    reps: int | None
    seconds: float | None = None
    kind: str = "normal"


def exercise_from_sets(name: str, sets: list[SetRow]) -> Exercise | None:
    """One exercise from its sets, or None if every set was a warm-up."""
    working = [s for s in sets if s.kind != WARMUP]
    if not working:
        return None
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
