import random
import statistics
import time
import warnings
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.models import Alliance, FacettesMiseAJour, Participation
from banc import donnees as bench
from observatoire.models import ObservatoireMiseAJour
from organisations.models import Organisation

FRANCE = "-5.3,41.2,9.7,51.2"
ILE_DE_FRANCE = "1.4,48.1,3.6,49.3"

# (page type, label, query string) of the list page; every one also counts the facets.
SEARCHES = [
    ("liste", "toutes, page 1", {}),
    ("liste", "toutes, page 50", {"page": 50}),
    ("texte", "insertion", {"q": "insertion"}),
    ("texte", "économie circulaire", {"q": "économie circulaire"}),
    ("texte", "mecenat de competences (sans accents)", {"q": "mecenat de competences"}),
    ("texte", "numérique jeunesse", {"q": "numérique jeunesse"}),
    ("texte", "handicap, page 50", {"q": "handicap", "page": 50}),
    ("texte", "Marseille", {"q": "Marseille"}),
    ("filtre", "typologie mécénat", {"typologie": "mecenat"}),
    ("filtre", "domaine numérique", {"domaine": "numerique"}),
    ("filtre", "ODD 17", {"odd": 17}),
    ("filtre", "état en cours", {"etat": "en_cours"}),
    ("filtre", "partenaire entreprise", {"partenaire": "entreprise"}),
    ("filtre", "région Auvergne-Rhône-Alpes", {"region": "84"}),
    ("filtre", "département Gironde", {"departement": "33"}),
    (
        "combinaison",
        "texte + typologie + région",
        {"q": "insertion", "typologie": "mecenat", "region": "11"},
    ),
    (
        "combinaison",
        "domaine + ODD + état",
        {"domaine": "alimentation", "odd": 2, "etat": "en_cours"},
    ),
    (
        "combinaison",
        "partenaire + département + typologie",
        {"partenaire": "collectivite", "departement": "59", "typologie": "cooperation_economique"},
    ),
    (
        "combinaison",
        "texte + dates, page 50",
        {"q": "santé", "debut_apres": "2018-01-01", "debut_avant": "2024-12-31", "page": 50},
    ),
    (
        "proximite",
        "Paris, 10 km",
        {"commune": "Paris (75)", "rayon": 10, "tri": "proximite"},
    ),
    (
        "proximite",
        "Lyon, 20 km, texte",
        {"commune": "Lyon (69)", "rayon": 20, "q": "mobilité", "tri": "proximite"},
    ),
    (
        "proximite",
        "Langres, 50 km",
        {"commune": "Langres (52)", "rayon": 50, "tri": "proximite"},
    ),
    (
        "proximite",
        "Figeac, 20 km, typologie",
        {"commune": "Figeac (46)", "rayon": 20, "typologie": "innovation_societale"},
    ),
]
# The directory /acteurs/ (issue 15): text, filters, and a place with a radius.
ANNUAIRE = [
    ("annuaire", "tous, page 1", {}),
    ("annuaire", "texte insertion", {"q": "insertion"}),
    ("annuaire", "texte éducation (domaine)", {"q": "éducation"}),
    ("annuaire", "texte + type", {"q": "association jeunesse", "kind": "association"}),
    ("annuaire", "domaine + département", {"domaine": "sante", "departement": "33"}),
    ("annuaire", "Lyon, 20 km", {"commune": "Lyon (69)", "rayon": 20}),
    ("annuaire", "Paris, 10 km, texte", {"commune": "Paris (75)", "rayon": 10, "q": "emploi"}),
]
MAPS = [
    ("carte", "France, zoom 5", {"bbox": FRANCE, "zoom": 5}),
    ("carte", "France, zoom 6", {"bbox": FRANCE, "zoom": 6}),
    ("carte", "Île-de-France, zoom 9", {"bbox": ILE_DE_FRANCE, "zoom": 9}),
]
# Observatoire (issue 8): the figures come from summary tables refreshed by a Celery task, so
# these pages never count the alliances; the API lists page by cursor.
OBSERVATOIRE = [
    ("observatoire", "France, sans filtre", "observatoire:index", (), {}),
    (
        "observatoire",
        "typologie + période",
        "observatoire:index",
        (),
        {"typologie": "mecenat", "debut": 2018, "fin": 2024},
    ),
    ("observatoire", "domaine numérique", "observatoire:index", (), {"domaine": "numerique"}),
    (
        "territoire",
        "région Auvergne-Rhône-Alpes",
        "territoires:region",
        ("auvergne-rhone-alpes",),
        {},
    ),
    ("territoire", "département Gironde", "territoires:departement", ("gironde",), {}),
    ("widget", "France", "observatoire:widget", (), {}),
    ("widget", "département Gironde", "observatoire:widget", (), {"departement": "33"}),
    ("api", "alliances, typologie", "api:alliance-list", (), {"typologie": "mecenat"}),
    ("api", "organisations, département", "api:organisation-list", (), {"departement": "33"}),
    ("api", "chiffres, domaine", "api:chiffres", (), {"domaine": "sante"}),
]
# The page types whose totals and facets come from the search's counts (alliances/facettes.py).
SEARCH_KINDS = {"liste", "texte", "filtre", "combinaison", "proximite"}
DETAILS = 10
PAGE_TYPES = {
    "liste": "liste (pages 1 et 50)",
    "texte": "recherche plein texte",
    "filtre": "un filtre",
    "combinaison": "filtres combinés",
    "proximite": "proximité",
    "detail": "fiche alliance",
    "carte": "carte (points)",
    "observatoire": "observatoire",
    "territoire": "page de territoire",
    "widget": "widget (iframe)",
    "api": "API publique",
    "annuaire": "annuaire des acteurs",
}
# Targets at national scale (issue 4).
TARGETS_MS = {"liste": 300, "texte": 300, "filtre": 300, "combinaison": 300, "proximite": 300}
TARGETS_MS.update(detail=50, carte=150, observatoire=100, territoire=100, widget=100, api=100)
TARGETS_MS.update(annuaire=300)
MAP_TARGET_KB = 200


