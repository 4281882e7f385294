"""The demo follow-ups: answered series, one follow-up waiting, one flagged, private
evaluations on enough alliances for the public averages; read from their data file."""

import datetime

import pytest

from alliances.models import Alliance
from suivis.demo import _donnees, demo_suivis_create
from suivis.impact import evaluations_aggregate
from suivis.models import Evaluation, ReponseSuivi, Suivi
from tests.suivis.factories import alliance_en_cours

pytestmark = pytest.mark.django_db

AUJOURD_HUI = datetime.date(2026, 12, 8)


def test_le_fichier_de_donnees_se_lit_et_couvre_chaque_typologie_et_indicateur():
    donnees = _donnees()
    assert set(donnees.realise) == {
        "mecenat",
        "innovation_societale",
        "cooperation_economique",
        "pratiques_responsables",
    }
    assert all(bas <= haut for bas, haut in donnees.valeurs.values())


def test_les_suivis_de_demonstration(client):
    alliances = [
        alliance_en_cours(debut=datetime.date(2024, 9, 1), is_demo=True)[0] for _ in range(8)
    ]
    alliance_en_cours(debut=datetime.date(2024, 9, 1))  # not a demo alliance: left alone

    assert demo_suivis_create(today=AUJOURD_HUI) == 8 * 4  # at 3, 6, 12 and 24 months
    assert demo_suivis_create(today=AUJOURD_HUI) == 0

    assert set(Suivi.objects.values_list("alliance__is_demo", flat=True)) == {True}
    attente, signale, a_jour = alliances[0], alliances[1], alliances[2]
    dernier = Suivi.objects.filter(alliance=attente).order_by("-rang").first()
    assert not dernier.reponses.answered().exists() and dernier.signale_le is None
    dernier = Suivi.objects.filter(alliance=signale).order_by("-rang").first()
    assert dernier.signale_le is not None
    assert set(dernier.reponses.values_list("relances", flat=True)) == {2}
    assert ReponseSuivi.objects.filter(suivi__alliance=a_jour).waiting().count() == 0
    assert Evaluation.objects.values("alliance").distinct().count() == 6
    assert evaluations_aggregate(Alliance.objects.all()) is not None

    html = client.get(a_jour.get_absolute_url()).content.decode()
    assert 'id="titre-suivis"' in html and "Suivi à 2 ans" in html
