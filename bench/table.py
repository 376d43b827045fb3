"""The plain-text tables every benchmark prints: a heading, a rule, one line per row."""

from __future__ import annotations

from collections.abc import Sequence

Columns = Sequence[tuple[str, int]]
"""Each column's heading and width, in characters."""


def line(cells: list[str], columns: Columns, left: int = 1) -> str:
    """The cells padded to the columns' widths: the first ``left`` to the left, numbers right."""
    return " | ".join(
        cell.ljust(width) if index < left else cell.rjust(width)
        for index, (cell, (_, width)) in enumerate(zip(cells, columns, strict=True))
    )


def header(columns: Columns, left: int = 1) -> list[str]:
    """The heading line and the rule under it."""
    names = [name for name, _ in columns]
    return [line(names, columns, left), "-+-".join("-" * width for _, width in columns)]
