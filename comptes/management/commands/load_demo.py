from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from comptes.services import DEMO_PASSWORD, demo_accounts_create


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration (comptes marqués « démo »). "
        "Réservé à un usage local : refuse de tourner hors DEBUG sans --force."
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
        users = demo_accounts_create()
        for user in users:
            role = "administration" if user.is_staff else "citoyen"
            self.stdout.write(f"Compte de démonstration ({role}) : {user.email} / {DEMO_PASSWORD}")
