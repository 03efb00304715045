from django.apps import AppConfig


class IkzPortalConfig(AppConfig):
    name = "ikz_portal"
    verbose_name = "IKZ-Portal"
