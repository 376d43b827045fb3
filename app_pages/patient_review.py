"""Patient review: one shared patient's progress, doses, your notes, their targets and plan."""

import pandas as pd
import streamlit as st

from tracker.domain import (
    AccessDenied,
    FunctionTest,
    Kind,
    NotFound,
    PlanItem,
    ProteinBasis,
    Role,
    TestedAt,
)
from tracker.services import assessment, care, review
from tracker.ui import links, muscle_checks, session, widgets
from tracker.views import display, muscle
from tracker.views import plan as plans

CASELOAD = "app_pages/caseload.py"

user = widgets.signed_in_page(
    "Patient review", ":material/person_search:", Role.THERAPIST, wide=True
)
engine, me = session.engine(), session.actor(user)

choice, custom = widgets.chosen_period("review_period")
try:
    patient_id = links.record_id(st.query_params.get("patient"))
    if patient_id is None:
        raise NotFound("No patient is chosen.")
    seen = review.review(engine, me, patient_id, choice, custom, on=session.local_today())
except (AccessDenied, NotFound):
    st.info("Choose a patient from your caseload.", icon=":material/groups:")
    st.page_link(CASELOAD, label="Caseload", icon=":material/groups:")
    st.stop()
patient, profile = seen.patient, seen.profile

st.header(widgets.plain(patient.display_name), anchor=False)
st.caption(f"{widgets.plain(patient.email)} · every visit is recorded in the patient's access log.")

# --- red flags first: nothing else on the page matters more --------------------------------

open_codes = seen.open_red_flags


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

progress_tab, function_tab, symptoms_tab, doses_tab, notes_tab, targets_tab, plan_tab = st.tabs(
    ["Progress", "Strength and function", "Symptoms", "Doses", "Notes", "Targets", "Exercise plan"]
)

with progress_tab:
    widgets.period_picker("review_period")
    view = seen.progress
    with st.expander("Clinician report (PDF) for this period", icon=":material/picture_as_pdf:"):
        st.caption("Making a report is recorded in the patient's access log.")
        widgets.report_download(
            engine, me, patient, profile, (view.start, view.end), "review_report"
        )
    widgets.progress_view(view, heading="What to look at first", who="they")

with function_tab:
    kept = seen.progress.muscle
    st.markdown(f"**Muscle kept: {display.STATUS_WORDS[kept.status].lower()}**")
    if kept.read_from:
        st.caption(f"Read from {kept.read_from}.")
    for finding in seen.progress.findings:
        if finding.code in ("lean_share", "strength_kept", "function"):
            widgets.finding_card(finding)
    st.markdown("**Function tests and SARC-F**")
    if seen.tests:
        st.dataframe(
            muscle.test_table(seen.tests, profile), hide_index=True, placeholder=display.MISSING
        )
    else:
        st.caption("None recorded yet.")

    def record(form: str, test: FunctionTest) -> None:
        def action() -> str:
            done_on = st.session_state[f"{form}_day"]
            if test is FunctionTest.SARC_F:
                entry = muscle_checks.sarc_f_entry(form, done_on, None)
            else:
                entry = muscle_checks.test_entry(
                    f"{form}_value", test, profile, done_on, None, TestedAt.CLINIC.value
                )
            saved = care.record_test(engine, me, patient.id, entry)
            return muscle_checks.saved_words(saved, profile)

        reset = (
            muscle_checks.sarc_f_reset(form)
            if test is FunctionTest.SARC_F
            else {f"{form}_value": None}
        )
        widgets.run_action(form, action, reset)

    def record_in_clinic() -> None:
        st.markdown("**Record a test done in clinic**")
        test = muscle_checks.test_picker(
            "clinic_test_choice", (*muscle_checks.PHYSICAL, FunctionTest.SARC_F)
        )
        form = f"clinic_{test.value}"
        with st.form(f"{form}_form", border=False):
            st.date_input(
                "Done on",
                value=session.local_today(),
                max_value=session.local_today(),
                key=f"{form}_day",
                format="YYYY-MM-DD",
            )
            if test is FunctionTest.SARC_F:
                muscle_checks.sarc_f_inputs(form)
            else:
                muscle_checks.test_inputs(f"{form}_value", test, profile)
            st.form_submit_button(
                "Save the result", type="primary", on_click=record, args=(form, test)
            )
        widgets.outcome(form)

    record_in_clinic()

