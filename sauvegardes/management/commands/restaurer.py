from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sauvegardes import outils


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde (commande sauvegarder) dans une base PostgreSQL vide et le "
        "dossier des fichiers déposés, puis vérifie que chaque table a retrouvé ses lignes."
    )

    def add_arguments(self, parser):
        parser.add_argument("sauvegarde", help="Le dossier daté écrit par sauvegarder.")
        parser.add_argument(
            "--base",
            required=True,
            help="Adresse de la base vide où restaurer (postgres://…) : jamais la base en service.",
        )
        parser.add_argument(
            "--medias", default=str(settings.MEDIA_ROOT), help="Dossier des fichiers déposés."
        )

    def handle(self, *args, sauvegarde: str, base: str, medias: str, **options):
        if base == outils.libpq_url():
            raise CommandError("Restaurez dans une base vide, pas dans la base en service.")
        ecarts = outils.restore(Path(sauvegarde), base=base, medias=Path(medias))
        if ecarts:
            detail = ", ".join(f"{t} : {a} attendues, {f} trouvées" for t, (a, f) in ecarts.items())
            raise CommandError(f"La restauration ne retrouve pas toutes les lignes : {detail}.")
        self.stdout.write("Restauration vérifiée : chaque table a retrouvé toutes ses lignes.")
