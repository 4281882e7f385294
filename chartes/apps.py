from django.apps import AppConfig


def _badge(request, organisation) -> dict:
    # Read from the organisation row itself: the badge costs no query.
    return {"signee_le": organisation.charte_signee_le}


class ChartesConfig(AppConfig):
    name = "chartes"
    verbose_name = "charte du faire alliance"

    def ready(self):
        from chartes import donnees
        from comptes.donnees import Rubrique
        from comptes.donnees import register as register_donnees

        register_donnees(
            Rubrique(
                "charte",
                "Signatures de la Charte du faire alliance",
                export=donnees.export,
                ordre=40,
            )
        )

        from organisations.pages import Section, register_section

        register_section(
            Section(
                name="charte",
                template="chartes/badge_organisation.html",
                context=_badge,
                zone="en_bref",
                ordre=10,
            )
        )
