"""Replays the library's pages through Django and prints their median and p95 times and query
counts. The pages that read alliances (a resource's related alliances, the kit's examples of
partnership models) are the ones that depend on the platform's size: run it on the national
benchmark database (see `make bench`)."""

import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ressources.models import Ressource

PAGES = [
    ("bibliothèque", "ressources:ressource_list", [], {}),
    (
        "recherche « mécénat de compétences »",
        "ressources:ressource_list",
        [],
        {"q": "mécénat de compétences"},
    ),
    (
        "filtres du parcours TPE",
        "ressources:ressource_list",
        [],
        {"profil": "entreprise", "typologie": "mecenat", "maturite": "decouvrir"},
    ),
    ("je suis une entreprise", "ressources:parcours", ["entreprise"], {}),
    ("kit", "ressources:kit", [], {}),
    (
        "fiche argumentaire (alliances liées)",
        "ressources:ressource_detail",
        ["pourquoi-et-comment-faire-alliance"],
        {},
    ),
    (
        "fiche modèles (exemples d'alliances)",
        "ressources:ressource_detail",
        ["diversite-des-modeles-de-partenariat"],
        {},
    ),
    ("fiche cartographie", "ressources:ressource_detail", ["cartographie-des-outils"], {}),
    ("flux Atom", "ressources:ressource_feed", [], {}),
]


class Command(BaseCommand):
    help = "Mesure les pages de la bibliothèque (médiane et p95, requêtes SQL)."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=10)

    def handle(self, *args, repeat: int, **options):
        self.stdout.write(
            f"{Ressource.objects.published().count()} ressources publiées ; {connection.vendor}"
        )
        client = Client()
        with override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False):
            for label, name, args, query in PAGES:
                url = reverse(name, args=args)
                durations = []
                for _ in range(repeat):
                    with CaptureQueriesContext(connection) as queries:
                        start = time.perf_counter()
                        response = client.get(url, query)
                        durations.append((time.perf_counter() - start) * 1000)
                    if response.status_code != 200:
                        self.stdout.write(f"{label} : {response.status_code}")
                        break
                else:
                    durations.sort()
                    p95 = durations[max(0, round(0.95 * len(durations)) - 1)]
                    self.stdout.write(
                        f"{label:45} médiane {statistics.median(durations):7.1f} ms · "
                        f"p95 {p95:7.1f} ms · {len(queries)} requêtes"
                    )
