"""The adviser's side of payment requests and proofs of use: a list each (the queue,
open ones first), the read-only record with its history, and the decision page –
approve (a payment request is booked through funding.services) or return with a
reason. Only the services write; the municipality is mailed after the commit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from accounts.access import acting_user
from backoffice.admins import AuditedAdmin
from backoffice.money import euro_text
from cooperations.admin.rows import download_url

from ..models import ClaimStatus, PaymentRequest, ProofOfUse
from . import services

APPROVED_REQUEST = (
    "Der Mittelabruf ist angenommen; {amount} sind als Auszahlung gebucht. Die Kommune erhält eine E-Mail."
)
APPROVED_PROOF = (
    "Der Verwendungsnachweis ist angenommen; die Förderung ist abgeschlossen. Die Kommune erhält eine E-Mail."
)
RETURNED = "Zurückgegeben. Die Kommune erhält eine E-Mail mit Ihrem Grund."
DECISION_MISSING = "Bitte wählen Sie: annehmen oder zurückgeben."


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Entscheidung"),
        choices=[("annehmen", "annehmen"), ("zurueckgeben", "zurückgeben")],
        widget=forms.RadioSelect,
        error_messages={"required": DECISION_MISSING},
    )
    paid_on = forms.DateField(
        label=_("Auszahlung am"),
        required=False,
        input_formats=["%d.%m.%Y", "%Y-%m-%d"],
        help_text=_("Nur beim Annehmen eines Mittelabrufs: das Datum der Auszahlung (TT.MM.JJJJ)."),
        error_messages={"invalid": "Bitte ein Datum wie 31.12.2026 angeben."},
    )
    reason = forms.CharField(
        label=_("Grund der Rückgabe"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Beim Zurückgeben: was die Kommune ändern oder nachreichen soll (geht ihr per E-Mail zu)."
        ),
    )

    def __init__(self, *args: Any, with_date: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_date:
            del self.fields["paid_on"]
        else:
            self.fields["paid_on"].widget.format = "%d.%m.%Y"  # type: ignore[attr-defined]


def attachment_links(claim: PaymentRequest | ProofOfUse) -> str:
    documents = claim.documents.all()
    if not documents:
        return "–"
    return format_html(
        "<ul>{}</ul>",
        format_html_join(
            "", '<li><a href="{}">{}</a></li>', ((download_url(d), d.original_name) for d in documents)
        ),
    )


class ClaimAdmin(AuditedAdmin):
    """Read-only records (the services write them); decided on the decision page."""

    list_filter = ["status"]
    list_select_related = ["grant__cooperation", "submitted_by"]
    search_fields = ["grant__file_number", "grant__cooperation__reference", "grant__cooperation__title"]
    show_full_result_count = False
    kind = ""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("Vorgang"), ordering="grant__cooperation__reference")
    def case(self, obj: Any) -> str:
        case = obj.grant.cooperation
        return format_html(
            '<a href="{}">{}</a> {}',
            reverse("admin:cooperations_cooperation_change", args=[case.pk]),
            case.reference,
            case.title,
        )

    @admin.display(description=_("Anhänge"))
    def attachments(self, obj: Any) -> str:
        return attachment_links(obj)

    @admin.display(description=_("Entscheidung"))
    def decide_link(self, obj: Any) -> str:
        if obj.status != ClaimStatus.SUBMITTED:
            return obj.get_status_display()
        url = reverse(f"admin:funding_{self.opts.model_name}_decide", args=[obj.pk])
        return format_html('<a href="{}">prüfen und entscheiden</a>', url)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.decide_view)
        name = f"funding_{self.opts.model_name}_decide"
        return [path("<path:object_id>/entscheiden/", view, name=name), *super().get_urls()]

    def decide(self, request: HttpRequest, claim: Any, form: DecisionForm) -> str:
        raise NotImplementedError

    def decide_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        claim = self.get_object(request, object_id)
        if claim is None:
            raise Http404(_("Nicht gefunden."))
        if not request.user.has_perm(f"funding.change_{self.opts.model_name}"):
            raise PermissionDenied
        is_request = isinstance(claim, PaymentRequest)
        form = DecisionForm(
            request.POST or None,
            with_date=is_request,
            initial={"paid_on": timezone.localdate()} if is_request else None,
        )
        if request.method == "POST" and form.is_valid():
            try:
                message = self.decide(request, claim, form)
            except ValidationError as exc:
                for field, errors in (
                    exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
                ):
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, message)
                return HttpResponseRedirect(reverse("admin:funding_grant_change", args=[claim.grant_id]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"{self.kind} prüfen: {claim.grant.cooperation.reference}",
            "claim": claim,
            "grant": claim.grant,
            "case": claim.grant.cooperation,
            "attachments": attachment_links(claim),
            "money": services.grant_money(claim.grant),
            "form": form,
        }
        return TemplateResponse(
            request, "admin/funding/grantee/decide.html", context, status=422 if form.errors else 200
        )


@admin.register(PaymentRequest)
class PaymentRequestAdmin(ClaimAdmin):
    kind = "Mittelabruf"
    list_display = ["created_at", "case", "amount_display", "submitted_by", "decide_link"]
    fields = [
        "grant",
        "amount_display",
        "purpose",
        "attachments",
        "status",
        "submitted_by",
        "decided_by",
        "decided_at",
        "return_reason",
        "disbursement",
    ]
    readonly_fields = ["amount_display", "attachments"]

    @admin.display(description=_("Betrag"), ordering="amount")
    def amount_display(self, obj: PaymentRequest) -> str:
        return euro_text(obj.amount)

    def decide(self, request: HttpRequest, claim: PaymentRequest, form: DecisionForm) -> str:
        if form.cleaned_data["decision"] == "annehmen":
            services.payment_request_approve(
                payment_request=claim, actor=acting_user(request), paid_on=form.cleaned_data.get("paid_on")
            )
            return APPROVED_REQUEST.format(amount=euro_text(claim.amount))
        services.payment_request_return(
            payment_request=claim, actor=acting_user(request), reason=form.cleaned_data["reason"]
        )
        return RETURNED


@admin.register(ProofOfUse)
class ProofOfUseAdmin(ClaimAdmin):
    kind = "Verwendungsnachweis"
    list_display = ["created_at", "case", "grant_used_display", "submitted_by", "decide_link"]
    fields = [
        "grant",
        "report",
        "total_display",
        "grant_used_display",
        "attachments",
        "status",
        "submitted_by",
        "decided_by",
        "decided_at",
        "return_reason",
    ]
    readonly_fields = ["total_display", "grant_used_display", "attachments"]

    @admin.display(description=_("Gesamtausgaben"), ordering="total_costs")
    def total_display(self, obj: ProofOfUse) -> str:
        return euro_text(obj.total_costs)

    @admin.display(description=_("davon aus der Zuwendung"), ordering="grant_used")
    def grant_used_display(self, obj: ProofOfUse) -> str:
        return euro_text(obj.grant_used)

    def decide(self, request: HttpRequest, claim: ProofOfUse, form: DecisionForm) -> str:
        if form.cleaned_data["decision"] == "annehmen":
            services.proof_of_use_accept(proof=claim, actor=acting_user(request))
            return APPROVED_PROOF
        services.proof_of_use_return(
            proof=claim, actor=acting_user(request), reason=form.cleaned_data["reason"]
        )
        return RETURNED


def grant_claims_html(queryset: QuerySet[PaymentRequest] | Any, proofs: Any) -> str:
    """The grant page's overview: every request and proof with its state and, while
    open, the link to decide it."""
    rows = []
    for r in queryset:
        link = (
            format_html(
                ' – <a href="{}">prüfen und entscheiden</a>',
                reverse("admin:funding_paymentrequest_decide", args=[r.pk]),
            )
            if r.status == ClaimStatus.SUBMITTED
            else ""
        )
        rows.append(
            format_html(
                "<li>Mittelabruf vom {} über {}: {}{}</li>",
                timezone.localtime(r.created_at).strftime("%d.%m.%Y"),
                euro_text(r.amount),
                r.get_status_display(),
                link,
            )
        )
    for p in proofs:
        link = (
            format_html(
                ' – <a href="{}">prüfen und entscheiden</a>',
                reverse("admin:funding_proofofuse_decide", args=[p.pk]),
            )
            if p.status == ClaimStatus.SUBMITTED
            else ""
        )
        rows.append(
            format_html(
                "<li>Verwendungsnachweis vom {}: {}{}</li>",
                timezone.localtime(p.created_at).strftime("%d.%m.%Y"),
                p.get_status_display(),
                link,
            )
        )
    if not rows:
        return "Die Kommune hat noch keine Mittel abgerufen und keinen Verwendungsnachweis eingereicht."
    return format_html("<ul>{}</ul>", format_html_join("", "{}", ((r,) for r in rows)))
