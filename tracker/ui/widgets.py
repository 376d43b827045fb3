"""Shared pieces of the pages: page frame, navigation, feedback, period picker, cards."""

from __future__ import annotations

import datetime as dt
import io
import secrets
from collections.abc import Callable

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from tracker.domain import Exercise, Kind, Profile, RedFlagReport, Role, TrackerError, User
from tracker.imports.base import Source
from tracker.rules import medicines, redflags
from tracker.rules import targets as target_rules
from tracker.rules.guidance import Finding
from tracker.services import reports
from tracker.services.access import Actor
from tracker.ui import guard, navigation, session
from tracker.ui.text import plain
from tracker.units import WeightUnit, format_number
from tracker.views import chart_words, charts, display, dose_tables
from tracker.views.findings import MuscleKept, arrange, chart_to_open
from tracker.views.progress import Headline, PeriodChoice, Progress
from tracker.views.today import Total

RED_FLAG_PAGE = navigation.RED_FLAG_CHECK.path
SETTINGS_PAGE = navigation.SETTINGS.path
TODAY_PAGE = navigation.TODAY.path
RED_FLAG_OFFER = "offer_red_flag_check"
"""Set when the patient logs severe pain or a severe side effect: Today offers the check."""

SAFETY_NOTE = (
    "This app compares your log with published guidance; it does not diagnose or treat. "
    "Call your prescriber if you lose weight faster than 1.5 % a week for more than two "
    "weeks, cannot keep food or fluids down, or feel faint. Get urgent care for severe belly "
    "pain that does not go away, yellow skin or eyes, a tense swollen buttock with severe pain "
    "and numbness, dark (tea-coloured) urine with muscle pain, or numbness around the groin; "
    "call an ambulance for swelling of the face or throat or trouble breathing."
)


def sentence(words: str) -> str:
    """``words`` with a capital first letter, the rest as written ('BMI' stays 'BMI')."""
    return words[:1].upper() + words[1:]


def page(title: str, icon: str, wide: bool = False) -> None:
    """The first call of every page."""
    guard.install()
    st.set_page_config(
        page_title=f"{title} · GLP-1 Muscle Tracker",
        page_icon=icon,
        layout="wide" if wide else "centered",
    )


def sidebar(user: User) -> None:
    """Below the pages ``st.navigation`` lists: who is signed in, signing out, the safety note."""
    with st.sidebar:
        st.markdown(f"**{plain(user.display_name)}**  \n{user.role.value.capitalize()}")
        # A callback: the next run's navigation is a signed-out visitor's, the welcome page.
        st.button("Sign out", icon=":material/logout:", key="sign_out", on_click=session.sign_out)
        st.caption(SAFETY_NOTE)
        sync_cookie()


def sync_cookie() -> None:
    """Keep the browser's sign-in cookie in step with this session (see ``session``)."""
    script = session.cookie_script()
    if script:
        st.html(script, unsafe_allow_javascript=True, width="content")


def signed_in_page(title: str, icon: str, role: Role | None = None, wide: bool = False) -> User:
    """Frame a page that needs a signed-in user; stops the page otherwise."""
    page(title, icon, wide)
    user = session.require_user(role)
    st.title(title)
    return user


# --- acting on a form, with its outcome shown beside it ------------------------------------


NOT_SAVED = ", so this was not saved"


def _outcome_key(form: str) -> str:
    return f"{form}__outcome"


def _submission_key(form: str) -> str:
    return f"{form}__submission"


def submission(form: str) -> str:
    """The key of ``form``'s submission: the same until it is saved, so that sending it again
    (after "not saved, try again", or a double tap) saves it once; a new one after."""
    return st.session_state.setdefault(_submission_key(form), secrets.token_urlsafe(16))


class Question(Exception):
    """Raised by an action to ask before saving (the same submission again confirms)."""


