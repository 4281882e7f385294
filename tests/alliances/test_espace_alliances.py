"""Declaring, confirming and editing alliances in the espace pro."""

import pytest
from django.core import mail
from django.urls import reverse

from alliances.models import Alliance, Participation
from moderation.models import Statut
from tests.factories import (
    AllianceFactory,
    CommuneFactory,
    MembreFactory,
    OrganisationFactory,
    ParticipationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("alliances:alliance_declare")


@pytest.fixture
def membre(client):
    member = MembreFactory(organisation__nom="Les Jardins Solidaires")
    client.force_login(member.user)
    return member


@pytest.fixture
def partenaire():
    organisation = OrganisationFactory(entreprise=True, nom="Boulangerie Martin")
    MembreFactory(organisation=organisation, admin=True, user__email="patronne@exemple.fr")
    return organisation


def _data(membre, partenaire, **extra) -> dict:
    commune = CommuneFactory(nom="Bourg-d'Essai")
    return {
        "porteur": membre.organisation.pk,
        "contribution": "Nos bénévoles livrent le pain invendu.",
        "partenaire_1": partenaire.label,
        "titre": "Du pain pour tous",
        "description": "La boulangerie donne ses invendus, l'association les distribue.",
        "typologie": "mecenat",
        "modalite": "contrat_echange",
        "etat": "en_cours",
        "date_debut": "2025-03-01",
        "commune": str(commune),
        "portee": "locale",
        "domaines": ["alimentation", "solidarite"],
        "odd": ["2", "17"],
        **extra,
    }


def test_declarer_une_alliance_depuis_l_espace_pro(
    client, membre, partenaire, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _data(membre, partenaire))
    alliance = Alliance.objects.get()
    assert response.status_code == 302
    assert response["Location"] == alliance.get_absolute_url()
    assert alliance.statut == Statut.EN_ATTENTE
    assert set(alliance.participations.values_list("organisation__nom", "etat")) == {
        ("Les Jardins Solidaires", "confirmee"),
        ("Boulangerie Martin", "en_attente"),
    }
    assert mail.outbox[0].to == ["patronne@exemple.fr"]
    # The declaring member sees the alliance, not yet public.
    assert client.get(alliance.get_absolute_url()).status_code == 200


def test_inviter_un_partenaire_absent_par_courriel(
    client, membre, partenaire, django_capture_on_commit_callbacks
):
    data = _data(membre, partenaire, partenaire_1="", invites="sacha@exemple.fr\n")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data)
    assert response.status_code == 302
    alliance = Alliance.objects.get()
    assert list(alliance.invitations_partenaires.values_list("email", flat=True)) == [
        "sacha@exemple.fr"
    ]
    assert mail.outbox[-1].to == ["sacha@exemple.fr"]


def test_un_partenaire_donne_par_son_siren(client, membre, partenaire):
    client.post(URL, _data(membre, partenaire, partenaire_1=partenaire.siren))
    assert Alliance.objects.get().participations.filter(organisation=partenaire).exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            {"partenaire_1": ""},
            "Nommez au moins un partenaire, publié sur la plateforme ou invité par courriel.",
        ),
        ({"invites": "pas-une-adresse"}, "Ces adresses ne sont pas valides : pas-une-adresse"),
        (
            {"partenaire_1": "Organisation fantôme"},
            "Aucune organisation publiée ne s&#x27;appelle « Organisation fantôme ».",
        ),
        ({"date_fin": "2024-01-01"}, "La date de fin doit suivre la date de début."),
        ({"typologie": "philanthropie"}, "Sélectionnez un choix valide."),
        ({"titre": ""}, "Ce champ est obligatoire."),
    ],
    ids=[
        "sans-partenaire",
        "invite-invalide",
        "partenaire-inconnu",
        "fin-avant-debut",
        "typologie",
        "sans-titre",
    ],
)
def test_une_declaration_invalide_est_expliquee_et_garde_la_saisie(
    client, membre, partenaire, extra, message
):
    response = client.post(URL, _data(membre, partenaire, **extra))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "La boulangerie donne ses invendus" in html
    assert not Alliance.objects.exists()


