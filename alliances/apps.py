from django.apps import AppConfig
from django.db.models import F


class AlliancesConfig(AppConfig):
    name = "alliances"
    verbose_name = "alliances"

    def ready(self):
        from alliances import donnees
        from comptes.donnees import Rubrique
        from comptes.donnees import register as register_donnees

        register_donnees(
            Rubrique(
                "alliances",
                "Alliances déclarées et participations",
                export=donnees.export,
                erase=donnees.erase,
                purge=donnees.purge,
                ordre=20,
            )
        )

        from alliances.journal import alliance_journal
        from alliances.models import Alliance, Participation
        from alliances.services import attach_invited_partner, organisation_renamed
        from moderation.registry import commune_place, register
        from organisations.models import Membre, Organisation
        from organisations.pages import Section, register_section
        from organisations.services import after_organisation_create, after_organisation_update

        def partners(alliance) -> list[int]:
            return list(
                Participation.objects.filter(
                    alliance=alliance, etat=Participation.Etat.CONFIRMEE
                ).values_list("organisation_id", flat=True)
            )

        def blockers(alliance) -> list[str]:
            # An alliance is two organisations or more: published once two have confirmed.
            confirmed = len(partners(alliance))
            if confirmed < 2:
                qui = "une seule a" if confirmed else "aucune n'a encore"
                return [
                    f"Une alliance réunit au moins deux organisations : {qui} confirmé sa "
                    "participation. Elle sera publiable quand deux l'auront confirmée."
                ]
            return []

        register(
            Alliance,
            nature="alliance",
            label="alliance",
            place=lambda alliance: commune_place(
                alliance.commune, national=alliance.portee == Alliance.Portee.NATIONALE
            ),
            members=lambda alliance: Membre.objects.accounts_of(partners(alliance)),
            conflicts=Alliance.objects.conflicting_with,
            sites=lambda alliance: Organisation.objects.sites_of(partners(alliance)),
            journal=alliance_journal,
            blockers=blockers,
            apercu="alliances/moderation_apercu.html",
            fields=(
                ("titre", "Titre"),
                ("description", "Description"),
                ("resultats", "Résultats et impact"),
                ("commune", "Lieu"),
                ("portee", "Portée"),
            ),
        )
        # Whoever was invited as a partner by email finds the alliance once their organisation
        # registers.
        after_organisation_create(attach_invited_partner)
        after_organisation_update(organisation_renamed)

        import recherche.index
        from alliances.services import alliances_refresh_search

        recherche.index.register(Alliance, alliances_refresh_search)
        register_section(
            Section(
                "alliances",
                "alliances/organisation_alliances.html",
                lambda request, organisation: {
                    "alliances": Alliance.objects.published()
                    .filter(
                        participations__organisation=organisation,
                        participations__etat=Participation.Etat.CONFIRMEE,
                    )
                    .for_listing()
                    .order_by(F("date_debut").desc(nulls_last=True), "-pk")
                },
                ordre=20,
            )
        )

        # Its API and open data file (api/ and opendata/ collect them).
        import opendata.registry
        from alliances.api import AllianceViewSet
        from alliances.exports import EXPORTS
        from api.registry import register_viewset

        register_viewset("alliances", AllianceViewSet, basename="alliance", ordre=10)
        opendata.registry.register(*EXPORTS, ordre=10)
