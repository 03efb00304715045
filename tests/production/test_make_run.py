"""`make run` (scripts/run.sh): the portal with demo data on the production topology –
its own PostgreSQL and Redis in a var folder, runserver, a Celery worker and beat under
honcho – comes up, renders an annual report PDF in the worker, stops everything on
Ctrl-C and finds its data again on the next start (no second seed).

It runs beside `make test`'s own servers: its var folder and ports are its own
(IKZ_RUN_VAR, IKZ_RUN_PG_PORT, IKZ_RUN_REDIS_PORT, PORT), the Python packages are the
ones bootstrap already installed."""

from __future__ import annotations

import http.cookiejar
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from demo.seed.base import DEMO_DOMAIN, DEMO_PASSWORD

from .procs import ARTIFACTS, ROOT, free_port

# Each wait is bounded: a first start migrates and seeds a new cluster (slow on a
# loaded 2-core machine), later steps take seconds.
START_SECONDS = 600
STOP_SECONDS = 90
RENDER_SECONDS = 180


@dataclass
class Portal:
    """One `make run`, in its own session like a terminal's foreground job."""

    proc: subprocess.Popen[bytes]
    url: str
    log: Path
    var: str
    redis_port: str

    @property
    def marker(self) -> str:
        """IKZ_RUN_VAR=…, in the environment of every process the run started."""
        return f"IKZ_RUN_VAR={self.var}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def processes(self) -> list[tuple[int, str]]:
        """Every live process of this run, whatever session or user it moved to: the
        marker in its environment, or – for redis-server and PostgreSQL, which write
        their process titles over argv and environ – the var folder or Redis's port in
        its title (PostgreSQL's children end with their postmaster)."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                environ = (entry / "environ").read_bytes().split(b"\0")
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:  # gone meanwhile, or a kernel thread
                continue
            ours = self.marker.encode() in environ or self.var in cmdline
            if (ours or f"127.0.0.1:{self.redis_port}" in cmdline) and state != "Z":
                found.append((int(entry.name), cmdline.strip()))
        return found

    def interrupt(self) -> int:
        """Ctrl-C: SIGINT to the whole foreground process group."""
        os.killpg(self.proc.pid, signal.SIGINT)
        try:
            return self.proc.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            pytest.fail(f"make run endet nicht auf Strg+C:\n{self.output()[-3000:]}")


def _environment(var: Path, port: int) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # A developer's shell: none of the test run's servers or settings.
        if not key.startswith(("IKZ_", "DJANGO_", "DATABASE_", "REDIS_", "CELERY_", "EMAIL_", "MEDIA_"))
    }
    env.update(
        HOST="127.0.0.1",
        PORT=str(port),
        IKZ_RUN_VAR=str(var),
        IKZ_RUN_PG_PORT=str(free_port()),
        IKZ_RUN_REDIS_PORT=str(free_port()),
        PYTHONUNBUFFERED="1",
    )
    return env


def _start(env: dict[str, str], name: str) -> Portal:
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / f"make-run-{name}.log"
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "run"],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    portal = Portal(
        proc, f"http://127.0.0.1:{env['PORT']}", log, env["IKZ_RUN_VAR"], env["IKZ_RUN_REDIS_PORT"]
    )
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"make run beendet ({proc.returncode}):\n{portal.output()[-4000:]}")
        # The worker must be listening before a report is ordered.
        if re.search(r"worker\.\d+\s+\|.*ready\.", portal.output()) and _answers(portal.url):
            return portal
        time.sleep(0.5)
    portal.interrupt()
    pytest.fail(f"make run antwortet nicht:\n{portal.output()[-4000:]}")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/", timeout=5) as response:  # noqa: S310 - http://127.0.0.1 only
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


class Browser:
    """Cookies, CSRF token, redirects: what a user's browser does with the portal."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def get_bytes(self, path: str) -> tuple[str, bytes]:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.headers.get("Content-Type", ""), response.read()

    def post(self, path: str, page: str, data: dict[str, str]) -> str:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "kein CSRF-Token im Formular"
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), **data}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})  # noqa: S310
        with self.opener.open(request, timeout=30) as response:
            return response.read().decode()


