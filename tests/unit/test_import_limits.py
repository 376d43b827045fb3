"""What an upload may cost: a zip's index read once, few members opened, CSVs read as a stream,
and damaged zips refused with the file's name (``tracker.imports.base``), never a traceback.

The counts here (opens of the upload, members opened, bytes read) stand in for time and memory:
they grow with what an export holds, not with what a hostile upload holds.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from tracker.imports import base, cronometer, hevy, myfitnesspal, renpho, strong, withings
from tracker.imports.apple_health import IMPORTER as APPLE_HEALTH
from tracker.imports.base import Context, ImportRefused, Source, unpack
from tracker.services.imports import detect

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
EXPORT_XML = (SAMPLES / "apple_health" / "export.xml").read_bytes()
WEIGHT_CSV = (SAMPLES / "withings" / "weight.csv").read_bytes()
CONTEXT = Context(today=dt.date(2026, 3, 16))


def zipped(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def empty_members(count: int, suffix: str = ".csv") -> bytes:
    return zipped({f"f{i:06d}{suffix}": b"" for i in range(count)}, zipfile.ZIP_STORED)


class Counted:
    """An upload that counts how often it is opened, and fails the test past ``most``."""

    def __init__(self, name: str, data: bytes, most: int = 1_000) -> None:
        self.data, self.most, self.opens = data, most, 0
        self.source = Source(name, len(data), self.open)

    def open(self) -> io.BytesIO:
        self.opens += 1
        assert self.opens <= self.most, f"the upload was opened {self.opens} times"
        return io.BytesIO(self.data)


@pytest.fixture
def member_opens(monkeypatch) -> list[str]:
    """The name of each zip member opened, in order."""
    opened: list[str] = []
    original = zipfile.ZipFile.open

    def counting(self, name, mode="r", *args, **kwargs):
        if mode == "r":
            opened.append(getattr(name, "filename", name))
        return original(self, name, mode, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", counting)
    return opened


# --- a zip of many small files -------------------------------------------------------------


def test_a_zip_of_20000_small_files_is_refused_after_a_few_looks(member_opens):
    upload = Counted("many.zip", empty_members(20_000), most=3)
    with (
        pytest.raises(ImportRefused, match="more than 200 CSV and XML files"),
        unpack(upload.source) as sources,
    ):
        assert len(sources) == 20_000
        detect(sources)
    assert upload.opens == 2  # its first bytes, then the index: read once for every member
    assert len(member_opens) == base.MAX_ZIP_FILES_READ


def test_a_zip_declaring_more_files_than_an_export_has_is_refused_before_its_index_is_read(
    monkeypatch,
):
    data = empty_members(101)
    monkeypatch.setattr(base, "MAX_ZIP_MEMBERS", 100)

    def never(*args, **kwargs):
        raise AssertionError("the index was read")

    monkeypatch.setattr(base.zipfile, "ZipFile", never)
    with pytest.raises(ImportRefused, match="holds 101 files, far more than an export"):
        unpack(Source.from_bytes("many.zip", data))


def test_a_zip64_of_70000_files_is_refused_from_its_end_record(monkeypatch):
    data = empty_members(70_000)  # over 65,535: the counts are in the ZIP64 end record
    assert b"PK\x06\x06" in data[-200:]

    def never(*args, **kwargs):
        raise AssertionError("the index was read")

    monkeypatch.setattr(base.zipfile, "ZipFile", never)
    with pytest.raises(ImportRefused, match="holds 70,000 files"):
        unpack(Source.from_bytes("many.zip", data))


def test_a_zip_whose_end_record_hides_its_many_files_is_refused_by_its_index_size(monkeypatch):
    data = bytearray(empty_members(500))
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, 1, 1)  # "1 member", on this disk and in all
    monkeypatch.setattr(base, "MAX_ZIP_MEMBERS", 100)
    monkeypatch.setattr(base, "MAX_ZIP_INDEX_BYTES", 100 * 160)
    with pytest.raises(ImportRefused, match="list of files takes"):
        unpack(Source.from_bytes("many.zip", bytes(data)))


def test_an_apple_export_with_thousands_of_routes_opens_only_its_xml(member_opens):
    members = {"apple_health_export/export.xml": EXPORT_XML}
    members["apple_health_export/export_cda.xml"] = b'<?xml version="1.0"?><ClinicalDocument/>'
    for number in range(3_000):
        members[f"apple_health_export/workout-routes/route_{number}.gpx"] = b"<gpx/>"
    for number in range(300):
        members[f"apple_health_export/electrocardiograms/ecg_{number}.csv"] = b"Name,x\n"
    upload = Counted("export.zip", zipped(members), most=2)
    with unpack(upload.source) as sources:
        assert not any(source.name.endswith(".gpx") for source in sources)
        importer = detect(sources)
        parsed = importer.parse(sources, CONTEXT)
    assert importer is APPLE_HEALTH
    assert len(parsed.entries) == 47  # the sample's, as from the XML alone
    assert set(member_opens) == {
        "apple_health_export/export.xml",
        "apple_health_export/export_cda.xml",
    }
    assert len(member_opens) == 3  # the two first looks, and the export read once


def test_detection_reads_a_files_first_bytes_once():
    upload = Counted("notes.csv", b"a,b\n1,2\n")
    with pytest.raises(ImportRefused, match="not an export the tracker knows"):
        detect(unpack(upload.source))
    assert upload.opens == 1  # every importer looked at the same first bytes


def test_only_files_an_importer_reads_are_offered():
    data = zipped(
        {
            "data/weight.csv": WEIGHT_CSV,
            "data/report.pdf": b"%PDF-1.4",
            "__MACOSX/data/._weight.csv": b"\x00\x05\x16\x07",
            "data/readme": b"hello",
        }
    )
    with unpack(Source.from_bytes("withings.zip", data)) as sources:
        assert [source.name for source in sources] == ["withings.zip/data/weight.csv"]
        assert detect(sources) is withings.IMPORTER
    with pytest.raises(ImportRefused, match="holds no CSV or XML file"):
        unpack(Source.from_bytes("photos.zip", zipped({"a.jpg": b"\xff\xd8", "b.pdf": b"%"})))


def test_a_member_compressed_in_a_way_zipfile_lacks_is_refused():
    data = bytearray(zipped({"weight.csv": WEIGHT_CSV}, zipfile.ZIP_STORED))
    entry = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, entry + 10, 9)  # Deflate64
    with pytest.raises(ImportRefused, match="compressed in a way the tracker cannot read"):
        unpack(Source.from_bytes("withings.zip", bytes(data)))


def test_the_zip_is_closed_after_the_with_block():
    handles: list[io.BytesIO] = []

    def opener() -> io.BytesIO:
        handles.append(io.BytesIO(zipped({"weight.csv": WEIGHT_CSV})))
        return handles[-1]

    with unpack(Source("withings.zip", 1_000, opener)) as sources:
        withings.IMPORTER.parse(sources, CONTEXT)
        assert not handles[-1].closed
    assert all(handle.closed for handle in handles)


# --- damaged zips: a sentence naming the file, never a zipfile or zlib error --------------------


def _stored(member: str = "weight.csv", data: bytes = WEIGHT_CSV) -> bytearray:
    return bytearray(zipped({member: data}, zipfile.ZIP_STORED))


def bad_crc() -> bytes:
    data = _stored()
    return bytes(data.replace(b"94.27", b"94.28", 1))


def corrupt_deflate() -> bytes:
    data = bytearray(zipped({"weight.csv": WEIGHT_CSV * 20}))
    start = 30 + len("weight.csv")  # the compressed stream, after the local header
    for at in range(start + 10, start + 60):
        data[at] ^= 0x5A
    return bytes(data)


def _central_sizes(packed: int, unpacked: int) -> bytes:
    data = _stored()
    entry = data.find(b"PK\x01\x02")
    struct.pack_into("<LL", data, entry + 20, packed, unpacked)
    return bytes(data)


def index_says_larger() -> bytes:
    return _central_sizes(len(WEIGHT_CSV) + 40, len(WEIGHT_CSV) + 40)


def index_says_smaller() -> bytes:
    return _central_sizes(len(WEIGHT_CSV) - 100, len(WEIGHT_CSV) - 100)


def local_name_differs() -> bytes:
    data = _stored()
    return bytes(data.replace(b"weight.csv", b"weighx.csv", 1))  # the local header's copy


def cut_off() -> bytes:
    return bytes(_stored()[:-60])  # the end record is gone


@pytest.mark.parametrize(
    "craft, file, reason",
    [
        (bad_crc, "upload.zip/weight.csv", "Bad CRC-32"),
        (corrupt_deflate, "upload.zip/weight.csv", ""),
        (index_says_larger, "upload.zip/weight.csv", ""),
        (index_says_smaller, "upload.zip/weight.csv", "Bad CRC-32"),
        (local_name_differs, "upload.zip/weight.csv", "File name in directory"),
        (cut_off, "upload.zip", "not a zip file"),
    ],
)
def test_a_damaged_zip_is_refused_naming_the_file(craft, file, reason):
    with (
        pytest.raises(ImportRefused) as refused,
        unpack(Source.from_bytes("upload.zip", craft())) as sources,
    ):
        withings.IMPORTER.parse(sources, CONTEXT)
    assert refused.value.file == file
    assert "damaged and cannot be read" in str(refused.value)
    assert reason in str(refused.value)
    assert "export it again" in str(refused.value)


def test_a_damaged_apple_export_xml_is_refused_naming_it():
    data = bytearray(zipped({"apple_health_export/export.xml": EXPORT_XML}, zipfile.ZIP_STORED))
    data[len(data) // 2] ^= 0xFF  # in the middle of the XML: its checksum fails at the end
    with (
        pytest.raises(ImportRefused) as refused,
        unpack(Source.from_bytes("export.zip", bytes(data))) as sources,
    ):
        APPLE_HEALTH.parse(sources, CONTEXT)
    assert refused.value.file == "export.zip/apple_health_export/export.xml"
    assert "damaged" in str(refused.value)


# --- CSV files: read as a stream, a row at a time ----------------------------------------------

LONG_CELL = "a" * (8 * 1024 * 1024)


def _header_of(path: str) -> str:
    return (SAMPLES / path).read_text(encoding="utf-8").splitlines()[0]


HEADERS = {
    strong.IMPORTER: _header_of("strong/strong.csv"),
    hevy.IMPORTER: _header_of("hevy/workout_data.csv"),
    myfitnesspal.IMPORTER: _header_of(
        "mfp/File-Export-2026-03-02-to-2026-03-15/Nutrition-Summary-2026-03-02-to-2026-03-15.csv"
    ),
    cronometer.IMPORTER: _header_of("cronometer/servings.csv"),
    withings.IMPORTER: _header_of("withings/weight.csv"),
    renpho.IMPORTER: "Time of Measurement,Weight(lb),BMI,Body Fat(%),Fat-free Body Weight(lb)",
}


@pytest.mark.parametrize("importer", list(HEADERS), ids=lambda importer: importer.name)
def test_a_one_line_csv_of_megabytes_is_refused_early_with_little_memory(importer):
    source = Source.from_bytes("export.csv", f'{HEADERS[importer]}\n"{LONG_CELL}"\n'.encode())
    assert importer.accepts([source])
    tracemalloc.start()
    try:
        with pytest.raises(ImportRefused) as refused:
            importer.parse([source], CONTEXT)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (refused.value.file, refused.value.row) == ("export.csv", 2)
    message = str(refused.value)
    assert f"longer than {base.MAX_ROW_CHARS:,} characters" in message
    assert f"No {importer.title} export has a cell or line that long" in message
    assert len(message) < 300
    assert peak < 3 * 1024 * 1024  # the file is 8 MB; what is read of it is not kept


def test_a_row_over_many_lines_counts_all_of_them():
    lines = "\n".join(["x" * 1_000] * 200)  # 200 short lines, one quoted cell of 200,000 chars
    content = f'{HEADERS[withings.IMPORTER]}\n"2026-03-15 08:22:10",93.88,35.77,,,,"{lines}"\n'
    with pytest.raises(ImportRefused, match="row 2: the row is longer than"):
        withings.IMPORTER.parse([Source.from_bytes("weight.csv", content.encode())], CONTEXT)


def test_a_row_just_under_the_limit_is_read():
    comment = "c" * (base.MAX_ROW_CHARS - 200)
    content = f'{HEADERS[withings.IMPORTER]}\n"2026-03-15 08:22:10",93.88,35.77,,,,"{comment}"\n'
    parsed = withings.IMPORTER.parse([Source.from_bytes("w.csv", content.encode())], CONTEXT)
    assert [entry.value for entry in parsed.entries] == [93.88, 38.1, 58.11]


def test_text_the_csv_reader_refuses_is_refused_with_its_row():
    content = WEIGHT_CSV.decode().splitlines()[0] + '\n"2026-03-15 08:22:10",93.88,,,,,"' + "c" * 30
    limit = csv.field_size_limit(25)  # the header's names are shorter, the comment is not
    try:
        with pytest.raises(ImportRefused, match=r"row 2: the file cannot be read as CSV \(field"):
            withings.IMPORTER.parse([Source.from_bytes("weight.csv", content.encode())], CONTEXT)
    finally:
        csv.field_size_limit(limit)
