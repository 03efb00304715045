"""The Fallakte: one cooperation on paper, for the advisers' files."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Case, Sum, Value, When
from django.utils import timezone

from cooperations.models import Activity, CaseEvent, Cooperation, Participation
from core.land import land_name
from core.pdf import css_string, render_pdf
from funding.models import Grant

from .statistics import fmt_decimal


def case_file_context(case: Cooperation) -> dict[str, object]:
    participations = (
        Participation.objects.filter(cooperation=case)
        .select_related("municipality__district")
        .annotate(lead_first=Case(When(role=Participation.Role.LEAD, then=Value(0)), default=Value(1)))
        .order_by("lead_first", "municipality__name")
    )
    grants = list(
        Grant.objects.filter(cooperation=case)
        .select_related("programme")
        .annotate(paid=Sum("disbursements__amount"))
        .order_by("budget_year", "pk")
    )
    approved = sum(
        (g.approved_amount or Decimal(0) for g in grants if g.status in Grant.APPROVED_STATES), Decimal(0)
    )
    paid = sum((g.paid or Decimal(0) for g in grants if g.status in Grant.APPROVED_STATES), Decimal(0))
    activities = Activity.objects.filter(cooperation=case).order_by("date", "pk")
    generated = timezone.localtime()
    events = CaseEvent.objects.filter(cooperation=case).select_related("actor").order_by("created_at", "pk")
    return {
        "case": case,
        "participations": participations,
        "grants": grants,
        "approved_total": f"{fmt_decimal(approved)} €",
        "paid_total": f"{fmt_decimal(paid)} €",
        "activities": activities,
        "events": events,
        "further_fields": case.further_fields.all(),
        "land_name": land_name(),
        "generated_at": generated,
        "title": f"Fallakte {case.reference}",
        "page_header": css_string(f"Fallakte {case.reference}"),
        "page_footer": css_string(
            f"Erstellt am {generated:%d.%m.%Y, %H:%M} Uhr · nur für den Dienstgebrauch"
        ),
    }


def case_file_pdf(case: Cooperation) -> bytes:
    return render_pdf("pdf/case_file.html", case_file_context(case))


__all__ = ["case_file_context", "case_file_pdf"]
