"""The medication picture against values worked by hand: the drug-level model, each brand's
escalation, late and missed doses, the loss rate on each dose, and the level chart."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from tracker.domain import Drug, Entry, Kind, Medicine
from tracker.rules import medication as m
from tracker.rules.history import DoseTaken, History
from tracker.rules.medicines import Form
from tracker.views import charts

D0 = dt.date(2026, 1, 5)  # a Monday
WEGOVY, OZEMPIC, ZEPBOUND = Medicine.WEGOVY, Medicine.OZEMPIC, Medicine.ZEPBOUND
SAXENDA, TRULICITY, RYBELSUS = Medicine.SAXENDA, Medicine.TRULICITY, Medicine.RYBELSUS
SEMA, TIRZ, LIRA, DULA = Drug.SEMAGLUTIDE, Drug.TIRZEPATIDE, Drug.LIRAGLUTIDE, Drug.DULAGLUTIDE
INJECTED_SEMA = m.KINETICS[SEMA, Form.INJECTION]
ORAL_SEMA = m.KINETICS[SEMA, Form.TABLET]


def day(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


def dose(n: int, mg: float, medicine: Medicine = WEGOVY) -> DoseTaken:
    return DoseTaken(day(n), medicine, mg)


def weekly(weeks: int, mg: float, medicine: Medicine = WEGOVY, first: int = 0) -> list[DoseTaken]:
    return [dose(first + 7 * w, mg, medicine) for w in range(weeks)]


def daily(days: int, mg: float, medicine: Medicine = RYBELSUS, first: int = 0) -> list[DoseTaken]:
    return [dose(first + n, mg, medicine) for n in range(days)]


# --- the model ------------------------------------------------------------------------------

# ka solves ln(x) / (x - 1) = ke·tmax with x = ka/ke, worked by hand:
#   semaglutide  ke = ln2/168 = 0.004126/h, ke·tmax = 0.1733; x = 17.53: ln x = 2.864, /16.53
#   tirzepatide  ke = ln2/120 = 0.005776/h, ke·tmax = 0.1386; x = 23.89: ln x = 3.174, /22.89
#   liraglutide  ke = ln2/13  = 0.05332/h,  ke·tmax = 0.5865; x = 2.682: ln x = 0.9866, /1.682
#   dulaglutide  ke = ln2/112.8 = 0.006145/h, ke·tmax = 0.2950; x = 8.086: ln x = 2.090, /7.086
#   oral semaglutide  ke·tmax = 0.004126 (peak at 1 h); x = 1820.5: ln x = 7.507, /1819.5
KA = [
    (SEMA, Form.INJECTION, 168.0, 42.0, 0.004126 * 17.53),
    (SEMA, Form.TABLET, 168.0, 1.0, 0.004126 * 1820.5),
    (TIRZ, Form.INJECTION, 120.0, 24.0, 0.005776 * 23.89),
    (LIRA, Form.INJECTION, 13.0, 11.0, 0.05332 * 2.682),
    (DULA, Form.INJECTION, 112.8, 48.0, 0.006145 * 8.086),
]


@pytest.mark.parametrize(("drug", "form", "half_life_h", "tmax_h", "ka_by_hand"), KA)
def test_ka_is_solved_for_each_formulation(drug, form, half_life_h, tmax_h, ka_by_hand):
    k = m.KINETICS[drug, form]
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


@pytest.mark.parametrize("formulation", list(m.KINETICS))
def test_one_dose_peaks_at_the_formulations_tmax(formulation):
    k = m.KINETICS[formulation]
    minutes = np.arange(0, 3 * k.tmax_h, 1 / 60)  # a one-minute grid
    level = k.single_dose(1.0, minutes)
    assert minutes[np.argmax(level)] == pytest.approx(k.tmax_h, abs=2 / 60)


@pytest.mark.parametrize("formulation", list(m.KINETICS))
def test_once_absorbed_the_level_halves_every_half_life(formulation):
    # C(t+t½)/C(t) = (e^(-ke(t+t½)) - e^(-ka(t+t½))) / (e^(-ke t) - e^(-ka t)) → e^(-ke·t½) = 0.5
    # once e^(-ka t) is negligible: at t = 8 half-lives, e^(-(ka-ke)t) < 1e-5 for every drug.
    k = m.KINETICS[formulation]
    t = 8 * k.half_life_h
    ratio = k.single_dose(1.0, t + k.half_life_h) / k.single_dose(1.0, t)
    assert ratio == pytest.approx(0.5, rel=1e-4)


def test_superposition_matches_a_sum_of_single_doses():
    """The running sums give what summing every dose at every time gives, for odd times."""
    k = INJECTED_SEMA
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
    k = INJECTED_SEMA
    peaks = _peaks(k, 20, 168.0)
    # After the 10th dose 2^-9 ≈ 0.2 % of the build-up is left; after the 20th, none to speak of.
    assert peaks[9] / peaks[19] == pytest.approx(1.0, abs=3e-3)
    assert peaks[19] == pytest.approx(k.steady_state_peak(1.0, 168.0), rel=1e-4)


def test_accumulation_at_steady_state_is_one_over_one_minus_e_to_the_minus_ke_tau():
    # Trough just before the next dose: once absorbed (e^(-ka·168) ≈ 5e-6 for semaglutide),
    # dose n leaves Σ e^(-ke·168·j) (j = 1..n) = 1 + 1/2 + 1/4 + ... → 2 times what one dose left,
    # 1 / (1 - e^(-ke·τ)) = 1 / (1 - 2^(-168/168)) = 2 for a weekly dose with a week's half-life.
    k = INJECTED_SEMA
    tau = 168.0
    first_trough = m.amounts(k, [(0.0, 1.0)], np.array([tau - 1e-9]))[0]
    doses = [(n * tau, 1.0) for n in range(30)]
    steady_trough = m.amounts(k, doses, np.array([30 * tau - 1e-9]))[0]
    assert steady_trough / first_trough == pytest.approx(2.0, rel=1e-3)


def test_dulaglutide_accumulates_as_its_label_measured():
    # 1 / (1 - 2^(-168/112.8)) = 1 / (1 - 0.3563) = 1.554; the Trulicity label: about 1.56.
    k = m.KINETICS[DULA, Form.INJECTION]
    assert 1 / -math.expm1(-k.ke_per_h * 168.0) == pytest.approx(1.56, abs=0.01)


# --- the level over time --------------------------------------------------------------------


def test_a_dose_without_a_time_is_taken_at_noon_and_a_logged_time_is_kept():
    assert m.dose_at(dose(0, 0.25)) == dt.datetime(2026, 1, 5, 12, 0)
    timed = m.TimedDose(day(0), WEGOVY, 0.25, dt.time(20, 30))
    assert m.dose_at(timed) == dt.datetime(2026, 1, 5, 20, 30)
    entries = [
        Entry(Kind.DOSE, day(7), 0.5, time=dt.time(8, 0), label="wegovy"),
        Entry(Kind.WEIGHT, day(0), 90.0),
        Entry(Kind.DOSE, day(0), 0.25, label="semaglutide"),
    ]
    assert m.doses_from_entries(entries) == [
        m.TimedDose(day(0), Medicine.SEMAGLUTIDE, 0.25, None),
        m.TimedDose(day(7), WEGOVY, 0.5, dt.time(8, 0)),
    ]


def test_the_level_is_a_percent_of_the_top_doses_steady_state_peak():
    doses = weekly(4, 1.0) + weekly(16, 2.0, first=28)
    start = dt.datetime.combine(day(0), dt.time())
    curves = m.estimated_levels(doses, start, start + dt.timedelta(weeks=20), step_hours=1.0)
    (curve,) = curves
    assert curve.kinetics is INJECTED_SEMA and curve.name == "Semaglutide injection"
    assert curve.reference_mg == 2.0
    k = INJECTED_SEMA
    assert curve.reference_level == pytest.approx(k.steady_state_peak(2.0, 168.0))
    # Before the first dose (noon on day 0) there is nothing; 16 weeks on 2 mg reach the peak.
    assert curve.percent[:13].max() == 0.0
    assert curve.percent.max() == pytest.approx(100.0, abs=0.5)
    # 42 h after the first dose: one 1 mg dose at its peak, in % of the 2 mg steady peak.
    at_peak = 100 * k.single_dose(1.0, 42.0) / curve.reference_level
    assert curve.percent[12 + 42] == pytest.approx(at_peak)
    assert curve.times[12 + 42] == np.datetime64("2026-01-07T06:00")


def test_doses_before_the_period_count_and_other_drugs_have_no_level():
    doses = [*weekly(8, 0.5), dose(3, 5.0, Medicine.OTHER)]
    start = dt.datetime.combine(day(49), dt.time())
    (curve,) = m.estimated_levels(doses, start, start + dt.timedelta(days=2))
    assert curve.percent.min() > 30
    assert m.estimated_levels([dose(3, 5.0, Medicine.OTHER)], start, start + dt.timedelta(1)) == []


def test_each_formulation_has_its_own_yardstick():
    doses = [*weekly(4, 0.25), *weekly(4, 2.5, ZEPBOUND, first=28), *daily(7, 3.0, first=56)]
    start = dt.datetime.combine(day(0), dt.time())
    curves = m.estimated_levels(doses, start, start + dt.timedelta(weeks=9))
    assert [(c.name, c.reference_mg) for c in curves] == [
        ("Semaglutide injection", 0.25),
        ("Tirzepatide injection", 2.5),
        ("Semaglutide tablets", 3.0),
    ]


def test_ozempic_and_wegovy_doses_are_one_injection_curve():
    doses = [*weekly(4, 1.0, OZEMPIC), *weekly(4, 1.7, first=28)]
    start = dt.datetime.combine(day(0), dt.time())
    (curve,) = m.estimated_levels(doses, start, start + dt.timedelta(weeks=8))
    assert curve.reference_mg == 1.7


def test_daily_tablets_are_a_daily_model_not_a_week_of_doses_at_once():
    # Rybelsus 3 mg for 30 days, 7 mg for 30, then 14 mg for 60: on the label's schedule the
    # level climbs to its 14 mg steady state and no higher. Read as a weekly injection, seven
    # 14 mg doses a week would pile up to about 7 x 100 % (the issue saw 412 % on 7 mg).
    doses = daily(30, 3.0) + daily(30, 7.0, first=30) + daily(60, 14.0, first=60)
    start = dt.datetime.combine(day(0), dt.time())
    (curve,) = m.estimated_levels(doses, start, start + dt.timedelta(days=120), step_hours=1.0)
    assert curve.name == "Semaglutide tablets"
    # Daily 14 mg with a week's half-life accumulates 1 / (1 - 2^(-24/168)) = 10.6-fold, so
    # the steady peak is reached within a few percent after 60 days (2^(-60/7) = 0.3 %).
    assert curve.reference_level == pytest.approx(ORAL_SEMA.steady_state_peak(14.0, 24.0))
    assert 98.0 < curve.percent.max() <= 100.0 + 1e-6
    # One day after the first 3 mg tablet: one dose, 23 h past its 1 h peak.
    at_day_one = 100 * ORAL_SEMA.single_dose(3.0, 24.0) / curve.reference_level
    assert curve.percent[12 + 24] == pytest.approx(at_day_one)


def test_the_level_at_a_dose_is_the_trough_it_tops_up():
    doses = [*weekly(2, 1.0), dose(14, 2.0, Medicine.OTHER)]
    levels = m.level_at_doses(doses)
    k = INJECTED_SEMA
    trough = 100 * k.single_dose(1.0, 168.0) / k.steady_state_peak(1.0, 168.0)
    assert levels == [pytest.approx(0.0), pytest.approx(trough), None]


# --- the escalation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doses_on_first", "early"),
    [(2, True), (3, True), (4, False), (5, False)],  # Wegovy asks for 4 doses of 0.25 mg
)
def test_a_step_up_after_fewer_doses_than_the_label_asks_is_early(doses_on_first, early):
    doses = [*weekly(doses_on_first, 0.25), dose(7 * doses_on_first, 0.5)]
    first, second = m.dose_steps(doses)
    assert first.change is m.StepChange.START and not first.early
    assert second.change is m.StepChange.UP
    assert second.early is early
    assert second.doses_asked_before == (4 if early else None)
    assert first.end_day == day(7 * doses_on_first - 1)


def test_doses_count_not_weeks_tirzepatide_three_doses_in_five_weeks_is_early():
    # The case: 5 mg taken three times over five weeks (two weeks missed), then 7.5 mg.
    # Five calendar weeks passed, but the label asks for four doses of 5 mg.
    doses = [*weekly(4, 2.5, ZEPBOUND), dose(28, 5.0, ZEPBOUND), dose(42, 5.0, ZEPBOUND)]
    doses += [dose(56, 5.0, ZEPBOUND), dose(63, 7.5, ZEPBOUND)]
    steps = m.dose_steps(doses)
    assert [(s.dose_mg, s.doses, s.early) for s in steps] == [
        (2.5, 4, False),
        (5.0, 3, False),
        (7.5, 1, True),
    ]


def test_four_doses_taken_a_little_sooner_are_not_early():
    # Zepbound on days 0, 6, 12, 18 (6 days apart: on time, the label lets the day move) and
    # 5 mg on day 24: four doses of 2.5 mg were taken, as the label asks.
    doses = [dose(n, 2.5, ZEPBOUND) for n in (0, 6, 12, 18)] + [dose(24, 5.0, ZEPBOUND)]
    assert [s.early for s in m.dose_steps(doses)] == [False, False]


@pytest.mark.parametrize(("days_on_first", "early"), [(6, True), (7, False)])
def test_saxenda_steps_up_after_seven_daily_doses(days_on_first, early):
    doses = daily(days_on_first, 0.6, SAXENDA) + [dose(days_on_first, 1.2, SAXENDA)]
    first, second = m.dose_steps(doses)
    assert first.escalation is m.medicines.product(SAXENDA).escalation
    assert first.doses == days_on_first
    assert second.early is early


def test_trulicitys_first_step_has_no_wait_but_the_next_ones_do():
    # Trulicity: 0.75 mg, then 1.5 mg with no wait set; 3 mg after at least 4 weeks on 1.5 mg.
    doses = [
        dose(0, 0.75, TRULICITY),
        *weekly(2, 1.5, TRULICITY, first=7),
        dose(21, 3.0, TRULICITY),
    ]
    steps = m.dose_steps(doses)
    assert [(s.dose_mg, s.early) for s in steps] == [(0.75, False), (1.5, False), (3.0, True)]
    assert steps[0].next_from == day(7)  # the next dose day: no doses to wait for


def test_rybelsus_daily_tablets_step_up_after_thirty_days():
    doses = daily(30, 3.0) + daily(30, 7.0, first=30) + daily(10, 14.0, first=60)
    steps = m.dose_steps(doses, on=day(69))
    assert [(s.dose_mg, s.doses, s.early, s.on_label) for s in steps] == [
        (3.0, 30, False, True),
        (7.0, 30, False, True),
        (14.0, 10, False, True),
    ]
    assert steps[-1].next_mg is None  # 14 mg is Rybelsus's top dose
    early = daily(29, 3.0) + [dose(29, 7.0, RYBELSUS)]
    assert m.dose_steps(early)[-1].early is True


def test_the_steps_follow_the_wegovy_label_with_the_next_step_and_its_day():
    doses = weekly(4, 0.25) + weekly(4, 0.5, first=28) + weekly(3, 1.7, first=56)
    steps = m.dose_steps(doses, on=day(75))
    assert [(s.dose_mg, s.first_day, s.change, s.early) for s in steps] == [
        (0.25, day(0), m.StepChange.START, False),
        (0.5, day(28), m.StepChange.UP, False),
        (1.7, day(56), m.StepChange.UP, False),
    ]
    assert all(s.medicine is WEGOVY and s.on_label for s in steps)
    assert [s.skipped_steps for s in steps] == [0, 0, 1]  # 0.5 → 1.7 passes over 1 mg
    # The next step once the label's four doses are in: 1.7 mg taken on days 56, 63 and 70,
    # so the fourth is due on day 77 and 2.4 mg may follow on day 84.
    assert [(s.next_mg, s.next_from) for s in steps] == [
        (0.5, day(28)),
        (1.0, day(56)),
        (2.4, day(84)),
    ]
    # The latest step runs to ``on`` (its last dose, day 70, covers to day 76).
    assert steps[-1].end_day == day(75)
    assert steps[-1].weeks == pytest.approx(20 / 7)
    assert steps[0].weeks == 4.0


def test_the_brand_sets_the_next_step_ozempic_1_mg_goes_to_2_not_wegovys_1_7():
    (ozempic,) = m.dose_steps(weekly(4, 1.0, OZEMPIC))
    assert (ozempic.next_mg, ozempic.next_from) == (2.0, day(28))
    (wegovy,) = m.dose_steps(weekly(4, 1.0, WEGOVY))
    assert wegovy.next_mg == 1.7
    steps = m.dose_steps(weekly(4, 1.0, OZEMPIC) + weekly(2, 2.0, OZEMPIC, first=28))
    assert steps[-1].next_mg is None and steps[-1].next_from is None  # Ozempic's top dose
    assert steps[-1].end_day == day(35 + 6)  # no ``on``: the last dose's week


def test_a_bare_molecule_is_read_as_the_profiles_brand_never_guessed_from_doses():
    bare = [DoseTaken(d.day, Medicine.SEMAGLUTIDE, d.dose_mg) for d in weekly(4, 1.0)]
    (as_ozempic,) = m.dose_steps(m.resolved(bare, OZEMPIC))
    assert as_ozempic.medicine is OZEMPIC and as_ozempic.next_mg == 2.0
    # No brand in the profile (or another molecule's): no label, so no next step is suggested.
    for profile_medicine in (None, ZEPBOUND):
        (unbranded,) = m.dose_steps(m.resolved(bare, profile_medicine))
        assert unbranded.medicine is Medicine.SEMAGLUTIDE
        assert unbranded.escalation is None and unbranded.next_mg is None
    # A dose logged with its brand keeps it whatever the profile says.
    assert m.resolved(weekly(1, 1.0, WEGOVY), OZEMPIC)[0].medicine is WEGOVY


def test_steps_down_back_up_and_switches_are_never_early():
    doses = [
        *weekly(4, 5.0, ZEPBOUND),
        dose(28, 2.5, ZEPBOUND),  # down after nausea
        dose(35, 5.0, ZEPBOUND),  # back up a week later: a dose already taken
        dose(42, 0.25),  # a switch
        dose(49, 0.5),  # a new high a week after the switch: early
    ]
    steps = m.dose_steps(doses)
    assert [(s.change, s.early) for s in steps] == [
        (m.StepChange.START, False),
        (m.StepChange.DOWN, False),
        (m.StepChange.UP, False),
        (m.StepChange.SWITCH, False),
        (m.StepChange.UP, True),
    ]


def test_off_label_doses_and_other_medicines():
    (step,) = m.dose_steps([dose(0, 0.75)])
    assert step.medicine is WEGOVY and not step.on_label and step.next_mg == 1.0
    (other,) = m.dose_steps([dose(0, 3.0, Medicine.OTHER)])
    assert other.escalation is None and other.next_mg is None and not other.on_label
    assert m.dose_steps([]) == []


def test_doses_after_on_are_left_out():
    steps = m.dose_steps(weekly(8, 0.25) + weekly(2, 0.5, first=56), on=day(50))
    assert [(s.dose_mg, s.end_day) for s in steps] == [(0.25, day(50))]


# --- late and missed doses ------------------------------------------------------------------

GAPS = [
    # medicine, gap (days), timing, days late, missed
    (WEGOVY, 0, m.Timing.TOO_SOON, 0, 0),
    (WEGOVY, 1, m.Timing.TOO_SOON, 0, 0),
    (WEGOVY, 2, m.Timing.ON_TIME, 0, 0),  # Ozempic/Wegovy: the day may move if 2 days apart
    (WEGOVY, 7, m.Timing.ON_TIME, 0, 0),
    (WEGOVY, 8, m.Timing.LATE, 1, 0),
    (OZEMPIC, 12, m.Timing.LATE, 5, 0),  # the last day of Ozempic's 5-day window
    (OZEMPIC, 13, m.Timing.MISSED, 0, 1),  # past it: week 1 skipped, week 2's dose a day early
    (WEGOVY, 12, m.Timing.LATE, 5, 0),  # Wegovy: while the next is more than 2 days away
    (WEGOVY, 13, m.Timing.MISSED, 0, 1),
    (WEGOVY, 14, m.Timing.MISSED, 0, 1),
    (WEGOVY, 19, m.Timing.MISSED, 5, 1),
    (WEGOVY, 20, m.Timing.MISSED, 0, 2),
    (Medicine.SEMAGLUTIDE, 12, m.Timing.LATE, 5, 0),  # no brand: what Wegovy and Ozempic share
    (ZEPBOUND, 2, m.Timing.TOO_SOON, 0, 0),  # Mounjaro/Zepbound: at least 3 days (72 h) apart
    (ZEPBOUND, 3, m.Timing.ON_TIME, 0, 0),
    (Medicine.MOUNJARO, 11, m.Timing.LATE, 4, 0),  # the last day of the 4-day (96 h) window
    (ZEPBOUND, 12, m.Timing.MISSED, 0, 1),
    (TRULICITY, 11, m.Timing.LATE, 4, 0),  # Trulicity: while the next is 3 or more days away
    (TRULICITY, 12, m.Timing.MISSED, 0, 1),
    (SAXENDA, 0, m.Timing.TOO_SOON, 0, 0),  # two doses in a day
    (SAXENDA, 1, m.Timing.ON_TIME, 0, 0),
    (SAXENDA, 2, m.Timing.MISSED, 0, 1),
    (Medicine.VICTOZA, 4, m.Timing.MISSED, 0, 3),
    (RYBELSUS, 1, m.Timing.ON_TIME, 0, 0),  # a tablet a day
    (RYBELSUS, 2, m.Timing.MISSED, 0, 1),  # skip a missed tablet, take the next the day after
    (Medicine.WEGOVY_PILL, 1, m.Timing.ON_TIME, 0, 0),
]


@pytest.mark.parametrize(("medicine", "gap", "timing", "days_late", "missed"), GAPS)
def test_late_and_missed_at_the_label_boundaries(medicine, gap, timing, days_late, missed):
    regimen = m.medicines.product(medicine).regimen
    assert m.judge_gap(regimen, gap) == (timing, days_late, missed)
    (judged,) = m.dose_gaps([dose(0, 1.0, medicine), dose(gap, 1.0, medicine)])
    assert (judged.timing, judged.days_late, judged.missed, judged.open) == (
        timing,
        days_late,
        missed,
        False,
    )


@pytest.mark.parametrize(
    ("medicine", "gap", "restart"),
    [
        (WEGOVY, 26, False),
        (WEGOVY, 27, True),
        (OZEMPIC, 60, False),  # Ozempic's label says nothing of starting again
        (Medicine.SEMAGLUTIDE, 60, False),  # nor do all semaglutide brands
        (SAXENDA, 3, False),
        (SAXENDA, 4, True),
        (Medicine.VICTOZA, 4, True),
        (ZEPBOUND, 60, False),
        (TRULICITY, 60, False),
        (RYBELSUS, 20, False),
    ],
)
def test_the_label_says_when_to_ask_about_starting_again(medicine, gap, restart):
    # Wegovy: more than 2 missed doses in a row. The third week's dose is missed once its
    # 5-day window has closed: 21 + 5 = 26 days may still be a late third dose, 27 may not.
    # Saxenda and Victoza: more than 3 days since the last dose. The others say nothing of it.
    (judged,) = m.dose_gaps([dose(0, 1.0, medicine), dose(gap, 1.0, medicine)])
    assert judged.restart_per_label is restart


def test_rybelsus_taken_daily_has_no_dose_too_soon():
    # The case: 7 mg daily read as a weekly injection gave 13 doses "too soon".
    doses = daily(30, 3.0) + daily(30, 7.0, first=30)
    gaps = m.dose_gaps(doses, on=day(59))
    assert {g.timing for g in gaps} == {m.Timing.ON_TIME}


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


def test_switches_and_other_medicines_are_not_judged():
    other = Medicine.OTHER
    doses = [dose(0, 0.5), dose(30, 2.5, ZEPBOUND), dose(31, 1.0, other), dose(32, 1.0, other)]
    assert m.dose_gaps(doses, on=day(60)) == []


# --- the loss on each dose ------------------------------------------------------------------


def test_the_loss_rate_on_each_step_is_read_on_its_last_day():
    # Daily weigh-ins: 0.5 kg a week on 0.25 mg (days 0-27), then 1 kg a week on 0.5 mg.
    def kg(n: int) -> float:
        return 100 - 0.5 * n / 7 if n < 28 else 98 - (n - 28) / 7

    entries = [Entry(Kind.WEIGHT, day(n), kg(n)) for n in range(56)]
    entries += [Entry(Kind.DOSE, d.day, d.dose_mg, label="wegovy") for d in weekly(4, 0.25)]
    entries += [
        Entry(Kind.DOSE, d.day, d.dose_mg, label="wegovy") for d in weekly(4, 0.5, first=28)
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
    picture = m.picture(History.from_entries(entries), on=day(30), profile_medicine=ZEPBOUND)
    assert [(s.medicine, s.dose_mg, s.next_mg) for s in picture.steps] == [(ZEPBOUND, 2.5, 5.0)]
    assert [(g.timing, g.open) for g in picture.gaps][-1] == (m.Timing.MISSED, True)
    assert len(picture.losses) == 1


# --- the figure -----------------------------------------------------------------------------


def test_the_figure_is_labelled_an_estimate_with_one_level_line_and_the_doses():
    doses = weekly(4, 0.25) + weekly(4, 0.5, first=28)
    fig = charts.level_figure(doses, day(0), day(59))
    assert fig.layout.title.text == "Estimated medicine level (a model, not a measurement)"
    assert "not a measurement" in fig.layout.title.text
    lines = [tr for tr in fig.data if tr.mode == "lines"]
    assert [tr.name for tr in lines] == ["Estimated level"]
    (markers,) = [tr for tr in fig.data if tr.mode == "markers"]
    assert len(markers.x) == 8 and markers.x[0] == "2026-01-05 12:00"
    assert markers.text[-1] == "0.5 mg Wegovy"
    # The same x range as the weight chart's: the night before the first day to that after.
    assert list(fig.layout.xaxis.range) == ["2026-01-04 12:00", "2026-03-05 12:00"]
    assert lines[0].x[0] == "2026-01-04T12:00" and lines[0].x[-1] == "2026-03-05T12:00"
    assert fig.layout.meta == charts.LEVEL_KEY
    assert max(lines[0].y) < 100  # eight weeks: not yet at the 0.5 mg steady peak
    assert "%Y" in fig.layout.xaxis.hoverformat  # a history in years: the hover names the year


def test_the_figure_without_a_period_runs_from_the_first_dose_a_week_past_the_last():
    fig = charts.level_figure(weekly(2, 2.5, ZEPBOUND))
    assert list(fig.layout.xaxis.range) == ["2026-01-04 12:00", "2026-01-19 12:00"]


def test_two_formulations_draw_two_lines():
    doses = [*weekly(4, 0.25), *weekly(4, 2.5, ZEPBOUND, first=28)]
    fig = charts.level_figure(doses, day(0), day(55))
    lines = [tr.name for tr in fig.data if tr.mode == "lines"]
    assert lines == ["Semaglutide injection (model)", "Tirzepatide injection (model)"]


def test_daily_tablets_without_a_period_run_a_day_past_the_last():
    fig = charts.level_figure(daily(3, 3.0))
    assert list(fig.layout.xaxis.range) == ["2026-01-04 12:00", "2026-01-08 12:00"]


@pytest.mark.parametrize(
    "doses",
    [[], [dose(0, 1.0, Medicine.OTHER)], weekly(2, 0.5, first=100)],
    ids=["no doses", "no model", "all after the period"],
)
def test_no_modelled_dose_no_figure(doses):
    assert charts.level_figure(doses, day(0), day(30)) is None
