"""The public directory (/acteurs/) and the organisations' public pages."""

import pytest
from django.urls import reverse

from nomenclatures.models import ODD, Domaine
from organisations.models import DemandeAdhesion
from tests.factories import (
    CommuneFactory,
    MembreFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("organisations:organisation_list")


def _noms(response) -> list[str]:
    return [organisation.nom for organisation in response.context["page"]]


def test_l_annuaire_ne_montre_que_les_organisations_publiees(client):
    OrganisationFactory(nom="Les Jardins Solidaires")
    OrganisationFactory(nom="Association en attente", en_attente=True)
    response = client.get(URL)
    assert _noms(response) == ["Les Jardins Solidaires"]
    assert "Association en attente" not in response.content.decode()


@pytest.mark.parametrize("nombre", [3, 60])
def test_l_annuaire_fait_le_meme_nombre_de_requetes_quel_que_soit_le_nombre_d_acteurs(
    client, django_assert_num_queries, nombre
):
    domaines = list(Domaine.objects.all()[:2])
    for organisation in OrganisationFactory.create_batch(nombre):
        organisation.domaines.set(domaines)
        organisation.odd.set([17])
    # count, page, domaines and ODD prefetch, then the filter form's four lists of choices
    with django_assert_num_queries(8):
        response = client.get(URL)
    assert response.context["page"].paginator.count == nombre
    assert len(response.context["page"]) == min(nombre, 20)


def test_la_recherche_ignore_accents_et_majuscules_et_veut_tous_les_mots(client):
    OrganisationFactory(nom="Les Jardins Solidaires de Lyon", description="Potagers partagés.")
    OrganisationFactory(nom="Jardins du Rhône", description="Pépinière d'insertion.")
    assert _noms(client.get(URL, {"q": "jardins solidaires"})) == ["Les Jardins Solidaires de Lyon"]
    assert _noms(client.get(URL, {"q": "POTAGERS partages"})) == ["Les Jardins Solidaires de Lyon"]
    assert _noms(client.get(URL, {"q": "pepiniere"})) == ["Jardins du Rhône"]


def test_chaque_filtre_restreint_la_liste(client):
    lyon = CommuneFactory(nom="Lyon d'essai")
    ailleurs = CommuneFactory()
    sante = Domaine.objects.get(code="sante")
    association = OrganisationFactory(nom="A", siege=lyon)
    association.domaines.set([sante])
    association.odd.set([ODD.objects.get(numero=3)])
    entreprise = OrganisationFactory(nom="B", entreprise=True, siege=ailleurs)
    entreprise.odd.set([17])

    assert _noms(client.get(URL, {"kind": "entreprise"})) == ["B"]
    assert _noms(client.get(URL, {"domaine": "sante"})) == ["A"]
    assert _noms(client.get(URL, {"odd": "17"})) == ["B"]
    assert _noms(client.get(URL, {"region": lyon.region_id})) == ["A"]
    assert _noms(client.get(URL, {"departement": ailleurs.departement_id})) == ["B"]
    assert _noms(client.get(URL, {"commune": str(lyon)})) == ["A"]
    assert _noms(client.get(URL, {"kind": "association", "odd": "3", "domaine": "sante"})) == ["A"]
    assert _noms(client.get(URL, {"kind": "association", "odd": "17"})) == []


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "inconnu"},
        {"domaine": "pas-un-domaine"},
        {"odd": "99"},
        {"odd": "-1"},
        {"region": "ZZZ"},
        {"page": str(10**9)},
        {"page": "-3"},
        {"page": "abc"},
        {"q": "x" * 5000},
        {"q": "\u202e\u0000\ud7ff🤝"},
        {"commune": "1234567"},
    ],
)
def test_une_requete_absurde_ne_casse_pas_l_annuaire(client, query):
    OrganisationFactory()
    response = client.get(URL, query)
    assert response.status_code == 200


