from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "modération"

    def ready(self):
        from comptes.donnees import Rubrique, register
        from moderation import donnees

        register(
            Rubrique(
                "moderation",
                "Modération : vos décisions, vos signalements, vos nominations",
                export=donnees.export,
                erase=donnees.erase,
                consequences=donnees.consequences,
                purge=donnees.purge,
                ordre=60,
            )
        )
