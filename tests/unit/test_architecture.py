"""The house rules that keep the layers apart, checked on the source itself."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SQL_FOLDER = "tracker/store/"
"""The data layer: only the store talks to SQLAlchemy."""


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
        if not relative(path).startswith(SQL_FOLDER)
        and (names := database_names(path) - ALLOWED_OUTSIDE)
    }
    assert offenders == {}


def test_pages_hold_no_sql():
    pages = [*python_files("app_pages"), ROOT / "app.py"]
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
        for path in [*python_files("app_pages"), ROOT / "app.py"]
    }
    assert {page: lines for page, lines in stray.items() if lines} == {}


# --- the layers -------------------------------------------------------------------------------

VOCABULARY = {"domain", "units", "config", "kinds"}
"""What every layer speaks: the domain objects, each kind of entry, units and the settings."""

MAY_IMPORT = {
    "domain": {"units"},
    "units": set(),
    "config": {"domain"},
    "kinds": {"domain", "units"},
    "rules": VOCABULARY,
    "formats": VOCABULARY | {"rules"},
    "store": VOCABULARY,
    "imports": VOCABULARY | {"rules", "formats"},
    "views": VOCABULARY | {"rules", "formats"},
    "services": VOCABULARY | {"rules", "formats", "views", "store", "imports"},
    "ui": VOCABULARY | {"services", "views", "formats", "rules", "imports", "store"},
    "cli": VOCABULARY | {"services", "views", "formats", "rules", "imports", "store"},
    "__main__": {"cli"},
    "pages": {"domain", "units", "services", "views", "ui"},
}
"""Which layers each may import, besides itself. Rules import nothing above them, the store
imports no rule, and the pages (with app.py) speak only to the services, the views and ui."""


def layer_of(path: Path) -> str:
    rel = relative(path)
    if rel.startswith("app_pages/") or rel == "app.py":
        return "pages"
    return rel.split("/")[1].removesuffix(".py")


def tracker_layers(path: Path) -> set[str]:
    """The layers a file imports from (``tracker.rules.guidance`` is ``rules``), whichever way
    it imports them; a relative import is refused outright, as it hides where it reaches."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules = [alias.name.split(".") for alias in node.names]
            found.update(parts[1] for parts in modules if parts[0] == "tracker" and len(parts) > 1)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                found.add("a relative import")
                continue
            parts = (node.module or "").split(".")
            if parts[0] != "tracker":
                continue
            if len(parts) > 1:
                found.add(parts[1])
            else:  # from tracker import config, ...
                found.update(alias.name for alias in node.names)
    return found


def layered_files() -> list[Path]:
    return [
        path
        for path in [*python_files("tracker", "app_pages"), ROOT / "app.py"]
        if relative(path) != "tracker/__init__.py"
        and not relative(path).startswith("tracker/store/migrations/")
    ]


def test_each_layer_imports_only_the_layers_below_it():
    offenders = {
        relative(path): sorted(wrong)
        for path in layered_files()
        if (wrong := tracker_layers(path) - MAY_IMPORT[layer_of(path)] - {layer_of(path)})
    }
    assert offenders == {}, "\n".join(f"{k}: {v}" for k, v in offenders.items())


def test_every_module_belongs_to_a_layer():
    assert {layer_of(path) for path in layered_files()} <= set(MAY_IMPORT)


def test_the_layer_check_sees_a_rule_reaching_up(tmp_path):
    leaky = tmp_path / "leaky.py"
    leaky.write_text(
        "from tracker.store.unit_of_work import UnitOfWork\nfrom tracker import cli\n"
        "import tracker.views.charts\nfrom . import sibling\n"
    )
    assert tracker_layers(leaky) == {"store", "cli", "views", "a relative import"}
