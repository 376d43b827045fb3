"""The server's calendar: today, for a service that is given no day of its own."""

from __future__ import annotations

import datetime as dt


def today() -> dt.date:
    return dt.date.today()
