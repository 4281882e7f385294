from django.apps import AppConfig


class OffresConfig(AppConfig):
    name = "offres"
    verbose_name = "offres"

    def ready(self):
        from comptes.donnees import Rubrique
        from comptes.donnees import register as register_donnees
        from offres import donnees

        register_donnees(
            Rubrique(
                "offres",
                "Mises en relation et recherches enregistrées",
                export=donnees.export,
                erase=donnees.erase,
                ordre=30,
            )
        )

        from alliances.declaration import register_start
        from conventions.origines import register_origin
        from moderation.registry import commune_place, register, when_published
        from offres.convention import origin_from_mise_en_relation
        from offres.declaration import depart_from_mise_en_relation
        from offres.models import MiseEnRelation, Offre
        from offres.services import organisation_published, organisation_renamed
        from organisations.models import Membre, Organisation
        from organisations.pages import Section, register_section
        from organisations.services import after_organisation_update

        register(
            Offre,
            nature="offre",
            label="offre",
            place=lambda offre: commune_place(offre.commune, national=offre.national),
            members=lambda offre: Membre.objects.accounts_of([offre.organisation_id]),
            conflicts=Offre.objects.conflicting_with,
            sites=lambda offre: Organisation.objects.sites_of([offre.organisation_id]),
            fields=(
                ("titre", "Titre"),
                ("description", "Description"),
                ("commune", "Lieu"),
                ("national", "Portée nationale"),
            ),
        )
        # The contact requests an organisation wrote while it waited leave with its publication.
        when_published(Organisation, organisation_published)
        after_organisation_update(organisation_renamed)
        # An accepted mise en relation starts the declaration of its alliance.
        register_start(depart_from_mise_en_relation)
        # … and the drafting of its convention.
        register_origin(origin_from_mise_en_relation)
        register_section(
            Section(
                "offres",
                "offres/organisation_offres.html",
                lambda request, organisation: {
                    "offres": organisation.offres.visible().for_listing().order_by("-created_at")
                },
                ordre=10,
            )
        )
        register_section(
            Section(
                "reponses",
                "offres/organisation_reponses.html",
                lambda request, organisation: {
                    "statistiques": MiseEnRelation.objects.response_stats(organisation)
                },
                zone="en_bref",
            )
        )

        # Its API and open data file (api/ and opendata/ collect them).
        import recherche.index
        from offres.services import offres_reindex

        recherche.index.register(
            Offre, lambda ids: offres_reindex(Offre.objects.filter(pk__in=ids))
        )

        import opendata.registry
        from api.registry import register_viewset
        from offres.api import OffreViewSet
        from offres.exports import EXPORTS

        register_viewset("offres", OffreViewSet, basename="offre", ordre=30)
        opendata.registry.register(*EXPORTS, ordre=30)
