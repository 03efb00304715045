"""One of everything the URLs name, and the cast of every role, for the matrix walk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from allauth.usersessions.models import UserSession
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db.models import Model
from django.utils import timezone

from accounts import roles
from accounts.models import AuditEvent, User
from accounts.permission_matrix import Role
from agreements.services import cost_key_save
from budget_advice.models import BudgetFigures, Consultation, Meeting, Recommendation
from contacts.models import Municipality, RegisterImport
from cooperations.models import Cooperation, Document, InquiryDraft
from core.models import OutboxMail
from events.models import Event
from knowledge.models import Entry
from reports.models import Report
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Actor:
    label: str
    role: Role
    user: User | None
    # Municipal user of another municipality: the objects of the walk are not theirs.
    other_municipality: bool = False


@dataclass
class World:
    case: Cooperation
    document: Document
    draft: InquiryDraft
    report: Report
    objects: dict[type[Model], Model] = field(default_factory=dict)

    def object_of(self, model: type[Model]) -> Model:
        return self.objects.get(model) or model._default_manager.order_by("pk").first()  # type: ignore[return-value]

    def object_of_label(self, label: str) -> Model:
        from django.apps import apps

        return self.object_of(apps.get_model(label))


@pytest.fixture
def world(
    case_kassel: Cooperation, anna: User, clara: User, kassel: Municipality, kuenzell: Municipality
) -> World:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cooperations.services import document_add

    Cooperation.objects.filter(pk=case_kassel.pk).update(is_published=True, adviser=clara)
    case_kassel.refresh_from_db()
    factories.ActivityFactory(cooperation=case_kassel)
    factories.MessageFactory(cooperation=case_kassel, author=anna)
    factories.CaseEventFactory(cooperation=case_kassel, note="Vermerk")
    grant = factories.GrantFactory(cooperation=case_kassel)
    factories.DisbursementFactory(grant=grant)
    # The lead municipality's payment request and proof of use (funding/grantee), open.
    from funding.models import PaymentRequest, ProofOfUse

    PaymentRequest.objects.create(grant=grant, amount=Decimal("5000"), purpose="Studie", submitted_by=anna)
    ProofOfUse.objects.create(
        grant=grant,
        report="Bericht",
        total_costs=Decimal("10000"),
        grant_used=Decimal("10000"),
        submitted_by=anna,
    )
    from savings.models import SavingsReport

    SavingsReport.objects.create(  # its back-office pages (read only, with history)
        cooperation=case_kassel,
        year=2024,
        baseline_year=2022,
        baseline_costs=Decimal("1000"),
        current_costs=Decimal("800"),
        savings_eur=Decimal("200"),
        savings_pct=Decimal("20"),
    )
    factories.ProgrammeFactory(is_active=True)
    factories.PersonFactory(municipality=kassel, user=anna)
    factories.OrganisationFactory()
    factories.FunderQuestionFactory()
    consultation = factories.ConsultationFactory(municipality=kuenzell)
    Meeting.objects.create(consultation=consultation, kind=Meeting.Kind.FIRST, date=consultation.date)
    BudgetFigures.objects.create(
        consultation=consultation, year=2019, tax_rate_property_b=450, debt_per_inhabitant=Decimal("1200")
    )
    Recommendation.objects.create(
        consultation=consultation, area=Recommendation.Area.REVENUE, text="Hebesatz anpassen"
    )
    factories.MembershipFactory(municipality=kassel)
    colleague = factories.UserFactory(email="kollegin@kikz.hessen.de", is_staff=True)
    EmailAddress.objects.create(user=colleague, email=colleague.email, verified=True, primary=True)
    Authenticator.objects.create(
        user=colleague, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    UserSession.objects.create(user=colleague, ip="192.0.2.1", session_key="walk", user_agent="Test")
    OutboxMail.objects.create(
        to="erika@kassel.de", subject="Hallo", body="Text", next_attempt_at=timezone.now()
    )
    AuditEvent.objects.create(kind=AuditEvent.Kind.EXPORT, actor=clara, detail={"what": "Test"})
    RegisterImport.objects.create(file_name="gv100ad.txt", status=RegisterImport.Status.DONE)
    report = Report.objects.create(
        year=timezone.localdate().year,
        cutoff=dt.date(timezone.localdate().year, 12, 31),
        data_version="x",
        status=Report.Status.DONE,
    )
    report.file.save("walk.pdf", ContentFile(PDF))
    # A finished dossier export of a year (issue 16): its download page.
    from dossier.models import DossierExport

    export = DossierExport.objects.create(
        year=report.year - 1, status=DossierExport.Status.DONE, requested_by=clara
    )
    export.file.save("walk.zip", ContentFile(b"PK\x05\x06" + bytes(18)))
    document = document_add(
        case=case_kassel,
        upload=SimpleUploadedFile("vertrag.pdf", PDF, content_type="application/pdf"),
        actor=anna,
    )
    draft = InquiryDraft.objects.create(user=anna, data={"municipality": kassel.pk, "done": ["kommune"]})
    # A saved cost-sharing key: the draft agreement's downloads have something to render.
    cost_key_save(case=case_kassel, method="gleich", total=Decimal("100.00"), actor=clara)
    # Kassel's own budget consultation (its detail page in the portal), an event and a
    # knowledge entry with a file (issue 18), a register import waiting at its preview.
    from events.models import Registration
    from tests.events.conftest import make_event
    from tests.knowledge.conftest import make_entry, pdf

    own_consultation: Consultation = factories.ConsultationFactory(municipality=kassel)  # type: ignore[assignment]
    event = make_event(capacity=20)
    Registration.objects.create(event=event, name="Erika Muster", email="erika@kassel.de")
    entry = make_entry(upload=pdf())
    preview = RegisterImport.objects.create(file_name="vorschau.txt", status=RegisterImport.Status.PREVIEW)
    return World(
        case=case_kassel,
        document=document,
        draft=draft,
        report=report,
        objects={Consultation: own_consultation, Event: event, Entry: entry, RegisterImport: preview},
    )


@pytest.fixture
def office(db: None) -> User:
    """Administration group without the superuser flag."""
    user = User.objects.create_user(email="it@kikz.hessen.de", password="x-geheim-genug-123", is_staff=True)
    user.groups.set([Group.objects.get(name=roles.ADMINISTRATION)])
    return user


@pytest.fixture
def cast(
    udo: User,
    anna: User,
    bernd: User,
    hanna: User,
    clara: User,
    dieter: User,
    office: User,
    admin_user: User,
) -> dict[str, Actor]:
    for user in (udo, anna, bernd, hanna, clara, dieter, office, admin_user):
        # A second factor with recovery codes, so that the 2FA pages have something to show.
        TOTP.activate(user, "JBSWY3DPEHPK3PXP")
        RecoveryCodes.activate(user)
    actors = [
        Actor("anonym", Role.ANONYMOUS, None),
        Actor("udo (unbestätigt)", Role.UNCONFIRMED, udo),
        Actor("anna (Kommune A)", Role.MUNICIPAL, anna),
        Actor("bernd (Kommune B)", Role.MUNICIPAL, bernd, other_municipality=True),
        Actor("hanna (Haushaltsberatung)", Role.BUDGET, hanna),
        Actor("clara (KIKZ)", Role.KIKZ, clara),
        Actor("dieter (Ministerium)", Role.MINISTRY, dieter),
        Actor("Administration", Role.ADMINISTRATION, office),
        Actor("admin (Superuser)", Role.SUPERUSER, admin_user),
    ]
    return {a.label: a for a in actors}


ACTOR_LABELS = [
    "anonym",
    "udo (unbestätigt)",
    "anna (Kommune A)",
    "bernd (Kommune B)",
    "hanna (Haushaltsberatung)",
    "clara (KIKZ)",
    "dieter (Ministerium)",
    "Administration",
    "admin (Superuser)",
]
