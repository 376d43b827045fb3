"""The report's sections as words: rows of text in the patient's units, ready to lay out.

Pure: a ``ReportContent`` in, plain strings out. Units, rounding and names come from
``tracker.views.display`` and ``tracker.views.dose_tables``, as on the pages, so a number in
the report
reads exactly as the app shows it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from tracker.domain import (
    SEVERITY_WORDS,
    Entry,
    FunctionResult,
    FunctionTest,
    InvalidEntry,
    Kind,
    Medicine,
    Profile,
    TestedAt,
)
from tracker.rules import function_tests, medicines, strength
from tracker.rules.exercises import BY_CODE as EXERCISES
from tracker.rules.guidance import Status
from tracker.rules.medication import Timing
from tracker.rules.redflags import BY_CODE as RED_FLAGS
from tracker.units import WaterUnit, WeightUnit, format_number, kg_to_lb
from tracker.views import display, dose_tables
from tracker.views.report.content import ReportContent, day_text


@dataclass(frozen=True, slots=True)
class Marked:
    """A cell whose words carry a status (drawn bold, in the status colour)."""

    text: str
    status: Status

    def __str__(self) -> str:
        return self.text


Cell = str | Marked


@dataclass(frozen=True)
class Table:
    headings: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    highlighted: frozenset[int] = field(default_factory=frozenset)
    """Rows to set apart (an open red flag)."""


def _time(entry: Entry) -> str:
    return entry.time.strftime("%H:%M") if entry.time else ""


def medicine_text(medicine: Medicine | None) -> str:
    return medicines.described(medicine) if medicine else "not given"


def _named(names: dict[str, str], code: str) -> str:
    return names.get(code, code.replace("_", " ").capitalize())


# --- the summary ----------------------------------------------------------------------------


def units_text(weight_unit: WeightUnit, water_unit: WaterUnit) -> str:
    length = "in" if weight_unit is WeightUnit.LB else "cm"
    water = display.unit_text(water_unit.value)
    return f"weights in {weight_unit.value}, water in {water}, lengths in {length}"


def summary(c: ReportContent) -> list[tuple[str, str]]:
    """The patient and the period's headline figures, as label and value."""
    p, h = c.profile, c.progress.headline
    unit = p.weight_unit
    length = display.unit_of(Kind.WAIST, p)
    about = [
        f"{age} years" if (age := p.age_on(c.end)) is not None else "age not given",
        p.sex.value if p.sex else "sex not given",
        f"{format_number(display.height_shown(p.height_cm, length), 1)} {length}"
        if p.height_cm
        else "height not given",
    ]
    started = f", since {day_text(c.glp1_start)}" if c.glp1_start else ""
    rows = [
        ("Patient", c.patient.display_name),
        ("Email", c.patient.email),
        ("Age, sex, height", ", ".join(about)),
        ("GLP-1 medicine", f"{medicine_text(p.glp1_medicine)}{started}"),
        ("Units", units_text(unit, p.water_unit)),
    ]
    if h.lost_kg is not None and h.lost_pct is not None:
        word = "Gained since start" if h.lost_kg < 0 else "Lost since start"
        since = f", from the first weigh-in on {day_text(h.start_day)}" if h.start_day else ""
        change = (
            f"{display.weight_text(abs(h.lost_kg), unit)} "
            f"({format_number(abs(h.lost_pct), 1)} %){since}"
        )
    else:
        word, change = "Lost since start", "–"
    rate = "–"
    if h.rate_pct_per_week is not None and h.rate_kg_per_week is not None:
        rate = (
            f"{format_number(h.rate_pct_per_week, 2)} % of body weight a week "
            f"({display.weight_text(h.rate_kg_per_week, unit, 2)} a week), "
            "from the last 28 days' weigh-ins"
        )
    dose = "–"
    if h.dose_mg is not None:
        name = medicines.name(h.medicine) if h.medicine else ""
        dose = f"{format_number(h.dose_mg, 3)} mg {name}".strip()
        if h.weeks_on_dose is not None:
            dose += f", {h.weeks_on_dose} week{'s' * (h.weeks_on_dose != 1)} on this dose"
    rows += [
        (f"Trend weight on {day_text(c.end)}", display.weight_text(h.trend_kg, unit)),
        (word, change),
        ("Rate of loss", rate),
        ("Current dose", dose),
        ("Days logged", f"{h.days_logged} of {h.days_in_period} days in the period"),
    ]
    attention = display.needs_attention(c.progress.findings)
    if attention:
        rows.append(("Needs attention", attention))
    if c.open_red_flags:
        count = len(c.open_red_flags)
        rows.append(("Open red flags", f"{count}: see Red flags; not yet acknowledged"))
    return rows


