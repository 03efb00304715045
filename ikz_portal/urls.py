from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "IKZ-Portal – Verwaltung"
admin.site.site_title = "IKZ-Portal"
admin.site.index_title = "Back Office"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("konto/", include("allauth.urls")),
]
