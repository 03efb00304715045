from __future__ import annotations

from django.urls import path

from . import views

app_name = "agreements"

# Under /vorgaenge/ beside the case page (ikz_portal/urls.py).
urlpatterns = [
    path("<int:pk>/kostenverteilung/", views.case_key, name="case-key"),
    path("<int:pk>/vereinbarung/entwurf.docx", views.case_draft_docx, name="case-draft-docx"),
    path("<int:pk>/vereinbarung/entwurf.pdf", views.case_draft_pdf, name="case-draft-pdf"),
]
