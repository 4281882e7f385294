"""The espace pro: dashboard, registering and editing an organisation, managing its members."""

import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from moderation.models import Statut
from organisations.identifiants import siren_with_key
from organisations.models import DemandeAdhesion, Invitation, Membre, Organisation
from tests.factories import (
    CommuneFactory,
    DemandeAdhesionFactory,
    InvitationFactory,
    MembreFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(client):
    user = UserFactory(email="lea@exemple.fr")
    client.force_login(user)
    return user


@pytest.fixture
def commune():
    return CommuneFactory(nom="Bourg-d'Essai", departement__code="Y99")


def _association(commune, **extra) -> dict:
    return {
        "kind": "association",
        "nom": "Les Jardins Solidaires",
        "rna": "W691234567",
        "siege": f"Bourg-d'Essai ({commune.departement_id})",
        "email_contact": "contact@jardins.exemple.fr",
        "description": "Des potagers partagés au pied des immeubles.",
        "domaines": ["alimentation", "solidarite"],
        "odd": ["2", "17"],
        **extra,
    }


def _png(size=(64, 64)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 0, 145)).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


# Dashboard


def test_l_espace_pro_demande_d_etre_connecte(client):
    response = client.get(reverse("espace:accueil"))
    assert response.status_code == 302
    assert response["Location"] == "/comptes/connexion/?next=/espace/"


def test_le_tableau_de_bord_liste_mes_organisations_invitations_et_demandes(
    client, user, django_assert_num_queries
):
    admin = MembreFactory(user=user, admin=True, organisation__nom="Les Jardins Solidaires")
    MembreFactory(user=user, organisation__nom="Boulangerie Martin")
    InvitationFactory(email="lea@exemple.fr", organisation__nom="Fondation d'essai")
    DemandeAdhesionFactory(organisation=admin.organisation, user__email="sacha@exemple.fr")
    # Plus three for the offres part: my offres, the requests to answer, the response figures.
    with django_assert_num_queries(11):
        response = client.get(reverse("espace:accueil"))
    html = response.content.decode()
    for text in (
        "Les Jardins Solidaires",
        "Boulangerie Martin",
        "vous invite à rejoindre <strong>Fondation d&#x27;essai</strong>",
        "sacha@exemple.fr souhaite rejoindre",
        "J'agis pour",
    ):
        assert text in html


def test_changer_d_organisation_active(client, user):
    MembreFactory(user=user, organisation__nom="A")
    second = MembreFactory(user=user, organisation__nom="B")
    response = client.post(
        reverse("organisations:organisation_active"), {"organisation": second.organisation.slug}
    )
    assert response.status_code == 302
    assert client.session["organisation_active"] == second.organisation.pk


def test_on_ne_peut_pas_se_declarer_actif_pour_une_organisation_dont_on_n_est_pas_membre(
    client, user
):
    other = OrganisationFactory()
    response = client.post(
        reverse("organisations:organisation_active"), {"organisation": other.slug}
    )
    assert response.status_code == 404
    assert "organisation_active" not in client.session


# Registering


