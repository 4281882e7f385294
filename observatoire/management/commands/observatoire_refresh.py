from django.core.management.base import BaseCommand

from observatoire.chiffres import observatoire_refresh


class Command(BaseCommand):
    help = (
        "Recalcule les chiffres de l'observatoire (tables de synthèse) ; la tâche Celery "
        "« observatoire.tasks.observatoire_refresh_task » fait de même chaque heure."
    )

    def handle(self, *args, **options):
        mise_a_jour = observatoire_refresh()
        self.stdout.write(f"Chiffres de l'observatoire recalculés en {mise_a_jour.duree_ms} ms.")
