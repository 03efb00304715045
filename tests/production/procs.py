"""Real processes for production, fault and load tests: gunicorn with the production
settings against the PostgreSQL and Redis of `make test`, on loopback only.

Every wait here is bounded in time; every process started is stopped by its pid.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
ARTIFACTS = ROOT / "test-artifacts"
HOST = "portal.test"
SECRET = "prod-test-key-Ab3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5oQ7sU9wY1-0123456789"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def database_url(db_name: str) -> str:
    base = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    return urllib.parse.urlunsplit(base._replace(path=f"/{db_name}"))


STATIC_ROOT = ARTIFACTS / "prod-static"


def _newest_source_mtime() -> float:
    newest = (ROOT / "package-lock.json").stat().st_mtime
    for path in (ROOT / "static").rglob("*"):
        newest = max(newest, path.stat().st_mtime)
    return newest


def ensure_collectstatic() -> Path:
    """`collectstatic` with the production storage (compressed manifest), as the
    Dockerfile runs it; skipped while the result is newer than every source."""
    manifest = STATIC_ROOT / "staticfiles.json"
    if manifest.exists() and manifest.stat().st_mtime > _newest_source_mtime():
        return STATIC_ROOT
    env = production_env("postgres")
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--clear", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=400,
    )
    if result.returncode != 0:
        raise RuntimeError(f"collectstatic fehlgeschlagen:\n{result.stderr[-3000:]}")
    return STATIC_ROOT


def _redis_db(url: str, number: int) -> str:
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path=f"/{number}"))


def production_env(db_name: str, **extra: str) -> dict[str, str]:
    """Environment of a production process pointed at `db_name` on the test cluster."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ikz_portal.settings.production",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "SITE_URL": f"https://{HOST}",
        "DATABASE_URL": database_url(db_name),
        # Redis database 14: nothing these processes enqueue reaches the worker of other tests.
        "REDIS_URL": _redis_db(os.environ["REDIS_URL"], 14),
        "CELERY_BROKER_URL": _redis_db(os.environ["REDIS_URL"], 14),
        "EMAIL_URL": "smtp://127.0.0.1:1",
        "IKZ_OPERATOR_ADDRESS": "Kompetenzzentrum IKZ; Musterstraße 1; 65185 Wiesbaden",
        "IKZ_OPERATOR_EMAIL": "ikz@example.de",
        # Loopback has no TLS proxy: the tests send X-Forwarded-Proto themselves.
        "BEHIND_TLS_PROXY": "True",
        "MEDIA_ROOT": str(ARTIFACTS / "prod-media"),
        "STATIC_ROOT": str(STATIC_ROOT),
        "LOG_LEVEL": "INFO",
    }
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by tests/conftest.py for Playwright only
    env.update(extra)
    return env


@dataclass
class Gunicorn:
    proc: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def worker_pids(self) -> set[int]:
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.proc.pid)], capture_output=True, text=True, check=False
        ).stdout
        return {int(p) for p in out.split()}


def start_gunicorn(env: Mapping[str, str], *, name: str, workers: int = 2, threads: int = 4) -> Gunicorn:
    ARTIFACTS.mkdir(exist_ok=True)
    ensure_collectstatic()
    port = free_port()
    log = ARTIFACTS / f"gunicorn-{name}.log"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ikz_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--timeout",
            "30",
            "--graceful-timeout",
            "10",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=dict(env),
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    server = Gunicorn(proc, port, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn beendet, siehe {log}:\n{log.read_text()[-3000:]}")
        try:
            status = Client(server.url).get("/healthz").status
        except OSError:
            time.sleep(0.2)
            continue
        if status in (200, 503):
            return server
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"gunicorn antwortet nicht, siehe {log}")


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    set_cookies: list[str]
    body: str

    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Client:
    """A tiny HTTP client that keeps cookies itself (Secure cookies over loopback
    HTTP, as a TLS proxy would pass them) and speaks as if behind that proxy."""

    base: str
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 10.0

    def request(
        self, method: str, path: str, data: Mapping[str, str] | None = None, **headers: str
    ) -> Response:
        parts = urllib.parse.urlsplit(self.base)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=self.timeout)
        hdrs = {"Host": HOST, "X-Forwarded-Proto": "https", "Accept-Language": "de", **headers}
        body = None
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
            hdrs.setdefault("Referer", f"https://{HOST}{path}")
            if "csrftoken" in self.cookies:
                hdrs.setdefault("X-CSRFToken", self.cookies["csrftoken"])
        try:
            conn.request(method, path, body=body, headers=hdrs)
            resp = conn.getresponse()
            raw = resp.read()
            set_cookies = resp.headers.get_all("Set-Cookie") or []
            for line in set_cookies:
                for key, morsel in SimpleCookie(line).items():
                    if morsel.value:
                        self.cookies[key] = morsel.value
                    else:
                        self.cookies.pop(key, None)
            return Response(
                resp.status,
                {k.lower(): v for k, v in resp.getheaders()},
                set_cookies,
                raw.decode("utf-8", "replace"),
            )
        finally:
            conn.close()

    def get(self, path: str, **headers: str) -> Response:
        return self.request("GET", path, **headers)

    def post(self, path: str, data: Mapping[str, str], **headers: str) -> Response:
        return self.request("POST", path, data=data, **headers)


def set_production_password(user: object, password: str) -> None:
    """The test settings hash with MD5 for speed; gunicorn with the production
    settings only knows PBKDF2, so users who log in there need a PBKDF2 hash."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(password, hasher.salt())  # type: ignore[attr-defined]
    user.save(update_fields=["password"])  # type: ignore[attr-defined]