def test_inscrire_une_association_avec_son_rna(
    client, user, commune, django_capture_on_commit_callbacks
):
    UserFactory(staff=True, email="moderation@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("organisations:organisation_create"), _association(commune))
    assert response.status_code == 302
    organisation = Organisation.objects.get(rna="W691234567")
    assert organisation.statut == Statut.EN_ATTENTE
    assert organisation.siege == commune
    assert sorted(organisation.domaines.values_list("code", flat=True)) == [
        "alimentation",
        "solidarite",
    ]
    assert Membre.objects.get(organisation=organisation).user == user
    assert Membre.objects.get(organisation=organisation).role == Membre.Role.ADMIN
    assert mail.outbox[0].to == ["moderation@exemple.fr"]
    assert client.session["organisation_active"] == organisation.pk


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("rna", "W12", "Un numéro RNA s'écrit W suivi de 9 chiffres (par exemple W751234567)."),
        ("siren", "732829321", "Ce SIREN n'est pas valide : sa clé de contrôle ne correspond pas."),
        ("siren", "ABCDEFGHI", "Un SIREN compte exactement 9 chiffres (par exemple 732 829 320)."),
        ("siret", "7328293200007", "Un SIRET compte exactement 14 chiffres"),
        ("siege", "Atlantide", "Aucune commune ne correspond à « Atlantide »."),
        ("site_web", "pas une adresse", "Saisissez une URL valide."),
    ],
)
def test_une_saisie_invalide_est_expliquee_et_rien_n_est_perdu(
    client, user, commune, field, value, message
):
    data = _association(commune, **{field: value})
    response = client.post(reverse("organisations:organisation_create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message.replace("'", "&#x27;") in html
    assert 'value="Les Jardins Solidaires"' in html
    assert "Des potagers partagés au pied des immeubles." in html
    checked = re.findall(
        r'<input type="checkbox" name="domaines" value="([\w-]+)"[^>]* checked', html
    )
    assert checked == ["alimentation", "solidarite"]
    assert not Organisation.objects.exists()


def test_une_entreprise_doit_donner_son_siren(client, user, commune):
    data = _association(commune, kind="entreprise", rna="")
    response = client.post(reverse("organisations:organisation_create"), data)
    assert "Indiquez le SIREN (ou le SIRET) de la structure." in response.content.decode()


def test_un_siret_donne_le_siren(client, user, commune):
    siren = siren_with_key("73282932")
    data = _association(commune, kind="entreprise", rna="", siret="73282932000074", taille="PME")
    client.post(reverse("organisations:organisation_create"), data)
    organisation = Organisation.objects.get()
    assert (organisation.siren, organisation.siret, organisation.taille) == (
        siren,
        "73282932000074",
        "PME",
    )


def test_un_siren_deja_inscrit_propose_de_rejoindre_l_organisation(client, user, commune):
    siren = siren_with_key("73282932")
    existing = OrganisationFactory(entreprise=True, siren=siren, nom="Boulangerie Martin")
    data = _association(commune, kind="entreprise", rna="", siren="732 829 320")
    response = client.post(reverse("organisations:organisation_create"), data)
    html = response.content.decode()
    assert "Une organisation est déjà inscrite avec ce SIREN : « Boulangerie Martin »." in html
    join = reverse("organisations:demande_adhesion", args=[existing.slug])
    assert f'href="{join}?identifiant={siren}"' in html
    assert Organisation.objects.count() == 1


def test_un_rna_deja_inscrit_est_refuse(client, user, commune):
    OrganisationFactory(rna="W691234567", nom="Jardins existants")
    response = client.post(reverse("organisations:organisation_create"), _association(commune))
    assert "Une organisation est déjà inscrite avec ce RNA : « Jardins existants »." in (
        response.content.decode()
    )


def test_une_commune_ambigue_demande_le_departement(client, user):
    CommuneFactory(nom="Saint-Essai", departement__code="Y91")
    CommuneFactory(nom="Saint-Essai", departement__code="Y92")
    data = _association(CommuneFactory(), siege="saint essai")
    html = client.post(reverse("organisations:organisation_create"), data).content.decode()
    assert "Plusieurs communes correspondent à « saint essai » : précisez le département" in html
    assert "« Saint-Essai (Y91) »" in html


def test_le_logo_est_reencode_en_png(client, user, commune):
    data = _association(commune, logo=_png((1600, 800)))
    client.post(reverse("organisations:organisation_create"), data)
    organisation = Organisation.objects.get()
    with Image.open(organisation.logo) as image:
        assert image.format == "PNG"
        assert image.size == (512, 256)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("logo.png", b"MZ\x90\x00 pas une image", content_type="image/png"),
            "Ce fichier n'est pas une image lisible",
        ),
        (
            SimpleUploadedFile(
                "logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'
            ),
            "Ce fichier n'est pas une image lisible",
        ),
        (
            SimpleUploadedFile("logo.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024)),
            "Le logo dépasse 2 Mo",
        ),
    ],
    ids=["executable", "svg", "trop-lourd"],
)
def test_un_logo_qui_n_est_pas_une_image_ou_trop_lourd_est_refuse(
    client, user, commune, upload, message
):
    response = client.post(
        reverse("organisations:organisation_create"), _association(commune, logo=upload)
    )
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert not Organisation.objects.exists()


# Editing


EDIT_MATRIX = [
    ("visiteur", 302),
    ("inconnu", 404),
    ("membre", 404),
    ("admin", 200),
    ("admin_ailleurs", 404),
    ("staff", 200),
]


def _client_for(client, role: str, organisation):
    if role == "visiteur":
        return client
    users = {
        "inconnu": lambda: UserFactory(),
        "membre": lambda: MembreFactory(organisation=organisation).user,
        "admin": lambda: MembreFactory(organisation=organisation, admin=True).user,
        "admin_ailleurs": lambda: MembreFactory(admin=True).user,
        "staff": lambda: UserFactory(staff=True),
    }
    client.force_login(users[role]())
    return client


