from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from sauvegardes import outils


class Command(BaseCommand):
    help = (
        "Sauvegarde la base PostgreSQL (format personnalisé de pg_dump) et les fichiers déposés "
        "dans un dossier daté, avec le nombre de lignes de chaque table."
    )

    def add_arguments(self, parser):
        parser.add_argument("dossier", help="Dossier où créer la sauvegarde datée.")

    def handle(self, *args, dossier: str, **options):
        cible = Path(dossier) / timezone.now().strftime("sauvegarde-%Y%m%d-%H%M%S")
        manifeste = outils.dump(cible)
        lignes = sum(manifeste["lignes"].values())
        self.stdout.write(
            f"Sauvegarde écrite dans {cible} : {lignes} lignes dans "
            f"{len(manifeste['lignes'])} tables, {manifeste['fichiers']} fichiers déposés."
        )
