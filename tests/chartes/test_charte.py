"""The Charte du faire alliance: an organisation's admin signs it in its name (who, when,
which version), the badge shows on its page, a new version asks signatories to sign again, and
the directory, the alliance search and the observatoire read the signatories."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from chartes.models import Charte, SignatureCharte
from chartes.services import charte_draft, charte_publish, charte_sign
from comptes.models import Courriel
from moderation.motifs import MOTIFS
from observatoire.chiffres import Filtres, chiffres, observatoire_refresh
from organisations.models import Organisation
from tests.factories import (
    AllianceFactory,
    MembreFactory,
    OrganisationFactory,
    ParticipationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CHARTE = reverse("chartes:charte")


@pytest.fixture
def version_1():
    """The version the migration published (recreated where a transactional test flushed it)."""
    charte = Charte.objects.en_vigueur()
    if charte is None:
        charte = charte_publish(charte_draft(texte="## 1. Respecter chaque partenaire"))
    return charte


@pytest.fixture
def admin():
    return MembreFactory(admin=True, user__email="admin@asso.exemple.fr")


def _signer(client, membre, **data):
    client.force_login(membre.user)
    return client.post(reverse("chartes:signer", args=[membre.organisation.slug]), data)


def test_la_charte_est_publiee_par_la_migration_et_se_lit_sans_compte(client, version_1):
    html = client.get(CHARTE).content.decode()
    assert version_1.version == 1
    assert "<h2>1. Respecter" in html
    assert f"Version {version_1.version}, en vigueur depuis le" in html
    assert "Aucune organisation publiée ne l'a encore signée." in html


def test_un_administrateur_signe_au_nom_de_l_organisation(client, version_1, admin):
    response = _signer(client, admin, engagement="on")

    assert response.status_code == 302
    signature = SignatureCharte.objects.get()
    assert (signature.organisation, signature.charte, signature.signee_par) == (
        admin.organisation,
        version_1,
        admin.user,
    )
    assert signature.signataire == admin.user.get_full_name()
    admin.organisation.refresh_from_db()
    assert admin.organisation.charte_signee_le == signature.signee_le
    page = client.get(admin.organisation.get_absolute_url()).content.decode()
    assert "Signataire</span> depuis le" in page
    # Signing again keeps the first signature.
    _signer(client, admin, engagement="on")
    assert SignatureCharte.objects.count() == 1


def test_sans_la_case_cochee_rien_n_est_signe_et_la_page_dit_pourquoi(client, version_1, admin):
    response = _signer(client, admin)

    assert response.status_code == 200
    assert "Cochez la case pour signer" in response.content.decode()
    assert not SignatureCharte.objects.exists()


@pytest.mark.parametrize("qui", ["membre", "autre_admin", "staff", "anonyme"])
def test_seul_un_administrateur_de_l_organisation_signe(client, version_1, admin, qui):
    organisation = admin.organisation
    url = reverse("chartes:signer", args=[organisation.slug])
    user = None
    if qui == "membre":
        user = MembreFactory(organisation=organisation).user
    elif qui == "autre_admin":
        user = MembreFactory(admin=True).user
    elif qui == "staff":
        user = UserFactory(is_staff=True)
    if user is not None:
        client.force_login(user)

    response = client.post(url, {"engagement": "on"})

    assert response.status_code == (302 if qui == "anonyme" else 404)
    if qui == "anonyme":
        assert response["Location"].startswith(reverse("account_login"))
    assert not SignatureCharte.objects.exists()
    if user is not None:
        with pytest.raises(PermissionDenied):
            charte_sign(by=user, organisation=organisation)
    organisation.refresh_from_db()
    assert organisation.charte_signee_le is None


def test_une_nouvelle_version_demande_aux_signataires_de_signer_de_nouveau(
    client, version_1, admin, django_capture_on_commit_callbacks, mailoutbox
):
    charte_sign(by=admin.user, organisation=admin.organisation)
    MembreFactory(organisation=admin.organisation)  # a simple member is not asked
    non_signataire = MembreFactory(admin=True)
    version_2 = charte_draft(texte="## 1. Un principe revu", resume="un principe revu")

    with django_capture_on_commit_callbacks(execute=True):
        charte_publish(version_2)

    admin.organisation.refresh_from_db()
    assert admin.organisation.charte_signee_le is None
    assert Charte.objects.en_vigueur() == version_2
    assert [message.to for message in mailoutbox] == [["admin@asso.exemple.fr"]]
    assert Courriel.objects.count() == 1
    body = mailoutbox[0].body
    assert admin.organisation.nom in body and "un principe revu" in body
    assert non_signataire.user.email not in str([m.to for m in mailoutbox])

    client.force_login(admin.user)
    page = client.get(reverse("chartes:signer", args=[admin.organisation.slug])).content.decode()
    assert "Une nouvelle version est en vigueur" in page
    assert f"avait signé la version {version_1.version}" in page
    _signer(client, admin, engagement="on")
    versions = list(
        SignatureCharte.objects.filter(organisation=admin.organisation).values_list(
            "charte__version", flat=True
        )
    )
    assert sorted(versions) == [version_1.version, version_2.version]
    admin.organisation.refresh_from_db()
    assert admin.organisation.charte_signee_le is not None


def test_une_version_publiee_ne_se_publie_pas_deux_fois_ni_apres_une_plus_recente(version_1):
    with pytest.raises(ValidationError, match="déjà publiée"):
        charte_publish(version_1)
    ancienne = charte_draft(texte="brouillon ancien")
    plus_recente = charte_draft(texte="brouillon récent")
    charte_publish(plus_recente)
    with pytest.raises(ValidationError, match=f"version {plus_recente.version} est déjà"):
        charte_publish(ancienne)


def test_sans_charte_publiee_il_n_y_a_rien_a_signer(client, admin):
    Charte.objects.update(publiee_le=None)

    with pytest.raises(ValidationError, match="pas encore publiée"):
        charte_sign(by=admin.user, organisation=admin.organisation)
    assert "pas encore publiée" in client.get(CHARTE).content.decode()


def _signataire(**kwargs) -> Organisation:
    membre = MembreFactory(admin=True, **kwargs)
    charte_sign(by=membre.user, organisation=membre.organisation)
    return membre.organisation


def test_l_annuaire_garde_les_seules_organisations_signataires(client, version_1):
    signataire = _signataire(organisation__nom="Association signataire")
    OrganisationFactory(nom="Association sans signature")

    html = client.get(reverse("organisations:organisation_list"), {"signataire": "on"})
    html = html.content.decode()

    assert "Association signataire" in html
    assert "Association sans signature" not in html
    # The widening link of a search that finds nothing lifts that filter.
    Organisation.objects.filter(pk=signataire.pk).update(charte_signee_le=None)
    html = client.get(reverse("organisations:organisation_list"), {"signataire": "on"})
    assert "Retirer le filtre « Signataires de la Charte du faire alliance seulement : oui »" in (
        html.content.decode()
    )


def test_la_recherche_garde_les_alliances_dont_chaque_partenaire_a_signe(client, version_1):
    a, b, c = _signataire(), _signataire(), OrganisationFactory()
    toutes_signees = AllianceFactory(titre="Alliance toute signataire")
    ParticipationFactory(alliance=toutes_signees, organisation=a, porteur=True)
    ParticipationFactory(alliance=toutes_signees, organisation=b)
    # An unconfirmed partner that has not signed does not count.
    ParticipationFactory(alliance=toutes_signees, organisation=c, en_attente=True)
    une_manque = AllianceFactory(titre="Alliance à moitié signataire")
    ParticipationFactory(alliance=une_manque, organisation=a, porteur=True)
    ParticipationFactory(alliance=une_manque, organisation=c)

    html = client.get(reverse("alliances:alliance_list"), {"signataires": "on"}).content.decode()
    assert "Alliance toute signataire" in html
    assert "Alliance à moitié signataire" not in html
    html = client.get(reverse("alliances:alliance_list")).content.decode()
    assert "Alliance à moitié signataire" in html


def test_l_observatoire_compte_les_signataires_publiees(client, version_1):
    _signataire()
    _signataire(organisation__en_attente=True)  # not public: not counted
    OrganisationFactory()

    assert chiffres(Filtres()).signataires == 1  # counted live before the first refresh
    observatoire_refresh()
    assert chiffres(Filtres()).signataires == 1
    html = client.get(reverse("observatoire:index")).content.decode()
    assert "signataire de la" in html and f'href="{CHARTE}"' in html


def test_le_motif_de_moderation_qui_cite_la_charte_y_mene(client):
    motifs = [motif for motif in MOTIFS.values() if "charte" in motif.label.lower()]

    assert [motif.code for motif in motifs] == ["charte"]
    assert motifs[0].url == CHARTE
    html = client.get(reverse("moderation:regles")).content.decode()
    assert f'href="{CHARTE}"' in html


def test_le_tableau_de_bord_mene_a_la_signature(client, version_1, admin):
    client.force_login(admin.user)
    html = client.get(reverse("espace:accueil")).content.decode()
    assert reverse("chartes:signer", args=[admin.organisation.slug]) in html
    assert "Signer la charte" in html
