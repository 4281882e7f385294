from django.apps import AppConfig


class BancConfig(AppConfig):
    name = "banc"
    verbose_name = "banc d'essai"
