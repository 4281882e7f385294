"""Benchmark of the moderation queue: a région's catalyseur opens the queue (and its filtered
and later pages) while thousands of items wait in that région and many more elsewhere."""

import random
import statistics
import time
import warnings

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.models import Alliance, Participation
from banc.donnees import number
from comptes.demo import SLUG_PREFIX, TITLE_PREFIX
from comptes.models import User
from moderation import workflow
from moderation.models import Catalyseur, Decision, Recours, Signalement, Soumission
from nomenclatures.models import Typologie
from organisations.models import Membre, Organisation
from territoires.models import Commune, Region

# Bench rows of this command: `bench-m-<n>` slugs, apart from those of `bench_generate`.
MODERATION_PREFIX = f"{SLUG_PREFIX}m-"
CATALYSEUR_EMAIL = "catalyseur.banc-essai@exemple.fr"
TARGET_P95_MS = 150
BATCH = 5000


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


class Command(BaseCommand):
    help = (
        "Génère des alliances en attente de modération (lignes de banc d'essai) dans une région "
        "et ailleurs, puis mesure la file de modération d'un catalyseur de cette région à "
        "travers Django : médiane et 95e centile."
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", default="84", help="Code INSEE de la région (84).")
        parser.add_argument(
            "--pending", type=int, default=10_000, help="En attente dans la région (10 000)."
        )
        parser.add_argument(
            "--elsewhere", type=int, default=50_000, help="En attente ailleurs (50 000)."
        )
        parser.add_argument("--repeat", type=int, default=30, help="Répétitions (30).")

    def handle(self, *args, region: str, pending: int, elsewhere: int, repeat: int, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Ce banc d'essai ne tourne que sur PostgreSQL (DATABASE_URL).")
        region_row = Region.objects.filter(code=region).first()
        if region_row is None:
            raise CommandError(
                f"Région {region} absente : lancez d'abord « manage.py load_territoires »."
            )
        self._generate(region_row, pending, elsewhere)
        user = self._catalyseur(region_row)
        urls = [
            ("file", reverse("moderation:file")),
            ("page 50", reverse("moderation:file") + "?page=50"),
            ("plus de 7 jours", reverse("moderation:file") + "?anciennete=7"),
            ("un département", reverse("moderation:file") + "?departement=69"),
        ]
        overrides = {
            "DEBUG": False,
            "ALLOWED_HOSTS": ["testserver"],
            "STORAGES": {
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        }
        with override_settings(**overrides), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="No directory at")
            client = Client(headers={"x-forwarded-proto": "https"})
            client.force_login(user)
            samples: dict[str, list[float]] = {label: [] for label, _ in urls}
            queries = {}
            for label, url in urls:
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(url)
                if response.status_code != 200:
                    raise CommandError(f"{url} a répondu {response.status_code}.")
                queries[label] = len(captured)
            for _ in range(repeat):
                for label, url in urls:
                    started = time.perf_counter()
                    client.get(url)
                    samples[label].append((time.perf_counter() - started) * 1000)
        waiting = Soumission.objects.filter(region=region_row).count()
        self.stdout.write(
            f"File de la région {region_row.nom} : {number(waiting)} contenus en attente, "
            f"{number(Soumission.objects.count())} dans toute la France ; {repeat} répétitions."
        )
        self.stdout.write(f"{'page':<18}{'requêtes':>10}{'médiane ms':>12}{'p95 ms':>10}")
        worst = 0.0
        for label, values in samples.items():
            p95 = _p95(values)
            worst = max(worst, p95)
            self.stdout.write(
                f"{label:<18}{queries[label]:>10}{statistics.median(values):>12.1f}{p95:>10.1f}"
            )
        verdict = "ok" if worst <= TARGET_P95_MS else "AU-DESSUS"
        self.stdout.write(f"Cible : p95 ≤ {TARGET_P95_MS} ms — {verdict}")

    def _generate(self, region: Region, pending: int, elsewhere: int) -> None:
        """Pending bench alliances spread over the communes, submitted over the last 30 days
        (idempotent: tops up to the wanted numbers)."""
        here = list(Commune.objects.actuelles().filter(region=region))
        there = list(
            Commune.objects.actuelles().exclude(region=region).filter(region__isnull=False)
        )
        existing = Alliance.objects.filter(slug__startswith=MODERATION_PREFIX)
        counts = {
            True: existing.filter(region=region).count(),
            False: existing.exclude(region=region).count(),
        }
        start = existing.count()
        rng = random.Random(17)
        for communes, wanted, inside in ((here, pending, True), (there, elsewhere, False)):
            missing = max(wanted - counts[inside], 0)
            while missing:
                size = min(BATCH, missing)
                self._batch(rng, communes, start, size)
                start += size
                missing -= size
                self.stdout.write(f"  {number(start)} alliances en attente générées")

    @transaction.atomic
    def _batch(self, rng: random.Random, communes: list[Commune], start: int, size: int) -> None:
        alliances = []
        for n in range(start, start + size):
            alliance = Alliance(
                titre=f"{TITLE_PREFIX}Alliance à modérer {n}",
                slug=f"{MODERATION_PREFIX}{n}",
                description="Alliance générée pour mesurer la file de modération.",
                typologie=rng.choice(Typologie.values),
                modalite=Alliance.Modalite.CONTRAT_ECHANGE,
                commune=rng.choice(communes),
                statut="en_attente",
                is_demo=True,
            )
            alliance.copy_commune_place()
            alliances.append(alliance)
        created = Alliance.objects.bulk_create(alliances, batch_size=BATCH)
        workflow.record_imported(created, texte="Banc d'essai de la modération.")
        # Waits spread over 30 days, so that the age filter has work to do.
        Soumission.objects.filter(nature="alliance", object_id__in=[a.pk for a in created]).update(
            submitted_at=RawSQL("now() - random() * interval '30 days'", [])
        )

    def _catalyseur(self, region: Region) -> User:
        user, _ = User.objects.get_or_create(email=CATALYSEUR_EMAIL)
        organisation = Organisation.objects.filter(slug=f"{MODERATION_PREFIX}fondation").first()
        if organisation is None:
            organisation = Organisation.objects.create(
                kind=Organisation.Kind.FONDATION,
                nom=f"{TITLE_PREFIX}Fondation territoriale",
                slug=f"{MODERATION_PREFIX}fondation",
                siege=Commune.objects.filter(region=region).order_by("code_insee").first(),
                email_contact=CATALYSEUR_EMAIL,
                statut="publiee",
                is_demo=True,
            )
        Catalyseur.objects.get_or_create(
            user=user,
            organisation=organisation,
            niveau=Catalyseur.Niveau.REGION,
            region=region,
            defaults={"actif": True},
        )
        self._conflicts_and_appeals(user, organisation, region)
        return user

    def _conflicts_and_appeals(self, user: User, fondation: Organisation, region: Region) -> None:
        """What a real catalyseur's queue carries besides the waiting items: memberships (the
        fondation and two associations, partners of 100 waiting alliances: the conflict of
        interest has work to do), 20 appeals and 50 reported alliances (idempotent)."""
        siege = fondation.siege
        membres = [fondation]
        for n in range(2):
            association, _ = Organisation.objects.get_or_create(
                slug=f"{MODERATION_PREFIX}association-{n}",
                defaults={
                    "kind": Organisation.Kind.ASSOCIATION,
                    "nom": f"{TITLE_PREFIX}Association du catalyseur {n}",
                    "siege": siege,
                    "rna": f"W{n:09d}",
                    "statut": "publiee",
                    "is_demo": True,
                },
            )
            membres.append(association)
        for organisation in membres:
            Membre.objects.get_or_create(user=user, organisation=organisation)
        waiting = Alliance.objects.filter(
            slug__startswith=MODERATION_PREFIX, region=region, statut="en_attente"
        ).order_by("pk")
        if not Participation.objects.filter(organisation__in=membres).exists():
            Participation.objects.bulk_create(
                Participation(
                    alliance=alliance,
                    organisation=membres[1 + n % 2],
                    etat=Participation.Etat.CONFIRMEE,
                )
                for n, alliance in enumerate(waiting[:100])
            )
        if Recours.objects.filter(decision__titre__startswith=TITLE_PREFIX).exists():
            return
        author = User.objects.filter(is_staff=False).exclude(pk=user.pk).order_by("pk").first()
        author = author or User.objects.create(email="auteur.banc-essai@exemple.fr")
        # Rows written directly (not through `transition`): the author is no moderator, and the
        # bench measures reading the queue, not the workflow.
        for n, alliance in enumerate(waiting.select_related("commune")[100:170]):
            if n < 20:
                Alliance.objects.filter(pk=alliance.pk).update(statut="refusee")
                Soumission.objects.filter(nature="alliance", object_id=alliance.pk).delete()
                decision = Decision.objects.create(
                    nature="alliance",
                    object_id=alliance.pk,
                    titre=alliance.titre,
                    de="en_attente",
                    vers="refusee",
                    by=author,
                    motif="hors_sujet",
                    **workflow.place_of(alliance),
                )
                Recours.objects.create(decision=decision, texte="Relisez.", by=author)
            else:
                Signalement.objects.create(
                    nature="alliance",
                    object_id=alliance.pk,
                    titre=alliance.titre,
                    motif="autre",
                    empreinte=f"banc-{n}",
                    **workflow.place_of(alliance),
                )
