"""MyFitnessPal, Cronometer and Withings exports become protein, water, weight and body composition.

Expected values come from the sample files (``tests/data/samples``) and the counts in their
README; the variants (a ``Time`` column, a byte-order mark, German headers, pounds, ``;`` with
decimal commas, bad cells) are small strings written here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from tracker.domain import Entry, Kind
from tracker.formats import validate
from tracker.imports import cronometer, myfitnesspal, renpho, withings
from tracker.imports.base import Context, ImportRefused, Parsed, Source, unpack
from tracker.units import WeightUnit

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
MFP_FOLDER = SAMPLES / "mfp" / "File-Export-2026-03-02-to-2026-03-15"
MFP_ZIP = SAMPLES / "mfp" / "File-Export-2026-03-02-to-2026-03-15.zip"
NUTRITION_CSV = "Nutrition-Summary-2026-03-02-to-2026-03-15.csv"
TODAY = dt.date(2026, 3, 16)
KG = Context(today=TODAY)
LB = Context(today=TODAY, weight_unit=WeightUnit.LB)

MFP_HEADER = (
    "Date,Meal,Calories,Fat (g),Saturated Fat,Polyunsaturated Fat,Monounsaturated Fat,Trans Fat,"
    "Cholesterol,Sodium (mg),Potassium,Carbohydrates (g),Fiber,Sugar,Protein (g),Vitamin A,"
    "Vitamin C,Calcium,Iron,Note"
)
MFP_CELLS_WITH_PROTEIN_30 = "1,1,1,1,1,1,1,1,1,1,1,1,30.0,1,1,1,1,"
"""The cells after Date and Meal of a nutrition row with 30 g protein."""
MFP_EXERCISE_HEADER = (
    "Date,Exercise,Type,Exercise Calories,Exercise Minutes,Sets,Reps Per Set,Kilograms,Steps,Note"
)
SERVINGS_HEADER = "Day,Time,Group,Food Name,Amount,Energy (kcal),Water (g),Protein (g),Category"
BIOMETRICS_HEADER = "Day,Time,Group,Metric,Unit,Amount"
WITHINGS_HEADER = (
    'Date,"Weight (kg)","Fat mass (kg)","Bone mass (kg)","Muscle mass (kg)","Hydration (kg)",'
    "Comments"
)
RENPHO_OLD = (
    "Time of Measurement,Weight(lb),BMI,Body Fat(%),Fat-free Body Weight(lb),Subcutaneous Fat(%),"
    "Visceral Fat,Body Water(%),Skeletal Muscle(%),Muscle Mass(lb),Bone Mass(lb),Protein(%),"
    "BMR(kcal),Metabolic Age,Remarks\n"
    '"July 4, 2022 9:34:26 AM",164.2,24.3,12.7,143.4,10.7,7.0,63.0,56.4,136.2,7.2,19.9,1774.0,'
    "19.0,--\n"
    '"July 1, 2022 9:34:00 AM",165.2,24.5,--,--,--,--,--,--,--,--,--,--,--,--\n'
)
"""The older Renpho app's layout (rows from SamJSui/Renpho-BFP-Predictor ``data.csv``)."""
RENPHO_NEW_HEADER = (
    "Date, Time, Weight(kg),BMI,Body Fat(%),Skeletal Muscle(%),Fat-Free Mass(kg),"
    "Subcutaneous Fat(%),Visceral Fat,Body Water(%),Muscle Mass(kg),Bone Mass(kg),Protein (%),"
    "BMR(kcal),Metabolic Age,Optimal Weight(kg),Target to optimal weight(kg),"
    "Target to optimal fat mass(kg),Target to optimal muscle mass(kg),Body Type,Remarks\n"
)
RENPHO_NEW_ROWS = (
    "02/04/2026,05:23:48,86.95,29.1,30.9,44.5,60.08,27.2,12,49.9,57.04,3.04,15.8,1683,54,"
    "--, --, --, --, --, --\n"
    "01/04/2026,05:16:10,87.05,29.1,30.9,44.5,60.15,27.2,12,49.9,57.10,3.05,15.8,1687,54,"
    "--, --, --, --, --, --\n"
)
"""The newer app's layout (aguivari/convert-renpho-garmin ``samples/renpho.csv``)."""
ENTRIES_CSV = "date,time,kind,value,unit,label,note\n2026-03-01,07:00,weight,95.0,kg,,\n"


def sample(path: str) -> Source:
    return Source.from_path(SAMPLES / path)


