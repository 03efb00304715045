"""`make loadtest` kept working by CI: a few-second smoke with a handful of users
against gunicorn with the production settings (their required operator variables
included), which must leave no temp folder behind (issue 19: 27 MB per run)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .procs import ROOT, ensure_collectstatic


def test_the_loadtest_smoke_runs_with_the_production_settings_and_cleans_up(tmp_path: Path) -> None:
    # The static files the gunicorn tests collected (production storage, the same
    # collectstatic as loadtest/run.sh would run) and only the data the load needs:
    # what this smoke proves is that the script still runs, not how fast the demo loads.
    static = ensure_collectstatic()
    env = {
        key: value
        for key, value in os.environ.items()
        # As an operator's shell: none of the portal's variables set.
        if not key.startswith(("IKZ_", "DJANGO_", "DATABASE_", "REDIS_", "CELERY_", "EMAIL_", "MEDIA_"))
    }
    env.update({"TMPDIR": str(tmp_path), "IKZ_LOADTEST_MIN_SUBMITTED": "0"})
    smoke = ["--users", "3", "--time", "5", "--workers", "1", "--minimal", "--static", str(static)]
    result = subprocess.run(
        ["bash", "loadtest/run.sh", *smoke],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "ImproperlyConfigured" not in output
    assert "Fehler: 0" in result.stdout
    assert result.stdout.rstrip().endswith("OK"), output[-2000:]
    assert list(tmp_path.glob("ikz-loadtest.*")) == []
