"""/opendata/: the downloads (CSV and JSON), the human page describing them and the
machine-readable catalogue (DCAT-AP.de JSON-LD). Public; every view is GET/HEAD only
(`require_safe`), rate-limited per client like the API, and answers 304 when the
client's copy is current."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.errors import too_many_requests
from reports.statistics import available_years, default_cutoff

from .conditional import first_seen, validators
from .datasets import (
    DATASETS,
    LICENCE_NAME,
    LICENCE_URL,
    STATISTICS_CSV_HEADER,
    STATISTICS_DESCRIPTION,
    STATISTICS_TITLE,
    _de,
    statistics_csv,
    statistics_json,
)
from .dcat import attribution, catalogue
from .throttling import ClientRateThrottle

FREQUENCY_LABELS = {"CONT": "laufend", "ANNUAL": "jährlich", "MONTHLY": "monatlich"}
FORMATS = ("csv", "json")


def open_data(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Public GET/HEAD with the API's rate limit, ETag/Last-Modified and licence link."""

    @require_safe
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        throttle = ClientRateThrottle()
        if not throttle.allow_request(request, None):
            response = too_many_requests(request)
            response["Retry-After"] = str(int(throttle.wait() or 60))
            return response
        checks = validators(request)
        if (cached := checks.not_modified(request)) is not None:
            return checks.stamp(cached)
        answer = view(request, *args, **kwargs)
        answer["Link"] = f'<{LICENCE_URL}>; rel="license"'
        return checks.stamp(answer)

    return wrapped


def _csv_response(filename: str, header: tuple[str, ...], rows: Any) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # BOM: spreadsheets then read UTF-8 umlauts correctly
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_de(cell) for cell in row] for row in rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _json_response(filename: str, title: Any, request: HttpRequest, data: Any) -> HttpResponse:
    payload = {
        "titel": str(title),
        "lizenz": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "namensnennung": attribution(),
        "quelle": request.build_absolute_uri("/opendata/"),
        "daten": data,
    }
    response = HttpResponse(
        json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@open_data
def download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    dataset = DATASETS.get(slug)
    if dataset is None or fmt not in FORMATS:
        raise Http404
    rows = dataset.json_rows(request)
    if fmt == "json":
        return _json_response(f"{slug}.json", dataset.title, request, rows)
    return _csv_response(f"{slug}.csv", dataset.csv_header, dataset.csv_rows(rows))


@open_data
def statistics_download(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    try:
        default_cutoff(year)
    except ValueError as exc:
        raise Http404(str(exc)) from exc
    if fmt not in FORMATS:
        raise Http404
    payload = statistics_json(year)
    if fmt == "json":
        return _json_response(f"statistik-{year}.json", STATISTICS_TITLE, request, payload)
    return _csv_response(f"statistik-{year}.csv", STATISTICS_CSV_HEADER, statistics_csv(payload))


@open_data
def dcat(request: HttpRequest) -> HttpResponse:
    from reports.statistics import data_state

    modified = first_seen(data_state())
    body = catalogue(request.build_absolute_uri("/")[:-1], modified, available_years())
    return HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1), content_type="application/ld+json; charset=utf-8"
    )


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The human page: what there is, under which licence, how often it changes."""
    from reports.statistics import data_state

    modified = first_seen(data_state())
    datasets = [
        {
            "slug": d.slug,
            "title": d.title,
            "description": d.description,
            "frequency": FREQUENCY_LABELS[d.frequency],
        }
        for d in DATASETS.values()
    ]
    return render(
        request,
        "opendata/index.html",
        {
            "datasets": datasets,
            "statistics_title": STATISTICS_TITLE,
            "statistics_description": STATISTICS_DESCRIPTION,
            "years": available_years(),
            "modified": modified,
            "licence_name": LICENCE_NAME,
            "licence_url": LICENCE_URL,
            "attribution": attribution(),
        },
    )
