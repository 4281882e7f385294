import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from tqdm import tqdm

from territoires.services import DATA_DIR, referentiel_load


class Command(BaseCommand):
    help = (
        "Charge ou met à jour le référentiel territorial (régions, départements, EPCI, communes) "
        "depuis les fichiers de territoires/data. Sans effet si rien n'a changé."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            type=Path,
            default=DATA_DIR,
            help="Dossier des fichiers CSV (par défaut : territoires/data).",
        )

    def handle(self, *args, source: Path, verbosity: int, **options):
        # A progress bar only makes sense in a terminal; in a log it is noise.
        show_progress = verbosity >= 1 and sys.stderr.isatty()

        def progress(rows):
            return tqdm(rows, desc="Communes", unit=" communes", disable=not show_progress)

        bilans = referentiel_load(source=source, progress=progress)
        if verbosity >= 1:
            for table, bilan in bilans.items():
                self.stdout.write(f"{table} : {bilan}")
