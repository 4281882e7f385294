"""A search without result says what to change, with links that each widen it by one change
and keep the other filters (recherche.elargir, components/sans_resultat.html), on every search
page: alliances, offres, acteurs, ressources and the moderation queue."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict
from django.urls import reverse

from alliances.filters import AllianceFilter
from alliances.models import Alliance
from recherche.elargir import elargissements, filtres_actifs
from tests.factories import (
    AllianceFactory,
    CatalyseurFactory,
    CommuneFactory,
    OffreFactory,
    OrganisationFactory,
    soumettre,
)
from tests.ressources.factories import RessourceFactory

pytestmark = pytest.mark.django_db

ALLIANCES = reverse("alliances:alliance_list")


@pytest.fixture
def lyon():
    return CommuneFactory(nom="Lyonnet-en-Essai", latitude=45.76, longitude=4.84)


def _liens(query: str, path: str = ALLIANCES) -> dict[str, dict]:
    """The widening links of an alliance search: label → its query string, parsed."""
    data = QueryDict(query)
    filterset = AllianceFilter(data, queryset=Alliance.objects.published())
    filterset.qs  # noqa: B018 — runs the form, as the page does
    return {
        lien.libelle: parse_qs(urlsplit(lien.url).query)
        for lien in elargissements(filterset.form, data, path)
    }


def test_chaque_lien_retire_un_filtre_et_garde_les_autres(lyon):
    liens = _liens(
        "q=jardin+partagé&domaine=sante&commune=Lyonnet-en-Essai&rayon=20&tri=recent&page=3"
    )

    assert list(liens) == [
        "Chercher « partagé », sans le mot « jardin »",
        "Chercher « jardin », sans le mot « partagé »",
        "Chercher sans le texte « jardin partagé »",
        "Retirer le filtre « Domaine d'action : Santé »",
        f"Élargir le rayon à 50 km autour de {lyon}",
        f"Chercher partout, pas seulement près de {lyon}",
    ]
    garde = {"tri": ["recent"]}
    assert liens["Chercher sans le texte « jardin partagé »"] == {
        "domaine": ["sante"],
        "commune": ["Lyonnet-en-Essai"],
        "rayon": ["20"],
        **garde,
    }
    assert liens["Chercher « jardin », sans le mot « partagé »"]["q"] == ["jardin"]
    assert liens["Retirer le filtre « Domaine d'action : Santé »"] == {
        "q": ["jardin partagé"],
        "commune": ["Lyonnet-en-Essai"],
        "rayon": ["20"],
        **garde,
    }
    assert liens[f"Élargir le rayon à 50 km autour de {lyon}"]["rayon"] == ["50"]
    # Without its commune, a radius means nothing: both go.
    assert liens[f"Chercher partout, pas seulement près de {lyon}"] == {
        "q": ["jardin partagé"],
        "domaine": ["sante"],
        **garde,
    }
    # Never the page: the widened search starts at its first page.
    assert all("page" not in query for query in liens.values())


def test_au_plus_grand_rayon_il_reste_a_chercher_partout(lyon):
    liens = _liens("commune=Lyonnet-en-Essai&rayon=300")
    assert list(liens) == [f"Chercher partout, pas seulement près de {lyon}"]


def test_une_commune_seule_propose_un_rayon_autour_d_elle(lyon):
    liens = _liens("commune=Lyonnet-en-Essai")
    assert list(liens) == [
        f"Chercher dans un rayon de 10 km autour de {lyon}",
        f"Chercher partout, pas seulement à {lyon}",
    ]
    assert liens[f"Chercher dans un rayon de 10 km autour de {lyon}"]["rayon"] == ["10"]


def test_une_valeur_invalide_ou_un_rayon_sans_commune_ne_sont_pas_des_filtres():
    data = QueryDict("typologie=inconnue&rayon=20&tri=recent&odd=17")
    filterset = AllianceFilter(data, queryset=Alliance.objects.published())
    assert filtres_actifs(filterset.form) == ["odd"]
    [lien] = elargissements(filterset.form, data, ALLIANCES)
    assert lien.libelle.startswith("Retirer le filtre « ODD : ODD 17")
    assert lien.url == ALLIANCES + "?typologie=inconnue&rayon=20&tri=recent"


def test_sans_filtre_rien_n_est_propose():
    data = QueryDict("")
    filterset = AllianceFilter(data, queryset=Alliance.objects.published())
    assert elargissements(filterset.form, data, ALLIANCES) == []


# On each page: the links are there when nothing is found, and following one finds something.


def _suivre(client, url: str, params: dict, libelle: str, trouve: str):
    html = unescape(client.get(url, params).content.decode())
    assert "Pour trouver des résultats, essayez" in html
    [href] = re.findall(rf'<a class="fr-link" href="([^"]+)">{re.escape(libelle)}</a>', html)
    assert href.startswith(url)
    suite = unescape(client.get(href).content.decode())
    assert trouve in suite
    assert "Pour trouver des résultats, essayez" not in suite


def test_la_recherche_des_alliances(client, lyon):
    AllianceFactory(titre="Potager de Lyon", commune=lyon, typologie="mecenat")
    _suivre(
        client,
        ALLIANCES,
        {"typologie": "mecenat", "domaine": "sante"},
        "Retirer le filtre « Domaine d'action : Santé »",
        "Potager de Lyon",
    )


def test_la_recherche_des_offres(client):
    OffreFactory(titre="Des bénévoles pour la cantine", typologie="mecenat")
    _suivre(
        client,
        reverse("offres:offre_list"),
        {"typologie": "innovation_societale"},
        "Retirer le filtre « Typologie : innovation sociétale »",
        "Des bénévoles pour la cantine",
    )


def test_l_annuaire_des_acteurs(client):
    OrganisationFactory(nom="Les Jardins Solidaires")
    _suivre(
        client,
        reverse("organisations:organisation_list"),
        {"kind": "entreprise"},
        "Retirer le filtre « Type de structure : entreprise »",
        "Les Jardins Solidaires",
    )


def test_la_bibliotheque_des_ressources(client):
    RessourceFactory(titre="Guide du mécénat de compétences")
    _suivre(
        client,
        reverse("ressources:ressource_list"),
        {"q": "introuvable"},
        "Chercher sans le texte « introuvable »",
        "Guide du mécénat de compétences",
    )


def test_la_file_de_moderation(client):
    alliance = AllianceFactory(titre="Cantine solidaire", statut="en_attente")
    soumettre(alliance)
    catalyseur = CatalyseurFactory(departement=alliance.departement)
    client.force_login(catalyseur.user)
    _suivre(
        client,
        reverse("moderation:file"),
        {"nature": "organisation"},
        "Retirer le filtre « Type : organisation »",
        "Cantine solidaire",
    )
