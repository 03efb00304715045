"""No Docker engine runs here, so the deployment files are checked by reading them:
every command points at something that exists, every variable is one the settings
read, and the stack has what operations needs (health checks, volumes, one beat)."""

from __future__ import annotations

import ast
import importlib.util
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import get_commands
from django.urls import resolve

from .procs import ROOT, production_env

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES: dict[str, dict[str, Any]] = COMPOSE["services"]
APP_SERVICES = ["migrate", "web", "worker", "beat"]
DOCKERFILE = (ROOT / "Dockerfile").read_text()

# Variables read by something other than the Django settings, and by whom.
READ_ELSEWHERE = {
    "DJANGO_SETTINGS_MODULE": "Django itself",
    "POSTGRES_PASSWORD": "the postgres image and the compose file's DATABASE_URL",
    "POSTGRES_DB": "the postgres image",
    "POSTGRES_USER": "the postgres image",
    "AWS_ACCESS_KEY_ID": "boto3 (S3 media)",
    "AWS_SECRET_ACCESS_KEY": "boto3 (S3 media)",
}


def _settings_variables() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "ikz_portal" / "settings").glob("*.py"):
        text = path.read_text()
        names |= set(re.findall(r"""env(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]+)["']""", text))
        names |= set(re.findall(r"""_required\(\s*["']([A-Z][A-Z0-9_]+)["']""", text))
        names |= set(re.findall(r"""os\.environ(?:\.get)?[\[(]\s*["']([A-Z][A-Z0-9_]+)["']""", text))
    return names


def _env_example() -> dict[str, str]:
    values: dict[str, str] = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        stripped = line.lstrip("# ").strip()
        match = re.match(r"^([A-Z][A-Z0-9_]+)=(.*)$", stripped)
        if match and not line.startswith("# ---"):
            values[match.group(1)] = match.group(2)
    return values


def _active_env_example() -> dict[str, str]:
    return {
        k: v
        for line in (ROOT / ".env.example").read_text().splitlines()
        if not line.startswith("#") and "=" in line
        for k, v in [line.split("=", 1)]
    }


def _command(service: str) -> list[str]:
    cmd = SERVICES[service]["command"]
    return shlex.split(cmd) if isinstance(cmd, str) else [str(c) for c in cmd]


def _module_defines(module: str, name: str) -> bool:
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin, f"Modul {module} fehlt"
    tree = ast.parse(Path(spec.origin).read_text())
    return any(
        isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
        for node in tree.body
    )


def _check_command(argv: list[str]) -> None:
    program = Path(argv[0]).name
    if program == "python" and argv[1] == "manage.py":
        assert argv[2] in get_commands(), f"manage.py {argv[2]} gibt es nicht"
    elif program == "gunicorn":
        module, _, attr = argv[1].partition(":")
        assert _module_defines(module, attr or "application"), argv[1]
    elif program == "celery":
        app = next(a.split("=", 1)[1] for a in argv if a.startswith("--app="))
        assert _module_defines(f"{app}.celery", "app"), f"{app}.celery.app fehlt"
        sub = next(a for a in argv[1:] if not a.startswith("-"))
        assert sub in {"worker", "beat"}, sub
    else:
        pytest.fail(f"unbekanntes Programm {argv}")
    assert (Path(sys.executable).parent / program).exists() or program == "python", (
        f"{program} nicht installiert"
    )


@pytest.mark.parametrize("service", APP_SERVICES)
def test_every_app_service_runs_something_that_exists_in_the_project(service: str) -> None:
    _check_command(_command(service))


def test_the_image_default_command_exists_too() -> None:
    cmd = re.search(r"^CMD (\[.*\])$", DOCKERFILE, re.M)
    assert cmd
    _check_command(ast.literal_eval(cmd.group(1)))


def test_the_settings_module_of_the_stack_exists() -> None:
    modules = {SERVICES[s]["environment"]["DJANGO_SETTINGS_MODULE"] for s in APP_SERVICES}
    assert modules == {"ikz_portal.settings.production"}
    assert importlib.util.find_spec("ikz_portal.settings.production")
    assert "DJANGO_SETTINGS_MODULE=ikz_portal.settings.production" in DOCKERFILE


def test_every_variable_the_stack_sets_is_read_by_the_settings() -> None:
    read = _settings_variables() | set(READ_ELSEWHERE)
    for service in APP_SERVICES:
        unknown = set(SERVICES[service]["environment"]) - read
        assert not unknown, f"{service} setzt Variablen, die niemand liest: {unknown}"
    unknown = set(_env_example()) - read
    assert not unknown, f".env.example nennt Variablen, die niemand liest: {unknown}"


