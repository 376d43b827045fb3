"""Hostile and damaged uploads through the import service, against a real database: each is
refused with a sentence naming the file (what the page and the command line show), quickly and
in little memory, and nothing at all is written."""

from __future__ import annotations

import functools
import io
import itertools
import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.domain import Role, TrackerError
from tracker.imports import base
from tracker.imports.base import ImportRefused, Source
from tracker.services import accounts, imports
from tracker.services.access import Actor
from tracker.store import db

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
WEIGHT_CSV = (SAMPLES / "withings" / "weight.csv").read_bytes()
ADMIN = Actor.system()
_emails = itertools.count()


def patient(engine):
    return accounts.create_user(
        engine, f"h{next(_emails)}@example.com", "a long enough password", Role.PATIENT
    )


def everything(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return db.table_counts(connection)


def zipped(members: dict[str, bytes], method: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def corrupt_data() -> bytes:
    """The member's bytes changed after the zip was written: its CRC no longer matches."""
    return zipped({"weight.csv": WEIGHT_CSV}).replace(b"94.27", b"94.28", 1)


def index_lies_about_the_size() -> bytes:
    """The central directory says the member is 4 kB; its data is under 1 kB."""
    data = bytearray(zipped({"weight.csv": WEIGHT_CSV}))
    entry = data.find(b"PK\x01\x02")
    struct.pack_into("<LL", data, entry + 20, 4096, 4096)
    return bytes(data)


def deflate_cut_short() -> bytes:
    """A deflated member whose stream ends early (the index says it is shorter than it is)."""
    data = bytearray(zipped({"weight.csv": WEIGHT_CSV * 30}, zipfile.ZIP_DEFLATED))
    entry = data.find(b"PK\x01\x02")
    (packed,) = struct.unpack_from("<L", data, entry + 20)
    struct.pack_into("<L", data, entry + 20, packed // 2)
    return bytes(data)


def local_header_lies_about_the_size() -> bytes:
    """The local header (which zipfile does not trust) says 4 kB: read by the index, it is fine
    or refused, never a traceback."""
    data = bytearray(zipped({"weight.csv": WEIGHT_CSV}))
    struct.pack_into("<LL", data, 18, 4096, 4096)
    return bytes(data)


@pytest.mark.parametrize(
    "craft", [corrupt_data, index_lies_about_the_size, deflate_cut_short], ids=lambda c: c.__name__
)
def test_a_damaged_zip_is_refused_by_preview_and_import_and_nothing_is_written(engine, craft):
    user = patient(engine)
    upload = Source.from_bytes("withings.zip", craft())
    before = everything(engine)
    for attempt in (imports.preview, imports.run_import):
        with pytest.raises(ImportRefused) as refused:
            attempt(engine, ADMIN, user.id, upload)
        assert refused.value.file == "withings.zip/weight.csv"
        message = str(refused.value)
        assert message.startswith("withings.zip/weight.csv: the file is damaged and cannot be")
        assert "export it again" in message
    assert everything(engine) == before


def test_a_zip_whose_local_header_lies_is_read_by_its_index(engine):
    user = patient(engine)
    upload = Source.from_bytes("withings.zip", local_header_lies_about_the_size())
    plan, record = imports.run_import(engine, ADMIN, user.id, upload)
    assert record.total == len(plan.new) == 34


def test_a_zip_cut_off_is_refused_naming_it(engine):
    user = patient(engine)
    before = everything(engine)
    with pytest.raises(ImportRefused, match=r"^withings\.zip: the file is damaged"):
        imports.run_import(engine, ADMIN, user.id, Source.from_bytes("withings.zip", b"PK\x03\x04"))
    assert everything(engine) == before


@functools.cache
def hundred_thousand_empty_files() -> bytes:
    return zipped({f"f{number:06d}.csv": b"" for number in range(100_000)})


def test_a_zip_of_100000_empty_files_is_refused_at_once(engine):
    user = patient(engine)
    opens = []
    data = hundred_thousand_empty_files()

    def opener() -> io.BytesIO:
        opens.append(1)
        assert len(opens) <= 3, "the upload is opened again and again"
        return io.BytesIO(data)

    with pytest.raises(ImportRefused, match="holds 100,000 files, far more than an export"):
        imports.preview(engine, ADMIN, user.id, Source("many.zip", len(data), opener))
    assert len(opens) == 2  # its first bytes, and its end record: the index is never parsed


def test_a_one_line_csv_of_megabytes_is_refused_early_and_small(engine):
    user = patient(engine)
    cell = "8" * (8 * 1024 * 1024)
    uploads = [
        Source.from_bytes("entries.csv", f"date,kind,value\n2026-03-01,weight,{cell}\n".encode()),
        Source.from_bytes("weight.csv", WEIGHT_CSV.splitlines()[0] + f"\n{cell}\n".encode()),
    ]
    before = everything(engine)
    for upload in uploads:
        tracemalloc.start()
        try:
            with pytest.raises(TrackerError, match="longer than") as refused:
                imports.run_import(engine, ADMIN, user.id, upload)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert len(str(refused.value)) < 400
        assert peak < upload.size / 4  # the 8 MB cell is never held whole
    assert everything(engine) == before


# --- any mangled zip export is imported whole or refused cleanly ----------------------------

ZIPS = [
    "apple_health/export.zip",
    "mfp/File-Export-2026-03-02-to-2026-03-15.zip",
]


@st.composite
def mangled_zip(draw):
    data = bytearray((SAMPLES / draw(st.sampled_from(ZIPS))).read_bytes())
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, max(0, len(data) - 1)))
        action = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        if action == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[max(4, at) :]
        elif action == "insert" or not data:
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            del data[at : at + draw(st.integers(1, 30))]
    return bytes(data)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=mangled_zip())
def test_a_mangled_zip_is_imported_whole_or_refused_cleanly(engine, data):
    user = patient(engine)
    before = everything(engine)
    try:
        plan, record = imports.run_import(engine, ADMIN, user.id, Source.from_bytes("x.zip", data))
    except TrackerError:
        assert everything(engine) == before
    else:
        assert record is None or record.total == len(plan.new)


def test_the_limits_hold_what_an_export_holds():
    """The caps are well above what honest exports reach (see their docstrings)."""
    assert base.MAX_ZIP_MEMBERS >= 20_000  # years of Apple Health route files
    assert base.MAX_ZIP_FILES_READ >= 100  # a Withings download's few dozen CSVs
    assert base.MAX_ROW_CHARS >= 10_000  # Cronometer's widest rows take 1,500
