"""Factories of follow-ups and evaluations, and an alliance under way with its partners."""

import datetime

import factory
from django.utils import timezone

from suivis import calendrier
from suivis.models import Evaluation, ReponseSuivi, Suivi, ValeurIndicateur
from tests.factories import (
    AllianceFactory,
    MembreFactory,
    OrganisationFactory,
    ParticipationFactory,
)

DEBUT = datetime.date(2025, 1, 15)


def alliance_en_cours(debut=DEBUT, *, partenaires=2, **fields):
    """A published alliance under way since `debut` (published the day before), with a porteur
    and partners confirmed, each with one admin. Returns (alliance, [admin Membre…])."""
    fields.setdefault(
        "published_at",
        timezone.make_aware(datetime.datetime.combine(debut, datetime.time(10)))
        - datetime.timedelta(days=1),
    )
    alliance = AllianceFactory(date_debut=debut, **fields)
    admins = []
    for index in range(partenaires):
        participation = ParticipationFactory(
            alliance=alliance,
            organisation=OrganisationFactory(),
            porteur=index == 0,
        )
        admins.append(
            MembreFactory(
                organisation=participation.organisation,
                admin=True,
                user__email=f"admin{index}-{alliance.pk}@partenaire.exemple.fr",
            )
        )
    return alliance, admins


class SuiviFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Suivi

    alliance = factory.SubFactory(AllianceFactory)
    rang = 3
    echeance = factory.LazyAttribute(
        lambda o: calendrier.echeance(o.alliance.date_debut or DEBUT, o.rang)
    )
    prochaine_echeance = factory.LazyAttribute(
        lambda o: calendrier.echeance(o.alliance.date_debut or DEBUT, calendrier.next_rang(o.rang))
    )


class ReponseSuiviFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReponseSuivi

    suivi = factory.SubFactory(SuiviFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    demandee_le = factory.SelfAttribute("suivi.echeance")

    class Params:
        repondue = factory.Trait(
            etat=ReponseSuivi.Etat.EN_COURS,
            realise="Deux ateliers menés avec les habitants.",
            answered_at=factory.LazyFunction(timezone.now),
            updated_at=factory.LazyFunction(timezone.now),
        )


class ValeurIndicateurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ValeurIndicateur

    reponse = factory.SubFactory(ReponseSuiviFactory, repondue=True)
    indicateur = "personnes_touchees"
    valeur = 10


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    alliance = factory.SubFactory(AllianceFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    innovation = 4
    performance = 3
    confiance = 5
    changements = "Nous avons appris à travailler avec une entreprise du quartier."