def run_action(
    form: str, action: Callable[[], str], reset: dict[str, object] | None = None
) -> None:
    """Callback body: do ``action``; on success clear the form's fields, else keep them (and
    say why in a sentence: a callback's error would otherwise replace the whole page)."""
    try:
        message = action()
    except Question as question:
        st.session_state[_outcome_key(form)] = ("warning", str(question))
        return
    except Exception as error:  # noqa: BLE001 - any failure must keep what was typed
        st.session_state[_outcome_key(form)] = ("error", guard.message(error, NOT_SAVED))
        return
    for key, value in (reset or {}).items():
        st.session_state[key] = value
    st.session_state.pop(_submission_key(form), None)  # the next submission is a new one
    st.session_state[_outcome_key(form)] = ("success", message)


def has_outcome(form: str) -> bool:
    """Whether ``form`` has an outcome to show (a form gone from the page can still say it)."""
    return _outcome_key(form) in st.session_state


def outcome(form: str) -> None:
    """Show (once) what became of the last submission of ``form``."""
    kind, message = st.session_state.pop(_outcome_key(form), (None, None))
    if kind == "error":
        st.error(plain(message), icon=":material/error:")
    elif kind == "warning":
        st.warning(plain(message), icon=":material/help:")
    elif kind == "success":
        st.success(plain(message), icon=":material/check:")


# --- Progress ------------------------------------------------------------------------------


def chosen_period(key: str) -> tuple[PeriodChoice, tuple[dt.date, dt.date] | None]:
    """The period ``period_picker(key)`` holds, read before it is drawn, so that a page can ask
    for its one read model first and draw the picker where it belongs (in a tab, say)."""
    choice = st.session_state.get(key, DEFAULT_PERIOD)
    if choice is not PeriodChoice.CUSTOM:
        return PeriodChoice(choice), None
    picked = st.session_state.get(f"{key}_range", default_custom_range())
    if isinstance(picked, tuple) and len(picked) == 2:
        return PeriodChoice.CUSTOM, (picked[0], picked[1])
    return DEFAULT_PERIOD, None  # the picker asks for the last day and stops the page


DEFAULT_PERIOD = PeriodChoice.TWELVE_WEEKS


def default_custom_range() -> tuple[dt.date, dt.date]:
    """The last four weeks, up to the person's today."""
    today = session.local_today()
    return today - dt.timedelta(days=27), today


def period_picker(key: str) -> tuple[PeriodChoice, tuple[dt.date, dt.date] | None]:
    """The period radio; for a custom period also its dates (stops the page until both)."""
    choice = st.radio(
        "Period",
        options=list(PeriodChoice),
        index=list(PeriodChoice).index(DEFAULT_PERIOD),
        key=key,
        format_func=str,
        horizontal=True,
    )
    if choice is not PeriodChoice.CUSTOM:
        return PeriodChoice(choice), None
    picked = st.date_input(
        "From and to",
        value=default_custom_range(),
        max_value=session.local_today(),
        key=f"{key}_range",
        format="YYYY-MM-DD",
    )
    if not (isinstance(picked, tuple) and len(picked) == 2):
        st.info("Choose the last day of the period too.", icon=":material/date_range:")
        st.stop()
    return PeriodChoice.CUSTOM, (picked[0], picked[1])


HEADLINE_PX = 160
"""Two to a row on a phone (390 px), six on a laptop: the headline stays one glance."""


