"""The advisers' start page and the Eingang (triage queue): what needs doing today and
the new work, oldest first, each block for those whose role handles it. The views
run inside the admin site (`BackOfficeSite.add_desk`), so the login, the second
factor and the admin's look apply; the case pages they link to are the case admin's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from accounts.access import acting_user
from agreements.selectors import dashboard as agreements_dashboard
from budget_advice.models import Consultation, Meeting
from budget_advice.selectors import overdue_planned_consultations
from contacts import services as contacts_services
from contacts.models import Membership
from cooperations import selectors as case_selectors
from cooperations import services as case_services
from cooperations.admin.case import ANSWER_SENT
from cooperations.admin.forms import MessageForm
from cooperations.models import Cooperation, Status
from core.redirects import redirect_next
from dossier.selectors import desk_dossier_exports
from funding import services as funding_services
from funding.grantee import selectors as grantee_selectors
from funding.models import FunderQuestion, Grant
from reports.statistics import data_state
from savings.selectors import desk_savings

from .forms import MergeForm, QuestionAnswerForm

DASHBOARD_LIMIT = 10
QUEUE_LIMIT = 100
TAKEN_OVER = "Sie bearbeiten jetzt {what}."
MERGED = "Die Anfrage {duplicate} wurde in {into} übernommen."
MEMBERSHIP_CONFIRMED = "{user} handelt jetzt für {municipality}. Die Person erhält eine E-Mail."
MEMBERSHIP_REJECTED = (
    "Die Anfrage von {user} für {municipality} ist abgelehnt. Die Person erhält eine E-Mail."
)
MEMBERSHIP_DECIDED = "Über diese Anfrage wurde schon entschieden."


def _membership_requests() -> Any:
    return (
        Membership.objects.filter(status=Membership.Status.REQUESTED)
        .select_related("user", "municipality")
        .order_by("created_at", "pk")
    )


def _month_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    first = today.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return first, nxt


def start_page(request: HttpRequest) -> dict[str, Any]:
    """The adviser's start page: what needs doing today, for what the user may see.
    Each block is one bounded query (lists are cut at DASHBOARD_LIMIT)."""
    user = request.user
    today = timezone.localdate()
    data: dict[str, Any] = {"today": today}
    if user.has_perm("cooperations.view_cooperation"):
        open_cases = Cooperation.objects.open().select_related("lead_municipality")
        mine = open_cases.filter(adviser=acting_user(request)).order_by("next_step_due", "reference")
        data["my_cases"] = list(mine[:DASHBOARD_LIMIT])
        data["my_cases_count"] = mine.count()
        data["overdue"] = list(
            open_cases.filter(next_step_due__lt=today)
            .select_related("adviser")
            .order_by("next_step_due")[:DASHBOARD_LIMIT]
        )
        data["new_inquiries"] = Cooperation.objects.filter(
            status=Status.RECEIVED, adviser__isnull=True
        ).count()
        # Reports due and overdue (issue 16), counted over every monitored case: cached
        # under the data state of the change counter (one short query), never by time.
        data["savings"] = desk_savings(today=today, state=data_state())
    if user.has_perm("contacts.change_membership"):
        requests = _membership_requests()
        data["membership_requests"] = list(requests[:DASHBOARD_LIMIT])
        data["membership_requests_count"] = requests.count()
    if user.has_perm("funding.view_funderquestion"):
        data["new_questions"] = FunderQuestion.objects.filter(status=FunderQuestion.Status.NEW).count()
    if user.has_perm("funding.view_grant"):
        data["proof_overdue"] = list(
            Grant.objects.filter(
                status__in=[Grant.Status.APPROVED, Grant.Status.PAID],
                proof_of_use_due__lt=today,
                proof_of_use_received_on__isnull=True,
            )
            .select_related("cooperation")
            .order_by("proof_of_use_due")[:DASHBOARD_LIMIT]
        )
    data |= grantee_selectors.desk_entries(
        acting_user(request)
    )  # payment requests and proofs of use to decide
    if user.has_perm("budget_advice.view_consultation"):
        first, nxt = _month_bounds(today)
        data["meetings_this_month"] = list(
            Meeting.objects.filter(date__gte=first, date__lt=nxt)
            .select_related("consultation__municipality")
            .order_by("date")[:DASHBOARD_LIMIT]
        )
        data["consultations_this_month"] = (
            Consultation.objects.filter(date__gte=first, date__lt=nxt).exclude(
                status=Consultation.Status.CANCELLED
            )
        ).count()
        data["consultation_requests"] = Consultation.objects.filter(
            status=Consultation.Status.REQUESTED
        ).count()
        # Planned consultations whose day has passed: not counted as held until updated.
        overdue_planned = overdue_planned_consultations(today=today)
        data["overdue_planned"] = list(overdue_planned[:DASHBOARD_LIMIT])
        data["overdue_planned_count"] = overdue_planned.count()
    data |= agreements_dashboard(user)  # type: ignore[arg-type]
    data["dossier_exports"] = desk_dossier_exports(user)  # issue 16, part 3
    return data


def _case_admin() -> Any:
    return admin.site.get_model_admin(Cooperation)


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> TemplateResponse:
    return _case_admin().render_page(request, template, context, status=status)


def triage(request: HttpRequest) -> HttpResponse:
    """New work, oldest first: cooperation inquiries, Förderlotse questions, payment
    requests and proofs of use, budget consultation requests and access requests, each
    for those whose role handles it."""
    user = request.user
    case_admin = _case_admin()
    sees_cases = case_admin.has_view_permission(request)
    sees_consultations = user.has_perm("budget_advice.change_consultation")
    sees_memberships = user.has_perm("contacts.change_membership")
    if not (sees_cases or sees_consultations or sees_memberships):
        raise PermissionDenied
    questions = (
        FunderQuestion.objects.filter(
            status__in=[FunderQuestion.Status.NEW, FunderQuestion.Status.IN_PROGRESS]
        )
        .select_related("area", "assigned_to")
        .order_by("created_at", "pk")[:QUEUE_LIMIT]
        if user.has_perm("funding.view_funderquestion")
        else None
    )
    consultations = (
        Consultation.objects.filter(status=Consultation.Status.REQUESTED)
        .select_related("municipality", "requested_by")
        .order_by("created_at", "pk")[:QUEUE_LIMIT]
        if sees_consultations
        else None
    )
    return _render(
        request,
        "admin/cooperations/cooperation/triage.html",
        {
            "title": "Eingang: neue Anfragen und Fragen",
            "inquiries": case_selectors.unassigned_inquiries(QUEUE_LIMIT) if sees_cases else None,
            "questions": questions,
            "claims": (
                grantee_selectors.queue(QUEUE_LIMIT)
                if grantee_selectors.may_decide(acting_user(request))
                else None
            ),
            "consultations": consultations,
            "memberships": list(_membership_requests()[:QUEUE_LIMIT]) if sees_memberships else None,
            "can_change": case_admin.has_change_permission(request),
            "message_form": MessageForm(),
        },
    )


def take_over(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseRedirect(reverse("admin:cooperations_cooperation_triage"))
    case_admin = _case_admin()
    case = case_admin.case_for_change(request, pk)
    case_services.case_assign(case=case, adviser=acting_user(request), actor=acting_user(request))
    messages.success(request, TAKEN_OVER.format(what=case.reference))
    return redirect_next(request, case_admin.change_url(case))


def membership_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm or reject a request to act for a municipality, from the Eingang: the same
    services as the membership list's actions (mail to the person after commit)."""
    back = reverse("admin:cooperations_cooperation_triage")
    if request.method != "POST":
        return HttpResponseRedirect(back)
    if not request.user.has_perm("contacts.change_membership"):
        raise PermissionDenied
    membership = get_object_or_404(Membership.objects.select_related("user", "municipality"), pk=pk)
    if membership.status != Membership.Status.REQUESTED:
        messages.info(request, MEMBERSHIP_DECIDED)
        return redirect_next(request, back)
    names = {
        "user": membership.user.get_full_name() or membership.user.email,
        "municipality": membership.municipality.name,
    }
    if request.POST.get("entscheidung") == "bestaetigen":
        contacts_services.membership_confirm(membership=membership, actor=acting_user(request))
        messages.success(request, MEMBERSHIP_CONFIRMED.format(**names))
    elif request.POST.get("entscheidung") == "ablehnen":
        contacts_services.membership_reject(
            membership=membership, actor=acting_user(request), reason=request.POST.get("grund", "")[:1000]
        )
        messages.success(request, MEMBERSHIP_REJECTED.format(**names))
    return redirect_next(request, back)


