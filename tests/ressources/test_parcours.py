"""The guided entry « je suis… / je veux… »: from the home page to a filtered library."""

import pytest
from django.urls import reverse

from ressources.models import Profil, Ressource
from tests.ressources.factories import RessourceFactory

pytestmark = pytest.mark.django_db


def test_l_accueil_propose_je_suis_pour_chaque_profil(client):
    html = client.get(reverse("accueil")).content.decode()
    for profil in Profil.values:
        assert f'href="/ressources/je-suis/{profil}/"' in html
    assert ">Une entreprise</a>" in html


def test_je_veux_mene_a_la_bibliotheque_filtree_avec_le_nombre_de_ressources(client):
    Ressource.objects.exclude(fiche_kit="").update(publiee=False)
    RessourceFactory(
        titre="Le mécénat de compétences pour les TPE",
        profils=["entreprise"],
        typologies=["mecenat"],
        maturite="decouvrir",
    )
    RessourceFactory(
        titre="Le mécénat, pour aller plus loin",
        profils=["entreprise"],
        typologies=["mecenat"],
        maturite="approfondir",
    )
    html = client.get(reverse("ressources:parcours", args=["entreprise"])).content.decode()
    assert "<h1>Je suis une entreprise, je veux…</h1>" in html
    url = "/ressources/?profil=entreprise&amp;typologie=mecenat&amp;maturite=decouvrir"
    assert f'<a href="{url}">Découvrir le mécénat de compétences</a>' in html
    lien = html.split(f'<a href="{url}">', 1)[1].split("</div>", 3)
    assert "1 ressource" in "".join(lien)

    response = client.get(
        reverse("ressources:ressource_list"),
        {"profil": "entreprise", "typologie": "mecenat", "maturite": "decouvrir"},
    )
    assert [r.titre for r in response.context["page"]] == ["Le mécénat de compétences pour les TPE"]


@pytest.mark.parametrize("profil", Profil.values)
def test_chaque_profil_a_ses_intentions(client, profil, django_assert_num_queries):
    # One count per intention, « tout voir » included.
    from ressources.parcours import INTENTIONS

    with django_assert_num_queries(len(INTENTIONS[profil]) + 1):
        response = client.get(reverse("ressources:parcours", args=[profil]))
    assert response.status_code == 200
    assert "Tout voir pour mon profil" in response.content.decode()


@pytest.mark.parametrize("profil", ["licorne", "ENTREPRISE", "entreprise-x"])
def test_un_profil_inconnu_est_une_404(client, profil):
    assert client.get(f"/ressources/je-suis/{profil}/").status_code == 404
