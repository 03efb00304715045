"""Prepares the load test's database (run by loadtest/run.sh with the production
settings): municipal users with a confirmed municipality, each with a partner and a
field of action, written to a JSON file for the locustfile.

`--minimal` (the smoke run of `make test`) makes only what the load needs instead of
the whole demo: the built-in Hessian municipalities and the map's boundaries – seconds
instead of the demo's half minute; the pages under load are the same, with fewer rows."""

from __future__ import annotations

import json
import sys

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402

from accounts.models import User  # noqa: E402
from contacts.models import Membership, Municipality  # noqa: E402
from cooperations.models import Cooperation, FieldOfAction  # noqa: E402

PASSWORD = "Lasttest-Passwort-2026"  # noqa: S105 – throw-away users of a throw-away database


def minimal_data() -> None:
    from django.db import transaction
    from django.utils import timezone

    from demo.seed import register
    from demo.seed.base import DEFAULT_SEED, Demo
    from demo.seed.boundaries import load_demo_boundaries

    with transaction.atomic():
        register.municipalities(Demo(seed=DEFAULT_SEED, today=timezone.localdate()))
        load_demo_boundaries()


def main(out: str, count: int) -> None:
    municipalities = list(
        Municipality.objects.current().exclude(kind=Municipality.Kind.LANDKREIS).order_by("ags")[: count + 1]
    )
    field = FieldOfAction.objects.order_by("position").first()
    if len(municipalities) < 2 or field is None:
        raise SystemExit("Zu wenig Daten: zuerst seed_demo laufen lassen.")
    hashed = make_password(PASSWORD)
    users = []
    for i in range(count):
        own = municipalities[i % len(municipalities)]
        partner = municipalities[(i + 1) % len(municipalities)]
        email = f"last{i}@lasttest.example"
        user, _ = User.objects.update_or_create(email=email, defaults={"password": hashed, "is_active": True})
        Membership.objects.update_or_create(
            user=user, municipality=own, defaults={"status": Membership.Status.CONFIRMED}
        )
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(
            email=email, defaults={"user": user, "verified": True, "primary": True}
        )
        users.append({"email": email, "password": PASSWORD, "municipality": own.pk, "partner": partner.pk})
    data = {"users": users, "field": field.pk, "cases_before": Cooperation.objects.count()}
    with open(out, "w") as f:
        json.dump(data, f)


if __name__ == "__main__":
    if "--minimal" in sys.argv:
        minimal_data()
    main(sys.argv[1], int(sys.argv[2]))