@pytest.mark.parametrize(("role", "status"), EDIT_MATRIX)
def test_seuls_les_admins_et_le_staff_modifient_l_organisation(client, role, status):
    organisation = OrganisationFactory(nom="Avant")
    _client_for(client, role, organisation)
    url = reverse("organisations:organisation_edit", args=[organisation.slug])
    assert client.get(url).status_code == status
    data = _association(organisation.siege, nom="Après", rna=organisation.rna)
    data["siege"] = str(organisation.siege)
    response = client.post(url, data)
    organisation.refresh_from_db()
    assert organisation.nom == ("Après" if status == 200 else "Avant")
    assert response.status_code == (302 if status == 200 else status)


@pytest.mark.parametrize(("role", "status"), EDIT_MATRIX)
def test_seuls_les_admins_et_le_staff_gerent_les_membres(client, role, status):
    organisation = OrganisationFactory()
    _client_for(client, role, organisation)
    url = reverse("organisations:membres", args=[organisation.slug])
    assert client.get(url).status_code == status
    client.post(url, {"email": "intrus@exemple.fr", "role": "admin"})
    assert Invitation.objects.filter(email="intrus@exemple.fr").exists() == (status == 200)


def test_la_page_des_membres_a_un_nombre_de_requetes_fixe(client, django_assert_num_queries):
    admin = MembreFactory(admin=True)
    for _ in range(5):
        MembreFactory(organisation=admin.organisation)
        InvitationFactory(organisation=admin.organisation)
        DemandeAdhesionFactory(organisation=admin.organisation)
    client.force_login(admin.user)
    # session, user, organisation, permission, requests, members, invitations
    with django_assert_num_queries(7):
        client.get(reverse("organisations:membres", args=[admin.organisation.slug]))


# Members, invitations and requests


def test_inviter_puis_accepter_avec_le_lien_du_courriel(client, django_capture_on_commit_callbacks):
    admin = MembreFactory(admin=True)
    client.force_login(admin.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("organisations:membres", args=[admin.organisation.slug]),
            {"email": "Sacha@Exemple.fr", "role": "membre"},
        )
    path = re.search(r"http://testserver(/espace/invitations/\S+/)", mail.outbox[0].body)[1]

    sacha = UserFactory(email="sacha@exemple.fr")
    client.force_login(sacha)
    assert "Accepter l'invitation" in client.get(path).content.decode()
    response = client.post(path)
    assert response.status_code == 302
    assert Membre.objects.get(user=sacha).organisation == admin.organisation
    # The link works once.
    response = client.get(path)
    assert response.status_code == 410
    assert "Cette invitation a déjà été utilisée." in response.content.decode()


def test_une_invitation_ne_s_accepte_qu_avec_l_adresse_invitee(client):
    from organisations.services import invitation_token

    invitation = InvitationFactory(email="sacha@exemple.fr")
    client.force_login(UserFactory(email="autre@exemple.fr"))
    path = reverse("organisations:invitation_accept", args=[invitation_token(invitation)])
    assert "Cette invitation a été envoyée à sacha@exemple.fr" in client.get(path).content.decode()
    client.post(path)
    assert not Membre.objects.filter(organisation=invitation.organisation).exists()


def test_un_lien_d_invitation_falsifie_est_refuse(client, user):
    response = client.get(reverse("organisations:invitation_accept", args=["MQ:faux:jeton"]))
    assert response.status_code == 410
    assert "Ce lien d&#x27;invitation n&#x27;est pas valide." in response.content.decode()


def test_annuler_une_invitation(client):
    invitation = InvitationFactory()
    admin = MembreFactory(organisation=invitation.organisation, admin=True)
    other_admin = MembreFactory(admin=True)
    url = reverse("organisations:invitation_revoke", args=[invitation.pk])
    client.force_login(other_admin.user)
    assert client.post(url).status_code == 404
    client.force_login(admin.user)
    client.post(url)
    assert not Invitation.objects.exists()


def test_l_admin_accepte_une_demande_d_adhesion(client, django_capture_on_commit_callbacks):
    demande = DemandeAdhesionFactory()
    admin = MembreFactory(organisation=demande.organisation, admin=True)
    client.force_login(admin.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("organisations:demande_decide", args=[demande.pk, "accepter"]))
    demande.refresh_from_db()
    assert demande.etat == DemandeAdhesion.Etat.ACCEPTEE
    assert Membre.objects.filter(user=demande.user, organisation=demande.organisation).exists()
    assert mail.outbox[0].to == [demande.user.email]


@pytest.mark.parametrize("role", ["membre", "admin_ailleurs", "inconnu"])
def test_seul_un_admin_de_l_organisation_decide_d_une_demande(client, role):
    demande = DemandeAdhesionFactory()
    _client_for(client, role, demande.organisation)
    response = client.post(reverse("organisations:demande_decide", args=[demande.pk, "accepter"]))
    assert response.status_code == 404
    demande.refresh_from_db()
    assert demande.etat == DemandeAdhesion.Etat.EN_ATTENTE


