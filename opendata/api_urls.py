from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import api

app_name = "api"


class Router(DefaultRouter):
    # No format suffixes (`kooperationen.json`): one URL per resource, one name per URL
    # (the permission matrix is keyed by name); the format is JSON, by the Accept header.
    include_format_suffixes = False


router = Router()
router.register("kooperationen", api.CooperationViewSet, basename="kooperation")
router.register("foerderprogramme", api.ProgrammeViewSet, basename="foerderprogramm")
router.register("kommunen", api.MunicipalityViewSet, basename="kommune")
router.register("statistik", api.StatisticsViewSet, basename="statistik")

urlpatterns = [
    # Before the router: "facetten" is no programme id.
    path(
        "foerderprogramme/facetten/",
        api.ProgrammeViewSet.as_view({"get": "facets"}),
        name="foerderprogramm-facetten",
    ),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
