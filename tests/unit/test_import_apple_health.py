"""Apple Health's export.xml (alone or zipped) becomes tracker entries; hostile XML is refused.

Expected values are those of ``tests/data/samples/README.md`` ("What a correct import gives"),
written out by hand. Flat memory on a large file is the benchmark's job (``bench/apple_health``).
"""

from __future__ import annotations

import datetime as dt
import io
import time
import xml.etree.ElementTree as ElementTree
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from tracker.domain import Entry, InvalidEntry, Kind
from tracker.formats import validate
from tracker.imports import apple_health
from tracker.imports.apple_health import IMPORTER
from tracker.imports.base import HEAD_BYTES, Context, ImportRefused, Parsed, Source, unpack

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
EXPORT_XML = SAMPLES / "apple_health" / "export.xml"
EXPORT_ZIP = SAMPLES / "apple_health" / "export.zip"
TODAY = dt.date(2026, 3, 16)
CONTEXT = Context(today=TODAY)

SAMPLE_KINDS = {
    Kind.WEIGHT: 8,
    Kind.BODY_FAT: 8,
    Kind.LEAN_MASS: 8,
    Kind.WAIST: 2,
    Kind.PROTEIN: 11,
    Kind.WATER: 8,
    Kind.STRENGTH: 1,
    Kind.ACTIVITY: 1,
}
SAMPLE_SKIPPED = {
    "Height records (not tracked)": 1,
    "BodyMassIndex records (not tracked)": 2,
    "StepCount records (not tracked)": 6,
    "DistanceWalkingRunning records (not tracked)": 2,
    "ActiveEnergyBurned records (not tracked)": 2,
    "HeartRate records (not tracked)": 4,
    "ActivitySummary (daily activity rings, not tracked)": 2,
}

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
START = "2026-03-10 07:00:00 +0100"


def parse(source: Source | list[Source], context: Context = CONTEXT) -> Parsed:
    sources = source if isinstance(source, list) else unpack(source)
    assert IMPORTER.accepts(sources)
    return IMPORTER.parse(sources, context)


def document(body: str, doctype: str = "") -> bytes:
    return (
        f'{HEAD}{doctype}<HealthData locale="en_US">\n'
        ' <ExportDate value="2026-03-15 21:12:40 +0100"/>\n'
        f"{body}</HealthData>\n"
    ).encode()


def record(kind: str, value: str, unit: str, start: str = START, children: str = "") -> str:
    head = (
        f' <Record type="HKQuantityTypeIdentifier{kind}" sourceName="Test" unit="{unit}" '
        f'creationDate="{start}" startDate="{start}" endDate="{start}" value="{value}"'
    )
    return f"{head}>\n{children} </Record>\n" if children else f"{head}/>\n"


def workout(kind: str, duration: str, unit: str = "min", start: str = START) -> str:
    return (
        f' <Workout workoutActivityType="HKWorkoutActivityType{kind}" duration="{duration}" '
        f'durationUnit="{unit}" sourceName="Watch" startDate="{start}" '
        f'endDate="2026-03-10 09:00:00 +0100">\n'
        '  <MetadataEntry key="HKIndoorWorkout" value="1"/>\n'
        " </Workout>\n"
    )


def meal(name: str) -> str:
    return f'  <MetadataEntry key="Meal" value="{name}"/>\n'


def of(parsed: Parsed, kind: Kind) -> list[Entry]:
    return [entry for entry in parsed.entries if entry.kind is kind]


def on(parsed: Parsed, kind: Kind, day: str) -> list[Entry]:
    return [entry for entry in of(parsed, kind) if entry.day == dt.date.fromisoformat(day)]


def sample_dtd() -> str:
    text = EXPORT_XML.read_text(encoding="utf-8")
    start = text.index("<!DOCTYPE")
    return text[start : text.index("]>", start) + 2]


def zipped(members: dict[str, bytes], name: str = "export.zip") -> Source:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return Source.from_bytes(name, buffer.getvalue())


# --- the sample ----------------------------------------------------------------------------


