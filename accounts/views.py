"""My municipalities: ask to be confirmed for one or more municipalities and see
the state of each request."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contacts.models import Membership, Municipality
from contacts.services import membership_request
from cooperations.forms import search_municipalities
from core.parse import parse_ids

from .access import acting_user, only_search_errors
from .forms import MembershipRequestForm

REQUEST_SENT = "Ihre Anfrage ist bei der Beratung. Sie erhalten eine E-Mail, sobald sie entschieden ist."


def _options(
    form: MembershipRequestForm, results: list[Municipality], mine: set[int]
) -> list[dict[str, object]]:
    ticked = parse_ids(QueryDict.getlist(form.data, "municipalities")) if form.is_bound else []  # type: ignore[arg-type]
    chosen = {m.pk: m for m in Municipality.objects.filter(pk__in=ticked)}
    options: list[dict[str, object]] = []
    seen: set[int] = set()
    for pk in ticked:
        if pk in chosen and pk not in seen:
            seen.add(pk)
            options.append({"m": chosen[pk], "checked": True, "mine": pk in mine})
    for m in results:
        if m.pk not in seen:
            seen.add(m.pk)
            options.append({"m": m, "checked": False, "mine": m.pk in mine})
    for i, option in enumerate(options):
        option["id"] = f"id_municipalities_{i}"
    return options


@login_required
@require_http_methods(["GET", "POST"])
def memberships(request: HttpRequest) -> HttpResponse:
    existing = list(
        Membership.objects.filter(user=acting_user(request))
        .select_related("municipality")
        .order_by("municipality__name")
    )
    mine = {m.municipality_id for m in existing if m.status != Membership.Status.REJECTED}
    results: list[Municipality] = []
    action = request.POST.get("aktion", "")
    if request.method == "POST":
        form = MembershipRequestForm(request.POST)
        valid = form.is_valid()
        if action == "suchen":
            only_search_errors(form)
            if "q" not in form.errors:
                results, problem = search_municipalities(form.cleaned_data.get("q", ""))
                if problem:
                    form.add_error("q", problem)
        elif valid:
            try:
                membership_request(
                    user=acting_user(request),
                    municipalities=form.cleaned_data["municipalities"],
                    function=form.cleaned_data["function"].strip(),
                    note=form.cleaned_data["note"].strip(),
                )
            except ValidationError as exc:
                form.add_error("municipalities", exc)
            else:
                messages.success(request, _(REQUEST_SENT))
                return redirect("accounts:memberships")
    else:
        form = MembershipRequestForm()
    return render(
        request,
        "account/memberships.html",
        {
            "form": form,
            "memberships": existing,
            "options": _options(form, results, mine),
            "searched": action == "suchen",
            "has_confirmed": any(m.status == Membership.Status.CONFIRMED for m in existing),
        },
    )
