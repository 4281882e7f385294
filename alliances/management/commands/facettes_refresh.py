from django.core.management.base import BaseCommand

from alliances import facettes


class Command(BaseCommand):
    help = (
        "Recalcule les comptages de la recherche d'alliances (total et facettes, lus à "
        "l'échelle nationale) ; la tâche Celery « alliances.tasks.facettes_refresh » fait de "
        "même toutes les demi-heures."
    )

    def handle(self, *args, **options):
        mise_a_jour = facettes.refresh()
        self.stdout.write(
            f"Comptages de la recherche recalculés en {mise_a_jour.duree_ms} ms "
            f"({mise_a_jour.alliances} alliances publiées)."
        )
