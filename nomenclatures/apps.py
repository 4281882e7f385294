from django.apps import AppConfig


class NomenclaturesConfig(AppConfig):
    name = "nomenclatures"
    verbose_name = "nomenclatures"