def test_the_sample_gives_the_counts_of_its_readme():
    parsed = parse(Source.from_path(EXPORT_XML))
    assert Counter(entry.kind for entry in parsed.entries) == SAMPLE_KINDS
    assert dict(parsed.skipped) == SAMPLE_SKIPPED
    # 17 records of 6 other types, and 2 ActivitySummary elements
    records = {r: n for r, n in parsed.skipped.items() if r.endswith("records (not tracked)")}
    assert (len(records), sum(records.values())) == (6, 17)
    assert parsed.format == "apple_health"


def test_every_sample_entry_is_already_what_the_tracker_stores():
    parsed = parse(Source.from_path(EXPORT_XML))
    for entry in parsed.entries:
        assert validate.entry(entry, TODAY) is entry


def test_the_sample_weighins_body_fat_and_lean_mass():
    parsed = parse(Source.from_path(EXPORT_XML))
    weights = of(parsed, Kind.WEIGHT)
    assert (weights[0].day, weights[0].time, weights[0].value) == (
        dt.date(2026, 3, 8),
        dt.time(8, 34),
        94.72,
    )
    assert [(w.day.day, w.time.strftime("%H:%M"), w.value) for w in weights] == [
        (8, "08:34", 94.72),
        (9, "07:02", 94.61),
        (10, "06:49", 94.38),
        (11, "07:15", 94.55),
        (12, "07:08", 94.21),
        (13, "07:01", 94.09),
        (14, "08:47", 94.27),
        (15, "08:22", 93.88),
    ]
    # the records hold fractions: 0.383 is 38.3 %
    assert [e.value for e in of(parsed, Kind.BODY_FAT)] == [
        38.3, 38.3, 38.2, 38.2, 38.2, 38.2, 38.1, 38.1,
    ]  # fmt: skip
    assert [e.value for e in of(parsed, Kind.LEAN_MASS)] == [
        58.41, 58.38, 58.28, 58.41, 58.24, 58.19, 58.33, 58.11,
    ]  # fmt: skip
    assert [(e.day.day, e.value) for e in of(parsed, Kind.WAIST)] == [(8, 104.5), (15, 103.0)]


def test_the_sample_protein_by_meal_and_water_by_day():
    parsed = parse(Source.from_path(EXPORT_XML))
    meals = {e.label: e.value for e in on(parsed, Kind.PROTEIN, "2026-03-13")}
    assert meals == {"breakfast": 24.6, "lunch": 31.2, "dinner": 38.4, "snack": 12.0}
    assert {e.label: e.value for e in on(parsed, Kind.PROTEIN, "2026-03-14")} == {
        "breakfast": 22.1,
        "lunch": 28.5,
        "dinner": 41.3,
    }
    totals = defaultdict(float)
    for entry in of(parsed, Kind.PROTEIN):
        totals[entry.day.day] += entry.value
    assert {day: round(total, 1) for day, total in totals.items()} == {
        13: 106.2,
        14: 91.9,
        15: 104.7,
    }
    assert [e.value for e in on(parsed, Kind.WATER, "2026-03-14")] == [250, 500, 330, 500]
    assert sum(e.value for e in on(parsed, Kind.WATER, "2026-03-14")) == 1580
    assert sum(e.value for e in on(parsed, Kind.WATER, "2026-03-15")) == 2000
    assert not any("protein" in note for note in parsed.notes)  # every meal was named


def test_the_sample_workouts_use_the_duration_not_end_minus_start():
    parsed = parse(Source.from_path(EXPORT_XML))
    [session] = of(parsed, Kind.STRENGTH)
    # 50.3 min of training (a 2 min 8 s pause left out; end - start is 52.4 min), stored whole
    assert (session.day, session.time, session.value, session.label) == (
        dt.date(2026, 3, 13),
        dt.time(18, 2),
        50.0,
        "full",
    )
    [walk] = of(parsed, Kind.ACTIVITY)
    assert (walk.day, walk.time, walk.value, walk.label) == (
        dt.date(2026, 3, 14),
        dt.time(10, 31),
        42.0,  # 41.5 min, stored whole
        "walk",
    )
    assert any("full body" in note for note in parsed.notes)


