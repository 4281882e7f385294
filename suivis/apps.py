from django.apps import AppConfig


class SuivisConfig(AppConfig):
    name = "suivis"
    verbose_name = "suivis et évaluations"

    def ready(self):
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
