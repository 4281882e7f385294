"""Adding and removing the partners of an alliance after its declaration."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from alliances.models import InvitationPartenaire, Participation
from tests.factories import (
    AllianceFactory,
    MembreFactory,
    OrganisationFactory,
    ParticipationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def alliance():
    """A published alliance: an association carries it, a company takes part."""
    alliance = AllianceFactory(titre="Du pain pour tous")
    ParticipationFactory(
        alliance=alliance, porteur=True, organisation__nom="Les Jardins Solidaires"
    )
    ParticipationFactory(alliance=alliance, organisation__nom="Boulangerie Martin")
    return alliance


def _participation(alliance, nom: str) -> Participation:
    return alliance.participations.get(organisation__nom=nom)


def _porteur_member(client, alliance):
    membre = MembreFactory(
        organisation=_participation(alliance, "Les Jardins Solidaires").organisation
    )
    client.force_login(membre.user)
    return membre


def _add_url(alliance) -> str:
    return reverse("alliances:alliance_partners_add", args=[alliance.slug])


def _remove_url(participation) -> str:
    return reverse(
        "alliances:participation_remove", args=[participation.alliance.slug, participation.pk]
    )


def test_ajouter_un_partenaire_publie_lui_demande_de_confirmer(
    client, alliance, django_capture_on_commit_callbacks
):
    _porteur_member(client, alliance)
    nouveau = OrganisationFactory(nom="Épicerie du Coin")
    MembreFactory(organisation=nouveau, admin=True, user__email="epiciere@exemple.fr")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_add_url(alliance), {"partenaire_1": nouveau.label})

    assert response.status_code == 302
    participation = _participation(alliance, "Épicerie du Coin")
    assert participation.etat == Participation.Etat.EN_ATTENTE
    assert participation.role == Participation.Role.PARTENAIRE
    [message] = mail.outbox
    assert message.to == ["epiciere@exemple.fr"]
    assert "Du pain pour tous" in message.body
    # Not public until it confirms; the alliance's own members see it, waiting.
    page = client.get(alliance.get_absolute_url()).content.decode()
    assert "Boulangerie Martin" in page
    assert "Épicerie du Coin" in page and "en attente de confirmation" in page
    client.logout()
    page = client.get(alliance.get_absolute_url()).content.decode()
    assert "Boulangerie Martin" in page
    assert "Épicerie du Coin" not in page


def test_inviter_par_courriel_une_organisation_absente_une_seule_fois(
    client, alliance, django_capture_on_commit_callbacks
):
    _porteur_member(client, alliance)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(_add_url(alliance), {"invites": "cantine@exemple.fr"})

    assert InvitationPartenaire.objects.filter(alliance=alliance).count() == 1
    assert [m.to for m in mail.outbox] == [["cantine@exemple.fr"]]
    page = client.get(reverse("alliances:alliance_edit", args=[alliance.slug])).content.decode()
    assert "cantine@exemple.fr" in page


def test_un_partenaire_deja_present_est_explique_et_la_saisie_gardee(client, alliance):
    _porteur_member(client, alliance)
    boulangerie = _participation(alliance, "Boulangerie Martin").organisation

    response = client.post(_add_url(alliance), {"partenaire_1": boulangerie.label})

    assert response.status_code == 400
    page = response.content.decode()
    assert "font déjà partie de l&#x27;alliance" in page
    assert f'value="{escape(boulangerie.label)}"' in page
    assert alliance.participations.count() == 2


def test_un_partenaire_inconnu_est_explique(client, alliance):
    _porteur_member(client, alliance)

    response = client.post(_add_url(alliance), {"partenaire_1": "Association Imaginaire"})

    assert response.status_code == 400
    assert "Aucune organisation publiée ne s&#x27;appelle « Association Imaginaire »" in (
        response.content.decode()
    )


def test_un_partenaire_qui_avait_decline_peut_etre_sollicite_de_nouveau(client, alliance):
    _porteur_member(client, alliance)
    participation = ParticipationFactory(
        alliance=alliance, organisation__nom="Régie de Quartier", etat=Participation.Etat.REFUSEE
    )

    client.post(_add_url(alliance), {"partenaire_1": participation.organisation.label})

    participation.refresh_from_db()
    assert participation.etat == Participation.Etat.EN_ATTENTE


def test_le_porteur_retire_un_partenaire_qui_est_prevenu(
    client, alliance, django_capture_on_commit_callbacks
):
    _porteur_member(client, alliance)
    ParticipationFactory(alliance=alliance, organisation__nom="Épicerie du Coin")
    boulangerie = _participation(alliance, "Boulangerie Martin")
    MembreFactory(organisation=boulangerie.organisation, admin=True, user__email="b@exemple.fr")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_remove_url(boulangerie), follow=True)

    assert "Boulangerie Martin ne fait plus partie de « Du pain pour tous »" in (
        response.content.decode()
    )
    assert not alliance.participations.filter(pk=boulangerie.pk).exists()
    [message] = mail.outbox
    assert message.to == ["b@exemple.fr"]
    assert "a été retirée de l'alliance « Du pain pour tous »" in message.body
    assert "Boulangerie Martin" not in client.get(alliance.get_absolute_url()).content.decode()


def test_un_partenaire_se_retire_lui_meme_et_le_declarant_est_prevenu(
    client, alliance, django_capture_on_commit_callbacks
):
    alliance.declared_by = UserFactory(email="declarante@exemple.fr")
    alliance.save()
    ParticipationFactory(alliance=alliance, organisation__nom="Épicerie du Coin")
    boulangerie = _participation(alliance, "Boulangerie Martin")
    client.force_login(MembreFactory(organisation=boulangerie.organisation).user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_remove_url(boulangerie))

    assert not alliance.participations.filter(pk=boulangerie.pk).exists()
    [message] = mail.outbox
    assert message.to == ["declarante@exemple.fr"]
    assert "s'est retirée de l'alliance" in message.body


def test_une_alliance_garde_au_moins_deux_organisations(client, alliance):
    _porteur_member(client, alliance)
    boulangerie = _participation(alliance, "Boulangerie Martin")

    response = client.post(_remove_url(boulangerie), follow=True)

    assert alliance.participations.filter(pk=boulangerie.pk).exists()
    assert "au moins deux organisations" in response.content.decode()


def test_un_partenaire_invite_compte_pour_garder_deux_organisations(client, alliance):
    # Before publication, an invited partner counts: the alliance will have two organisations.
    type(alliance).objects.filter(pk=alliance.pk).update(statut="en_attente")
    _porteur_member(client, alliance)
    InvitationPartenaire.objects.create(alliance=alliance, email="cantine@exemple.fr")
    boulangerie = _participation(alliance, "Boulangerie Martin")

    client.post(_remove_url(boulangerie))

    assert not alliance.participations.filter(pk=boulangerie.pk).exists()


def test_une_alliance_publiee_garde_deux_organisations_confirmees(client, alliance):
    # Published with two confirmed organisations; a third is invited, a fourth yet to answer.
    InvitationPartenaire.objects.create(alliance=alliance, email="cantine@exemple.fr")
    ParticipationFactory(alliance=alliance, organisation__nom="Épicerie du Coin", en_attente=True)
    boulangerie = _participation(alliance, "Boulangerie Martin")
    client.force_login(MembreFactory(organisation=boulangerie.organisation).user)

    response = client.post(_remove_url(boulangerie), follow=True)

    assert alliance.participations.filter(pk=boulangerie.pk).exists()
    assert "garde au moins deux organisations confirmées" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("visiteur", 302),
        ("membre_ailleurs", 404),
        ("membre_d_un_autre_partenaire", 404),
        ("membre_du_porteur", 302),
        ("membre_du_partenaire", 302),
        ("staff", 302),
    ],
)
def test_qui_peut_retirer_un_partenaire(client, alliance, role, status):
    autre = ParticipationFactory(alliance=alliance, organisation__nom="Épicerie du Coin")
    boulangerie = _participation(alliance, "Boulangerie Martin")
    porteur = _participation(alliance, "Les Jardins Solidaires")
    users = {
        "membre_ailleurs": lambda: MembreFactory().user,
        "membre_d_un_autre_partenaire": lambda: MembreFactory(organisation=autre.organisation).user,
        "membre_du_porteur": lambda: MembreFactory(organisation=porteur.organisation).user,
        "membre_du_partenaire": lambda: MembreFactory(organisation=boulangerie.organisation).user,
        "staff": lambda: UserFactory(staff=True),
    }
    if role != "visiteur":
        client.force_login(users[role]())

    response = client.post(_remove_url(boulangerie))

    assert response.status_code == status
    removed = not alliance.participations.filter(pk=boulangerie.pk).exists()
    assert removed == (role not in {"visiteur", "membre_ailleurs", "membre_d_un_autre_partenaire"})
    if role == "visiteur":
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["membre_du_porteur", "staff"])
def test_l_organisation_qui_porte_l_alliance_ne_peut_pas_etre_retiree(client, alliance, role):
    porteur = _participation(alliance, "Les Jardins Solidaires")
    ParticipationFactory(alliance=alliance, organisation__nom="Épicerie du Coin")
    user = (
        MembreFactory(organisation=porteur.organisation).user
        if role == "membre_du_porteur"
        else UserFactory(staff=True)
    )
    client.force_login(user)

    assert client.post(_remove_url(porteur)).status_code == 404
    assert alliance.participations.filter(pk=porteur.pk).exists()


def test_une_participation_d_une_autre_alliance_donne_404(client, alliance):
    _porteur_member(client, alliance)
    ailleurs = ParticipationFactory()

    response = client.post(
        reverse("alliances:participation_remove", args=[alliance.slug, ailleurs.pk])
    )

    assert response.status_code == 404
    assert Participation.objects.filter(pk=ailleurs.pk).exists()


def test_un_membre_d_une_autre_organisation_n_ajoute_pas_de_partenaire(client, alliance):
    client.force_login(MembreFactory().user)
    nouveau = OrganisationFactory(nom="Épicerie du Coin")

    response = client.post(_add_url(alliance), {"partenaire_1": nouveau.label})

    assert response.status_code == 404
    assert not alliance.participations.filter(organisation=nouveau).exists()


def test_un_partenaire_en_attente_n_ajoute_pas_de_partenaire(client, alliance):
    attente = ParticipationFactory(alliance=alliance, en_attente=True)
    client.force_login(MembreFactory(organisation=attente.organisation).user)
    nouveau = OrganisationFactory(nom="Épicerie du Coin")

    assert client.post(_add_url(alliance), {"partenaire_1": nouveau.label}).status_code == 404
    assert not alliance.participations.filter(organisation=nouveau).exists()


@pytest.mark.parametrize("partenaires", [1, 8])
def test_la_page_de_modification_fait_autant_de_requetes_quel_que_soit_le_nombre_de_partenaires(
    client, alliance, partenaires, django_assert_num_queries
):
    _porteur_member(client, alliance)
    ParticipationFactory.create_batch(partenaires, alliance=alliance)
    InvitationPartenaire.objects.create(alliance=alliance, email="cantine@exemple.fr")
    url = reverse("alliances:alliance_edit", args=[alliance.slug])

    # Session, user, alliance, the edit permission, its domaines and ODD, the participants,
    # my organisations, its commune, the lists of domaines and ODD, the invitations.
    with django_assert_num_queries(12):
        response = client.get(url)

    assert response.status_code == 200
    assert response.content.decode().count("Retirer<span") == partenaires + 1


# Who sees the partners that have not confirmed yet, on the alliance's page


@pytest.fixture
def alliance_declaree(alliance):
    """The alliance, with a partner asked to confirm, one that declined, and an organisation
    invited by email that has not registered yet."""
    ParticipationFactory(alliance=alliance, en_attente=True, organisation__nom="Épicerie du Coin")
    ParticipationFactory(
        alliance=alliance, etat=Participation.Etat.REFUSEE, organisation__nom="Garage Dupont"
    )
    InvitationPartenaire.objects.create(alliance=alliance, email="cantine@exemple.fr")
    return alliance


def _membre_de(alliance, nom: str):
    return MembreFactory(organisation=_participation(alliance, nom).organisation).user


@pytest.mark.parametrize(
    "qui",
    ["porteur", "partenaire confirmé", "partenaire en attente", "staff"],
)
def test_les_membres_de_l_alliance_voient_chaque_partenaire_et_son_etat(
    client, alliance_declaree, qui
):
    user = {
        "porteur": lambda: _membre_de(alliance_declaree, "Les Jardins Solidaires"),
        "partenaire confirmé": lambda: _membre_de(alliance_declaree, "Boulangerie Martin"),
        "partenaire en attente": lambda: _membre_de(alliance_declaree, "Épicerie du Coin"),
        "staff": lambda: UserFactory(staff=True),
    }[qui]()
    client.force_login(user)

    page = client.get(alliance_declaree.get_absolute_url()).content.decode()

    assert "Épicerie du Coin" in page and "en attente de confirmation" in page
    assert "Garage Dupont" in page and "participation déclinée" in page
    assert "cantine@exemple.fr" in page and "invitée par courriel" in page
    assert page.count("participation confirmée") == 2


@pytest.mark.parametrize(
    "qui",
    ["visiteur", "compte sans organisation", "autre organisation", "partenaire qui a décliné"],
)
def test_les_autres_ne_voient_que_les_partenaires_confirmes(client, alliance_declaree, qui):
    if qui == "compte sans organisation":
        client.force_login(UserFactory())
    elif qui == "autre organisation":
        client.force_login(MembreFactory().user)
    elif qui == "partenaire qui a décliné":
        client.force_login(_membre_de(alliance_declaree, "Garage Dupont"))

    page = client.get(alliance_declaree.get_absolute_url()).content.decode()

    assert "Les Jardins Solidaires" in page and "Boulangerie Martin" in page
    assert "Épicerie du Coin" not in page
    assert "Garage Dupont" not in page
    assert "cantine@exemple.fr" not in page
    assert "en attente de confirmation" not in page


def test_la_page_de_l_alliance_lit_ses_partenaires_en_deux_requetes_pour_ses_membres(
    client, alliance_declaree, django_assert_num_queries
):
    client.force_login(_membre_de(alliance_declaree, "Les Jardins Solidaires"))
    ParticipationFactory.create_batch(5, alliance=alliance_declaree, en_attente=True)

    # Session, user, the alliance with its domaines, ODD and confirmed partners, the
    # edit and view permissions, every partner, the invitations, related alliances, and the
    # convention section: whether I take part, then the conventions.
    with django_assert_num_queries(13):
        response = client.get(alliance_declaree.get_absolute_url())

    assert response.content.decode().count("en attente de confirmation") == 6
