from django.apps import AppConfig


class SuivisConfig(AppConfig):
    name = "suivis"
    verbose_name = "suivis et évaluations"
