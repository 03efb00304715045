"""The report pipeline end to end: the real Redis of `make test` and a real Celery
worker process (tests/conftest.py `celery_worker`), faults included."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from accounts.models import User
from reports.models import Report
from reports.statistics import annual_statistics, fmt_euro, fmt_int
from reports.tasks import render_report, sweep_reports
from tests.conftest import ARTIFACTS, record_recovery, wait_for
from tests.pdfua import assert_pdf_ua

from .conftest import Dataset

# The reference rows a flush removes come back by themselves (core/reference_data.py).
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

DONE = Report.Status.DONE


def _pdf_text(data: bytes) -> tuple[str, PdfReader]:
    assert_pdf_ua(data)  # rendered by the worker process: checked here
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\xa0", " ").split()), reader


def _status(pk: int) -> str:
    return Report.objects.values_list("status", flat=True).get(pk=pk)


def _redis() -> tuple[str, str]:
    port, folder = os.environ.get("IKZ_REDIS_PORT"), os.environ.get("IKZ_SERVICES_DIR")
    if not port or not folder:
        pytest.fail("IKZ_REDIS_PORT/IKZ_SERVICES_DIR fehlen: Tests mit Redis laufen über `make test`.")
    return port, folder


def _redis_stop() -> None:
    port, _ = _redis()
    subprocess.run(["redis-cli", "-p", port, "shutdown", "nosave"], check=False, capture_output=True)
    assert wait_for(
        lambda: subprocess.run(["redis-cli", "-p", port, "ping"], capture_output=True).returncode != 0, 10
    )


def _redis_start() -> None:
    # The command line of scripts/services.sh.
    port, folder = _redis()
    subprocess.run(
        [
            "redis-server", "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--daemonize", "yes", "--dir", folder, "--pidfile", f"{folder}/redis.pid",
            "--logfile", f"{folder}/redis.log", "--maxmemory-policy", "noeviction",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    assert wait_for(
        lambda: (
            subprocess.run(["redis-cli", "-p", port, "ping"], capture_output=True).stdout.strip() == b"PONG"
        ),
        10,
    )


def _send_sweep() -> bool:
    try:
        sweep_reports.delay()
    except Exception:
        return False
    return True


@pytest.fixture
def slow_render(monkeypatch: pytest.MonkeyPatch) -> None:
    """Must come before `celery_worker` in the test's arguments: the worker process
    inherits this environment and pauses 4 s inside each render."""
    monkeypatch.setenv("IKZ_REPORTS_RENDER_PAUSE", "4")


def test_an_order_is_rendered_by_the_worker_once_and_downloaded_with_the_statistics_figures(
    dataset: Dataset, dieter: User, client: Client, celery_worker: subprocess.Popen[bytes]
) -> None:
    client.force_login(dieter)
    # Two clicks on "Bericht erstellen": one report, one render.
    first = client.post(reverse("reports:report-create"), {"jahr": 2021}, follow=True)
    assert "wird erstellt" in first.content.decode()
    client.post(reverse("reports:report-create"), {"jahr": 2021})
    report = Report.objects.get()
    assert wait_for(lambda: _status(report.pk) == DONE, timeout=120), _status(report.pk)
    # A duplicate delivery of the message changes nothing. The worker logs that it found
    # the report done: waited for that line (written after this point), not for a while.
    worker_log = ARTIFACTS / "celery-worker.log"
    seen = worker_log.stat().st_size
    render_report.delay(report.pk)

    def skipped() -> bool:
        with worker_log.open("rb") as log:
            log.seek(seen)
            return f"Bericht {report.pk}: schon erledigt".encode() in log.read()

    assert wait_for(skipped, timeout=60)
    report.refresh_from_db()
    assert (report.status, report.attempts, report.renders) == (DONE, 1, 1)
    assert Report.objects.count() == 1

    page = client.get(reverse("reports:dashboard"), {"jahr": 2021}).content.decode()
    assert reverse("reports:report-download", args=[report.pk]) in page
    response = client.get(reverse("reports:report-download", args=[report.pk]))
    assert response.status_code == 200
    text, reader = _pdf_text(b"".join(response.streaming_content))

    stats = annual_statistics(2021, report.cutoff)
    for sentence in stats.headlines:
        assert " ".join(sentence.split()) in text
    for figure in (
        fmt_euro(stats.approved_total),
        fmt_euro(stats.paid_total),
        f"Beteiligte Kommunen {fmt_int(stats.municipalities_year)} {fmt_int(stats.municipalities_total)}",
        f"Beratene Kommunen {fmt_int(stats.consulted_municipalities)}",
    ):
        assert figure in text, figure
    root = reader.trailer["/Root"].get_object()
    assert isinstance(root, DictionaryObject)
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "de"


def test_an_order_while_redis_is_down_is_kept_and_rendered_when_redis_returns(
    dataset: Dataset, dieter: User, client: Client, celery_worker: subprocess.Popen[bytes]
) -> None:
    client.force_login(dieter)
    _redis_stop()
    try:
        response = client.post(reverse("reports:report-create"), {"jahr": 2021}, follow=True)
        assert response.status_code == 200
        assert "wird erstellt" in response.content.decode()
        report = Report.objects.get()
        assert report.status == Report.Status.REQUESTED  # the order is kept, not lost
    finally:
        _redis_start()
    # What beat does every five minutes; the worker reconnects by itself.
    assert wait_for(_send_sweep, timeout=20)
    assert wait_for(lambda: _status(report.pk) == DONE, timeout=150), _status(report.pk)
    report.refresh_from_db()
    assert report.renders == 1
    assert client.get(reverse("reports:report-download", args=[report.pk])).status_code == 200


def _ordered_and_rendering(client: Client) -> Report:
    """The 2021 report ordered by the signed-in client, once a worker process renders it."""
    client.post(reverse("reports:report-create"), {"jahr": 2021})
    report = Report.objects.get()
    assert wait_for(
        lambda: Report.objects.filter(
            pk=report.pk, status=Report.Status.RUNNING, worker_pid__isnull=False
        ).exists(),
        timeout=60,
    )
    report.refresh_from_db()
    return report


def test_a_worker_killed_while_rendering_still_finishes_the_report_exactly_once(
    slow_render: None, dataset: Dataset, clara: User, client: Client, celery_worker: subprocess.Popen[bytes]
) -> None:
    client.force_login(clara)
    report = _ordered_and_rendering(client)
    os.kill(report.worker_pid, signal.SIGKILL)  # the process that renders: as the OOM killer would
    killed = time.monotonic()
    assert wait_for(lambda: _status(report.pk) == DONE, timeout=150), _status(report.pk)
    record_recovery(
        f"worker child killed while rendering, same node: report done after {time.monotonic() - killed:.1f} s"
        " (rendering slowed to 4 s)"
    )
    report.refresh_from_db()
    assert report.attempts == 2
    assert report.renders == 1
    assert celery_worker.poll() is None  # the worker itself lives on
    response = client.get(reverse("reports:report-download", args=[report.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def _start_worker(node_name: str = "") -> subprocess.Popen[bytes]:
    """A second worker process, as tests/conftest.py starts the first (same node name
    unless `node_name` is given: a container recreated with another host name)."""
    from django.db import connection

    from ikz_portal.celery import app
    from tests.conftest import ARTIFACTS, ROOT

    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ikz_portal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_BROKER_URL": os.environ["REDIS_URL"],
    }
    with open(ARTIFACTS / "celery-worker-2.log", "ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "ikz_portal", "worker", "--pool=prefork", "--concurrency=1",
             "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
             *([f"--hostname={node_name}"] if node_name else [])],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    if not wait_for(lambda: proc.poll() is None and bool(app.control.ping(timeout=0.5)), timeout=60):
        proc.kill()
        pytest.fail("Zweiter Celery-Worker antwortet nicht")
    return proc


def test_a_crashed_worker_restarted_takes_back_its_report_and_finishes_it_once(
    slow_render: None, dataset: Dataset, dieter: User, client: Client, celery_worker: subprocess.Popen[bytes]
) -> None:
    client.force_login(dieter)
    report = _ordered_and_rendering(client)
    # The whole worker dies (power cut, `kill -9`): no requeue, the message stays unacked.
    os.kill(celery_worker.pid, signal.SIGKILL)
    os.kill(report.worker_pid, signal.SIGKILL)
    celery_worker.wait(timeout=10)
    # no worker is left that could have touched it
    assert _status(report.pk) == Report.Status.RUNNING
    second = _start_worker()  # worker_ready: the sweep takes the row back at once
    try:
        assert wait_for(lambda: _status(report.pk) == DONE, timeout=150), _status(report.pk)
    finally:
        second.send_signal(signal.SIGTERM)
        try:
            second.wait(timeout=20)
        except subprocess.TimeoutExpired:
            second.kill()
    report.refresh_from_db()
    assert (report.attempts, report.renders, report.error) == (2, 1, "")


@pytest.fixture
def short_lease(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before `celery_worker`: the workers renew a 3-second lease every second."""
    monkeypatch.setenv("REPORTS_LEASE_SECONDS", "3")


