from __future__ import annotations

from django.urls import path

from . import views

app_name = "dossier"

urlpatterns = [
    path("vorgang/<int:pk>/dossier.zip", views.case_zip, name="case-zip"),
]
