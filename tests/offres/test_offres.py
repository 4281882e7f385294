"""Offres: the public search (/offres/), the offre page, and their management in the espace pro."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from moderation.models import Statut
from offres import services
from offres.models import Offre
from offres.tasks import offres_expire
from tests.factories import (
    CommuneFactory,
    MembreFactory,
    OffreFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("offres:offre_list")


def _offre(titre="Offre", **fields):
    offre = OffreFactory(titre=titre, **fields)
    offre.refresh_recherche()
    offre.save()
    services.offres_refresh_search([offre.pk])
    return offre


def _titres(response) -> list[str]:
    return [offre.titre for offre in response.context["page"]]


# Public search


def test_la_recherche_ne_montre_que_les_offres_publiees_et_ouvertes(client):
    _offre("Publiée")
    _offre("En attente", statut=Statut.EN_ATTENTE)
    _offre("Pourvue", etat=Offre.Etat.POURVUE)
    _offre("Expirée", etat=Offre.Etat.EXPIREE)
    response = client.get(URL)
    assert response.status_code == 200
    assert _titres(response) == ["Publiée"]
    assert "1 offre" in response.content.decode()


@pytest.mark.parametrize("nombre", [3, 30])
def test_la_recherche_fait_le_meme_nombre_de_requetes_quel_que_soit_le_nombre_d_offres(
    client, django_assert_num_queries, nombre
):
    for index in range(nombre):
        _offre(f"Offre {index}").domaines.set(["sante"])
    # count, page, domaines; four facets by value and one for the ressources; two label lists;
    # the form's four lists of choices (domaine, ODD, région, département).
    with django_assert_num_queries(14):
        response = client.get(URL)
    assert response.context["page"].paginator.count == nombre


def test_la_recherche_en_francais_trouve_sans_accents(client):
    _offre("Compétences numériques pour une épicerie solidaire")
    _offre("Locaux pour un atelier vélo", ressources=",locaux,")
    assert _titres(client.get(URL, {"q": "epicerie competences"})) == [
        "Compétences numériques pour une épicerie solidaire"
    ]
    # The ressource's label and the organisation's name are searchable too.
    assert _titres(client.get(URL, {"q": "locaux"})) == ["Locaux pour un atelier vélo"]


def test_chaque_filtre(client):
    a = _offre("A", sens="propose", ressources=",financement,materiel,", typologie="mecenat")
    a.domaines.set(["sante"])
    a.odd.set([3])
    b = _offre("B", sens="recherche", ressources=",locaux,", typologie="innovation_societale")
    assert _titres(client.get(URL, {"sens": "propose"})) == ["A"]
    assert _titres(client.get(URL, {"sens": "recherche"})) == ["B"]
    assert _titres(client.get(URL, {"ressource": "materiel"})) == ["A"]
    assert _titres(client.get(URL, {"ressource": "locaux"})) == ["B"]
    assert _titres(client.get(URL, {"typologie": "innovation_societale"})) == ["B"]
    assert _titres(client.get(URL, {"domaine": "sante"})) == ["A"]
    assert _titres(client.get(URL, {"odd": "3"})) == ["A"]
    assert _titres(client.get(URL, {"region": b.region_id})) == ["B"]
    assert _titres(client.get(URL, {"departement": a.departement_id})) == ["A"]
    assert _titres(client.get(URL, {"sens": "propose", "ressource": "locaux"})) == []


def test_les_facettes_comptent_sous_les_autres_filtres(client):
    for _ in range(2):
        _offre(sens="propose", ressources=",financement,materiel,")
    _offre(sens="recherche", ressources=",financement,")
    response = client.get(URL, {"sens": "propose"})
    groups = {group["label"]: group["items"] for group in response.context["facettes"]}
    # Under sens = propose, whatever the ressource:
    assert {i["label"]: i["count"] for i in groups["Ressource"]} == {
        "financement": 2,
        "matériel": 2,
    }
    # Under no other filter, whatever the sens:
    assert {i["label"]: i["count"] for i in groups["Sens"]} == {"Proposées": 2, "Recherchées": 1}
    html = response.content.decode()
    assert "Matériel (2)" in html
    assert 'href="?sens=propose&amp;ressource=materiel"' in html


def test_la_proximite_garde_les_offres_proches_et_les_nationales(client):
    centre = CommuneFactory(latitude=45.7640, longitude=4.8357)
    voisine = CommuneFactory(latitude=45.7640 + 0.1349, longitude=4.8357)
    loin = CommuneFactory(latitude=43.3, longitude=5.4)
    _offre("Sur place", commune=centre)
    _offre("À quinze kilomètres", commune=voisine)
    _offre("Au loin", commune=loin)
    _offre("Partout en France", commune=loin, national=True, rayon_km=None)
    response = client.get(URL, {"commune": str(centre), "rayon": "20", "tri": "proximite"})
    assert _titres(response) == ["Sur place", "À quinze kilomètres", "Partout en France"]
    assert "à 15 km" in response.content.decode()
    assert _titres(client.get(URL, {"commune": str(centre)})) == [
        "Partout en France",
        "Sur place",
    ]


@pytest.mark.parametrize(
    "query",
    [
        {"sens": "n'importe"},
        {"ressource": "licornes"},
        {"rayon": "-5", "commune": "Lyon"},
        {"rayon": "abc"},
        {"rayon": "99999999999999999999"},
        {"page": str(10**9)},
        {"page": "-1"},
        {"q": "x" * 5000},
        {"q": "\u202e🤝 ' OR 1=1 -- & | ! :*"},
        {"q": "\x00"},
        {"odd": "0"},
        {"region": "'; DROP TABLE"},
        {"commune": "a" * 500},
        {"tri": "n'importe quoi"},
        {"ressource": ["financement", "locaux"]},
    ],
)
def test_aucune_requete_ne_provoque_d_erreur(client, query):
    _offre()
    assert client.get(URL, query).status_code == 200


def test_un_rayon_negatif_est_explique_en_francais_et_garde_la_saisie(client):
    html = client.get(URL, {"rayon": "-5"}).content.decode()
    assert "Le rayon doit être d&#x27;au moins 1 km." in html
    assert 'value="-5"' in html


def test_une_requete_htmx_ne_rend_que_les_resultats(client):
    _offre("Visible")
    response = client.get(URL, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Visible" in html
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_la_navigation_mene_aux_offres(client):
    html = client.get(reverse("accueil")).content.decode()
    assert f'href="{URL}"' in html


# Offre page


@pytest.mark.parametrize("candidats", [1, 10])
def test_la_page_d_une_offre_publiee_est_publique(client, django_assert_num_queries, candidats):
    offre = _offre("Besoin de bénévoles", ressources=",benevolat,")
    offre.domaines.set(["sante"])
    for _ in range(candidats):
        _offre(sens="propose", ressources=",benevolat,", national=True, rayon_km=None)
        OrganisationFactory(entreprise=True).domaines.set(["sante"])
    # offre; domaines, ODD; suggested offres: candidates with their domaines and ODD (a visitor
    # does not read the organisation's declines); suggested organisations with their domaines
    # and ODD.
    with django_assert_num_queries(9):
        response = client.get(offre.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="fr-mt-1w">Besoin de bénévoles</h1>' in html
    assert "recherche : bénévolat" in html
    assert "Contacter (connexion requise)" in html


@pytest.mark.parametrize("statut", [Statut.EN_ATTENTE, Statut.REFUSEE])
def test_une_offre_non_publiee_n_est_vue_que_par_les_membres_et_l_equipe(client, statut):
    offre = _offre("Pas encore", statut=statut)
    assert client.get(offre.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(offre.get_absolute_url()).status_code == 404
    client.force_login(MembreFactory(organisation=offre.organisation).user)
    assert "est pas publique" in client.get(offre.get_absolute_url()).content.decode()
    client.force_login(UserFactory(staff=True))
    assert client.get(offre.get_absolute_url()).status_code == 200


def test_la_description_est_du_texte_echappe(client):
    offre = _offre(description="<script>alert('x')</script>")
    html = client.get(offre.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


# Espace pro


def _donnees(organisation, **champs):
    commune = CommuneFactory()
    data = {
        "organisation": organisation.pk,
        "sens": "recherche",
        "titre": "Un local pour notre ressourcerie",
        "description": "Nous cherchons 200 m² pour trier et réparer.",
        "typologie": "mecenat",
        "ressources": ["locaux", "materiel"],
        "domaines": ["environnement"],
        "odd": ["12"],
        "commune": str(commune),
        "rayon_km": "25",
        "date_limite": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
    }
    data.update(champs)
    return data


def test_un_membre_publie_une_offre_qui_attend_la_moderation(client):
    membre = MembreFactory()
    client.force_login(membre.user)
    response = client.post(reverse("offres:offre_create"), _donnees(membre.organisation))
    offre = Offre.objects.get()
    assert response.status_code == 302
    assert response["Location"] == offre.get_absolute_url()
    assert offre.statut == Statut.EN_ATTENTE
    assert offre.ressources_list == ["materiel", "locaux"]
    assert offre.created_by == membre.user
    assert offre.departement_id == offre.commune.departement_id
    assert list(offre.domaines.values_list("code", flat=True)) == ["environnement"]
    assert _titres(client.get(URL)) == []


def test_on_ne_publie_pas_pour_une_organisation_dont_on_n_est_pas_membre(client):
    client.force_login(MembreFactory().user)
    autre = OrganisationFactory()
    response = client.post(reverse("offres:offre_create"), _donnees(autre))
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Offre.objects.exists()


@pytest.mark.parametrize(
    ("champs", "message"),
    [
        ({"date_limite": "2020-01-01"}, "La date limite est déjà passée"),
        ({"rayon_km": "-3"}, "Le rayon d&#x27;action doit être d&#x27;au moins 1 km."),
        ({"rayon_km": ""}, "Indiquez un rayon d&#x27;action en kilomètres"),
        ({"ressources": []}, "Cochez au moins une ressource."),
        ({"description": ""}, "Ce champ est obligatoire."),
        ({"description": "nul \x00 octet"}, "Le caractère nul"),
        ({"description": "sonnerie \x07"}, "caractères non imprimables"),
    ],
)
def test_une_saisie_invalide_est_expliquee_et_garde_le_formulaire(client, champs, message):
    membre = MembreFactory()
    client.force_login(membre.user)
    response = client.post(reverse("offres:offre_create"), _donnees(membre.organisation, **champs))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="Un local pour notre ressourcerie"' in html
    assert not Offre.objects.exists()


def test_la_portee_nationale_se_passe_de_rayon(client):
    membre = MembreFactory()
    client.force_login(membre.user)
    client.post(
        reverse("offres:offre_create"),
        _donnees(membre.organisation, rayon_km="", national="on"),
    )
    offre = Offre.objects.get()
    assert offre.national and offre.rayon_km is None


def test_modifier_le_texte_d_une_offre_publiee_la_remet_en_moderation(client):
    offre = _offre("Avant")
    client.force_login(MembreFactory(organisation=offre.organisation).user)
    data = _donnees(offre.organisation, titre="Après")
    data.pop("organisation")
    response = client.post(reverse("offres:offre_edit", args=[offre.slug]), data)
    assert response.status_code == 302
    offre.refresh_from_db()
    assert offre.titre == "Après"
    assert offre.statut == Statut.EN_ATTENTE


@pytest.mark.parametrize("qui", ["visiteur", "autre_membre"])
def test_seuls_les_membres_modifient_ferment_et_rouvrent(client, qui):
    offre = _offre()
    if qui == "autre_membre":
        client.force_login(MembreFactory().user)
    edit = client.get(reverse("offres:offre_edit", args=[offre.slug]))
    close = client.post(reverse("offres:offre_etat", args=[offre.slug, "fermer"]))
    expected = 302 if qui == "visiteur" else 404
    assert edit.status_code == expected
    assert close.status_code == expected
    offre.refresh_from_db()
    assert offre.etat == Offre.Etat.OUVERTE


def test_fermer_puis_rouvrir_une_offre(client):
    offre = _offre("Local trouvé")
    client.force_login(MembreFactory(organisation=offre.organisation).user)
    client.post(reverse("offres:offre_etat", args=[offre.slug, "fermer"]))
    offre.refresh_from_db()
    assert offre.etat == Offre.Etat.POURVUE
    assert _titres(client.get(URL)) == []
    response = client.post(reverse("offres:offre_etat", args=[offre.slug, "rouvrir"]), follow=True)
    assert "L&#x27;offre est rouverte." in response.content.decode()
    offre.refresh_from_db()
    assert offre.etat == Offre.Etat.OUVERTE
    assert client.post(reverse("offres:offre_etat", args=[offre.slug, "bruler"])).status_code == 404


def test_une_offre_dont_la_date_est_passee_ne_se_rouvre_pas_sans_nouvelle_date(client):
    hier = timezone.localdate() - datetime.timedelta(days=1)
    offre = _offre(date_limite=hier, etat=Offre.Etat.EXPIREE)
    client.force_login(MembreFactory(organisation=offre.organisation).user)
    response = client.post(reverse("offres:offre_etat", args=[offre.slug, "rouvrir"]), follow=True)
    assert "La date limite de cette offre est passée" in response.content.decode()
    offre.refresh_from_db()
    assert offre.etat == Offre.Etat.EXPIREE


def test_la_tache_periodique_expire_les_offres_dont_la_date_est_passee():
    hier = timezone.localdate() - datetime.timedelta(days=1)
    passee = _offre("Passée", date_limite=hier)
    du_jour = _offre("Du jour", date_limite=timezone.localdate())
    sans_date = _offre("Sans date")
    assert offres_expire.delay().get() == 1
    # Idempotent: a second run changes nothing.
    assert offres_expire.delay().get() == 0
    etats = dict(Offre.objects.values_list("titre", "etat"))
    assert etats == {"Passée": "expiree", "Du jour": "ouverte", "Sans date": "ouverte"}
    assert passee.pk and du_jour.pk and sans_date.pk


def test_l_expiration_est_planifiee_chaque_nuit(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["offres-expirees"]
    assert entry["task"] == "offres.tasks.offres_expire"


def test_l_espace_pro_liste_mes_offres(client):
    offre = _offre("Notre besoin de locaux")
    client.force_login(MembreFactory(organisation=offre.organisation).user)
    html = client.get(reverse("espace:accueil")).content.decode()
    assert "Notre besoin de locaux" in html
    assert reverse("offres:offre_create") in html


def test_la_fiche_d_une_organisation_montre_ses_offres_ouvertes(client):
    offre = _offre("Besoin visible")
    _offre("Besoin fermé", organisation=offre.organisation, etat=Offre.Etat.POURVUE)
    html = client.get(offre.organisation.get_absolute_url()).content.decode()
    assert "Besoin visible" in html
    assert "Besoin fermé" not in html


@pytest.mark.parametrize("nombre", [1, 6])
def test_le_tableau_de_bord_suggere_des_partenaires_en_requetes_constantes(
    client, django_assert_num_queries, nombre
):
    membre = MembreFactory()
    for index in range(nombre):
        _offre(f"Notre besoin {index}", organisation=membre.organisation, national=True)
        _offre(f"Une aide {index}", sens="propose", national=True)
    client.force_login(membre.user)
    # session, user, memberships, invitations, requests to join (to decide, mine),
    # participations, alliances; my offres, requests to answer, response figures; suggestions:
    # declines, candidates with their domaines and ODD.
    with django_assert_num_queries(15):
        response = client.get(reverse("espace:accueil"))
    html = response.content.decode()
    assert "Partenaires suggérés pour" in html
    assert "pourquoi cette suggestion" in html


def test_le_plan_du_site_liste_les_offres_ouvertes(client):
    ouverte = _offre("Ouverte")
    fermee = _offre("Fermée", etat=Offre.Etat.POURVUE)
    xml = client.get("/sitemap-offres.xml").content.decode()
    assert ouverte.get_absolute_url() in xml
    assert fermee.get_absolute_url() not in xml
    assert URL in client.get("/sitemap-pages.xml").content.decode()
