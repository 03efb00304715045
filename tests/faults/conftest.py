"""Fault tests break real services on purpose. They run after every other test
(restarting PostgreSQL drops every open connection), and each leaves the services
running as it found them. All waits are bounded."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.production.procs import free_port

FAULTS_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    # Stable sort: everything else first, then the fault tests in their own order.
    items.sort(key=lambda item: Path(str(item.fspath)).resolve().is_relative_to(FAULTS_DIR))


def _as_pg(*args: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else list(args)


def _pg_env() -> tuple[str, str, str, str]:
    try:
        return (
            os.environ["IKZ_PG_BIN"],
            os.environ["IKZ_PG_DATA"],
            os.environ["IKZ_PG_PORT"],
            os.environ["IKZ_SERVICES_DIR"],
        )
    except KeyError:
        pytest.skip("Fehlertests brauchen das PostgreSQL von `make test` (IKZ_PG_*)")


def pg_stop() -> None:
    pg_bin, data, _, _ = _pg_env()
    subprocess.run(
        _as_pg(f"{pg_bin}/pg_ctl", "-D", data, "-m", "fast", "-w", "-t", "60", "stop"), check=True, timeout=90
    )


def pg_start() -> None:
    """Starts the cluster with the options of scripts/services.sh; waits until it accepts connections."""
    pg_bin, data, port, services = _pg_env()
    options = (
        f"-p {port} -k {services} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    subprocess.run(
        _as_pg(
            f"{pg_bin}/pg_ctl",
            "-D",
            data,
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "-l",
            f"{services}/pg.log",
            "start",
        ),
        check=True,
        timeout=90,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ready = subprocess.run(
            [f"{pg_bin}/pg_isready", "-h", "127.0.0.1", "-p", port], capture_output=True, check=False
        )
        if ready.returncode == 0:
            return
        time.sleep(0.2)
    raise RuntimeError("PostgreSQL kommt nicht wieder hoch")


def pg_is_running() -> bool:
    pg_bin, data, _, _ = _pg_env()
    return (
        subprocess.run(
            _as_pg(f"{pg_bin}/pg_ctl", "-D", data, "status"), capture_output=True, check=False
        ).returncode
        == 0
    )


@pytest.fixture
def postgres_restartable() -> Iterator[None]:
    _pg_env()
    yield
    # Whatever happened in the test: PostgreSQL is running again afterwards.
    if not pg_is_running():
        pg_start()
    from django.db import connections

    for conn in connections.all():
        conn.close()


class OwnRedis:
    """A throw-away Redis of this test alone, so stopping it disturbs no other test."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="ikz-redis-"))
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
                "--maxmemory-policy",
                "noeviction",
            ],
            stdout=(self.dir / "redis.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            ping = subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True, check=False
            )
            if ping.stdout.strip() == "PONG":
                return
            time.sleep(0.1)
        raise RuntimeError("Redis startet nicht")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)
        self.proc = None


@pytest.fixture
def own_redis() -> Iterator[OwnRedis]:
    redis = OwnRedis()
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()
        shutil.rmtree(redis.dir, ignore_errors=True)
