"""Fixtures of the convention tests: an accepted mise en relation with an admin on each side,
the draft made from it, an alliance of three organisations (one declined)."""

import pytest

from alliances.models import Participation
from conventions.models import Convention
from offres.models import MiseEnRelation
from tests.conventions.aides import draft
from tests.factories import (
    AllianceFactory,
    MembreFactory,
    MiseEnRelationFactory,
    OffreFactory,
    ParticipationFactory,
)


@pytest.fixture
def mise_en_relation():
    """An association looks for mécénat de compétences; a company answered, and was accepted."""
    offre = OffreFactory(organisation__nom="Les Jardins du Rhône")
    return MiseEnRelationFactory(
        offre=offre, emettrice__nom="Boulangeries Lumière", etat=MiseEnRelation.Etat.ACCEPTEE
    )


@pytest.fixture
def admins(mise_en_relation):
    """An admin of each party (the association, then the company)."""
    return (
        MembreFactory(
            organisation=mise_en_relation.destinataire,
            admin=True,
            user__email="presidente@jardins.exemple.fr",
            user__first_name="Awa",
            user__last_name="Diallo",
        ),
        MembreFactory(
            organisation=mise_en_relation.emettrice,
            admin=True,
            user__email="dg@boulangeries.exemple.fr",
        ),
    )


@pytest.fixture
def convention(client, mise_en_relation, admins):
    draft(client, admins[0].user, mise_en_relation)
    client.logout()
    return Convention.objects.get()


@pytest.fixture
def alliance_a_deux():
    alliance = AllianceFactory(typologie="cooperation_economique")
    porteur = ParticipationFactory(alliance=alliance, porteur=True, organisation__nom="Régie Nord")
    ParticipationFactory(alliance=alliance, en_attente=True, organisation__nom="Atelier Sud")
    ParticipationFactory(alliance=alliance, etat=Participation.Etat.REFUSEE)
    return alliance, MembreFactory(organisation=porteur.organisation, admin=True)
