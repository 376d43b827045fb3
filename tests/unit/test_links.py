"""What a page reads from its address: anything but a plain, in-range value is the default."""

import datetime as dt

import pytest

from tracker.domain import Kind
from tracker.formats.validate import EARLIEST_DAY
from tracker.ui import links

LATEST = dt.date(2026, 12, 4)


@pytest.mark.parametrize(
    "text, wanted",
    [
        ("7", 7),
        ("2147483647", 2147483647),
        ("2147483648", None),  # past PostgreSQL's INTEGER: a DataError with SQL, before
        ("99999999999999999999", None),  # SQLite's OverflowError, before
        ("9" * 5000, None),  # past Python's own digit limit for int()
        ("0", None),
        ("-3", None),
        ("+3", None),
        ("3.0", None),
        ("٣", None),  # an Arabic-Indic three: isdigit() says yes
        ("", None),
        (None, None),
    ],
)
def test_record_id(text, wanted):
    assert links.record_id(text) == wanted


def test_history_filter_reads_a_link_from_an_import():
    chosen = links.history_filter(
        {"from": "2026-01-05", "to": "2026-02-01", "kinds": "weight,protein"}, LATEST
    )
    assert chosen == links.HistoryFilter(
        dt.date(2026, 1, 5), dt.date(2026, 2, 1), (Kind.WEIGHT, Kind.PROTEIN)
    )


@pytest.mark.parametrize(
    "params, start, end",
    [
        ({"from": "0001-01-01", "to": "9999-12-31"}, EARLIEST_DAY, LATEST),
        ({"from": "2026-03-01", "to": "2026-02-01"}, dt.date(2026, 2, 1), dt.date(2026, 3, 1)),
        ({"from": "yesterday", "to": "2026-13-01"}, None, None),
        ({"from": "2026-02-01" * 1000}, None, None),
        ({}, None, None),
    ],
)
def test_history_filter_clamps_or_drops_dates(params, start, end):
    chosen = links.history_filter(params, LATEST)
    assert (chosen.start, chosen.end) == (start, end)


def test_history_filter_keeps_only_known_kinds_once():
    assert links.history_filter({"kinds": "weight,bogus,weight,"}, LATEST).kinds == (Kind.WEIGHT,)
