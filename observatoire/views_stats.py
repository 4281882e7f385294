"""/stats/, the platform's own figures (observatoire.stats), and the context every page gets
for the audience measurement (Matomo without cookies, templates/base.html)."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.views.decorators.http import require_GET

from observatoire.stats import Stats, stats_en_cache


@dataclass
class Tableau:
    """A chart and its table: the chart draws the first column (static/js/observatoire.js),
    the table gives every column."""

    slug: str
    titre: str
    colonnes: list[str]
    lignes: list[tuple[str, list[int]]]
    entete: str = "Mois"

    def graphique(self) -> dict:
        return {
            "titre": f"{self.titre} : {self.colonnes[0].lower()}",
            "labels": [label for label, _ in self.lignes],
            "valeurs": [valeurs[0] for _, valeurs in self.lignes],
        }


def _par_mois(stats: Stats, slug: str, titre: str, colonnes: dict[str, str]) -> Tableau:
    return Tableau(
        slug=slug,
        titre=titre,
        colonnes=list(colonnes.values()),
        lignes=[
            (date_format(mois.mois, "F Y"), [getattr(mois, nom) for nom in colonnes])
            for mois in stats.mois
        ],
    )


def tableaux(stats: Stats) -> list[Tableau]:
    """The page's charts and tables, in the order it shows them."""
    return [
        _par_mois(stats, "stats-comptes", "Comptes créés chaque mois", {"comptes": "Comptes"}),
        Tableau(
            slug="stats-organisations",
            titre="Organisations publiées par type de structure",
            colonnes=["Organisations"],
            entete="Type de structure",
            lignes=[(ligne.label, [ligne.nombre]) for ligne in stats.organisations],
        ),
        _par_mois(
            stats,
            "stats-mises-en-relation",
            "Mises en relation envoyées chaque mois, et leur suite",
            {
                "envoyees": "Envoyées",
                "repondues": "Répondues",
                "acceptees": "Acceptées",
                "alliances": "Suivies d'une alliance",
            },
        ),
        _par_mois(
            stats,
            "stats-conventions",
            "Conventions validées et réponses aux suivis, chaque mois",
            {"conventions": "Conventions validées", "suivis": "Réponses aux suivis"},
        ),
        _par_mois(
            stats,
            "stats-moderation",
            "Décisions de modération chaque mois",
            {"decisions": "Décisions"},
        ),
    ]


@login_not_required
@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    """The platform's own figures, public: use, contacts and what they lead to, moderation."""
    figures = stats_en_cache()
    liste = tableaux(figures)
    return render(
        request,
        "observatoire/stats.html",
        {
            "stats": figures,
            "tableaux": liste,
            "charts_data": {tableau.slug: tableau.graphique() for tableau in liste},
        },
    )
