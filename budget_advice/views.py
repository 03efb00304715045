"""Municipal staff ask for a budget consultation (Haushaltsberatung)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import roles
from accounts.access import acting_user, municipal_member_required
from accounts.models import User
from ikz_portal.emails import send_templated_mail

from .forms import ConsultationRequestForm
from .models import Consultation
from .services import consultation_create

REQUEST_SENT = "Ihre Anfrage ist eingegangen. Die Haushaltsberatung meldet sich bei Ihnen, um einen Termin zu vereinbaren."


@municipal_member_required
@require_http_methods(["GET", "POST"])
def request_consultation(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ConsultationRequestForm(request.POST, user=acting_user(request))
        if form.is_valid():
            try:
                consultation = consultation_create(
                    municipality=form.cleaned_data["municipality"],
                    date=form.cleaned_data["earliest"],
                    actor=acting_user(request),
                    status=Consultation.Status.REQUESTED,
                    topics=form.topics_text(),
                    preferred_dates=form.cleaned_data["preferred_dates"].strip(),
                    requested_by=acting_user(request),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                advisers = User.objects.filter(is_active=True, groups__name=roles.BUDGET).values_list(
                    "email", flat=True
                )
                send_templated_mail("consultation_requested", advisers, {"consultation": consultation})
                messages.success(request, _(REQUEST_SENT))
                return redirect("budget_advice:request")
    else:
        form = ConsultationRequestForm(user=acting_user(request))
        if len(form.fields["municipality"].queryset) == 1:  # type: ignore[attr-defined]
            form.initial["municipality"] = form.fields["municipality"].queryset[0].pk  # type: ignore[attr-defined]
    requests = (
        Consultation.objects.filter(municipality_id__in=request.municipality_ids)  # type: ignore[attr-defined]
        .select_related("municipality")
        .order_by("-created_at")[:20]
    )
    return render(request, "budget_advice/request.html", {"form": form, "consultations": requests})
