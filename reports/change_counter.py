"""The change counter behind the statistics' data version (`reports.models.DataChange`).

A trigger on every table the statistics read adds one to the counter for each write,
in the writing transaction. The triggers are (re)installed after every `migrate`
(post_migrate), not in a migration: SQLite rebuilds a table for many schema changes and
drops its triggers with it, so "after the last migration" is the one moment at which
they are certain to be missing if anything removed them. Where the counter table is
gone (`migrate reports zero`), the triggers are removed, so writes never fail for it.

PostgreSQL counts statements (one trigger call per bulk insert or update); SQLite, which
knows row triggers only, counts rows – the demo of `make run` is small.
"""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import connections

from .models import DataChange
from .statistics import WATCHED_TABLES

COUNTER = DataChange._meta.db_table
SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"


def _bump(now: str) -> str:
    return (
        f"INSERT INTO {COUNTER} (id, changes, started) VALUES (1, 1, {now})"  # noqa: S608 – constants
        f" ON CONFLICT (id) DO UPDATE SET changes = {COUNTER}.changes + 1"
    )


def _postgresql(tables: list[str], present: bool) -> list[str]:
    if not present:
        return [f"DROP TRIGGER IF EXISTS reports_count_change ON {t}" for t in tables] + [
            "DROP FUNCTION IF EXISTS reports_count_change()"
        ]
    function = (
        "CREATE OR REPLACE FUNCTION reports_count_change() RETURNS trigger LANGUAGE plpgsql AS $$"
        f" BEGIN {_bump('CAST(clock_timestamp() AS TEXT)')}; RETURN NULL; END $$"
    )
    return [function] + [
        f"CREATE OR REPLACE TRIGGER reports_count_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {t}"
        " FOR EACH STATEMENT EXECUTE FUNCTION reports_count_change()"
        for t in tables
    ]


def _sqlite(tables: list[str], present: bool) -> list[str]:
    statements = []
    for table in tables:
        for op in ("INSERT", "UPDATE", "DELETE"):
            name = f"reports_count_{op.lower()}_{table}"
            statements.append(f"DROP TRIGGER IF EXISTS {name}")
            if present:
                statements.append(
                    f"CREATE TRIGGER {name} AFTER {op} ON {table} BEGIN {_bump(SQLITE_NOW)}; END"
                )
    return statements


def install_triggers(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    tables = [t for t in WATCHED_TABLES if t in existing]
    statements = {"postgresql": _postgresql, "sqlite": _sqlite}.get(connection.vendor)
    if statements is None:
        return
    with connection.cursor() as cursor:
        for statement in statements(tables, COUNTER in existing):
            cursor.execute(statement)  # constant table names only
