"""The follow-up form: who opens it (a member of a confirmed partner, nobody else), what it
saves, corrections until the next follow-up, and bad input that keeps what was typed."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from suivis import calendrier
from suivis.models import ReponseSuivi, ValeurIndicateur
from suivis.services import reponse_save
from tests.factories import CatalyseurFactory, MembreFactory, ParticipationFactory, UserFactory
from tests.suivis.factories import ReponseSuiviFactory, SuiviFactory, alliance_en_cours

pytestmark = pytest.mark.django_db


@pytest.fixture
def ouvert():
    """An alliance started four months ago: its 3-month follow-up is open (asked), until the
    6-month one falls due."""
    debut = calendrier.add_months(timezone.localdate(), -4)
    alliance, admins = alliance_en_cours(debut=debut)
    alliance.odd.set([2, 17])
    suivi = SuiviFactory(alliance=alliance, rang=3)
    for admin in admins:
        ReponseSuiviFactory(suivi=suivi, organisation=admin.organisation)
    return suivi, admins


def _url(suivi, organisation):
    return reverse("suivis:reponse", args=[suivi.pk, organisation.slug])


VALIDE = {
    "etat": "en_cours",
    "realise": "Trois ateliers de cuisine avec les familles du quartier.",
    "ind_personnes_touchees": "42",
    "ind_montants_mobilises": "1 500,50",
    "ind_beneficiaires_odd_odd2": "30",
}


def _user(qui, suivi, admins):
    porteur = admins[0]
    if qui == "admin du partenaire":
        return porteur.user
    if qui == "membre du partenaire":
        return MembreFactory(organisation=porteur.organisation).user
    if qui == "membre d'un partenaire non confirmé":
        return MembreFactory(
            organisation=ParticipationFactory(alliance=suivi.alliance, en_attente=True).organisation
        ).user
    if qui == "membre d'une autre organisation":
        return MembreFactory().user
    if qui == "catalyseur ici":
        return CatalyseurFactory(departement=suivi.alliance.departement).user
    if qui == "catalyseur ailleurs":
        return CatalyseurFactory().user
    if qui == "staff":
        return UserFactory(is_staff=True)
    return None


ROLES = [
    "visiteur",
    "admin du partenaire",
    "membre du partenaire",
    "membre d'un partenaire non confirmé",
    "membre d'une autre organisation",
    "catalyseur ici",
    "catalyseur ailleurs",
    "staff",
]


@pytest.mark.parametrize("qui", ROLES)
def test_seuls_les_membres_d_un_partenaire_confirme_repondent(client, ouvert, qui):
    suivi, admins = ouvert
    organisation = admins[0].organisation
    user = _user(qui, suivi, admins)
    if user is not None:
        client.force_login(user)
    autorise = qui in {"admin du partenaire", "membre du partenaire"}

    get = client.get(_url(suivi, organisation))
    post = client.post(_url(suivi, organisation), VALIDE)

    if user is None:
        assert get.status_code == post.status_code == 302
        assert get["Location"].startswith(reverse("account_login"))
    elif autorise:
        assert get.status_code == 200 and post.status_code == 302
        assert ReponseSuivi.objects.get(organisation=organisation).answered_by == user
    else:
        assert get.status_code == post.status_code == 404
        assert not ReponseSuivi.objects.answered().exists()
        with pytest.raises(PermissionDenied):
            reponse_save(
                by=user,
                suivi=suivi,
                organisation=organisation,
                etat="en_cours",
                realise="x",
                valeurs={},
            )


def test_un_membre_ne_repond_pas_au_nom_d_un_autre_partenaire(client, ouvert):
    suivi, (porteur, partenaire) = ouvert
    client.force_login(porteur.user)
    assert client.get(_url(suivi, partenaire.organisation)).status_code == 404
    assert client.post(_url(suivi, partenaire.organisation), VALIDE).status_code == 404


def test_la_reponse_enregistre_l_etat_le_realise_et_les_valeurs(client, ouvert):
    suivi, (porteur, _) = ouvert
    client.force_login(porteur.user)

    response = client.post(_url(suivi, porteur.organisation), VALIDE)

    assert response.status_code == 302 and response["Location"] == reverse("suivis:mes_suivis")
    reponse = ReponseSuivi.objects.get(organisation=porteur.organisation)
    assert (reponse.etat, reponse.realise) == ("en_cours", VALIDE["realise"])
    assert reponse.answered_at is not None
    assert set(reponse.valeurs.values_list("indicateur", "odd", "valeur")) == {
        ("personnes_touchees", None, Decimal("42")),
        ("montants_mobilises", None, Decimal("1500.50")),
        ("beneficiaires_odd", 2, Decimal("30")),
    }
    page = client.get(_url(suivi, porteur.organisation)).content.decode()
    assert "Corriger la réponse" in page
    assert 'value="42"' in page


def test_le_formulaire_demande_les_indicateurs_de_la_typologie_et_les_odd_de_l_alliance(
    client, ouvert
):
    suivi, (porteur, _) = ouvert
    client.force_login(porteur.user)
    page = client.get(_url(suivi, porteur.organisation)).content.decode()
    # A mécénat alliance: no jobs nor CO₂ asked; beneficiaries for its ODD 2 and 17.
    assert 'name="ind_heures_benevolat"' in page
    assert 'name="ind_emplois"' not in page
    assert 'name="ind_tonnes_co2_evitees"' not in page
    assert 'name="ind_beneficiaires_odd_odd2"' in page
    assert 'name="ind_beneficiaires_odd_odd17"' in page
    assert 'name="ind_beneficiaires_odd_odd3"' not in page


def test_une_saisie_invalide_garde_tout_ce_qui_a_ete_tape(client, ouvert):
    suivi, (porteur, _) = ouvert
    client.force_login(porteur.user)
    saisie = {
        "realise": "Nous avons tenu deux permanences <b>solidaires</b>.",
        "ind_personnes_touchees": "-3",
        "ind_montants_mobilises": "douze",
        "ind_heures_benevolat": "120",
    }

    response = client.post(_url(suivi, porteur.organisation), saisie)

    assert response.status_code == 200
    page = response.content.decode()
    assert "La réponse n'est pas enregistrée" in page
    assert "Dites où en est l&#x27;alliance" in page
    assert "Saisissez un nombre positif ou nul." in page
    assert "Saisissez un nombre, par exemple 12 ou 12,5." in page
    assert "Nous avons tenu deux permanences &lt;b&gt;solidaires&lt;/b&gt;." in page
    assert 'value="-3"' in page and 'value="douze"' in page and 'value="120"' in page
    assert not ReponseSuivi.objects.answered().exists()
    assert not ValeurIndicateur.objects.exists()


def test_la_reponse_se_corrige_jusqu_au_suivi_suivant_puis_plus(ouvert):
    suivi, (porteur, _) = ouvert
    veille = timezone.make_aware(
        datetime.datetime.combine(suivi.prochaine_echeance, datetime.time(23))
    ) - datetime.timedelta(days=1)
    reponse_save(
        by=porteur.user,
        suivi=suivi,
        organisation=porteur.organisation,
        etat="en_cours",
        realise="Premier bilan.",
        valeurs={("personnes_touchees", None): Decimal(10)},
    )
    corrigee = reponse_save(
        by=porteur.user,
        suivi=suivi,
        organisation=porteur.organisation,
        etat="en_pause",
        realise="Bilan corrigé.",
        valeurs={("personnes_touchees", None): Decimal(12), ("heures_benevolat", None): None},
        now=veille,
    )
    assert (corrigee.etat, corrigee.realise) == ("en_pause", "Bilan corrigé.")
    assert list(corrigee.valeurs.values_list("indicateur", "valeur")) == [
        ("personnes_touchees", Decimal(12))
    ]

    lendemain = veille + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="n'est plus modifiable : le suivi suivant"):
        reponse_save(
            by=porteur.user,
            suivi=suivi,
            organisation=porteur.organisation,
            etat="terminee",
            realise="Trop tard.",
            valeurs={},
            now=lendemain,
        )
    corrigee.refresh_from_db()
    assert corrigee.realise == "Bilan corrigé."


def test_un_suivi_ferme_se_lit_et_refuse_la_correction_en_francais(client):
    alliance, (porteur, _) = alliance_en_cours()  # started in January 2025: long closed
    suivi = SuiviFactory(alliance=alliance, rang=3)
    ReponseSuiviFactory(suivi=suivi, organisation=porteur.organisation, repondue=True)
    client.force_login(porteur.user)

    page = client.get(_url(suivi, porteur.organisation)).content.decode()
    assert "Ce suivi n'est plus modifiable" in page
    assert "Corriger la réponse" not in page

    response = client.post(_url(suivi, porteur.organisation), VALIDE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "le suivi suivant est ouvert depuis le 15/07/2025" in page
    assert VALIDE["realise"] in page  # kept
    assert ReponseSuivi.objects.get().realise == "Deux ateliers menés avec les habitants."


def test_le_service_refuse_un_indicateur_d_une_autre_typologie_ou_negatif(ouvert):
    suivi, (porteur, _) = ouvert
    for valeurs, message in [
        ({("emplois", None): Decimal(1)}, "ne s'applique pas"),
        ({("beneficiaires_odd", None): Decimal(1)}, "pour chaque ODD"),
        ({("personnes_touchees", None): Decimal(-1)}, "positif ou nul"),
    ]:
        with pytest.raises(ValidationError, match=message):
            reponse_save(
                by=porteur.user,
                suivi=suivi,
                organisation=porteur.organisation,
                etat="en_cours",
                realise="x",
                valeurs=valeurs,
            )


def test_un_partenaire_confirme_apres_la_demande_repond_aussi(client, ouvert):
    suivi, _ = ouvert
    nouveau = ParticipationFactory(alliance=suivi.alliance)
    membre = MembreFactory(organisation=nouveau.organisation)
    client.force_login(membre.user)
    assert client.post(_url(suivi, nouveau.organisation), VALIDE).status_code == 302
    assert ReponseSuivi.objects.get(organisation=nouveau.organisation).is_answered


def test_le_formulaire_fait_un_nombre_fixe_de_requetes(client, ouvert, django_assert_num_queries):
    suivi, (porteur, _) = ouvert
    client.force_login(porteur.user)
    reponse_save(
        by=porteur.user,
        suivi=suivi,
        organisation=porteur.organisation,
        etat="en_cours",
        realise="Bilan.",
        valeurs={("personnes_touchees", None): Decimal(10), ("beneficiaires_odd", 2): Decimal(3)},
    )
    # Session, user, the follow-up with its alliance, the partner check, the réponse, its
    # values, the alliance's ODD.
    with django_assert_num_queries(7):
        response = client.get(_url(suivi, porteur.organisation))
    assert response.status_code == 200
