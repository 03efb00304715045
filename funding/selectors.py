"""Reads of the funding for the municipal portal; nothing here writes."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import DecimalField, ExpressionWrapper, F, Prefetch, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from .models import Disbursement, Grant

if TYPE_CHECKING:
    from cooperations.models import Cooperation

MONEY = DecimalField(max_digits=14, decimal_places=2)


def case_grants(case: Cooperation) -> QuerySet[Grant]:
    """The grants of a case the user may already see (the caller checked access with
    `get_case_for_user`), each with `paid` (sum of its payments), `remaining` (approved
    minus paid, None before approval) and its payments by date: two queries."""
    paid = Coalesce(Sum("disbursements__amount"), Value(Decimal("0")), output_field=MONEY)
    return (
        case.grants.select_related("programme")
        .annotate(paid=paid)
        .annotate(remaining=ExpressionWrapper(F("approved_amount") - F("paid"), output_field=MONEY))
        .prefetch_related(
            Prefetch(
                "disbursements", queryset=Disbursement.objects.order_by("date", "pk"), to_attr="payments"
            )
        )
        .order_by("-budget_year", "-created_at", "-pk")
    )
