from django.apps import AppConfig


class BudgetAdviceConfig(AppConfig):
    name = "budget_advice"
    verbose_name = "Haushaltsberatung"
