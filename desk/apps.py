from __future__ import annotations

from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The advisers' start page and Eingang: new work across cases, Förderlotse
    questions and budget consultation requests. It hands its views to the admin site,
    which stays below the apps and imports none of them."""

    name = "desk"
    verbose_name = "Arbeitsplatz der Beratung"

    def ready(self) -> None:
        from django.contrib import admin

        from . import views

        admin.site.add_desk(start_page=views.start_page, urls=views.urls)  # type: ignore[attr-defined]
