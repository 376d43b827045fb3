"""Exercises: the ones a physical therapist can put in a plan, and which logged exercises work
the glutes and legs.

**The plan library** (``LIBRARY``, ``BY_CODE``): glute strength and hip mobility, each with a
short description of how to do it, written for a patient doing it alone at home, and the dose a
therapist would usually start from. Strength work is sets of reps; stretches are sets of a
hold, in seconds.

**Recognised from names** (``focus_of``, ``works_glutes``, ``session_focus``): names come from
people and from other apps ("Hip Thrust (Barbell)", "Bulgarian split squat", "RDL"), so matching
is by keyword on the lower-cased name. The first row that matches decides; a name that matches
no row says nothing about the session's focus.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from tracker.domain import Focus

# --- the plan library ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LibraryExercise:
    code: str
    name: str
    how: str
    focus: Focus
    sets: int
    reps: int | None = None
    hold_s: int | None = None

    @property
    def is_stretch(self) -> bool:
        return self.hold_s is not None


LIBRARY: tuple[LibraryExercise, ...] = (
    LibraryExercise(
        "bridge",
        "Glute bridge",
        "Lie on your back with knees bent and feet flat, hip-width apart. Squeeze your buttocks "
        "and lift your hips until shoulders, hips and knees make a straight line; hold for a "
        "breath, then lower slowly.",
        Focus.GLUTES,
        3,
        reps=12,
    ),
    LibraryExercise(
        "hip_thrust",
        "Hip thrust",
        "Sit with your upper back against the edge of a sturdy bench or sofa, feet flat. Drive "
        "through your heels to lift your hips level with your knees, chin tucked, and squeeze "
        "your buttocks at the top before lowering.",
        Focus.GLUTES,
        3,
        reps=10,
    ),
    LibraryExercise(
        "squat",
        "Squat to a chair",
        "Stand in front of a chair, feet shoulder-width apart. Sit back and down until you "
        "touch the seat, knees in line with your toes and chest up, then stand by pushing "
        "through your whole foot.",
        Focus.LOWER,
        3,
        reps=10,
    ),
    LibraryExercise(
        "split_squat",
        "Split squat",
        "Stand with one foot forward and one back, holding a support if you need it. Lower "
        "the back knee towards the floor, front knee over the ankle, then push up through the "
        "front heel. Do all reps, then switch legs.",
        Focus.LOWER,
        3,
        reps=8,
    ),
    LibraryExercise(
        "step_up",
        "Step-up",
        "Place your whole foot on a sturdy step. Drive through that heel to stand up tall on "
        "the step, then step down slowly with control. Do all reps, then switch legs.",
        Focus.LOWER,
        3,
        reps=10,
    ),
    LibraryExercise(
        "clamshell",
        "Clamshell",
        "Lie on your side with hips and knees bent and feet together. Keeping your feet "
        "touching and your hips still, lift the top knee, then lower it slowly. Switch sides.",
        Focus.GLUTES,
        3,
        reps=15,
    ),
    LibraryExercise(
        "side_lying_abduction",
        "Side-lying hip abduction",
        "Lie on your side, bottom knee bent, top leg straight. Lift the top leg up and slightly "
        "back with the toes pointing forward, then lower it slowly. Switch sides.",
        Focus.GLUTES,
        3,
        reps=12,
    ),
    LibraryExercise(
        "deadlift",
        "Romanian deadlift",
        "Hold weights in front of your thighs, knees soft. Push your hips back with a flat "
        "back until you feel the back of your thighs stretch, then stand by squeezing your "
        "buttocks.",
        Focus.LOWER,
        3,
        reps=10,
    ),
    LibraryExercise(
        "hip_flexor_stretch",
        "Hip flexor stretch",
        "Kneel on one knee with the other foot forward. Tuck your pelvis under and shift "
        "forward until you feel a stretch at the front of the back hip; stay tall. Switch "
        "sides.",
        Focus.LOWER,
        2,
        hold_s=30,
    ),
    LibraryExercise(
        "hamstring_stretch",
        "Hamstring stretch",
        "Lie on your back and loop a towel around one foot. Raise the straight leg until you "
        "feel a stretch behind the thigh, without bouncing. Switch sides.",
        Focus.LOWER,
        2,
        hold_s=30,
    ),
    LibraryExercise(
        "glute_stretch",
        "Glute stretch (figure four)",
        "Lie on your back, cross one ankle over the other knee, and draw the lower leg towards "
        "you until you feel a stretch in the buttock. Switch sides.",
        Focus.GLUTES,
        2,
        hold_s=30,
    ),
)

BY_CODE: dict[str, LibraryExercise] = {exercise.code: exercise for exercise in LIBRARY}


# --- recognised from names ---------------------------------------------------------------------

FOCUS_KEYWORDS: tuple[tuple[str, Focus], ...] = (
    ("hip thrust", Focus.GLUTES),
    ("glute", Focus.GLUTES),
    ("bridge", Focus.GLUTES),
    ("clamshell", Focus.GLUTES),
    ("abduct", Focus.GLUTES),
    ("kickback", Focus.GLUTES),
    ("donkey kick", Focus.GLUTES),
    ("fire hydrant", Focus.GLUTES),
    ("hip extension", Focus.GLUTES),
    ("squat", Focus.LOWER),
    ("deadlift", Focus.LOWER),
    ("rdl", Focus.LOWER),
    ("good morning", Focus.LOWER),
    ("lunge", Focus.LOWER),
    ("step-up", Focus.LOWER),
    ("step up", Focus.LOWER),
    ("leg press", Focus.LOWER),
    ("leg curl", Focus.LOWER),
    ("leg extension", Focus.LOWER),
    ("hamstring", Focus.LOWER),
    ("calf raise", Focus.LOWER),
    ("adduct", Focus.LOWER),
)
"""Keyword in the exercise name -> the focus it shows. Glute rows come first."""

_PATTERNS = tuple((re.compile(rf"\b{re.escape(word)}"), focus) for word, focus in FOCUS_KEYWORDS)

LOWER_BODY = frozenset({Focus.GLUTES, Focus.LOWER, Focus.FULL})
"""Session focuses that work the glutes: a full-body session includes the legs."""


@functools.lru_cache(maxsize=4096)
def focus_of(name: str) -> Focus | None:
    """The focus an exercise name shows, or None when the name does not tell."""
    text = name.lower()
    for pattern, focus in _PATTERNS:
        if pattern.search(text):
            return focus
    return None


def works_glutes(focus: Focus, exercise_names: list[str] | tuple[str, ...] = ()) -> bool:
    """Whether a session trained the glutes or legs, by its focus or any of its exercises."""
    return focus in LOWER_BODY or any(focus_of(name) is not None for name in exercise_names)


def session_focus(exercise_names: list[str] | tuple[str, ...]) -> Focus:
    """A session's focus from its exercises' names, for imports that do not say: glutes if any
    exercise is a glute exercise, else lower if any works the legs, else upper."""
    focuses = {focus_of(name) for name in exercise_names}
    if Focus.GLUTES in focuses:
        return Focus.GLUTES
    if Focus.LOWER in focuses:
        return Focus.LOWER
    return Focus.UPPER