def merge(request: HttpRequest, pk: int) -> HttpResponse:
    case_admin = _case_admin()
    duplicate = case_admin.case_for_change(request, pk)
    candidates = case_selectors.merge_candidates(duplicate)
    candidate_qs = Cooperation.objects.filter(pk__in=[c.pk for c in candidates])
    form = MergeForm(request.POST or None, candidates=candidate_qs)
    if request.method == "POST" and form.is_valid():
        into = form.cleaned_data["into"]
        try:
            case_services.case_merge(duplicate=duplicate, into=into, actor=acting_user(request))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, MERGED.format(duplicate=duplicate.reference, into=into.reference))
            return HttpResponseRedirect(case_admin.change_url(into))
    return _render(
        request,
        "admin/cooperations/cooperation/merge.html",
        {
            "title": f"Doppelte Anfrage {duplicate.reference} zusammenführen",
            "case": duplicate,
            "form": form,
            "candidates": candidates,
        },
        status=422 if form.errors else 200,
    )


def question(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(FunderQuestion.objects.select_related("area"), pk=pk)
    if not request.user.has_perm("funding.change_funderquestion"):
        raise PermissionDenied
    form = QuestionAnswerForm(request.POST or None, initial={"answer": found.answer})
    if request.method == "POST" and "take_over" in request.POST:
        funding_services.question_take_over(question=found, actor=acting_user(request))
        messages.success(request, TAKEN_OVER.format(what=f"die Frage von {found.name}"))
        return HttpResponseRedirect(reverse("admin:cooperations_cooperation_question", args=[pk]))
    if request.method == "POST" and form.is_valid():
        try:
            funding_services.question_answer(
                question=found,
                answer=form.cleaned_data["answer"],
                referred_office=form.cleaned_data["referred_office"],
                actor=acting_user(request),
            )
        except ValidationError as exc:  # empty, or answered meanwhile by someone else
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, ANSWER_SENT.format(to=found.email))
            return HttpResponseRedirect(reverse("admin:cooperations_cooperation_triage"))
    return _render(
        request,
        "admin/cooperations/cooperation/question.html",
        {"title": f"Frage an den Förderlotsen von {found.name}", "question": found, "form": form},
        status=422 if form.errors else 200,
    )


def urls(site: AdminSite) -> list[Any]:
    """The Eingang under the case list's path, with the names it always had."""
    wrap = site.admin_view
    base = "cooperations/cooperation/eingang/"
    return [
        path(base, wrap(triage), name="cooperations_cooperation_triage"),
        path(f"{base}<int:pk>/uebernehmen/", wrap(take_over), name="cooperations_cooperation_take_over"),
        path(f"{base}<int:pk>/zusammenfuehren/", wrap(merge), name="cooperations_cooperation_merge"),
        path(f"{base}frage/<int:pk>/", wrap(question), name="cooperations_cooperation_question"),
        path(f"{base}zugang/<int:pk>/", wrap(membership_decide), name="cooperations_cooperation_membership"),
    ]
