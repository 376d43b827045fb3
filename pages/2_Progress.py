"""Progress: where you stand against the guidance, and how you got here."""

import streamlit as st

from tracker import charts, service
from tracker.domain import Role
from tracker.ui import session, widgets

user = widgets.signed_in_page("Progress", ":material/monitoring:", Role.PATIENT, wide=True)
choice, custom = widgets.period_picker("progress_period")
view = service.progress(
    session.engine(), session.actor(user), user.id, choice, custom, on=session.local_today()
)

if view.is_empty:
    st.info(
        "No entries in this period. Log your weight, protein and water on Today, and your "
        "progress will build up here day by day.",
        icon=":material/monitoring:",
    )
    st.page_link("pages/1_Today.py", label="Log today", icon=":material/today:")
    st.stop()

widgets.headline(view.headline, view.weight_unit)
st.subheader("Where you stand")
st.caption(f"As of the end of {view.end:%d %B %Y}.")
widgets.finding_cards(view.findings)

st.subheader(f"{view.start:%d %b %Y} to {view.end:%d %b %Y}")
figures = charts.figures(view)
if not figures:
    st.info("Nothing to chart in this period yet.")
for figure in figures:
    # theme=None: the figures carry their own trimmed template, fonts and colours.
    st.plotly_chart(
        figure, key=f"chart_{figure.layout.meta}", theme=None, config={"displayModeBar": False}
    )

st.caption(widgets.SAFETY_NOTE)
