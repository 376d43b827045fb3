"""The medication picture in words: what a patient brings to the prescriber."""

from __future__ import annotations

import datetime as dt

from tracker.domain import Entry, Kind, Medicine
from tracker.rules import medication as m
from tracker.rules.history import DoseTaken, History
from tracker.rules.targets import DEFAULT_TARGETS
from tracker.units import WeightUnit
from tracker.views import dose_tables

D0 = dt.date(2026, 1, 5)


def day(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


def weekly(weeks: int, mg: float, first: int = 0, medicine: Medicine = Medicine.WEGOVY):
    return [DoseTaken(day(first + 7 * w), medicine, mg) for w in range(weeks)]


def test_steps_name_the_label_step_and_only_the_latest_says_what_comes_next():
    doses = weekly(4, 0.25) + weekly(2, 0.5, first=28) + weekly(1, 1.7, first=42)
    table = dose_tables.steps_table(m.dose_steps(doses, on=day(45)))

    assert table["Dose"].tolist() == ["0.25 mg", "0.5 mg", "1.7 mg"]
    assert table["Label"].tolist() == [
        "Wegovy step 1 of 5",
        "Wegovy step 2 of 5",
        "Wegovy step 4 of 5",
    ]
    assert table["From"].tolist() == ["5 Jan 2026", "2 Feb 2026", "16 Feb 2026"]
    assert table["Note"].tolist() == [
        "",
        "",
        "stepped up early: the label asks for 4 doses of the dose before; skipped 1 label "
        "step; label's next step 2.4 mg from 16 Mar 2026",
    ]


def test_a_dose_off_the_label_and_the_top_dose_say_so():
    off = dose_tables.steps_table(m.dose_steps(weekly(1, 0.3)))
    assert off["Label"].tolist() == ["not a Wegovy step"]
    bare = dose_tables.steps_table(m.dose_steps(weekly(1, 0.5, medicine=Medicine.SEMAGLUTIDE)))
    assert bare["Label"].tolist() == ["brand not given"]
    assert bare["Medicine"].tolist() == ["Semaglutide"]
    top = dose_tables.steps_table(m.dose_steps(weekly(2, 2.4)))
    assert top["Note"].tolist() == ["the label's top dose"]


def test_timing_lists_late_missed_and_overdue_doses_but_not_those_on_time():
    doses = [
        DoseTaken(day(0), Medicine.OZEMPIC, 1.0),
        DoseTaken(day(7), Medicine.OZEMPIC, 1.0),  # on time
        DoseTaken(day(16), Medicine.OZEMPIC, 1.0),  # 9 days: 2 days late
        DoseTaken(day(30), Medicine.OZEMPIC, 1.0),  # 14 days: one dose missed
    ]
    table = dose_tables.timing_table(m.dose_gaps(doses, on=day(45)))

    assert table["What happened"].tolist() == [
        "2 days late",
        "1 dose missed",
        "overdue: 1 dose missed so far",
    ]
    assert table["Next dose"].tolist() == ["21 Jan 2026", "4 Feb 2026", "none by 19 Feb 2026"]
    assert table["Days apart"].tolist() == [9, 14, 15]
    assert table["Medicine"].tolist() == ["Ozempic"] * 3


def test_loss_on_each_step_is_in_the_patients_unit_and_judged_like_the_finding():
    # 1 kg a week from 100 kg on one four-week step: about 1.0 % a week, a watch.
    entries = [Entry(Kind.WEIGHT, day(n), 100 - n / 7) for n in range(28)]
    entries += [Entry(Kind.DOSE, d.day, d.dose_mg, label="semaglutide") for d in weekly(4, 0.5)]
    losses = m.loss_by_step(History.from_entries(entries), on=day(27))

    in_kg = dose_tables.loss_rows(losses, WeightUnit.KG, DEFAULT_TARGETS)
    assert in_kg["Loss a week"].tolist() == ["1 kg"]
    assert in_kg["% a week"].tolist() == ["1.04"]  # 1 / 96.14 kg on the step's last day
    assert in_kg["Pace"].tolist() == ["Watch"]
    in_lb = dose_tables.loss_rows(losses, WeightUnit.LB, DEFAULT_TARGETS)
    assert in_lb["Loss a week"].tolist() == ["2.2 lb"]


def test_a_step_with_too_few_weighins_shows_no_rate():
    losses = m.loss_by_step(
        History.from_entries([Entry(Kind.DOSE, day(0), 0.25, label="semaglutide")]), on=day(6)
    )
    row = dose_tables.loss_rows(losses, WeightUnit.KG, DEFAULT_TARGETS).iloc[0]
    assert (row["Loss a week"], row["% a week"], row["Pace"]) == ("–", "–", "Not enough data")