def mfp_folder() -> list[Source]:
    return [Source.from_path(path) for path in sorted(MFP_FOLDER.iterdir())]


def text(name: str, content: str) -> Source:
    return Source.from_bytes(name, content.encode("utf-8"))


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def of_kind(parsed: Parsed, kind: Kind) -> list[Entry]:
    return [entry for entry in parsed.entries if entry.kind is kind]


def totals_by_day(entries: list[Entry]) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for entry in entries:
        totals[entry.day.isoformat()[5:]] += entry.value
    return {key: round(value, 1) for key, value in sorted(totals.items())}


def meals_of(entries: list[Entry], on: str) -> dict[str, float]:
    return {entry.label: entry.value for entry in entries if entry.day == day(on)}


def values(entries: list[Entry]) -> list[tuple[str, str | None, float]]:
    """(MM-DD, HH:MM or None, value), in date order (newest-first files do not matter)."""
    return sorted(
        (entry.day.isoformat()[5:], entry.time and entry.time.strftime("%H:%M"), entry.value)
        for entry in entries
    )


def assert_stored_as_is(parsed: Parsed) -> None:
    """Every entry already is what validation would store: nothing is changed or refused."""
    for entry in parsed.entries:
        assert validate.entry(entry, TODAY) is entry


def refused(importer, sources: list[Source], context: Context = KG) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        importer.parse(sources, context)
    return caught.value


# --- MyFitnessPal ----------------------------------------------------------------------------

MFP_PROTEIN_BY_DAY = {
    "03-02": 102.1,
    "03-03": 98.4,
    "03-04": 104.4,
    "03-05": 99.3,
    "03-06": 96.0,
    "03-07": 102.9,
    "03-08": 92.5,
    "03-09": 104.5,
    "03-10": 98.6,
    "03-11": 107.4,
    "03-12": 103.7,
    "03-13": 106.2,
    "03-14": 91.9,
    "03-15": 104.7,
}


def assert_mfp_sample(parsed: Parsed) -> None:
    protein = of_kind(parsed, Kind.PROTEIN)
    assert len(protein) == 51
    assert totals_by_day(protein) == MFP_PROTEIN_BY_DAY
    assert meals_of(protein, "2026-03-02") == {
        "breakfast": 24.5,
        "lunch": 31.0,
        "dinner": 38.2,
        "snack": 8.4,
    }
    assert meals_of(protein, "2026-03-08") == {"lunch": 35.6, "dinner": 42.1, "snack": 14.8}
    assert all(entry.time is None for entry in protein)
    assert values(of_kind(parsed, Kind.WEIGHT)) == [("03-05", None, 95.0), ("03-07", None, 94.9)]
    assert parsed.skipped == {}
    assert_stored_as_is(parsed)


def test_myfitnesspal_folder_gives_51_meals_two_weights_and_the_exercise():
    sources = mfp_folder()
    assert myfitnesspal.IMPORTER.accepts(sources)
    parsed = myfitnesspal.IMPORTER.parse(sources, KG)
    assert parsed.format == "myfitnesspal"
    assert_mfp_sample(parsed)
    assert of_kind(parsed, Kind.ACTIVITY) == [
        Entry(Kind.ACTIVITY, day("2026-03-04"), 40.0, label="walk", note="Walking"),
        Entry(
            Kind.ACTIVITY,
            day("2026-03-11"),
            45.0,
            label="walk",
            note="Walking, 3.5 mph, brisk pace",  # the quotes inside the value are dropped
        ),
    ]
    assert of_kind(parsed, Kind.STRENGTH) == [
        Entry(
            Kind.STRENGTH,
            day("2026-03-12"),
            35.0,
            label="upper",  # the name does not say; upper never counts as glute work
            note="Strength training (weight lifting, weight training)",
        )
    ]
    first_protein = parsed.entries.index(of_kind(parsed, Kind.PROTEIN)[0])
    assert parsed.origin[first_protein] == (NUTRITION_CSV, 2)
    assert any("read as kg" in note for note in parsed.notes)
    assert any("Strength training" in note for note in parsed.notes)


def test_myfitnesspal_zip_gives_the_same_as_the_folder():
    sources = unpack(Source.from_path(MFP_ZIP))
    assert len(sources) == 3
    assert myfitnesspal.IMPORTER.accepts(sources)
    parsed = myfitnesspal.IMPORTER.parse(sources, KG)
    assert_mfp_sample(parsed)
    folder = myfitnesspal.IMPORTER.parse(mfp_folder(), KG)
    assert sorted(parsed.entries, key=repr) == sorted(folder.entries, key=repr)
    first_protein = parsed.entries.index(of_kind(parsed, Kind.PROTEIN)[0])
    assert parsed.origin[first_protein] == (f"{MFP_ZIP.name}/{NUTRITION_CSV}", 2)


