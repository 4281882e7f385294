from django.apps import AppConfig


class RessourcesConfig(AppConfig):
    name = "ressources"
    verbose_name = "ressources"

    def ready(self):
        import opendata.registry
        from api.registry import register_viewset
        from ressources.api import RessourceViewSet
        from ressources.exports import EXPORTS

        register_viewset("ressources", RessourceViewSet, basename="ressource", ordre=40)
        opendata.registry.register(*EXPORTS, ordre=40)
