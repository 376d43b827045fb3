"""Values handed over in a page's address (its query parameters).

Anyone can edit an address, so each value is read strictly and anything else (a date out of
range, a number too large for the database, a word that is no kind) falls back to the page's
default instead of failing the page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from tracker.domain import Kind
from tracker.formats.validate import EARLIEST_DAY

MAX_ID = 2**31 - 1
"""The largest row id either database stores in an INTEGER column (PostgreSQL's limit)."""


def record_id(text: str | None) -> int | None:
    """A row id written as plain digits within the database's range, else None."""
    if not text or len(text) > len(str(MAX_ID)) or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


def _day(text: str | None, latest: dt.date) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(text or "")
    except ValueError:
        return None
    return min(max(day, EARLIEST_DAY), latest)


@dataclass(frozen=True)
class HistoryFilter:
    """What an import's result links to on History: a period and the kinds it added."""

    start: dt.date | None = None
    end: dt.date | None = None
    kinds: tuple[Kind, ...] = ()


def history_filter(params: Mapping[str, str], latest: dt.date) -> HistoryFilter:
    """The filter in ``from``, ``to`` and ``kinds`` (comma-separated), each clamped to the
    days History can show (``EARLIEST_DAY`` to ``latest``); unreadable parts are left out."""
    start, end = _day(params.get("from"), latest), _day(params.get("to"), latest)
    if start and end and start > end:
        start, end = end, start
    known = {kind.value: kind for kind in Kind}
    words = (params.get("kinds") or "").split(",")
    kinds = tuple(dict.fromkeys(known[word] for word in words if word in known))
    return HistoryFilter(start, end, kinds)
