from django.apps import AppConfig


class ObservatoireConfig(AppConfig):
    name = "observatoire"
    verbose_name = "observatoire"

    def ready(self):
        import opendata.registry
        from api.registry import register_view, register_viewset
        from observatoire.api import (
            ChiffresView,
            CommuneViewSet,
            DepartementViewSet,
            EPCIViewSet,
            RegionViewSet,
        )
        from observatoire.exports import EXPORTS

        register_viewset("regions", RegionViewSet, basename="region")
        register_viewset("departements", DepartementViewSet, basename="departement")
        register_viewset("epci", EPCIViewSet, basename="epci")
        register_viewset("communes", CommuneViewSet, basename="commune")
        register_view("chiffres/", ChiffresView.as_view(), name="chiffres")
        opendata.registry.register(*EXPORTS)
