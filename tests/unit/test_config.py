"""The operator's settings: read in one place, typed, each in the README's table."""

from pathlib import Path

import pytest

from tracker import config
from tracker.services import passwords

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_is_in_the_readme_table():
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    missing = [s.name for s in config.SETTINGS if f"| `{s.name}` |" not in readme]
    assert missing == []


def test_no_module_but_config_reads_the_environment():
    readers = [
        path.relative_to(ROOT).as_posix()
        for folder in ("tracker", "pages")
        for path in ROOT.joinpath(folder).rglob("*.py")
        if any(word in path.read_text(encoding="utf-8") for word in ("os.environ", "getenv"))
    ]
    assert readers == ["tracker/config.py"]


def test_defaults(monkeypatch):
    for setting in config.SETTINGS:
        monkeypatch.delenv(setting.name, raising=False)
    assert config.database_url().endswith("/data/tracker.db")
    assert config.demo_enabled() is True
    assert config.idle_minutes() == 30
    assert config.import_max_mb() == 4096
    assert config.argon2_profile() == "RFC_9106_LOW_MEMORY"
    assert config.browser_path() == ""


@pytest.mark.parametrize(
    "text, enabled", [("off", False), (" No ", False), ("0", False), ("on", True)]
)
def test_the_demo_switch(monkeypatch, text, enabled):
    monkeypatch.setenv("TRACKER_DEMO", text)
    assert config.demo_enabled() is enabled


@pytest.mark.parametrize("text", ["thirty", "-5", "nan", "inf"])
def test_an_unusable_number_names_the_variable(monkeypatch, text):
    monkeypatch.setenv("TRACKER_IDLE_MINUTES", text)
    with pytest.raises(config.ConfigError, match="TRACKER_IDLE_MINUTES must be a number"):
        config.idle_minutes()


def test_an_unknown_hashing_profile_names_the_variable(monkeypatch):
    monkeypatch.setenv("TRACKER_ARGON2_PROFILE", "FASTEST_PLEASE")
    passwords._hasher.cache_clear()
    try:
        with pytest.raises(config.ConfigError, match="TRACKER_ARGON2_PROFILE must name one"):
            passwords.hash_password("a long enough password")
    finally:
        monkeypatch.undo()
        passwords._hasher.cache_clear()
