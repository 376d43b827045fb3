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

from tracker.domain import SEVERITY_WORDS, Entry, Kind, Medicine
from tracker.rules import medicines
from tracker.rules.exercises import BY_CODE as EXERCISES
from tracker.rules.guidance import Status
from tracker.rules.medication import Timing
from tracker.rules.redflags import BY_CODE as RED_FLAGS
from tracker.units import WaterUnit, WeightUnit, format_number
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
