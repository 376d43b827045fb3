"""Export: the clinician report (PDF), the entries CSV, the daily report CSV and the FHIR
record, for a chosen period."""

import streamlit as st

from tracker.domain import Role
from tracker.services import assessment, logbook, privacy
from tracker.ui import session, widgets

user = widgets.signed_in_page("Export", ":material/download:", Role.PATIENT)
engine, me = session.engine(), session.actor(user)
today = session.local_today()
view = logbook.export_view(engine, me, user.id)
first_day = view.first_day

if first_day is None:
    st.info("There is nothing to export yet: log a few days first.", icon=":material/download:")
    st.page_link("app_pages/today.py", label="Log today", icon=":material/today:")
    st.stop()

picked = st.date_input(
    "Period",
    value=(first_day, today),
    max_value=today,
    key="export_range",
    format="YYYY-MM-DD",
    help="Both days included.",
)
if not (isinstance(picked, tuple) and len(picked) == 2):
    st.info("Choose the last day of the period too.")
    st.stop()
start, end = picked
stamp = f"{start:%Y%m%d}-{end:%Y%m%d}"

with st.container(border=True):
    st.markdown("**Clinician report** — a PDF to print or send to your prescriber or therapist.")
    st.caption(
        "Your summary, the guidance findings with their reasons and sources, your charts, your "
        "doses and the medicine picture, side effects, pain and red flags, and your therapist's "
        "notes and exercise plan, in your units."
    )
    widgets.report_download(engine, me, user, view.profile, (start, end), "export_report")

with st.container(border=True):
    st.markdown("**Entries** — every value you logged, one per row, in your units.")
    st.caption(
        "The tracker's own format (date, time, kind, value, unit, label, note). Open it in a "
        "spreadsheet, keep it as a backup, or import it into another account."
    )
    st.download_button(
        "Download entries CSV",
        data=lambda: logbook.export_entries(engine, me, user.id, start, end),
        file_name=f"entries-{stamp}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="download_entries",
    )

with st.container(border=True):
    st.markdown("**Daily report** — one row a day, for you or your clinic.")
    st.caption(
        "Each day's totals, the trend weight, the weekly rate of loss, protein per kg, meals "
        "with enough protein, water against target, the week's strength sessions and active "
        "minutes, and the status of every guidance finding."
    )
    st.download_button(
        "Download daily report CSV",
        data=lambda: assessment.daily_report(engine, me, user.id, start, end, today),
        file_name=f"daily-report-{stamp}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="download_daily",
    )

with st.container(border=True):
    st.markdown("**Health record (FHIR)** — for your clinic's record system.")
    st.caption(
        "A FHIR R4 Bundle in JSON: you, and each entry as an Observation (weight, body fat, "
        "waist, hip, height and BMI with their LOINC codes, units in UCUM) or a medicine dose. "
        "Give it to your clinic if their system takes FHIR."
    )
    st.download_button(
        "Download FHIR record",
        data=lambda: logbook.export_fhir(engine, me, user.id, start, end, session.zone()),
        file_name=f"health-record-{stamp}.json",
        mime="application/fhir+json",
        icon=":material/download:",
        key="download_fhir",
    )

with st.container(border=True):
    st.markdown("**Everything the app holds about you** — whatever the period above.")
    st.caption(
        "A ZIP with all of it in one JSON file and a CSV for each part: your log (in the "
        "entries CSV, which imports back), your settings and targets, the therapists you shared "
        "with and their notes and plan, your imports, who opened or changed your data, and the "
        "browsers signed in as you. Deleting your account in Settings removes all of it."
    )
    st.download_button(
        "Download all my data",
        data=lambda: privacy.archive(engine, me, user.id),
        file_name=privacy.archive_filename(user.display_name, today),
        mime="application/zip",
        icon=":material/download:",
        key="download_everything",
    )
