from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ressources.demo import demo_ressources_create


class Command(BaseCommand):
    help = (
        "Charge une quarantaine de ressources de démonstration (marquées « démo ») dans la "
        "bibliothèque. Réservé à un usage local : refuse de tourner hors DEBUG sans --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Charger même hors DEBUG (recette uniquement)."
        )

    def handle(self, *args, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Les données de démonstration ne se chargent qu'en local (DEBUG) ; "
                "ajoutez --force pour une recette."
            )
        created = demo_ressources_create()
        if created:
            self.stdout.write(f"Ressources de démonstration : {created} créées")
        else:
            self.stdout.write("Ressources de démonstration : déjà présentes")