def test_a_bad_value_can_be_traced_to_its_file_and_line():
    parsed = parse(Source.from_path(EXPORT_XML))
    first_weight = next(i for i, e in enumerate(parsed.entries) if e.kind is Kind.WEIGHT)
    file, line = parsed.origin[first_weight]
    assert file == "export.xml"
    assert 'value="94.72"' in EXPORT_XML.read_text(encoding="utf-8").splitlines()[line - 1]


def test_the_zip_gives_what_the_xml_gives():
    from_xml = parse(Source.from_path(EXPORT_XML))
    with zipfile.ZipFile(EXPORT_ZIP) as archive:
        assert any(name.endswith(".gpx") for name in archive.namelist())  # a route file
    with unpack(Source.from_path(EXPORT_ZIP)) as sources:
        assert not any(s.name.endswith(".gpx") for s in sources)  # left out, never opened
        from_zip = parse(sources)
    assert from_zip.entries == from_xml.entries
    assert from_zip.skipped == from_xml.skipped
    assert from_zip.origin[0] == ("export.zip/apple_health_export/export.xml", 226)


def test_the_main_file_is_found_by_its_content_not_its_name():
    export = EXPORT_XML.read_bytes()
    cda = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<ClinicalDocument xmlns="urn:hl7-org:v3"><component/></ClinicalDocument>\n'
    )
    route = b'<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1"><trk/></gpx>\n'
    upload = zipped(
        {
            "apple_health_export/导出_cda.xml": cda,  # before the main file, on purpose
            "apple_health_export/导出.xml": export,
            "apple_health_export/workout-routes/route_2026-03-14_11.12am.gpx": route,
        }
    )
    parsed = parse(upload)
    assert Counter(entry.kind for entry in parsed.entries) == SAMPLE_KINDS
    assert {file for file, _ in parsed.origin.values()} == {
        "export.zip/apple_health_export/导出.xml"
    }


@pytest.mark.parametrize(
    "name, data",
    [
        ("weight.csv", b'Date,"Weight (kg)","Fat mass (kg)"\n"2026-03-15 08:22:10",93.88,35.77\n'),
        ("export_cda.xml", b'<?xml version="1.0"?>\n<ClinicalDocument><x/></ClinicalDocument>'),
        ("route.xml", b'<?xml version="1.0"?>\n<gpx version="1.1"></gpx>'),
        ("empty.xml", b""),
        ("binary.xml", bytes(range(256)) * 4),
        ("only_a_dtd.xml", b'<?xml version="1.0"?>\n<!DOCTYPE HealthData [\n<!ELEMENT '),
        ("text.xml", b"HealthData, but not XML"),
        ("lookalike.xml", b"<?xml version='1.0'?><HealthDataX/>"),
    ],
)
def test_a_file_that_is_not_apple_health_xml_is_not_accepted(name, data):
    source = Source.from_bytes(name, data)
    assert not IMPORTER.accepts([source])
    with pytest.raises(ImportRefused, match="no Apple Health export found"):
        IMPORTER.parse([source], CONTEXT)


# --- units and variants ----------------------------------------------------------------------