# --- the guidance ---------------------------------------------------------------------------

FINDING_HEADINGS = ("Finding", "Status", "Measured", "Target", "Why", "Source")


def findings(c: ReportContent) -> Table:
    rows = []
    for f in c.progress.findings:
        reason = f"{f.message} {f.note}".strip()
        rows.append(
            (
                display.FINDING_NAMES.get(f.code, f.code),
                Marked(display.STATUS_WORDS[f.status], f.status),
                display.finding_value(f.code, f.value, f.unit),
                display.target_text(f.comparison, f.target, f.unit),
                reason,
                f.source,
            )
        )
    return Table(FINDING_HEADINGS, rows)


# --- the medicine ---------------------------------------------------------------------------


def doses(c: ReportContent) -> Table:
    rows = [
        (
            day_text(e.day),
            _time(e),
            display.MEDICINE_NAMES.get(e.label, e.label),
            display.value_text(Kind.DOSE, e.value, c.profile),
            display.SITE_NAMES.get(e.site, e.site),
            e.note,
        )
        for e in c.doses
    ]
    return Table(("Date", "Time", "Medicine", "Dose", "Site", "Note"), rows)


def frame_table(frame: pd.DataFrame) -> Table:
    """A table of words (``tracker.views.dose_tables``) as it is."""
    rows = [tuple(str(cell) for cell in row) for row in frame.itertuples(index=False)]
    return Table(tuple(str(column) for column in frame.columns), rows)


def dose_steps(c: ReportContent) -> Table:
    return frame_table(dose_tables.steps_table(c.medication.steps))


def dose_timing(c: ReportContent) -> Table:
    """The late, missed and too-early doses whose next dose (or overdue day) is in the period."""
    gaps = [
        gap
        for gap in c.medication.gaps
        if c.start <= gap.day <= c.end and gap.timing is not Timing.ON_TIME
    ]
    return frame_table(dose_tables.timing_table(gaps))


def loss_by_step(c: ReportContent) -> Table:
    frame = dose_tables.loss_rows(c.medication.losses, c.profile.weight_unit, c.progress.targets)
    return frame_table(frame)


# --- symptoms -------------------------------------------------------------------------------

SIDE_EFFECT_HEADINGS = (
    "Side effect",
    "Days",
    *(word.capitalize() for word in SEVERITY_WORDS[1:]),
    "First",
    "Last",
)


def side_effects(c: ReportContent) -> Table:
    """One row per effect: the days it was logged and how many of them at each grade (a day
    counts at its worst grade), the first and last day. Days logged as 'none' count in Days."""
    worst: dict[str, dict] = defaultdict(dict)
    for e in c.side_effects:
        grades = worst[e.label]
        grades[e.day] = max(grades.get(e.day, 0), int(e.value))
    order = {code: rank for rank, code in enumerate(display.SIDE_EFFECT_NAMES)}
    rows = []
    for code in sorted(worst, key=lambda code: (order.get(code, len(order)), code)):
        by_day = worst[code]
        counts = [sum(1 for grade in by_day.values() if grade == g) for g in range(1, 4)]
        rows.append(
            (
                _named(display.SIDE_EFFECT_NAMES, code),
                str(len(by_day)),
                *(str(n) if n else "–" for n in counts),
                day_text(min(by_day)),
                day_text(max(by_day)),
            )
        )
    return Table(SIDE_EFFECT_HEADINGS, rows)


