from __future__ import annotations

from django.urls import path

from . import views

app_name = "savings"

urlpatterns = [
    path("<int:pk>/einsparungen/", views.report, name="report"),
]
