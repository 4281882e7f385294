"""The public alliance search (/alliances/) and the alliance page."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from alliances.models import Alliance, Participation
from tests.factories import (
    AllianceFactory,
    CommuneFactory,
    MembreFactory,
    OrganisationFactory,
    ParticipationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("alliances:alliance_list")


def _alliance(titre="Alliance", partenaires=("association", "entreprise"), **fields):
    """A published alliance with confirmed participants of the given kinds."""
    alliance = AllianceFactory(titre=titre, **fields)
    for index, kind in enumerate(partenaires):
        extra = {"entreprise": True} if kind == "entreprise" else {}
        if kind == "collectivite":
            extra = {"collectivite": True}
        ParticipationFactory(
            alliance=alliance,
            organisation=OrganisationFactory(**extra),
            role=Participation.Role.PORTEUR if index == 0 else Participation.Role.PARTENAIRE,
        )
    from alliances.services import alliances_refresh_search

    alliances_refresh_search([alliance.pk])
    return alliance


def _titres(response) -> list[str]:
    return [alliance.titre for alliance in response.context["page"]]


def test_la_recherche_ne_montre_que_les_alliances_publiees(client):
    _alliance("Publiée")
    _alliance("En attente", statut="en_attente")
    assert _titres(client.get(URL)) == ["Publiée"]


def test_un_partenaire_qui_n_a_pas_confirme_n_apparait_pas(client):
    alliance = _alliance("Jardins et boulangerie")
    ParticipationFactory(alliance=alliance, en_attente=True, organisation__nom="Pas encore")
    html = client.get(URL).content.decode()
    assert "Jardins et boulangerie" in html
    assert "Pas encore" not in html
    assert "Pas encore" not in client.get(alliance.get_absolute_url()).content.decode()


@pytest.mark.parametrize("nombre", [3, 30])
def test_la_recherche_fait_le_meme_nombre_de_requetes_quel_que_soit_le_nombre_d_alliances(
    client, django_assert_num_queries, nombre
):
    for index in range(nombre):
        alliance = _alliance(f"Alliance {index}")
        alliance.domaines.set(["sante"])
    # whether the counts come from the summary (alliances/facettes.py); count; the page's ids,
    # then its rows, domaines, partners; six facets; two label lists for the facets; the
    # form's four lists of choices.
    with django_assert_num_queries(18):
        response = client.get(URL)
    assert response.context["page"].paginator.count == nombre


def test_une_recherche_deja_faite_reprend_son_total_et_ses_facettes(
    client, django_assert_num_queries
):
    for index in range(3):
        _alliance(f"Alliance {index}", typologie="mecenat")
    client.get(URL, {"typologie": "mecenat"})
    # Another page or sort of the same search: neither the count nor the six facets again.
    with django_assert_num_queries(18 - 7):
        response = client.get(URL, {"typologie": "mecenat", "tri": "date", "page": "1"})
    assert response.context["page"].paginator.count == 3
    assert {group["label"] for group in response.context["facettes"]} >= {"Typologie"}
    # A different search counts afresh.
    with django_assert_num_queries(18):
        client.get(URL, {"typologie": "mecenat", "q": "alliance"})


def test_la_recherche_en_francais_trouve_sans_accents(client):
    _alliance("Coopération économique pour l'insertion", typologie="cooperation_economique")
    _alliance("Mécénat de compétences numérique", typologie="mecenat")
    assert _titres(client.get(URL, {"q": "cooperation economique insertion"})) == [
        "Coopération économique pour l'insertion"
    ]
    assert _titres(client.get(URL, {"q": "MECENAT"})) == ["Mécénat de compétences numérique"]
    # The typologie's label is searchable, whatever the title says.
    _alliance("Un ESAT fournit une PME", typologie="pratiques_responsables")
    assert _titres(client.get(URL, {"q": "pratiques responsables"})) == ["Un ESAT fournit une PME"]


def test_chaque_filtre_et_leurs_combinaisons(client):
    lyon = CommuneFactory()
    a = _alliance(
        "A",
        typologie="mecenat",
        etat="en_cours",
        commune=lyon,
        date_debut=datetime.date(2024, 3, 1),
    )
    a.domaines.set(["sante"])
    a.odd.set([3, 17])
    b = _alliance(
        "B",
        typologie="cooperation_economique",
        etat="terminee",
        partenaires=("entreprise", "collectivite"),
        date_debut=datetime.date(2020, 1, 1),
    )
    b.odd.set([17])

    assert _titres(client.get(URL, {"typologie": "mecenat"})) == ["A"]
    assert _titres(client.get(URL, {"etat": "terminee"})) == ["B"]
    assert _titres(client.get(URL, {"domaine": "sante"})) == ["A"]
    assert _titres(client.get(URL, {"odd": "3"})) == ["A"]
    assert _titres(client.get(URL, {"partenaire": "collectivite"})) == ["B"]
    assert _titres(client.get(URL, {"partenaire": "association"})) == ["A"]
    assert _titres(client.get(URL, {"region": lyon.region_id})) == ["A"]
    assert _titres(client.get(URL, {"departement": b.departement_id})) == ["B"]
    assert _titres(client.get(URL, {"debut_apres": "2023-01-01"})) == ["A"]
    assert _titres(client.get(URL, {"debut_avant": "2021-01-01"})) == ["B"]
    assert _titres(client.get(URL, {"odd": "17", "partenaire": "entreprise"})) == ["A", "B"]
    assert _titres(client.get(URL, {"odd": "17", "typologie": "mecenat", "etat": "terminee"})) == []


def test_les_facettes_comptent_sous_les_autres_filtres(client):
    for typologie, nombre in (("mecenat", 3), ("innovation_societale", 1)):
        for _ in range(nombre):
            _alliance(typologie=typologie, etat="en_cours")
    _alliance(typologie="mecenat", etat="terminee")
    response = client.get(URL, {"typologie": "mecenat", "etat": "en_cours"})
    assert response.context["page"].paginator.count == 3
    groups = {group["label"]: group["items"] for group in response.context["facettes"]}
    typologies = {item["label"]: item["count"] for item in groups["Typologie"]}
    # Under état = en cours, whatever the typologie:
    assert typologies == {"mécénat": 3, "innovation sociétale": 1}
    etats = {item["label"]: item["count"] for item in groups["État"]}
    # Under typologie = mécénat, whatever the état:
    assert etats == {"en cours": 3, "terminée": 1}
    html = response.content.decode()
    assert "Mécénat (3)" in html
    assert 'href="?typologie=mecenat&amp;etat=terminee"' in html


def test_la_proximite_garde_un_partenaire_a_15_km_dans_20_km_et_pas_dans_10(client):
    centre = CommuneFactory(nom="Centre-d'Essai", latitude=45.7640, longitude=4.8357)
    voisine = CommuneFactory(nom="Voisine", latitude=45.7640 + 0.1349, longitude=4.8357)
    _alliance("Sur place", commune=centre)
    _alliance("À quinze kilomètres", commune=voisine)
    _alliance("Au loin", commune=CommuneFactory(latitude=43.3, longitude=5.4))
    label = str(centre)
    assert _titres(client.get(URL, {"commune": label, "rayon": "20", "tri": "proximite"})) == [
        "Sur place",
        "À quinze kilomètres",
    ]
    assert _titres(client.get(URL, {"commune": label, "rayon": "10"})) == ["Sur place"]
    assert _titres(client.get(URL, {"commune": label})) == ["Sur place"]
    html = client.get(URL, {"commune": label, "rayon": "20"}).content.decode()
    assert "à 15 km" in html


def test_tri_par_date_par_defaut(client):
    _alliance("Ancienne", date_debut=datetime.date(2019, 1, 1))
    _alliance("Récente", date_debut=datetime.date(2026, 1, 1))
    _alliance("Sans date")
    assert _titres(client.get(URL)) == ["Récente", "Ancienne", "Sans date"]


@pytest.mark.parametrize(
    "query",
    [
        {"typologie": "inconnue"},
        {"rayon": "-5", "commune": "Lyon"},
        {"rayon": "abc"},
        {"rayon": "99999999999999999999"},
        {"page": str(10**9)},
        {"page": "-1"},
        {"q": "x" * 5000},
        {"q": "\u202e\ud7ff🤝 ' OR 1=1 -- & | ! :*"},
        {"q": "\x00"},
        {"debut_apres": "2026-13-45"},
        {"debut_avant": "hier"},
        {"odd": "0"},
        {"region": "'; DROP TABLE"},
        {"commune": "a" * 500},
        {"tri": "n'importe quoi"},
        {"partenaire": ["association", "entreprise"]},
    ],
)
def test_aucune_requete_ne_provoque_d_erreur(client, query):
    _alliance()
    assert client.get(URL, query).status_code == 200


def test_un_rayon_negatif_est_explique_en_francais(client):
    html = client.get(URL, {"rayon": "-5"}).content.decode()
    assert "Le rayon doit être d&#x27;au moins 1 km." in html
    assert 'value="-5"' in html


def test_une_requete_htmx_rend_la_zone_de_recherche(client):
    _alliance("Visible")
    html = client.get(URL, headers={"HX-Request": "true"}).content.decode()
    assert 'id="resultats-contenu"' in html
    assert "Visible" in html


# Alliance page


def test_la_page_d_une_alliance(client, django_assert_num_queries):
    alliance = _alliance(
        "Jardins et boulangerie",
        description="## Le projet\n\nDes **potagers** et du pain.",
        date_debut=datetime.date(2025, 4, 1),
    )
    alliance.odd.set([2, 17])
    _alliance("Voisine", commune=alliance.commune)
    # alliance, domaines, odd, partners; related alliances with their domaines and partners
    with django_assert_num_queries(7):
        response = client.get(alliance.get_absolute_url())
    html = response.content.decode()
    assert '<h1 class="fr-mt-1w">Jardins et boulangerie</h1>' in html
    assert "<h2>Le projet</h2>" in html and "<strong>potagers</strong>" in html
    assert "Alliances proches" in html and "Voisine" in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html)[1])
    assert data["@type"] == "Project"
    assert data["name"] == "Jardins et boulangerie"
    assert len(data["member"]) == 2
    assert '<meta property="og:title" content="Jardins et boulangerie">' in html


XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[clic](javascript:alert(1))",
    '<a href="javascript:alert(1)">clic</a>',
    "<iframe src=https://exemple.org></iframe>",
    '<p onclick="alert(1)">texte</p>',
]


@pytest.mark.parametrize("payload", XSS)
def test_le_markdown_de_la_description_est_neutralise(client, payload):
    alliance = _alliance(description=f"Texte. {payload}")
    html = client.get(alliance.get_absolute_url()).content.decode()
    body = html.split('<div class="fr-mb-3w">', 1)[1].split("</div>", 1)[0]
    for danger in ("<script", "onerror", "javascript:", "<iframe", "onclick"):
        assert danger not in body


def test_le_json_ld_ne_peut_pas_fermer_sa_balise(client):
    alliance = _alliance(titre="</script><script>alert(1)</script>")
    html = client.get(alliance.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("visiteur", 404),
        ("inconnu", 404),
        ("membre_ailleurs", 404),
        ("participant", 200),
        ("partenaire_en_attente", 200),
        ("staff", 200),
    ],
)
def test_une_alliance_non_publiee_n_est_visible_que_de_ses_participants(client, role, status):
    alliance = AllianceFactory(en_attente=True)
    confirmed = ParticipationFactory(alliance=alliance, porteur=True)
    pending = ParticipationFactory(alliance=alliance, en_attente=True)
    users = {
        "inconnu": UserFactory,
        "membre_ailleurs": lambda: MembreFactory().user,
        "participant": lambda: MembreFactory(organisation=confirmed.organisation).user,
        "partenaire_en_attente": lambda: MembreFactory(organisation=pending.organisation).user,
        "staff": lambda: UserFactory(staff=True),
    }
    if role != "visiteur":
        client.force_login(users[role]())
    assert client.get(alliance.get_absolute_url()).status_code == status


def test_une_alliance_inconnue_est_une_404(client):
    assert client.get(reverse("alliances:alliance_detail", args=["nulle-part"])).status_code == 404
    assert not Alliance.objects.exists()
