"""Conventions of an alliance, and who stays a party: drafted for the organisations that have
not declined, no longer read by one that leaves; each party corrects only its own identity;
tampered forms and origins, version conflicts, a second drafting."""

import re

import pytest
from django.urls import reverse

from alliances.models import Participation
from conventions.models import Convention
from tests.conventions.aides import NOUVELLE, draft, edit_data, validate
from tests.factories import (
    AllianceFactory,
    CatalyseurFactory,
    MembreFactory,
    OrganisationFactory,
    ParticipationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_une_alliance_donne_un_projet_a_ses_partenaires_sauf_ceux_qui_ont_decline(
    client, alliance_a_deux
):
    alliance, membre = alliance_a_deux
    client.force_login(membre.user)
    page = client.get(alliance.get_absolute_url()).content.decode()
    assert "Rédiger une convention" in page

    client.post(
        f"{NOUVELLE}?alliance={alliance.slug}",
        {"modele": "cooperation_economique", "titre": "Groupement", "objet": "Un marché."},
    )

    convention = Convention.objects.get()
    assert convention.alliance == alliance
    assert list(convention.parties.values_list("nom", flat=True)) == ["Régie Nord", "Atelier Sud"]
    assert (
        "Régie Nord est le mandataire du groupement"
        in convention.clauses.get(titre="Mandataire").texte
    )
    page = client.get(alliance.get_absolute_url()).content.decode()
    assert "en rédaction (version 1)" in page
    assert "Rédiger une convention" not in page


@pytest.mark.parametrize("qui", ["visiteur", "autre_organisation", "catalyseur_ici", "declinee"])
def test_la_convention_ne_se_montre_pas_hors_des_partenaires(client, alliance_a_deux, qui):
    alliance, membre = alliance_a_deux
    client.force_login(membre.user)
    client.post(
        f"{NOUVELLE}?alliance={alliance.slug}",
        {"modele": "cooperation_economique", "titre": "Groupement", "objet": "Un marché."},
    )
    client.logout()
    declinee = alliance.participations.get(etat=Participation.Etat.REFUSEE).organisation
    users = {
        "autre_organisation": lambda: MembreFactory().user,
        "catalyseur_ici": lambda: CatalyseurFactory(departement=alliance.departement).user,
        "declinee": lambda: MembreFactory(organisation=declinee).user,
    }
    if qui in users:
        client.force_login(users[qui]())

    page = client.get(alliance.get_absolute_url()).content.decode()
    assert "Groupement" not in page
    assert "Rédiger une convention" not in page
    if qui != "visiteur":
        response = client.get(f"{NOUVELLE}?alliance={alliance.slug}")
        assert response.status_code == 404


def test_une_alliance_d_une_seule_organisation_n_a_pas_de_convention(client):
    alliance = AllianceFactory()
    membre = MembreFactory(organisation=ParticipationFactory(alliance=alliance).organisation)
    client.force_login(membre.user)

    assert client.get(f"{NOUVELLE}?alliance={alliance.slug}").status_code == 404
    assert "Rédiger une convention" not in client.get(alliance.get_absolute_url()).content.decode()


def test_sans_origine_la_page_de_creation_repond_404(client):
    client.force_login(OrganisationFactory() and MembreFactory().user)
    assert client.get(NOUVELLE).status_code == 404
    assert client.get(f"{NOUVELLE}?mise_en_relation=abc").status_code == 404


def test_une_partie_qui_decline_ne_lit_plus_la_convention_et_ne_bloque_plus(
    client, alliance_a_deux
):
    alliance, membre = alliance_a_deux
    client.force_login(membre.user)
    client.post(
        f"{NOUVELLE}?alliance={alliance.slug}",
        {"modele": "cooperation_economique", "titre": "Groupement", "objet": "Un marché."},
    )
    convention = Convention.objects.get()
    tiers = ParticipationFactory(alliance=alliance, en_attente=True)
    sud = alliance.participations.get(organisation__nom="Atelier Sud")
    membre_sud = MembreFactory(organisation=sud.organisation, admin=True)
    # The partner that was asked declines its part in the alliance.
    Participation.objects.filter(pk=sud.pk).update(etat=Participation.Etat.REFUSEE)
    client.force_login(membre_sud.user)
    assert client.get(convention.get_absolute_url()).status_code == 404
    assert tiers.organisation_id not in set(
        convention.parties.values_list("organisation_id", flat=True)
    )

    # With one party left, validating freezes nothing: an agreement binds two.
    validate(client, membre, convention)
    convention.refresh_from_db()
    assert convention.is_draft


def test_un_membre_ne_change_pas_l_identite_d_une_autre_partie(client, convention, admins):
    association, entreprise = admins
    client.force_login(entreprise.user)
    autre = convention.parties.get(organisation=association.organisation)
    index = list(convention.parties.values_list("organisation_id", flat=True)).index(
        association.organisation_id
    )
    page = client.get(reverse("conventions:convention_edit", args=[convention.pk])).content.decode()
    champ = re.search(rf'<input[^>]*name="parties-{index}-representant"[^>]*>', page).group()
    assert 'value="Awa Diallo"' in champ
    assert "disabled" in champ

    client.post(
        reverse("conventions:convention_edit", args=[convention.pk]),
        edit_data(convention, **{f"parties-{index}-representant": "Quelqu'un d'autre"}),
    )

    autre.refresh_from_db()
    assert autre.representant == "Awa Diallo"


@pytest.mark.parametrize(
    "changes",
    [{"parties-TOTAL_FORMS": "3"}, {"parties-INITIAL_FORMS": "0"}, {"parties-TOTAL_FORMS": "1"}],
)
def test_un_formulaire_des_parties_trafique_ne_donne_pas_d_erreur_500(
    client, convention, admins, changes
):
    client.force_login(admins[0].user)
    response = client.post(
        reverse("conventions:convention_edit", args=[convention.pk]),
        edit_data(convention, **changes),
    )

    assert response.status_code == 200
    convention.refresh_from_db()
    assert convention.version == 1


@pytest.mark.parametrize(
    "query", ["mise_en_relation=%C2%B2", "mise_en_relation=" + "9" * 5000, "alliance=a%00b"]
)
def test_une_origine_mal_formee_repond_404(client, query):
    client.force_login(MembreFactory().user)
    assert client.get(f"{NOUVELLE}?{query}").status_code == 404


def test_apres_un_conflit_le_second_enregistrement_passe(client, convention, admins):
    lue = edit_data(convention, **{"clauses-0-texte": "Mon texte à moi."})
    client.force_login(admins[1].user)
    client.post(
        reverse("conventions:convention_edit", args=[convention.pk]),
        edit_data(convention, **{"clauses-0-texte": "Le texte de l'autre."}),
    )
    client.force_login(admins[0].user)
    conflit = client.post(reverse("conventions:convention_edit", args=[convention.pk]), lue)
    assert 'name="version" value="2"' in conflit.content.decode()

    client.post(
        reverse("conventions:convention_edit", args=[convention.pk]), {**lue, "version": "2"}
    )

    convention.refresh_from_db()
    assert (convention.version, convention.clauses.first().texte) == (3, "Mon texte à moi.")


def test_rediger_de_nouveau_apres_la_validation_ouvre_la_convention_figee(
    client, convention, admins, mise_en_relation
):
    for membre in admins:
        validate(client, membre, convention)

    response = draft(client, admins[0].user, mise_en_relation)

    assert response.url == convention.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "Une convention existe déjà pour la mise en relation" in page
    assert Convention.objects.count() == 1


def test_l_equipe_ne_redige_pas_a_la_place_des_parties(client, mise_en_relation):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(f"{NOUVELLE}?mise_en_relation={mise_en_relation.pk}").status_code == 404
