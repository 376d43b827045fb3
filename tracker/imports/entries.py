"""The tracker's own entries CSV, as one import format among the others (so that it too gets
a preview, duplicates left out, and undo)."""

from __future__ import annotations

from tracker.formats import entries_csv
from tracker.imports.base import Context, Parsed, Source


class EntriesCsv:
    name = "entries"
    title = "the tracker's own entries CSV"

    def accepts(self, sources: list[Source]) -> bool:
        if len(sources) != 1:
            return False
        first = sources[0].text_head(4096).split("\n", 1)[0].strip().lower()
        names = {part.strip() for part in first.replace(";", ",").split(",")}
        return {"date", "kind", "value"} <= names

    def parse(self, sources: list[Source], context: Context) -> Parsed:
        # The format's own reader checks every row and reports all the bad ones at once; it
        # reads the file as a stream, so the file is never held whole.
        with sources[0].open() as handle:
            return Parsed(self.name, entries_csv.read(handle, context.today))


IMPORTER = EntriesCsv()