with symptoms_tab:
    st.caption("Pain over time against strength sessions is charted on the Progress tab.")
    for kind, title in ((Kind.PAIN, "Buttock and hip pain"), (Kind.SIDE_EFFECT, "Side effects")):
        st.markdown(f"**{title}**")
        logged = seen.symptoms_of(kind)
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
    widgets.red_flag_table(seen.red_flags, "No yes to a red-flag question.")

with doses_tab:
    doses = seen.doses
    if not doses:
        st.info("No doses logged.", icon=":material/vaccines:")
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    "Date": [d.day for d in doses],
                    "Dose": [f"{d.value:g} mg" for d in doses],
                    "Medicine": [display.MEDICINE_NAMES.get(d.label, d.label) for d in doses],
                    "Site": [display.SITE_NAMES.get(d.site, "") for d in doses],
                    "Note": [d.note for d in doses],
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
    for note in seen.notes:
        with st.container(border=True):
            written = session.local_time(note.created_at)
            st.caption(f"{widgets.plain(note.author_name)}, {written:%d %b %Y %H:%M}")
            st.text(note.body)

with targets_tab:
    fields = seen.targets

    def save_targets() -> None:
        def action() -> str:
            typed = {f.name: st.session_state[f"target_{f.name}"] for f in fields}
            changes = {f.name: typed[f.name] for f in fields if typed[f.name] != f.value}
            if not changes:
                return "Nothing changed."
            assessment.set_targets(engine, me, patient.id, changes)
            names = [f.short_label.lower() for f in fields if f.name in changes]
            return "Saved: " + "; ".join(names) + "."

        widgets.run_action("review_targets", action)

    def reset_target(name: str) -> None:
        def action() -> str:
            assessment.set_targets(engine, me, patient.id, {name: None})
            return "Back to the guidance default."

        widgets.run_action("review_targets", action)

    with st.form("targets_form"):
        for field in fields:
            st.number_input(
                field.label,
                value=field.value,
                step=field.step,
                min_value=0.0,
                key=f"target_{field.name}",
            )
        st.form_submit_button("Save targets", type="primary", on_click=save_targets)
    widgets.outcome("review_targets")
    for field in fields:
        if field.set_by is not None:
            st.caption(f"{field.short_label}: set by {widgets.plain(field.set_by)}.")
            st.button(
                "Back to the guidance default",
                key=f"reset_{field.name}",
                on_click=reset_target,
                args=(field.name,),
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
    widgets.target_sources("Where the defaults come from")

with plan_tab:
    plan = seen.plan
    if plan.adherence_pct is not None:
        st.metric("Plan done in the last 7 days", f"{plan.adherence_pct:.0f} %")

    def remove(item_id: int) -> None:
        def action() -> str:
            care.remove_plan_item(engine, me, patient.id, item_id)
            return "Removed from the plan."

        widgets.run_action("review_plan", action)

    for item in plan.items:
        left, right = st.columns([4, 1])
        left.markdown(
            f"**{plans.exercise_name(item.exercise)}**: {plans.dose_text(item)}, "
            f"{item.days_per_week} days a week"
        )
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
            return f"Added {plans.exercise_name(stored.exercise)} to the plan."

        widgets.run_action("review_plan", action)

    with st.form("plan_form"):
        st.selectbox(
            "Exercise",
            plans.LIBRARY_CODES,
            key="plan_exercise",
            format_func=plans.exercise_name,
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
        for exercise in plans.LIBRARY:
            st.markdown(f"**{exercise.name}**: {exercise.how}")