def test_a_crashed_workers_report_is_taken_back_by_a_worker_with_another_node_name(
    slow_render: None,
    short_lease: None,
    dataset: Dataset,
    dieter: User,
    client: Client,
    celery_worker: subprocess.Popen[bytes],
) -> None:
    client.force_login(dieter)
    report = _ordered_and_rendering(client)
    first_lease = report.lease_until
    # The render pauses 4 s, longer than the lease: only the heartbeat keeps it alive.
    assert wait_for(
        lambda: Report.objects.filter(pk=report.pk, lease_until__gt=first_lease).exists(), timeout=10
    ), "Reservierung wird während der Erstellung nicht verlängert"
    os.kill(celery_worker.pid, signal.SIGKILL)
    os.kill(report.worker_pid, signal.SIGKILL)
    killed = time.monotonic()
    celery_worker.wait(timeout=10)
    # Nobody renews the lease now; the dashboard says so once it ran out.
    assert wait_for(lambda: Report.objects.get(pk=report.pk).worker_gone, timeout=10)
    status = client.get(reverse("reports:report-status", args=[report.pk])).content.decode()
    assert "antwortet nicht mehr; die Erstellung wird automatisch neu gestartet" in status
    # A recreated container: another node name, so only the lease tells the row is free.
    second = _start_worker(node_name="celery@neuer-container")
    try:
        assert wait_for(lambda: _status(report.pk) == DONE, timeout=150), _status(report.pk)
        from tests.conftest import ARTIFACTS

        with (ARTIFACTS / "recovery-times.log").open("a") as log:
            log.write(
                f"worker killed, other node name, lease 3 s: report done after {time.monotonic() - killed:.1f} s\n"
            )
    finally:
        second.send_signal(signal.SIGTERM)
        try:
            second.wait(timeout=20)
        except subprocess.TimeoutExpired:
            second.kill()
    report.refresh_from_db()
    assert (report.attempts, report.renders, report.worker) == (2, 1, "celery@neuer-container")
