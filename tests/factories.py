"""Typed factory_boy factories for everything the named cast in conftest.py does not cover."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from budget_advice.models import Consultation
from contacts.models import Membership, Municipality, Organisation, Person
from cooperations.models import Activity, CaseEvent, Cooperation, FieldOfAction, Message, Participation
from funding.models import Disbursement, FunderQuestion, Grant, Programme


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = "Erika"
    last_name = factory.Sequence(lambda n: f"Muster{n}")
    password = factory.django.Password("geheim-genug-123")


class KreisFactory(DjangoModelFactory[Municipality]):
    class Meta:
        model = Municipality
        django_get_or_create = ("ags",)
        skip_postgeneration_save = True

    ags = factory.Sequence(lambda n: f"064{(n % 90) + 10:02d}000")
    name = factory.Sequence(lambda n: f"Landkreis {n}")
    kind = Municipality.Kind.LANDKREIS
    regierungsbezirk = "Darmstadt"
    district = factory.LazyAttribute(lambda o: None)

    @factory.post_generation
    def self_district(obj: Municipality, create: bool, extracted: object, **kwargs: object) -> None:
        if create and obj.district_id is None:
            obj.district = obj
            obj.save(update_fields=["district"])


class MunicipalityFactory(DjangoModelFactory[Municipality]):
    class Meta:
        model = Municipality
        django_get_or_create = ("ags",)

    district = factory.SubFactory(KreisFactory)
    # Numbers 500–899 within the Kreis: the real municipalities of the fixtures (Fulda
    # 06631009, Künzell 06631016, …) have low numbers, and get_or_create by AGS would
    # hand such a fixture back instead of a new municipality (a test run alone failed).
    ags = factory.LazyAttributeSequence(lambda o, n: f"{o.district.ags[:5]}{(n % 400) + 500:03d}")
    name = factory.Sequence(lambda n: f"Musterstadt {n}")
    kind = Municipality.Kind.GEMEINDE
    regierungsbezirk = "Darmstadt"
    population = 8_000
    population_date = dt.date(2024, 12, 31)


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Zweckverband {n}")
    kind = Organisation.Kind.ZWECKVERBAND


class PersonFactory(DjangoModelFactory[Person]):
    class Meta:
        model = Person

    first_name = "Max"
    last_name = factory.Sequence(lambda n: f"Beispiel{n}")
    email = factory.Sequence(lambda n: f"kontakt{n}@example.org")
    municipality = factory.SubFactory(MunicipalityFactory)


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    status = Membership.Status.CONFIRMED


def field_of_action(slug: str = "allgemeine-verwaltung") -> FieldOfAction:
    return FieldOfAction.objects.get(slug=slug)


class CooperationFactory(DjangoModelFactory[Cooperation]):
    class Meta:
        model = Cooperation
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"IKZ-2099-{n:04d}")
    title = factory.Sequence(lambda n: f"Gemeinsames Standesamt {n}")
    description = "Zwei Gemeinden führen ihre Standesämter zusammen."
    field_of_action = factory.LazyFunction(field_of_action)
    lead_municipality = factory.SubFactory(MunicipalityFactory)

    @factory.post_generation
    def partners(
        obj: Cooperation, create: bool, extracted: list[Municipality] | None, **kwargs: object
    ) -> None:
        if not create:
            return
        Participation.objects.get_or_create(
            cooperation=obj, municipality=obj.lead_municipality, defaults={"role": Participation.Role.LEAD}
        )
        for m in extracted or []:
            Participation.objects.get_or_create(cooperation=obj, municipality=m)


class ParticipationFactory(DjangoModelFactory[Participation]):
    class Meta:
        model = Participation

    cooperation = factory.SubFactory(CooperationFactory)
    municipality = factory.SubFactory(MunicipalityFactory)


class ActivityFactory(DjangoModelFactory[Activity]):
    class Meta:
        model = Activity

    cooperation = factory.SubFactory(CooperationFactory)
    kind = Activity.Kind.GROUP
    date = dt.date(2026, 3, 1)


class MessageFactory(DjangoModelFactory[Message]):
    class Meta:
        model = Message

    cooperation = factory.SubFactory(CooperationFactory)
    body = "Guten Tag, wir haben eine Frage zum Antrag."


class CaseEventFactory(DjangoModelFactory[CaseEvent]):
    class Meta:
        model = CaseEvent

    cooperation = factory.SubFactory(CooperationFactory)
    kind = CaseEvent.Kind.NOTE


class ProgrammeFactory(DjangoModelFactory[Programme]):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Förderprogramm {n}")
    funder_level = "land"
    region = "06"


class GrantFactory(DjangoModelFactory[Grant]):
    class Meta:
        model = Grant

    cooperation = factory.SubFactory(CooperationFactory)
    applied_amount = Decimal("100000.00")
    approved_amount = Decimal("100000.00")
    budget_year = 2024
    decision_date = dt.date(2024, 6, 1)
    status = Grant.Status.APPROVED
    file_number = factory.Sequence(lambda n: f"IKZ-F-{n:05d}")


class DisbursementFactory(DjangoModelFactory[Disbursement]):
    class Meta:
        model = Disbursement

    grant = factory.SubFactory(GrantFactory)
    date = dt.date(2024, 7, 1)
    amount = Decimal("10000.00")


class ConsultationFactory(DjangoModelFactory[Consultation]):
    class Meta:
        model = Consultation

    municipality = factory.SubFactory(MunicipalityFactory)
    date = dt.date(2020, 5, 1)
    status = Consultation.Status.DONE
    population = factory.LazyAttribute(lambda o: o.municipality.population)
    size_class = factory.LazyAttribute(lambda o: o.municipality.size_class or "")


class FunderQuestionFactory(DjangoModelFactory[FunderQuestion]):
    class Meta:
        model = FunderQuestion

    asker_kind = FunderQuestion.AskerKind.CLUB
    name = "Sportverein Beispiel e. V."
    email = factory.Sequence(lambda n: f"frage{n}@example.org")
    text = "Welche Programme fördern ein neues Vereinsheim?"