def pain(c: ReportContent) -> Table:
    rows = [
        (
            day_text(e.day),
            _named(display.PAIN_LOCATION_NAMES, e.label),
            display.value_text(Kind.PAIN, e.value, c.profile),
            ", ".join(display.PAIN_TAG_NAMES.get(tag, tag.replace("_", " ")) for tag in e.tags),
            e.note,
        )
        for e in c.pain
    ]
    return Table(("Date", "Where", "Score", "What it is like, when", "Note"), rows)


def red_flags(c: ReportContent) -> Table:
    rows, open_rows = [], set()
    for index, flag in enumerate(c.red_flags):
        item = RED_FLAGS.get(flag.item)  # None for a question the checklist no longer holds
        symptom = display.RED_FLAG_NAMES.get(flag.item, flag.item.replace("_", " "))
        if flag.note:
            symptom += f". Patient's note: {flag.note}"
        if flag.is_open:
            status = Marked("Open", Status.ALERT)
            open_rows.add(index)
        else:
            seen = flag.acknowledged_at
            who = flag.acknowledged_by_name or "the clinic"
            status = Marked(f"Seen by {who}, {day_text(seen.date())}", Status.OK)
        rows.append(
            (
                day_text(flag.day),
                symptom[:1].upper() + symptom[1:],
                item.concern if item else "",
                item.action if item else "",
                item.source if item else "",
                status,
            )
        )
    headings = ("Date", "Answered yes to", "Concern", "What to do", "Source", "Status")
    return Table(headings, rows, frozenset(open_rows))


# --- strength and function -----------------------------------------------------------------

STRENGTH_HEADINGS = ("Exercise", "Measured by", "Baseline best", "Recent best", "Change")

BASELINE_TEXT = {
    strength.BEFORE_MEDICINE: "the 4 weeks before the medicine",
    strength.FIRST_WEEKS: "the first 4 weeks of logged lifting",
}

STRENGTH_MISSING = (
    "Not enough lifting logged to compare. The comparison needs the main leg and glute lifts "
    "(squats, hip thrusts, leg presses and the like) logged with load and reps in "
    f"{strength.MIN_SESSIONS} or more sessions both in a baseline (the 4 weeks before the "
    "medicine, else the first 4 logged weeks) and in the last 4 weeks of the period, the two "
    "not overlapping."
)


def _signed(value: float, decimals: int) -> str:
    text = format_number(value, decimals)
    return f"+{text}" if value > 0 and text != "0" else text


def _best_text(change: strength.ExerciseChange, value: float, unit: WeightUnit) -> str:
    if change.basis is strength.Basis.LOAD:
        return display.weight_text(value, unit)
    return f"{format_number(value, 0)} reps"


def strength_kept(c: ReportContent) -> Table:
    """Each main leg and glute exercise compared: its best in the baseline and in the last 4
    weeks (an estimated one-rep maximum in the patient's unit, or reps with body weight)."""
    kept = c.strength
    if kept is None:
        return Table(STRENGTH_HEADINGS, [])
    unit = c.profile.weight_unit
    rows: list[tuple[Cell, ...]] = []
    for change in sorted(kept.exercises, key=lambda e: (e.basis, e.exercise.lower())):
        pct = change.change_pct
        rows.append(
            (
                change.exercise,
                "estimated 1RM" if change.basis is strength.Basis.LOAD else "reps, body weight",
                _best_text(change, change.baseline, unit),
                _best_text(change, change.recent, unit),
                Marked(f"{_signed(pct, 1)} %", Status(strength.status_of(pct))),
            )
        )
    return Table(STRENGTH_HEADINGS, rows)


def strength_summary(c: ReportContent) -> str:
    """The comparison in a sentence: the median change, its status, the two windows."""
    kept = c.strength
    if kept is None:
        return ""
    status = display.STATUS_WORDS[Status(kept.status)]
    if kept.basis is strength.Basis.LOAD:
        measure = (
            "the estimated one-repetition maximum (Epley, from sets of up to "
            f"{strength.MAX_REPS} reps) of the loaded exercises"
        )
    else:
        measure = "the best reps with body weight (no loaded exercise was done in both windows)"
    baseline = BASELINE_TEXT.get(kept.baseline_label, kept.baseline_label)
    return (
        f"Median change {_signed(kept.change_pct, 1)} % ({status}) in {measure}: the best of "
        f"each in the last 4 weeks ({day_text(kept.recent_start)} to {day_text(kept.recent_end)}, "
        f"{kept.recent_sessions} sessions) against its best in {baseline} "
        f"({day_text(kept.baseline_start)} to {day_text(kept.baseline_end)}, "
        f"{kept.baseline_sessions} sessions). A drop of {format_number(strength.WATCH_DOWN_PCT, 0)}"
        f" % is a watch, of {format_number(strength.ALERT_DOWN_PCT, 0)} % or more an alert."
    )


