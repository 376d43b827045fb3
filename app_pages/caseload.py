"""Caseload: every patient who shares with you, the ones who need you first."""

import pandas as pd
import streamlit as st

from tracker.domain import Role
from tracker.services import care
from tracker.ui import session, widgets
from tracker.views import display
from tracker.views.caseload import STATUSES

REVIEW_PAGE = "app_pages/patient_review.py"

user = widgets.signed_in_page("Caseload", ":material/groups:", Role.THERAPIST, wide=True)
engine, me = session.engine(), session.actor(user)

# --- new patients ------------------------------------------------------------------------------

today = session.local_today()
view = care.caseload_view(engine, me, user.id, today, day_in_progress=today)
invitations = view.invitations


def accept(share_id: int) -> None:
    def action() -> str:
        share = care.accept_share(engine, me, share_id)
        return f"Added {share.patient_name} to your caseload."

    widgets.run_action("caseload_invite", action)


def decline(share_id: int) -> None:
    def action() -> str:
        care.revoke_share(engine, me, share_id)
        return "Declined the invitation."

    widgets.run_action("caseload_invite", action)


for share in invitations:
    with st.container(border=True):
        st.markdown(
            f"**{widgets.plain(share.patient_name)}** ({widgets.plain(share.patient_email)})"
            " invites you to follow their progress."
        )
        left, right = st.columns(2)
        left.button(
            "Accept",
            key=f"accept_{share.id}",
            type="primary",
            on_click=accept,
            args=(share.id,),
            icon=":material/check:",
        )
        right.button("Decline", key=f"decline_{share.id}", on_click=decline, args=(share.id,))
widgets.outcome("caseload_invite")

with st.expander("Add a patient with their share code"):

    def redeem() -> None:
        def action() -> str:
            code = st.session_state.share_code
            share = care.redeem_share_code(engine, me, code, session.client())
            return f"Added {share.patient_name} to your caseload."

        widgets.run_action("caseload_code", action, {"share_code": ""})

    with st.form("code_form", border=False):
        st.text_input("Share code", key="share_code", placeholder="ABCD-2345", autocomplete="off")
        st.form_submit_button("Add patient", type="primary", on_click=redeem)
widgets.outcome("caseload_code")

# --- the caseload -----------------------------------------------------------------------------

rows = view.rows
if not rows:
    st.info(
        "No patients share their progress with you yet. A patient shares from their Care team "
        "page, with a code for you or an invitation to your email.",
        icon=":material/group_add:",
    )
    st.stop()

status_filter, silent_filter = st.columns(2)
wanted = status_filter.multiselect(
    "Show",
    list(STATUSES),
    default=list(STATUSES),
    key="caseload_status",
    format_func=display.STATUS_WORDS.get,
)
silent_days = silent_filter.number_input(
    "Not logged for at least (days)", min_value=0, value=0, step=1, key="caseload_silent"
)
shown = [
    row
    for row in rows
    if row.worst in wanted
    and (silent_days == 0 or row.days_since_log is None or row.days_since_log >= silent_days)
]
st.caption(f"{len(shown)} of {len(rows)} patients, who needs you first at the top.")

table = pd.DataFrame(
    {
        "Patient": [row.patient.display_name for row in shown],
        "Status": [display.STATUS_WORDS[row.worst] for row in shown],
        "Last log": [display.days_ago(row.days_since_log) for row in shown],
        "Strength, function": [row.muscle for row in shown],
        "Loss %/wk (4 wk)": [row.loss_pct_per_week for row in shown],
        "Protein g/kg": [row.protein_g_per_kg for row in shown],
        "Strength (7 d)": [row.strength_sessions for row in shown],
        "Plan done": [row.adherence_pct for row in shown],
        "Weight trend (12 wk)": [row.trend_kg for row in shown],
        "Needs attention": [display.needs_attention(row.findings) for row in shown],
    }
)
styles = {display.STATUS_WORDS[status]: css for status, css in display.STATUS_CELL_STYLES.items()}
picked = st.dataframe(
    table.style.map(styles.get, subset=["Status"]),
    hide_index=True,
    placeholder=display.MISSING,
    on_select="rerun",
    selection_mode="single-row",
    key="caseload_table",
    column_config={
        "Loss %/wk (4 wk)": st.column_config.NumberColumn(format="%.2f"),
        "Protein g/kg": st.column_config.NumberColumn(format="%.2f"),
        "Plan done": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f %%"),
        "Weight trend (12 wk)": st.column_config.LineChartColumn(width="small"),
    },
)
if picked and picked.selection.rows:
    chosen = shown[picked.selection.rows[0]]
    st.switch_page(REVIEW_PAGE, query_params={"patient": chosen.patient.id})

by_id = {row.patient.id: row for row in shown}
if by_id:
    patient_id = st.selectbox(
        "Open a patient",
        list(by_id),
        key="caseload_open",
        format_func=lambda pid: by_id[pid].patient.display_name,
    )
    st.page_link(
        REVIEW_PAGE,
        label=f"Review {widgets.plain(by_id[patient_id].patient.display_name)}",
        icon=":material/person_search:",
        query_params={"patient": patient_id},
    )
