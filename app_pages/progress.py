"""Progress: where you stand against the guidance, and how you got here."""

import streamlit as st

from tracker.domain import Role
from tracker.services import assessment
from tracker.ui import session, widgets
from tracker.views import explain

user = widgets.signed_in_page("Progress", ":material/monitoring:", Role.PATIENT, wide=True)
choice, custom = widgets.period_picker("progress_period")
view = assessment.progress(
    session.engine(), session.actor(user), user.id, choice, custom, on=session.local_today()
)
with st.expander(explain.OZEMPIC_BUTT_TITLE, icon=":material/help:"):
    st.markdown(explain.OZEMPIC_BUTT)
widgets.progress_view(view)
if view.is_empty:
    st.page_link("app_pages/today.py", label="Log today", icon=":material/today:")
st.caption(widgets.SAFETY_NOTE)
