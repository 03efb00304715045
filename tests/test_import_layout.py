"""The import graph has a ground floor: `core` (the toolkit) imports no app and not the
project wiring; no app imports the wiring (`ikz_portal`: settings, urls, celery, wsgi).
The demo app's own rule (nobody imports it) is in tests/demo/test_layout.py."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
WIRING = "ikz_portal"


def _project_apps() -> set[str]:
    names = {name.split(".")[0] for name in settings.INSTALLED_APPS}
    return {name for name in names if (ROOT / name).is_dir()}


def _imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module)
    return found


def _offenders(top: str, forbidden: set[str]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / top).rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in forbidden
    ]


def test_core_imports_no_app_and_not_the_wiring() -> None:
    apps = _project_apps()
    assert {"core", "accounts", "cooperations", "demo"} <= apps  # the walk sees the apps
    assert _offenders("core", (apps - {"core"}) | {WIRING}) == []


def test_no_app_imports_the_project_wiring() -> None:
    # Only the name of the settings module appears in apps, as a string (never imported).
    offenders = [hit for app in sorted(_project_apps()) for hit in _offenders(app, {WIRING})]
    assert offenders == []


def test_the_back_office_toolkit_imports_only_core() -> None:
    # backoffice/ (site, base admins, inlines, widgets, money, CSV/XLSX formats) sits right
    # above core: the apps' admins build on it, so it may not reach into them.
    apps = _project_apps()
    assert "backoffice" in apps  # installed as the admin's config (backoffice.site)
    assert _offenders("backoffice", (apps - {"core", "backoffice"}) | {WIRING}) == []
