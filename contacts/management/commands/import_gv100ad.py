"""Import the official municipality register (Destatis GV100AD) for the Land in IKZ_LAND.

Why: the portal's Kommunen (AGS, names, kinds, Kreise, population, area, postal
code) come from the Gemeindeverzeichnis, which changes several times a year through
mergers, renamings and new population figures. IT imports a new edition here; the
back office does the same through an upload that a worker processes. Both call
`contacts.services.register_import`: one transaction (a malformed line aborts with
its line number and nothing is saved), bulk writes, history with a reason for every
change, retired Kommunen kept with `valid_until`. `--dry-run` shows what would
change and rolls back. Editions must be imported in order (2018 → 2021 → 2025).
A file that would retire more than a few per cent of the Land's Kommunen, or whose
Land or edition looks wrong, stops with the reasons; `--force` imports it anyway.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from contacts.register import register_import
from contacts.register_guard import RegisterNeedsConfirmation

FILE_UNREADABLE = "Die Datei {path} kann nicht gelesen werden: {error}"
FORCE_HINT = "Wenn die Datei trotzdem stimmt: erneut mit --force aufrufen."


class Command(BaseCommand):
    help = "Liest das Gemeindeverzeichnis GV100AD (Destatis) für das eingestellte Land ein."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="GV100AD-Datei (UTF-8 oder Windows-1252)")
        parser.add_argument(
            "--dry-run", action="store_true", help="nur anzeigen, was sich ändern würde; nichts speichern"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="auch eine auffällige Datei einlesen (z. B. viele Kommunen fallen weg); erst --dry-run prüfen",
        )

    def handle(self, *args: Any, file: Path, dry_run: bool, force: bool, **options: Any) -> None:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(FILE_UNREADABLE.format(path=file, error=exc.strerror or exc)) from exc
        try:
            result = register_import(data=data, file_name=file.name, dry_run=dry_run, confirmed=force)
        except ValidationError as exc:
            hint = [FORCE_HINT] if isinstance(exc, RegisterNeedsConfirmation) else []
            raise CommandError("\n".join([*exc.messages, *hint])) from exc
        self.stdout.write(result.summary())
