from django.apps import AppConfig


def register_code_parameters() -> None:
    """The codes that the API's filters take (every list that filters by territory or domaine):
    their format as the referential's columns hold them (digits and capitals: « 84 », « 2A »,
    « 974 », « 69123 »; a SIREN of nine digits), and a 404 when no row has one."""
    from api.registry import register_code_parameter
    from nomenclatures.models import Domaine
    from territoires.models import EPCI, Commune, Departement, Region

    for name, pattern, model, field, message in (
        ("region", "^[0-9A-Z]{2,3}$", Region, "code", "Aucune région n'a le code INSEE « {} »."),
        (
            "departement",
            "^[0-9A-Z]{2,3}$",
            Departement,
            "code",
            "Aucun département n'a le code INSEE « {} ».",
        ),
        ("epci", "^[0-9]{9}$", EPCI, "siren", "Aucun EPCI n'a le SIREN « {} »."),
        (
            "commune",
            "^[0-9A-Z]{5}$",
            Commune,
            "code_insee",
            "Aucune commune n'a le code INSEE « {} ».",
        ),
        (
            "domaine",
            "^[a-z-]{1,50}$",
            Domaine,
            "code",
            "Aucun domaine d'action n'a le code « {} ».",
        ),
    ):
        register_code_parameter(name, pattern=pattern, model=model, field=field, message=message)


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
        register_code_parameters()
        opendata.registry.register(*EXPORTS, ordre=50)
