"""The change counter behind the statistics' data version (`reports.models.DataChange`).

A trigger on every table the statistics read adds one to the counter for each write,
in the writing transaction. The triggers are (re)installed after every `migrate`
(post_migrate), not in a migration: "after the last migration" is the one moment at
which they are certain to be there whatever a migration rebuilt or a new watched table
added. Where the counter table is gone (`migrate reports zero`), the triggers are
removed, so writes never fail for it. It counts statements (one trigger call per bulk
insert or update), not rows.
"""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import connections

from .models import DataChange
from .statistics import WATCHED_TABLES

COUNTER = DataChange._meta.db_table


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


def install_triggers(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    tables = [t for t in WATCHED_TABLES if t in existing]
    with connection.cursor() as cursor:
        for statement in _postgresql(tables, COUNTER in existing):
            cursor.execute(statement)  # constant table names only
