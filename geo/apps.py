from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "geo"
    verbose_name = "Gebietsgrenzen und Karten"