def headline(h: Headline, unit: WeightUnit) -> None:
    gained = h.lost_kg is not None and h.lost_kg < 0
    change = (
        f"{display.weight_text(abs(h.lost_kg), unit)} ({format_number(abs(h.lost_pct), 1)} %)"
        if h.lost_kg is not None
        else "–"
    )
    rate = (
        f"{format_number(h.rate_pct_per_week, 2)} %/week"
        if h.rate_pct_per_week is not None
        else "–"
    )
    dose = f"{format_number(h.dose_mg, 3)} mg" if h.dose_mg is not None else "–"
    weeks = f"{h.weeks_on_dose} weeks" if h.weeks_on_dose is not None else "–"
    row = st.container(horizontal=True, gap="medium", key="headline")
    for label, value, help_text in (
        ("Trend weight", display.weight_text(h.trend_kg, unit), None),
        (
            "Gained since start" if gained else "Lost since start",
            change,
            f"From your first weigh-in ({h.start_day}) to today's trend weight.",
        ),
        (
            "Rate of loss",
            rate,
            "From the trend of the last 28 days' weigh-ins, as % of body weight a week.",
        ),
        ("Current dose", dose, medicines.described(h.medicine) if h.medicine else None),
        ("On this dose", weeks, None),
        ("Days logged", f"{h.days_logged} of {h.days_in_period}", None),
    ):
        row.metric(label, value, help=help_text, width=HEADLINE_PX)  # sized in tracker.ui.style


def red_flag_alert(codes: list[str], who: str = "you") -> None:
    """What to do about red-flag answers, the most urgent first: prominent, at once."""
    items = redflags.most_urgent_first(codes)
    if not items:
        return
    lines = []
    for item in items:
        lines.append(f"- **{item.action}** {item.concern}  \n  :small[Source: {item.source}]")
    heading = "You answered yes to a red-flag question." if who == "you" else who
    st.error("\n".join([heading, "", *lines]), icon=":material/emergency:")


def red_flag_table(reports: list[RedFlagReport], none_text: str) -> None:
    """Each yes to a red-flag question, newest first, and who has seen it."""
    if not reports:
        st.caption(none_text)
        return
    st.dataframe(
        pd.DataFrame(
            {
                "Date": [report.day for report in reports],
                "What": [display.RED_FLAG_NAMES.get(r.item, r.item) for r in reports],
                "Seen": [
                    "not yet"
                    if report.is_open
                    else f"by {report.acknowledged_by_name or 'the clinic'}, "
                    f"{session.local_time(report.acknowledged_at):%d %b %Y}"
                    for report in reports
                ],
                "Note": [report.note for report in reports],
            }
        ),
        hide_index=True,
        placeholder=display.MISSING,
    )


def finding_card(finding: Finding) -> None:
    """A finding: its status in words and colour, the figure against its target, the one-line
    reason, and the source behind a "Why?" that opens."""
    with st.container(border=True):
        top = st.container(horizontal=True, vertical_alignment="center")
        top.badge(
            display.STATUS_WORDS[finding.status],
            icon=display.STATUS_ICONS[finding.status],
            color=display.STATUS_COLOURS[finding.status],
        )
        top.markdown(f"**{display.FINDING_NAMES[finding.code]}**")
        value = display.finding_value(finding.code, finding.value, finding.unit)
        target = display.target_text(finding.comparison, finding.target, finding.unit)
        if finding.value is not None:
            st.markdown(f"{value}  \n:gray[Target: {target}]" if target else value)
        st.write(finding.message)
        with st.popover("Why?", icon=":material/menu_book:"):
            if finding.note:
                st.markdown(finding.note)
            st.markdown(f"Source: {finding.source}")


def finding_lines(findings: list[Finding]) -> None:
    """Findings as one line each (inside a fold): the name, the status in words, the reason."""
    st.markdown(
        "\n".join(
            f"- **{display.FINDING_NAMES[f.code]}** ({display.STATUS_WORDS[f.status].lower()}): "
            f"{f.message}"
            for f in findings
        )
    )


def findings_view(findings: list[Finding]) -> None:
    """What to act on first, one to three cards; the rest folded into a line each."""
    arranged = arrange(findings)
    if arranged.first:
        for finding in arranged.first:
            finding_card(finding)
    else:
        st.success("Nothing needs acting on now.", icon=":material/check_circle:")
    if arranged.more:
        with st.expander(f"{len(arranged.more)} more to look at", icon=":material/visibility:"):
            for finding in arranged.more:
                finding_card(finding)
    if arranged.unknown:
        names = ", ".join(display.FINDING_NAMES[f.code] for f in arranged.unknown)
        with st.expander(f"Not enough logged yet: {names}", icon=":material/help:"):
            finding_lines(arranged.unknown)
    if arranged.on_track:
        names = ", ".join(display.FINDING_NAMES[f.code] for f in arranged.on_track)
        with st.expander(f"On track: {names}", icon=":material/check_circle:"):
            finding_lines(arranged.on_track)


