"""The house rules that keep the layers apart, checked on the source itself."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SQL_MODULES = {"tracker/db.py", "tracker/schema.py", "tracker/repository.py", "tracker/backup.py"}

"""The data layer: only these talk to SQLAlchemy (backup moves whole tables through db.py)."""


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def python_files(*folders: str) -> list[Path]:
    return [p for folder in folders for p in sorted((ROOT / folder).rglob("*.py"))]


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_only_tracker_ui_imports_streamlit():
    offenders = [
        relative(path)
        for path in python_files("tracker")
        if "tracker/ui/" not in relative(path)
        and any(name.split(".")[0] == "streamlit" for name in imports(path))
    ]
    assert offenders == []


ALLOWED_OUTSIDE = {("sqlalchemy", "Engine"), ("sqlalchemy.exc", "OperationalError")}
"""An Engine passes through the services as an opaque handle; the CLI reports a dead database."""


def database_names(path: Path) -> set[tuple[str, str]]:
    """(module, name) of everything imported from a database library."""
    found: set[tuple[str, str]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {(a.name, "*") for a in node.names if a.name.split(".")[0] in DB_LIBRARIES}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in DB_LIBRARIES:
            found |= {(node.module, alias.name) for alias in node.names}
    return found


DB_LIBRARIES = {"sqlalchemy", "psycopg", "sqlite3", "alembic"}


def test_sql_stays_in_the_data_layer():
    offenders = {
        relative(path): names
        for path in python_files("tracker")
        if relative(path) not in SQL_MODULES
        and "tracker/migrations/" not in relative(path)
        and (names := database_names(path) - ALLOWED_OUTSIDE)
    }
    assert offenders == {}


def test_pages_hold_no_sql():
    pages = [*python_files("pages"), ROOT / "app.py"]
    offenders = [relative(p) for p in pages if p.exists() and database_names(p) - ALLOWED_OUTSIDE]
    assert offenders == []


def test_the_architecture_checks_see_a_leak(tmp_path):
    leaky = tmp_path / "leaky.py"
    leaky.write_text("import streamlit as st\nfrom sqlalchemy.orm import Session\n")
    assert "streamlit" in imports(leaky)
    assert database_names(leaky) - ALLOWED_OUTSIDE == {("sqlalchemy.orm", "Session")}


def test_pages_show_no_stray_strings():
    """Streamlit's "magic" writes a page's bare expressions onto it: a docstring under a
    constant would be shown to the patient as a sentence."""
    stray = {
        relative(path): [
            node.lineno
            for node in ast.parse(path.read_text(encoding="utf-8")).body[1:]
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        ]
        for path in [*python_files("pages"), ROOT / "app.py"]
    }
    assert {page: lines for page, lines in stray.items() if lines} == {}
