"""Reads of cases. Permission-scoped reads of the municipal portal: `get_case_for_user` is the one
access helper for the case page, the download and the message post: another
municipality's case answers 404, so its existence does not leak (ASVS 8.2.2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_access_denied
from accounts.permissions import is_case_staff

from .models import FINAL_STATES, CaseEvent, Cooperation, Document, Message, Participation, Status

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def cases_for_user(user: User | AnonymousUser) -> QuerySet[Cooperation]:
    return Cooperation.objects.visible_to(user)  # type: ignore[arg-type]


def case_list(user: User | AnonymousUser) -> QuerySet[Cooperation]:
    return (
        cases_for_user(user)
        .select_related("lead_municipality", "field_of_action")
        # Replies of the KIKZ the municipality has not opened yet (one subquery, not N).
        .annotate(
            unread=Count(
                "messages", filter=Q(messages__from_municipality=False, messages__read_at__isnull=True)
            )
        )
        .order_by("-created_at", "-pk")
    )


def get_case_for_user(
    user: User | AnonymousUser, pk: int, *, request: HttpRequest | None = None
) -> Cooperation:
    """The case if the user may see it, else 404 – for a case that exists recorded
    as a permission denial in the security audit (with the request: IP and path)."""
    try:
        return (
            cases_for_user(user).select_related("lead_municipality", "field_of_action", "adviser").get(pk=pk)
        )
    except Cooperation.DoesNotExist:
        if request is not None and Cooperation.objects.filter(pk=pk).exists():
            audit_access_denied(request, "case", case_id=pk)
        raise Http404(_("Vorgang nicht gefunden")) from None


def case_timeline(user: User | AnonymousUser, case: Cooperation) -> QuerySet[CaseEvent]:
    events = case.events.order_by("created_at", "pk")
    if not is_case_staff(user):  # type: ignore[arg-type]
        events = events.filter(visible_to_municipality=True)
    return events


def case_messages(case: Cooperation) -> QuerySet[Message]:
    return case.messages.select_related("author").order_by("created_at", "pk")


def case_documents(user: User | AnonymousUser, case: Cooperation) -> QuerySet[Document]:
    documents = case.documents.select_related("uploaded_by").order_by("-created_at", "-pk")
    if not is_case_staff(user):  # type: ignore[arg-type]
        documents = documents.filter(visible_to_municipality=True)
    return documents


def get_document_for_user(
    user: User | AnonymousUser, case_pk: int, pk: int, *, request: HttpRequest | None = None
) -> Document:
    case = get_case_for_user(user, case_pk, request=request)
    try:
        return case_documents(user, case).get(pk=pk)
    except Document.DoesNotExist:
        raise Http404(_("Dokument nicht gefunden")) from None


# --- the back office's case list and Eingang -----------------------------------------


def unassigned_inquiries(limit: int = 100) -> QuerySet[Cooperation]:
    """New inquiries nobody has taken over, oldest first (the Eingang)."""
    return (
        Cooperation.objects.filter(status=Status.RECEIVED, adviser__isnull=True)
        .select_related("lead_municipality", "field_of_action", "submitted_by")
        # The further fields the wizard recorded, for all rows in one more query.
        .prefetch_related("further_fields")
        .annotate(n_messages=Count("messages"))
        .order_by(Coalesce("submitted_at", "created_at"), "pk")[:limit]
    )


def merge_candidates(duplicate: Cooperation, limit: int = 20) -> list[Cooperation]:
    """Open cases that share a municipality with an inquiry: where a duplicate belongs."""
    municipalities = duplicate.participations.values("municipality_id")
    return list(
        Cooperation.objects.exclude(pk=duplicate.pk)
        .exclude(status__in=FINAL_STATES)
        .filter(
            Q(lead_municipality_id__in=municipalities)
            | Exists(
                Participation.objects.filter(cooperation=OuterRef("pk"), municipality_id__in=municipalities)
            )
        )
        .select_related("lead_municipality")
        .order_by("-created_at")[:limit]
    )
