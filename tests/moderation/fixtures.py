"""Territories and people shared by the moderation tests: a région with two départements
(« Rhône » and « Isère »), an EPCI inside the Rhône, and their catalyseurs."""

from types import SimpleNamespace

import pytest

from tests.factories import (
    AllianceFactory,
    CatalyseurFactory,
    CommuneFactory,
    DepartementFactory,
    EPCIFactory,
    MembreFactory,
    OrganisationFactory,
    ParticipationFactory,
    RegionFactory,
    UserFactory,
)


def compte_verifie(**kwargs):
    """An account whose email address is verified (allauth), as every signed-up user's is."""
    from allauth.account.models import EmailAddress

    user = UserFactory(**kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def signaler_par_trois(item, *, verifies=True):
    """Three distinct accounts (verified or not) report the item, from three addresses."""
    from moderation import signalements

    for n in range(3):
        user = compte_verifie() if verifies else UserFactory()
        signalements.signalement_create(
            item=item, user=user, adresse=f"192.0.2.{n + 1}", motif="inexact"
        )


@pytest.fixture
def t(db):
    ara = RegionFactory(nom="Auvergne-Rhône-Alpes d'essai")
    rhone = DepartementFactory(nom="Rhône d'essai", region=ara)
    isere = DepartementFactory(nom="Isère d'essai", region=ara)
    metropole = EPCIFactory(nom="Métropole d'essai")
    return SimpleNamespace(
        ara=ara,
        rhone=rhone,
        isere=isere,
        metropole=metropole,
        lyon=CommuneFactory(nom="Lyon d'essai", departement=rhone, epci=metropole),
        givors=CommuneFactory(nom="Givors d'essai", departement=rhone),
        grenoble=CommuneFactory(nom="Grenoble d'essai", departement=isere),
        cat_rhone=CatalyseurFactory(departement=rhone),
        cat_isere=CatalyseurFactory(departement=isere),
        cat_ara=CatalyseurFactory(de_region=True, region=ara),
        cat_metropole=CatalyseurFactory(d_epci=True, epci=metropole),
        staff=UserFactory(staff=True),
    )


def alliance_a(commune, *, statut="en_attente", **kwargs):
    """An alliance in a commune with its porteur (an association with one member) and a
    confirmed partner; returns the alliance and the porteur's member."""
    alliance = AllianceFactory(commune=commune, statut=statut, **kwargs)
    porteur = OrganisationFactory(siege=commune)
    membre = MembreFactory(organisation=porteur, admin=True)
    ParticipationFactory(alliance=alliance, organisation=porteur, porteur=True)
    ParticipationFactory(alliance=alliance, organisation=OrganisationFactory(entreprise=True))
    return alliance, membre
