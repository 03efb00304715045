"""Build step: the PDF fonts as TrueType beside their WOFF2 files (core.pdf.build_fonts).

Run by scripts/bootstrap.sh after `npm ci` and by the Dockerfile, with the local settings
(only the static file finders are needed)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core import pdf


class Command(BaseCommand):
    help = "Schreibt die PDF-Schriften als TrueType neben ihre WOFF2-Dateien."
    # A build step before any database runs (bootstrap.sh, Dockerfile): Django's model
    # checks ask PostgreSQL for its version (GeneratedField), so they are skipped here.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="auch vorhandene Dateien neu schreiben")

    def handle(self, *args: Any, **options: Any) -> None:
        for written in pdf.build_fonts(force=options["force"]):
            self.stdout.write(f"PDF-Schrift: {written}")
