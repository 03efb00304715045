"""Public pages of the events: list, event page with registration, the links from the
mails (confirm, cancel) and the calendar file. No login needed; a signed-in person
finds the form filled in."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.parse import parse_page
from core.spam import RATE_LIMITED, rate_limit_hit

from . import selectors, services
from .forms import RegistrationForm
from .ics import event_ics
from .models import Registration

PAGE_SIZE = 20
# Registrations per IP address and hour (a person registers a few colleagues at most).
REGISTRATION_LIMIT = 10
SESSION_KEY = "event_registration"


def event_list(request: HttpRequest) -> HttpResponse:
    past = request.GET.get("vergangene") == "1"
    page = Paginator(selectors.public_events(past=past), PAGE_SIZE).get_page(
        parse_page(request.GET.get("seite"))
    )
    return render(
        request, "events/list.html", {"page": page, "past": past, "query": "vergangene=1" if past else ""}
    )


def _initial(request: HttpRequest) -> dict[str, str]:
    user = request.user
    if not user.is_authenticated:
        return {}
    return {"name": user.get_full_name(), "email": user.email}  # type: ignore[union-attr]


@require_http_methods(["GET", "POST"])
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_public_event(pk)
    status = 200
    if request.method == "POST":
        form = RegistrationForm(request.POST)
        if form.is_valid():
            if form.is_spam():
                return redirect("events:registered", pk=event.pk)  # bots learn nothing
            if rate_limit_hit(request, "event-registration", limit=REGISTRATION_LIMIT):
                form.add_error(None, RATE_LIMITED)
                status = 429
            else:
                data = form.cleaned_data
                try:
                    registration = services.registration_create(
                        event=event,
                        name=data["name"],
                        email=data["email"],
                        organisation=data["organisation"],
                        role=data["role"],
                        accessibility_needs=data["accessibility_needs"],
                        user=request.user if request.user.is_authenticated else None,  # type: ignore[arg-type]
                    )
                except ValidationError as exc:
                    _add_errors(form, exc)
                    status = 422
                else:
                    request.session[SESSION_KEY] = registration.pk
                    return redirect("events:registered", pk=event.pk)
        else:
            status = 422
    else:
        form = RegistrationForm(initial=_initial(request))
    return render(
        request,
        "events/detail.html",
        {"event": event, "form": form, "seats_taken": selectors.seats_taken(event)},
        status=status,
    )


def _add_errors(form: RegistrationForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


def registered(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_public_event(pk)
    registration = Registration.objects.filter(pk=request.session.get(SESSION_KEY) or 0, event=event).first()
    return render(request, "events/registered.html", {"event": event, "registration": registration})


def _link_problem(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return render(request, "events/link_problem.html", {"problem": " ".join(exc.messages)}, status=400)


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    # GET only shows a button: mail scanners open links, and that must not confirm anything.
    try:
        registration = services.registration_from_token(token, services.CONFIRM)
        if request.method == "POST":
            registration, _ = services.registration_confirm(token=token)
    except ValidationError as exc:
        return _link_problem(request, exc)
    if request.method == "POST" or registration.status != Registration.Status.PENDING:
        position = (
            services.waiting_position(registration)
            if registration.status == Registration.Status.WAITING
            else None
        )
        return render(
            request,
            "events/confirmed.html",
            {"registration": registration, "event": registration.event, "position": position},
        )
    return render(request, "events/confirm.html", {"registration": registration, "event": registration.event})


@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    try:
        registration = services.registration_from_token(token, services.CANCEL)
        if registration.status == Registration.Status.CANCELLED:
            raise ValidationError(services.LINK_USED)
        if request.method == "POST":
            registration = services.registration_cancel_by_token(token=token)
            return render(
                request, "events/cancelled.html", {"registration": registration, "event": registration.event}
            )
    except ValidationError as exc:
        return _link_problem(request, exc)
    return render(request, "events/cancel.html", {"registration": registration, "event": registration.event})


def calendar_file(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_public_event(pk)
    response = HttpResponse(event_ics(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="veranstaltung-{event.pk}.ics"'
    return response
