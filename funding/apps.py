from django.apps import AppConfig
from django.db.models.signals import post_migrate


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = "Förderung"

    def ready(self) -> None:
        from core.reference_data import restore_reference_data

        post_migrate.connect(restore_reference_data, sender=self)
