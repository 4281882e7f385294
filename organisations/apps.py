from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = "organisations"

    def ready(self):
        from comptes.donnees import Rubrique
        from comptes.donnees import register as register_donnees
        from organisations import donnees

        register_donnees(
            Rubrique(
                "organisations",
                "Vos organisations : adhésions, demandes, invitations",
                export=donnees.export,
                erase=donnees.erase,
                consequences=donnees.consequences,
                purge=donnees.purge,
                ordre=10,
            )
        )

        from moderation.registry import commune_place, register
        from organisations.journal import organisation_journal
        from organisations.models import Membre, Organisation

        register(
            Organisation,
            nature="organisation",
            label="organisation",
            title_field="nom",
            place_related=("siege",),
            apercu="organisations/moderation_apercu.html",
            place=lambda organisation: commune_place(organisation.siege),
            members=lambda organisation: Membre.objects.accounts_of([organisation.pk]),
            conflicts=Organisation.objects.conflicting_with,
            journal=organisation_journal,
            # Its own site is what it publishes, not a source that vouches for it.
            links=lambda organisation: [organisation.site_web] if organisation.site_web else [],
            fields=(
                ("nom", "Nom"),
                ("kind", "Type de structure"),
                ("description", "Description"),
                ("site_web", "Site web"),
                ("siege", "Siège"),
                ("siren", "SIREN"),
                ("siret", "SIRET"),
                ("rna", "RNA"),
                ("territoire_departement", "Département administré"),
                ("territoire_region", "Région administrée"),
            ),
        )

        # Its API and open data file (api/ and opendata/ collect them).
        import recherche.index
        from organisations.services import organisations_refresh_search

        recherche.index.register(Organisation, organisations_refresh_search)

        import opendata.registry
        from api.registry import register_viewset
        from organisations.api import OrganisationViewSet
        from organisations.exports import EXPORTS

        register_viewset("organisations", OrganisationViewSet, basename="organisation", ordre=20)
        opendata.registry.register(*EXPORTS, ordre=20)
