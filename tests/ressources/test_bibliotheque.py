"""The library (/ressources/): search, filters, facets, htmx, Atom feed, resource pages."""

import datetime

import pytest
from django.urls import reverse

from ressources.models import Ressource
from tests.factories import (
    AllianceFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.ressources.factories import RessourceFactory

pytestmark = pytest.mark.django_db

URL = reverse("ressources:ressource_list")


@pytest.fixture(autouse=True)
def _sans_le_kit():
    """The kit's four fiches come with the migrations; these tests count their own rows."""
    Ressource.objects.exclude(fiche_kit="").update(publiee=False)


def _titres(response) -> list[str]:
    return [ressource.titre for ressource in response.context["page"]]


def test_la_bibliotheque_ne_montre_que_les_ressources_publiees(client):
    RessourceFactory(titre="Publiée")
    RessourceFactory(titre="Brouillon", brouillon=True)
    RessourceFactory(titre="Programmée", publiee_le=datetime.date.today() + datetime.timedelta(9))
    response = client.get(URL)
    assert _titres(response) == ["Publiée"]
    assert "Brouillon" not in response.content.decode()


def test_les_plus_recentes_d_abord(client):
    RessourceFactory(titre="Ancienne", publiee_le=datetime.date(2024, 1, 1))
    RessourceFactory(titre="Récente", publiee_le=datetime.date(2026, 1, 1))
    assert _titres(client.get(URL)) == ["Récente", "Ancienne"]


def test_chaque_filtre_et_leurs_combinaisons(client):
    RessourceFactory(
        titre="A",
        profils=["entreprise", "association"],
        objectifs=["s_informer"],
        typologies=["mecenat"],
        maturite="decouvrir",
        categorie="guide",
        format="page",
    )
    RessourceFactory(
        titre="B",
        profils=["collectivite"],
        objectifs=["agir", "evaluer"],
        typologies=["pratiques_responsables"],
        maturite="approfondir",
        categorie="outil",
        format="pdf",
    )
    assert _titres(client.get(URL, {"profil": "entreprise"})) == ["A"]
    assert _titres(client.get(URL, {"profil": "collectivite"})) == ["B"]
    assert _titres(client.get(URL, {"objectif": "evaluer"})) == ["B"]
    assert _titres(client.get(URL, {"typologie": "mecenat"})) == ["A"]
    assert _titres(client.get(URL, {"maturite": "approfondir"})) == ["B"]
    assert _titres(client.get(URL, {"categorie": "guide"})) == ["A"]
    assert _titres(client.get(URL, {"format": "pdf"})) == ["B"]
    both = {"profil": "association", "typologie": "mecenat", "maturite": "decouvrir"}
    assert _titres(client.get(URL, both)) == ["A"]
    assert _titres(client.get(URL, {"profil": "association", "objectif": "agir"})) == []


def test_la_recherche_en_francais_trouve_sans_accents(client):
    RessourceFactory(titre="Le mécénat de compétences expliqué", resume="Pour les entreprises.")
    RessourceFactory(titre="Évaluer une coopération", resume="Des indicateurs simples.")
    assert _titres(client.get(URL, {"q": "mecenat competences"})) == [
        "Le mécénat de compétences expliqué"
    ]
    assert _titres(client.get(URL, {"q": "EVALUER"})) == ["Évaluer une coopération"]
    assert _titres(client.get(URL, {"q": "indicateurs"})) == ["Évaluer une coopération"]
    assert _titres(client.get(URL, {"q": "introuvable"})) == []


def test_les_facettes_comptent_sous_les_autres_filtres(client):
    for _ in range(3):
        RessourceFactory(profils=["entreprise"], maturite="decouvrir")
    RessourceFactory(profils=["association"], maturite="decouvrir")
    RessourceFactory(profils=["entreprise", "association"], maturite="approfondir")
    response = client.get(URL, {"profil": "entreprise", "maturite": "decouvrir"})
    assert response.context["page"].paginator.count == 3
    groups = {group["label"]: group["items"] for group in response.context["facettes"]}
    # Under maturité = découvrir, whatever the profil:
    assert {item["label"]: item["count"] for item in groups["Je suis"]} == {
        "association": 1,
        "entreprise": 3,
    }
    # Under profil = entreprise, whatever the maturité:
    assert {item["label"]: item["count"] for item in groups["Maturité"]} == {
        "découvrir": 3,
        "approfondir": 1,
    }
    html = response.content.decode()
    assert "Entreprise (3)" in html
    assert 'href="?profil=entreprise&amp;maturite=approfondir"' in html
    # The current value's link removes it.
    assert 'href="?maturite=decouvrir" aria-current="true"' in html


@pytest.mark.parametrize("nombre", [3, 30])
def test_la_bibliotheque_fait_le_meme_nombre_de_requetes_quel_que_soit_le_nombre(
    client, django_assert_num_queries, nombre
):
    for index in range(nombre):
        RessourceFactory(
            titre=f"Outil {index}",
            profils=["entreprise"],
            objectifs=["agir"],
            typologies=["mecenat"],
        )
    # count, page, their étiquettes; six facets.
    with django_assert_num_queries(9):
        response = client.get(URL, {"q": "outil", "profil": "entreprise"})
    assert response.context["page"].paginator.count == nombre


@pytest.mark.parametrize(
    "query",
    [
        {"profil": "licorne"},
        {"objectif": ["agir", "evaluer"]},
        {"maturite": "'; DROP TABLE"},
        {"categorie": "\x00"},
        {"format": "x" * 5000},
        {"typologie": ""},
        {"page": str(10**9)},
        {"page": "-1"},
        {"q": "x" * 5000},
        {"q": "\u202e\ud7ff🤝 ' OR 1=1 -- & | ! :*"},
        {"q": "\x00"},
        {"q": "!!! ((( ***"},
    ],
)
def test_aucune_requete_ne_provoque_d_erreur(client, query):
    RessourceFactory()
    assert client.get(URL, query).status_code == 200


def test_une_valeur_inconnue_est_expliquee_en_francais_et_gardee(client):
    RessourceFactory(titre="Visible")
    response = client.get(URL, {"profil": "licorne", "q": "visible"})
    html = response.content.decode()
    assert "Sélectionnez un choix valide" in html
    # The other filters still apply and what was typed stays in the form.
    assert _titres(response) == ["Visible"]
    assert 'value="visible"' in html


def test_une_requete_htmx_rend_la_zone_de_resultats(client):
    RessourceFactory(titre="Visible")
    response = client.get(URL, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="resultats-contenu">')
    assert "Visible" in html
    assert "<html" not in html
    assert response["Vary"].count("HX-Request") == 1


def test_le_flux_atom_liste_les_ressources_publiees(client):
    RessourceFactory(titre="Publiée", resume="Résumé visible.")
    RessourceFactory(titre="Brouillon", brouillon=True)
    response = client.get(reverse("ressources:ressource_feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<title>Publiée</title>" in body and "Résumé visible." in body
    assert "Brouillon" not in body
    assert 'type="application/atom+xml"' in client.get(URL).content.decode()


# Resource page


def test_la_page_d_une_ressource(client, django_assert_num_queries):
    editeur = OrganisationFactory(nom="Réseau des entreprises engagées")
    ressource = RessourceFactory(
        titre="Le mécénat en pratique",
        contenu="## Les bases\n\nDu **texte**.\n\n### Le cadre fiscal\n\nSuite.\n\n## Se lancer",
        profils=["entreprise"],
        objectifs=["agir"],
        typologies=["mecenat"],
        editeur_organisation=editeur,
    )
    ressource.odd.set([17])
    RessourceFactory(titre="Voisine", profils=["entreprise"], typologies=["mecenat"])
    RessourceFactory(titre="Sans rapport", profils=["citoyen"])
    AllianceFactory(titre="Une alliance de mécénat", typologie="mecenat")
    AllianceFactory(titre="Une coopération", typologie="cooperation_economique")
    # ressource with editor, étiquettes, domaines, odd; related resources and their
    # étiquettes; related alliances, their domaines and partners.
    with django_assert_num_queries(9):
        response = client.get(ressource.get_absolute_url())
    html = response.content.decode()
    assert '<h1 class="fr-mt-1w">Le mécénat en pratique</h1>' in html
    assert '<h2 id="section-les-bases">Les bases</h2>' in html
    assert '<h3 id="section-le-cadre-fiscal">Le cadre fiscal</h3>' in html
    # The table of contents links to the headings, h3 under their h2.
    sommaire = html.split('class="fr-summary', 1)[1].split("</nav>", 1)[0]
    assert sommaire.index("#section-les-bases") < sommaire.index("#section-le-cadre-fiscal")
    assert sommaire.index("#section-le-cadre-fiscal") < sommaire.index("#section-se-lancer")
    assert f'<a href="{editeur.get_absolute_url()}">Réseau des entreprises engagées</a>' in html
    assert "Voisine" in html and "Sans rapport" not in html
    assert "Une alliance de mécénat" in html and "Une coopération" not in html
    assert "ODD 17" in html


def test_un_lien_externe_est_propose(client):
    ressource = RessourceFactory(format="lien", lien="https://example.org/guide")
    html = client.get(ressource.get_absolute_url()).content.decode()
    assert 'href="https://example.org/guide" rel="noopener noreferrer"' in html


@pytest.mark.parametrize(
    ("role", "status"), [("visiteur", 404), ("connecte", 404), ("equipe", 200)]
)
def test_une_ressource_non_publiee_n_est_visible_que_de_l_equipe(client, role, status):
    ressource = RessourceFactory(titre="Pas encore", brouillon=True)
    if role == "connecte":
        client.force_login(UserFactory())
    if role == "equipe":
        client.force_login(UserFactory(staff=True))
    response = client.get(ressource.get_absolute_url())
    assert response.status_code == status
    if status == 200:
        assert "Aperçu : cette ressource n'est pas publiée" in response.content.decode()


def test_une_ressource_inconnue_est_une_404(client):
    assert client.get(reverse("ressources:ressource_detail", args=["inconnue"])).status_code == 404


def test_la_navigation_mene_a_la_bibliotheque(client):
    html = client.get(reverse("accueil")).content.decode()
    assert '<a class="fr-nav__link" href="/ressources/">Ressources</a>' in html


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(
    "path",
    [
        "/ressources/cartographie-des-outils/",
        "/ressources/diversite-des-modeles-de-partenariat/",
        "/ressources/je-suis/entreprise/",
        "/ressources/kit-odd-17/",
        "/ressources/flux/",
    ],
)
def test_les_autres_pages_de_la_bibliotheque_resistent_aux_adresses_bizarres(client, path, htmx):
    Ressource.objects.exclude(fiche_kit="").update(publiee=True)
    query = (
        "maturite=%FF%00&maturite=approfondir&q=%ED%A0%80&profil=licorne"
        "&page=-1&typologie=' OR 1=1 --&" + "x" * 3000
    )
    headers = {"HX-Request": "true"} if htmx else {}
    assert client.get(f"{path}?{query}", headers=headers).status_code == 200
