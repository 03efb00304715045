"""The read API under /api/v1/ (Django REST framework): published cooperations, the
programme catalogue with its facets, municipalities and the funding statistics.

Read-only and public. Every answer carries ETag and Last-Modified (opendata.conditional)
and is rate-limited per client (opendata.throttling); the query parameters of the lists
are the filters of the atlas and of the Förderlotse."""

from __future__ import annotations

from typing import Any

import django_filters
from django.http import Http404, HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from cooperations.atlas import CooperationFilter
from funding.filters import ProgrammeFilter
from reports.statistics import available_years, cached_annual_statistics, default_cutoff

from .conditional import Validators, validators
from .selectors import (
    MunicipalityFilter,
    api_cooperations,
    api_municipalities,
    api_programmes,
    programme_facets,
)
from .serializers import CooperationSerializer, FacetsSerializer, MunicipalitySerializer, ProgrammeSerializer
from .statistics import StatisticsSerializer, StatisticsYearSerializer, statistics_payload
from .throttling import too_many_requests

NO_STATISTICS = _("Für dieses Jahr gibt es keine Statistik.")


class ApiCooperationFilter(CooperationFilter):
    """The atlas's filters; the start year as a number, which the schema can name (the
    atlas's choice box lists the years it has, which the schema cannot know ahead)."""

    jahr = django_filters.NumberFilter(
        label=_("Beginn (Jahr)"), field_name="started_on__year", min_value=2000, max_value=2100
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # FilterSet's, not the atlas's __init__: that reads the 400 Kreise from the cache
        # for every request, which the atlas renders as its choice box. The API only
        # validates a `kreis` it was given; the declared filter's callable then reads them.
        super(CooperationFilter, self).__init__(*args, **kwargs)


class Pages(PageNumberPagination):
    page_query_param = "seite"
    page_size = 50
    page_size_query_param = "pro_seite"
    max_page_size = 500
    invalid_page_message = _("Diese Seite gibt es nicht.")


class _NotModified(Exception):
    def __init__(self, response: HttpResponseBase) -> None:
        self.response = response


class OpenDataView(viewsets.GenericViewSet):
    """Public and read-only: the access decision for every endpoint is here – GET and
    HEAD only (`http_method_names`), no authentication (settings.REST_FRAMEWORK),
    throttled per client."""

    http_method_names = ["get", "head", "options"]
    pagination_class: type[Pages] | None = Pages
    validators: Validators | None = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # content negotiation, throttles
        if request.method in ("GET", "HEAD"):
            self.validators = validators(request._request, variant=request.accepted_media_type or "")
            response = self.validators.not_modified(request._request)
            if response is not None:
                raise _NotModified(response)

    def handle_exception(self, exc: Exception) -> HttpResponseBase:
        if isinstance(exc, _NotModified):
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(
        self, request: Request, response: HttpResponseBase, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.validators is not None:
            self.validators.stamp(response)
        return response

    def throttled(self, request: Request, wait: float | None) -> None:
        raise too_many_requests(wait)


class CooperationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OpenDataView):
    """Published cooperations of the Kooperationsatlas, newest first; filters as in the atlas."""

    serializer_class = CooperationSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApiCooperationFilter

    def get_queryset(self) -> Any:
        return api_cooperations()


class ProgrammeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OpenDataView):
    """Active programmes of the Förderlotse catalogue; filters as in the Förderlotse."""

    serializer_class = ProgrammeSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProgrammeFilter

    def get_queryset(self) -> Any:
        return api_programmes()

    @extend_schema(responses=FacetsSerializer, filters=False)
    def facets(self, request: Request) -> Response:
        """The values of the catalogue's facets with the number of active programmes."""
        return Response(programme_facets())


class MunicipalityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OpenDataView):
    """Kommunen of the register (Gemeinden, Städte, Landkreise), by AGS."""

    serializer_class = MunicipalitySerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = MunicipalityFilter
    lookup_field = "ags"
    lookup_value_regex = r"\d{8}"

    def get_queryset(self) -> Any:
        return api_municipalities()


@extend_schema_view(
    list=extend_schema(responses=StatisticsYearSerializer(many=True)),
    retrieve=extend_schema(
        responses=StatisticsSerializer,
        parameters=[OpenApiParameter("jahr", int, OpenApiParameter.PATH, description=_("Haushaltsjahr"))],
    ),
)
class StatisticsViewSet(OpenDataView):
    """The funding statistics of the annual report per year, Kreis, Handlungsfeld and
    Rechtsform – the figures of the dashboard and the PDF (reports.statistics)."""

    lookup_field = "jahr"
    lookup_value_regex = r"\d{4}"
    pagination_class = None

    def list(self, request: Request) -> Response:
        return Response(
            [
                {
                    "jahr": year,
                    "url": request.build_absolute_uri(reverse("api:statistik-detail", args=[year])),
                }
                for year in available_years()
            ]
        )

    def retrieve(self, request: Request, jahr: str) -> Response:
        year = int(jahr)
        try:
            default_cutoff(year)
        except ValueError as exc:
            raise Http404(NO_STATISTICS) from exc
        stats, _version = cached_annual_statistics(year)
        return Response(statistics_payload(stats))
