"""What the Red-flag check page shows a patient: the questions for them, the yeses they gave,
and whether they may close an alert themselves."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain import RedFlagReport
from tracker.rules.redflags import SURGERY_NOTE, SURGERY_NOTE_SOURCE, RedFlagItem
from tracker.rules.redflags import offers_check as offers_check

STANDING_NOTE = SURGERY_NOTE
STANDING_NOTE_SOURCE = SURGERY_NOTE_SOURCE
"""Always shown on the check: not a question, a standing note, with its source.
``offers_check`` says whether just-logged symptoms call for the check."""


@dataclass(frozen=True)
class RedFlagView:
    questions: tuple[RedFlagItem, ...]
    """The checklist for this patient (some questions depend on their profile)."""
    reports: list[RedFlagReport]
    """Every yes they gave, newest first."""
    has_therapist: bool
    """A therapist shares their data: the therapist marks a yes seen, not the patient."""

    @property
    def open_items(self) -> list[str]:
        return [report.item for report in self.reports if report.is_open]

    @property
    def may_close_own(self) -> bool:
        """A patient with no therapist closes their own alert once it has been seen to."""
        return bool(self.open_items) and not self.has_therapist