def test_myfitnesspal_nutrition_file_alone_is_enough():
    parsed = myfitnesspal.IMPORTER.parse([Source.from_path(MFP_FOLDER / NUTRITION_CSV)], KG)
    assert len(parsed.entries) == 51
    assert parsed.notes == []


def test_myfitnesspal_weights_are_read_in_the_patients_unit():
    parsed = myfitnesspal.IMPORTER.parse(mfp_folder(), LB)
    assert values(of_kind(parsed, Kind.WEIGHT)) == [
        ("03-05", None, 43.09),  # 95.0 lb
        ("03-07", None, 43.05),  # 94.9 lb
    ]
    assert any("read as lb" in note for note in parsed.notes)


def test_myfitnesspal_time_column_bom_crlf_and_the_users_own_meal_names():
    content = (
        "\ufeffDate,Meal,Time,Calories,Fat (g),Protein (g),Note\r\n"
        "2026-03-02,breakfast,7:10 AM,320.1,12.7,24.5,\r\n"
        "2026-03-02,LUNCH,,397.2,15.1,31.0,\r\n"
        "2026-03-02,Post-Workout,6:45 PM,210.0,3.0,30.2,shake\r\n"
        "2026-03-02,Dinner,19:30,557.3,18.9,38.2,\r\n"
        "2026-03-02,Snacks,,80.0,0.5,0.0,\r\n"
    )
    source = Source.from_bytes("Nutrition-Summary.csv", content.encode("utf-8"))
    assert myfitnesspal.IMPORTER.accepts([source])
    parsed = myfitnesspal.IMPORTER.parse([source], KG)
    assert parsed.entries == [
        Entry(Kind.PROTEIN, day("2026-03-02"), 24.5, dt.time(7, 10), "breakfast"),
        Entry(Kind.PROTEIN, day("2026-03-02"), 31.0, None, "lunch"),
        Entry(Kind.PROTEIN, day("2026-03-02"), 30.2, dt.time(18, 45), "snack"),
        Entry(Kind.PROTEIN, day("2026-03-02"), 38.2, dt.time(19, 30), "dinner"),
    ]
    assert parsed.origin[2] == ("Nutrition-Summary.csv", 4)
    assert parsed.skipped == {myfitnesspal.SKIP_NO_PROTEIN: 1}
    assert parsed.notes == [
        "MyFitnessPal meals 'Post-Workout' were recorded as snack: the tracker's meals are "
        "breakfast, lunch, dinner and snack."
    ]
    assert_stored_as_is(parsed)


def test_myfitnesspal_semicolons_and_decimal_commas():
    header = MFP_HEADER.replace(",", ";")
    row = "2026-03-02;Breakfast;320,1;12,7;3,4;2,3;0;0;140;195,4;0;29,2;6,2;5,3;24,5;2;2;2;0;"
    source = text("nutrition.csv", f"{header}\n{row}\n")
    assert myfitnesspal.IMPORTER.accepts([source])
    parsed = myfitnesspal.IMPORTER.parse([source], KG)
    assert parsed.entries == [Entry(Kind.PROTEIN, day("2026-03-02"), 24.5, label="breakfast")]


def test_myfitnesspal_exercise_rows_that_are_not_sessions_are_counted_not_imported():
    nutrition = text(
        "n.csv", f"{MFP_HEADER}\n2026-03-02,Lunch,1,1,1,1,1,1,1,1,1,1,1,1,30.0,1,1,1,1,\n"
    )
    exercise = text(
        "e.csv",
        f"{MFP_EXERCISE_HEADER}\n"
        "2026-03-02,MapMyFitness calorie adjustment,Cardio,0.0,1,,,,,\n"
        "2026-03-02,Running,Cardio,507.0,38,,,,,\n"
        "2026-03-02,push ups,Strength,,,3,16,,,\n"
        "2026-03-03,Cycling,Cardio,300.0,30,,,,,\n"
        "2026-03-03,Generic,Cardio,100.0,,,,,,\n"
        '2026-03-04,"""Weight lifting, squats""",Cardio,145.0,50,,,,,\n',
    )
    parsed = myfitnesspal.IMPORTER.parse([nutrition, exercise], KG)
    assert [(e.kind, e.value, e.label) for e in parsed.entries[1:]] == [
        (Kind.ACTIVITY, 38.0, "other"),
        (Kind.ACTIVITY, 30.0, "cycle"),
        (Kind.STRENGTH, 50.0, "lower"),  # "squats" in the name
    ]
    assert parsed.skipped == {
        myfitnesspal.SKIP_ADJUSTMENT: 1,
        myfitnesspal.SKIP_STRENGTH_EXERCISE: 1,
        myfitnesspal.SKIP_NO_MINUTES: 1,
    }