def test_pounds_stones_inches_and_litres_become_metric():
    data = document(  # behind Apple's own DTD, as in a real export
        record("BodyMass", "208.82", "lb", "2026-03-08 08:34:02 +0100")
        + record("BodyMass", "14.9", "st", "2026-03-09 08:34:02 +0100")
        + record("LeanBodyMass", "128.77", "lb")
        + record("WaistCircumference", "41.14", "in")
        + record("WaistCircumference", "1.045", "m", "2026-03-11 07:00:00 +0100")
        + record("DietaryWater", "8.45", "fl_oz_us")
        + record("DietaryWater", "1.5", "L", "2026-03-10 12:00:00 +0100")
        + record("DietaryWater", "330", "mL", "2026-03-10 15:00:00 +0100"),
        sample_dtd() + "\n",
    )
    parsed = parse(Source.from_bytes("export.xml", data))
    assert [(e.kind, e.value) for e in parsed.entries] == [
        (Kind.WEIGHT, 94.72),  # 208.82 lb x 0.45359237 = 94.7192 kg
        (Kind.WEIGHT, 94.62),  # 14.9 st x 6.35029318 = 94.6194 kg
        (Kind.LEAN_MASS, 58.41),  # 128.77 lb = 58.4091 kg
        (Kind.WAIST, 104.5),  # 41.14 in x 2.54 = 104.4956 cm
        (Kind.WAIST, 104.5),
        (Kind.WATER, 250.0),  # 8.45 US fl oz x 29.5735 = 249.9 mL
        (Kind.WATER, 1500.0),
        (Kind.WATER, 330.0),
    ]
    assert parsed.skipped == Counter()


def test_energy_in_cal_is_counted_as_not_tracked():
    data = document(
        record("ActiveEnergyBurned", "61.893", "Cal")
        + record("DietaryEnergyConsumed", "540", "Cal")
        + record("DietaryEnergyConsumed", "2260", "kJ")
    )
    parsed = parse(Source.from_bytes("export.xml", data))
    assert parsed.entries == []
    assert parsed.skipped == Counter(
        {
            "ActiveEnergyBurned records (not tracked)": 1,
            "DietaryEnergyConsumed records (not tracked)": 2,
        }
    )


def test_a_unit_or_value_that_cannot_be_read_is_counted_with_the_reason():
    data = document(
        record("DietaryWater", "1", "cup_us")
        + record("BodyMass", "heavy", "kg")
        + record("BodyMass", "nan", "kg")
        + record("BodyMass", "94.1", "kg", "yesterday")
        + record("BodyMass", "94.2", "kg")
    )
    parsed = parse(Source.from_bytes("export.xml", data))
    assert [(e.kind, e.value) for e in parsed.entries] == [(Kind.WEIGHT, 94.2)]
    assert parsed.skipped == Counter(
        {
            "DietaryWater records in 'cup_us' (a unit the tracker cannot convert)": 1,
            "BodyMass records whose value is not a number": 2,
            "BodyMass records whose date cannot be read": 1,
        }
    )


def test_a_value_out_of_range_is_kept_for_validation_with_its_line():
    data = document(record("BodyMass", "947.2", "kg"))  # a misplaced decimal point
    parsed = parse(Source.from_bytes("export.xml", data))
    assert parsed.entries[0].value == 947.2
    assert parsed.origin[0] == ("export.xml", 4)
    with pytest.raises(InvalidEntry, match="Weight must be between"):
        validate.entry(parsed.entries[0], TODAY)


def test_the_day_is_the_one_written_in_the_records_own_offset():
    data = document(
        record("BodyMass", "94.1", "kg", "2026-03-29 01:30:59 -0500")
        + record("BodyMass", "94.0", "kg", "2026-03-29 23:59:00 +1300")
    )
    parsed = parse(Source.from_bytes("export.xml", data))
    assert [(e.day, e.time) for e in parsed.entries] == [
        (dt.date(2026, 3, 29), dt.time(1, 30)),
        (dt.date(2026, 3, 29), dt.time(23, 59)),
    ]


def test_protein_without_a_known_meal_is_a_snack_with_a_note():
    data = document(
        record("DietaryProtein", "20", "g", children=meal("LUNCH"))
        + record("DietaryProtein", "30", "g", children=meal("Post-Workout"))
        + record("DietaryProtein", "5", "g")
        + record("DietaryProtein", "500", "mg", children=meal("Snack"))
    )
    parsed = parse(Source.from_bytes("export.xml", data))
    assert [(e.value, e.label) for e in parsed.entries] == [
        (20.0, "lunch"),
        (30.0, "snack"),
        (5.0, "snack"),
        (0.5, "snack"),
    ]
    [note] = parsed.notes
    assert "1 had no meal" in note and "'Post-Workout'" in note and "snacks" in note


