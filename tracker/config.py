"""The settings an operator gives the app, all read here: each environment variable once per
use, typed, with its default, and a sentence naming the variable when its value is unusable.

``SETTINGS`` lists them for the README's table (``tests/unit/test_config.py`` keeps the two in
step, and the architecture test finds any ``os.environ`` read outside this module). Values are
read when asked for, not at import, so that a test or a restarted process sees the current ones.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from tracker.domain import TrackerError

DEFAULT_DATABASE_URL = f"sqlite:///{Path(__file__).resolve().parent.parent / 'data' / 'tracker.db'}"


class ConfigError(TrackerError):
    """An environment variable holds a value the app cannot use; the message names it."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    meaning: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "TRACKER_DATABASE_URL",
        "`sqlite:///data/tracker.db` beside the code",
        "the database, as an SQLAlchemy URL (`postgresql+psycopg://USER:PASSWORD@HOST/DB` for a "
        "clinic's server)",
    ),
    Setting("TRACKER_DEMO", "`on`", "`off` hides the demo buttons on the start page"),
    Setting(
        "TRACKER_IDLE_MINUTES",
        "`30`",
        "minutes a signed-in browser may sit unused before it is signed out",
    ),
    Setting(
        "TRACKER_IMPORT_MAX_MB",
        "`4096`",
        "the largest export an import accepts, in MB (the Import page's own upload limit is "
        "`maxUploadSize` in `.streamlit/config.toml`)",
    ),
    Setting(
        "TRACKER_ARGON2_PROFILE",
        "`RFC_9106_LOW_MEMORY`",
        "the cost of password hashing, one of argon2-cffi's profiles (the tests use `CHEAPEST`)",
    ),
    Setting(
        "TRACKER_LOG_FORMAT",
        "`text`",
        "`json`: the app's log lines as JSON objects (time, level, logger, message, the "
        "request id the proxy gave the browser's connection), for a clinic's log collector",
    ),
    Setting(
        "BROWSER_PATH",
        "the first `chromium` on `PATH`",
        "the Chromium that draws the report's charts",
    ),
)

_OFF = {"off", "0", "false", "no"}


def _text(name: str) -> str:
    return os.environ.get(name, "").strip()


def _positive(name: str, default: float) -> float:
    text = _text(name)
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise ConfigError(
            f"{name} must be a number of 0 or more, such as {default:g}; it is {text!r}."
        )
    return value


def database_url() -> str:
    return _text("TRACKER_DATABASE_URL") or DEFAULT_DATABASE_URL


def demo_enabled() -> bool:
    return _text("TRACKER_DEMO").lower() not in _OFF


def idle_minutes() -> float:
    return _positive("TRACKER_IDLE_MINUTES", 30)


def import_max_mb() -> float:
    return _positive("TRACKER_IMPORT_MAX_MB", 4096)


def argon2_profile() -> str:
    return _text("TRACKER_ARGON2_PROFILE") or "RFC_9106_LOW_MEMORY"


LOG_FORMATS = ("text", "json")


def log_format() -> str:
    text = _text("TRACKER_LOG_FORMAT").lower() or "text"
    if text not in LOG_FORMATS:
        raise ConfigError(f"TRACKER_LOG_FORMAT must be text or json; it is {text!r}.")
    return text


def browser_path() -> str:
    """The Chromium named by ``BROWSER_PATH``; '' when unset (then ``PATH`` is searched)."""
    return _text("BROWSER_PATH")