def test_myfitnesspal_bad_number_names_file_row_and_column():
    source = text(
        "Nutrition-Summary.csv",
        f"{MFP_HEADER}\n"
        "2026-03-02,Breakfast,1,1,1,1,1,1,1,1,1,1,1,1,24.5,1,1,1,1,\n"
        "2026-03-02,Lunch,1,1,1,1,1,1,1,1,1,1,1,1,3l.0,1,1,1,1,\n",
    )
    error = refused(myfitnesspal.IMPORTER, [source])
    assert (error.file, error.row, error.column) == ("Nutrition-Summary.csv", 3, "Protein (g)")
    assert "'3l.0' is not a number" in str(error)
    assert str(error).startswith("Nutrition-Summary.csv, row 3, column 'Protein (g)': ")


def test_myfitnesspal_bad_date_and_time_are_refused_with_their_place():
    bad_date = text(
        "n.csv", f"{MFP_HEADER}\n02/03/2026,Lunch,1,1,1,1,1,1,1,1,1,1,1,1,30,1,1,1,1,\n"
    )
    error = refused(myfitnesspal.IMPORTER, [bad_date])
    assert (error.row, error.column) == (2, "Date")
    bad_time = text("n.csv", "Date,Meal,Time,Protein (g)\n2026-03-02,Lunch,noon,30\n")
    error = refused(myfitnesspal.IMPORTER, [bad_time])
    assert (error.row, error.column) == (2, "Time")


# --- Cronometer ------------------------------------------------------------------------------


def test_cronometer_servings_give_28_meal_totals_and_water_per_day():
    source = sample("cronometer/servings.csv")
    assert cronometer.IMPORTER.accepts([source])
    parsed = cronometer.IMPORTER.parse([source], KG)
    assert parsed.format == "cronometer"
    protein = of_kind(parsed, Kind.PROTEIN)
    assert len(protein) == 28
    assert totals_by_day(protein) == {
        "02-23": 128.1,
        "02-24": 113.9,
        "02-25": 92.4,
        "02-26": 110.3,
        "02-27": 119.2,
        "02-28": 88.2,
        "03-01": 117.0,
    }
    assert meals_of(protein, "2026-02-23") == {
        "breakfast": 17.9,
        "lunch": 51.2,
        "dinner": 35.0,
        "snack": 24.0,
    }
    # Meals add up to the day's total: 22.6 + 25.33 + 60.04 + 5.92 = 113.89 g, so the dinner is
    # stored as 60.1 (rounding each meal alone would give 60.0 and a day of 113.8 g).
    assert meals_of(protein, "2026-02-24") == {
        "breakfast": 22.6,
        "lunch": 25.3,
        "dinner": 60.1,
        "snack": 5.9,
    }
    breakfast = next(e for e in protein if e.day == day("2026-02-23") and e.label == "breakfast")
    assert breakfast.time == dt.time(7, 45)  # the group's earliest time
    assert parsed.origin[parsed.entries.index(breakfast)] == ("servings.csv", 2)
    water = of_kind(parsed, Kind.WATER)
    assert totals_by_day(water) == {
        "02-23": 973.0,  # 500 g + "2.00 cup" = 473.18 g
        "02-24": 500.0,
        "02-25": 1000.0,
        "02-26": 500.0,
        "02-27": 500.0,
        "02-28": 973.0,
        "03-01": 500.0,
    }
    assert len(water) == 7  # one per day: two untimed 500 mL glasses are not one glass twice
    assert parsed.skipped == {}
    assert parsed.notes == [
        "Water comes from the foods named water (such as Tap Water); the water inside other "
        "foods is not counted."
    ]
    assert_stored_as_is(parsed)


