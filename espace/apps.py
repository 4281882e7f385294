from django.apps import AppConfig


class EspaceConfig(AppConfig):
    name = "espace"
    verbose_name = "espace pro"
