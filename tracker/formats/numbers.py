"""Numbers as people type them, and how a message quotes what a file holds.

``decimal`` reads a plain decimal number the way it is typed on a keyboard: ``95.4``, ``-2``,
``+0.5``, ``.5``, ``95.``, and with ``comma=True`` also ``95,4``. Python's ``float`` reads far
more, none of which a person or an app's export means as a number: ``8_0`` (80), ``1e3``,
``inf``, ``nan``, and digits of other scripts (``٨٠``, fullwidth ``８０``). ``decimal`` refuses
them all with a ``ValueError`` whose message quotes at most ``EXCERPT_CHARS`` of the text.

``excerpt`` is the one way a message quotes a cell, a name or a value from a file: a hostile
file's cell can be megabytes long, and a message must stay a sentence.
"""

from __future__ import annotations

import math
import re

EXCERPT_CHARS = 40
"""The most of a quoted value a message shows; longer ones end in '…'."""

_POINT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_POINT_OR_COMMA = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")
_SPACES = " \t\r\n"


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """``text`` as a message quotes it: whole when short, else its first ``limit`` characters
    and '…'."""
    return text if len(text) <= limit else f"{text[:limit]}…"


def decimal(text: str, *, comma: bool = False) -> float:
    """The number in ``text`` (spaces around it ignored): an optional sign, ASCII digits and at
    most one decimal point, or with ``comma`` a decimal comma instead. ``ValueError`` for
    anything else, and for a number too large to hold."""
    plain = text.strip(_SPACES)
    if not (_POINT_OR_COMMA if comma else _POINT).fullmatch(plain):
        raise ValueError(f"'{excerpt(text.strip())}' is not a number")
    value = float(plain.replace(",", ".", 1) if comma else plain)
    if not math.isfinite(value):
        raise ValueError(f"'{excerpt(plain)}' is too large to be a number here")
    return value
