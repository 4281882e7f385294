from django.apps import AppConfig


class ObservatoireConfig(AppConfig):
    name = "observatoire"
    verbose_name = "observatoire"

    def ready(self):
        from observatoire.widget import widget_snippet
        from organisations.pages import Section, register_section

        def widget(request, organisation) -> dict:
            # The widget shows published organisations only: no code to copy before that.
            if not organisation.is_published:
                return {"widget_snippet": ""}
            return {
                "widget_snippet": widget_snippet(organisation=organisation.slug),
                "widget_cible": f"dont {organisation.nom} est partenaire",
            }

        register_section(
            Section("widget", "observatoire/organisation_widget.html", widget, ordre=30)
        )
        register_section(
            Section(
                "widget_scripts",
                "observatoire/organisation_widget_scripts.html",
                lambda request, organisation: {"publiee": organisation.is_published},
                zone="scripts",
            )
        )

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

        register_viewset("regions", RegionViewSet, basename="region", ordre=50)
        register_viewset("departements", DepartementViewSet, basename="departement", ordre=50)
        register_viewset("epci", EPCIViewSet, basename="epci", ordre=50)
        register_viewset("communes", CommuneViewSet, basename="commune", ordre=50)
        register_view("chiffres/", ChiffresView.as_view(), name="chiffres")
        opendata.registry.register(*EXPORTS, ordre=50)
