"""The code scan runs with the tests, so CI runs it: ruff's style, bug and security rules
(``S``: injection, weak randomness, hard-coded secrets; ``BLE``: swallowed errors) over the
whole project, with every remaining finding justified where it stands."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ruff_finds_nothing():
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_security_rules_are_on():
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    select = next(line for line in config.splitlines() if line.startswith("select ="))
    assert '"S"' in select and '"BLE"' in select