def test_workout_types_become_sessions_and_activities():
    data = document(
        workout("FunctionalStrengthTraining", "45.2", start="2026-03-09 18:00:00 +0100")
        + workout("CoreTraining", "1200", "s", start="2026-03-10 18:00:00 +0100")
        + workout("Cycling", "1.5", "hr")
        + workout("Swimming", "30")
        + workout("Hiking", "95")
        + workout("HighIntensityIntervalTraining", "25")
        + workout("Running", "")
    )
    parsed = parse(Source.from_bytes("export.xml", data))
    assert [(e.kind, e.value, e.label, e.note) for e in parsed.entries] == [
        (Kind.STRENGTH, 45.0, "full", "Functional strength training"),
        (Kind.STRENGTH, 20.0, "upper", "Core training"),
        (Kind.ACTIVITY, 90.0, "cycle", "Cycling"),
        (Kind.ACTIVITY, 30.0, "swim", "Swimming"),
        (Kind.ACTIVITY, 95.0, "walk", "Hiking"),
        (Kind.ACTIVITY, 25.0, "other", "High intensity interval training"),
    ]
    assert parsed.skipped == Counter({"workouts without a duration": 1})
    [note] = parsed.notes
    assert "full body" in note and "upper body" in note


def test_records_inside_a_correlation_are_not_counted_twice():
    systolic = record("BloodPressureSystolic", "121", "mmHg")
    protein = record("DietaryProtein", "24.6", "g", children=meal("Breakfast"))
    data = document(
        systolic
        + protein
        + ' <Correlation type="HKCorrelationTypeIdentifierFood" sourceName="MyFitnessPal" '
        f'creationDate="{START}" startDate="{START}" endDate="{START}">\n'
        + meal("Breakfast")
        + protein
        + " </Correlation>\n"
        + ' <Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="Omron" '
        f'creationDate="{START}" startDate="{START}" endDate="{START}">\n'
        + systolic
        + " </Correlation>\n"
        + ' <ClinicalRecord type="HKClinicalTypeIdentifierLabResultRecord" identifier="x"/>\n'
    )
    parsed = parse(Source.from_bytes("export.xml", data))
    assert [(e.kind, e.value) for e in parsed.entries] == [(Kind.PROTEIN, 24.6)]
    assert parsed.skipped == Counter(
        {
            "BloodPressureSystolic records (not tracked)": 1,
            "Food groups (their records are counted one by one)": 1,
            "BloodPressure groups (their records are counted one by one)": 1,
            "ClinicalRecord (not tracked)": 1,
        }
    )


def test_a_vertical_tab_in_a_value_does_not_stop_the_import():
    data = document(record("BodyMass", "94.72", "kg")).replace(b'"Test"', b'"Scale\x0bApp"')
    parsed = parse(Source.from_bytes("export.xml", data))
    assert [e.value for e in parsed.entries] == [94.72]


def test_progress_moves_up_to_the_end():
    day = dt.date(2025, 1, 1)
    body = "".join(
        record("HeartRate", "72", "count/min", f"{day + dt.timedelta(days=i % 400)} 08:00:00 +0100")
        for i in range(16_000)
    )
    data = document(body + record("BodyMass", "94.72", "kg"))
    assert len(data) > 3 * 1024 * 1024
    seen: list[float] = []
    parsed = parse(
        Source.from_bytes("export.xml", data), Context(today=TODAY, progress=seen.append)
    )
    assert len(parsed.entries) == 1
    assert len(seen) >= 3
    assert seen == sorted(seen)
    assert seen[-1] == 1.0


# --- the document type declaration ---------------------------------------------------------


def ios16_export() -> bytes:
    """The sample with an iOS 16 (HealthKit Export Version 12) DTD: a declaration left open."""
    text = EXPORT_XML.read_text(encoding="utf-8")
    text = text.replace("HealthKit Export Version: 14", "HealthKit Export Version: 12")
    broken = text.replace(
        "  brand            CDATA #IMPLIED\n>\n<!ELEMENT RightEye",
        "  brand            CDATA #IMPLIED\n<!ELEMENT RightEye",
    )
    assert broken != text
    return broken.encode()


