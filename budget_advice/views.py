"""Municipal staff ask for a budget consultation (Haushaltsberatung) and follow it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import acting_user, municipal_member_required

from . import selectors
from .forms import ConsultationRequestForm
from .services import consultation_request

REQUEST_SENT = "Ihre Anfrage ist eingegangen. Die Haushaltsberatung meldet sich bei Ihnen, um einen Termin zu vereinbaren."


@municipal_member_required
@require_http_methods(["GET", "POST"])
def request_consultation(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ConsultationRequestForm(request.POST, user=acting_user(request))
        if form.is_valid():
            try:
                consultation = consultation_request(
                    municipality=form.cleaned_data["municipality"],
                    earliest=form.cleaned_data["earliest"],
                    topics=form.topics_text(),
                    preferred_dates=form.cleaned_data["preferred_dates"].strip(),
                    actor=acting_user(request),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _(REQUEST_SENT))
                return redirect("budget_advice:detail", pk=consultation.pk)
    else:
        form = ConsultationRequestForm(user=acting_user(request))
        if len(form.fields["municipality"].queryset) == 1:  # type: ignore[attr-defined]
            form.initial["municipality"] = form.fields["municipality"].queryset[0].pk  # type: ignore[attr-defined]
    consultations = selectors.consultations_for_municipalities(request.municipality_ids)[:20]  # type: ignore[attr-defined]
    return render(request, "budget_advice/request.html", {"form": form, "consultations": consultations})


@municipal_member_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One consultation of the user's municipalities; another municipality's is a 404."""
    consultation = (
        selectors.consultations_for_municipalities(request.municipality_ids)  # type: ignore[attr-defined]
        .filter(pk=pk)
        .first()
    )
    if consultation is None:
        raise Http404(_("Haushaltsberatung nicht gefunden"))
    return render(request, "budget_advice/detail.html", {"consultation": consultation})
