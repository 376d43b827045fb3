"""Where each kind of entry is stored: its row class and the columns of its value, its label
and the rest, as each kind's description in ``tracker.kinds`` names them."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain import Kind
from tracker.kinds import KINDS
from tracker.store.schema import ENTRY_ROWS, EntryColumns


@dataclass(frozen=True, slots=True)
class KindTable:
    """Where a kind of entry is stored: its row class, value column and label column, and
    the column of a dose's site or a pain's tags."""

    row: type[EntryColumns]
    value: str
    label: str | None = None
    extra: str | None = None
    whole: bool = False
    """The value column holds whole numbers (a grade, a score, a yes/no)."""

    def stored(self, value: float) -> float | int:
        return int(value) if self.whole else value

    @property
    def table(self):
        return self.row.__table__


KIND_TABLES: dict[Kind, KindTable] = {
    kind: KindTable(
        ENTRY_ROWS[spec.table], spec.value_column, spec.label_column, spec.extra_column, spec.whole
    )
    for kind, spec in KINDS.items()
}
