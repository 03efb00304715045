from __future__ import annotations

from django.urls import path

from . import atlas

app_name = "atlas"

urlpatterns = [
    path("", atlas.atlas_list, name="list"),
    path("<int:pk>/", atlas.atlas_detail, name="detail"),
    path("partnersuche/", atlas.partner_search, name="partner-search"),
]
