from django.apps import AppConfig


class SuivisConfig(AppConfig):
    name = "suivis"
    verbose_name = "suivis et évaluations"

    def ready(self):
        from comptes.donnees import Rubrique
        from comptes.donnees import register as register_donnees
        from suivis import donnees

        register_donnees(
            Rubrique(
                "suivis", "Suivis et évaluations des alliances", export=donnees.export, ordre=50
            )
        )

        from alliances.pages import Section, register_section
        from suivis.pages import serie_context

        register_section(
            Section(
                name="suivis",
                template="suivis/alliance_serie.html",
                context=serie_context,
                zone="principal",
                ordre=30,
            )
        )