def test_an_ios16_export_with_its_malformed_dtd_still_imports():
    data = ios16_export()
    with pytest.raises(ElementTree.ParseError):  # what stops other tools
        ElementTree.fromstring(data)
    parsed = parse(Source.from_bytes("export.xml", data))
    assert Counter(entry.kind for entry in parsed.entries) == SAMPLE_KINDS
    _, line = parsed.origin[0]  # lines still count from the top of the file
    assert 'value="94.72"' in data.decode().splitlines()[line - 1]


def test_an_export_without_a_dtd_or_with_an_external_one_imports():
    bare = document(record("BodyMass", "94.72", "kg"))
    external = document(
        record("BodyMass", "94.72", "kg"),
        '<!DOCTYPE HealthData SYSTEM "http://127.0.0.1:9/healthdata.dtd">\n',
    )
    for data in (bare, external):
        assert [e.value for e in parse(Source.from_bytes("export.xml", data)).entries] == [94.72]


# --- hostile files -------------------------------------------------------------------------


def billion_laughs(levels: int = 10, fanout: int = 10) -> str:
    lines = ['<!ENTITY lol0 "lol">']
    for n in range(1, levels):
        lines.append(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * fanout}">')
    return "<!DOCTYPE HealthData [\n" + "\n".join(lines) + "\n]>\n"


@pytest.mark.parametrize(
    "body",
    [
        record("BodyMass", "&lol9;", "kg"),
        record("BodyMass", "94.72", "kg", children="  <MetadataEntry key='x' value='y'/>&lol9;\n"),
        "<Note>&lol9;</Note>\n",
    ],
)
def test_billion_laughs_is_refused_without_expanding(body):
    data = document(body, billion_laughs())  # 10 levels x 10: 10**9 'lol's if expanded
    start = time.perf_counter()
    with pytest.raises(ImportRefused, match="uses an entity") as refused:
        parse(Source.from_bytes("export.xml", data))
    assert time.perf_counter() - start < 2.0
    assert "lollol" not in str(refused.value)


def test_a_billion_laughs_dtd_that_the_records_do_not_use_is_skipped_unread():
    data = document(record("BodyMass", "94.72", "kg"), billion_laughs(levels=30))
    start = time.perf_counter()
    parsed = parse(Source.from_bytes("export.xml", data))
    assert time.perf_counter() - start < 2.0
    assert [e.value for e in parsed.entries] == [94.72]


@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("TOP-SECRET-MARKER\n")
    return path


def xxe_documents(secret: Path) -> list[bytes]:
    declared = (
        "<!DOCTYPE HealthData [\n"
        f'<!ENTITY xxe SYSTEM "file://{secret}">\n'
        '<!ENTITY passwd SYSTEM "file:///etc/passwd">\n'
        "]>\n"
    )
    parameter = (
        f'<!DOCTYPE HealthData [\n<!ENTITY % remote SYSTEM "file://{secret}">\n%remote;\n]>\n'
    )
    external_dtd = f'<!DOCTYPE HealthData SYSTEM "file://{secret}">\n'
    return [
        document(record("BodyMass", "&xxe;", "kg"), declared),
        document(record("BodyMass", "&passwd;", "kg"), declared),
        document(record("BodyMass", "94.72", "kg") + " <Note>&xxe;</Note>\n", declared),
        document(record("BodyMass", "94.72", "kg"), parameter),
        document(record("BodyMass", "94.72", "kg"), external_dtd),
    ]


def test_an_external_entity_never_reads_a_local_file(secret):
    for data in xxe_documents(secret):
        source = Source.from_bytes("export.xml", data)
        try:
            parsed = parse(source)
        except ImportRefused as refused:
            shown = str(refused)
            assert "uses an entity" in shown
        else:  # the DTD was skipped: nothing in it was read
            assert [e.value for e in parsed.entries] == [94.72]
            shown = repr((parsed.entries, parsed.skipped, parsed.notes))
        assert "TOP-SECRET-MARKER" not in shown
        assert "root:" not in shown