def test_cronometer_biometrics_give_weight_body_fat_and_waist():
    source = sample("cronometer/biometrics.csv")
    assert cronometer.IMPORTER.accepts([source])
    parsed = cronometer.IMPORTER.parse([source], KG)
    assert values(of_kind(parsed, Kind.WEIGHT)) == [
        ("02-23", "07:10", 96.45),
        ("02-24", "07:02", 96.2),
        ("02-25", "06:55", 96.31),
        ("02-26", "07:20", 96.02),
        ("02-27", "07:05", 95.88),
        ("03-01", "08:40", 95.64),
    ]
    assert values(of_kind(parsed, Kind.BODY_FAT)) == [
        ("02-23", "07:10", 38.7),
        ("03-01", "08:40", 38.5),
    ]
    assert values(of_kind(parsed, Kind.WAIST)) == [("03-01", "08:45", 105.0)]
    assert len(parsed.entries) == 9
    assert parsed.skipped == {
        "Cronometer metric 'Sleep (Garmin)' (not tracked)": 7,
        "Cronometer metric 'Heart Rate (Garmin)' (not tracked)": 7,
    }
    assert sum(parsed.skipped.values()) == 14
    assert parsed.origin[0] == ("biometrics.csv", 3)
    assert_stored_as_is(parsed)


def test_cronometer_both_files_and_the_rest_of_the_export():
    daily = text(
        "dailysummary.csv", "Date,Energy (kcal),Protein (g),Completed\n2026-02-23,1,1,true\n"
    )
    sources = [sample("cronometer/servings.csv"), sample("cronometer/biometrics.csv"), daily]
    assert cronometer.IMPORTER.accepts(sources)
    parsed = cronometer.IMPORTER.parse(sources, KG)
    assert Counter(e.kind for e in parsed.entries) == {
        Kind.PROTEIN: 28,
        Kind.WATER: 7,
        Kind.WEIGHT: 6,
        Kind.BODY_FAT: 2,
        Kind.WAIST: 1,
    }
    assert parsed.notes[-1] == "Not read (not needed by the tracker): dailysummary.csv."


def test_cronometer_own_groups_water_names_and_an_older_file_without_water_column():
    content = (
        "Day,Time,Group,Food Name,Amount,Energy (kcal),Protein (g),Category\n"
        '2026-02-23,8:05 AM,"BREAKFAST","Eggs, Scrambled","100.00 g",150,10.0,"Eggs"\n'
        '2026-02-23,7:55 AM,"breakfast","Whey Protein","30.00 g",120,24.0,""\n'
        '2026-02-23,,"Supplements","Collagen Peptides","10.00 g",36,9.0,""\n'
        '2026-02-23,,"Supplements","Water","1.00 cup",0,0.00,"Beverages"\n'
        '2026-02-23,,"Snacks","Coconut Water","250.00 g",45,0.5,"Beverages"\n'
        '2026-02-23,,"Snacks","Bottled Water","0.50 l",0,,"Beverages"\n'
        '2026-02-23,,"Snacks","Sparkling Mineral Water","1.00 bottle",0,,"Beverages"\n'
        '2026-02-24,9:00 PM,"Dinner","Water, tap, drinking","8.00 fl oz",0,,"Beverages"\n'
        '2026-02-24,,"Dinner","Black Coffee","240.00 g",2,,"Beverages"\n'
    )
    source = text("servings.csv", content)
    assert cronometer.IMPORTER.accepts([source])
    parsed = cronometer.IMPORTER.parse([source], KG)
    assert parsed.entries == [
        Entry(Kind.PROTEIN, day("2026-02-23"), 34.0, dt.time(7, 55), "breakfast"),
        Entry(Kind.PROTEIN, day("2026-02-23"), 9.0, None, "snack"),  # Supplements
        Entry(Kind.PROTEIN, day("2026-02-23"), 0.5, None, "snack"),  # coconut water is food
        Entry(Kind.WATER, day("2026-02-23"), 737.0),  # 1 cup (236.59 mL) + 0.5 L
        Entry(Kind.WATER, day("2026-02-24"), 237.0, dt.time(21, 0)),  # 8 fl oz
    ]
    assert parsed.skipped == {
        cronometer.SKIP_WATER_AMOUNT: 1,  # "1.00 bottle"
        cronometer.SKIP_NO_PROTEIN: 1,  # the coffee
    }
    assert parsed.notes[0] == (
        "Cronometer groups 'Supplements' were recorded as snack: the tracker's meals are "
        "breakfast, lunch, dinner and snack."
    )
    assert_stored_as_is(parsed)


