"""`python manage.py import_auszug AuszugGV1QAktuell_31032023.xlsx [--stand 31.03.2023] [--dry-run]`

Why: the GV100AD gives the population and the men; the Destatis „Auszug“ of the same
register (quarterly XLSX, or its CSV copy) also gives the women as published and the
degree of urbanisation (Grad der Verstädterung) of every Gemeinde. The demography view
shows both. This command keeps them per edition for the Kommunen of the Land in IKZ_LAND
(`contacts.demography.population_record_auszug`, one transaction); it creates no Kommune
– the register itself comes from `import_gv100ad`. The edition is the file's
Gebietsstand (the XLSX states it; for the CSV give it with --stand)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from contacts.auszug import NO_DATE, AuszugError, read_auszug
from contacts.demography import population_record_auszug
from core.land import land_code

BAD_DATE = "--stand ist ein Datum wie 31.12.2020, nicht „{value}“."


class DryRun(Exception):
    pass


def parse_date(value: str) -> dt.date:
    try:
        return dt.datetime.strptime(value.strip(), "%d.%m.%Y").date()  # noqa: DTZ007 - a calendar date
    except ValueError as exc:
        raise CommandError(BAD_DATE.format(value=value)) from exc


class Command(BaseCommand):
    help = "Liest Männer, Frauen und Grad der Verstädterung aus dem Auszug des Gemeindeverzeichnisses."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="AuszugGV…xlsx von Destatis oder die CSV-Fassung")
        parser.add_argument("--stand", default="", help="Gebietsstand der Datei (TT.MM.JJJJ), für CSV nötig")
        parser.add_argument("--dry-run", action="store_true", help="nur lesen und zählen, nichts speichern")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Die Datei {path} gibt es nicht.")
        try:
            auszug = read_auszug(path, land=land_code())
        except AuszugError as exc:
            raise CommandError(str(exc)) from exc
        edition = parse_date(options["stand"]) if options["stand"] else auszug.edition
        if edition is None:
            raise CommandError(NO_DATE.format(name=path.name))
        try:
            with transaction.atomic():
                result = population_record_auszug(auszug=auszug, edition=edition)
                if options["dry_run"]:
                    raise DryRun
        except DryRun:
            pass
        verb = "gelesen (Probelauf, nichts gespeichert)" if options["dry_run"] else "gespeichert"
        self.stdout.write(
            self.style.SUCCESS(
                f"Gebietsstand {edition:%d.%m.%Y}: {result.written} Einwohnerzahlen mit Männern, Frauen "
                f"und Grad der Verstädterung {verb}."
            )
        )
        if result.unknown:
            self.stdout.write(
                f"{len(result.unknown)} Gemeinden der Datei sind nicht im Gemeindeverzeichnis des Portals "
                f"und wurden übergangen: {', '.join(result.unknown[:10])}"
                + (" …" if len(result.unknown) > 10 else "")
            )
