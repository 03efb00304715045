from django.contrib import admin
from django.urls import include, path

from core import health

from . import views

admin.site.site_header = "IKZ-Portal – Verwaltung"
admin.site.site_title = "IKZ-Portal"
admin.site.index_title = "Back Office"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    # Before the admin: its catch-all would take every path under admin/ (agreements/office_urls.py).
    path("admin/kostenverteilung/", include("agreements.office_urls")),
    path("admin/", admin.site.urls),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path("impressum/", views.imprint, name="imprint"),
    path("datenschutz/", views.privacy, name="privacy"),
    path("ansprechpartner/", views.contacts_public, name="contacts-public"),
    path("atlas/karte/", include("geo.urls")),
    path("atlas/", include("cooperations.atlas_urls")),
    path("foerderlotse/", include("funding.urls")),
    path("konto/kommunen/", include("accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("vorgaenge/", include("cooperations.urls")),
    path("vorgaenge/", include("agreements.urls")),
    path("vorgaenge/", include("funding.grantee.urls")),
    path("vorgaenge/", include("savings.urls")),
    path("haushaltsberatung/", include("budget_advice.urls")),
    path("statistik/", include("reports.urls")),
    path("api/v1/", include("opendata.api_urls")),
    path("opendata/", include("opendata.urls")),
    path("wissen/", include("knowledge.urls")),
    path("veranstaltungen/", include("events.urls")),
    path("dossier/", include("dossier.urls")),
]

# Error pages that never query the database (core/errors.py); allauth's rate
# limits answer through handler429.
handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler429 = "core.errors.too_many_requests"
handler500 = "core.errors.server_error"
