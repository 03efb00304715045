"""The advisers' pages of the key, under /admin/kostenverteilung/ and behind the back
office's login and second factor (admin_view); listed before the admin in
ikz_portal/urls.py, whose catch-all would answer 404 for them otherwise."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path

from . import views

app_name = "agreements_office"

urlpatterns = [
    path("<int:pk>/", admin.site.admin_view(views.office_case_key), name="case-key"),
    path(
        "<int:pk>/vereinbarung.docx", admin.site.admin_view(views.office_draft_docx), name="case-draft-docx"
    ),
    path("<int:pk>/vereinbarung.pdf", admin.site.admin_view(views.office_draft_pdf), name="case-draft-pdf"),
]
