"""What the Patient review page shows a therapist about one patient, read in one go: red flags
first, then progress, symptoms, doses, notes, targets and the exercise plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tracker.domain import Entry, Kind, Note, Profile, RedFlagReport, User
from tracker.rules.targets import Targets
from tracker.views.plan import PlanView
from tracker.views.progress import Progress


@dataclass(frozen=True, slots=True)
class TargetField:
    """A target a therapist may set on the page, with the value that now applies."""

    name: str
    label: str
    step: float
    value: float | None
    set_by: str | None
    """Who set it for this patient (None: the guidance default applies)."""

    @property
    def short_label(self) -> str:
        return self.label.split(" (")[0]


EDITABLE_TARGETS: tuple[tuple[str, str, float], ...] = (
    ("protein_ok_g_per_kg", "Protein a day, at least (g per kg)", 0.1),
    ("strength_sessions_ok", "Strength sessions a week", 1.0),
    ("loss_watch_max_pct_per_week", "Loss rate ceiling (% of body weight a week)", 0.1),
    ("water_target_ml", "Water a day for a fluid restriction (ml; empty: the rule)", 50.0),
)
"""The targets the page offers: name, label and the step of its number box."""


def target_fields(
    applied: Targets, set_by: dict[str, str | None], profile: Profile, on: dt.date
) -> list[TargetField]:
    """The editable targets as they apply on ``on``: the strength target is the one for the
    patient's age then."""
    fields = []
    for name, label, step in EDITABLE_TARGETS:
        value = getattr(applied, name)
        if name == "strength_sessions_ok":
            value = applied.strength_sessions_for(profile.age_on(on))
        fields.append(
            TargetField(
                name, label, step, None if value is None else float(value), set_by.get(name)
            )
        )
    return fields


@dataclass(frozen=True)
class ReviewView:
    patient: User
    profile: Profile
    red_flags: list[RedFlagReport]
    """Newest first."""
    progress: Progress
    symptoms: list[Entry]
    """Pain and side effects, newest first."""
    doses: list[Entry]
    """Newest first."""
    notes: list[Note]
    targets: list[TargetField]
    plan: PlanView
    tests: list[Entry] = field(default_factory=list)
    """Function tests and SARC-F answers, newest first."""

    @property
    def open_red_flags(self) -> list[str]:
        return [flag.item for flag in self.red_flags if flag.is_open]

    def symptoms_of(self, kind: Kind) -> list[Entry]:
        return [entry for entry in self.symptoms if entry.kind is kind]
