"""What a person sees when something fails: a sentence, never a traceback.

A ``TrackerError`` carries a message written for people (a refused entry, a database that
cannot be reached) and is shown as it is. Anything else is a fault of ours: the person is told
that and given a short reference, and the traceback goes to the server log under the same
reference, so support can find it without the page ever showing paths, SQL or values.
"""

from __future__ import annotations

import logging
import secrets

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from tracker.domain import StorageUnavailable, TrackerError
from tracker.ui.text import plain

log = logging.getLogger("tracker.ui")

FAULT = (
    "Something went wrong on our side{what}. Reload the page to try again; if it keeps "
    "happening, tell your clinic and quote reference {reference}."
)


def message(error: Exception, what: str = "") -> str:
    """The sentence a person reads about ``error`` (``what``: ', so X was not saved', say);
    an unexpected error is logged with the traceback under the reference it quotes."""
    if isinstance(error, StorageUnavailable):  # ours to look into, the person's to retry
        log.warning("database unavailable: %s", error.__cause__ or error, exc_info=error)
    if isinstance(error, TrackerError):
        return str(error)
    reference = secrets.token_hex(4)
    log.error("unexpected error, reference %s", reference, exc_info=error)
    return FAULT.format(what=what, reference=reference)


def show(error: Exception) -> None:
    st.error(plain(message(error)), icon=":material/error:")


def _handle(error: Exception) -> bool:
    show(error)
    return True  # Streamlit shows nothing more (it has logged the traceback itself)


def install() -> None:
    """Make any error that escapes this script run end in a sentence (``show``).

    Streamlit calls a run's ``on_script_error`` for an uncaught exception, after logging it;
    its public ``st.App(on_script_error=...)`` sets the same hook for a whole server. Set per
    run here, it covers ``streamlit run`` and AppTest alike. ``client.showErrorDetails = "none"``
    stays as the backstop for anything raised before a page calls ``widgets.page``.
    """
    ctx = get_script_run_ctx()
    if ctx is not None:
        ctx.on_script_error = _handle
