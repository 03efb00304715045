"""The participant list of an event as CSV and XLSX (German headings, dates 31.12.2026)
and the sign-in sheet as a tagged PDF (core.pdf)."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils import timezone

from core.land import land_name
from core.pdf import css_string, render_pdf

from .models import Event, Registration
from .selectors import participants

HEADINGS = [
    "Name",
    "E-Mail",
    "Kommune oder Organisation",
    "Funktion",
    "Barrierefreiheit",
    "Status",
    "angemeldet am",
    "teilgenommen",
]


def _rows(event: Event) -> list[list[str]]:
    registrations = Registration.objects.filter(event=event).exclude(status=Registration.Status.PENDING)
    return [
        [
            r.name,
            r.email,
            r.organisation,
            r.role,
            r.accessibility_needs,
            r.get_status_display(),
            f"{timezone.localtime(r.confirmed_at or r.created_at):%d.%m.%Y}",
            "ja" if r.attended else "nein",
        ]
        for r in registrations.order_by("status", "name", "pk")
    ]


def _filename(event: Event, ext: str) -> str:
    return f"teilnehmende-{event.pk}-{timezone.localtime(event.starts_at):%Y-%m-%d}.{ext}"


def participants_csv(event: Event) -> HttpResponse:
    out = io.StringIO()
    out.write("\ufeff")  # Excel reads UTF-8 only with a BOM
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADINGS)
    writer.writerows(_rows(event))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(event, "csv")}"'
    return response


def participants_xlsx(event: Event) -> HttpResponse:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.create_sheet("Teilnehmende", 0)
    del book[book.sheetnames[1]]  # the empty default sheet
    sheet.append(HEADINGS)
    for row in _rows(event):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(event, "xlsx")}"'
    return response


def signin_sheet_pdf(event: Event) -> bytes:
    title = f"Teilnehmerliste {event.title}"
    return render_pdf(
        "events/pdf/signin_sheet.html",
        {
            "title": title,
            "event": event,
            "registrations": list(participants(event)),
            "land_name": land_name(),
            "page_header": css_string(title[:90]),
            "page_footer": css_string("Kompetenzzentrum für Interkommunale Zusammenarbeit"),
        },
    )
