"""Whether a query can use a given index: EXPLAIN in a transaction that is rolled back,
with the table's other indexes dropped – its primary key and unique constraints too –
and sequential scans off. On the few rows of a test database the planner
would otherwise pick any index (or a scan) by sizes and visibility maps earlier tests
left; with the index as the only way in, this pins what matters – that the SQL Django
writes fits the index's expression and condition – the same in every order."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet


class _Rollback(Exception):
    pass


def plan_with_only(queryset: QuerySet[Any], index: str, off: tuple[str, ...] = ("seqscan",)) -> str:
    """`off`: the plan types switched off besides, e.g. ("seqscan", "sort") to ask whether
    the index gives the rows in the query's order."""
    sql, params = queryset.query.sql_with_params()
    return plan_of_sql_with_only(sql, list(params), index, off)


def plan_of_sql_with_only(
    sql: str,
    params: list[Any],
    index: str,
    off: tuple[str, ...] = ("seqscan",),
) -> str:
    """The same for SQL written by hand (e.g. the statistics' funding query).

    The table's primary key and unique constraints are dropped too, so that the index is
    the only way into the table. PostgreSQL builds a single path per index – an
    index-only scan whenever the index holds every column the query reads – so the plan
    shows "Index Only Scan using <index>" exactly when the index
    covers the query. (Switching plain index scans off does not help before PostgreSQL 18:
    it penalises index-only scans as well, and the choice between two penalised paths then
    turns on index sizes and the visibility map earlier tests left.)"""
    result = ""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_indexes WHERE indexname = %s", [index])
            row = cursor.fetchone()
            assert row is not None, f"no index {index}"
            table = row[0]
            # Rows the test wrote wait for their deferred foreign-key checks, which would
            # stop the ALTER TABLE below: check them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "SELECT c.conname FROM pg_constraint c JOIN pg_class i ON i.oid = c.conindid"
                " WHERE c.conrelid = %s::regclass AND c.contype IN ('p', 'u') AND i.relname <> %s",
                [table, index],
            )
            for (constraint,) in cursor.fetchall():
                # CASCADE: the foreign keys of other tables that point at the key
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{constraint}" CASCADE')
            cursor.execute(
                "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
                " WHERE x.indrelid = %s::regclass AND i.relname <> %s",
                [table, index],
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
