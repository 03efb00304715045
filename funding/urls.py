from __future__ import annotations

from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("", views.programme_list, name="programme-list"),
    path("programme/<int:pk>/", views.programme_detail, name="programme-detail"),
    path("frage/", views.question, name="question"),
    path("frage/gesendet/", views.question_sent, name="question-sent"),
]
