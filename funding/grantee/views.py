"""The lead municipality's pages for a grant: request a payment, submit the proof of
use. Both under the case (/vorgaenge/<id>/foerderungen/<grant>/…): the case through
get_case_for_user (404 for another municipality's), the grant through grant_for_lead
(a partner municipality sees the grant on the case page but may not act: 403)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import acting_user, municipal_member_required
from cooperations.selectors import get_case_for_user

from . import selectors, services
from .forms import PaymentRequestForm, ProofOfUseForm

REQUEST_SENT = (
    "Ihr Mittelabruf über {amount} ist eingegangen. Sie erhalten eine E-Mail, sobald entschieden ist."
)
PROOF_SENT = "Ihr Verwendungsnachweis ist eingegangen. Sie erhalten eine E-Mail, sobald er geprüft ist."


def _add_errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@municipal_member_required
@require_http_methods(["GET", "POST"])
def payment_request(request: HttpRequest, pk: int, grant_pk: int) -> HttpResponse:
    case = get_case_for_user(acting_user(request), pk, request=request)
    grant = selectors.grant_for_lead(request, case, grant_pk)
    paid, pending, available = services.grant_money(grant)
    form = PaymentRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.payment_request_submit(
                grant=grant,
                amount=form.cleaned_data["amount"],
                purpose=form.cleaned_data["purpose"],
                uploads=form.cleaned_data["attachments"],
                actor=acting_user(request),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
            paid, pending, available = services.grant_money(grant)
        else:
            from backoffice.money import euro_text

            messages.success(request, _(REQUEST_SENT).format(amount=euro_text(created.amount)))
            return redirect(reverse("cooperations:case-detail", args=[case.pk]) + "#foerderung")
    return render(
        request,
        "funding/grantee/payment_request.html",
        {
            "case": case,
            "grant": grant,
            "form": form,
            "paid": paid,
            "pending": pending,
            "available": available,
        },
        status=422 if form.errors else 200,
    )


@municipal_member_required
@require_http_methods(["GET", "POST"])
def proof_of_use(request: HttpRequest, pk: int, grant_pk: int) -> HttpResponse:
    case = get_case_for_user(acting_user(request), pk, request=request)
    grant = selectors.grant_for_lead(request, case, grant_pk)
    form = ProofOfUseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proof_of_use_submit(
                grant=grant,
                report=form.cleaned_data["report"],
                total_costs=form.cleaned_data["total_costs"],
                grant_used=form.cleaned_data["grant_used"],
                uploads=form.cleaned_data["attachments"],
                actor=acting_user(request),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _(PROOF_SENT))
            return redirect(reverse("cooperations:case-detail", args=[case.pk]) + "#foerderung")
    return render(
        request,
        "funding/grantee/proof_of_use.html",
        {"case": case, "grant": grant, "form": form},
        status=422 if form.errors else 200,
    )
