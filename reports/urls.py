from __future__ import annotations

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tabellen/<slug:slug>.csv", views.table_csv, name="table-csv"),
    path("berichte/", views.report_create, name="report-create"),
    path("berichte/<int:pk>/status/", views.report_status, name="report-status"),
    path("berichte/<int:pk>/pdf/", views.report_download, name="report-download"),
    path("fallakte/<int:pk>.pdf", views.case_file, name="case-file"),
]
