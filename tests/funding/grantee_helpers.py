"""Shared pieces of the payment request / proof of use tests."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from contacts.models import Membership, Municipality
from cooperations.models import Cooperation
from funding.models import Grant
from funding.services import disbursement_create
from tests.factories import GrantFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "rechnung.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def grant_of(case: Cooperation, *, approved: str = "60000.00", paid: str = "0", **kw: object) -> Grant:
    kw.setdefault("applied_amount", Decimal(approved))
    grant: Grant = GrantFactory(cooperation=case, approved_amount=Decimal(approved), **kw)  # type: ignore[assignment]
    if Decimal(paid):
        import datetime as dt

        disbursement_create(grant=grant, date=dt.date(2026, 3, 1), amount=Decimal(paid))
        grant.refresh_from_db()
    return grant


def member_of(municipality: Municipality, email: str) -> User:
    user = User.objects.create_user(email=email, password="x-geheim-genug-123")
    Membership.objects.create(user=user, municipality=municipality, status=Membership.Status.CONFIRMED)
    return user