def _p95(samples: list[float]) -> float:
    if len(samples) < 2:
        return samples[0]
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


class Command(BaseCommand):
    help = (
        "Rejoue un jeu fixe de recherches, de fiches et de requêtes de carte à travers Django "
        "(gabarits et facettes compris) et affiche la médiane et le 95e centile par type de page."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repeat", type=int, default=5, help="Répétitions de chaque requête (5 par défaut)."
        )
        parser.add_argument(
            "--seed", type=int, default=17, help="Graine du tirage des fiches (17 par défaut)."
        )
        parser.add_argument(
            "--only",
            default="",
            help="Types de page à jouer, séparés par des virgules (par exemple "
            f"« observatoire,territoire,api ») parmi : {', '.join(PAGE_TYPES)}.",
        )

    def handle(self, *args, repeat: int, seed: int, only: str, verbosity: int, **options):
        kinds = {kind.strip() for kind in only.split(",") if kind.strip()} or set(PAGE_TYPES)
        unknown = sorted(kinds - set(PAGE_TYPES))
        if unknown:
            raise CommandError(f"Type de page inconnu : {', '.join(unknown)}.")
        if connection.vendor != "postgresql":
            raise CommandError(
                "Le banc d'essai ne tourne que sur PostgreSQL : donnez DATABASE_URL=postgres://…"
            )
        if not Alliance.objects.published().exists():
            raise CommandError(
                "Aucune alliance publiée : lancez d'abord « manage.py bench_generate »."
            )
        mise_a_jour = ObservatoireMiseAJour.objects.filter(pk=1).first()
        if kinds & {"observatoire", "territoire", "api"} and mise_a_jour is None:
            raise CommandError(
                "Les chiffres de l'observatoire ne sont pas calculés : lancez d'abord "
                "« manage.py observatoire_refresh »."
            )
        comptages = FacettesMiseAJour.objects.filter(pk=1).first()
        if kinds & SEARCH_KINDS and comptages is None:
            raise CommandError(
                "Les comptages de la recherche ne sont pas calculés : lancez d'abord "
                "« manage.py facettes_refresh »."
            )
        requests = self._requests(seed, kinds)
        # As in production: no DEBUG (no query log, no debug templates), any static URL.
        overrides = {
            "DEBUG": False,
            "ALLOWED_HOSTS": ["testserver"],
            # The benchmark replays the API far beyond the per-client limit.
            "API_RATE_PER_MINUTE": 10**9,
            # An empty cache of its own: the observatoire's figures start cold (first displays
            # are timed apart), and the site's cache (Redis, shared with Celery) stays untouched.
            "CACHES": {
                "default": {
                    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                    "LOCATION": "banc-d-essai",
                }
            },
            "STORAGES": {
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        }
        with override_settings(**overrides), warnings.catch_warnings():
            # Whitenoise warns that collectstatic has not run: static files are not measured.
            warnings.filterwarnings("ignore", message="No directory at")
            connection.force_debug_cursor = False
            client = Client(headers={"x-forwarded-proto": "https"})
            samples, queries, sizes = self._run(client, requests, repeat, verbosity)
        self._report(samples, queries, sizes, repeat)
        for label, elapsed in self.first_display.items():
            self.stdout.write(
                f"Premier affichage (chiffres pas encore en cache) : {label} en {elapsed:.0f} ms"
            )
        if comptages is not None:
            self.stdout.write(
                f"Comptages de la recherche : recalculés en {comptages.duree_ms / 1000:.1f} s "
                f"(tâche Celery toutes les 30 minutes), lus au-delà de "
                f"{bench.number(settings.RECHERCHE_COMPTAGES_A_PARTIR_DE)} alliances publiées."
            )
        if mise_a_jour is not None:
            self.stdout.write(
                f"Chiffres de l'observatoire : recalculés en {mise_a_jour.duree_ms / 1000:.1f} s "
                f"(tâche Celery horaire), le {mise_a_jour.refreshed_at:%d/%m/%Y %H:%M}."
            )

    def _requests(self, seed: int, kinds: set[str]) -> list[tuple[str, str, str]]:
        requests = [
            (kind, label, f"{reverse(name, args=args)}?{urlencode(params)}")
            for kind, label, name, args, params in OBSERVATOIRE
            if kind in kinds
        ]
        if kinds <= {kind for kind, *_ in OBSERVATOIRE}:
            return requests
        requests += [
            (kind, label, f"{reverse('alliances:alliance_list')}?{urlencode(params)}")
            for kind, label, params in SEARCHES
        ]
        # Published alliances drawn with a fixed seed: an id at random, then the next one.
        bounds = Alliance.objects.published().order_by("pk").values_list("pk", flat=True)
        low, high = bounds.first(), bounds.last()
        rng = random.Random(seed)
        slugs = []
        for _ in range(DETAILS):
            slug = (
                Alliance.objects.published()
                .filter(pk__gte=rng.randint(low, high))
                .order_by("pk")
                .values_list("slug", flat=True)
                .first()
            )
            slugs.append(slug)
        requests += [
            ("detail", slug, reverse("alliances:alliance_detail", args=[slug])) for slug in slugs
        ]
        requests += [
            (kind, label, f"{reverse('alliances:alliance_map_points')}?{urlencode(params)}")
            for kind, label, params in MAPS
        ]
        requests += [
            (kind, label, f"{reverse('organisations:organisation_list')}?{urlencode(params)}")
            for kind, label, params in ANNUAIRE
        ]
        return [request for request in requests if request[0] in kinds]

    def _run(self, client: Client, requests, repeat: int, verbosity: int):
        samples: dict[str, list[float]] = {kind: [] for kind in PAGE_TYPES}
        queries: dict[str, list[int]] = {kind: [] for kind in PAGE_TYPES}
        sizes: dict[str, float] = {}
        # Warm-up: every request once, which also counts its SQL queries. Searches keep their
        # counts a few minutes and the observatoire its figures until the next refresh: these
        # first displays, cache empty, are reported apart from the repeated ones.
        self.first_display: dict[str, float] = {}
        self.cold: dict[str, list[float]] = {kind: [] for kind in PAGE_TYPES}
        for kind, label, url in requests:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
            self.cold[kind].append(elapsed)
            if kind in ("observatoire", "territoire"):
                self.first_display[f"{PAGE_TYPES[kind]}, {label}"] = elapsed
            if response.status_code != 200:
                raise CommandError(f"{url} a répondu {response.status_code}.")
            queries[kind].append(len(captured))
            if kind == "carte":
                sizes[label] = len(response.content) / 1024
        reset_queries()
        for _ in range(repeat):
            for kind, label, url in requests:
                started = time.perf_counter()
                client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
                samples[kind].append(elapsed)
                if verbosity >= 2:
                    self.stdout.write(f"{elapsed:8.1f} ms  {PAGE_TYPES[kind]:<22} {label}")
        return samples, queries, sizes

    def _report(self, samples, queries, sizes, repeat: int) -> None:
        write = self.stdout.write
        published = Alliance.objects.published().count()
        write("")
        write(f"Machine : {bench.machine_description()}")
        write(f"PostgreSQL {bench.postgresql_version()} ({bench.postgresql_settings()})")
        write(f"Base : {bench.database_size()}")
        write(
            f"Lignes : {bench.number(Alliance.objects.count())} alliances "
            f"(dont {bench.number(published)} publiées), "
            f"{bench.number(Organisation.objects.count())} organisations, "
            f"{bench.number(Participation.objects.count())} participations, "
            f"{bench.number(Alliance.domaines.through.objects.count())} liens domaine, "
            f"{bench.number(Alliance.odd.through.objects.count())} liens ODD"
        )
        write(
            f"Chaque requête est jouée une fois cache vide (« 1er affichage »), puis {repeat} fois."
        )
        write("")
        header = (
            f"{'type de page':<24}{'requêtes':>9}{'mesures':>9}{'SQL/page':>10}"
            f"{'médiane ms':>12}{'p95 ms':>10}{'cible ms':>10}  {'verdict':<10}"
            f"{'1er affichage : médiane':>24}{'p95':>9}"
        )
        write(header)
        write("-" * len(header))
        for kind, label in PAGE_TYPES.items():
            values = samples[kind]
            if not values:
                continue
            p95 = _p95(values)
            target = TARGETS_MS[kind]
            verdict = "ok" if p95 <= target else "AU-DESSUS"
            requests = len(values) // repeat if repeat else 0
            cold = self.cold[kind]
            write(
                f"{label:<24}{requests:>9}{len(values):>9}"
                f"{statistics.median(queries[kind]):>10.0f}"
                f"{statistics.median(values):>12.1f}{p95:>10.1f}{target:>10}  {verdict:<10}"
                f"{statistics.median(cold):>24.1f}{_p95(cold):>9.1f}"
            )
        write("")
        for label, size in sizes.items():
            verdict = "ok" if size <= MAP_TARGET_KB else "AU-DESSUS"
            write(f"Carte {label} : {size:.1f} Ko (cible {MAP_TARGET_KB} Ko) {verdict}")
