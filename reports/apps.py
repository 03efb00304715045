from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Statistik und Berichte")

    def ready(self) -> None:
        from .change_counter import install_triggers

        post_migrate.connect(install_triggers, sender=self)
