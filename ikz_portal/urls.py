from django.contrib import admin
from django.urls import include, path

from . import health, views

admin.site.site_header = "IKZ-Portal – Verwaltung"
admin.site.site_title = "IKZ-Portal"
admin.site.index_title = "Back Office"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
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
    path("haushaltsberatung/", include("budget_advice.urls")),
    path("statistik/", include("reports.urls")),
    path("api/v1/", include("opendata.api_urls")),
    path("opendata/", include("opendata.urls")),
    path("wissen/", include("knowledge.urls")),
    path("veranstaltungen/", include("events.urls")),
    path("dossier/", include("dossier.urls")),
]

# Error pages that never query the database (ikz_portal/errors.py); allauth's rate
# limits answer through handler429.
handler400 = "ikz_portal.errors.bad_request"
handler403 = "ikz_portal.errors.permission_denied"
handler404 = "ikz_portal.errors.page_not_found"
handler429 = "ikz_portal.errors.too_many_requests"
handler500 = "ikz_portal.errors.server_error"