def test_une_alliance_avec_sa_seule_organisation_est_refusee(client, membre, partenaire):
    response = client.post(URL, _data(membre, partenaire, partenaire_1=membre.organisation.label))
    assert "Une alliance réunit au moins deux organisations" in response.content.decode()
    assert not Alliance.objects.exists()


def test_on_ne_declare_pas_au_nom_d_une_organisation_dont_on_n_est_pas_membre(
    client, membre, partenaire
):
    autre = OrganisationFactory()
    response = client.post(URL, _data(membre, partenaire, porteur=autre.pk))
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Alliance.objects.exists()


def test_declarer_demande_d_etre_connecte(client):
    assert client.get(URL).status_code == 302


def test_le_partenaire_confirme_depuis_son_tableau_de_bord(client):
    participation = ParticipationFactory(en_attente=True, alliance__titre="Du pain pour tous")
    admin = MembreFactory(organisation=participation.organisation, admin=True)
    client.force_login(admin.user)
    html = client.get(reverse("espace:accueil")).content.decode()
    assert "Du pain pour tous" in html and "Confirmez-vous" in html
    client.post(reverse("alliances:participation_decide", args=[participation.pk, "confirmer"]))
    participation.refresh_from_db()
    assert participation.etat == Participation.Etat.CONFIRMEE


@pytest.mark.parametrize("role", ["membre", "admin_ailleurs", "inconnu"])
def test_seul_un_admin_du_partenaire_confirme(client, role):
    participation = ParticipationFactory(en_attente=True)
    user = {
        "membre": lambda: MembreFactory(organisation=participation.organisation).user,
        "admin_ailleurs": lambda: MembreFactory(admin=True).user,
        "inconnu": UserFactory,
    }[role]()
    client.force_login(user)
    url = reverse("alliances:participation_decide", args=[participation.pk, "confirmer"])
    assert client.post(url).status_code == 404
    participation.refresh_from_db()
    assert participation.etat == Participation.Etat.EN_ATTENTE


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("visiteur", 302),
        ("inconnu", 404),
        ("membre_ailleurs", 404),
        ("participant", 200),
        ("staff", 200),
    ],
)
def test_seuls_les_participants_modifient_une_alliance(client, role, status):
    alliance = AllianceFactory(titre="Avant")
    participation = ParticipationFactory(alliance=alliance, porteur=True)
    users = {
        "inconnu": UserFactory,
        "membre_ailleurs": lambda: MembreFactory().user,
        "participant": lambda: MembreFactory(organisation=participation.organisation).user,
        "staff": lambda: UserFactory(staff=True),
    }
    if role != "visiteur":
        client.force_login(users[role]())
    url = reverse("alliances:alliance_edit", args=[alliance.slug])
    assert client.get(url).status_code == status
    client.post(
        url,
        {
            "titre": "Après",
            "description": "Nouveau texte.",
            "typologie": "mecenat",
            "modalite": "contrat_echange",
            "etat": "en_cours",
            "commune": str(alliance.commune),
            "portee": "locale",
        },
    )
    alliance.refresh_from_db()
    assert alliance.titre == ("Après" if status == 200 else "Avant")
    if role == "participant":
        assert alliance.statut == Statut.EN_ATTENTE


def test_l_autocompletion_des_organisations_ne_propose_que_les_publiees(client):
    OrganisationFactory(nom="Boulangerie Martin")
    OrganisationFactory(nom="Boulangerie cachée", en_attente=True)
    response = client.get(reverse("organisations:organisation_autocomplete"), {"q": "boulangerie"})
    assert [item["label"].split(" — ")[0] for item in response.json()] == ["Boulangerie Martin"]
    bad = client.get(reverse("organisations:organisation_autocomplete"), {"q": "\x00"})
    assert bad.status_code == 400
