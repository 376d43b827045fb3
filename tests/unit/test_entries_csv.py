"""The entries CSV, as text: exact output, every unit, every refusal, and the round trip."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker import kinds
from tracker.domain import (
    PAIN_TAGS,
    Entry,
    Exercise,
    Focus,
    InjectionSite,
    Kind,
    Meal,
    Medicine,
    PainLocation,
    RedFlag,
    SideEffect,
)
from tracker.formats import entries_csv
from tracker.formats.entries_csv import CsvRefused
from tracker.rules import medicines
from tracker.units import WaterUnit, WeightUnit

TODAY = dt.date(2026, 3, 15)
HEADER = "date,time,kind,value,unit,label,note\n"


def read(text: str) -> list[Entry]:
    return entries_csv.read(text, TODAY)


def test_writes_the_documented_format_exactly():
    entries = [
        Entry(Kind.WEIGHT, dt.date(2026, 3, 1), 81.7, dt.time(7, 5), note="after a run"),
        Entry(Kind.PROTEIN, dt.date(2026, 3, 1), 32.5, dt.time(8, 0), label="breakfast"),
        Entry(
            Kind.STRENGTH,
            dt.date(2026, 3, 1),
            45.0,
            dt.time(18, 30),
            label="glutes",
            exercises=(Exercise("Hip thrust", 3, 10, 60.0), Exercise("Glute bridge", 3, 15)),
        ),
        Entry(Kind.DOSE, dt.date(2026, 3, 2), 0.5, None, label="semaglutide", site="thigh_left"),
        Entry(Kind.WATER, dt.date(2026, 3, 2), 500.0),
    ]
    assert entries_csv.write(entries) == (
        HEADER
        + "2026-03-01,07:05,weight,81.7,kg,,after a run\n"
        "2026-03-01,08:00,protein,32.5,g,breakfast,\n"
        "2026-03-01,18:30,strength,45,min,glutes,\n"
        "2026-03-01,18:30,exercise,60,kg,3x10,Hip thrust\n"
        "2026-03-01,18:30,exercise,,,3x15,Glute bridge\n"
        "2026-03-02,,dose,0.25,mg,semaglutide@thigh_left,\n".replace("0.25", "0.5")
        + "2026-03-02,,water,500,ml,,\n"
    )


def test_writes_in_pounds_inches_and_fluid_ounces():
    entries = [
        Entry(Kind.WEIGHT, dt.date(2026, 3, 1), 81.65),
        Entry(Kind.WAIST, dt.date(2026, 3, 1), 101.6),
        Entry(Kind.WATER, dt.date(2026, 3, 1), 237.0),
    ]
    text = entries_csv.write(entries, WeightUnit.LB, WaterUnit.FL_OZ)
    assert text.splitlines()[1:] == [
        "2026-03-01,,weight,180.01,lb,,",  # 81.65 kg / 0.45359237
        "2026-03-01,,waist,40,in,,",  # 101.6 cm / 2.54
        "2026-03-01,,water,8.01,fl_oz,,",  # 237 ml / 29.5735
    ]


@pytest.mark.parametrize(
    "row, kind, value_metric",
    [
        ("weight,180,lb", Kind.WEIGHT, 81.65),
        ("weight,81.65,KG", Kind.WEIGHT, 81.65),
        ("weight,180,lbs", Kind.WEIGHT, 81.65),
        ("lean_mass,120,lb", Kind.LEAN_MASS, 54.43),
        ("waist,40,in", Kind.WAIST, 101.6),
        ("hip,110,cm", Kind.HIP, 110.0),
        ("water,1.5,l", Kind.WATER, 1500.0),
        ("water,16,fl_oz", Kind.WATER, 473.0),
        ("water,16,fl oz", Kind.WATER, 473.0),
        ("water,500,mL", Kind.WATER, 500.0),
        ("body_fat,38.5,%", Kind.BODY_FAT, 38.5),
        ('weight,"81,5",kg', Kind.WEIGHT, 81.5),  # a decimal comma, quoted
    ],
)
def test_reads_either_unit_of_each_kind(row, kind, value_metric):
    (entry,) = read(HEADER + f"2026-03-01,,{row},,\n")
    assert entry.kind is kind
    assert entry.value == value_metric


def test_reads_exercises_and_sites_back():
    text = (
        HEADER + "2026-03-01,18:30,strength,45,min,glutes,Leg day\n"
        "2026-03-01,18:30,exercise,135,lb,3x10,Hip thrust\n"
        "2026-03-01,18:30,exercise,,,2X15,Clamshell\n"
        "2026-03-02,20:00,dose,2.5,mg,tirzepatide@arm_right,\n"
    )
    session, dose = read(text)
    assert session.note == "Leg day"
    assert session.exercises == (Exercise("Hip thrust", 3, 10, 61.23), Exercise("Clamshell", 2, 15))
    assert (dose.label, dose.site, dose.value) == ("tirzepatide", "arm_right", 2.5)


def test_accepts_a_bom_crlf_semicolons_and_missing_optional_columns():
    text = "\ufeffdate;kind;value;unit\r\n2026-03-01;weight;80;kg\r\n"
    (entry,) = read(text.encode("utf-8"))
    assert (entry.day, entry.value, entry.time, entry.note) == (dt.date(2026, 3, 1), 80.0, None, "")


def test_blank_lines_are_skipped():
    assert len(read(HEADER + "\n2026-03-01,,weight,80,kg,,\n,,,,,,\n")) == 1


@pytest.mark.parametrize(
    "row, column, message",
    [
        ("2026-13-01,,weight,80,kg,,", "date", "is not a date; write it as YYYY-MM-DD"),
        ("2026-03-01,7pm,weight,80,kg,,", "time", "is not a time"),
        ("2026-03-01,,weigth,80,kg,,", "kind", "'weigth' is not a kind"),
        ("2026-03-01,,weight,eighty,kg,,", "value", "'eighty' is not a number"),
        ("2026-03-01,,weight,80,stone,,", "unit", "weight is measured in kg or lb; got 'stone'"),
        ("2026-03-01,,weight,80,,,", "unit", "got an empty unit"),
        ("2026-03-01,,weight,800,kg,,", "value", "Weight must be between 25 and 350 kg"),
        ("2026-03-01,,protein,30,g,brunch,", "label", "Meal must be one of"),
        ("2026-03-01,,dose,0.5,mg,semaglutide@buttock,", "label", "Injection site"),
        ("2026-03-01,,dose,2.4,mg,ozempic,", "value", "A dose of Ozempic must be between 0.25"),
        ("2026-03-01,,body_fat,30,%,caliper,", "label", "measured by scale, dxa"),
        ("2026-03-30,,weight,80,kg,,", "date", "in the future"),
        ("2026-03-01,,exercise,60,kg,3x10,Squat", "kind", "must come right after its strength"),
        ("2026-03-01,,weight,80,kg,,,extra", "row", "The row has 8 cells"),
        ("2026-03-01,,weight,8_0,kg,,", "value", "'8_0' is not a number"),  # float(): 80
        ("2026-03-01,,weight,٨٠,kg,,", "value", "'٨٠' is not a number"),  # float(): 80
        ("2026-03-01,,weight,８０,kg,,", "value", "'８０' is not a number"),  # float(): 80
        ("2026-03-01,,weight,8e1,kg,,", "value", "'8e1' is not a number"),
        ("2026-03-01,,weight,inf,kg,,", "value", "'inf' is not a number"),
    ],
)
def test_a_bad_row_is_refused_with_its_row_and_column(row, column, message):
    text = HEADER + "2026-03-01,,weight,80,kg,,\n" + row + "\n"
    with pytest.raises(CsvRefused) as refused:
        read(text)
    (error,) = refused.value.errors
    assert (error.row, error.column) == (3, column)  # row 1 is the header, as in a spreadsheet
    assert message in error.message
    assert str(refused.value).startswith("Nothing was imported")


def test_a_dose_may_name_its_brand_and_a_reading_how_it_was_measured():
    text = HEADER + (
        "2026-03-01,07:00,dose,14,mg,rybelsus,\n"
        "2026-03-02,20:00,dose,1,mg,Ozempic@thigh_left,\n"
        "2026-03-03,,dose,0.5,mg,semaglutide,\n"
        "2026-03-04,,body_fat,31.5,%,dxa,\n"
        "2026-03-04,,lean_mass,52,kg,,\n"
    )
    doses = [(e.label, e.value, e.site) for e in read(text) if e.kind is Kind.DOSE]
    assert doses == [
        ("rybelsus", 14.0, ""),
        ("ozempic", 1.0, "thigh_left"),
        ("semaglutide", 0.5, ""),
    ]
    assert [e.label for e in read(text) if e.kind is not Kind.DOSE] == ["dxa", ""]


def test_exercise_rows_are_checked():
    text = HEADER + (
        "2026-03-01,18:00,strength,45,min,glutes,\n"
        "2026-03-01,18:00,exercise,60,kg,three sets,Squat\n"
        "2026-03-01,18:00,exercise,60,kg,3x0,Squat\n"
        "2026-03-01,18:00,exercise,60,kg,3x10,\n"
        "2026-03-01,18:00,exercise,60,stone,3x10,Squat\n"
    )
    with pytest.raises(CsvRefused) as refused:
        read(text)
    assert [(e.row, e.column) for e in refused.value.errors] == [
        (3, "label"),
        (4, "label"),
        (5, "note"),
        (6, "unit"),
    ]


def test_every_bad_row_is_listed():
    bad = "".join(f"2026-03-01,,weight,{kg},kg,,\n" for kg in (1, 2, 3))
    with pytest.raises(CsvRefused) as refused:
        read(HEADER + bad)
    assert [e.row for e in refused.value.errors] == [2, 3, 4]
    assert "the file has 3 problems" in str(refused.value)


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "The file is empty"),
        ("date,kind,amount\n", "missing column(s) value; unknown column(s) amount"),
        (b"date,kind,value\n2026-03-01,weight,\xff80\n", "not UTF-8"),
        ('date,kind,value\n2026-03-01,weight,"80\n', "not valid CSV"),
    ],
)
def test_a_file_that_is_not_an_entries_csv_is_refused(text, message):
    with pytest.raises(CsvRefused, match="Nothing was imported") as refused:
        read(text)
    assert message in str(refused.value)


def test_a_decimal_comma_in_a_quoted_cell_is_read():
    (entry,) = read(HEADER + '2026-03-01,,weight,"80,5",kg,,\n')
    assert entry.value == 80.5


LONG = "9" * 5_000 + "x"
SESSION = "2026-03-01,18:00,strength,45,min,glutes,\n"


@pytest.mark.parametrize(
    "rows",
    [
        f"{LONG},,weight,80,kg,,",
        f"2026-03-01,{LONG},weight,80,kg,,",
        f"2026-03-01,,{LONG},80,kg,,",
        f"2026-03-01,,weight,{LONG},kg,,",
        f"2026-03-01,,weight,80,{LONG},,",
        f"{SESSION}2026-03-01,18:00,exercise,60,kg,{LONG},Squat",
        f"{SESSION}2026-03-01,18:00,exercise,{LONG},kg,3x10,Squat",
    ],
)
def test_a_long_cell_is_quoted_short(rows):
    with pytest.raises(CsvRefused) as refused:
        read(HEADER + rows + "\n")
    assert len(str(refused.value)) < 400
    assert "9" * 40 + "…'" in str(refused.value)


def test_an_exercise_load_is_a_plain_number_too():
    with pytest.raises(CsvRefused) as refused:
        read(HEADER + SESSION + "2026-03-01,18:00,exercise,6_0,kg,3x10,Squat\n")
    (error,) = refused.value.errors
    assert (error.row, error.column) == (3, "value")
    assert "'6_0' is not a load" in error.message


def test_a_row_longer_than_the_limit_is_refused_before_it_is_read_whole():
    """A hostile file can be one cell of hundreds of megabytes: the reader stops at the limit."""
    cell = "a" * (5 * 1024 * 1024)
    data = (
        HEADER + "2026-03-01,,weight,80,kg,,\n" + f'2026-03-02,,weight,80,kg,,"{cell}"\n'
    ).encode()
    read_so_far = []

    class Watched(io.BytesIO):
        def read(self, size=-1):
            chunk = super().read(size)
            read_so_far.append(len(chunk))
            return chunk

        def read1(self, size=-1):
            chunk = super().read1(size)
            read_so_far.append(len(chunk))
            return chunk

    with pytest.raises(CsvRefused) as refused:
        entries_csv.read(Watched(data), TODAY)
    (error,) = refused.value.errors
    assert (error.row, error.column) == (3, "row")
    assert f"longer than {entries_csv.MAX_ROW_CHARS:,} characters" in error.message
    assert sum(read_so_far) < 4 * entries_csv.MAX_ROW_CHARS  # not the 5 MB


def test_a_file_is_read_as_a_stream_and_left_open():
    stream = io.BytesIO((HEADER + "2026-03-01,07:00,weight,80,kg,,\n").encode())
    assert [entry.value for entry in entries_csv.read(stream, TODAY)] == [80.0]
    assert not stream.closed  # closing the caller's file is the caller's business


@pytest.mark.parametrize(
    "note, written",
    [
        ('=HYPERLINK("http://x")', "'=HYPERLINK"),
        ("+1", "'+1"),
        ("-5 kg today", "'-5 kg today"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("'=already quoted", "''=already quoted"),
        ("it's fine", "it's fine"),
        ("'tis fine", "'tis fine"),
    ],
)
def test_formula_cells_are_neutralised_and_restored(note, written):
    entry = Entry(Kind.WEIGHT, dt.date(2026, 3, 1), 80.0, note=note)
    text = entries_csv.write([entry])
    assert text.splitlines()[1].split(",", 6)[6].strip('"').startswith(written)
    assert read(text) == [entry]


def test_pain_and_red_flags_in_the_csv():
    text = HEADER + (
        "2026-03-01,21:00,pain,6,score,left_buttock@sitting+aching,after a long drive\n"
        "2026-03-01,21:05,red_flag,0,answer,fall,\n"
        "2026-03-01,08:00,side_effect,2,grade,nausea,\n"
    )
    pain, flag, effect = read(text)
    assert (pain.label, pain.tags, pain.value) == ("left_buttock", ("aching", "sitting"), 6)
    assert (flag.label, flag.value) == ("fall", 0)
    assert (effect.label, effect.value) == ("nausea", 2)
    assert entries_csv.write([pain]).splitlines()[1] == (
        "2026-03-01,21:00,pain,6,score,left_buttock@aching+sitting,after a long drive"
    )
    with pytest.raises(CsvRefused, match="whole number from 0"):
        read(HEADER + "2026-03-01,,pain,6.5,score,hip,\n")
    with pytest.raises(CsvRefused, match="Pain can be described as"):
        read(HEADER + "2026-03-01,,pain,6,score,hip@burning,\n")


def test_exercise_names_are_neutralised_too():
    session = Entry(
        Kind.STRENGTH,
        dt.date(2026, 3, 1),
        30.0,
        label="full",
        exercises=(Exercise("=cmd|' /C calc'!A0", 1, 1),),
    )
    text = entries_csv.write([session])
    assert ",'=cmd" in text or "\"'=cmd" in text
    assert read(text) == [session]


# --- the round trip, for any entries the app can hold --------------------------------------

days = st.dates(min_value=dt.date(2015, 1, 1), max_value=TODAY)
times = st.none() | st.times().map(lambda t: t.replace(second=0, microsecond=0))
notes = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n\t"), max_size=40
)
names = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=20)


def _value(kind: Kind, low: float, high: float):
    values = st.floats(low, high, allow_nan=False)
    return values.map(lambda v: kinds.quantize(kind, v))


def _entries():
    @st.composite
    def one(draw):
        kind = draw(st.sampled_from(list(Kind)))
        if kinds.spec(kind).valid_range is not None:
            low, high = kinds.spec(kind).valid_range
        label, site, exercises = "", "", ()
        if kind is Kind.PROTEIN:
            label = draw(st.sampled_from(list(Meal))).value
        elif kind is Kind.STRENGTH:
            label = draw(st.sampled_from(list(Focus))).value
            exercises = tuple(
                draw(
                    st.lists(
                        st.builds(
                            Exercise,
                            name=names.map(str.strip).filter(bool),
                            sets=st.integers(1, 20),
                            reps=st.integers(1, 200),
                            load_kg=st.none() | st.floats(0, 500).map(lambda v: round(v, 2)),
                        ),
                        max_size=3,
                    )
                )
            )
        elif kind in (Kind.BODY_FAT, Kind.LEAN_MASS):
            label = draw(st.sampled_from(["", "scale", "dxa"]))
        elif kind is Kind.ACTIVITY:
            label = draw(st.sampled_from(["walk", "cycle", "swim", "other"]))
        elif kind is Kind.DOSE:
            label = draw(
                st.sampled_from(["semaglutide", "wegovy", "rybelsus", "zepbound", "other"])
            )
            low, high = medicines.product(Medicine(label)).dose_range_mg
            site = draw(st.sampled_from(["", *[s.value for s in InjectionSite]]))
        tags: tuple[str, ...] = ()
        graded = {Kind.SIDE_EFFECT: SideEffect, Kind.PAIN: PainLocation, Kind.RED_FLAG: RedFlag}
        if kind in graded:  # whole-number grades, not measurements
            label = draw(st.sampled_from(list(graded[kind]))).value
            value = float(draw(st.integers(int(low), int(high))))
            if kind is Kind.PAIN:
                tags = tuple(sorted(draw(st.sets(st.sampled_from(sorted(PAIN_TAGS))))))
        else:
            value = draw(_value(kind, low, high))
        return Entry(
            kind, draw(days), value, draw(times), label, draw(notes), site, exercises, tags=tags
        )

    return st.lists(one(), max_size=12)


@settings(max_examples=150, deadline=None)
@given(
    entries=_entries(),
    weight_unit=st.sampled_from(list(WeightUnit)),
    water_unit=st.sampled_from(list(WaterUnit)),
)
def test_write_then_read_gives_back_the_same_entries(entries, weight_unit, water_unit):
    text = entries_csv.write(entries, weight_unit, water_unit)
    assert read(text) == entries
