from django.core.management.base import BaseCommand
from django.db import transaction

from recherche.index import indexed

BATCH = 5000


class Command(BaseCommand):
    help = (
        "Recalcule les textes de recherche de toutes les lignes (mots de SQLite, vecteurs de "
        "PostgreSQL) : alliances, organisations, offres, ressources. À lancer après une "
        "migration qui change ce qu'ils contiennent."
    )

    def handle(self, *args, verbosity: int, **options):
        for entry in indexed():
            ids = list(entry.model.objects.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(ids), BATCH):
                with transaction.atomic():
                    entry.refresh(ids[start : start + BATCH])
            if verbosity >= 1:
                self.stdout.write(
                    f"{entry.model._meta.verbose_name_plural} : {len(ids)} lignes réindexées."
                )