FUNCTION_HEADINGS = (
    "Date",
    "Test",
    "Result",
    "Where",
    "Reference",
    "Against it",
    "Change since the test before",
)

WHERE_TEXT = {TestedAt.HOME.value: "Home", TestedAt.CLINIC.value: "Clinic"}


def _test_value(kind: FunctionTest, value: float, profile: Profile) -> str:
    """A result in the test's unit; a grip in pounds also in kg, the unit of its reference."""
    if kind is FunctionTest.SARC_F:
        return f"{format_number(value, 0)}/10"
    text = display.value_text(kind.kind, value, profile)
    if kind is FunctionTest.GRIP and profile.weight_unit is WeightUnit.LB:
        text += f" ({format_number(value, 1)} kg)"
    return text


def _change_text(kind: FunctionTest, value: float, profile: Profile) -> str:
    """A change between two results in the unit the result is shown in."""
    info = function_tests.INFO[kind]
    if kind is FunctionTest.GRIP and profile.weight_unit is WeightUnit.LB:
        return f"{_signed(kg_to_lb(value), 1)} lb"
    text = _signed(value, info.decimals)
    unit = info.unit
    if unit in ("stands", "points") and text.lstrip("+-") == "1":
        unit = unit.removesuffix("s")
    return f"{text} {unit}"


def _against(judged: function_tests.Evaluation) -> Cell:
    sarc_f = judged.kind is FunctionTest.SARC_F
    if judged.below_norm is None:
        return Marked("Not judged", Status.UNKNOWN)
    if judged.below_norm:
        if sarc_f:
            return Marked("At or over the line", Status.ALERT)
        return Marked("Below the reference", Status.WATCH)
    return Marked("Under the line" if sarc_f else "Within the reference", Status.OK)


def _since(previous: FunctionResult | None, latest: FunctionResult, profile: Profile) -> str:
    """The change from the result before (``function_tests.compare``): marked when it is a
    meaningful decline, beyond what the test varies from one day to the next."""
    if previous is None:
        return "first result"
    change = function_tests.compare(previous, latest)
    text = f"{_change_text(latest.kind, change.change, profile)} since {day_text(previous.day)}"
    if change.declined and latest.kind is FunctionTest.SARC_F:
        return f"{text}: now at or over the line"
    if change.declined:
        return f"{text}: a meaningful decline, beyond day-to-day variation"
    return text


def _results(entries: list[Entry]) -> list[FunctionResult]:
    return [FunctionResult(FunctionTest(e.kind.value), e.day, e.value) for e in entries]


def function_results(c: ReportContent) -> Table:
    """Each function test in the period (SARC-F has its own table): the result in its unit,
    where it was done, its published reference and which side of it the result is on, and
    the change since the same test before (in the period or earlier)."""
    p = c.profile
    last: dict[FunctionTest, FunctionResult] = {}
    for result in c.earlier_results:
        last[result.kind] = result
    rows: list[tuple[Cell, ...]] = []
    for entry, result in zip(c.function_tests, _results(c.function_tests), strict=True):
        kind = result.kind
        if kind is FunctionTest.SARC_F:
            continue
        judged = function_tests.evaluate(result, p.birth_year, p.sex)
        rows.append(
            (
                day_text(result.day),
                function_tests.INFO[kind].name,
                _test_value(kind, result.value, p),
                WHERE_TEXT.get(entry.label, "not said"),
                judged.norm[:1].upper() + judged.norm[1:],
                _against(judged),
                _since(last.get(kind), result, p),
            )
        )
        last[kind] = result
    return Table(FUNCTION_HEADINGS, rows)


