from django.apps import AppConfig


class DemoConfig(AppConfig):
    # The demo and scale data generators (seed_demo, seed_scale): the top floor of the
    # import graph. They import every app; no app imports them.
    name = "demo"
    verbose_name = "Demodaten"
