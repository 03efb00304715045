from __future__ import annotations

from django.urls import path

from . import views

app_name = "geo"

urlpatterns = [
    path("", views.atlas_map, name="atlas-map"),
]
