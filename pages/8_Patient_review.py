"""Patient review: one shared patient's progress, doses, your notes, their targets and plan."""

import pandas as pd
import streamlit as st

from tracker.domain import AccessDenied, Kind, NotFound, PlanItem, ProteinBasis, Role
from tracker.formats import links
from tracker.rules import targets
from tracker.rules.exercises import BY_CODE, LIBRARY
from tracker.services import accounts, assessment, care, logbook
from tracker.ui import session, widgets
from tracker.views import display

CASELOAD = "pages/7_Caseload.py"

user = widgets.signed_in_page(
    "Patient review", ":material/person_search:", Role.THERAPIST, wide=True
)
engine, me = session.engine(), session.actor(user)

try:
    patient_id = links.record_id(st.query_params.get("patient"))
    if patient_id is None:
        raise NotFound("No patient is chosen.")
    patient = care.open_patient(engine, me, patient_id)
except (AccessDenied, NotFound):
    st.info("Choose a patient from your caseload.", icon=":material/groups:")
    st.page_link(CASELOAD, label="Caseload", icon=":material/groups:")
    st.stop()

st.header(widgets.plain(patient.display_name), anchor=False)
st.caption(f"{widgets.plain(patient.email)} · every visit is recorded in the patient's access log.")
profile = accounts.get_profile(engine, me, patient.id)

# --- red flags first: nothing else on the page matters more --------------------------------

red_flags = care.red_flags(engine, me, patient.id)
open_codes = [flag.item for flag in red_flags if flag.is_open]


def acknowledge() -> None:
    def action() -> str:
        count = care.acknowledge_red_flags(engine, me, patient.id)
        return f"Marked {count} red flag{'s' if count != 1 else ''} seen."

    widgets.run_action("acknowledge", action)


if open_codes:
    widgets.red_flag_alert(
        open_codes,
        who=f"{widgets.plain(patient.display_name)} answered yes to a red-flag question. "
        "They were shown this advice:",
    )
    st.button(
        "Mark seen",
        icon=":material/task_alt:",
        type="primary",
        on_click=acknowledge,
        key="acknowledge_red_flags",
        help="Takes the patient off the top of your caseload; recorded in their access log.",
    )
widgets.outcome("acknowledge")

progress_tab, symptoms_tab, doses_tab, notes_tab, targets_tab, plan_tab = st.tabs(
    ["Progress", "Symptoms", "Doses", "Notes", "Targets", "Exercise plan"]
)

with progress_tab:
    choice, custom = widgets.period_picker("review_period")
    view = assessment.progress(engine, me, patient.id, choice, custom, on=session.local_today())
    with st.expander("Clinician report (PDF) for this period", icon=":material/picture_as_pdf:"):
        st.caption("Making a report is recorded in the patient's access log.")
        widgets.report_download(
            engine, me, patient, profile, (view.start, view.end), "review_report"
        )
    widgets.progress_view(view, heading="Where they stand")

with symptoms_tab:
    symptoms = logbook.list_entries(engine, me, patient.id, kinds=[Kind.PAIN, Kind.SIDE_EFFECT])
    st.caption("Pain over time against strength sessions is charted on the Progress tab.")
    for kind, title in ((Kind.PAIN, "Buttock and hip pain"), (Kind.SIDE_EFFECT, "Side effects")):
        st.markdown(f"**{title}**")
        logged = [e for e in reversed(symptoms) if e.kind is kind]
        if not logged:
            st.caption("None logged.")
            continue
        st.dataframe(
            pd.DataFrame(
                {
                    "Date": [e.day for e in logged],
                    "How strong": [display.value_text(kind, e.value, profile) for e in logged],
                    "What": [display.detail(e, profile) for e in logged],
                    "Note": [e.note for e in logged],
                }
            ),
            hide_index=True,
            placeholder=display.MISSING,
        )
    st.markdown("**Red flags**")
    widgets.red_flag_table(red_flags, "No yes to a red-flag question.")

with doses_tab:
    doses = logbook.list_entries(engine, me, patient.id, kinds=[Kind.DOSE])
    if not doses:
        st.info("No doses logged.", icon=":material/vaccines:")
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    "Date": [d.day for d in reversed(doses)],
                    "Dose": [f"{d.value:g} mg" for d in reversed(doses)],
                    "Medicine": [
                        display.MEDICINE_NAMES.get(d.label, d.label) for d in reversed(doses)
                    ],
                    "Site": [display.SITE_NAMES.get(d.site, "") for d in reversed(doses)],
                    "Note": [d.note for d in reversed(doses)],
                }
            ),
            hide_index=True,
            placeholder=display.MISSING,
        )

with notes_tab:

    def add_note() -> None:
        def action() -> str:
            care.add_note(engine, me, patient.id, st.session_state.note_body)
            return "Saved the note."

        widgets.run_action("review_note", action, {"note_body": ""})

    with st.form("note_form"):
        st.text_area("New note", key="note_body", help="Your patient can read your notes.")
        st.form_submit_button("Save note", type="primary", on_click=add_note)
    widgets.outcome("review_note")
    for note in care.notes(engine, me, patient.id):
        with st.container(border=True):
            written = session.local_time(note.created_at)
            st.caption(f"{widgets.plain(note.author_name)}, {written:%d %b %Y %H:%M}")
            st.text(note.body)

