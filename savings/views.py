"""The municipality reports a year's savings from its case page (/vorgaenge/<id>/)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import acting_user, municipal_member_required
from backoffice.money import euro_text
from cooperations.selectors import get_case_for_user
from core.parse import parse_year

from . import services
from .forms import FILE_AGAIN, SavingsReportForm
from .selectors import case_savings

NOT_NOW = "Für diesen Vorgang können Sie derzeit keine Einsparungen melden; der Abschnitt „Einsparungen“ nennt den Grund."
SAVED = "Ihr Einsparbericht für {year} ist gespeichert: Einsparung {eur} ({pct} %)."
REPLACED = "Ihr Einsparbericht für {year} ist ersetzt: Einsparung {eur} ({pct} %). Der bisherige Stand bleibt im Verlauf."


def _initial(savings: Any, year: int | None) -> dict[str, Any]:
    """The year asked for (the reminder's link), else the next one due; a year already
    reported comes back with its figures and the replace box ticked."""
    year = year or savings.next_year or (savings.last_year if savings.reports else savings.first_year)
    initial: dict[str, Any] = {"year": year}
    reports = {r.year: r for r in savings.reports}
    earlier = savings.reports[-1] if savings.reports else None
    if earlier is not None:
        initial |= {"baseline_year": earlier.baseline_year, "baseline_costs": earlier.baseline_costs}
    elif savings.first_year:
        initial["baseline_year"] = savings.first_year - 1
    if (report := reports.get(year)) is not None:
        initial |= {
            "baseline_year": report.baseline_year,
            "baseline_costs": report.baseline_costs,
            "current_costs": report.current_costs,
            "explanation": report.explanation,
            "replace": True,
        }
    return initial


@municipal_member_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    case = get_case_for_user(user, pk, request=request)
    savings = case_savings(case, user=user)
    if savings is None or not savings.has_schedule or not savings.can_report:
        # Another partner of the case, or nothing to report yet: the case page says why.
        messages.info(request, _(NOT_NOW))
        return redirect(reverse("cooperations:case-detail", args=[case.pk]) + "#einsparungen")
    if request.method == "POST":
        form = SavingsReportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.savings_report_submit(
                    case=case,
                    year=data["year"],
                    baseline_year=data["baseline_year"],
                    baseline_costs=data["baseline_costs"],
                    current_costs=data["current_costs"],
                    explanation=data["explanation"],
                    attachment=data["attachment"],
                    replace=data["replace"],
                    actor=user,
                )
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                text = REPLACED if data["year"] in {r.year for r in savings.reports} else SAVED
                messages.success(
                    request,
                    _(text).format(
                        year=saved.year,
                        eur=euro_text(saved.savings_eur),
                        pct=f"{saved.savings_pct:.2f}".replace(".", ","),
                    ),
                )
                return redirect(reverse("cooperations:case-detail", args=[case.pk]) + "#einsparungen")
        elif form.files.get("attachment") and "attachment" not in form.errors:
            form.add_error("attachment", _(FILE_AGAIN))
    else:
        form = SavingsReportForm(initial=_initial(savings, parse_year(request.GET.get("jahr"))))
    return render(
        request,
        "savings/report_form.html",
        {"case": case, "savings": savings, "form": form},
        status=422 if form.errors else 200,
    )