def test_every_variable_production_requires_is_provided() -> None:
    provided = set(SERVICES["web"]["environment"]) | set(_active_env_example())
    for required in (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_URL",
        "IKZ_OPERATOR_ADDRESS",
        "IKZ_OPERATOR_EMAIL",
    ):
        assert required in provided


def test_the_example_environment_passes_the_deploy_check() -> None:
    from django.db import connection

    env = production_env(str(connection.settings_dict["NAME"]))
    for key in (
        "CSRF_TRUSTED_ORIGINS",
        "SITE_URL",
        "ALLOWED_HOSTS",
        "BEHIND_TLS_PROXY",
        "SECURE_HSTS_SECONDS",
    ):
        env[key] = _active_env_example()[key]
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_health_checks_ask_the_portals_own_health_endpoint() -> None:
    assert resolve("/healthz").func.__module__ == "core.health"
    assert "/healthz" in " ".join(SERVICES["web"]["healthcheck"]["test"])
    assert "127.0.0.1:8000/healthz" in DOCKERFILE
    for service in ("db", "redis", "web", "worker", "beat"):
        assert SERVICES[service]["healthcheck"]["test"], service


def test_there_is_exactly_one_beat_and_its_schedule_lives_on_a_volume() -> None:
    beats = [s for s in SERVICES if "command" in SERVICES[s] and "beat" in _command(s)]
    assert beats == ["beat"]
    beat = SERVICES["beat"]
    assert beat["deploy"]["replicas"] == 1
    schedule = next(a.split("=", 1)[1] for a in _command("beat") if a.startswith("--schedule="))
    mounts = {m.split(":")[1]: m.split(":")[0] for m in beat["volumes"]}
    assert str(Path(schedule).parent) in mounts and mounts[str(Path(schedule).parent)] in COMPOSE["volumes"]
    assert all("beat" not in _command(s) for s in ("web", "worker"))


def test_redis_never_evicts_and_persists() -> None:
    cmd = " ".join(_command("redis"))
    assert "--maxmemory-policy noeviction" in cmd
    assert "--appendonly yes" in cmd
    assert "redis:/data" in SERVICES["redis"]["volumes"]


def test_database_media_and_beat_state_are_on_volumes_and_services_restart() -> None:
    assert set(COMPOSE["volumes"]) >= {"db", "media", "beat", "redis"}
    assert "db:/var/lib/postgresql/data" in SERVICES["db"]["volumes"]
    for service in ("web", "worker"):
        assert "media:/app/media" in SERVICES[service]["volumes"]
        assert SERVICES[service]["environment"]["MEDIA_ROOT"] == "/app/media"
    for service in ("db", "redis", "web", "worker", "beat"):
        assert SERVICES[service]["restart"] == "unless-stopped"
    assert SERVICES["migrate"]["restart"] == "no"
    assert SERVICES["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    # Django 6.1 needs PostgreSQL 15+; the image's pg_dump (Debian bookworm: 15) must not be older.
    assert SERVICES["db"]["image"].startswith("postgres:15")


def test_the_image_is_slim_python_313_runs_as_non_root_and_builds_assets() -> None:
    assert re.search(r"^FROM python:3\.13-slim", DOCKERFILE, re.M)
    user = re.findall(r"^USER (\S+)$", DOCKERFILE, re.M)
    assert user and user[-1] not in ("root", "0")
    for needed in ("libharfbuzz-subset0", "libpango-1.0-0", "npm ci", "collectstatic", "compilemessages"):
        assert needed in DOCKERFILE, needed
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".venv", "node_modules", "media", ".git"} <= set(ignored)


def test_the_image_build_step_gives_the_production_settings_every_value_they_require() -> None:
    """collectstatic runs at build time with the production settings and only the values
    the Dockerfile's RUN line sets: a newly required variable must be added there too."""
    instruction = re.sub(r"\\\n", " ", DOCKERFILE)
    run = next(
        line for line in instruction.splitlines() if line.startswith("RUN ") and "collectstatic" in line
    )
    words = shlex.split(run.removeprefix("RUN "))
    assigned = dict(w.split("=", 1) for w in words[: words.index("sh")])
    settings_module = re.search(r"DJANGO_SETTINGS_MODULE=(\S+)", DOCKERFILE)
    assert settings_module and settings_module.group(1) == "ikz_portal.settings.production"
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": settings_module.group(1), **assigned}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
