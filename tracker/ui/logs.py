"""The app's log lines as a clinic's log collector reads them: with ``TRACKER_LOG_FORMAT=json``,
one JSON object a line, carrying the request id the proxy gave the browser's connection
(``X-Request-ID``, the same id as in the proxy's access log), so that a reference a person
quotes leads to the request and the traceback.

What goes in is what the app logs: events and references, never entries, notes or names (the
database engines hide statement parameters from error messages, ``tracker.store.db``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys

from tracker import config

REQUEST_ID_HEADER = "X-Request-Id"


def request_id() -> str | None:
    """The proxy's request id of the connection whose script run is logging, if any."""
    try:
        import streamlit as st

        return st.context.headers.get(REQUEST_ID_HEADER)
    except Exception:  # noqa: BLE001 - outside a script run (start-up, a thread): none
        return None


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "at": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id(),
        }
        if record.exc_info:
            line["error"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            line["traceback"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure() -> None:
    """Send the ``tracker`` loggers' lines to standard error in the configured format, once a
    process (each script run calls this; only the first does anything)."""
    logger = logging.getLogger("tracker")
    if getattr(logger, "_configured_by_app", False):
        return
    handler = logging.StreamHandler(sys.stderr)
    if config.log_format() == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger._configured_by_app = True  # type: ignore[attr-defined]