def first_steps(view: Progress) -> None:
    """A new patient's checklist: what the findings need first, with where to do it."""
    steps = view.first_steps
    left = view.steps_left
    if not left:
        return
    with st.container(border=True, key="first_steps"):
        st.subheader("First steps")
        st.caption(
            f"{len(steps) - len(left)} of {len(steps)} done. Each one unlocks more of what "
            "this page can tell you."
        )
        st.markdown(
            "\n".join(
                f"- {':material/check_box:' if step.done else ':material/check_box_outline_blank:'}"
                f" {'~~' + step.what + '~~' if step.done else step.what}"
                for step in steps
            )
        )
        pages = {step.page for step in left}
        if "settings" in pages:
            st.page_link(SETTINGS_PAGE, label="Set them in Settings", icon=":material/settings:")
        if "today" in pages:
            st.page_link(TODAY_PAGE, label="Log on Today", icon=":material/today:")


def total_bar(total: Total, shown: str) -> None:
    """A running total against its target, as text and a bar."""
    if total.share is None:
        st.markdown(f"**{total.label}:** {shown}")
        return
    st.progress(total.share, text=f"**{total.label}:** {shown}")


# --- a strength session's exercises, as rows of a form -------------------------------------


def exercise_inputs(
    key: str, rows: int, profile: Profile, given: tuple[Exercise, ...] = ()
) -> None:
    """Rows of name, sets, reps and load (in the patient's unit) inside a form.

    With ``given``, the rows start from those exercises (then empty rows of 3 x 10); without,
    the values come from session state, where the page keeps its defaults so that clearing the
    form after a save can restore them.
    """

    def start(row: int, part: str) -> dict:
        if not given:
            return {}
        item = given[row] if row < len(given) else Exercise("", 3, 10)
        load = item.load_kg
        shown = None if load is None else round(display.to_display(Kind.WEIGHT, load, profile), 2)
        return {
            "value": {"name": item.name, "sets": item.sets, "reps": item.reps, "load": shown}[part]
        }

    unit = profile.weight_unit.value
    for row in range(rows):
        name, sets, reps, load = st.columns([3, 1, 1, 1.4])
        name.text_input(
            f"Exercise {row + 1}",
            key=f"{key}_{row}_name",
            placeholder="Hip thrust" if row == 0 else "",
            **start(row, "name"),
        )
        sets.number_input(
            "Sets", min_value=0, step=1, key=f"{key}_{row}_sets", **start(row, "sets")
        )
        reps.number_input(
            "Reps", min_value=0, step=1, key=f"{key}_{row}_reps", **start(row, "reps")
        )
        load.number_input(
            f"Load ({unit})",
            step=2.5,
            key=f"{key}_{row}_load",
            placeholder="body weight",
            **start(row, "load"),
        )


def exercises_typed(key: str, rows: int, profile: Profile) -> tuple[Exercise, ...]:
    """The exercises typed into ``exercise_inputs`` rows; a row without a name is skipped."""
    state = st.session_state
    typed = []
    for row in range(rows):
        name = state[f"{key}_{row}_name"].strip()
        if not name:
            continue
        load = state[f"{key}_{row}_load"]
        typed.append(
            Exercise(
                name,
                int(state[f"{key}_{row}_sets"] or 0),
                int(state[f"{key}_{row}_reps"] or 0),
                display.to_metric(Kind.WEIGHT, load, profile) if load is not None else None,
            )
        )
    return tuple(typed)


