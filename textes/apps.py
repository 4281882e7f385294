from django.apps import AppConfig


class TextesConfig(AppConfig):
    name = "textes"
    verbose_name = "textes"
