from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from alliances.demo import demo_alliances_create
from alliances.models import Alliance
from chartes.demo import demo_signatures_create
from comptes.demo import SLUG_PREFIX
from comptes.services import DEMO_PASSWORD, demo_accounts_create
from conventions.demo import demo_conventions_create
from moderation import historique
from offres.demo import (
    demo_convention_create,
    demo_mises_en_relation_create,
    demo_offres_create,
)
from organisations.demo import (
    demo_catalyseur_create,
    demo_membres_create,
    demo_organisations_create,
)
from organisations.models import Organisation
from suivis.demo import demo_suivis_create


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration (comptes, organisations et alliances marqués "
        "« démo »). Réservé à un usage local : refuse de tourner hors DEBUG sans --force."
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
        # The history names this command as the author of what it writes.
        with historique.context(commande="load_demo"):
            self._load()

    def _load(self) -> None:
        users = demo_accounts_create()
        for user in users:
            role = "administration" if user.is_staff else "espace pro"
            self.stdout.write(f"Compte de démonstration ({role}) : {user.email} / {DEMO_PASSWORD}")
        created = demo_organisations_create()
        if created:
            self.stdout.write(f"Organisations de démonstration : {created} créées")
        elif (
            Organisation.objects.filter(is_demo=True).exclude(slug__startswith=SLUG_PREFIX).exists()
        ):
            self.stdout.write("Organisations de démonstration : déjà présentes")
        else:
            self.stdout.write(
                "Organisations de démonstration : aucune, le référentiel territorial n'est pas "
                "chargé (manage.py load_territoires)"
            )
        created = demo_alliances_create()
        if created:
            self.stdout.write(f"Alliances de démonstration : {created} créées")
        elif Alliance.objects.filter(is_demo=True).exclude(slug__startswith=SLUG_PREFIX).exists():
            self.stdout.write("Alliances de démonstration : déjà présentes")
        else:
            self.stdout.write(
                "Alliances de démonstration : aucune, il faut au moins deux organisations de "
                "démonstration publiées"
            )
        for membre in demo_membres_create():
            self.stdout.write(
                f"Espace pro de {membre.user.email} : {membre.get_role_display()} "
                f"de « {membre.organisation.nom} »"
            )
        catalyseur = demo_catalyseur_create()
        if catalyseur is not None:
            self.stdout.write(
                f"Modération : {catalyseur.user.email} est catalyseur de la région "
                f"{catalyseur.region.nom} (/moderation/)"
            )
        created = demo_signatures_create()
        if created:
            self.stdout.write(f"Signataires de démonstration de la charte : {created}")
        created = demo_offres_create()
        if created:
            self.stdout.write(f"Offres de démonstration : {created} créées")
        created = demo_mises_en_relation_create()
        if created:
            self.stdout.write(f"Mises en relation de démonstration : {created} créées")
        created = demo_conventions_create() + demo_convention_create()
        if created:
            self.stdout.write(f"Conventions de démonstration : {created} créées")
        created = demo_suivis_create()
        if created:
            self.stdout.write(f"Suivis d'alliances de démonstration : {created} créés")
