"""Which exercises work the glutes and legs, recognised from their names.

Names come from people and from other apps ("Hip Thrust (Barbell)", "Bulgarian split squat",
"RDL"), so matching is by keyword on the lower-cased name. The first row that matches decides;
a name that matches no row says nothing about the session's focus.
"""

from __future__ import annotations

import functools
import re

from tracker.domain import Focus

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
