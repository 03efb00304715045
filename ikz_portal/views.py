from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from accounts.selectors import kikz_recipients
from contacts.models import Person
from core.emails import send_templated_mail
from core.public_forms import AccessibilityFeedbackForm
from core.spam import RATE_LIMITED, rate_limit_hit

# Feedback messages per IP address and hour before the form refuses.
FEEDBACK_LIMIT = 5
# How many contact people the start page shows (the rest: /ansprechpartner/).
HOME_CONTACTS = 4
FEEDBACK_SENT = "Vielen Dank. Ihre Rückmeldung ist bei uns angekommen."


def _public_people() -> QuerySet[Person]:
    return Person.objects.public().select_related("organisation", "municipality").order_by("last_name", "pk")


def home(request: HttpRequest) -> HttpResponse:
    people = list(_public_people()[: HOME_CONTACTS + 1])
    return render(
        request,
        "home.html",
        {
            "people": people[:HOME_CONTACTS],
            "more_people": len(people) > HOME_CONTACTS,
            "operator": settings.IKZ_OPERATOR,
        },
    )


def contacts_public(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/contacts.html", {"people": _public_people()})


@require_http_methods(["GET", "POST"])
def accessibility(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = AccessibilityFeedbackForm(request.POST)
        if form.is_valid():
            if form.is_spam():
                messages.success(request, _(FEEDBACK_SENT))
                return redirect("accessibility")
            if rate_limit_hit(request, "accessibility-feedback", limit=FEEDBACK_LIMIT):
                form.add_error(None, RATE_LIMITED)
                status = 429
            else:
                feedback = {key: form.cleaned_data[key] for key in ("message", "page", "name", "email")}
                recipients = [settings.IKZ_OPERATOR["email"], *kikz_recipients()]
                send_templated_mail("accessibility_feedback", recipients, {"feedback": feedback})
                messages.success(request, _(FEEDBACK_SENT))
                return redirect("accessibility")  # the thank-you message sits at the top
    else:
        form = AccessibilityFeedbackForm(initial={"page": request.GET.get("seite", "")[:300]})
    return render(
        request,
        "pages/accessibility.html",
        {"form": form, "operator": settings.IKZ_OPERATOR},
        status=status,
    )


def imprint(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/imprint.html", {"operator": settings.IKZ_OPERATOR})


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html", {"operator": settings.IKZ_OPERATOR})


@require_safe
@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request: HttpRequest) -> FileResponse:
    """/favicon.ico, which browsers ask for on every site whatever the page links
    (public, like the static files it comes from)."""
    path = finders.find("img/favicon.ico")
    if not isinstance(path, str):
        raise Http404(_("favicon.ico fehlt"))
    return FileResponse(open(path, "rb"), content_type="image/x-icon")
