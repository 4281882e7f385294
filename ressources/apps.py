from django.apps import AppConfig


class RessourcesConfig(AppConfig):
    name = "ressources"
    verbose_name = "ressources"

    def ready(self):
        import recherche.index
        from ressources.models import Ressource
        from ressources.services import ressources_reindex

        recherche.index.register(Ressource, ressources_reindex)

        import opendata.registry
        from api.registry import register_viewset
        from ressources.api import RessourceViewSet
        from ressources.exports import EXPORTS

        register_viewset("ressources", RessourceViewSet, basename="ressource", ordre=40)
        opendata.registry.register(*EXPORTS, ordre=40)
