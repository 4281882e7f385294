"""One corpus of alliances, one list of searches, the same answers on SQLite and PostgreSQL
(issue 15, point 4). Run the file both ways: plain, and with DATABASE_URL=postgres://…"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from alliances.models import Alliance, Participation
from alliances.services import alliances_refresh_search
from recherche.texte import lexemes, search_text
from tests.factories import AllianceFactory, OrganisationFactory, ParticipationFactory

pytestmark = pytest.mark.django_db

URL = reverse("alliances:alliance_list")

# (title, description, domaines, partner): ordinary French words, accents, capitals, plurals.
CORPUS = [
    ("Soutien scolaire au collège", "Des étudiants aident les élèves le soir.", ["education"], ""),
    ("ÉCOLE DU NUMÉRIQUE", "Former les jeunes aux métiers du numérique.", ["numerique"], ""),
    ("Jardins partagés", "Un jeune public apprend à cultiver.", ["alimentation"], ""),
    ("Atelier vélo solidaire", "Réparer les vélos des habitants.", ["mobilite"], ""),
    ("Épicerie sociale", "Une alimentation saine pour les familles.", [], "Banque alimentaire"),
    ("Coopérations économiques locales", "Des achats responsables.", ["emploi-insertion"], ""),
    (
        "Insertion par l'activité",
        "Un emploi pour les personnes éloignées.",
        ["emploi-insertion"],
        "",
    ),
    ("Maison de santé", "Des soins pour les jeunesses rurales.", ["sante"], ""),
    ("Mécénat de compétences", "Les salariés donnent de leur temps.", [], "Œuvre des cœurs"),
    ("Festival d'été", "La culture à portée de tous, l'été.", ["culture"], ""),
    ("Rhône-Alpes en transition", "La rénovation énergétique des logements.", [], ""),
    ("Éducation à l'environnement", "Sorties nature pour les écoles.", ["environnement"], ""),
]

# Each search and the titles it finds, the same on both databases.
SEARCHES = {
    # Accents and capitals: the domaine « Éducation » is searched too.
    "éducation": {"Soutien scolaire au collège", "Éducation à l'environnement"},
    "education": {"Soutien scolaire au collège", "Éducation à l'environnement"},
    "EDUCATION": {"Soutien scolaire au collège", "Éducation à l'environnement"},
    # Plurals: « jeune » and « jeunes » are one word; « jeunesse » is another.
    "jeune": {"ÉCOLE DU NUMÉRIQUE", "Jardins partagés"},
    "jeunes": {"ÉCOLE DU NUMÉRIQUE", "Jardins partagés"},
    "jeunesses": {"Maison de santé"},
    "école": {"ÉCOLE DU NUMÉRIQUE", "Éducation à l'environnement"},
    "coopération économique": {"Coopérations économiques locales"},
    # Domaine labels: « Emploi & insertion », « Santé », « Alimentation ».
    "insertion": {"Coopérations économiques locales", "Insertion par l'activité"},
    "santé": {"Maison de santé"},
    "alimentation": {"Jardins partagés", "Épicerie sociale"},
    # A partner's name, with its ligature.
    "oeuvre": {"Mécénat de compétences"},
    "Œuvre": {"Mécénat de compétences"},
    # Every word required; stop words ignored.
    "mécénat de compétences": {"Mécénat de compétences"},
    "vélo habitants": {"Atelier vélo solidaire"},
    "vélo santé": set(),
    "de la": set(),
    # « été » is no stop word once unaccented: PostgreSQL indexes it as « ete ».
    "été": {"Festival d'été"},
    "Rhône-Alpes": {"Rhône-Alpes en transition"},
    "rhone alpes": {"Rhône-Alpes en transition"},
    # websearch syntax: « or », « -mot ».
    "vélo or santé": {"Atelier vélo solidaire", "Maison de santé"},
    "emploi -achats": {"Insertion par l'activité"},
}


@pytest.fixture
def corpus():
    alliances = []
    for titre, description, domaines, partenaire in CORPUS:
        alliance = AllianceFactory(titre=titre, description=description)
        alliance.domaines.set(domaines)
        ParticipationFactory(alliance=alliance, role=Participation.Role.PORTEUR)
        if partenaire:
            ParticipationFactory(
                alliance=alliance, organisation=OrganisationFactory(nom=partenaire)
            )
        alliances.append(alliance)
    alliances_refresh_search([alliance.pk for alliance in alliances])
    return alliances


@pytest.mark.parametrize("texte", list(SEARCHES))
def test_une_recherche_trouve_les_memes_alliances_sur_les_deux_bases(corpus, texte):
    found = {alliance.titre for alliance in Alliance.objects.search(texte)}
    assert found == SEARCHES[texte]


def test_la_page_de_recherche_trouve_les_alliances_d_un_domaine_par_son_nom(client, corpus):
    response = client.get(URL, {"q": "Éducation"})
    assert {a.titre for a in response.context["page"]} == SEARCHES["éducation"]


def test_le_texte_cherche_par_sqlite_tient_les_mots_comme_postgresql_les_indexe():
    assert search_text("Les Éducations", "l'été", "Œuvres à vélo") == (" le educ ete oeuvr a velo ")
    assert lexemes("Rhône-Alpes") == ["rhone-alp", "rhon", "alpe"]
    assert lexemes("ODD 17, 3,5 %") == ["odd", "17", "3", "5"]


WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _textes_de_demo() -> list[str]:
    textes = [path.read_text() for path in Path(settings.BASE_DIR).glob("*/donnees_demo/*.yaml")]
    textes += [titre + " " + description for titre, description, *_ in CORPUS]
    return textes


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="compare les mots de SQLite à ceux de PostgreSQL"
)
def test_chaque_mot_des_textes_de_demo_a_le_meme_lexeme_que_dans_postgresql():
    """Each word of the demo's texts (several thousand, with their apostrophes and hyphens),
    once on its own: Python's lexemes are PostgreSQL's. Not compared: file names, decimal
    numbers and ranges (« 0.6 », « 16-25 »), which PostgreSQL's parser reads as such."""
    words = sorted({word for texte in _textes_de_demo() for word in WORD.findall(texte)})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w, coalesce(array_to_string(tsvector_to_array("
            "to_tsvector('french_unaccent', w)), ' '), '') FROM unnest(%s::text[]) AS w",
            [words],
        )
        rows = cursor.fetchall()
    differences = [
        (word, expected, " ".join(sorted(set(lexemes(word)))))
        for word, expected in rows
        if " ".join(sorted(set(lexemes(word)))) != expected
    ]
    assert len(rows) > 2000
    assert differences == []
