"""The medication picture against values worked by hand: the drug-level model, the label's
escalation, late and missed doses, the loss rate on each dose, and the level chart."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from tracker import medication as m
from tracker.domain import Drug, Entry, Kind
from tracker.history import DoseTaken, History

D0 = dt.date(2026, 1, 5)  # a Monday
SEMA, TIRZ, LIRA, DULA = Drug.SEMAGLUTIDE, Drug.TIRZEPATIDE, Drug.LIRAGLUTIDE, Drug.DULAGLUTIDE


def day(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


def dose(n: int, mg: float, drug: Drug = SEMA) -> DoseTaken:
    return DoseTaken(day(n), drug, mg)


def weekly(weeks: int, mg: float, drug: Drug = SEMA, first: int = 0) -> list[DoseTaken]:
    return [dose(first + 7 * w, mg, drug) for w in range(weeks)]


# --- the model ------------------------------------------------------------------------------

# ka solves ln(x) / (x - 1) = ke·tmax with x = ka/ke, worked by hand:
#   semaglutide  ke = ln2/168 = 0.004126/h, ke·tmax = 0.1733; x = 17.53: ln x = 2.864, /16.53
#   tirzepatide  ke = ln2/120 = 0.005776/h, ke·tmax = 0.1386; x = 23.89: ln x = 3.174, /22.89
#   liraglutide  ke = ln2/13  = 0.05332/h,  ke·tmax = 0.5865; x = 2.682: ln x = 0.9866, /1.682
#   dulaglutide  ke = ln2/112.8 = 0.006145/h, ke·tmax = 0.2950; x = 8.086: ln x = 2.090, /7.086
KA = [
    (SEMA, 168.0, 42.0, 0.004126 * 17.53),
    (TIRZ, 120.0, 24.0, 0.005776 * 23.89),
    (LIRA, 13.0, 11.0, 0.05332 * 2.682),
    (DULA, 112.8, 48.0, 0.006145 * 8.086),
]


@pytest.mark.parametrize(("drug", "half_life_h", "tmax_h", "ka_by_hand"), KA)
def test_ka_is_solved_for_each_drug(drug, half_life_h, tmax_h, ka_by_hand):
    k = m.KINETICS[drug]
    assert k.half_life_h == pytest.approx(half_life_h)
    assert k.tmax_h == tmax_h
    assert k.ke_per_h == pytest.approx(math.log(2) / half_life_h)
    assert k.ka_per_h > k.ke_per_h
    assert k.ka_per_h == pytest.approx(ka_by_hand, rel=2e-3)
    peak_h = math.log(k.ka_per_h / k.ke_per_h) / (k.ka_per_h - k.ke_per_h)
    assert peak_h == pytest.approx(tmax_h, abs=1e-6)


def test_ka_has_no_solution_when_the_peak_is_later_than_one_over_ke():
    with pytest.raises(ValueError):
        m.solve_ka(0.01, 100.0)  # ke·tmax = 1: the peak can be no later than 1/ke = 100 h


@pytest.mark.parametrize("drug", list(m.KINETICS))
def test_one_dose_peaks_at_the_drugs_tmax(drug):
    k = m.KINETICS[drug]
    minutes = np.arange(0, 3 * k.tmax_h, 1 / 60)  # a one-minute grid
    level = k.single_dose(1.0, minutes)
    assert minutes[np.argmax(level)] == pytest.approx(k.tmax_h, abs=2 / 60)


@pytest.mark.parametrize("drug", list(m.KINETICS))
def test_once_absorbed_the_level_halves_every_half_life(drug):
    # C(t+t½)/C(t) = (e^(-ke(t+t½)) - e^(-ka(t+t½))) / (e^(-ke t) - e^(-ka t)) → e^(-ke·t½) = 0.5
    # once e^(-ka t) is negligible: at t = 8 half-lives, e^(-(ka-ke)t) < 1e-5 for every drug.
    k = m.KINETICS[drug]
    t = 8 * k.half_life_h
    ratio = k.single_dose(1.0, t + k.half_life_h) / k.single_dose(1.0, t)
    assert ratio == pytest.approx(0.5, rel=1e-4)


def test_superposition_matches_a_sum_of_single_doses():
    """The running sums give what summing every dose at every time gives, for odd times."""
    k = m.KINETICS[SEMA]
    doses = [(0.0, 0.25), (170.5, 0.25), (330.0, 0.5), (333.0, 0.5), (700.25, 1.0)]
    hours = np.array([-5.0, 0.0, 1.0, 170.5, 200.0, 331.0, 333.0, 800.0, 2000.0])
    direct = [sum(k.single_dose(mg, t - at) for at, mg in doses if at <= t) for t in hours]
    assert m.amounts(k, doses, hours) == pytest.approx(direct, rel=1e-12, abs=1e-15)


def _peaks(k: m.Kinetics, doses: int, interval_h: float) -> list[float]:
    """The peak after each of ``doses`` equal doses, on a six-minute grid."""
    hours = np.arange(0, doses * interval_h, 0.1)
    level = m.amounts(k, [(n * interval_h, 1.0) for n in range(doses)], hours)
    per_interval = round(interval_h / 0.1)
    return [float(level[n * per_interval : (n + 1) * per_interval].max()) for n in range(doses)]


def test_weekly_doses_reach_a_steady_state():
    k = m.KINETICS[SEMA]
    peaks = _peaks(k, 20, 168.0)
    # After the 10th dose 2^-9 ≈ 0.2 % of the build-up is left; after the 20th, none to speak of.
    assert peaks[9] / peaks[19] == pytest.approx(1.0, abs=3e-3)
    assert peaks[19] == pytest.approx(k.steady_state_peak(1.0, 168.0), rel=1e-4)


def test_accumulation_at_steady_state_is_one_over_one_minus_e_to_the_minus_ke_tau():
    # Trough just before the next dose: once absorbed (e^(-ka·168) ≈ 5e-6 for semaglutide),
    # dose n leaves Σ e^(-ke·168·j) (j = 1..n) = 1 + 1/2 + 1/4 + ... → 2 times what one dose left,
    # 1 / (1 - e^(-ke·τ)) = 1 / (1 - 2^(-168/168)) = 2 for a weekly dose with a week's half-life.
    k = m.KINETICS[SEMA]
    tau = 168.0
    first_trough = m.amounts(k, [(0.0, 1.0)], np.array([tau - 1e-9]))[0]
    doses = [(n * tau, 1.0) for n in range(30)]
    steady_trough = m.amounts(k, doses, np.array([30 * tau - 1e-9]))[0]
    assert steady_trough / first_trough == pytest.approx(2.0, rel=1e-3)


def test_dulaglutide_accumulates_as_its_label_measured():
    # 1 / (1 - 2^(-168/112.8)) = 1 / (1 - 0.3563) = 1.554; the Trulicity label: about 1.56.
    k = m.KINETICS[DULA]
    assert 1 / -math.expm1(-k.ke_per_h * 168.0) == pytest.approx(1.56, abs=0.01)


# --- the level over time --------------------------------------------------------------------


def test_a_dose_without_a_time_is_taken_at_noon_and_a_logged_time_is_kept():
    assert m.dose_at(dose(0, 0.25)) == dt.datetime(2026, 1, 5, 12, 0)
    timed = m.TimedDose(day(0), SEMA, 0.25, dt.time(20, 30))
    assert m.dose_at(timed) == dt.datetime(2026, 1, 5, 20, 30)
    entries = [
        Entry(Kind.DOSE, day(7), 0.5, time=dt.time(8, 0), label="semaglutide"),
        Entry(Kind.WEIGHT, day(0), 90.0),
        Entry(Kind.DOSE, day(0), 0.25, label="semaglutide"),
    ]
    assert m.doses_from_entries(entries) == [
        m.TimedDose(day(0), SEMA, 0.25, None),
        m.TimedDose(day(7), SEMA, 0.5, dt.time(8, 0)),
    ]


def test_the_level_is_a_percent_of_the_top_doses_steady_state_peak():
    doses = weekly(4, 1.0) + weekly(16, 2.0, first=28)
    start = dt.datetime.combine(day(0), dt.time())
    curves = m.estimated_levels(doses, start, start + dt.timedelta(weeks=20), step_hours=1.0)
    (curve,) = curves
    assert curve.drug is SEMA
    assert curve.reference_mg == 2.0
    k = m.KINETICS[SEMA]
    assert curve.reference_level == pytest.approx(k.steady_state_peak(2.0, 168.0))
    # Before the first dose (noon on day 0) there is nothing; 16 weeks on 2 mg reach the peak.
    assert curve.percent[:13].max() == 0.0
    assert curve.percent.max() == pytest.approx(100.0, abs=0.5)
    # 42 h after the first dose: one 1 mg dose at its peak, in % of the 2 mg steady peak.
    at_peak = 100 * k.single_dose(1.0, 42.0) / curve.reference_level
    assert curve.percent[12 + 42] == pytest.approx(at_peak)
    assert curve.times[12 + 42] == np.datetime64("2026-01-07T06:00")


def test_doses_before_the_period_count_and_other_drugs_have_no_level():
    doses = [*weekly(8, 0.5), dose(3, 5.0, Drug.OTHER)]
    start = dt.datetime.combine(day(49), dt.time())
    (curve,) = m.estimated_levels(doses, start, start + dt.timedelta(days=2))
    assert curve.percent.min() > 30
    assert m.estimated_levels([dose(3, 5.0, Drug.OTHER)], start, start + dt.timedelta(1)) == []


def test_each_drug_has_its_own_yardstick():
    doses = [*weekly(4, 0.25), *weekly(4, 2.5, TIRZ, first=28)]
    start = dt.datetime.combine(day(0), dt.time())
    curves = m.estimated_levels(doses, start, start + dt.timedelta(weeks=8))
    assert [(c.drug, c.reference_mg) for c in curves] == [(SEMA, 0.25), (TIRZ, 2.5)]


def test_the_level_at_a_dose_is_the_trough_it_tops_up():
    doses = [*weekly(2, 1.0), dose(14, 2.0, Drug.OTHER)]
    levels = m.level_at_doses(doses)
    k = m.KINETICS[SEMA]
    trough = 100 * k.single_dose(1.0, 168.0) / k.steady_state_peak(1.0, 168.0)
    assert levels == [pytest.approx(0.0), pytest.approx(trough), None]


# --- the escalation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_on_first", "early"),
    [(14, True), (21, True), (26, True), (27, False), (28, False), (35, False)],
)
def test_a_step_up_before_four_weeks_is_early(days_on_first, early):
    doses = [dose(n, 0.25) for n in range(0, days_on_first, 7)] + [dose(days_on_first, 0.5)]
    first, second = m.dose_steps(doses)
    assert first.change is m.StepChange.START and not first.early
    assert second.change is m.StepChange.UP
    assert second.early is early
    assert first.end_day == day(days_on_first - 1)


@pytest.mark.parametrize(("days_on_first", "early"), [(6, True), (7, False)])
def test_saxenda_steps_up_weekly_with_no_grace(days_on_first, early):
    doses = [dose(n, 0.6, LIRA) for n in range(days_on_first)] + [dose(days_on_first, 1.2, LIRA)]
    first, second = m.dose_steps(doses)
    assert first.schedule is m.SAXENDA
    assert first.doses == days_on_first
    assert second.early is early


def test_the_steps_follow_the_wegovy_label_with_the_next_step_and_its_day():
    doses = weekly(4, 0.25) + weekly(4, 0.5, first=28) + weekly(3, 1.7, first=56)
    steps = m.dose_steps(doses, on=day(75))
    assert [(s.dose_mg, s.first_day, s.change, s.early) for s in steps] == [
        (0.25, day(0), m.StepChange.START, False),
        (0.5, day(28), m.StepChange.UP, False),
        (1.7, day(56), m.StepChange.UP, False),
    ]
    assert all(s.schedule is m.WEGOVY and s.on_label for s in steps)
    assert [s.skipped_steps for s in steps] == [0, 0, 1]  # 0.5 → 1.7 passes over 1 mg
    assert [(s.next_mg, s.next_from) for s in steps] == [
        (0.5, day(28)),
        (1.0, day(56)),
        (2.4, day(84)),
    ]
    # The latest step runs to ``on`` (its last dose, day 70, covers to day 76).
    assert steps[-1].end_day == day(75)
    assert steps[-1].weeks == pytest.approx(20 / 7)
    assert steps[0].weeks == 4.0


def test_two_mg_semaglutide_is_ozempic_and_the_top_step_has_no_next():
    doses = weekly(4, 1.0) + weekly(2, 2.0, first=28)
    steps = m.dose_steps(doses)
    assert {s.schedule for s in steps} == {m.OZEMPIC}
    assert steps[-1].next_mg is None and steps[-1].next_from is None
    assert steps[-1].end_day == day(35 + 6)  # no ``on``: the last dose's week


def test_steps_down_back_up_and_switches_are_never_early():
    doses = [
        *weekly(4, 5.0, TIRZ),
        dose(28, 2.5, TIRZ),  # down after nausea
        dose(35, 5.0, TIRZ),  # back up a week later: a dose already taken
        dose(42, 0.25, SEMA),  # a switch
        dose(49, 0.5, SEMA),  # a new high a week after the switch: early
    ]
    steps = m.dose_steps(doses)
    assert [(s.change, s.early) for s in steps] == [
        (m.StepChange.START, False),
        (m.StepChange.DOWN, False),
        (m.StepChange.UP, False),
        (m.StepChange.SWITCH, False),
        (m.StepChange.UP, True),
    ]


def test_off_label_doses_and_other_drugs():
    (step,) = m.dose_steps([dose(0, 0.75)])
    assert step.schedule is m.WEGOVY and not step.on_label and step.next_mg == 1.0
    (other,) = m.dose_steps([dose(0, 3.0, Drug.OTHER)])
    assert other.schedule is None and other.next_mg is None and not other.on_label
    assert m.dose_steps([]) == []


def test_doses_after_on_are_left_out():
    steps = m.dose_steps(weekly(8, 0.25) + weekly(2, 0.5, first=56), on=day(50))
    assert [(s.dose_mg, s.end_day) for s in steps] == [(0.25, day(50))]


# --- late and missed doses ------------------------------------------------------------------

GAPS = [
    # drug, gap (days), timing, days late, missed
    (SEMA, 0, m.Timing.TOO_SOON, 0, 0),
    (SEMA, 1, m.Timing.TOO_SOON, 0, 0),
    (SEMA, 2, m.Timing.ON_TIME, 0, 0),  # Ozempic/Wegovy: the day may move if 2 days apart
    (SEMA, 7, m.Timing.ON_TIME, 0, 0),
    (SEMA, 8, m.Timing.LATE, 1, 0),
    (SEMA, 12, m.Timing.LATE, 5, 0),  # the last day of Ozempic's 5-day window
    (SEMA, 13, m.Timing.MISSED, 0, 1),  # past it: week 1 skipped, week 2's dose a day early
    (SEMA, 14, m.Timing.MISSED, 0, 1),
    (SEMA, 19, m.Timing.MISSED, 5, 1),
    (SEMA, 20, m.Timing.MISSED, 0, 2),
    (TIRZ, 2, m.Timing.TOO_SOON, 0, 0),  # Mounjaro/Zepbound: at least 3 days (72 h) apart
    (TIRZ, 3, m.Timing.ON_TIME, 0, 0),
    (TIRZ, 11, m.Timing.LATE, 4, 0),  # the last day of the 4-day (96 h) window
    (TIRZ, 12, m.Timing.MISSED, 0, 1),
    (DULA, 11, m.Timing.LATE, 4, 0),  # Trulicity: while the next dose is 3 or more days away
    (DULA, 12, m.Timing.MISSED, 0, 1),
    (LIRA, 0, m.Timing.TOO_SOON, 0, 0),  # two doses in a day
    (LIRA, 1, m.Timing.ON_TIME, 0, 0),
    (LIRA, 2, m.Timing.MISSED, 0, 1),
    (LIRA, 4, m.Timing.MISSED, 0, 3),
]


@pytest.mark.parametrize(("drug", "gap", "timing", "days_late", "missed"), GAPS)
def test_late_and_missed_at_the_label_boundaries(drug, gap, timing, days_late, missed):
    assert m.judge_gap(m.REGIMENS[drug], gap) == (timing, days_late, missed)
    (judged,) = m.dose_gaps([dose(0, 1.0, drug), dose(gap, 1.0, drug)])
    assert (judged.timing, judged.days_late, judged.missed, judged.open) == (
        timing,
        days_late,
        missed,
        False,
    )


@pytest.mark.parametrize(
    ("drug", "gap", "restart"),
    [(SEMA, 26, False), (SEMA, 27, True), (LIRA, 3, False), (LIRA, 4, True), (TIRZ, 60, False)],
)
def test_the_label_says_when_to_start_the_escalation_again(drug, gap, restart):
    # Wegovy: more than 2 missed doses in a row. The third week's dose is missed once its
    # 5-day window has closed: 21 + 5 = 26 days may still be a late third dose, 27 may not.
    # Saxenda: more than 3 days since the last dose. Zepbound/Mounjaro: the label says nothing.
    (judged,) = m.dose_gaps([dose(0, 1.0, drug), dose(gap, 1.0, drug)])
    assert judged.restart_per_label is restart


@pytest.mark.parametrize(
    ("days_since", "expected"),
    [
        (7, None),
        (8, (m.Timing.LATE, 1, 0)),
        (12, (m.Timing.LATE, 5, 0)),
        (21, (m.Timing.MISSED, 0, 2)),
    ],
)
def test_an_overdue_dose_is_an_open_gap(days_since, expected):
    gaps = m.dose_gaps(weekly(2, 0.5), on=day(7 + days_since))
    assert [g.timing for g in gaps[:1]] == [m.Timing.ON_TIME]
    open_gaps = [(g.timing, g.days_late, g.missed) for g in gaps if g.open]
    assert open_gaps == ([expected] if expected else [])


def test_switches_and_other_drugs_are_not_judged():
    other = Drug.OTHER
    doses = [dose(0, 0.5), dose(30, 2.5, TIRZ), dose(31, 1.0, other), dose(32, 1.0, other)]
    assert m.dose_gaps(doses, on=day(60)) == []


# --- the loss on each dose ------------------------------------------------------------------


def test_the_loss_rate_on_each_step_is_read_on_its_last_day():
    # Daily weigh-ins: 0.5 kg a week on 0.25 mg (days 0-27), then 1 kg a week on 0.5 mg.
    def kg(n: int) -> float:
        return 100 - 0.5 * n / 7 if n < 28 else 98 - (n - 28) / 7

    entries = [Entry(Kind.WEIGHT, day(n), kg(n)) for n in range(56)]
    entries += [Entry(Kind.DOSE, d.day, d.dose_mg, label="semaglutide") for d in weekly(4, 0.25)]
    entries += [
        Entry(Kind.DOSE, d.day, d.dose_mg, label="semaglutide") for d in weekly(4, 0.5, first=28)
    ]
    history = History.from_entries(entries)
    first, second = m.loss_by_step(history, on=day(55))
    # Step 1 ends on day 27: the 28-day window holds days 0-27 only, on the 0.5 kg line, whose
    # value on day 27 is 100 - 0.5·27/7 = 98.071 kg: 0.5 / 98.071 = 0.5098 % a week.
    assert first.step.end_day == day(27)
    assert first.loss_kg_per_week == pytest.approx(0.5)
    assert first.loss_pct_per_week == pytest.approx(100 * 0.5 / (100 - 0.5 * 27 / 7))
    # Step 2 ends on day 55 (``on``): days 28-55, 1 kg a week from 98 down to 98 - 27/7 = 94.143.
    assert second.step.end_day == day(55)
    assert second.loss_kg_per_week == pytest.approx(1.0)
    assert second.loss_pct_per_week == pytest.approx(100 * 1.0 / (98 - 27 / 7))

    table = m.loss_table([first, second])
    assert list(table.columns) == m.LOSS_TABLE_COLUMNS
    assert table["dose_mg"].tolist() == [0.25, 0.5]
    assert table["weeks"].tolist() == [4.0, 4.0]
    assert table["weighins"].tolist() == [28, 28]
    assert table["loss_pct_per_week"].round(4).tolist() == [0.5098, 1.0622]


def test_a_step_without_enough_weighins_has_no_rate():
    history = History.from_entries(
        [Entry(Kind.DOSE, day(0), 0.25, label="semaglutide"), Entry(Kind.WEIGHT, day(0), 90.0)]
    )
    (loss,) = m.loss_by_step(history, on=day(6))
    assert loss.rate is None and loss.loss_kg_per_week is None and loss.loss_pct_per_week is None
    assert m.loss_table([loss])["weighins"].tolist() == [0]


def test_the_picture_gathers_steps_gaps_and_losses():
    entries = [Entry(Kind.DOSE, d.day, d.dose_mg, label="tirzepatide") for d in weekly(3, 2.5)]
    picture = m.picture(History.from_entries(entries), on=day(30))
    assert [s.dose_mg for s in picture.steps] == [2.5]
    assert [(g.timing, g.open) for g in picture.gaps][-1] == (m.Timing.MISSED, True)
    assert len(picture.losses) == 1


# --- the figure -----------------------------------------------------------------------------


def test_the_figure_is_labelled_an_estimate_with_one_level_line_and_the_doses():
    doses = weekly(4, 0.25) + weekly(4, 0.5, first=28)
    fig = m.level_figure(doses, day(0), day(59))
    assert fig.layout.title.text == "Estimated medicine level (a model, not a measurement)"
    assert "not a measurement" in fig.layout.title.text
    lines = [tr for tr in fig.data if tr.mode == "lines"]
    assert [tr.name for tr in lines] == ["Estimated level"]
    (markers,) = [tr for tr in fig.data if tr.mode == "markers"]
    assert len(markers.x) == 8 and markers.x[0] == "2026-01-05 12:00"
    assert markers.text[-1] == "0.5 mg semaglutide"
    # The same x range as the weight chart's: the night before the first day to that after.
    assert list(fig.layout.xaxis.range) == ["2026-01-04 12:00", "2026-03-05 12:00"]
    assert lines[0].x[0] == "2026-01-04T12:00" and lines[0].x[-1] == "2026-03-05T12:00"
    assert fig.layout.meta == m.LEVEL_KEY
    assert max(lines[0].y) < 100  # eight weeks: not yet at the 0.5 mg steady peak
    assert "%Y" in fig.layout.xaxis.hoverformat  # a history in years: the hover names the year


def test_the_figure_without_a_period_runs_from_the_first_dose_a_week_past_the_last():
    fig = m.level_figure(weekly(2, 2.5, TIRZ))
    assert list(fig.layout.xaxis.range) == ["2026-01-04 12:00", "2026-01-19 12:00"]


def test_two_drugs_draw_two_lines():
    doses = [*weekly(4, 0.25), *weekly(4, 2.5, TIRZ, first=28)]
    fig = m.level_figure(doses, day(0), day(55))
    lines = [tr.name for tr in fig.data if tr.mode == "lines"]
    assert lines == ["Semaglutide (model)", "Tirzepatide (model)"]


@pytest.mark.parametrize(
    "doses",
    [[], [dose(0, 1.0, Drug.OTHER)], weekly(2, 0.5, first=100)],
    ids=["no doses", "no model", "all after the period"],
)
def test_no_modelled_dose_no_figure(doses):
    assert m.level_figure(doses, day(0), day(30)) is None
