"""`python manage.py seed_scale --factor N [--seed S] [--register PATH]`: a large,
consistent data set for measuring the portal (issue 6, `make bench`).

Why: a portal that is quick with one Land's demo data may not be quick when every
Land uses it for ten years. This command builds that future in minutes, so query
counts and page times can be compared at both sizes.

- Factor 1 is one Land (IKZ_LAND), about the size of the demo: 500 cooperations,
  2,000 grants, 5,000 activities, 300 budget consultations, 50 programmes,
  200 Förderlotse questions. Every count grows linearly with the factor.
- Factor 100 (`--nationwide`) is all of Germany: every municipality of the 16
  Länder, 50,000 cooperations with 2–8 partners, 200,000 grants with their
  disbursements, 500,000 activities, 30,000 consultations, 5,000 programmes,
  20,000 questions. The number of Länder grows with the factor (1 Land up to
  factor 6.25, all 16 from factor 93.75).
- Municipalities come from a Destatis GV-ISys XLSX (`--register`, e.g. the
  nationwide "AuszugGV1QAktuell" extract); without it they are synthetic, with a
  valid AGS structure (Land, Regierungsbezirk, Kreis, Gemeinde) and about the
  real number of Kreise and Gemeinden per Land.
- Deterministic: the same `--seed` on the same database gives the same rows
  (one random.Random, a fixed calendar 2016–2025, no wall clock).
- Fast: rows go to PostgreSQL with COPY (psycopg 3) in one transaction, with
  explicit ids after the largest existing one; the sequences are moved on
  afterwards. On other databases bulk_create in batches is used instead.

Writing in bulk bypasses `full_clean`: AGS of other Länder are fine for a
benchmark although the portal's form validation accepts only IKZ_LAND. What the
database and the services promise still holds: case references are unique
(IKZ-<year>-<nnnn>, counted on through cooperations.ReferenceCounter), every
cooperation has 2–8 partners with exactly one lead, and a grant's disbursements
never add up to more than its approved amount. The command adds to what is in
the database; municipalities whose AGS already exists are reused.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from demo.scale.generator import Generator
from demo.scale.plan import NATIONWIDE_FACTOR, counts_for, laender_for
from demo.scale.writer import Writer, analyze, vacuum


class Command(BaseCommand):
    help = "Erzeugt einen großen, stimmigen Datenbestand für Leistungsmessungen (Faktor 1 = ein Land)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--factor", type=float, default=1.0, help="1 = ein Land, 100 = bundesweit")
        parser.add_argument("--nationwide", action="store_true", help=f"wie --factor {NATIONWIDE_FACTOR}")
        parser.add_argument("--seed", type=int, default=1, help="Startwert des Zufallsgenerators")
        parser.add_argument("--register", type=Path, help="GV-ISys-XLSX mit den Kommunen (sonst synthetisch)")
        parser.add_argument("--dry-run", action="store_true", help="nur die geplanten Mengen ausgeben")

    def handle(self, *args: Any, **options: Any) -> None:
        factor = NATIONWIDE_FACTOR if options["nationwide"] else options["factor"]
        if not 0 < factor <= 10 * NATIONWIDE_FACTOR:
            raise CommandError("Der Faktor muss größer als 0 und höchstens 1000 sein.")
        register = Path(options["register"]) if options["register"] else None
        if register and not register.is_file():
            raise CommandError(f"Gemeindeverzeichnis nicht gefunden: {register}")
        verbosity = options["verbosity"]
        planned = counts_for(factor)
        self.stdout.write(
            f"Faktor {factor:g} ({laender_for(factor)} Land/Länder): "
            + ", ".join(f"{k} {v:,}".replace(",", ".") for k, v in planned.items())
        )
        if options["dry_run"]:
            return
        started = time.monotonic()
        writer = Writer(self.stdout, verbosity)

        def log(text: str) -> None:
            if verbosity >= 1:
                self.stdout.write(f"{text}  [{time.monotonic() - started:.1f} s]")

        with transaction.atomic():
            Generator(factor=factor, seed=options["seed"], register=register, writer=writer, log=log).run()
            writer.finish()
        tables = list(dict.fromkeys(writer.tables))
        if connection.in_atomic_block:
            # Inside a caller's transaction (a test) VACUUM is not allowed, but ANALYZE is,
            # and it counts the rows just written. Without it the planner keeps the row
            # count an earlier test's ANALYZE left in pg_class (written in place, not undone
            # by that test's rollback: pages, no live row) and plans every table for one
            # row: a search count took 4 s, the query-count test 200–300 s in the full
            # suite against 20–30 s alone (tests/perf/test_seed_scale.py).
            analyze(tables)
        else:
            vacuum(tables, log)
        rows = sum(writer.written.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"{rows:,} Zeilen in {time.monotonic() - started:.1f} s geschrieben.".replace(",", ".")
            )
        )