def test_une_valeur_de_filtre_inconnue_est_signalee_en_francais(client):
    response = client.get(URL, {"kind": "inconnu"})
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_une_requete_htmx_ne_renvoie_que_les_resultats(client):
    OrganisationFactory(nom="Les Jardins Solidaires")
    response = client.get(URL, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="resultats-contenu"')
    assert "<html" not in html
    assert "Les Jardins Solidaires" in html


def test_la_pagination_garde_les_filtres(client):
    OrganisationFactory.create_batch(25, entreprise=True)
    html = client.get(URL, {"kind": "entreprise"}).content.decode()
    assert 'href="?kind=entreprise&amp;page=2"' in html


# Public page of an organisation


def test_la_fiche_publique_montre_l_organisation_sans_son_courriel(
    client, django_assert_num_queries
):
    organisation = OrganisationFactory(
        nom="Les Jardins Solidaires", email_contact="secret@jardins.exemple.fr"
    )
    organisation.domaines.set(["sante", "alimentation"])
    organisation.odd.set([2, 17])
    # organisation, domaines, ODD, its published alliances, its open offres, its response figures
    with django_assert_num_queries(6):
        response = client.get(organisation.get_absolute_url())
    html = response.content.decode()
    assert '<h1 class="fr-mt-1w">Les Jardins Solidaires</h1>' in html
    assert "Alimentation" in html and "ODD 17 : Partenariats" in html
    assert "secret@jardins.exemple.fr" not in html
    assert f'href="/comptes/connexion/?next={organisation.get_absolute_url()}"' in html


ROLES = ["visiteur", "inconnu", "membre", "admin", "membre_ailleurs", "staff"]


def _login_as(client, role: str, organisation) -> None:
    if role == "visiteur":
        return
    if role == "staff":
        user = UserFactory(staff=True)
    elif role in ("membre", "admin"):
        user = MembreFactory(organisation=organisation, admin=role == "admin").user
    elif role == "membre_ailleurs":
        user = MembreFactory(admin=True).user
    else:
        user = UserFactory()
    client.force_login(user)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("visiteur", 404),
        ("inconnu", 404),
        ("membre", 200),
        ("admin", 200),
        ("membre_ailleurs", 404),
        ("staff", 200),
    ],
)
def test_une_organisation_non_publiee_n_est_visible_que_de_ses_membres_et_du_staff(
    client, role, status
):
    organisation = OrganisationFactory(en_attente=True)
    _login_as(client, role, organisation)
    response = client.get(organisation.get_absolute_url())
    assert response.status_code == status
    if status == 200:
        assert "Cette organisation n'est pas publique" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_une_organisation_publiee_est_visible_de_tous(client, role):
    organisation = OrganisationFactory()
    _login_as(client, role, organisation)
    assert client.get(organisation.get_absolute_url()).status_code == 200


def test_seul_l_admin_voit_le_lien_de_modification(client):
    organisation = OrganisationFactory()
    member = MembreFactory(organisation=organisation)
    client.force_login(member.user)
    assert "Modifier la fiche" not in client.get(organisation.get_absolute_url()).content.decode()
    member.role = "admin"
    member.save()
    assert "Modifier la fiche" in client.get(organisation.get_absolute_url()).content.decode()


# Asking to join


def test_demander_a_rejoindre_demande_d_etre_connecte(client):
    organisation = OrganisationFactory()
    url = reverse("organisations:demande_adhesion", args=[organisation.slug])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/connexion/")


def test_une_demande_d_adhesion_previent_les_admins(client, django_capture_on_commit_callbacks):
    from django.core import mail

    admin = MembreFactory(admin=True)
    user = UserFactory()
    client.force_login(user)
    url = reverse("organisations:demande_adhesion", args=[admin.organisation.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message": "Je suis la nouvelle trésorière."})
    assert response.status_code == 302
    demande = DemandeAdhesion.objects.get(user=user)
    assert demande.message == "Je suis la nouvelle trésorière."
    assert mail.outbox[0].to == [admin.user.email]


def test_on_ne_peut_pas_demander_a_rejoindre_une_organisation_non_publiee_sans_son_identifiant(
    client,
):
    organisation = OrganisationFactory(en_attente=True, rna="W691234567")
    client.force_login(UserFactory())
    url = reverse("organisations:demande_adhesion", args=[organisation.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, {"identifiant": "W000000000"}).status_code == 404
    assert client.get(url, {"identifiant": "W691234567"}).status_code == 200
    assert client.post(url, {"identifiant": "W691234567"}).status_code == 302
    assert DemandeAdhesion.objects.filter(organisation=organisation).count() == 1


def test_une_restauration_d_historique_htmx_recoit_la_page_entiere(client):
    OrganisationFactory()
    response = client.get(URL, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in response.content.decode()
    assert "HX-Request" in response["Vary"]
