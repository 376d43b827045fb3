"""The app's log lines for a clinic's collector: JSON with the proxy's request id, and never
the values of a statement (patients' entries) in a database error."""

from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import text

from tracker import config
from tracker.store import db
from tracker.ui import logs


def record(message: str, exc_info=None, **extra) -> logging.LogRecord:
    made = logging.LogRecord("tracker.ui", logging.ERROR, __file__, 1, message, (), exc_info)
    for name, value in extra.items():
        setattr(made, name, value)
    return made


def test_a_line_is_one_json_object_with_its_request_id_and_error():
    try:
        raise ValueError("boom")
    except ValueError as error:
        line = logs.JsonFormatter().format(
            record(
                "unexpected error, reference ab12",
                (ValueError, error, error.__traceback__),
                request_id="7f3c",
            )
        )
    parsed = json.loads(line)
    assert "\n" not in line
    assert parsed["message"] == "unexpected error, reference ab12"
    assert (parsed["level"], parsed["logger"], parsed["request_id"]) == (
        "error",
        "tracker.ui",
        "7f3c",
    )
    assert parsed["error"] == "ValueError" and "boom" in parsed["traceback"]


def test_outside_a_script_run_there_is_no_request_id():
    assert json.loads(logs.JsonFormatter().format(record("started")))["request_id"] is None


def test_the_format_is_text_or_json_and_a_typo_is_named(monkeypatch):
    monkeypatch.setenv("TRACKER_LOG_FORMAT", "JSON")
    assert config.log_format() == "json"
    monkeypatch.setenv("TRACKER_LOG_FORMAT", "xml")
    with pytest.raises(config.ConfigError, match="TRACKER_LOG_FORMAT must be text or json"):
        config.log_format()


def test_a_database_error_never_carries_the_values_of_its_statement(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
        connection.execute(text("INSERT INTO notes VALUES (1, 'first')"))
    with pytest.raises(Exception) as raised, engine.begin() as connection:
        connection.execute(
            text("INSERT INTO notes VALUES (:id, :body)"),
            {"id": 1, "body": "pain after the fall, left buttock"},
        )
    assert "UNIQUE constraint failed" in str(raised.value)
    assert "left buttock" not in str(raised.value)
    engine.dispose()
