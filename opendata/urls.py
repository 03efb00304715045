from __future__ import annotations

from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("dcat.jsonld", views.dcat, name="dcat"),
    path("statistik-<int:year>.<str:fmt>", views.statistics_download, name="statistics-download"),
    path("<slug:slug>.<str:fmt>", views.download, name="download"),
]
