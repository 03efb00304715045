from __future__ import annotations

from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [
    path("", views.entry_list, name="list"),
    path("<int:pk>/", views.entry_detail, name="detail"),
    path("<int:pk>/datei/", views.entry_download, name="download"),
    path("selbstcheck/", views.selfcheck, name="selfcheck"),
    path("selbstcheck/ergebnis/", views.selfcheck_result, name="selfcheck-result"),
    path("selbstcheck/anfrage/", views.selfcheck_to_inquiry, name="selfcheck-to-inquiry"),
]
