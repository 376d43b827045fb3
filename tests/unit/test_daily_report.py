"""The daily report CSV: one row a day, totals, trend and statuses, in the patient's units."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from tracker.domain import Entry, Exercise, Kind, Profile
from tracker.rules import guidance
from tracker.rules.history import History
from tracker.rules.targets import DEFAULT_TARGETS
from tracker.units import WaterUnit, WeightUnit
from tracker.views import daily

D0 = dt.date(2026, 3, 1)


def report(entries, profile=Profile(), start=D0, end=D0 + dt.timedelta(days=2)):
    text = daily.write(History.from_entries(entries), profile, DEFAULT_TARGETS, start, end)
    return list(csv.DictReader(io.StringIO(text)))


LOG = [
    Entry(Kind.WEIGHT, D0, 80.0),
    Entry(Kind.WEIGHT, D0, 81.0),
    Entry(Kind.PROTEIN, D0, 30.0, label="breakfast"),
    Entry(Kind.PROTEIN, D0, 20.0, label="lunch"),
    Entry(Kind.PROTEIN, D0, 10.0, label="lunch"),
    Entry(Kind.WATER, D0, 500.0),
    Entry(Kind.WATER, D0, 250.0),
    Entry(Kind.STRENGTH, D0, 40.0, label="glutes"),
    Entry(Kind.ACTIVITY, D0, 30.0, label="walk"),
    Entry(Kind.DOSE, D0, 0.25, label="semaglutide"),
    Entry(Kind.WEIGHT, D0 + dt.timedelta(days=2), 79.5),
]


def test_one_row_a_day_including_days_with_nothing_logged():
    rows = report(LOG)
    assert [row["date"] for row in rows] == ["2026-03-01", "2026-03-02", "2026-03-03"]
    assert rows[1]["weight_kg"] == "" and rows[1]["protein_g"] == ""


def test_the_days_totals():
    first = report(LOG)[0]
    assert first["weight_kg"] == "80.5"  # the mean of two weigh-ins
    assert first["protein_g"] == "60"
    assert first["protein_g_per_kg"] == "0.75"  # 60 g / 80.5 kg trend
    assert first["meals_with_enough_protein"] == "2"  # breakfast 30 g, lunch 20 + 10 g
    assert first["water_ml"] == "750"
    assert first["water_target_ml"] == "2624"  # 80.5 kg = 177.47 lb, half in fl oz = 2624 ml
    assert first["strength_sessions_7d"] == "1"
    assert first["glute_sessions_7d"] == "1"
    assert first["activity_min_7d"] == "30"
    assert first["dose_mg"] == "0.25"


def test_the_trend_and_trailing_counts_carry_over_days():
    third = report(LOG)[2]
    # two days after 80.5: 80.5 + (1 - 0.9^2) x (79.5 - 80.5) = 80.31
    assert third["trend_kg"] == "80.31"
    assert third["strength_sessions_7d"] == "1"
    assert third["activity_min_7d"] == "30"


def test_each_finding_has_a_status_column():
    row = report(LOG)[0]
    statuses = {code: row[f"status_{code}"] for code in guidance.CODES}
    # One day of log: most rules cannot judge yet; the glute session already meets its target,
    # a strength session on the day of the first dose is training from the start, and no
    # symptom was reported.
    assert {code for code, status in statuses.items() if status != "unknown"} == {
        "glute_focus",
        "strength_early",
        "side_effects",
        "pain_trend",
        "red_flag",
    }
    assert statuses["glute_focus"] == statuses["strength_early"] == "ok"


def test_in_pounds_and_fluid_ounces():
    profile = Profile(weight_unit=WeightUnit.LB, water_unit=WaterUnit.FL_OZ)
    row = report(LOG, profile)[0]
    assert row["weight_lb"] == "177.47"
    assert row["water_fl_oz"] == "25.4"
    assert "weight_kg" not in row


@pytest.mark.parametrize("profile", [Profile()])
def test_header_names_carry_units(profile):
    assert daily.header(profile)[:3] == ["date", "weight_kg", "trend_kg"]


# --- muscle kept, measured ----------------------------------------------------------------------

MUSCLE_LOG = [
    Entry(Kind.CHAIR_STAND_30S, D0, 12.0, label="home"),
    Entry(Kind.SIT_TO_STAND_5X, D0, 11.4, label="clinic"),
    Entry(Kind.GRIP_STRENGTH, D0, 24.5, label="clinic"),
    Entry(Kind.GAIT_SPEED, D0, 1.12, label="clinic"),
    Entry(Kind.SARC_F, D0, 3.0, label="S1 A0 R2 C0 F0"),
    Entry(Kind.CHAIR_STAND_30S, D0 + dt.timedelta(days=2), 13.0, label="home"),
    Entry(Kind.CHAIR_STAND_30S, D0 + dt.timedelta(days=2), 14.0, label="home"),  # later that day
    Entry(
        Kind.STRENGTH,
        D0,
        45.0,
        label="glutes",
        exercises=(
            Exercise("Hip thrust", 3, 10, 60.0),  # Epley: 60 x (1 + 10/30) = 80 kg
            Exercise("Goblet squat", 3, 8, 20.0),  # 25.33 kg
            Exercise("Bench press", 3, 5, 90.0),  # upper body: not counted (105 kg)
        ),
    ),
    Entry(
        Kind.STRENGTH,
        D0 + dt.timedelta(days=1),
        20.0,
        label="glutes",
        exercises=(Exercise("Glute bridge", 3, 15),),
    ),  # body weight: no estimate
]


def test_function_tests_and_the_best_lift_of_each_day():
    first, second, third = report(MUSCLE_LOG)
    assert first["chair_stand_30s_stands"] == "12"
    assert first["sit_to_stand_5x_s"] == "11.4"
    assert first["grip_kg"] == "24.5"
    assert first["gait_speed_m_s"] == "1.12"
    assert first["sarc_f_score"] == "3"
    assert first["lower_body_1rm_kg"] == "80"
    assert first["lower_body_1rm_exercise"] == "Hip thrust"
    # A day with body-weight work alone has no estimate, and no test.
    assert second["lower_body_1rm_kg"] == second["lower_body_1rm_exercise"] == ""
    assert second["chair_stand_30s_stands"] == second["sarc_f_score"] == ""
    # Of two chair stands on one day, the later given, as the findings read it.
    assert third["chair_stand_30s_stands"] == "14"
    assert third["grip_kg"] == ""


def test_grip_and_lifts_follow_the_patients_weight_unit():
    row = report(MUSCLE_LOG, Profile(weight_unit=WeightUnit.LB))[0]
    assert row["grip_lb"] == "54.01"  # 24.5 kg
    assert row["lower_body_1rm_lb"] == "176.37"  # 80 kg
    assert "grip_kg" not in row and "lower_body_1rm_kg" not in row


def test_the_new_findings_have_status_columns():
    row = report(MUSCLE_LOG)[0]
    # A SARC-F of 3 is under the line and the other results are within their references
    # (the chair stand has no norm without an age): judged, and on track.
    assert row["status_function"] == "ok"
    # One day of lifting is not enough to compare.
    assert row["status_strength_kept"] == "unknown"
    assert row["strength_change_pct"] == ""


def test_the_strength_change_is_the_findings_figure():
    week = dt.timedelta(days=7)
    start = D0 - 10 * week

    def squats(day, load_kg):
        return Entry(
            Kind.STRENGTH,
            day,
            30.0,
            label="lower",
            exercises=(Exercise("Back squat", 3, 5, load_kg),),
        )

    # Baseline (the first 4 logged weeks): 100 kg x 5; the last 4 weeks: 90 kg x 5.
    lifted = [squats(start, 100.0), squats(start + week, 100.0)]
    lifted += [squats(D0 - week, 90.0), squats(D0, 90.0)]
    row = report(lifted, start=D0, end=D0)[0]
    assert row["strength_change_pct"] == "-10"
    assert row["status_strength_kept"] == "watch"
    assert row["lower_body_1rm_kg"] == "105"  # 90 x (1 + 5/30)


def test_an_exercise_name_that_looks_like_a_formula_is_neutralised():
    named = Entry(
        Kind.STRENGTH,
        D0,
        30.0,
        label="glutes",
        exercises=(Exercise("=HYPERLINK(1) squat", 3, 5, 50.0),),
    )
    row = report([named])[0]
    assert row["lower_body_1rm_exercise"] == "'=HYPERLINK(1) squat"
