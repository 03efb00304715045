"""Förderlotse: the public programme catalogue and the question form (no login)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from core.parse import parse_id, parse_page
from core.spam import RATE_LIMITED, rate_limit_hit

from .filters import ProgrammeFilter
from .forms import FunderQuestionForm
from .models import Eligibility, FundingArea, Programme
from .services import funder_question_submit

PAGE_SIZE = 20
# Questions per IP address and hour before the form refuses (a person asks one or two).
QUESTION_LIMIT = 5


def _programmes() -> QuerySet[Programme]:
    return (
        Programme.objects.filter(is_active=True)
        .prefetch_related(
            Prefetch("eligible", queryset=Eligibility.objects.order_by("name")),
            Prefetch("areas", queryset=FundingArea.objects.order_by("name")),
        )
        .order_by("name", "pk")
    )


def programme_list(request: HttpRequest) -> HttpResponse:
    filterset = ProgrammeFilter(request.GET or None, queryset=_programmes())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(parse_page(request.GET.get("seite")))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "funding/programme_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(_programmes(), pk=pk)
    return render(request, "funding/programme_detail.html", {"programme": programme})


def _asked_about(request: HttpRequest) -> Programme | None:
    """The programme page the question form was opened from (?programm=<id>), kept in
    the form's hidden field so the question records it."""
    pk = parse_id(request.POST.get("programm") if request.method == "POST" else request.GET.get("programm"))
    if pk is None:
        return None
    return Programme.objects.filter(is_active=True, pk=pk).first()


@require_http_methods(["GET", "POST"])
def question(request: HttpRequest) -> HttpResponse:
    status = 200
    programme = _asked_about(request)
    if request.method == "POST":
        form = FunderQuestionForm(request.POST)
        if form.is_valid():
            if form.is_spam():
                # Bots get the same answer as people, so they learn nothing.
                return redirect("funding:question-sent")
            if rate_limit_hit(request, "funder-question", limit=QUESTION_LIMIT):
                form.add_error(None, RATE_LIMITED)
                status = 429
            else:
                data = form.cleaned_data
                funder_question_submit(
                    asker_kind=data["asker_kind"],
                    name=data["name"],
                    email=data["email"],
                    organisation_name=data["organisation_name"],
                    area=data["area"],
                    text=data["text"],
                    programme=programme,
                )
                request.session["funder_question_email"] = data["email"]
                return redirect("funding:question-sent")
    else:
        initial = {}
        if programme:
            initial["text"] = f"Frage zum Programm „{programme.name}“:\n"
        form = FunderQuestionForm(initial=initial)
    return render(request, "funding/question.html", {"form": form, "programme": programme}, status=status)


def question_sent(request: HttpRequest) -> HttpResponse:
    email = request.session.pop("funder_question_email", "")
    return render(request, "funding/question_sent.html", {"email": email})
