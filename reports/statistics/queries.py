"""The queries of the budget advice, payments and Förderlotse: each function one query,
run by `annual_statistics`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber

from budget_advice.models import Consultation
from funding.models import Disbursement, FunderQuestion, Grant


def query_paid_by_year(year: int, cutoff: dt.date) -> dict[int, Decimal]:
    return {r["grant__budget_year"]: r["paid"] for r in paid_per_budget_year(year, cutoff)}


def query_reclaimed(year: int, cutoff: dt.date) -> dict[str, Any]:
    """Reclaimed funding (funding.services.grant_reclaim) by the date of the reclaim."""
    return Grant.objects.filter(reclaimed_on__lte=cutoff, reclaimed_amount__isnull=False).aggregate(
        total=Sum("reclaimed_amount"), year=Sum("reclaimed_amount", filter=Q(reclaimed_on__year=year))
    )


def query_advice(year: int, cutoff: dt.date) -> dict[str, Any]:
    """Budget advice: consultations per municipality up to the cut-off date."""
    held = Consultation.objects.held().filter(date__lte=cutoff)
    return (
        held.values("municipality")
        .annotate(n=Count("pk"), n_year=Count("pk", filter=Q(date__year=year)))
        .order_by()
        .aggregate(
            munis=Count("municipality"),
            consultations=Sum("n"),
            consultations_year=Sum("n_year"),
            second=Count("municipality", filter=Q(n__gte=2)),
            third=Count("municipality", filter=Q(n__gte=3)),
        )
    )


def query_size_classes(cutoff: dt.date) -> list[tuple[str | None, int, int]]:
    """Per size class: the municipalities whose FIRST consultation was in it (each
    municipality once), and all consultations in the class of their date. One pass with a
    window function (a correlated "first consultation" subquery per row took twice as long
    nationwide). Rows: (size class, municipalities, consultations)."""
    ranked = (
        Consultation.objects.held()
        .filter(date__lte=cutoff)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=F("municipality"), order_by=[F("date").asc(), F("pk").asc()]
            )
        )
        .values("size_class", "rank")
        .order_by()
    )
    ranked_sql, ranked_params = ranked.query.sql_with_params()
    with connection.cursor() as cursor:
        # the SQL of a queryset, every value a parameter
        sql = f"SELECT size_class, SUM(CASE WHEN rank = 1 THEN 1 ELSE 0 END), COUNT(*) FROM ({ranked_sql}) ranked"  # noqa: S608
        cursor.execute(sql + " GROUP BY size_class", ranked_params)
        return list(cursor.fetchall())


def query_question_kinds(year: int, cutoff: dt.date) -> dict[str, Any]:
    """Förderlotse: questions by asker kind."""
    q_year = Q(created_at__year=year)
    return {
        r["asker_kind"]: r
        for r in FunderQuestion.objects.filter(created_at__date__lte=cutoff)
        .values("asker_kind")
        .annotate(
            total=Count("pk"),
            year=Count("pk", filter=q_year),
            office=Count("pk", filter=~Q(referred_office="")),
            office_year=Count("pk", filter=~Q(referred_office="") & q_year),
        )
        .order_by()
    }


def query_question_levels(year: int, cutoff: dt.date) -> dict[str, Any]:
    """Förderlotse: questions by the level of the programmes they were referred to."""
    through = FunderQuestion.referred_programmes.through
    in_year = Q(funderquestion__created_at__year=year)
    return {
        r["programme__funder_level"]: r
        for r in through.objects.filter(funderquestion__created_at__date__lte=cutoff)
        .values("programme__funder_level")
        .annotate(
            questions=Count("funderquestion", distinct=True),
            questions_year=Count("funderquestion", distinct=True, filter=in_year),
            referrals=Count("pk"),
            referrals_year=Count("pk", filter=in_year),
        )
        .order_by()
    }


def paid_per_budget_year(year: int, cutoff: dt.date) -> QuerySet[Any, Any]:
    """Payments up to the cut-off date per budget year of their approved grant; the grants'
    side is an index-only scan of `grant_approved_year` (budget year with the id)."""
    return (
        Disbursement.objects.filter(
            grant__status__in=Grant.APPROVED_STATES, grant__budget_year__lte=year, date__lte=cutoff
        )
        .values("grant__budget_year")
        .annotate(paid=Sum("amount"))
        .order_by()
    )


# The funding figures in two queries of about equal work, so that they can run at once
# (annual_statistics): the grants' side – totals, budget years, programmes – and the cases'
# side – municipalities, Handlungsfeld, Kreis, Rechtsform. Each reads `funded`.
