from __future__ import annotations

from django.urls import path

from . import views

app_name = "budget_advice"

urlpatterns = [
    path("", views.request_consultation, name="request"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
]
