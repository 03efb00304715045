from __future__ import annotations

from django.urls import path

from . import views

app_name = "cooperations"

urlpatterns = [
    path("", views.my_cases, name="my-cases"),
    path("<int:pk>/", views.case_detail, name="case-detail"),
    path("<int:pk>/nachricht/", views.case_message, name="case-message"),
    path("<int:pk>/dokumente/", views.case_document_upload, name="case-document-upload"),
    path("<int:pk>/dokumente/<int:document_pk>/", views.document_download, name="document-download"),
    path("anfrage/", views.inquiry_start, name="inquiry-start"),
    path("anfrage/<uuid:token>/pruefen/", views.inquiry_review, name="inquiry-review"),
    path("anfrage/<uuid:token>/fertig/", views.inquiry_done, name="inquiry-done"),
    path("anfrage/<uuid:token>/verwerfen/", views.inquiry_discard, name="inquiry-discard"),
    path("anfrage/<uuid:token>/<slug:step>/", views.inquiry_step, name="inquiry-step"),
]
