from django.apps import AppConfig


class RessourcesConfig(AppConfig):
    name = "ressources"
    verbose_name = "ressources"

    def ready(self):
        from api.registry import register_viewset
        from ressources.api import RessourceViewSet

        register_viewset("ressources", RessourceViewSet, basename="ressource")
