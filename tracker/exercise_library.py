"""The exercises a physical therapist can put in a plan: glute strength and hip mobility.

Each has a short description of how to do it, written for a patient doing it alone at home,
and the dose a therapist would usually start from. Strength work is sets of reps; stretches are
sets of a hold, in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain import Focus


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
