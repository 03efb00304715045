"""Public pages of the knowledge base (no login) and the self-check."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import acting_user, municipal_member_required
from accounts.permissions import confirmed_municipality_ids
from cooperations.drafts import draft_create
from cooperations.forms import checklist_answers, confirmed_municipalities
from cooperations.models import Cooperation, FieldOfAction
from core.parse import parse_page

from . import selectors
from .filters import EntryFilter
from .forms import SelfCheckForm
from .services import entry_record_download

PAGE_SIZE = 20
SESSION_KEY = "knowledge_selfcheck"
DRAFT_MADE = "Ihre Antworten aus dem Selbstcheck sind in einen neuen Anfrage-Entwurf übernommen. Prüfen Sie jeden Schritt."
NO_SELFCHECK = "Beantworten Sie zuerst die Fragen des Selbstchecks."


def entry_list(request: HttpRequest) -> HttpResponse:
    filterset = EntryFilter(request.GET or None, queryset=selectors.public_entries())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(parse_page(request.GET.get("seite")))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "knowledge/list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "checklist": selectors.full_checklist(),
        },
    )


def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.get_public_entry(pk)
    newest = selectors.newest_version(entry) if entry.superseded_by_id else None
    return render(
        request,
        "knowledge/detail.html",
        {"entry": entry, "newest": newest, "older": entry.older_versions.published().order_by("-valid_from")},
    )


def entry_download(request: HttpRequest, pk: int) -> FileResponse:
    entry = selectors.get_public_entry(pk)
    if not entry.file:
        raise Http404
    entry_record_download(entry=entry)
    response = FileResponse(entry.file.open("rb"), as_attachment=True, filename=entry.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the self-check ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def selfcheck(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SelfCheckForm(request.POST)
        if form.is_valid():
            request.session[SESSION_KEY] = form.to_data()["checklist"]
            return redirect("knowledge:selfcheck-result")
    else:
        form = SelfCheckForm(initial=request.session.get(SESSION_KEY) or None)
    return render(
        request, "knowledge/selfcheck.html", {"form": form, "checklist": selectors.full_checklist()}
    )


def selfcheck_result(request: HttpRequest) -> HttpResponse:
    checklist: dict[str, Any] | None = request.session.get(SESSION_KEY)
    if not checklist:
        messages.info(request, _(NO_SELFCHECK))
        return redirect("knowledge:selfcheck")
    field_ids = [pk for pk in checklist.get("q1_fields", []) if isinstance(pk, int)]
    names = dict(FieldOfAction.objects.filter(pk__in=field_ids).values_list("pk", "name"))
    examples = (
        Cooperation.objects.published()
        .filter(field_of_action_id__in=field_ids)
        .select_related("lead_municipality", "field_of_action")
        .order_by("-started_on", "-created_at")[:5]
    )
    guides = selectors.public_entries().filter(fields_of_action__in=field_ids).distinct()[:6]
    return render(
        request,
        "knowledge/selfcheck_result.html",
        {
            "rows": checklist_answers(checklist, names),
            "examples": examples,
            "guides": guides,
            "can_turn_into_inquiry": bool(confirmed_municipality_ids(request.user)),
            "login_url": reverse("account_login") + "?next=" + reverse("knowledge:selfcheck-result"),
        },
    )


@require_POST
@municipal_member_required
def selfcheck_to_inquiry(request: HttpRequest) -> HttpResponse:
    checklist = request.session.get(SESSION_KEY)
    if not checklist:
        messages.info(request, _(NO_SELFCHECK))
        return redirect("knowledge:selfcheck")
    user = acting_user(request)
    draft = draft_create(
        user=user,
        own_municipalities=list(confirmed_municipalities(user).values_list("pk", flat=True)[:2]),
        prefill={"checklist": checklist, "fields": checklist.get("q1_fields", [])},
    )
    messages.success(request, _(DRAFT_MADE))
    return redirect("cooperations:inquiry-step", token=draft.token, step="kommune")
