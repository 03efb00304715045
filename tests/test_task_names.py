"""Services hand work to their app's worker by the task's registered name
(core.publish.registered), so that the tasks modules, which call the services, are not
imported back by them. A renamed task would leave such a name pointing nowhere – and
publishing would only log – and a web process that has not imported the tasks modules
must still find them."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

NAMES = (
    "contacts.register.RUN_REGISTER_IMPORT",
    "dossier.services.BUILD_DOSSIER_EXPORT",
    "reports.services.RENDER_REPORT",
)

# A fresh interpreter, as gunicorn's: Django set up, no tasks module imported.
PROBE = """
import importlib, sys
import django
django.setup()
from core.publish import registered
names = [getattr(importlib.import_module(m), c) for m, c in (n.rsplit(".", 1) for n in sys.argv[1:])]
assert not any(m.endswith(".tasks") for m in sys.modules if m.split(".")[0] in {"contacts", "dossier", "reports"}), "tasks schon geladen"
for name in names:
    print(registered(name).name)
"""


def test_every_task_a_service_names_is_registered_under_that_name() -> None:
    from contacts.register import RUN_REGISTER_IMPORT
    from contacts.tasks import run_register_import
    from dossier.services import BUILD_DOSSIER_EXPORT
    from dossier.tasks import build_dossier_export
    from reports.services import RENDER_REPORT
    from reports.tasks import render_report

    assert run_register_import.name == RUN_REGISTER_IMPORT
    assert build_dossier_export.name == BUILD_DOSSIER_EXPORT
    assert render_report.name == RENDER_REPORT


def test_a_web_process_finds_the_tasks_by_name_without_having_imported_them() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ikz_portal.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *NAMES], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == [
        "contacts.tasks.run_register_import",
        "dossier.tasks.build_dossier_export",
        "reports.tasks.render_report",
    ]
