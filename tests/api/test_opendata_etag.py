"""The ETag of the open data files changes with each change that reaches them (publication,
unpublication, edit, partner confirmation, deletion), and a current copy gets a 304 without
reading the rows."""

import pytest
from django.urls import reverse

from alliances import services
from alliances.models import Participation
from moderation import workflow
from moderation.models import Statut
from tests.factories import (
    AllianceFactory,
    MembreFactory,
    OffreFactory,
    OrganisationFactory,
    ParticipationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NAMES = ("alliances", "organisations", "offres")


def _url(name: str, extension: str = "csv") -> str:
    return reverse("opendata:export", args=[name, extension])


def _etags(client) -> dict[str, str]:
    return {name: client.head(_url(name))["ETag"] for name in NAMES}


def _changed(client, before: dict[str, str]) -> set[str]:
    """The files whose copy (ETag `before`) is no longer current."""
    changed = set()
    for name, etag in before.items():
        status = client.get(_url(name), HTTP_IF_NONE_MATCH=etag).status_code
        assert status in (200, 304)
        if status == 200:
            changed.add(name)
    return changed


@pytest.fixture
def alliance():
    alliance = AllianceFactory()
    ParticipationFactory(alliance=alliance, porteur=True)
    return alliance


@pytest.fixture
def staff():
    return UserFactory(staff=True)


# One aggregate (latest date, number of rows) per table the file reads.
SOURCES = {"alliances": 3, "organisations": 1, "offres": 2}


@pytest.mark.parametrize(("name", "queries"), SOURCES.items())
def test_une_copie_a_jour_repond_304_sans_relire_les_lignes(
    client, alliance, name, queries, django_assert_num_queries
):
    OffreFactory()
    response = client.get(_url(name))
    etag = response["ETag"]
    assert response["Last-Modified"].endswith("GMT")
    with django_assert_num_queries(queries):
        cached = client.get(_url(name), HTTP_IF_NONE_MATCH=etag)
    assert cached.status_code == 304
    with django_assert_num_queries(queries):
        assert client.head(_url(name))["ETag"] == etag


def test_publier_une_alliance_change_l_etag(client, staff):
    alliance = AllianceFactory(en_attente=True)
    # Two confirmed organisations: an alliance is published with no fewer.
    ParticipationFactory(alliance=alliance, porteur=True)
    ParticipationFactory(alliance=alliance)
    before = _etags(client)
    workflow.transition(alliance, to=Statut.PUBLIEE, by=staff)
    assert _changed(client, before) == {"alliances"}


def test_depublier_une_alliance_change_l_etag(client, alliance, staff):
    before = _etags(client)
    workflow.transition(alliance, to=Statut.DEPUBLIEE, by=staff, motif="incomplet")
    assert _changed(client, before) == {"alliances"}


def test_modifier_une_alliance_change_l_etag(client, alliance):
    before = _etags(client)
    alliance.titre = "Un nouveau titre"
    alliance.save()
    assert _changed(client, before) == {"alliances"}


def test_confirmer_un_partenaire_change_l_etag_des_alliances(client, alliance):
    admin = MembreFactory(admin=True)
    participation = ParticipationFactory(
        alliance=alliance, organisation=admin.organisation, en_attente=True
    )
    before = _etags(client)
    services.participation_decide(by=admin.user, participation=participation, accept=True)
    assert Participation.objects.get(pk=participation.pk).etat == "confirmee"
    assert _changed(client, before) == {"alliances"}


def test_supprimer_une_alliance_change_l_etag(client, alliance):
    before = _etags(client)
    alliance.delete()  # its participations go with it (cascade)
    assert _changed(client, before) == {"alliances"}


def test_une_organisation_modifiee_ou_supprimee_change_les_trois_fichiers(client):
    organisation = OrganisationFactory()
    before = _etags(client)
    organisation.nom = "Nouveau nom"
    organisation.save()
    assert _changed(client, before) == set(NAMES)
    before = _etags(client)
    organisation.delete()
    assert _changed(client, before) == set(NAMES)


def test_une_offre_ne_change_que_le_fichier_des_offres(client):
    offre = OffreFactory()
    before = _etags(client)
    offre.delete()
    assert _changed(client, before) == {"offres"}
