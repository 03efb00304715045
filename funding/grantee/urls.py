from __future__ import annotations

from django.urls import path

from . import views

app_name = "grantee"

# Under /vorgaenge/ beside the case pages (ikz_portal/urls.py): the case's grants.
urlpatterns = [
    path("<int:pk>/foerderungen/<int:grant_pk>/mittelabruf/", views.payment_request, name="payment-request"),
    path(
        "<int:pk>/foerderungen/<int:grant_pk>/verwendungsnachweis/", views.proof_of_use, name="proof-of-use"
    ),
]
