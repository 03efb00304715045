"""The statistics area (/statistik/): for ministry staff and advisers only. Everyone
else, anonymous or municipal, gets 404 for every page here, so the area does not
even show that it exists."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.audit import audit_access_denied
from accounts.permissions import can_see_statistics, is_adviser
from cooperations.models import Cooperation
from core.errors import open_media_or_404
from core.parse import parse_year

from . import services
from .dashboard import statistics_html
from .models import Report
from .statistics import (
    available_years,
    cached_annual_statistics,
    data_state,
    data_version,
    default_cutoff,
)

YEAR_INVALID = "Bitte wählen Sie ein Jahr aus der Liste."
REPORT_ORDERED = "Der Bericht für {year} wird erstellt. Sie können diese Seite verlassen; er erscheint hier, sobald er fertig ist."
REPORT_EXISTS = "Für {year} gibt es schon einen Bericht mit dem aktuellen Datenstand."
REPORT_RUNNING = "Der Bericht für {year} mit dem aktuellen Datenstand wird bereits erstellt."

View = Callable[..., HttpResponse | FileResponse]


def statistics_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse | FileResponse:
        if not can_see_statistics(request.user):
            if request.user.is_authenticated:  # anonymous visitors are no security event
                audit_access_denied(request, "statistics")
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _year(raw: str | None, years: list[int]) -> int | None:
    if raw in (None, ""):
        return years[0]
    year = parse_year(raw)
    return year if year in years else None


@require_GET
@statistics_required
def dashboard(request: HttpRequest) -> HttpResponse:
    state = data_state()
    years = available_years(state=state)
    year = _year(request.GET.get("jahr"), years)
    year_error = ""
    if year is None:
        year_error = YEAR_INVALID
        year = years[0]
    cutoff = default_cutoff(year)
    current_version = data_version(year, cutoff, state)
    latest = Report.objects.filter(year=year).order_by("-created_at", "-pk").first()
    context = {
        "statistics_html": statistics_html(year, state, current_version),
        "cutoff": cutoff,
        "is_final": cutoff == dt.date(year, 12, 31),
        "years": years,
        "year": year,
        "year_error": year_error,
        "report": latest,
        "report_is_current": bool(latest and latest.data_version == current_version),
        "recent_reports": Report.objects.filter(status=Report.Status.DONE).order_by("-finished_at")[:8],
    }
    return render(request, "reports/dashboard.html", context, status=400 if year_error else 200)


@require_GET
@statistics_required
def table_csv(request: HttpRequest, slug: str) -> HttpResponse:
    years = available_years()
    year = _year(request.GET.get("jahr"), years)
    if year is None:
        raise Http404
    stats, _version = cached_annual_statistics(year)
    table = stats.tables.get(slug)
    if table is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ikz-statistik-{year}-{slug}.csv"'
    response.write("\ufeff")  # BOM: spreadsheet programs then read the umlauts right
    writer = csv.writer(response, delimiter=";")
    writer.writerow([f"{table.title} – Stichtag {stats.cutoff:%d.%m.%Y}"])
    writer.writerows(table.csv_rows())
    return response


@require_POST
@statistics_required
def report_create(request: HttpRequest) -> HttpResponse:
    years = available_years()
    year = _year(request.POST.get("jahr"), years)
    if year is None:
        messages.error(request, YEAR_INVALID)
        return redirect("reports:dashboard")
    before = timezone.now()
    report = services.report_order(year=year, actor=request.user)  # type: ignore[arg-type]
    if report.created_at < before and report.status == Report.Status.DONE:
        messages.info(request, REPORT_EXISTS.format(year=year))
    elif report.created_at < before:
        messages.info(request, REPORT_RUNNING.format(year=year))
    else:
        messages.success(request, REPORT_ORDERED.format(year=year))
    return redirect(f"{reverse('reports:dashboard')}?jahr={year}#bericht")


@require_GET
@statistics_required
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The report panel alone, for polling (htmx) — the same partial the page includes."""
    report = get_object_or_404(Report, pk=pk)
    return render(
        request,
        "reports/_report_status.html",
        {"report": report, "year": report.year, "report_is_current": True},
    )


@require_GET
@statistics_required
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    report = get_object_or_404(Report, pk=pk, status=Report.Status.DONE)
    if not report.file:
        raise Http404
    return FileResponse(
        open_media_or_404(report.file),
        as_attachment=True,
        filename=report.filename,
        content_type="application/pdf",
    )


@require_GET
def case_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The Fallakte of one cooperation, for advisers (404 for everyone else). One page,
    rendered at once: it is small, and the adviser waits for it."""
    if not is_adviser(request.user):
        if request.user.is_authenticated:
            audit_access_denied(request, "case file", case_id=pk)
        raise Http404
    from .casefile import case_file_pdf

    case = get_object_or_404(
        Cooperation.objects.select_related("field_of_action", "lead_municipality__district", "adviser"), pk=pk
    )
    pdf = case_file_pdf(case)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="Fallakte-{case.reference}.pdf"'
    return response
