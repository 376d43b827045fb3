"""What the server lacks when it cannot make a report: each message says what to install."""

from __future__ import annotations

from tracker.domain import TrackerError


class ReportUnavailable(TrackerError):
    """The server is missing something the report needs; nothing about the patient's data."""


class ChromiumMissing(ReportUnavailable):
    """The charts are drawn by a headless Chromium, and there is none (or it would not start)."""


class FontsMissing(ReportUnavailable):
    """The report's text font (DejaVu Sans) is not installed."""