def progress_view(view: Progress, heading: str = "What to do first", who: str = "you") -> None:
    """The Progress page's body: the patient's page and the therapist's review show the same,
    what to act on first, then the charts."""
    if who == "you":
        first_steps(view)
    if view.is_empty:
        st.info(
            "No entries in this period. Log your weight, protein and water on Today, and your "
            "progress will build up here day by day.",
            icon=":material/monitoring:",
        )
        return
    headline(view.headline, view.weight_unit)
    st.subheader(heading)
    st.caption(f"As of the end of {view.end:%d %B %Y}.")
    findings_view(view.findings)
    charts_view(view)
    medication_view(view)


STEP_COLUMNS = ("Dose", "Label", "Note", "From", "Weeks")
LOSS_COLUMNS = ("Dose", "% a week", "Pace", "Loss a week", "From")
TIMING_COLUMNS = ("Next dose", "What happened", "Days apart", "Dose before")
"""On screen, the columns that answer the table's question first, and fewer of them: five
narrow columns read at a phone's 390 px. The clinician report prints them all."""


def _screen_table(frame: pd.DataFrame, columns: tuple[str, ...]) -> None:
    """``frame`` with ``columns`` (and the medicine when there was more than one)."""
    shown = list(columns)
    if "Medicine" in frame and frame["Medicine"].nunique() > 1:
        shown.insert(0, "Medicine")
    st.dataframe(frame, hide_index=True, placeholder=display.MISSING, column_order=shown)


ALWAYS_DRAWN = ("weight", charts.LEVEL_KEY, charts.MUSCLE_KEY)
ALL_CHARTS = "all"
MORE_CHARTS = {
    "loss_rate": "Rate of loss",
    "protein": "Protein",
    "water": "Water",
    "side_effects": "Side effects",
    "strength": "Strength",
    "activity": "Activity",
    "pain": "Pain",
    "body_composition": "Body composition",
    ALL_CHARTS: "All charts",
}
"""The charts besides the weight, in ``charts.KEYS`` order: one at a time (each costs the
browser about 60 ms to draw, and a phone a screen of scrolling), or all of them when asked."""


def chart(view: Progress, key: str) -> bool:
    """Draw the chart ``key`` with its sentence; False when the period has nothing for it."""
    figure = charts.figure(view, key)
    if figure is None:
        return False
    # theme=None: the figures carry their own trimmed template, fonts and colours.
    st.plotly_chart(figure, key=f"chart_{key}", theme=None, config={"displayModeBar": False})
    st.caption(chart_words.summary(view, key))  # the chart, in words
    return True


def muscle_card(kept: MuscleKept) -> None:
    """Muscle kept: the lean share of the loss where readings can tell it, else strength and
    function, saying which it is read from."""
    with st.container(border=True, key="muscle_kept"):
        top = st.container(horizontal=True, vertical_alignment="center")
        top.badge(
            display.STATUS_WORDS[kept.status],
            icon=display.STATUS_ICONS[kept.status],
            color=display.STATUS_COLOURS[kept.status],
        )
        top.markdown("**Muscle kept**")
        st.write(kept.message)
        if kept.read_from:
            st.caption(f"Read from {kept.read_from}.")


@st.fragment
def charts_view(view: Progress) -> None:
    """The weight chart, then the chart of what to act on first, or another one chosen: a
    fragment, so choosing reruns only the charts."""
    st.subheader(f"{view.start:%d %b %Y} to {view.end:%d %b %Y}")
    drawn = []
    for key in ALWAYS_DRAWN:
        if key == charts.MUSCLE_KEY:
            muscle_card(view.muscle)
        drawn.append(chart(view, key))
    chosen = st.pills(
        "More charts",
        list(MORE_CHARTS),
        default=chart_to_open(view.findings),
        format_func=MORE_CHARTS.get,
        key="more_charts",
    )
    keys = [k for k in MORE_CHARTS if k != ALL_CHARTS] if chosen == ALL_CHARTS else [chosen]
    for key in filter(None, keys):
        drawn.append(chart(view, key))
        if not drawn[-1] and chosen != ALL_CHARTS:
            st.info(f"Nothing to chart for {MORE_CHARTS[key].lower()} in this period yet.")
    if not any(drawn):
        st.info("Nothing to chart in this period yet.")


