"""Strong and Hevy exports become one strength session per workout, exercises worked out by hand.

Expected values come from the sample files' rows (``tests/data/samples``) and from the tables
in its README: warm-ups are left out, ``reps`` is the most
common rep count (the higher one on a tie), the load the heaviest working set.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tracker.domain import Entry, Exercise, Kind
from tracker.formats import validate
from tracker.imports import hevy, strong
from tracker.imports.base import Context, ImportRefused, Parsed, Source
from tracker.rules import strength as rules_strength
from tracker.units import WeightUnit

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
TODAY = dt.date(2026, 3, 15)
KG = Context(today=TODAY)
LB = Context(today=TODAY, weight_unit=WeightUnit.LB)

CLASSIC_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n"
)
ANDROID_HEADER = (
    "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
    "Distance Unit;Seconds;Notes;Workout Notes;Workout Duration\n"
)
V6_HEADER = (
    '"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";'
    '"Weight (kg)";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"\n'
)
HEVY_HEADER = (
    '"title","start_time","end_time","description","exercise_title","superset_id",'
    '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
    '"duration_seconds","rpe"\n'
)


def sample(path: str) -> Source:
    return Source.from_path(SAMPLES / path)


def text(name: str, content: str) -> Source:
    return Source.from_bytes(name, content.encode("utf-8"))


def strength(day: str, time: str, minutes: float, focus: str, note: str, *exercises) -> Entry:
    return Entry(
        Kind.STRENGTH,
        dt.date.fromisoformat(day),
        minutes,
        dt.time.fromisoformat(time),
        label=focus,
        note=note,
        exercises=tuple(Exercise(*item) for item in exercises),
    )


def assert_stored_as_is(parsed: Parsed) -> None:
    """Every entry already is what validation would store: nothing is changed or refused."""
    for entry in parsed.entries:
        assert validate.entry(entry, TODAY) is entry


# --- the samples ---------------------------------------------------------------------------


def test_strong_classic_sample_gives_three_sessions_in_the_patients_unit():
    parsed = strong.IMPORTER.parse([sample("strong/strong.csv")], KG)
    assert parsed.entries == [
        strength(
            "2026-03-03",
            "18:05",
            52.0,  # 52m
            "glutes",  # Hip Thrust
            "Lower Body A\nHip Thrust (Barbell): Pad on the bar, feet a bit wider",
            ("Squat (Barbell)", 4, 8, 45.0),  # 10, 8, 8, 8 reps; 20-45 kg
            ("Hip Thrust (Barbell)", 3, 10, 70.0),  # 10, 10, 9; 60, 70, 70
            ("Romanian Deadlift (Dumbbell)", 3, 10, 16.0),
            ("Leg Press", 3, 10, 90.0),  # 80x12, 90x12, 90x10: the top set 90x10
        ),
        strength(
            "2026-03-06",
            "17:48",
            47.0,
            "upper",
            "Upper Body A\nFelt good, slept 8h",  # the Workout Notes of its first row
            ("Bench Press (Dumbbell)", 3, 10, 14.0),  # 10, 10, 8
            ("Lat Pulldown (Cable)", 3, 10, 40.0),  # 12, 10, 10; 35, 40, 40
            ("Seated Row (Cable)", 3, 12, 35.0),  # 12, 12, 11
            ("Seated Overhead Press (Dumbbell)", 2, 10, 8.0),  # 10, 9: a tie, the higher
            ("Plank (timed)", 2, 1, None),  # 45 s and 40 s, weight 0.0: body weight
        ),
        strength(
            "2026-03-10",
            "07:31",
            64.0,  # 1h 4m
            "glutes",  # Glute Bridge
            "Full Body",
            ("Goblet Squat (Kettlebell)", 3, 12, 16.0),
            ("Glute Bridge", 3, 15, None),  # 0.0 kg: body weight
            ("Bench Press (Barbell)", 3, 8, 30.0),  # 8, 8, 7
            ("Bent Over Row (Dumbbell)", 3, 10, 12.0),
            ("Lunge (Dumbbell)", 2, 10, 8.0),
        ),
    ]
    assert [parsed.origin[i] for i in range(3)] == [
        ("strong.csv", 2),
        ("strong.csv", 15),
        ("strong.csv", 28),
    ]
    assert parsed.skipped == {}
    assert parsed.notes == [
        "Strong's export does not say whether loads are kg or lb; they were read as kg, your "
        "unit in the tracker."
    ]
    assert_stored_as_is(parsed)


def test_strong_6_sample_leaves_out_rest_timer_and_note_rows():
    parsed = strong.IMPORTER.parse([sample("strong/strong_v6.csv")], LB)  # kg whatever the unit
    assert parsed.entries == [
        strength(
            "2026-02-17",
            "18:10",
            52.0,  # 3125 s = 52.08 min
            "glutes",
            "Glutes\nHip Thrust (Barbell): Pad on the bar",  # the text of the Note row
            ("Hip Thrust (Barbell)", 3, 10, 60.0),  # 12, 10, 10; 50, 60, 60
            ("Hip Abductor (Machine)", 3, 15, 45.0),  # 15, 15, 12; 40, 40, 45
            ("Cable Kickback", 3, 10, 10.0),  # its top set
            ("Glute Bridge", 2, 20, None),  # weight "": body weight
        ),
        strength(
            "2026-02-20",
            "17:55",
            45.0,  # 2710 s = 45.17 min
            "upper",
            "Upper",
            ("Lat Pulldown (Cable)", 3, 9, 40.0),  # 35x12, 35x12, 40x9: the top set 40x9
            ("Seated Row (Cable)", 3, 12, 35.0),
            ("Shoulder Press (Dumbbell)", 2, 10, 8.0),
            ("Triceps Pushdown (Cable - Straight Bar)", 2, 12, 15.0),
        ),
    ]
    # Row 2 of the first workout is its Note row; its first set is row 3.
    assert parsed.origin == {0: ("strong_v6.csv", 3), 1: ("strong_v6.csv", 20)}
    assert parsed.skipped == {  # 1 Note + 6 Rest Timer, then 6 Rest Timer
        strong.NOT_SET_REASONS["rest timer"]: 12,
        strong.NOT_SET_REASONS["note"]: 1,
    }
    assert parsed.notes == []
    assert_stored_as_is(parsed)


def test_hevy_sample_gives_three_sessions_oldest_first_without_warm_ups():
    parsed = hevy.IMPORTER.parse([sample("hevy/workout_data.csv")], LB)  # weight_kg: kg
    assert parsed.entries == [
        strength(
            "2026-02-23",
            "18:31",
            58.0,  # until 19:29
            "glutes",
            "Glutes & Hamstrings 🍑\nHip Thrust (Barbell): Pad on the bar.\nFeet a bit wider",
            ("Hip Thrust (Barbell)", 3, 8, 70.0),  # warm-up 40x12 out; 60x10, 70x8, 70x8
            ("Romanian Deadlift (Dumbbell)", 3, 10, 16.0),
            ("Hip Abduction (Machine)", 3, 15, 45.0),  # 15, 15, failure 13
            ("Lying Leg Curl (Machine)", 4, 10, 25.0),  # 25x12, 25x12, 25x10, dropset 20x8
        ),
        strength(
            "2026-02-26",
            "18:02",
            47.0,
            "upper",
            "Upper Body\nShoulder a bit stiff",  # the description
            ("Bench Press (Dumbbell)", 3, 10, 14.0),  # warm-up 8x15 out; 10, 10, 8
            ("Lat Pulldown (Cable)", 3, 10, 40.0),  # 35x12, 40x10, 40x9: top set 40x10
            ("Shoulder Press (Dumbbell)", 2, 10, 8.0),
            ("Bicep Curl (Dumbbell)", 2, 10, 8.0),  # 12, failure 10: the top set 8x10
        ),
        strength(
            "2026-03-01",
            "10:15",
            53.0,
            "lower",  # Leg Press; nothing for the glutes by name
            "Full Body",
            ("Leg Press (Machine)", 3, 10, 90.0),  # warm-up 40x15 out; 12, 10, 10
            ("Chest Press (Machine)", 3, 10, 35.0),  # 30x12, 30x12, 35x10
            ("Seated Cable Row - V Grip (Cable)", 3, 12, 35.0),
            ("Plank (timed)", 2, 1, None),  # 45 s and 40 s only
        ),
    ]
    # Newest first in the file: the 02-23 workout starts on row 25, the 03-01 one on row 2.
    assert parsed.origin == {
        0: ("workout_data.csv", 25),
        1: ("workout_data.csv", 14),
        2: ("workout_data.csv", 2),
    }
    assert parsed.skipped == {strong.WARMUP_REASON: 3}
    assert parsed.notes == []
    assert_stored_as_is(parsed)


# --- dialects and units, as small files ---------------------------------------------------


def test_strong_android_dialect_reads_pounds_and_decimal_commas():
    source = text(
        "strong862973258176784790.csv",
        ANDROID_HEADER
        + "".join(
            f'2022-09-20 16:39:37;"Week B Day 1";{cells};;;0;"";"";1h 2m\n'
            for cells in (
                '"Bench Press (Barbell)";1;115;lbs;4;6',
                '"Bench Press (Barbell)";2;132,5;lbs;4;',
                '"Hip Thrust";1;60;kg;10;',
                '"Push Up";1;0;;12;',
            )
        ),
    )
    parsed = strong.IMPORTER.parse([source], KG)
    assert parsed.entries == [
        strength(
            "2022-09-20",
            "16:39",
            62.0,  # 1h 2m
            "glutes",
            "Week B Day 1",
            ("Bench Press (Barbell)", 2, 4, 60.1),  # 132.5 lb x 0.45359237 = 60.10 kg
            ("Hip Thrust", 1, 10, 60.0),  # this row says kg
            ("Push Up", 1, 12, None),
        )
    ]
    assert parsed.notes == []  # the file names its unit


def test_strong_classic_loads_are_read_in_the_patients_unit():
    source = text(
        "strong.csv",
        CLASSIC_HEADER
        + '2023-01-01 09:24:45," 1 Legs #1",1h,"Squat (Barbell)",1,135.0,8,0,0,"","",\n'
        '2023-01-01 09:24:45," 1 Legs #1",1h,"Squat (Barbell)",2,74.99999999999999,8,0,0,,,\n',
    )
    parsed = strong.IMPORTER.parse([source], LB)
    assert parsed.entries == [
        strength(
            "2023-01-01", "09:24", 60.0, "lower", "1 Legs #1", ("Squat (Barbell)", 2, 8, 61.23)
        )
    ]  # 135 lb = 61.235 kg
    assert parsed.notes == [
        "Strong's export does not say whether loads are kg or lb; they were read as lb, your "
        "unit in the tracker."
    ]


def test_a_byte_order_mark_and_crlf_line_ends_change_nothing():
    rows = (
        '2026-03-03 18:05:12,"Lower Body A",52m,"Hip Thrust (Barbell)",1,60.0,10,0,0,"","",\n'
        '2026-03-03 18:05:12,"Lower Body A",52m,"Hip Thrust (Barbell)",2,70.0,10,0,0,,,\n'
    )
    plain = text("strong.csv", CLASSIC_HEADER + rows)
    windows = Source.from_bytes(
        "strong.csv", b"\xef\xbb\xbf" + (CLASSIC_HEADER + rows).replace("\n", "\r\n").encode()
    )
    assert strong.IMPORTER.accepts([windows])
    expected = strong.IMPORTER.parse([plain], KG).entries
    assert strong.IMPORTER.parse([windows], KG).entries == expected
    assert expected[0].exercises == (Exercise("Hip Thrust (Barbell)", 2, 10, 70.0),)


def test_strong_6_warm_up_set_order_is_left_out():
    source = text(
        "strong.csv",
        V6_HEADER
        + "".join(
            f'"3";"2026-02-17 18:10:03";"Glutes";"1800";"Hip Thrust";{cells};"";"";"";"";""\n'
            for cells in ('"W";"40";"12"', '"1";"60";"10"', '"F";"60";"8"')
        ),
    )
    parsed = strong.IMPORTER.parse([source], KG)
    assert parsed.entries[0].exercises == (Exercise("Hip Thrust", 2, 10, 60.0),)  # 10, F 8
    assert parsed.skipped == {strong.WARMUP_REASON: 1}


def test_hevy_in_pounds_with_zero_padded_days_and_a_multi_line_description():
    header = HEVY_HEADER.replace("weight_kg", "weight_lbs").replace("distance_km", "distance_miles")
    source = text(
        "workout_data.csv",
        header + '"Legs","08 Apr 2026, 07:05","08 Apr 2026, 08:05","Early.\\nTired",'
        '"Squat (Barbell)",,"",0,"normal",135,5,,,\n'
        '"Legs","08 Apr 2026, 07:05","08 Apr 2026, 08:05","Early.\\nTired",'
        '"Squat (Barbell)",,"",1,"normal",135,5,,,\n',
    )
    assert hevy.IMPORTER.accepts([source])
    parsed = hevy.IMPORTER.parse([source], KG)
    assert parsed.entries == [
        strength(
            "2026-04-08",
            "07:05",
            60.0,
            "lower",
            "Legs\nEarly.\nTired",  # the literal \n is a line break
            ("Squat (Barbell)", 2, 5, 61.23),  # 135 lb
        )
    ]


def test_an_exercise_logged_twice_in_a_workout_is_one_line():
    row = '"Arms","8 Apr 2026, 16:50","8 Apr 2026, 17:30","","{name}",,"",0,"normal",{kg},10,,,\n'
    source = text(
        "workout_data.csv",
        HEVY_HEADER
        + row.format(name="Bicep Curl (Dumbbell)", kg=8)
        + row.format(name="Triceps Extension", kg=10)
        + row.format(name="Bicep Curl (Dumbbell)", kg=10),
    )
    parsed = hevy.IMPORTER.parse([source], KG)
    assert parsed.entries[0].exercises == (
        Exercise("Bicep Curl (Dumbbell)", 2, 10, 10.0),
        Exercise("Triceps Extension", 1, 10, 10.0),
    )


# --- what the tracker cannot hold ---------------------------------------------------------


def test_a_session_over_600_minutes_is_kept_as_600_and_said():
    source = text(
        "workout_data.csv",
        HEVY_HEADER + '"Forgot to stop","2 Mar 2026, 18:00","3 Mar 2026, 09:00","",'
        '"Leg Press (Machine)",,"",0,"normal",80,12,,,\n',
    )
    parsed = hevy.IMPORTER.parse([source], KG)
    assert parsed.entries[0].value == 600.0
    assert parsed.notes == [
        "2026-03-02 18:00 Forgot to stop: 900 minutes is longer than a session can be (was the "
        "timer left running?); kept as 600 minutes."
    ]
    assert_stored_as_is(parsed)


def test_a_session_of_more_than_30_exercises_keeps_the_first_30():
    rows = "".join(
        f'2026-03-03 18:05:12,"Circuit",45m,"Move {n}",1,10.0,10,0,0,"","",\n' for n in range(32)
    )
    parsed = strong.IMPORTER.parse([text("strong.csv", CLASSIC_HEADER + rows)], KG)
    (entry,) = parsed.entries
    assert [item.name for item in entry.exercises] == [f"Move {n}" for n in range(30)]
    assert parsed.notes[-1] == (
        "2026-03-03 18:05 Circuit: 32 exercises; a session lists up to 30, so the first 30 were "
        "kept."
    )
    assert_stored_as_is(parsed)


def test_long_names_and_notes_are_shortened_to_fit():
    name = "Hip Thrust " + "x" * 100
    source = text(
        "strong.csv",
        CLASSIC_HEADER + f'2026-03-03 18:05:12,"Glutes",45m,"{name}",1,60.0,10,0,0,"",'
        f'"{"Long day. " * 60}",\n',
    )
    (entry,) = strong.IMPORTER.parse([source], KG).entries
    assert len(entry.exercises[0].name) == 80 and entry.exercises[0].name.endswith("…")
    assert len(entry.note) == 500 and entry.note.startswith("Glutes\nLong day.")
    assert validate.entry(entry, TODAY) is entry


def test_a_workout_without_a_length_is_skipped_and_counted():
    source = text(
        "strong.csv",
        CLASSIC_HEADER + '2026-03-03 18:05:12,"Logged later",0m,"Squat",1,40.0,8,0,0,"","",\n',
    )
    parsed = strong.IMPORTER.parse([source], KG)
    assert parsed.entries == []
    assert parsed.skipped == {strong.NO_LENGTH_REASON: 1}


# --- recognising the files ------------------------------------------------------------------


def test_each_app_recognises_its_own_files_by_content_only():
    classic = text("export.txt", CLASSIC_HEADER)
    android = text("data.csv", ANDROID_HEADER)
    v6 = text("workout_data.csv", V6_HEADER)  # Hevy's file name, Strong's content
    hevy_file = text("strong.csv", HEVY_HEADER)
    entries = text("strong.csv", "date,time,kind,value,unit,label,note\n")
    for source in (classic, android, v6):
        assert strong.IMPORTER.accepts([source])
        assert not hevy.IMPORTER.accepts([source])
    assert hevy.IMPORTER.accepts([hevy_file])
    assert not strong.IMPORTER.accepts([hevy_file])
    for importer in (strong.IMPORTER, hevy.IMPORTER):
        assert not importer.accepts([entries])
        assert not importer.accepts([Source.from_bytes("strong.csv", b"PK\x03\x04\x00\x00")])
        assert not importer.accepts([text("empty.csv", "")])


def test_accepts_exactly_one_export_among_the_files():
    classic = text("strong.csv", CLASSIC_HEADER)
    other = text("README.txt", "Exported from Strong\n")
    assert strong.IMPORTER.accepts([other, classic])
    assert not strong.IMPORTER.accepts([classic, text("strong2.csv", CLASSIC_HEADER)])
    assert not strong.IMPORTER.accepts([other])


def test_names_and_titles():
    assert (strong.IMPORTER.name, strong.IMPORTER.title) == ("strong", "Strong")
    assert (hevy.IMPORTER.name, hevy.IMPORTER.title) == ("hevy", "Hevy")


# --- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "importer, content, row, column",
    [
        (
            strong.IMPORTER,
            CLASSIC_HEADER
            + '2026-03-03 18:05:12,"A",52m,"Squat",1,40.0,8,0,0,"","",\n'
            + '03/03/2026 6:05 PM,"B",52m,"Squat",1,40.0,8,0,0,"","",\n',
            3,
            "Date",
        ),
        (
            hevy.IMPORTER,
            HEVY_HEADER
            + '"Legs","Tuesday","8 Apr 2026, 08:05","","Squat",,"",0,"normal",60,5,,,\n',
            2,
            "start_time",
        ),
        (
            hevy.IMPORTER,
            HEVY_HEADER + '"Legs","8 Apr 2026, 07:05","","","Squat",,"",0,"normal",60,5,,,\n',
            2,
            "end_time",
        ),
        (
            strong.IMPORTER,
            CLASSIC_HEADER + '2026-03-03 18:05:12,"A",52m,"Squat",1,heavy,8,0,0,"","",\n',
            2,
            "Weight",
        ),
        (
            strong.IMPORTER,
            CLASSIC_HEADER + '2026-03-03 18:05:12,"A",about an hour,"Squat",1,40,8,0,0,"","",\n',
            2,
            "Duration",
        ),
        (
            strong.IMPORTER,
            ANDROID_HEADER + '2022-09-20 16:39:37;"A";"Squat";1;40;stone;8;;;;0;;;17m\n',
            2,
            "Weight Unit",
        ),
    ],
)
def test_a_value_that_cannot_be_read_refuses_the_file_naming_row_and_column(
    importer, content, row, column
):
    with pytest.raises(ImportRefused) as refused:
        importer.parse([text("export.csv", content)], KG)
    assert (refused.value.file, refused.value.row, refused.value.column) == (
        "export.csv",
        row,
        column,
    )
    assert str(refused.value).startswith(f"export.csv, row {row}, column '{column}': ")


def test_a_strong_export_without_durations_is_refused():
    header = ANDROID_HEADER.replace(";Workout Duration", "")
    source = text("strong.csv", header + '2019-01-01 10:00:00;"A";"Squat";1;40;kg;8;;;;0;;\n')
    assert strong.IMPORTER.accepts([source])
    with pytest.raises(ImportRefused, match="no workout lengths"):
        strong.IMPORTER.parse([source], KG)


def test_an_imported_session_gives_each_leg_lifts_estimated_maximum_from_its_top_set():
    parsed = strong.IMPORTER.parse([sample("strong/strong.csv")], KG)
    points = {
        (p.day.isoformat(), p.exercise): p.estimate_kg or p.reps
        for p in rules_strength.trend(parsed.entries)
    }
    assert points == pytest.approx(
        {
            ("2026-03-03", "Squat (Barbell)"): 45 * (1 + 8 / 30),
            ("2026-03-03", "Hip Thrust (Barbell)"): 70 * (1 + 10 / 30),
            ("2026-03-03", "Romanian Deadlift (Dumbbell)"): 16 * (1 + 10 / 30),
            ("2026-03-03", "Leg Press"): 90 * (1 + 10 / 30),  # 90x10, not 90x12 (no estimate)
            ("2026-03-10", "Glute Bridge"): 15,  # body weight: the best reps
            ("2026-03-10", "Lunge (Dumbbell)"): 8 * (1 + 10 / 30),
            # goblet squats of 12 reps give no estimate; the upper-body day gives nothing
        }
    )