@pytest.mark.parametrize(
    ("name", "water"),
    [
        ("Tap Water", True),
        ("Water", True),
        ("water, bottled, generic", True),
        ("Beverages, water, tap, drinking", True),
        ("Coconut Water", False),
        ("Watermelon, raw", False),
        ("Water Chestnuts", False),
        ("Tonic Water", False),
    ],
)
def test_cronometer_water_is_told_by_the_food_name(name, water):
    assert cronometer.is_water(name) is water


def test_cronometer_biometrics_in_pounds_and_inches_with_semicolons_and_decimal_commas():
    content = (
        "Day;Time;Group;Metric;Unit;Amount\n"
        "2026-02-23;7:10 AM;Uncategorized;Weight;lbs;212,6\n"
        "2026-02-23;7:10 AM;Uncategorized;Body Fat;%;38,7\n"
        "2026-02-23;12:30 PM;Uncategorized;Waist;in;41,3\n"
        "2026-02-23;;Uncategorized;Blood Glucose;mg/dL;98,0\n"
    )
    parsed = cronometer.IMPORTER.parse([text("biometrics.csv", content)], KG)
    assert parsed.entries == [
        Entry(Kind.WEIGHT, day("2026-02-23"), 96.43, dt.time(7, 10)),  # 212.6 lb
        Entry(Kind.BODY_FAT, day("2026-02-23"), 38.7, dt.time(7, 10)),
        Entry(Kind.WAIST, day("2026-02-23"), 104.9, dt.time(12, 30)),  # 41.3 in
    ]
    assert parsed.skipped == {"Cronometer metric 'Blood Glucose' (not tracked)": 1}


def test_cronometer_bad_number_and_unknown_unit_name_file_row_and_column():
    servings = text(
        "servings.csv",
        f'{SERVINGS_HEADER}\n2026-02-23,,"Lunch","Chicken","150.00 g",247,97,46.5g,""\n',
    )
    error = refused(cronometer.IMPORTER, [servings])
    assert (error.file, error.row, error.column) == ("servings.csv", 2, "Protein (g)")
    biometrics = text("biometrics.csv", f"{BIOMETRICS_HEADER}\n2026-02-23,,x,Weight,st,15.2\n")
    error = refused(cronometer.IMPORTER, [biometrics])
    assert (error.file, error.row, error.column) == ("biometrics.csv", 2, "Unit")
    assert "'st'" in str(error) and "kg, lb" in str(error)
    bad_time = text("biometrics.csv", f"{BIOMETRICS_HEADER}\n2026-02-23,7h10,x,Weight,kg,96\n")
    error = refused(cronometer.IMPORTER, [bad_time])
    assert (error.row, error.column) == (2, "Time")


# --- Withings --------------------------------------------------------------------------------


def test_withings_sample_gives_weights_body_fat_and_lean_mass():
    source = sample("withings/weight.csv")
    assert withings.IMPORTER.accepts([source])
    parsed = withings.IMPORTER.parse([source], KG)
    assert parsed.format == "withings"
    assert values(of_kind(parsed, Kind.WEIGHT)) == [
        ("03-02", "07:05", 95.42),
        ("03-03", "07:12", 95.18),
        ("03-04", "06:58", 95.31),
        ("03-06", "07:21", 94.85),
        ("03-08", "08:34", 94.72),
        ("03-09", "07:02", 94.61),
        ("03-10", "06:49", 94.38),
        ("03-11", "07:15", 94.55),
        ("03-12", "07:08", 94.21),
        ("03-13", "07:01", 94.09),
        ("03-14", "08:47", 94.27),
        ("03-15", "08:22", 93.88),
    ]
    body_fat = values(of_kind(parsed, Kind.BODY_FAT))
    lean = values(of_kind(parsed, Kind.LEAN_MASS))
    assert len(body_fat) == 11 and len(lean) == 11
    assert "03-04" not in {row[0] for row in body_fat + lean}  # a weigh-in without composition
    assert body_fat[0] == ("03-02", "07:05", 38.5)
    assert body_fat[-1] == ("03-15", "08:22", 38.1)  # 35.77 / 93.88 = 38.10 %
    assert [value for _, _, value in body_fat] == [
        *(38.5, 38.5, 38.4),
        *(38.3, 38.3, 38.2, 38.2, 38.2, 38.2, 38.1, 38.1),  # Apple Health's values, same days
    ]
    assert lean[-1] == ("03-15", "08:22", 58.11)  # 93.88 - 35.77, not Muscle mass 55.09
    assert [value for _, _, value in lean][3:] == [
        *(58.41, 58.38, 58.28, 58.41, 58.24, 58.19, 58.33, 58.11)
    ]
    assert parsed.origin[0] == ("weight.csv", 2)
    assert parsed.origin[1] == ("weight.csv", 2)
    assert parsed.skipped == {}
    assert parsed.notes == [
        "Lean mass is weight minus fat mass. Withings' muscle mass, which leaves out bone, is not "
        "imported."
    ]
    assert_stored_as_is(parsed)