def medication_view(view: Progress) -> None:
    """The dose steps against the label, late or missed doses, and the loss on each dose."""
    picture = view.medication
    if not picture.steps:
        return
    st.subheader("Medicine")
    st.markdown("**Dose steps and the label's schedule**")
    _screen_table(dose_tables.steps_table(picture.steps), STEP_COLUMNS)
    timing = dose_tables.timing_table(picture.gaps)
    if timing.empty:
        st.caption("No late or missed doses.")
    else:
        st.markdown("**Late and missed doses**")
        _screen_table(timing, TIMING_COLUMNS)
    st.markdown("**Loss on each dose**")
    st.caption(
        "The trend rate of loss on each step's last day. If the loss is too fast, this is the "
        "table to bring to your prescriber."
    )
    _screen_table(
        dose_tables.loss_rows(picture.losses, view.weight_unit, view.targets), LOSS_COLUMNS
    )


# --- the clinician report ------------------------------------------------------------------


def report_download(
    engine: Engine,
    actor: Actor,
    patient: User,
    profile: Profile,
    period: tuple[dt.date, dt.date],
    key: str,
) -> None:
    """Make the clinician report for ``period`` (a few seconds: the charts are drawn by a
    browser), then offer it as a download; made again when the period or paper changes."""
    start, end = period
    papers = [paper.value for paper in reports.Paper]
    # Pounds suggest the US, where Letter is the paper in the printer.
    usual = reports.Paper.LETTER if profile.weight_unit is WeightUnit.LB else reports.Paper.A4
    paper = st.radio(
        "Paper", papers, index=papers.index(usual.value), horizontal=True, key=f"{key}_paper"
    )
    wanted = (patient.id, start, end, paper)
    made = st.session_state.get(f"{key}_pdf")
    if made is not None and made[0] == wanted:
        st.download_button(
            "Download the report (PDF)",
            data=made[1],
            file_name=reports.report_filename(patient.display_name, start, end),
            mime="application/pdf",
            icon=":material/download:",
            type="primary",
            key=f"{key}_download",
        )
        return
    if st.button("Make the report", icon=":material/picture_as_pdf:", key=f"{key}_make"):
        try:
            with st.spinner("Drawing the charts and laying out the pages…"):
                document = reports.clinician_report(engine, actor, patient.id, start, end, paper)
        except TrackerError as error:
            st.error(plain(error), icon=":material/error:")
            return
        st.session_state[f"{key}_pdf"] = (wanted, document)
        st.rerun()


# --- uploads -------------------------------------------------------------------------------


class _Reopened(io.RawIOBase):
    """A read-only view of an uploaded file that can be opened many times without copying it
    (an Apple Health export can be gigabytes) and whose close leaves the upload alone. Each
    view keeps its own position, so two open views never read each other's bytes."""

    def __init__(self, uploaded) -> None:
        self._file = uploaded
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self._file.seek(self._position)
        data = self._file.read(len(buffer))
        buffer[: len(data)] = data
        self._position += len(data)
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_CUR:
            offset, whence = self._position + offset, io.SEEK_SET
        self._position = self._file.seek(offset, whence)
        return self._position

    def tell(self) -> int:
        return self._position


def upload_source(uploaded) -> Source:
    """An ``st.file_uploader`` file as an import ``Source``."""
    return Source(uploaded.name, uploaded.size, lambda: io.BufferedReader(_Reopened(uploaded)))


def target_sources(title: str) -> None:
    """Where each guidance default comes from, folded under the targets (Settings, review)."""
    with st.expander(title):
        for code, source in target_rules.SOURCES.items():
            st.markdown(f"- **{code.replace('_', ' ')}**: {source}")
