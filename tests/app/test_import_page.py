"""The Import page: upload, preview, confirm, see it in History, undo."""

from __future__ import annotations

from pathlib import Path

from tests.app.conftest import shown, signed_in
from tracker.domain import Kind
from tracker.imports.registry import IMPORTERS
from tracker.services import logbook
from tracker.services.access import Actor

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def upload(at, name: str, data: bytes, mime: str = "text/csv"):
    at.file_uploader(key="import_file").set_value((name, data, mime))
    return at.run()


def test_upload_preview_confirm_then_undo(patient, app_db):
    at = signed_in(patient, "app_pages/import_files.py")
    assert "Nothing imported yet." in [c.value for c in at.caption]
    upload(at, "weight.csv", (SAMPLES / "withings/weight.csv").read_bytes())
    assert not at.exception
    assert at.subheader[0].value == "Withings: what this import adds"
    preview = at.dataframe[0].value
    assert dict(zip(preview["What"], preview["New"], strict=True)) == {
        "Weight": 12,
        "Body fat": 11,
        "Lean mass": 11,
    }
    assert logbook.list_entries(app_db, Actor.of(patient), patient.id) == []  # nothing yet

    at.button(key="import_go").click().run()
    assert shown(at.success[0].value) == "Imported 34 entries from weight.csv."
    link = next(x for x in at.get("page_link") if x.proto.label == "See them in History")
    assert "weight" in str(link.proto)
    assert len(logbook.list_entries(app_db, Actor.of(patient), patient.id)) == 34

    at.run()  # the same file again: everything is there already, nothing to import
    nothing_new = "Nothing new to import: everything in this file is already in your log."
    assert nothing_new in [shown(i.value) for i in at.info]
    assert "import_go" not in [b.key for b in at.button]

    record = next(b for b in at.button if b.key.startswith("undo_") and b.key[5:].isdigit())
    assert record.disabled
    at.checkbox(key=f"undo_sure_{record.key[5:]}").check().run()
    at.button(key=record.key).click().run()
    assert shown(at.success[-1].value) == "Undid the import: removed 34 entries."
    assert logbook.list_entries(app_db, Actor.of(patient), patient.id) == []


def test_an_apple_health_zip_with_a_progress_bar(patient, app_db):
    at = signed_in(patient, "app_pages/import_files.py")
    upload(at, "export.zip", (SAMPLES / "apple_health/export.zip").read_bytes(), "application/zip")
    assert at.subheader[0].value == "Apple Health: what this import adds"
    assert any("records" in e.label for e in at.expander)  # what was ignored, grouped
    at.button(key="import_go").click().run()
    kinds = {e.kind for e in logbook.list_entries(app_db, Actor.of(patient), patient.id)}
    assert Kind.STRENGTH in kinds and Kind.PROTEIN in kinds


def test_a_file_that_is_no_export_is_refused_with_the_list_of_formats(patient, app_db):
    at = signed_in(patient, "app_pages/import_files.py")
    upload(at, "notes.csv", b"a,b\n1,2\n")
    assert "It reads:" in shown(at.error[0].value)
    assert "import_go" not in [b.key for b in at.button]


def test_the_page_names_every_app_the_tracker_reads_and_the_command_line(patient, app_db):
    at = signed_in(patient, "app_pages/import_files.py")
    intro = " ".join(shown(m.value) for m in at.markdown)
    for importer in IMPORTERS:
        assert importer.title in intro
    limit = next(shown(c.value) for c in at.caption if "command line" in shown(c.value))
    assert "python -m tracker import FILE --user EMAIL" in limit
    assert "Files up to " in limit and " MB." in limit


def test_a_damaged_zip_shows_a_sentence_not_a_traceback(patient, app_db):
    at = signed_in(patient, "app_pages/import_files.py")
    data = bytearray((SAMPLES / "mfp/File-Export-2026-03-02-to-2026-03-15.zip").read_bytes())
    data[200:260] = bytes(60)  # inside the first member's compressed data
    upload(at, "mfp.zip", bytes(data), "application/zip")
    assert not at.exception
    assert "the file is damaged and cannot be read" in shown(at.error[0].value)
    assert logbook.list_entries(app_db, Actor.of(patient), patient.id) == []
