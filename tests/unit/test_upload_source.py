"""An upload handed to the importers: opened many times, each view at its own position."""

import io

from tracker.ui.widgets import upload_source


class Uploaded(io.BytesIO):
    name = "export.csv"

    @property
    def size(self) -> int:
        return len(self.getvalue())


def test_two_open_views_of_an_upload_read_their_own_bytes():
    source = upload_source(Uploaded(b"0123456789" * 1000))
    first, second = source.open(), source.open()
    assert first.read(5) == b"01234"
    assert second.read(3) == b"012"
    assert first.read(5) == b"56789"
    second.seek(2, io.SEEK_CUR)
    assert second.read(2) == b"56"
    assert source.size == 10_000
