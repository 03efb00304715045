"""What the API and the JSON downloads show – field by field, so that nothing personal
can slip in with a new model field: no person, e-mail, phone number, message, document,
adviser or internal note of a case; the funding only where the KIKZ publishes it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any, cast

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Field, Model
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contacts.models import Municipality
from cooperations.models import Cooperation, Participation
from funding.models import Programme


class KeyLabelSerializer(serializers.Serializer):
    schluessel = serializers.CharField()
    bezeichnung = serializers.CharField()


class MunicipalityRefSerializer(serializers.Serializer):
    ags = serializers.CharField()
    name = serializers.CharField()


class PartnerSerializer(serializers.Serializer):
    # Annotated by opendata.selectors.api_cooperations (no join of all municipalities).
    ags = serializers.CharField(source="municipality_ags")
    name = serializers.CharField(source="municipality_name")
    rolle = serializers.CharField(source="get_role_display")
    beigetreten = serializers.DateField(source="joined_on", allow_null=True)


def _text(value: Any) -> str | None:
    """What serializers.CharField shows."""
    return None if value is None else str(value)


def _date(value: dt.date | None) -> str | None:
    """What serializers.DateField shows (ISO 8601, the default format)."""
    return value.isoformat() if value else None


def _label_dict(model: type[Model], name: str) -> dict[Any, str]:
    """Value → label as get_FOO_display shows it, in the active language."""
    field = cast(Field, model._meta.get_field(name))
    return {value: str(label) for value, label in field.flatchoices}


def _prefetched(obj: Cooperation, name: str) -> list[Any]:
    """A list opendata.selectors.api_cooperations prefetched onto the case (`to_attr`)."""
    rows: list[Any] = getattr(obj, name)
    return rows


@dataclass(frozen=True)
class _Labels:
    legal_form: dict[Any, str]
    stage: dict[Any, str]
    role: dict[Any, str]


def _choice(value: str, label: Any) -> dict[str, str]:
    return {"schluessel": value, "bezeichnung": str(label)}


def _absolute(request: Any, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


# A pk no case has, to find where the pk goes in the URL of a case.
_URL_MARKER = 987_654_321_012


class CooperationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    titel = serializers.CharField(source="title")
    beschreibung = serializers.CharField(source="description")
    handlungsfeld = serializers.SerializerMethodField()
    weitere_handlungsfelder = serializers.SerializerMethodField()
    rechtsform = serializers.SerializerMethodField()
    kooperationsstufe = serializers.SerializerMethodField()
    beginn = serializers.DateField(source="started_on", allow_null=True)
    laufzeit_jahre = serializers.IntegerField(source="planned_duration_years", allow_null=True)
    federfuehrende_kommune = MunicipalityRefSerializer(source="lead_municipality")
    kreis = serializers.SerializerMethodField()
    kommunen = PartnerSerializer(source="api_partners", many=True)
    weitere_partner = serializers.CharField(source="other_partners")
    foerderung_bewilligt_eur = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(KeyLabelSerializer)
    def get_handlungsfeld(self, obj: Cooperation) -> dict[str, str]:
        return _choice(obj.field_of_action.slug, obj.field_of_action.name)

    @extend_schema_field(KeyLabelSerializer(many=True))
    def get_weitere_handlungsfelder(self, obj: Cooperation) -> list[dict[str, str]]:
        return [_choice(f.slug, f.name) for f in _prefetched(obj, "api_further_fields")]

    @extend_schema_field(KeyLabelSerializer)
    def get_rechtsform(self, obj: Cooperation) -> dict[str, str]:
        return _choice(obj.legal_form, obj.get_legal_form_display())

    @extend_schema_field(KeyLabelSerializer)
    def get_kooperationsstufe(self, obj: Cooperation) -> dict[str, str]:
        return _choice(obj.stage, obj.get_stage_display())

    @extend_schema_field(MunicipalityRefSerializer(allow_null=True))
    def get_kreis(self, obj: Cooperation) -> dict[str, str] | None:
        district = obj.lead_municipality.district
        return {"ags": district.ags, "name": district.name} if district else None

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_foerderung_bewilligt_eur(self, obj: Cooperation) -> str | None:
        # The atlas rule: the funding sum only where the case says it may be shown.
        total: Decimal | None = getattr(obj, "funding_total", None)
        return f"{total:.2f}" if obj.publish_funding and total else None

    def get_url(self, obj: Cooperation) -> str:
        head, tail = self._url_around_pk
        return f"{head}{obj.pk}{tail}"

    @cached_property
    def _url_around_pk(self) -> tuple[str, str]:
        # The absolute URL of one case, split around its pk, once per serializer:
        # reverse() and build_absolute_uri() (which checks the host) cost 0.1 ms a case.
        url = _absolute(self.context.get("request"), reverse("atlas:detail", args=[_URL_MARKER]))
        head, marker, tail = url.rpartition(str(_URL_MARKER))
        if not marker:
            raise ImproperlyConfigured(f"atlas:detail names no pk: {url}")
        return head, tail

    def to_representation(self, instance: Cooperation) -> dict[str, Any]:
        """The fields above, written out: DRF's field by field walk (and Django's
        get_FOO_display, which rebuilds its choices per call) cost 2 ms a case, most of a
        page of 50. tests/opendata/test_api_fast_path.py pins it equal to the walk."""
        obj = instance
        labels = self._labels()
        lead = obj.lead_municipality
        district = lead.district
        field = obj.field_of_action
        total: Decimal | None = getattr(obj, "funding_total", None)
        return {
            "id": obj.id,
            "titel": _text(obj.title),
            "beschreibung": _text(obj.description),
            "handlungsfeld": _choice(field.slug, field.name),
            "weitere_handlungsfelder": [
                _choice(f.slug, f.name) for f in _prefetched(obj, "api_further_fields")
            ],
            "rechtsform": _choice(obj.legal_form, labels.legal_form.get(obj.legal_form, obj.legal_form)),
            "kooperationsstufe": _choice(obj.stage, labels.stage.get(obj.stage, obj.stage)),
            "beginn": _date(obj.started_on),
            "laufzeit_jahre": None if obj.planned_duration_years is None else int(obj.planned_duration_years),
            "federfuehrende_kommune": {"ags": _text(lead.ags), "name": _text(lead.name)},
            "kreis": {"ags": district.ags, "name": district.name} if district else None,
            "kommunen": [
                {
                    "ags": _text(p.municipality_ags),
                    "name": _text(p.municipality_name),
                    "rolle": _text(labels.role.get(p.role, p.role)),
                    "beigetreten": _date(p.joined_on),
                }
                for p in _prefetched(obj, "api_partners")
            ],
            "weitere_partner": _text(obj.other_partners),
            "foerderung_bewilligt_eur": f"{total:.2f}" if obj.publish_funding and total else None,
            "url": self.get_url(obj),
        }

    def _labels(self) -> _Labels:
        # Once per serializer (one per request or download) and language.
        language = get_language()
        cached = self._label_cache.get(language)
        if cached is None:
            cached = self._label_cache[language] = _Labels(
                legal_form=_label_dict(Cooperation, "legal_form"),
                stage=_label_dict(Cooperation, "stage"),
                role=_label_dict(Participation, "role"),
            )
        return cached

    @cached_property
    def _label_cache(self) -> dict[str | None, _Labels]:
        return {}


class ProgrammeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kurzname = serializers.CharField(source="short_name")
    kurzbeschreibung = serializers.CharField(source="summary")
    foerdergeber = serializers.SerializerMethodField()
    foerdergeber_stelle = serializers.CharField(source="funder")
    foerdergebiet = serializers.SerializerMethodField()
    foerderberechtigte = serializers.SerializerMethodField()
    foerderbereiche = serializers.SerializerMethodField()
    foerderart = serializers.SerializerMethodField()
    richtlinie = serializers.CharField(source="guideline_version")
    foerdersatz_prozent = serializers.DecimalField(source="rate_pct", max_digits=5, decimal_places=2)
    hoechstbetrag_eur = serializers.DecimalField(source="ceiling", max_digits=12, decimal_places=2)
    antragsfrist = serializers.DateField(source="deadline", allow_null=True)
    link = serializers.URLField(source="url")
    ikz_foerderung = serializers.BooleanField(source="is_ikz")
    url = serializers.SerializerMethodField()

    @extend_schema_field(KeyLabelSerializer)
    def get_foerdergeber(self, obj: Programme) -> dict[str, str]:
        return _choice(obj.funder_level, obj.get_funder_level_display())

    @extend_schema_field(OpenApiTypes.STR)
    def get_foerdergebiet(self, obj: Programme) -> str:
        """ "bundesweit" or the two-digit Land key."""
        return obj.region or "bundesweit"

    @extend_schema_field(KeyLabelSerializer(many=True))
    def get_foerderberechtigte(self, obj: Programme) -> list[dict[str, str]]:
        return [_choice(e.slug, e.name) for e in obj.eligible.all()]

    @extend_schema_field(KeyLabelSerializer(many=True))
    def get_foerderbereiche(self, obj: Programme) -> list[dict[str, str]]:
        return [_choice(a.slug, a.name) for a in obj.areas.all()]

    @extend_schema_field(KeyLabelSerializer)
    def get_foerderart(self, obj: Programme) -> dict[str, str]:
        return _choice(obj.aid_kind, obj.get_aid_kind_display())

    def get_url(self, obj: Programme) -> str:
        return _absolute(self.context.get("request"), reverse("funding:programme-detail", args=[obj.pk]))


class MunicipalitySerializer(serializers.Serializer):
    ags = serializers.CharField()
    name = serializers.CharField()
    art = serializers.SerializerMethodField()
    kreis = serializers.SerializerMethodField()
    regierungsbezirk = serializers.CharField()
    einwohner = serializers.IntegerField(source="population", allow_null=True)
    einwohner_stand = serializers.DateField(source="population_date", allow_null=True)
    groessenklasse = serializers.SerializerMethodField()
    flaeche_km2 = serializers.DecimalField(source="area_km2", max_digits=9, decimal_places=2, allow_null=True)
    gueltig_ab = serializers.DateField(source="valid_from", allow_null=True)
    gueltig_bis = serializers.DateField(source="valid_until", allow_null=True)
    nachfolger_ags = serializers.CharField(source="successor.ags", allow_null=True, default=None)

    @extend_schema_field(KeyLabelSerializer)
    def get_art(self, obj: Municipality) -> dict[str, str]:
        return _choice(obj.kind, obj.get_kind_display())

    @extend_schema_field(MunicipalityRefSerializer(allow_null=True))
    def get_kreis(self, obj: Municipality) -> dict[str, str] | None:
        return {"ags": obj.district.ags, "name": obj.district.name} if obj.district else None

    @extend_schema_field(KeyLabelSerializer(allow_null=True))
    def get_groessenklasse(self, obj: Municipality) -> dict[str, str] | None:
        size = obj.size_class
        return _choice(size.value, size.label) if size else None


class FacetSerializer(serializers.Serializer):
    schluessel = serializers.CharField()
    bezeichnung = serializers.CharField()
    programme = serializers.IntegerField(help_text=_("aktive Programme mit diesem Wert"))


class FacetsSerializer(serializers.Serializer):
    foerdergeber = FacetSerializer(many=True)
    foerderberechtigte = FacetSerializer(many=True)
    foerderart = FacetSerializer(many=True)
    foerderbereiche = FacetSerializer(many=True)
    foerdergebiet = FacetSerializer(many=True)