def test_a_cut_off_file_is_refused_with_what_is_wrong():
    data = EXPORT_XML.read_bytes()
    cut = data[: data.index(b"HKQuantityTypeIdentifierDietaryWater") + 60]
    with pytest.raises(ImportRefused, match="cut off") as refused:
        parse(Source.from_bytes("export.xml", cut))
    assert refused.value.row == cut.count(b"\n") + 1  # the last line, where it stops


def test_damaged_xml_is_refused_with_its_line():
    data = document(record("BodyMass", "94.72", "kg") + ' <Record type="x" value=1/>\n')
    with pytest.raises(ImportRefused, match="not well-formed XML") as refused:
        parse(Source.from_bytes("export.xml", data))
    assert refused.value.row == 5


def test_an_element_with_endless_children_is_refused(monkeypatch):
    monkeypatch.setattr(apple_health, "MAX_CHILDREN", 1_000)
    flood = "".join(f'<MetadataEntry key="k{i}" value="v"/>' for i in range(2_000))
    data = document(record("BodyMass", "94.72", "kg", children=flood))
    with pytest.raises(ImportRefused, match="far larger than any Apple Health record"):
        parse(Source.from_bytes("export.xml", data))


def test_a_start_tag_that_never_ends_is_refused(monkeypatch):
    monkeypatch.setattr(apple_health, "MAX_ELEMENT_BYTES", 64 * 1024)
    attributes = " ".join(f'a{i}="v"' for i in range(40_000))  # about 400 kB in one tag
    data = document(f" <Record {attributes}/>\n" + record("BodyMass", "94.72", "kg"))
    with pytest.raises(ImportRefused, match="far larger than any Apple Health record"):
        parse(Source.from_bytes("export.xml", data))


def test_many_unknown_elements_are_counted_not_kept(monkeypatch):
    monkeypatch.setattr(apple_health, "MAX_REASONS", 5)
    body = "".join(f' <Thing{i}/>\n <Record type="T{i}" value="1"/>\n' for i in range(50))
    parsed = parse(Source.from_bytes("export.xml", document(body)))
    assert sum(parsed.skipped.values()) == 100
    # 5 kinds of element and 5 record types by name, then the rest together
    assert parsed.skipped["other elements (not tracked)"] == 45
    assert parsed.skipped["other records (not tracked)"] == 45
    assert len(parsed.skipped) == 12


def test_a_damaged_zip_member_is_refused():
    export = EXPORT_XML.read_bytes()
    export = export.replace(b"</HealthData>", b" " * HEAD_BYTES + b"\n</HealthData>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("apple_health_export/export.xml", export)
    damaged = buffer.getvalue().replace(b'value="94.61"', b'value="94.62"')  # CRC fails
    with pytest.raises(ImportRefused, match=r"damaged and cannot be read \(Bad CRC-32") as refused:
        parse(Source.from_bytes("export.zip", damaged))
    assert refused.value.file == "export.zip/apple_health_export/export.xml"


# --- hostile zips (refused by base.unpack, before any importer looks) -------------------------


def test_a_zip_bomb_is_refused_before_it_is_opened():
    export = EXPORT_XML.read_bytes()
    padding = b" " * (50 * 1024 * 1024)  # compresses about 1000 to 1
    upload = zipped({"apple_health_export/export.xml": export[:-14] + padding + export[-14:]})
    assert upload.size < 1024 * 1024
    with pytest.raises(ImportRefused, match="unpacks to far more"):
        unpack(upload)


@pytest.mark.parametrize(
    "member", ["../evil/export.xml", "apple_health_export/../../export.xml", "/etc/export.xml"]
)
def test_a_zip_member_outside_the_folder_is_refused(member):
    upload = zipped({member: EXPORT_XML.read_bytes()})
    with pytest.raises(ImportRefused, match="unsafe or encrypted entry"):
        unpack(upload)
