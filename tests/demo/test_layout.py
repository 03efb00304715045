"""The demo app is the top floor: it imports every app, no app imports it, and its
modules stay small enough to read."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# loadtest/ and bench/ are tools beside the portal that seed their data with the demo, like its commands.
SKIP = {".venv", "node_modules", "tests", "demo", "var", "test-artifacts", "loadtest", "bench"}
MAX_LINES = 500


def python_files(top: Path) -> list[Path]:
    return [p for p in top.rglob("*.py") if not SKIP & set(p.relative_to(ROOT).parts[:1])]


def imports_demo(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found += [f"{path.relative_to(ROOT)}: {name}" for name in names if name.split(".")[0] == "demo"]
    return found


def test_no_app_imports_the_demo_app() -> None:
    files = python_files(ROOT)
    assert any(p.relative_to(ROOT).parts[0] == "cooperations" for p in files)  # the walk sees the apps
    offenders = [hit for path in files for hit in imports_demo(path)]
    assert offenders == []


def test_the_settings_name_the_demo_app_so_its_commands_are_found() -> None:
    from django.conf import settings

    assert "demo" in settings.INSTALLED_APPS


def test_no_demo_module_passes_500_lines() -> None:
    sizes = {
        str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
        for p in (ROOT / "demo").rglob("*.py")
    }
    assert len(sizes) > 10
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}
