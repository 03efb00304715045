"""`python manage.py seed_demo [--seed N] [--if-empty]`: the whole Land as a demo.

Why: `make run` must show a working portal at once – to a new KIKZ colleague, to the
ministry, to a tester – with data shaped like the KIKZ's published figures (DESIGN.md):
more than 350 funded cooperations since 2008 with about 380 Kommunen, 1,700
participations and 25 million € approved; 199 budget consultations up to 31.12.2020 from
39 Gemeinden, 90 Kleinstädte, 22 Mittelstädte, 1 Großstadt and 1 Landkreis; a programme
catalogue of Land, Bund and EU, Förderlotse questions, organisations, people, and a login
for every role.

How (demo/seed/): every Kommune of Hessen from the official register editions the demo
ships (or an imported register), then the steps of demo/seed/steps.py in one
transaction, every choice from one `random.Random(seed)`: the same seed on an empty
database gives the same references, amounts and dates. `--if-empty` (run by `make run`
on every start) does nothing when cases exist and prints the logins again; a plain
second run refuses, so nothing is ever seeded twice. The demo password is public, so
production settings are refused.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accounts.models import User
from cooperations.models import Cooperation
from demo.seed.base import DEFAULT_SEED, DEMO_LOGINS, DEMO_PASSWORD
from demo.seed.steps import seed_demo

ALREADY_SEEDED = (
    "Die Datenbank enthält schon Vorgänge. seed_demo füllt nur eine leere Datenbank "
    "(mit --if-empty wird dann nichts getan)."
)
REFUSED_IN_PRODUCTION = (
    "seed_demo legt Konten mit einem öffentlich bekannten Passwort an und läuft nicht mit den "
    "Produktionseinstellungen."
)


class Command(BaseCommand):
    help = "Füllt eine leere Datenbank mit Demodaten (hessische Kommunen, Vorgänge, Förderungen, Beratungen, Konten)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Zufallsstartwert (Vorgabe 2008)")
        parser.add_argument(
            "--if-empty", action="store_true", help="nichts tun, wenn schon Vorgänge vorhanden sind"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if (getattr(settings, "SETTINGS_MODULE", "") or "").endswith("production"):
            raise CommandError(REFUSED_IN_PRODUCTION)
        if Cooperation.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Demodaten sind schon vorhanden – nichts zu tun.")
                if User.objects.filter(email__in=[d.email for d in DEMO_LOGINS]).exists():
                    self.print_logins()
                return
            raise CommandError(ALREADY_SEEDED)
        started = time.monotonic()
        summary = seed_demo(seed=options["seed"], today=timezone.localdate())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demodaten angelegt in {time.monotonic() - started:.1f} s (Startwert {options['seed']}):"
            )
        )
        for label, value in summary.items():
            self.stdout.write(f"  {label}: {value}")
        self.print_logins()

    def print_logins(self) -> None:
        width = max(len(d.email) for d in DEMO_LOGINS)
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING(f"Demo-Zugänge (Passwort für alle: {DEMO_PASSWORD})"))
        for d in DEMO_LOGINS:
            self.stdout.write(f"  {d.email.ljust(width)}  {d.role}")
        self.stdout.write("  Portal: /konto/login/   Back Office: /admin/")
        if getattr(settings, "IKZ_REQUIRE_STAFF_2FA", True):
            self.stdout.write(
                "  Hinweis: Back-Office-Konten richten beim ersten Aufruf von /admin/ eine "
                "Authenticator-App (TOTP) ein."
            )
        else:
            self.stdout.write(
                "  Zwei-Faktor-Pflicht für das Back Office ist in dieser lokalen Demo abgeschaltet."
            )
        self.stdout.write("")
