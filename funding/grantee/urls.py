from __future__ import annotations

from django.urls import path

from . import views

app_name = "grantee"

# Under /vorgaenge/<pk>/foerderungen/ (ikz_portal/urls.py).
urlpatterns = [
    path("<int:grant_pk>/mittelabruf/", views.payment_request, name="payment-request"),
    path("<int:grant_pk>/verwendungsnachweis/", views.proof_of_use, name="proof-of-use"),
]
