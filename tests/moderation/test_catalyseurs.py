"""Catalyseurs: who appoints them, and which items each perimeter covers (région, département,
EPCI, national)."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from alliances.models import Alliance
from moderation.models import Catalyseur, Decision, Soumission
from offres.models import Offre
from organisations.models import Organisation
from tests.factories import (
    CatalyseurFactory,
    OffreFactory,
    OrganisationFactory,
    UserFactory,
    soumettre,
)
from tests.moderation import fixtures as moderation_fixtures
from tests.moderation.fixtures import alliance_a

t = moderation_fixtures.t


@pytest.fixture
def elements(t):
    """An organisation, an alliance and an offre in each of Lyon (Rhône, in the EPCI), Givors
    (Rhône, outside it) and Grenoble (Isère)."""
    result = {}
    for name in ("lyon", "givors", "grenoble"):
        commune = getattr(t, name)
        organisation = OrganisationFactory(siege=commune)
        alliance, _ = alliance_a(commune)
        offre = OffreFactory(commune=commune)
        for item in (organisation, alliance, offre):
            soumettre(item)
        result[name] = (organisation, alliance, offre)
    return result


@pytest.mark.parametrize(
    ("catalyseur", "villes"),
    [
        ("cat_rhone", {"lyon", "givors"}),
        ("cat_isere", {"grenoble"}),
        ("cat_ara", {"lyon", "givors", "grenoble"}),
        ("cat_metropole", {"lyon"}),
    ],
)
def test_chaque_perimetre_couvre_ses_communes(t, elements, catalyseur, villes):
    user = getattr(t, catalyseur).user
    for index, model in enumerate((Organisation, Alliance, Offre)):
        expected = {elements[ville][index].pk for ville in villes}
        scoped = set(model.objects.moderated_by(user).values_list("pk", flat=True))
        assert expected <= scoped
        others = {elements[v][index].pk for v in elements if v not in villes}
        assert not (scoped & others)
    assert Soumission.objects.moderated_by(user).count() == 3 * len(villes)


def test_l_equipe_et_un_catalyseur_national_couvrent_tout(t, elements):
    national = CatalyseurFactory(national=True)
    for user in (t.staff, national.user):
        assert Soumission.objects.moderated_by(user).count() == 9


def test_les_contenus_de_portee_nationale_vont_a_l_equipe(t):
    offre = OffreFactory(commune=t.lyon, nationale=True)
    soumettre(offre)
    for catalyseur in (t.cat_rhone, t.cat_ara, t.cat_metropole):
        assert not Soumission.objects.moderated_by(catalyseur.user).exists()
    assert Soumission.objects.moderated_by(t.staff).count() == 1


def test_sans_nomination_on_ne_modere_rien(t, elements):
    assert not Soumission.objects.moderated_by(UserFactory()).exists()
    t.cat_ara.actif = False
    t.cat_ara.save()
    assert not Soumission.objects.moderated_by(t.cat_ara.user).exists()


def test_le_perimetre_correspond_au_niveau(t):
    with pytest.raises(IntegrityError):
        Catalyseur.objects.create(
            user=UserFactory(),
            organisation=OrganisationFactory(),
            niveau=Catalyseur.Niveau.REGION,
            departement=t.rhone,
        )


def test_l_equipe_nomme_un_catalyseur_dans_l_administration(client, t):
    user = UserFactory()
    client.force_login(t.staff)
    t.staff.is_superuser = True
    t.staff.save()
    response = client.post(
        reverse("admin:moderation_catalyseur_add"),
        {
            "user": user.pk,
            "organisation": OrganisationFactory().pk,
            "niveau": "departement",
            "departement": t.isere.code,
            "actif": "on",
        },
    )
    assert response.status_code == 302
    catalyseur = Catalyseur.objects.get(user=user)
    assert catalyseur.appointed_by == t.staff
    assert catalyseur.perimetre == t.isere


def test_publier_depuis_l_administration_enregistre_la_decision(client, t):
    organisation = OrganisationFactory(siege=t.lyon)
    soumettre(organisation)
    t.staff.is_superuser = True
    t.staff.save()
    client.force_login(t.staff)
    client.post(
        reverse("admin:organisations_organisation_changelist"),
        {"action": "publish", "_selected_action": [organisation.pk]},
    )
    organisation.refresh_from_db()
    assert organisation.statut == "publiee"
    decision = Decision.objects.get(nature="organisation", vers="publiee")
    assert decision.by == t.staff
