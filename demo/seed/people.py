"""Step 2: the demo logins, the advisers without a login, the public bodies and the
(invented) people, among them the public contacts of the KIKZ."""

from __future__ import annotations

import datetime as dt

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from simple_history.utils import bulk_create_with_history

from accounts import roles
from accounts.models import User
from contacts.models import Membership, Organisation, Person
from demo import catalogue, texts

from .base import (
    DEMO_DOMAIN,
    DEMO_LOGINS,
    DEMO_REASON,
    FULDA_AGS,
    KASSEL_AGS,
    NEW_USER_AGS,
    Demo,
    demo_password_hash,
)


def users(demo: Demo) -> None:
    groups = {g.name: g for g in Group.objects.all()}
    demo.demo = {}
    hashed = demo_password_hash()  # one hash for all: PBKDF2 is slow on purpose
    for d in DEMO_LOGINS:
        user = User(
            email=d.email,
            first_name=d.first_name,
            last_name=d.last_name,
            is_staff=d.key in ("kikz", "budget", "admin"),
            is_superuser=d.key == "admin",
        )
        user.password = hashed
        user.save()
        group = {
            "kikz": roles.KIKZ,
            "budget": roles.BUDGET,
            "ministry": roles.MINISTRY,
            "admin": roles.ADMINISTRATION,
        }.get(d.key)
        if group and group in groups:
            user.groups.add(groups[group])
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        demo.demo[d.key] = user
    kassel, fulda = demo.municipality(KASSEL_AGS), demo.municipality(FULDA_AGS)
    if fulda.pk == kassel.pk:
        fulda = demo.local[1]
    demo.kassel, demo.fulda = kassel, fulda
    decided = demo.moment(demo.today - dt.timedelta(days=200))
    for key, m, function in (("kassel", kassel, "Hauptamt"), ("fulda", fulda, "Kämmerei")):
        Membership.objects.create(
            user=demo.demo[key],
            municipality=m,
            status=Membership.Status.CONFIRMED,
            function=function,
            decided_by=demo.demo["kikz"],
            decided_at=decided,
        )
    Membership.objects.create(
        user=demo.demo["new"],
        municipality=demo.municipality(NEW_USER_AGS),
        function="Bauamt",
        note="Ich bin neu im Bauamt und möchte unsere Kooperationsanfragen verfolgen.",
    )
    # Colleagues who appear in cases and consultations but have no demo login.
    demo.advisers = [demo.demo["kikz"]]
    demo.budget_advisers = [demo.demo["budget"]]
    for team, group, count in ((demo.advisers, roles.KIKZ, 3), (demo.budget_advisers, roles.BUDGET, 2)):
        for _ in range(count):
            first, last = demo.person_name()
            email = f"{first}.{last}.{len(team)}@kikz.{DEMO_DOMAIN}".lower()
            email = email.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
            colleague = User(email=email, first_name=first, last_name=last, is_staff=True)
            colleague.set_unusable_password()
            colleague.save()
            if group in groups:
                colleague.groups.add(groups[group])
            team.append(colleague)


def organisations_and_people(demo: Demo) -> None:
    orgs = [
        Organisation(
            name=o.name,
            short_name=o.short_name,
            kind=o.kind,
            address=o.address,
            website=o.website,
            email=f"info@{o.key}.{DEMO_DOMAIN}",
        )
        for o in catalogue.ORGANISATIONS
    ]
    Organisation.objects.bulk_create(orgs)
    demo.orgs = {o.key: org for o, org in zip(catalogue.ORGANISATIONS, orgs, strict=True)}
    people: list[Person] = []
    # The public contact persons of the KIKZ and the budget advice.
    for i, user in enumerate(demo.advisers):
        people.append(
            Person(
                first_name=user.first_name,
                last_name=user.last_name,
                salutation="Frau" if user.first_name.endswith("a") else "",
                function="Beratung Interkommunale Zusammenarbeit" if i else "Leitung KIKZ",
                organisation=demo.orgs["kikz"],
                email=user.email,
                phone=f"0611 555 01-{10 + i}",
                is_public=True,
                user=user,
            )
        )
    for i, user in enumerate(demo.budget_advisers):
        people.append(
            Person(
                first_name=user.first_name,
                last_name=user.last_name,
                function="Haushaltsberatung",
                organisation=demo.orgs["lbwv"],
                email=user.email,
                phone=f"0611 555 02-{10 + i}",
                is_public=True,
                user=user,
            )
        )
    for key in ("hsgb", "hst", "hlt", "hmdi", "hmdf", "rpda", "rpgi", "rpks"):
        first, last = demo.person_name()
        people.append(
            Person(
                first_name=first,
                last_name=last,
                function="Referat Kommunale Angelegenheiten"
                if key.startswith(("hm", "rp"))
                else "Referentin / Referent",
                organisation=demo.orgs[key],
                email=f"{last.lower()}@{key}.{DEMO_DOMAIN}".replace("ö", "oe")
                .replace("ä", "ae")
                .replace("ü", "ue"),
                is_public=key in ("hsgb", "hst", "hlt"),
            )
        )
    ministry = demo.demo["ministry"]
    people.append(
        Person(
            first_name=ministry.first_name,
            last_name=ministry.last_name,
            function="Referat Interkommunale Zusammenarbeit",
            organisation=demo.orgs["hmdi"],
            email=ministry.email,
            user=ministry,
        )
    )
    for key, m in (("kassel", demo.kassel), ("fulda", demo.fulda)):
        user = demo.demo[key]
        people.append(
            Person(
                first_name=user.first_name,
                last_name=user.last_name,
                function="Hauptamt" if key == "kassel" else "Kämmerei",
                municipality=m,
                email=user.email,
                legal_basis=Person.LegalBasis.CONTRACT,
                user=user,
            )
        )
    # Contacts in the municipalities (the mayor or the head of the main office).
    for m in demo.rng.sample(demo.local, min(60, len(demo.local))):
        first, last = demo.person_name()
        people.append(
            Person(
                first_name=first,
                last_name=last,
                function=texts.function_for(first, demo.pick(texts.MUNICIPAL_FUNCTIONS)),
                municipality=m,
                email=f"{last.lower()}@{m.ags}.{DEMO_DOMAIN}".replace("ö", "oe")
                .replace("ä", "ae")
                .replace("ü", "ue"),
                phone=f"0{demo.rng.randint(5500, 6699)} {demo.rng.randint(100, 999)}-{demo.rng.randint(10, 99)}",
            )
        )
    bulk_create_with_history(people, Person, default_change_reason=DEMO_REASON)