with targets_tab:
    applied, overrides = assessment.targets(engine, me, patient.id)
    set_by = {o.name: o for o in overrides}
    EDITABLE = (
        ("protein_ok_g_per_kg", "Protein a day, at least (g per kg)", 0.1),
        ("strength_sessions_ok", "Strength sessions a week", 1.0),
        ("loss_watch_max_pct_per_week", "Loss rate ceiling (% of body weight a week)", 0.1),
        ("water_target_ml", "Water a day for a fluid restriction (ml; empty: the rule)", 50.0),
    )
    STRENGTH_TWINS = ("strength_sessions_ok", "strength_sessions_ok_from_65")
    """A therapist's strength target holds at any age."""
    current = {
        name: None if getattr(applied, name) is None else float(getattr(applied, name))
        for name, _, _ in EDITABLE
    }
    current["strength_sessions_ok"] = float(
        applied.strength_sessions_for(profile.age_on(session.local_today()))
    )

    def save_targets() -> None:
        def action() -> str:
            changed = []
            for name, label, _ in EDITABLE:
                value = st.session_state[f"target_{name}"]
                if value == current[name]:
                    continue
                for field in STRENGTH_TWINS if name == "strength_sessions_ok" else (name,):
                    assessment.set_target(engine, me, patient.id, field, value)
                changed.append(label.split(" (")[0].lower())
            return "Saved: " + ", ".join(changed) + "." if changed else "Nothing changed."

        widgets.run_action("review_targets", action)

    def reset_target(name: str) -> None:
        def action() -> str:
            for field in STRENGTH_TWINS if name == "strength_sessions_ok" else (name,):
                assessment.set_target(engine, me, patient.id, field, None)
            return "Back to the guidance default."

        widgets.run_action("review_targets", action)

    with st.form("targets_form"):
        for name, label, step in EDITABLE:
            st.number_input(
                label, value=current[name], step=step, min_value=0.0, key=f"target_{name}"
            )
        st.form_submit_button("Save targets", type="primary", on_click=save_targets)
    widgets.outcome("review_targets")
    for name, label, _ in EDITABLE:
        if name in set_by:
            who = set_by[name].set_by_name or "the clinic"
            st.caption(f"{label.split(' (')[0]}: set by {widgets.plain(who)}.")
            st.button(
                "Back to the guidance default",
                key=f"reset_{name}",
                on_click=reset_target,
                args=(name,),
            )

    def save_basis() -> None:
        def action() -> str:
            basis = st.session_state.review_basis
            assessment.set_protein_basis(engine, me, patient.id, basis)
            return f"Protein is now judged on {assessment.BASIS_WORDS[ProteinBasis(basis)]}."

        widgets.run_action("review_basis", action)

    with st.form("basis_form"):
        bases = [b.value for b in ProteinBasis]
        st.selectbox(
            "Protein judged on",
            bases,
            index=bases.index(profile.protein_basis.value),
            format_func=lambda b: widgets.sentence(assessment.BASIS_WORDS[ProteinBasis(b)]),
            key="review_basis",
            help="Adjusted body weight is ideal weight + 0.4 x the rest; it needs the patient's "
            "height and sex. The patient can change it in their settings too.",
        )
        st.form_submit_button("Save protein basis", on_click=save_basis)
    widgets.outcome("review_basis")
    with st.expander("Where the defaults come from"):
        for code, source in targets.SOURCES.items():
            st.markdown(f"- **{code.replace('_', ' ')}**: {source}")

with plan_tab:
    plan = care.plan(engine, me, patient.id, session.local_today())
    if plan.adherence_pct is not None:
        st.metric("Plan done in the last 7 days", f"{plan.adherence_pct:.0f} %")

    def remove(item_id: int) -> None:
        def action() -> str:
            care.remove_plan_item(engine, me, patient.id, item_id)
            return "Removed from the plan."

        widgets.run_action("review_plan", action)

    for item in plan.items:
        library = BY_CODE[item.exercise]
        dose = (
            f"{item.sets} × {item.hold_s} s hold"
            if library.is_stretch
            else f"{item.sets} × {item.reps}"
        )
        left, right = st.columns([4, 1])
        left.markdown(f"**{library.name}**: {dose}, {item.days_per_week} days a week")
        right.button("Remove", key=f"remove_{item.id}", on_click=remove, args=(item.id,))

    def add_item() -> None:
        state = st.session_state

        def action() -> str:
            stored = care.add_plan_item(
                engine,
                me,
                PlanItem(
                    0,
                    patient.id,
                    state.plan_exercise,
                    int(state.plan_sets),
                    int(state.plan_reps),
                    int(state.plan_hold),
                    int(state.plan_days),
                ),
            )
            return f"Added {BY_CODE[stored.exercise].name} to the plan."

        widgets.run_action("review_plan", action)

    with st.form("plan_form"):
        st.selectbox(
            "Exercise",
            [e.code for e in LIBRARY],
            key="plan_exercise",
            format_func=lambda code: BY_CODE[code].name,
        )
        sets, reps, hold, days = st.columns(4)
        sets.number_input("Sets", min_value=1, max_value=10, value=3, key="plan_sets")
        reps.number_input(
            "Reps",
            min_value=1,
            max_value=50,
            value=10,
            key="plan_reps",
            help="For strength exercises.",
        )
        hold.number_input(
            "Hold (s)", min_value=5, max_value=300, value=30, key="plan_hold", help="For stretches."
        )
        days.number_input("Days a week", min_value=1, max_value=7, value=3, key="plan_days")
        st.form_submit_button("Add to plan", type="primary", on_click=add_item)
    widgets.outcome("review_plan")
    with st.expander("The exercise library"):
        for exercise in LIBRARY:
            st.markdown(f"**{exercise.name}**: {exercise.how}")