def test_withings_german_header():
    content = (
        'Date,"Gewicht (kg)","Fettmasse (kg)","Knochenmasse (kg)","Muskelmasse (kg)",'
        '"Wasseranteil (kg)",Kommentare\n'
        '"2026-03-15 08:22:10",93.88,35.77,3.02,55.09,42.10,\n'
        '"2026-03-14 08:47:25",94.27,,,,,\n'
    )
    source = text("weight.csv", content)
    assert withings.IMPORTER.accepts([source])
    parsed = withings.IMPORTER.parse([source], KG)
    assert parsed.entries == [
        Entry(Kind.WEIGHT, day("2026-03-15"), 93.88, dt.time(8, 22)),
        Entry(Kind.BODY_FAT, day("2026-03-15"), 38.1, dt.time(8, 22)),
        Entry(Kind.LEAN_MASS, day("2026-03-15"), 58.11, dt.time(8, 22)),
        Entry(Kind.WEIGHT, day("2026-03-14"), 94.27, dt.time(8, 47)),
    ]


def test_withings_pound_account():
    content = (
        WITHINGS_HEADER.replace("(kg)", "(lb)") + "\n"
        '"2026-03-15 08:22:10",207.0,78.9,6.66,121.45,92.81,\n'
    )
    source = text("weight.csv", content)
    assert withings.IMPORTER.accepts([source])
    parsed = withings.IMPORTER.parse([source], KG)
    assert parsed.entries == [
        Entry(Kind.WEIGHT, day("2026-03-15"), 93.89, dt.time(8, 22)),  # 207.0 lb
        Entry(Kind.BODY_FAT, day("2026-03-15"), 38.1, dt.time(8, 22)),  # 78.9 / 207.0
        Entry(Kind.LEAN_MASS, day("2026-03-15"), 58.11, dt.time(8, 22)),  # 128.1 lb
    ]
    assert_stored_as_is(parsed)


def test_withings_semicolons_and_decimal_commas():
    content = (
        WITHINGS_HEADER.replace(",", ";") + "\n2026-03-15 08:22:10;93,88;35,77;3,02;55,09;42,10;\n"
    )
    parsed = withings.IMPORTER.parse([text("weight.csv", content)], KG)
    assert [entry.value for entry in parsed.entries] == [93.88, 38.1, 58.11]


def test_withings_bad_number_and_date_name_file_row_and_column():
    content = f'{WITHINGS_HEADER}\n"2026-03-15 08:22:10",93.88,35.77,,,,\n"2026-03-14",9a.2,,,,,\n'
    error = refused(withings.IMPORTER, [text("weight.csv", content)])
    assert (error.file, error.row, error.column) == ("weight.csv", 3, "Weight (kg)")
    content = f"{WITHINGS_HEADER}\n15.03.2026 08:22,93.88,35.77,,,,\n"
    error = refused(withings.IMPORTER, [text("weight.csv", content)])
    assert (error.file, error.row, error.column) == ("weight.csv", 2, "Date")


# --- Renpho ----------------------------------------------------------------------------------


def test_renpho_older_layout_in_pounds():
    source = text("renpho.csv", RENPHO_OLD)
    assert renpho.IMPORTER.accepts([source])
    parsed = renpho.IMPORTER.parse([source], KG)
    assert parsed.format == "renpho"
    assert parsed.entries == [
        Entry(Kind.WEIGHT, day("2022-07-04"), 74.48, dt.time(9, 34)),  # 164.2 lb
        Entry(Kind.BODY_FAT, day("2022-07-04"), 12.7, dt.time(9, 34)),
        Entry(Kind.LEAN_MASS, day("2022-07-04"), 65.05, dt.time(9, 34)),  # 143.4 lb fat-free
        Entry(Kind.WEIGHT, day("2022-07-01"), 74.93, dt.time(9, 34)),  # "--": weight only
    ]
    assert parsed.origin[3] == ("renpho.csv", 3)
    assert_stored_as_is(parsed)


