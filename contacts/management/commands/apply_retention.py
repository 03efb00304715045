"""Anonymise people whose cases closed more than IKZ_RETENTION_YEARS ago.

Why: the DSGVO allows keeping personal data only as long as the purpose needs
it; cases are kept for the statistics, the people in them are not. Run it
monthly (or by hand with --dry-run first to see who would be affected)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from contacts.gdpr import people_apply_retention, people_due_for_retention


class Command(BaseCommand):
    help = (
        "Anonymisiert Personen, deren Vorgänge seit mehr als IKZ_RETENTION_YEARS Jahren abgeschlossen sind."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="nur anzeigen, nichts ändern")
        parser.add_argument("--years", type=int, default=None, help="statt IKZ_RETENTION_YEARS")

    def handle(self, *args: Any, dry_run: bool = False, years: int | None = None, **options: Any) -> None:
        # The dry run reads; the real run is one service call (one transaction, audited).
        people = list(people_due_for_retention(years)) if dry_run else people_apply_retention(years=years)
        for person in people:
            self.stdout.write(f"{'würde anonymisieren' if dry_run else 'anonymisiert'}: {person.pk} {person}")
        verb = "würden anonymisiert" if dry_run else "anonymisiert"
        self.stdout.write(self.style.SUCCESS(f"{len(people)} Person(en) {verb}."))
