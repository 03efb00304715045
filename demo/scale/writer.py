"""Writing rows fast: COPY (psycopg 3) with explicit ids after the largest existing one,
sequences moved on afterwards; and the VACUUM that leaves the tables as autovacuum would."""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from psycopg.types.json import Jsonb


@dataclass
class _Column:
    attname: str
    column: str
    default: Any
    make_default: Callable[[], Any] | None
    is_json: bool


class Writer:
    """Writes dict rows with explicit ids by COPY."""

    def __init__(self, stdout: Any, verbosity: int) -> None:
        self.stdout = stdout
        self.verbosity = verbosity
        self.next_ids: dict[type[models.Model], int] = {}
        self.written: dict[str, int] = defaultdict(int)
        self.tables: list[str] = []
        self.now = dt.datetime(2025, 12, 31, 12, 0, tzinfo=dt.UTC)

    def ids(self, model: type[models.Model], count: int) -> range:
        if model not in self.next_ids:
            top = model._default_manager.aggregate(top=models.Max("pk"))["top"] or 0
            self.next_ids[model] = top + 1
        start = self.next_ids[model]
        self.next_ids[model] = start + count
        return range(start, start + count)

    def _columns(self, model: type[models.Model]) -> list[_Column]:
        columns = []
        for f in model._meta.concrete_fields:
            if isinstance(f, models.GeneratedField):
                continue
            make = f.default if f.has_default() and callable(f.default) else None
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                default: Any = self.now
            else:
                default = None if make else f.get_default()
            columns.append(
                _Column(f.attname, f.column or f.attname, default, make, isinstance(f, models.JSONField))
            )
        return columns

    def write(self, model: type[models.Model], rows: Iterable[dict[str, Any]]) -> int:
        started = time.monotonic()
        columns = self._columns(model)
        table = model._meta.db_table
        count = 0
        names = ", ".join(connection.ops.quote_name(c.column) for c in columns)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                values = []
                for c in columns:
                    if c.attname in row:
                        value = row[c.attname]
                    else:
                        value = c.make_default() if c.make_default else c.default
                    values.append(Jsonb(value) if c.is_json and value is not None else value)
                copy.write_row(values)
                count += 1
        self.written[model._meta.label] += count
        self.tables.append(table)
        if self.verbosity >= 2:
            self.stdout.write(f"  {model._meta.label}: {count} Zeilen in {time.monotonic() - started:.1f} s")
        return count

    def finish(self) -> None:
        """Move every sequence past the explicit ids."""
        with connection.cursor() as cursor:
            for model in self.next_ids:
                table = model._meta.db_table
                pk = model._meta.pk.column
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), GREATEST(%s, 1))",
                    [table, pk, self.next_ids[model] - 1],
                )


VACUUM_ROUNDS = 20


def analyze(tables: list[str]) -> None:
    """Fresh planner statistics of the written tables, in the current transaction (seed_scale
    and seed_demo inside a test's transaction, where VACUUM is not allowed)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {quote(table)}")


def vacuum(tables: list[str], log: Callable[[str], None]) -> None:
    """The state autovacuum keeps a database in: fresh statistics, so the planner picks
    indexes, and the visibility map set, so index-only scans (counts, the statistics'
    grants) need not visit every row's page – right after a bulk load they would, as in
    no steady state. A VACUUM in the first moments after the loading transaction's commit
    often leaves the map empty (PostgreSQL 15 does not count the rows as visible to all
    yet; `make bench` measured the statistics a fifth slower and the atlas count four
    times as slow), so tables whose map is not full are vacuumed again, a second apart,
    for at most VACUUM_ROUNDS rounds."""
    quote = connection.ops.quote_name
    pending = tables
    with connection.cursor() as cursor:
        for table in pending:
            cursor.execute(f"VACUUM (ANALYZE) {quote(table)}")
        for round_ in range(VACUUM_ROUNDS + 1):
            cursor.execute(
                "SELECT relname FROM pg_class WHERE relname = ANY(%s) AND relallvisible < relpages", [pending]
            )
            pending = [name for (name,) in cursor.fetchall()]
            if not pending or round_ == VACUUM_ROUNDS:
                break
            time.sleep(1)
            for table in pending:
                cursor.execute(f"VACUUM {quote(table)}")
    if pending:
        log(f"Sichtbarkeitskarte nicht vollständig: {', '.join(pending)}")