def test_renpho_newer_layout_reads_slashed_dates_as_the_file_shows_them():
    later = text("renpho.csv", RENPHO_NEW_HEADER + RENPHO_NEW_ROWS.replace("02/04", "13/04"))
    parsed = renpho.IMPORTER.parse([later], Context(today=dt.date(2026, 4, 20)))
    assert parsed.entries[:3] == [  # 13/04: the day comes first, so 01/04 is 1 April
        Entry(Kind.WEIGHT, day("2026-04-13"), 86.95, dt.time(5, 23)),
        Entry(Kind.BODY_FAT, day("2026-04-13"), 30.9, dt.time(5, 23)),
        Entry(Kind.LEAN_MASS, day("2026-04-13"), 60.08, dt.time(5, 23)),
    ]
    assert parsed.entries[3].day == day("2026-04-01")
    # Before 2 April 2026, 02/04/2026 can only be 4 February.
    source = text("renpho.csv", RENPHO_NEW_HEADER + RENPHO_NEW_ROWS)
    assert renpho.IMPORTER.accepts([source])
    parsed = renpho.IMPORTER.parse([source], KG)
    assert [entry.day for entry in of_kind(parsed, Kind.WEIGHT)] == [
        day("2026-02-04"),
        day("2026-01-04"),
    ]
    # Once both readings are in the past, nothing in the file tells: refused, not guessed.
    error = refused(renpho.IMPORTER, [source], Context(today=dt.date(2026, 4, 20)))
    assert "day/month or as month/day" in str(error) and error.file == "renpho.csv"


def test_renpho_newer_layout_with_year_first_dots():
    rows = RENPHO_NEW_ROWS.replace("02/04/2026", "2025.12.26").replace("01/04/2026", "2025.12.25")
    parsed = renpho.IMPORTER.parse([text("renpho.csv", RENPHO_NEW_HEADER + rows)], KG)
    assert values(of_kind(parsed, Kind.WEIGHT)) == [
        ("12-25", "05:16", 87.05),
        ("12-26", "05:23", 86.95),
    ]


def test_renpho_bad_number_names_file_row_and_column():
    content = RENPHO_OLD.replace(",164.2,", ",164..2,")
    error = refused(renpho.IMPORTER, [text("renpho.csv", content)])
    assert (error.file, error.row, error.column) == ("renpho.csv", 2, "Weight(lb)")


# --- detection: each importer takes only its own files ----------------------------------------

OTHER_FILES = {
    "entries": lambda: text("entries.csv", ENTRIES_CSV),
    "apple": lambda: sample("apple_health/export.xml"),
    "strong": lambda: sample("strong/strong.csv"),
    "strong_v6": lambda: sample("strong/strong_v6.csv"),
    "hevy": lambda: sample("hevy/workout_data.csv"),
    "mfp_nutrition": lambda: Source.from_path(MFP_FOLDER / NUTRITION_CSV),
    "mfp_measurement": lambda: Source.from_path(
        MFP_FOLDER / "Measurement-Summary-2026-03-02-to-2026-03-15.csv"
    ),
    "cronometer_servings": lambda: sample("cronometer/servings.csv"),
    "cronometer_biometrics": lambda: sample("cronometer/biometrics.csv"),
    "withings": lambda: sample("withings/weight.csv"),
    "renpho_old": lambda: text("renpho.csv", RENPHO_OLD),
    "renpho_new": lambda: text("renpho.csv", RENPHO_NEW_HEADER + RENPHO_NEW_ROWS),
    "empty": lambda: text("empty.csv", ""),
    "binary": lambda: Source.from_bytes("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"),
}
OWN_FILES = {
    myfitnesspal.IMPORTER: {"mfp_nutrition"},
    cronometer.IMPORTER: {"cronometer_servings", "cronometer_biometrics"},
    withings.IMPORTER: {"withings"},
    renpho.IMPORTER: {"renpho_old", "renpho_new"},
}


@pytest.mark.parametrize("importer", list(OWN_FILES), ids=lambda importer: importer.name)
@pytest.mark.parametrize("file", list(OTHER_FILES))
def test_accepts_only_its_own_files(importer, file):
    assert importer.accepts([OTHER_FILES[file]()]) is (file in OWN_FILES[importer])


def test_myfitnesspal_measurements_alone_are_not_taken_for_an_export():
    """``Date,Weight`` could come from anywhere; the nutrition file says it is MyFitnessPal."""
    assert not myfitnesspal.IMPORTER.accepts(
        [Source.from_path(MFP_FOLDER / "Measurement-Summary-2026-03-02-to-2026-03-15.csv")]
    )
