"""`python manage.py orphan_files [--delete] [--min-age-hours N]`: lists media files no
row references (core/orphans.py); removes them only with --delete."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.template.defaultfilters import filesizeformat

from core.orphans import orphan_files_remove


class Command(BaseCommand):
    help = "Listet Dateien im Medienspeicher, auf die kein Datensatz verweist; löscht sie mit --delete."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--delete", action="store_true", help="Dateien wirklich löschen (sonst nur auflisten)."
        )
        parser.add_argument(
            "--min-age-hours",
            type=float,
            default=float(settings.IKZ_ORPHAN_MIN_AGE_HOURS),
            help="Nur Dateien, die älter sind als so viele Stunden (Standard: IKZ_ORPHAN_MIN_AGE_HOURS).",
        )

    def handle(self, *args: Any, delete: bool, min_age_hours: float, **options: Any) -> None:
        orphans = orphan_files_remove(delete=delete, min_age=dt.timedelta(hours=min_age_hours))
        for orphan in orphans:
            self.stdout.write(f"{orphan.name}\t{orphan.size}")
        total = filesizeformat(sum(o.size for o in orphans))
        verb = "gelöscht" if delete else "gefunden (Probelauf, nichts gelöscht)"
        self.stdout.write(f"{len(orphans)} verwaiste Dateien ({total}) {verb}.")
