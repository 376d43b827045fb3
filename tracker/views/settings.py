"""What the Settings page shows a patient besides their profile: every target that applies to
them, in words, and who set it."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from tracker.domain import Profile
from tracker.rules.targets import Targets, describe
from tracker.units import format_number


@dataclass(frozen=True, slots=True)
class TargetRow:
    label: str
    value: str
    set_by: str


def target_rows(applied: Targets, set_by: Mapping[str, str | None]) -> list[TargetRow]:
    """Each target as it reads in the table, with who set it for the patient (``set_by``: the
    name of whoever set each target set for them, None for an account since deleted)."""
    rows = []
    for field in dataclasses.fields(applied):
        label, unit = describe(field.name)
        value = getattr(applied, field.name)
        rows.append(
            TargetRow(
                label,
                "" if value is None else f"{format_number(value, 2)} {unit}",
                (set_by[field.name] or "your clinic")
                if field.name in set_by
                else "Guidance default",
            )
        )
    return rows


@dataclass(frozen=True)
class SettingsView:
    profile: Profile
    targets: list[TargetRow]
