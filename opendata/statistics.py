"""The public statistics: the funding figures of `reports.statistics` (the one
statistics module: the dashboard, the annual PDF and this API read the same
`AnnualStatistics`), reshaped for machines – exact numbers, no formatting."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from reports.statistics import AnnualStatistics, Table


def _money(value: Any) -> str:
    return f"{Decimal(value or 0):.2f}"


def _grouped(table: Table) -> list[dict[str, Any]]:
    return [
        {
            "bezeichnung": str(label),
            "kooperationen_im_jahr": int(cases_year or 0),
            "bewilligt_im_jahr_eur": _money(amount_year),
            "kooperationen_gesamt": int(cases or 0),
            "bewilligt_gesamt_eur": _money(amount),
        }
        for label, cases_year, amount_year, cases, amount in table.rows
    ]


def statistics_payload(stats: AnnualStatistics) -> dict[str, Any]:
    return {
        "jahr": stats.year,
        "stichtag": stats.cutoff.isoformat(),
        "vorlaeufig": not stats.is_final,
        "erstes_foerderjahr": stats.first_year,
        "kennzahlen": {
            "gefoerderte_kooperationen_im_jahr": stats.cooperations_year,
            "gefoerderte_kooperationen_gesamt": stats.cooperations_total,
            "beteiligte_kommunen_im_jahr": stats.municipalities_year,
            "beteiligte_kommunen_gesamt": stats.municipalities_total,
            "beteiligungen_im_jahr": stats.participations_year,
            "beteiligungen_gesamt": stats.participations_total,
            "bewilligt_im_jahr_eur": _money(stats.approved_year),
            "bewilligt_gesamt_eur": _money(stats.approved_total),
            "ausgezahlt_im_jahr_eur": _money(stats.paid_year),
            "ausgezahlt_gesamt_eur": _money(stats.paid_total),
        },
        "nach_haushaltsjahr": [
            {
                "haushaltsjahr": int(year),
                "gefoerderte_kooperationen": int(cases or 0),
                "bewilligt_eur": _money(amount),
                "ausgezahlt_eur": _money(paid),
            }
            for year, cases, amount, paid, _share in stats.tables["jahre"].rows
        ],
        "nach_handlungsfeld": _grouped(stats.tables["handlungsfelder"]),
        "nach_kreis": _grouped(stats.tables["landkreise"]),
        "nach_rechtsform": _grouped(stats.tables["rechtsformen"]),
    }


# --- For the OpenAPI schema only (the payload above is built by hand) -------------------


class _Figures(serializers.Serializer):
    gefoerderte_kooperationen_im_jahr = serializers.IntegerField()
    gefoerderte_kooperationen_gesamt = serializers.IntegerField()
    beteiligte_kommunen_im_jahr = serializers.IntegerField()
    beteiligte_kommunen_gesamt = serializers.IntegerField()
    beteiligungen_im_jahr = serializers.IntegerField()
    beteiligungen_gesamt = serializers.IntegerField()
    bewilligt_im_jahr_eur = serializers.DecimalField(max_digits=14, decimal_places=2)
    bewilligt_gesamt_eur = serializers.DecimalField(max_digits=14, decimal_places=2)
    ausgezahlt_im_jahr_eur = serializers.DecimalField(max_digits=14, decimal_places=2)
    ausgezahlt_gesamt_eur = serializers.DecimalField(max_digits=14, decimal_places=2)


class _YearRow(serializers.Serializer):
    haushaltsjahr = serializers.IntegerField()
    gefoerderte_kooperationen = serializers.IntegerField()
    bewilligt_eur = serializers.DecimalField(max_digits=14, decimal_places=2)
    ausgezahlt_eur = serializers.DecimalField(max_digits=14, decimal_places=2)


class _GroupRow(serializers.Serializer):
    bezeichnung = serializers.CharField()
    kooperationen_im_jahr = serializers.IntegerField()
    bewilligt_im_jahr_eur = serializers.DecimalField(max_digits=14, decimal_places=2)
    kooperationen_gesamt = serializers.IntegerField()
    bewilligt_gesamt_eur = serializers.DecimalField(max_digits=14, decimal_places=2)


class StatisticsSerializer(serializers.Serializer):
    jahr = serializers.IntegerField()
    stichtag = serializers.DateField()
    vorlaeufig = serializers.BooleanField(help_text=_("laufendes Jahr: Zahlen bis heute"))
    erstes_foerderjahr = serializers.IntegerField(allow_null=True)
    kennzahlen = _Figures()
    nach_haushaltsjahr = _YearRow(many=True)
    nach_handlungsfeld = _GroupRow(many=True)
    nach_kreis = _GroupRow(many=True, help_text=_("Kreis der federführenden Kommune"))
    nach_rechtsform = _GroupRow(many=True)


class StatisticsYearSerializer(serializers.Serializer):
    jahr = serializers.IntegerField()
    url = serializers.URLField()
