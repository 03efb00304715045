from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Benutzerkonten"

    def ready(self) -> None:
        from .roles import sync_groups

        post_migrate.connect(sync_groups, sender=self)
        # Security audit events (logins, failed logins, role changes): accounts/signals.py
        from . import signals  # noqa: F401
