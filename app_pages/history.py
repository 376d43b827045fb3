"""History: every entry, filterable; change or delete any of them."""

import datetime as dt

import pandas as pd
import streamlit as st

from tracker.domain import (
    LABELS,
    OPTIONAL_LABELS,
    Entry,
    Exercise,
    InjectionSite,
    InvalidEntry,
    Kind,
    Role,
)
from tracker.services import logbook
from tracker.ui import links, session, widgets
from tracker.views import display
from tracker.views import medicine_words as medicines

user = widgets.signed_in_page("History", ":material/history:", Role.PATIENT, wide=True)
engine, me = session.engine(), session.actor(user)
today = session.local_today()
LATEST = today + dt.timedelta(days=1)  # an import may hold tomorrow (time zones)


linked = links.history_filter(st.query_params, LATEST)

kind_filter, date_filter = st.columns([2, 1])
kinds = kind_filter.multiselect(
    "Kinds",
    list(Kind),
    default=list(linked.kinds),
    format_func=display.kind_name,
    key="history_kinds",
    placeholder="All kinds",
)
picked = date_filter.date_input(
    "From and to",
    value=(linked.start or today - dt.timedelta(days=29), linked.end or today),
    min_value=links.EARLIEST_DAY,
    max_value=LATEST,
    key="history_range",
    format="YYYY-MM-DD",
)
if not (isinstance(picked, tuple) and len(picked) == 2):
    st.info("Choose the last day of the period too.", icon=":material/date_range:")
    st.stop()
start, end = picked
found = logbook.history_page(
    engine, me, user.id, start, end, kinds or None, st.session_state.get("history_page", 1)
)
profile, shown, pages = found.profile, found.entries, found.pages

if not found.total:
    st.info(
        "No entries match. Widen the dates or the kinds, or log something on Today.",
        icon=":material/search_off:",
    )
    st.stop()

if pages > 1:
    st.session_state["history_page"] = found.page  # within the pages the filter leaves
    st.number_input(f"Page (of {pages})", min_value=1, max_value=pages, step=1, key="history_page")
st.caption(
    f"{found.total} {'entry' if found.total == 1 else 'entries'}"
    + (f", {len(shown)} on this page" if pages > 1 else "")
)
st.dataframe(
    pd.DataFrame(
        {
            # Four columns read at a phone's width: the time beside the date, the note
            # after the details.
            "When": [f"{e.day} {e.time:%H:%M}" if e.time else str(e.day) for e in shown],
            "What": [display.kind_name(e.kind) for e in shown],
            "Amount": [display.value_text(e.kind, e.value, profile) for e in shown],
            "Details": [
                " · ".join(part for part in (display.detail(e, profile), e.note) if part)
                for e in shown
            ],
        }
    ),
    hide_index=True,
    placeholder=display.MISSING,
    height=min(420, 38 + 35 * len(shown)),
)

# --- change or delete one entry ---------------------------------------------------------------

st.subheader("Change or delete an entry")
by_key = {f"{e.kind.value}:{e.id}": e for e in shown}


def describe(key: str) -> str:
    entry = by_key[key]
    when = f"{entry.day:%d %b %Y}" + (f" {entry.time:%H:%M}" if entry.time else "")
    amount = display.value_text(entry.kind, entry.value, profile)
    return f"{when} · {display.kind_name(entry.kind)} {amount}"


chosen = st.selectbox("Entry", list(by_key), format_func=describe, key="history_entry")
entry = by_key[chosen]
unit = display.unit_of(entry.kind, profile)
prefix = f"edit_{chosen}"


def exercise_rows(item: Entry) -> int:
    return len(item.exercises) + 2 if item.kind is Kind.STRENGTH else 0


def save_changes() -> None:
    state = st.session_state

    def action() -> str:
        value = state[f"{prefix}_value"]
        if value is None:
            raise InvalidEntry("Enter the amount.")
        changed = Entry(
            entry.kind,
            state[f"{prefix}_day"],
            display.to_metric(entry.kind, value, profile),
            state[f"{prefix}_time"],
            label=state.get(f"{prefix}_label", ""),
            note=state[f"{prefix}_note"],
            site=state.get(f"{prefix}_site", ""),
            exercises=widgets.exercises_typed(f"{prefix}_exercise", exercise_rows(entry), profile),
            id=entry.id,
        )
        logbook.update_entry(engine, me, user.id, changed)
        return "Saved the change."

    widgets.run_action("history_edit", action)


def delete() -> None:
    def action() -> str:
        logbook.delete_entry(engine, me, user.id, entry.kind, entry.id)
        return "Deleted the entry."

    widgets.run_action("history_delete", action, {"history_confirm_delete": False})


with st.form(f"{prefix}_form"):
    day_column, time_column = st.columns(2)
    day_column.date_input(
        "Date",
        value=entry.day,
        max_value=max(today, entry.day),
        key=f"{prefix}_day",
        format="YYYY-MM-DD",
    )
    time_column.time_input("Time (optional)", value=entry.time, key=f"{prefix}_time", step=60)
    st.number_input(
        f"{display.kind_name(entry.kind)} ({display.unit_text(unit)})",
        value=round(display.to_display(entry.kind, entry.value, profile), 3),
        key=f"{prefix}_value",
    )
    if entry.kind in LABELS or entry.kind in OPTIONAL_LABELS:
        optional = entry.kind in OPTIONAL_LABELS
        choices = OPTIONAL_LABELS[entry.kind] if optional else LABELS[entry.kind]
        options = [*([""] if optional else []), *(choice.value for choice in choices)]
        names = display.LABEL_NAMES.get(entry.kind, {})
        st.selectbox(
            display.label_name(entry.kind),
            options,
            index=options.index(entry.label),
            format_func=lambda value: names.get(value, value) or "Not said",
            key=f"{prefix}_label",
        )
    if entry.kind is Kind.SARC_F:
        st.text_input(
            "Answers (optional)",
            value=entry.label,
            key=f"{prefix}_label",
            help="Each question's initial and its points, in order: S1 A0 R2 C1 F0. They must "
            "add up to the score; leave empty to keep the score alone.",
        )
    if entry.kind is Kind.DOSE and not medicines.is_tablet(entry.label):
        sites = ["", *(s.value for s in InjectionSite)]
        st.selectbox(
            "Injection site",
            sites,
            index=sites.index(entry.site),
            format_func=lambda s: display.SITE_NAMES.get(s, "Not noted"),
            key=f"{prefix}_site",
        )
    if entry.kind is Kind.STRENGTH:
        widgets.exercise_inputs(
            f"{prefix}_exercise",
            exercise_rows(entry),
            profile,
            entry.exercises or (Exercise("", 3, 10),),
        )
    st.text_input("Note", value=entry.note, key=f"{prefix}_note")
    st.form_submit_button("Save changes", type="primary", on_click=save_changes)
widgets.outcome("history_edit")

with st.container(border=True):
    confirmed = st.checkbox("Yes, delete this entry for good", key="history_confirm_delete")
    st.button(
        "Delete entry",
        icon=":material/delete:",
        disabled=not confirmed,
        on_click=delete,
        key="history_delete",
    )
widgets.outcome("history_delete")
