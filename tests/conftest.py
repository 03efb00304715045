"""The named cast and shared fixtures.

- anna: staff of Kassel (confirmed)      - bernd: staff of Fulda (confirmed)
- udo: signed up, not yet confirmed      - clara: KIKZ adviser (staff)
- hanna: budget adviser (staff)          - dieter: ministry
- admin: administrator (superuser)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import User
from contacts.models import Membership, Municipality

from . import factories

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
ARTIFACTS = ROOT / "test-artifacts"
PASSWORD = "geheim-genug-123"

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's event loop in browser tests


def _user(email: str, *groups: str, staff: bool = False, **extra: object) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, is_staff=staff, **extra)
    if groups:
        user.groups.set(Group.objects.filter(name__in=groups))
    return user


@pytest.fixture(autouse=True)
def no_outage_from_an_earlier_test() -> None:
    """The circuit breakers are per process: a test that stopped Redis (or pointed the
    broker nowhere) left them open, and a later test's publish was skipped for their
    seconds – a report never queued, depending on the order the tests ran in."""
    from core.breaker import CircuitBreaker

    CircuitBreaker.reset_all()


@pytest.fixture(autouse=True)
def every_pdf_passes_the_pdf_ua_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every PDF the code under test renders in this process (annual report, case file,
    in views, services and tasks run eagerly) is checked against the PDF/UA-1 subset of
    tests/pdfua.py; PDFs of a separate Celery worker are checked where they are read."""
    from core import pdf

    from .pdfua import assert_pdf_ua

    render = pdf.render_html_to_pdf

    def checked(html: str, **options: Any) -> bytes:
        data = render(html, **options)
        if data.rstrip().endswith(b"%%EOF"):  # a complete file, not a test's stand-in bytes
            assert_pdf_ua(data)
        return data

    monkeypatch.setattr(pdf, "render_html_to_pdf", checked)


