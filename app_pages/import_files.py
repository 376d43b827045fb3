"""Import: bring in months of history from the apps you already use, see it first, undo it."""

import pandas as pd
import streamlit as st

from tracker.domain import Role, TrackerError
from tracker.services import imports
from tracker.ui import session, widgets
from tracker.views import display

user = widgets.signed_in_page("Import", ":material/upload_file:", Role.PATIENT)
engine, me = session.engine(), session.actor(user)

st.write(
    f"Drop in an export from {imports.sources_sentence()} (for Apple Health, the "
    "export.zip, or the export.xml in it). You will see what it adds before anything is saved; "
    "entries you already have are left out; and you can undo an import as a whole."
)

uploaded = st.file_uploader("Export file", type=["zip", "xml", "csv"], key="import_file")
st.caption(
    f"Files up to {st.get_option('server.maxUploadSize'):,} MB. A bigger export (years of "
    "Apple Health can be) is imported by whoever runs the tracker's server, from the command "
    "line: `python -m tracker import FILE --user EMAIL`."
)
formats = ["", *imports.FORMAT_TITLES]
titles = imports.FORMAT_TITLES
chosen = st.selectbox(
    "Format",
    formats,
    key="import_format",
    format_func=lambda name: titles.get(name, "Recognise it from the file"),
)


def summary(plan: imports.Preview) -> None:
    """The preview: what is new, what is already there, what is ignored and why."""
    kinds = sorted(set(plan.new_by_kind) | set(plan.duplicates_by_kind))
    if kinds:
        st.dataframe(
            pd.DataFrame(
                {
                    "What": [display.kind_name(kind) for kind in kinds],
                    "New": [plan.new_by_kind[kind] for kind in kinds],
                    "Already in your log": [plan.duplicates_by_kind[kind] for kind in kinds],
                }
            ),
            hide_index=True,
            placeholder=display.MISSING,
        )
    if plan.new:
        st.caption(f"From {plan.first_day:%d %b %Y} to {plan.last_day:%d %b %Y}.")
    if plan.skipped:
        with st.expander(f"Ignored: {sum(plan.skipped.values())} rows or records"):
            for reason, count in plan.skipped.most_common():
                st.markdown(f"- {count} × {widgets.plain(reason)}")
    for note in plan.notes:
        st.info(widgets.plain(note), icon=":material/info:")


if uploaded is not None:
    source = widgets.upload_source(uploaded)
    bar = st.progress(0.0, text="Reading the file…")
    try:
        plan = imports.preview(
            engine,
            me,
            user.id,
            source,
            chosen or None,
            lambda fraction: bar.progress(min(1.0, fraction), text="Reading the file…"),
        )
    except TrackerError as error:
        bar.empty()
        st.error(widgets.plain(error), icon=":material/error:")
    else:
        bar.empty()
        st.subheader(f"{widgets.sentence(plan.title)}: what this import adds")
        summary(plan)
        if plan.nothing_new:
            st.info(plan.nothing_new_text, icon=":material/done_all:")
        elif st.button(
            f"Import {len(plan.new)} entries",
            type="primary",
            key="import_go",
            icon=":material/download_done:",
        ):
            bar = st.progress(0.0, text="Importing…")
            try:
                done, record = imports.run_import(
                    engine,
                    me,
                    user.id,
                    source,
                    chosen or None,
                    lambda fraction: bar.progress(min(1.0, fraction), text="Importing…"),
                )
            except TrackerError as error:
                st.error(widgets.plain(error), icon=":material/error:")
            else:
                bar.empty()
                if record is None:  # the log changed since the preview: nothing was new after all
                    st.info(done.nothing_new_text, icon=":material/done_all:")
                else:
                    st.success(
                        f"Imported {record.total} entries from {widgets.plain(record.file_name)}.",
                        icon=":material/check:",
                    )
                    st.page_link(
                        "app_pages/history.py",
                        label="See them in History",
                        icon=":material/history:",
                        query_params={
                            "from": str(done.first_day),
                            "to": str(done.last_day),
                            "kinds": ",".join(kind.value for kind in done.new_by_kind),
                        },
                    )

# --- earlier imports ---------------------------------------------------------------------------

st.subheader("Your imports")
records = imports.imports(engine, me, user.id)
if not records:
    st.caption("Nothing imported yet.")


def undo(import_id: int) -> None:
    def action() -> str:
        removed = imports.undo_import(engine, me, user.id, import_id)
        return f"Undid the import: removed {removed} entries."

    widgets.run_action("import_undo", action)


widgets.outcome("import_undo")
for record in records:
    with st.container(border=True):
        when = session.local_time(record.created_at)
        counts = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in record.counts.items())
        state = (
            f"undone {session.local_time(record.undone_at):%d %b %Y}"
            if record.undone_at
            else "in your log"
        )
        st.markdown(
            f"**{widgets.plain(record.file_name)}** ({titles.get(record.format, record.format)}"
            f"), {when:%d %b %Y %H:%M}: {record.total} entries ({counts or 'none'}), "
            f"{state}."
        )
        if record.undone_at is None and record.total:
            sure = st.checkbox("Yes, remove what this import added", key=f"undo_sure_{record.id}")
            st.button(
                "Undo this import",
                key=f"undo_{record.id}",
                disabled=not sure,
                on_click=undo,
                args=(record.id,),
                icon=":material/undo:",
            )
