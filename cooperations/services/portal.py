"""Writes of the municipal portal on cases: the inquiry becomes a case, messages
between municipality and KIKZ, replies marked read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .. import drafts
from ..models import (
    MESSAGE_EMPTY,
    MESSAGE_LIMIT,
    MESSAGE_TOO_LONG,
    PARTNER_IS_OWN,
    CaseEvent,
    Cooperation,
    Document,
    InquiryDraft,
    Message,
)

if TYPE_CHECKING:
    from accounts.models import User

from .cases import case_create

INQUIRY_INCOMPLETE = "Die Anfrage ist noch nicht vollständig: {steps}."
INQUIRY_NOT_YOURS = "Sie können nur für Kommunen anfragen, für die Sie bestätigt sind."


@transaction.atomic
def inquiry_submit(*, draft: InquiryDraft, actor: User) -> Cooperation:
    """Turn a completed wizard draft into exactly one case. The draft row is locked,
    so a double click, the back button or a resubmit returns the case made first."""
    from accounts.selectors import kikz_recipients
    from contacts.models import Membership, Municipality
    from core.emails import send_templated_mail

    from ..models import FieldOfAction

    locked = InquiryDraft.objects.select_for_update().get(pk=draft.pk, user=actor)
    if locked.cooperation_id is not None:
        return Cooperation.objects.get(pk=locked.cooperation_id)
    data = locked.data or {}
    missing = drafts.missing_step_titles(data)
    if missing:
        raise ValidationError(INQUIRY_INCOMPLETE.format(steps=", ".join(missing)))
    if not Membership.objects.confirmed().filter(user=actor, municipality_id=data["municipality"]).exists():
        raise ValidationError(INQUIRY_NOT_YOURS)
    lead = Municipality.objects.get(pk=data["municipality"])
    partners = list(Municipality.objects.filter(pk__in=data.get("partners", [])).order_by("name"))
    for partner in partners:
        if partner.pk == lead.pk:
            raise ValidationError(PARTNER_IS_OWN.format(name=lead.name))
    known = set(FieldOfAction.objects.filter(pk__in=data["fields"]).values_list("pk", flat=True))
    field_ids = [f for f in data["fields"] if f in known]
    if not field_ids:
        raise ValidationError(INQUIRY_INCOMPLETE.format(steps=FieldOfAction._meta.verbose_name_plural))
    case = case_create(
        title=data["title"],
        description=data.get("description", ""),
        field_of_action_id=field_ids[0],
        lead=lead,
        partners=partners,
        actor=actor,
        submitted=True,
        stage=data["stage"],
        other_partners=data.get("other_partners", ""),
        checklist=data.get("checklist", {}),
    )
    if len(field_ids) > 1:
        case.further_fields.set(field_ids[1:])
    for att in data.get("attachments", []):
        # The file was checked and stored under a server-made name when it was uploaded.
        Document.objects.create(
            cooperation=case,
            file=att["name"],
            original_name=att["original_name"],
            content_type=att["content_type"],
            size=att["size"],
            uploaded_by=actor,
        )
    locked.cooperation = case
    locked.save(update_fields=["cooperation", "updated_at"])
    send_templated_mail("inquiry_submitted", [actor.email], {"case": case})
    send_templated_mail("inquiry_notice", kikz_recipients(), {"case": case, "partners": partners})
    return case


def _municipal_recipients(case: Cooperation) -> list[str]:
    from contacts.models import Membership

    municipalities = case.participations.values("municipality_id")
    emails = Membership.objects.confirmed().filter(
        Q(municipality_id__in=municipalities) | Q(municipality_id=case.lead_municipality_id),
        user__is_active=True,
    )
    return sorted({*emails.values_list("user__email", flat=True)})


@transaction.atomic
def message_send(*, case: Cooperation, author: User, body: str) -> Message:
    """A message between the municipality and the KIKZ; the other side gets a mail
    without the text (it may hold personal data), only a link."""
    from django.conf import settings

    from accounts.permissions import is_case_staff
    from accounts.selectors import kikz_recipients
    from core.emails import send_templated_mail

    body = body.strip()
    if not body:
        raise ValidationError({"body": MESSAGE_EMPTY})
    if len(body) > MESSAGE_LIMIT:
        raise ValidationError({"body": MESSAGE_TOO_LONG.format(limit=MESSAGE_LIMIT, length=len(body))})
    from_municipality = not is_case_staff(author)
    message = Message.objects.create(
        cooperation=case, author=author, from_municipality=from_municipality, body=body
    )
    site = settings.SITE_URL.rstrip("/")
    if from_municipality:
        to = [case.adviser.email] if case.adviser_id and case.adviser else kikz_recipients()
        link = f"{site}/admin/cooperations/cooperation/{case.pk}/change/"
    else:
        to = _municipal_recipients(case)
        link = site + reverse("cooperations:case-detail", args=[case.pk]) + "#nachrichten"
    to = [addr for addr in to if addr != author.email]
    send_templated_mail("message_new", to, {"case": case, "message": message, "link": link})
    return message


MESSAGE_DELETED = "Nachricht vom {date} ({side}) gelöscht."


@transaction.atomic
def message_delete(*, message: Message, actor: User | None) -> None:
    """A message removed in the back office (sent to the wrong case, personal data
    that does not belong there). The timeline of the case notes when and by whom;
    the text itself is gone."""
    side = "Kommune" if message.from_municipality else "KIKZ"
    when = timezone.localtime(message.created_at)
    CaseEvent.objects.create(
        cooperation_id=message.cooperation_id,
        actor=actor,
        kind=CaseEvent.Kind.NOTE,
        note=MESSAGE_DELETED.format(date=f"{when:%d.%m.%Y %H:%M}", side=side),
        visible_to_municipality=False,
    )
    message.delete()


def mark_replies_read(*, case: Cooperation, reader: User) -> int:
    """A municipal reader opened the case: the office's replies count as read. Staff
    reading a case change nothing (the municipality's unread marks stay)."""
    from accounts.permissions import is_case_staff

    if is_case_staff(reader):
        return 0
    return case.messages.filter(from_municipality=False, read_at__isnull=True).update(read_at=timezone.now())
