"""Care team: share your progress with your physical therapist, see who has access, revoke it,
read their notes, and see every time your data was opened."""

import pandas as pd
import streamlit as st

from tracker.domain import Role, ShareStatus
from tracker.services import care
from tracker.ui import session, widgets
from tracker.views import display

user = widgets.signed_in_page("Care team", ":material/group:", Role.PATIENT)
engine, me = session.engine(), session.actor(user)
view = care.care_team_view(engine, me, user.id)

st.write(
    "Your physical therapist can follow your progress once you share it. They see your log, "
    "charts and findings, and can set your targets and an exercise plan. You can end it at "
    "any time, and it ends at once."
)

# --- share ---------------------------------------------------------------------------------

with st.container(border=True):
    st.subheader("Share with your therapist")
    code_tab, email_tab = st.tabs(["Give a code", "Invite by email"])
    with code_tab:
        st.caption("A code works once, for one therapist, and expires after 7 days.")

        def new_code() -> None:
            def action() -> str:
                code = care.create_share_code(engine, me, user.id)
                return (
                    f"Your code: **{code.code}**. Give it to your therapist; it works until "
                    f"{code.expires_at:%d %B %Y}."
                )

            widgets.run_action("share_code", action)

        st.button(
            "Create a share code", icon=":material/key:", on_click=new_code, key="create_code"
        )
        widgets.outcome("share_code")
    with email_tab:

        def invite() -> None:
            def action() -> str:
                share = care.invite_therapist(engine, me, user.id, st.session_state.invite_email)
                return f"Invited {share.therapist_name}. They will see your data once they accept."

            widgets.run_action("share_invite", action, {"invite_email": ""})

        with st.form("invite_form", border=False):
            st.text_input("Your therapist's email", key="invite_email", autocomplete="off")
            st.form_submit_button("Invite", type="primary", on_click=invite)
        widgets.outcome("share_invite")

# --- who has access --------------------------------------------------------------------------

st.subheader("Who can see your data")
shares = view.shares
if not shares:
    st.info("Nobody: your data is yours alone.", icon=":material/lock:")


def revoke(share_id: int, name: str) -> None:
    def action() -> str:
        care.revoke_share(engine, me, share_id)
        return f"{name} no longer has access."

    widgets.run_action("share_revoke", action)


for share in shares:
    with st.container(border=True):
        state = (
            f"can see your data since {session.local_time(share.accepted_at):%d %b %Y}"
            if share.status is ShareStatus.ACTIVE
            else "invited, has not accepted yet"
        )
        who = f"**{widgets.plain(share.therapist_name)}** ({widgets.plain(share.therapist_email)})"
        st.markdown(f"{who}: {state}")
        label = "End access" if share.status is ShareStatus.ACTIVE else "Withdraw invitation"
        st.button(
            label,
            key=f"revoke_{share.id}",
            icon=":material/block:",
            on_click=revoke,
            args=(share.id, share.therapist_name),
        )
widgets.outcome("share_revoke")

# --- notes and the trail ----------------------------------------------------------------------

notes = view.notes
if notes:
    st.subheader("Notes from your therapist")
    for note in notes:
        with st.container(border=True):
            written = session.local_time(note.created_at)
            st.caption(f"{widgets.plain(note.author_name)}, {written:%d %b %Y %H:%M}")
            st.text(note.body)

st.subheader("Who opened or changed your data")
trail = view.trail
if not trail:
    st.caption("Nobody but you has opened your data.")
else:
    st.dataframe(
        pd.DataFrame(
            {
                "When": [f"{session.local_time(event.at):%Y-%m-%d %H:%M}" for event in trail],
                "Who": [event.actor_name for event in trail],
                "What": [display.AUDIT_ACTIONS.get(event.action, event.action) for event in trail],
                "Detail": [event.detail for event in trail],
            }
        ),
        hide_index=True,
        placeholder=display.MISSING,
    )