def function_sources(c: ReportContent) -> str:
    """The references the function tests are read against, named once under the table."""
    tests = {FunctionTest(e.kind.value) for e in c.function_tests} - {FunctionTest.SARC_F}
    if not tests:
        return ""
    sources = []
    if FunctionTest.CHAIR_STAND_30S in tests:
        sources.append(function_tests.STEADI_SOURCE)
    if tests - {FunctionTest.CHAIR_STAND_30S}:
        sources.append(function_tests.EWGSOP2_SOURCE)
    return (
        "Each result against its published reference and the same test before it; a change "
        "is called a meaningful decline only beyond what the test varies from one day to the "
        "next. "
        f"References: {'; '.join(sources)}."
    )


SARC_F_HEADINGS = (
    "Date",
    "Score",
    *(question.component for question in function_tests.SARC_F),
    "Against the line",
    "Change since the one before",
)


def _answers(label: str) -> list[str]:
    """The five answers' points; dashes when the label does not hold them."""
    try:
        points = function_tests.answers_of(label)
    except InvalidEntry:
        return [display.MISSING] * len(function_tests.SARC_F)
    return [str(points[q.code]) for q in function_tests.SARC_F]


def sarc_f(c: ReportContent) -> Table:
    """Every SARC-F up to the period's end: the score, each answer when they were kept, the
    score against the screening line and the change since the one before."""
    p = c.profile
    rows: list[tuple[Cell, ...]] = []
    previous: FunctionResult | None = None
    for entry, result in zip(c.sarc_f, _results(c.sarc_f), strict=True):
        judged = function_tests.evaluate(result, p.birth_year, p.sex)
        rows.append(
            (
                day_text(result.day),
                _test_value(FunctionTest.SARC_F, result.value, p),
                *_answers(entry.label),
                _against(judged),
                _since(previous, result, p),
            )
        )
        previous = result
    return Table(SARC_F_HEADINGS, rows)


def sarc_f_intro() -> str:
    """How to read the table: the items' points and the screening line, with its source."""
    items = "; ".join(
        f"{q.component.lower()}: "
        + ", ".join(f"{points} {answer.lower()}" for points, answer in enumerate(q.answers))
        for q in function_tests.SARC_F
    )
    return (
        f"Each item scores 0 to 2 ({items}); a dash: the answers were not kept. A total of "
        f"{function_tests.SARC_F_CUTOFF} or more is the screening line at which a check of "
        "muscle strength and mass is suggested: a screening questionnaire, not a diagnosis. "
        f"{function_tests.SARC_F_SOURCE}."
    )


# --- the care team --------------------------------------------------------------------------


def note_heading(c: ReportContent, index: int) -> str:
    note = c.notes[index]
    moment = note.created_at
    return f"{note.author_name or 'A therapist'}, {day_text(moment.date())}"


def prescription(item) -> str:
    if item.hold_s is not None:
        return f"{item.sets} × {item.hold_s} s hold"
    return f"{item.sets} × {item.reps}"


def plan(c: ReportContent) -> Table:
    rows = []
    for row in c.plan:
        item = row.item
        exercise = EXERCISES.get(item.exercise)
        rows.append(
            (
                exercise.name if exercise else item.exercise.replace("_", " "),
                prescription(item),
                str(item.days_per_week),
                item.assigned_by_name or "–",
                f"{row.done_days} of {row.planned_days}",
                f"{format_number(row.pct, 0)} %" if row.pct is not None else "–",
            )
        )
    headings = ("Exercise", "Sets", "Days a week", "Set by", "Days done", "Done")
    return Table(headings, rows)


def plan_total(c: ReportContent) -> str:
    planned = sum(row.planned_days for row in c.plan)
    done = sum(row.done_days for row in c.plan)
    if not planned:
        return ""
    pct = format_number(100.0 * done / planned, 0)
    text = (
        f"Over the period: {done} of {planned} planned exercise days done ({pct} %); each "
        "exercise counts at most its days a week, from the day it was added to the plan."
    )
    if c.plan_last_week_pct is not None:
        text += f" In the last 7 days: {format_number(c.plan_last_week_pct, 0)} % done."
    return text