def _worker_pids(portal: Portal) -> list[int]:
    return [pid for pid, cmd in portal.processes() if "celery" in cmd and " worker" in cmd]


@pytest.fixture
def var_dir() -> Iterator[Path]:
    # Not pytest's tmp_path: PostgreSQL runs as the postgres user, who must reach it.
    path = Path(tempfile.mkdtemp(prefix="ikz-make-run-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_make_run_serves_the_demo_renders_a_report_in_the_worker_and_stops_everything(
    var_dir: Path,
) -> None:
    env = _environment(var_dir, free_port())
    portal = _start(env, "first")
    try:
        assert "Demodaten angelegt" in portal.output()
        names = {cmd for _, cmd in portal.processes()}
        for part in ("runserver", "celery -A ikz_portal worker", "celery -A ikz_portal beat", "redis-server"):
            assert any(part in cmd for cmd in names), (part, names)
        assert any("postgres" in cmd for cmd in names), names

        browser = Browser(portal.url)
        login = browser.get("/konto/login/")
        browser.post(
            "/konto/login/", login, {"login": f"ministerium@{DEMO_DOMAIN}", "password": DEMO_PASSWORD}
        )
        dashboard = browser.get("/statistik/")
        year = re.search(r'name="jahr" value="(\d{4})"', dashboard)
        assert year, dashboard[:2000]

        # The worker held still while the order goes in: the page shows the report
        # being made, whatever the machine's speed; then it may render.
        workers = _worker_pids(portal)
        assert workers
        for pid in workers:
            os.kill(pid, signal.SIGSTOP)
        try:
            ordered = browser.post("/statistik/berichte/", dashboard, {"jahr": year.group(1)})
        finally:
            for pid in workers:
                os.kill(pid, signal.SIGCONT)
        assert f"Der Bericht für {year.group(1)} wird erstellt" in ordered
        status = re.search(r'hx-get="(/statistik/berichte/(\d+)/status/)"', ordered)
        assert status, ordered[:3000]

        deadline = time.monotonic() + RENDER_SECONDS
        panel = ""
        while time.monotonic() < deadline and "PDF herunterladen" not in panel:
            panel = browser.get(status.group(1))
            time.sleep(0.5)
        assert "PDF herunterladen" in panel, panel + portal.output()[-3000:]
        content_type, pdf = browser.get_bytes(f"/statistik/berichte/{status.group(2)}/pdf/")
        assert content_type == "application/pdf"
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        assert "Jahresstatistik" in text and year.group(1) in text
        assert re.search(r"worker\.\d+\s+\|.*reports\.tasks\.\w+\[.*succeeded", portal.output())
    finally:
        portal.interrupt()
    assert portal.processes() == [], portal.output()[-3000:]
    for port in (env["PORT"], env["IKZ_RUN_PG_PORT"], env["IKZ_RUN_REDIS_PORT"]):
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", int(port))) != 0, f"Port {port} nimmt noch Verbindungen an"

    # The second start finds the cluster, the demo and the report of the first.
    portal = _start(env, "second")
    try:
        assert "Demodaten sind schon vorhanden – nichts zu tun." in portal.output()
        assert "Demodaten angelegt" not in portal.output()
        browser = Browser(portal.url)
        login = browser.get("/konto/login/")
        browser.post(
            "/konto/login/", login, {"login": f"ministerium@{DEMO_DOMAIN}", "password": DEMO_PASSWORD}
        )
        assert "PDF herunterladen" in browser.get(status.group(1))
    finally:
        portal.interrupt()
    assert portal.processes() == [], portal.output()[-3000:]