def test_une_decision_inconnue_est_une_404(client):
    demande = DemandeAdhesionFactory()
    client.force_login(MembreFactory(organisation=demande.organisation, admin=True).user)
    assert (
        client.post(
            reverse("organisations:demande_decide", args=[demande.pk, "peut-etre"])
        ).status_code
        == 404
    )


def test_le_dernier_admin_ne_peut_ni_se_retrograder_ni_partir(client):
    admin = MembreFactory(admin=True)
    client.force_login(admin.user)
    response = client.post(
        reverse("organisations:membre_role", args=[admin.pk]), {"role": "membre"}, follow=True
    )
    assert "Une organisation garde toujours au moins un administrateur." in (
        response.content.decode()
    )
    client.post(reverse("organisations:membre_remove", args=[admin.pk]))
    admin.refresh_from_db()
    assert admin.role == Membre.Role.ADMIN


def test_un_admin_nomme_un_second_admin_puis_part(client):
    admin = MembreFactory(admin=True)
    membre = MembreFactory(organisation=admin.organisation)
    client.force_login(admin.user)
    client.post(reverse("organisations:membre_role", args=[membre.pk]), {"role": "admin"})
    membre.refresh_from_db()
    assert membre.role == Membre.Role.ADMIN
    client.post(reverse("organisations:membre_remove", args=[admin.pk]))
    assert not Membre.objects.filter(pk=admin.pk).exists()


def test_un_membre_peut_partir_mais_pas_retirer_les_autres(client):
    admin = MembreFactory(admin=True)
    membre = MembreFactory(organisation=admin.organisation)
    autre = MembreFactory(organisation=admin.organisation)
    client.force_login(membre.user)
    assert client.post(reverse("organisations:membre_remove", args=[autre.pk])).status_code == 404
    assert (
        client.post(
            reverse("organisations:membre_role", args=[membre.pk]), {"role": "admin"}
        ).status_code
        == 404
    )
    membre.refresh_from_db()
    assert membre.role == Membre.Role.MEMBRE
    client.post(reverse("organisations:membre_remove", args=[membre.pk]))
    assert set(Membre.objects.values_list("pk", flat=True)) == {admin.pk, autre.pk}


def test_l_admin_d_une_autre_organisation_ne_touche_pas_aux_membres(client):
    membre = MembreFactory()
    client.force_login(MembreFactory(admin=True).user)
    assert client.post(reverse("organisations:membre_remove", args=[membre.pk])).status_code == 404
    assert (
        client.post(
            reverse("organisations:membre_role", args=[membre.pk]), {"role": "admin"}
        ).status_code
        == 404
    )
    assert Membre.objects.filter(pk=membre.pk, role="membre").exists()


# Found in review


def test_un_identifiant_d_une_organisation_en_attente_ne_revele_pas_son_nom(client, user, commune):
    cachee = OrganisationFactory(en_attente=True, rna="W691234567", nom="Structure discrète")
    html = client.post(reverse("organisations:organisation_create"), _association(commune)).content
    html = html.decode()
    assert "Structure discrète" not in html
    assert "Une organisation est déjà inscrite avec ce RNA et attend sa validation." in html
    join = reverse("organisations:demande_adhesion", args=[cachee.slug])
    assert f'href="{join}?identifiant=W691234567"' in html
    page = client.get(join, {"identifiant": "W691234567"}).content.decode()
    assert "Structure discrète" not in page


def test_une_organisation_refusee_n_est_pas_proposee(client, user, commune):
    refusee = OrganisationFactory(statut=Statut.REFUSEE, rna="W691234567", nom="Refusée")
    html = client.post(reverse("organisations:organisation_create"), _association(commune)).content
    html = html.decode()
    assert "Ce RNA est déjà utilisé sur la plateforme." in html
    assert "Refusée" not in html and refusee.slug not in html
    join = reverse("organisations:demande_adhesion", args=[refusee.slug])
    assert client.get(join, {"identifiant": "W691234567"}).status_code == 404


def test_les_courriels_ne_sont_pas_echappes_comme_du_html(
    client, django_capture_on_commit_callbacks
):
    admin = MembreFactory(admin=True, organisation__nom="L'Arche & Co")
    client.force_login(admin.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("organisations:membres", args=[admin.organisation.slug]),
            {"email": "sacha@exemple.fr", "role": "membre"},
        )
    assert "« L'Arche & Co »" in mail.outbox[0].body


def test_une_organisation_active_illisible_est_une_404(client, user):
    response = client.post(reverse("organisations:organisation_active"), {"organisation": "a\x00b"})
    assert response.status_code == 404
