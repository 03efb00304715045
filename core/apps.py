from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    # The label of the package this came from (ikz_portal), so that existing databases keep
    # their migration records, table names and permissions (the mail outbox).
    label = "ikz_portal"
    verbose_name = "IKZ-Portal"
