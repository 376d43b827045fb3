"""Numbers as people type them (``tracker.formats.numbers``), and as apps write them
(``base.number``)."""

from __future__ import annotations

import pytest

from tracker.formats.numbers import EXCERPT_CHARS, decimal, excerpt
from tracker.imports.base import number


@pytest.mark.parametrize(
    "text, comma, value",
    [
        ("80", False, 80.0),
        ("80.5", False, 80.5),
        (" 80.5\t", False, 80.5),  # spaces around a cell are not part of it
        ("-2", False, -2.0),  # a sign is allowed; ranges are checked elsewhere
        ("+0.5", False, 0.5),
        (".5", False, 0.5),
        ("95.", False, 95.0),
        ("007", False, 7.0),
        ("95,4", True, 95.4),  # a decimal comma, where the caller allows one
        (",5", True, 0.5),
        ("95.4", True, 95.4),  # a decimal point is always fine
    ],
)
def test_plain_decimal_numbers_are_read(text, comma, value):
    assert decimal(text, comma=comma) == value


@pytest.mark.parametrize(
    "text, comma",
    [
        ("8_0", False),  # float() reads this as 80
        ("1_000.5", True),
        ("1e3", False),  # an exponent
        ("1E-2", True),
        ("inf", False),
        ("-Infinity", False),
        ("nan", True),
        ("٨٠", False),  # Arabic-Indic digits: float() reads 80
        ("８０", False),  # fullwidth digits: float() reads 80
        ("80\u0663", False),  # one foreign digit among ASCII ones
        ("95,4", False),  # a comma where the caller does not allow one
        ("1,234.5", True),  # two separators
        ("80.5.1", False),
        ("", False),
        ("   ", True),
        ("+", False),
        ("-", False),
        (".", False),
        (",", True),
        ("--5", False),
        ("0x10", False),
        ("8 0", False),
        ("80 kg", False),
        ("\u00a080", False),  # a no-break space is not a space people type
        ("9" * 400, False),  # a number too large to hold
    ],
)
def test_anything_else_is_refused(text, comma):
    with pytest.raises(ValueError):
        decimal(text, comma=comma)


def test_a_refusal_quotes_the_value():
    with pytest.raises(ValueError, match=r"^'8_0' is not a number$"):
        decimal("8_0")
    with pytest.raises(ValueError, match="too large"):
        decimal("9" * 400)


def test_a_10000_character_cell_gives_a_short_message():
    with pytest.raises(ValueError) as refused:
        decimal("1" * 9_999 + "x")
    message = str(refused.value)
    assert message == f"'{'1' * EXCERPT_CHARS}…' is not a number"
    assert len(message) < 80


def test_excerpt_keeps_short_text_and_cuts_long_text():
    assert excerpt("") == ""
    assert excerpt("a" * EXCERPT_CHARS) == "a" * EXCERPT_CHARS
    assert excerpt("a" * (EXCERPT_CHARS + 1)) == "a" * EXCERPT_CHARS + "…"
    assert excerpt("abcdef", 3) == "abc…"


# --- as apps write them: empty cells, thousands separators ------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("95.4", 95.4),
        ("95,4", 95.4),
        ("1,234.5", 1234.5),
        ("1.234,5", 1234.5),
        ("\u00a095.4 ", 95.4),
        ("", None),
        ("--", None),
        ("—", None),
    ],
)
def test_an_apps_number(text, value):
    assert number(text) == value


@pytest.mark.parametrize("text", ["8_0", "٨٠", "８０", "1e3", "inf", "nan", "95kg"])
def test_an_apps_number_is_refused_the_same_way(text):
    with pytest.raises(ValueError, match="is not a number"):
        number(text)
