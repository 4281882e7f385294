"""The site's institutional pages: linked from the footer, editable without a deploy, and the
conditions générales, whose new version is accepted before going on."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from pages.models import AcceptationCGU, Page
from pages.services import cgu_publish
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ACCEPTER = reverse("pages:cgu_accepter")
ESPACE = reverse("espace:accueil")


@pytest.fixture
def cgu():
    return Page.objects.get(slug=Page.Slug.CGU)


@pytest.fixture
def lea(client):
    user = UserFactory(email="lea@exemple.fr")
    client.force_login(user)
    return user


def test_le_pied_de_page_mene_a_chaque_page_et_chacune_repond_a_tous(client):
    html = client.get(reverse("accueil")).content.decode()
    for slug in Page.Slug.values:
        url = reverse("pages:page", args=[slug])
        assert f'href="{url}"' in html
        assert client.get(url).status_code == 200
    for name in ("pages:plan_du_site", "pages:contact"):
        assert f'href="{reverse(name)}"' in html
        assert client.get(reverse(name)).status_code == 200
    assert "Accessibilité : partiellement conforme" in html
    assert client.get(reverse("pages:page", args=["inconnue"])).status_code == 404


def test_un_texte_change_sans_deploiement_et_garde_ses_reglages(client, settings):
    settings.DPO_EMAIL = "dpo@ministere.example"
    Page.objects.filter(slug=Page.Slug.DONNEES_PERSONNELLES).update(
        contenu="## Nouveau titre\n\nUn texte **revu** par l'équipe."
    )
    html = client.get(reverse("pages:page", args=["donnees-personnelles"])).content.decode()
    assert "<h2>Nouveau titre</h2>" in html and "<strong>revu</strong>" in html
    assert 'href="mailto:dpo@ministere.example"' in html


def test_la_declaration_d_accessibilite_suit_le_plan_du_rgaa(client):
    html = client.get(reverse("pages:page", args=["accessibilite"])).content.decode()
    for titre in (
        "État de conformité",
        "Résultats des tests",
        "Contenus non accessibles",
        "Dérogations",
        "Établissement de cette déclaration",
        "Voies de recours",
    ):
        assert f"<h2>{titre}</h2>" in html


def test_une_nouvelle_version_est_acceptee_avant_de_continuer(client, lea, cgu):
    assert client.get(ESPACE).status_code == 200
    cgu = cgu_publish(cgu)
    assert cgu.version == 2

    response = client.get(ESPACE + "?onglet=offres")
    assert response.status_code == 302
    assert response["Location"] == f"{ACCEPTER}?suivant=%2Fespace%2F%3Fonglet%3Doffres"
    page = client.get(response["Location"])
    assert "Lisez la version 2" in page.content.decode()
    # The texts stay readable before accepting, and an email's unsubscribe link still works.
    assert client.get(reverse("pages:page", args=["conditions-generales"])).status_code == 200
    desabonnement = client.get(reverse("offres:alerte_unsubscribe", args=["jeton-inconnu"]))
    assert desabonnement.status_code == 400

    response = client.post(ACCEPTER, {"suivant": "/espace/?onglet=offres"})
    assert response["Location"] == "/espace/?onglet=offres"
    assert list(AcceptationCGU.objects.filter(user=lea).values_list("version", flat=True)) == [2]
    assert client.get(ESPACE).status_code == 200
    # Accepting again records nothing more.
    client.post(ACCEPTER, {"suivant": "/"})
    assert AcceptationCGU.objects.filter(user=lea).count() == 1


def test_le_retour_apres_acceptation_reste_sur_le_site(client, lea, cgu):
    cgu_publish(cgu)
    for ailleurs in ("https://pirate.example/", "//pirate.example/", "javascript:alert(1)"):
        response = client.post(ACCEPTER, {"suivant": ailleurs})
        assert response["Location"] == "/"


def test_un_formulaire_envoye_passe_et_htmx_recharge_la_page(client, lea, cgu):
    cgu_publish(cgu)
    # A POST is not turned into a redirection that would lose what was typed.
    response = client.post(reverse("espace:accueil"))
    assert response.status_code == 405
    # htmx follows a plain redirection itself and would swap the acceptance page into the
    # results: it is told to load the acceptance page, which comes back to the page it was on.
    response = client.get(
        reverse("alliances:alliance_list") + "?typologie=mecenat",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/alliances/?q=eau"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == ACCEPTER + "?suivant=%2Falliances%2F%3Fq%3Deau"
    assert not response.content


def test_les_requetes_des_scripts_recoivent_leur_reponse_habituelle(client, lea, cgu):
    """Suggestions and map points are fetched by scripts that expect JSON: a redirection to an
    HTML page would break them silently. The next page opened asks for the acceptance."""
    cgu_publish(cgu)
    response = client.get(
        reverse("organisations:organisation_autocomplete"),
        {"q": "jardin"},
        headers={"Sec-Fetch-Mode": "cors"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    response = client.get(reverse("espace:accueil"), headers={"Sec-Fetch-Mode": "navigate"})
    assert response.status_code == 302
    assert response["Location"].startswith(ACCEPTER)


def test_l_acceptation_demande_un_compte(client):
    response = client.get(ACCEPTER)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert AcceptationCGU.objects.count() == 0


def test_s_inscrire_accepte_la_version_en_vigueur(client, cgu, django_capture_on_commit_callbacks):
    cgu_publish(cgu)
    html = client.get(reverse("account_signup")).content.decode()
    assert "En créant votre compte, vous acceptez les" in html
    mot_de_passe = "Coop3rer-en-territoire"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {"email": "noe@exemple.fr", "password1": mot_de_passe, "password2": mot_de_passe},
        )
    noe = get_user_model().objects.get(email="noe@exemple.fr")
    assert not noe.cgu_a_accepter
    assert list(noe.acceptations_cgu.values_list("version", flat=True)) == [2]


def test_l_equipe_publie_une_version_depuis_l_administration(client, cgu):
    autre = UserFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:pages_page_changelist")
    mentions = Page.objects.get(slug=Page.Slug.MENTIONS_LEGALES)
    response = client.post(
        url, {"action": "publier_nouvelle_version", "_selected_action": [mentions.pk]}, follow=True
    )
    assert "Seules les conditions générales ont des versions" in response.content.decode()
    assert Page.objects.get(pk=cgu.pk).version == 1

    client.post(url, {"action": "publier_nouvelle_version", "_selected_action": [cgu.pk]})
    assert Page.objects.get(pk=cgu.pk).version == 2
    autre.refresh_from_db()
    assert autre.cgu_a_accepter
