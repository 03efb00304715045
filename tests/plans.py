"""Whether a query can use a given index: EXPLAIN in a transaction that is rolled back,
with the table's other secondary indexes dropped and sequential scans off. On the few
rows of a test database the planner would otherwise pick any index (or a scan) at
random; this pins what matters – that the SQL Django writes fits the index's
expression and condition."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet


class _Rollback(Exception):
    pass


def plan_with_only(queryset: QuerySet[Any], index: str, off: tuple[str, ...] = ("seqscan",)) -> str:
    """`off`: the plan types switched off besides, e.g. ("seqscan", "bitmapscan", "sort") to
    ask whether the index gives the rows in the query's order."""
    sql, params = queryset.query.sql_with_params()
    return plan_of_sql_with_only(sql, list(params), index, off)


def plan_of_sql_with_only(
    sql: str, params: list[Any], index: str, off: tuple[str, ...] = ("seqscan",)
) -> str:
    """The same for SQL written by hand (e.g. the statistics' funding query)."""
    result = ""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_indexes WHERE indexname = %s", [index])
            row = cursor.fetchone()
            assert row is not None, f"no index {index}"
            cursor.execute(
                "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
                " WHERE x.indrelid = %s::regclass AND NOT x.indisprimary AND NOT x.indisunique"
                " AND i.relname <> %s",
                [row[0], index],
            )
            for (other,) in cursor.fetchall():
                cursor.execute(f'DROP INDEX "{other}"')
            for plan_type in off:
                cursor.execute(f"SET LOCAL enable_{plan_type} = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            result = "\n".join(r[0] for r in cursor.fetchall())
            raise _Rollback
    except _Rollback:
        pass
    return result