@pytest.fixture
def empty_cache() -> Iterator[None]:
    """An empty cache before and after the test: cached lists, rate limits and the
    statistics' pages never pass from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def kreis_kassel(db: None) -> Municipality:
    return Municipality.objects.create(
        ags="06633000", name="Landkreis Kassel", kind=Municipality.Kind.LANDKREIS, regierungsbezirk="Kassel"
    )


@pytest.fixture
def kassel(db: None) -> Municipality:
    # A kreisfreie Stadt is its own Kreis.
    m = Municipality.objects.create(
        ags="06611000",
        name="Kassel",
        kind=Municipality.Kind.KREISFREIE_STADT,
        regierungsbezirk="Kassel",
        population=204_202,
    )
    m.district = m
    m.save(update_fields=["district"])
    return m


@pytest.fixture
def kreis_fulda(db: None) -> Municipality:
    m = Municipality.objects.create(
        ags="06631000", name="Landkreis Fulda", kind=Municipality.Kind.LANDKREIS, regierungsbezirk="Kassel"
    )
    m.district = m
    m.save(update_fields=["district"])
    return m


@pytest.fixture
def fulda(kreis_fulda: Municipality) -> Municipality:
    return Municipality.objects.create(
        ags="06631009",
        name="Fulda",
        kind=Municipality.Kind.STADT,
        district=kreis_fulda,
        regierungsbezirk="Kassel",
        population=70_000,
    )


@pytest.fixture
def kuenzell(kreis_fulda: Municipality) -> Municipality:
    return Municipality.objects.create(
        ags="06631016",
        name="Künzell",
        kind=Municipality.Kind.GEMEINDE,
        district=kreis_fulda,
        regierungsbezirk="Kassel",
        population=16_500,
    )


@pytest.fixture
def anna(kassel: Municipality) -> User:
    user = _user("anna@kassel.de", first_name="Anna", last_name="Kasper")
    Membership.objects.create(user=user, municipality=kassel, status=Membership.Status.CONFIRMED)
    return user


@pytest.fixture
def bernd(fulda: Municipality) -> User:
    user = _user("bernd@fulda.de", first_name="Bernd", last_name="Faber")
    Membership.objects.create(user=user, municipality=fulda, status=Membership.Status.CONFIRMED)
    return user


@pytest.fixture
def udo(fulda: Municipality) -> User:
    user = _user("udo@fulda.de", first_name="Udo", last_name="Unbestätigt")
    Membership.objects.create(user=user, municipality=fulda, status=Membership.Status.REQUESTED)
    return user


@pytest.fixture
def clara(db: None) -> User:
    return _user("clara@kikz.hessen.de", roles.KIKZ, staff=True, first_name="Clara", last_name="Klein")


@pytest.fixture
def hanna(db: None) -> User:
    return _user("hanna@lbwv.hessen.de", roles.BUDGET, staff=True, first_name="Hanna", last_name="Haus")


@pytest.fixture
def dieter(db: None) -> User:
    return _user("dieter@hmdis.hessen.de", roles.MINISTRY, first_name="Dieter", last_name="Dorn")


@pytest.fixture
def admin_user(db: None) -> User:
    return User.objects.create_superuser(email="admin@kikz.hessen.de", password=PASSWORD)


@pytest.fixture
def case_kassel(anna: User, kassel: Municipality, kuenzell: Municipality) -> factories.Cooperation:
    return factories.CooperationFactory(
        title="Gemeinsamer Bauhof Kassel", lead_municipality=kassel, partners=[kuenzell]
    )


@pytest.fixture
def case_fulda(bernd: User, fulda: Municipality, kuenzell: Municipality) -> factories.Cooperation:
    return factories.CooperationFactory(
        title="Standesamt Fulda", lead_municipality=fulda, partners=[kuenzell]
    )


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data fehlt")
    return SHARED_DATA


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# --- A real Celery worker ------------------------------------------------------------


@pytest.fixture
def celery_worker(transactional_db: None, settings: object) -> Iterator[subprocess.Popen[bytes]]:
    """Starts `celery worker` as a separate process against the test database and the
    Redis of scripts/test.sh, and makes this process send tasks through Redis."""
    from django.db import connection

    from ikz_portal.celery import app

    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.fail("REDIS_URL fehlt: Tests mit Worker laufen über `make test`.")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ikz_portal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_BROKER_URL": redis_url,
    }
    log = open(ARTIFACTS / "celery-worker.log", "ab")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ikz_portal",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    old_eager, old_broker = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = redis_url
    # A pooled connection of an earlier test may belong to a Redis that was restarted
    # since (tests stop it on purpose); `control.ping` does not reconnect it.
    fresh_broker_connections(app)
    try:
        # Bounded wait until the worker answers a ping through Redis.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail("Celery-Worker hat sich beendet, siehe test-artifacts/celery-worker.log")
            if app.control.ping(timeout=0.5):
                break
        else:
            pytest.fail("Celery-Worker antwortet nicht")
        yield proc
    finally:
        app.conf.task_always_eager = old_eager
        app.conf.broker_url = old_broker
        fresh_broker_connections(app)
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        log.close()


def fresh_broker_connections(app: Any) -> None:
    """Drops Celery's connection and producer pools, so the next use connects to the
    broker configured now."""
    from kombu import pools

    # kombu keeps the pools in a registry per connection: closing one alone leaves it
    # there, closed, for the next user of the same URL; reset closes and forgets all.
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    # `control.ping` keeps its own reference to the producer pool (a cached property).
    app.control.mailbox.__dict__.pop("producer_pool", None)


def record_recovery(line: str) -> None:
    """A measured recovery time for README "Gemessene Wiederherstellungszeiten"."""
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / "recovery-times.log").open("a") as log:
        log.write(line.rstrip() + "\n")


def wait_for(predicate: object, timeout: float = 30.0, interval: float = 0.2) -> bool:
    """Polls `predicate()` until it is true or `timeout` seconds have passed (bounded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(interval)
    return False
