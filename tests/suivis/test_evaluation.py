"""The évaluation partenariale (private to each partner, from 12 months on) and what the
observatoire will read: cumulated indicators, and evaluation averages over 5 alliances or more
only."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from alliances.models import Alliance
from nomenclatures.models import Typologie
from suivis import calendrier
from suivis.impact import evaluations_aggregate, indicateurs_cumules
from suivis.models import Evaluation
from suivis.services import evaluation_save
from tests.factories import CatalyseurFactory, MembreFactory, UserFactory
from tests.suivis.factories import (
    EvaluationFactory,
    ReponseSuiviFactory,
    SuiviFactory,
    ValeurIndicateurFactory,
    alliance_en_cours,
)

pytestmark = pytest.mark.django_db

NOTES = {"innovation": "4", "performance": "2", "confiance": "5"}


@pytest.fixture
def un_an():
    debut = calendrier.add_months(timezone.localdate(), -12)
    return alliance_en_cours(debut=debut)


def _url(alliance, organisation):
    return reverse("suivis:evaluation", args=[alliance.slug, organisation.slug])


@pytest.mark.parametrize(
    "qui",
    [
        "visiteur",
        "membre du partenaire",
        "admin de l'autre partenaire",
        "membre d'une autre organisation",
        "catalyseur ici",
        "staff",
    ],
)
def test_seuls_les_membres_du_partenaire_evaluent_et_lisent_son_evaluation(client, un_an, qui):
    alliance, (porteur, partenaire) = un_an
    EvaluationFactory(
        alliance=alliance, organisation=porteur.organisation, changements="Notre bilan privé"
    )
    user = {
        "visiteur": None,
        "membre du partenaire": MembreFactory(organisation=porteur.organisation).user,
        "admin de l'autre partenaire": partenaire.user,
        "membre d'une autre organisation": MembreFactory().user,
        "catalyseur ici": CatalyseurFactory(departement=alliance.departement).user,
        "staff": UserFactory(is_staff=True),
    }[qui]
    if user is not None:
        client.force_login(user)

    get = client.get(_url(alliance, porteur.organisation))
    post = client.post(_url(alliance, porteur.organisation), {**NOTES, "changements": "Modifié"})

    if user is None:
        assert get.status_code == post.status_code == 302
    elif qui == "membre du partenaire":
        assert get.status_code == 200 and "Notre bilan privé" in get.content.decode()
        assert post.status_code == 302
        assert Evaluation.objects.get(organisation=porteur.organisation).changements == "Modifié"
    else:
        assert get.status_code == post.status_code == 404
        assert Evaluation.objects.get().changements == "Notre bilan privé"
        with pytest.raises(PermissionDenied):
            evaluation_save(
                by=user,
                alliance=alliance,
                organisation=porteur.organisation,
                innovation=1,
                performance=1,
                confiance=1,
            )


def test_l_evaluation_s_ouvre_avec_le_suivi_a_12_mois(client):
    debut = calendrier.add_months(timezone.localdate(), -11)
    alliance, (porteur, _) = alliance_en_cours(debut=debut)
    client.force_login(porteur.user)

    page = client.get(_url(alliance, porteur.organisation)).content.decode()
    ouverture = calendrier.echeance(debut, 12)
    assert "L'évaluation s'ouvre avec le suivi à 12 mois" in page
    with pytest.raises(ValidationError, match="s'ouvre avec le suivi à 12 mois, le"):
        evaluation_save(
            by=porteur.user,
            alliance=alliance,
            organisation=porteur.organisation,
            innovation=3,
            performance=3,
            confiance=3,
        )
    evaluation_save(
        by=porteur.user,
        alliance=alliance,
        organisation=porteur.organisation,
        innovation=3,
        performance=3,
        confiance=3,
        today=ouverture,
    )
    assert Evaluation.objects.get().answered_by == porteur.user


def test_une_evaluation_incomplete_garde_ce_qui_a_ete_tape(client, un_an):
    alliance, (porteur, _) = un_an
    client.force_login(porteur.user)

    response = client.post(
        _url(alliance, porteur.organisation),
        {"innovation": "4", "performance": "9", "changements": "Nous avons gagné en méthode."},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "L'évaluation n'est pas enregistrée" in page
    assert "Donnez une note de 1 à 5 pour « confiance »." in page
    assert "Sélectionnez un choix valide" in page  # performance 9, Django's French message
    assert "Nous avons gagné en méthode." in page
    assert 'value="4" id="id_innovation_3" required checked' in page
    assert not Evaluation.objects.exists()


def test_l_evaluation_ne_se_montre_pas_aux_autres_partenaires_dans_mes_suivis(client, un_an):
    alliance, (porteur, partenaire) = un_an
    EvaluationFactory(alliance=alliance, organisation=porteur.organisation, innovation=1)
    client.force_login(partenaire.user)
    html = client.get(reverse("suivis:mes_suivis")).content.decode()
    assert "1/5" not in html
    assert _url(alliance, porteur.organisation) not in html
    assert _url(alliance, partenaire.organisation) in html


# Aggregates -------------------------------------------------------------------------------------


def test_les_moyennes_des_evaluations_demandent_au_moins_5_alliances():
    alliances = [alliance_en_cours()[0] for _ in range(5)]
    for alliance in alliances[:4]:
        for note in (2, 4):
            EvaluationFactory(alliance=alliance, innovation=note, performance=note, confiance=5)
    # Eight evaluations, but of four alliances only.
    assert evaluations_aggregate(Alliance.objects.all()) is None

    EvaluationFactory(alliance=alliances[4], innovation=3, performance=1, confiance=5)
    resultat = evaluations_aggregate(Alliance.objects.all())
    assert resultat["alliances"] == 5 and resultat["evaluations"] == 9
    assert resultat["innovation"] == pytest.approx(3)
    assert resultat["performance"] == pytest.approx(25 / 9)
    assert resultat["confiance"] == pytest.approx(5)
    # An unpublished alliance does not count: below the threshold again.
    Alliance.objects.filter(pk=alliances[4].pk).update(statut="depubliee")
    assert evaluations_aggregate(Alliance.objects.all()) is None
    assert evaluations_aggregate(Alliance.objects.filter(pk__in=[a.pk for a in alliances])) is None


def test_les_indicateurs_se_cumulent_par_indicateur_typologie_territoire_et_odd():
    mecenat, (a, _) = alliance_en_cours()
    innovation, (b, _) = alliance_en_cours(typologie=Typologie.INNOVATION_SOCIETALE)
    for alliance, organisation, valeurs in [
        (mecenat, a.organisation, [("personnes_touchees", None, 10), ("beneficiaires_odd", 2, 4)]),
        (innovation, b.organisation, [("personnes_touchees", None, 5), ("emplois", None, 2)]),
    ]:
        for rang in (3, 6):
            reponse = ReponseSuiviFactory(
                suivi=SuiviFactory(alliance=alliance, rang=rang),
                organisation=organisation,
                repondue=True,
            )
            for code, odd, valeur in valeurs:
                ValeurIndicateurFactory(reponse=reponse, indicateur=code, odd_id=odd, valeur=valeur)
    # Not answered (a draft row), and unpublished: not counted.
    ValeurIndicateurFactory(
        reponse=ReponseSuiviFactory(suivi=SuiviFactory(alliance=mecenat, rang=12)), valeur=1000
    )

    rows = {
        (r["indicateur"], r["typologie"]): (r["total"], r["alliances"])
        for r in indicateurs_cumules()
    }
    assert rows == {
        ("personnes_touchees", "mecenat"): (Decimal(20), 1),
        ("beneficiaires_odd", "mecenat"): (Decimal(8), 1),
        ("personnes_touchees", "innovation_societale"): (Decimal(10), 1),
        ("emplois", "innovation_societale"): (Decimal(4), 1),
    }
    par_region = indicateurs_cumules(territoire="region")
    assert {r["region"] for r in par_region} == {mecenat.region_id, innovation.region_id}
    assert par_region[0]["label"]
    assert [(r["indicateur"], r["odd"], r["total"]) for r in indicateurs_cumules(par_odd=True)] == [
        ("beneficiaires_odd", 2, Decimal(8))
    ]
    assert indicateurs_cumules(Alliance.objects.filter(pk=innovation.pk), par_odd=True) == []
    Alliance.objects.filter(pk=mecenat.pk).update(statut="depubliee")
    assert {r["typologie"] for r in indicateurs_cumules()} == {"innovation_societale"}


def test_le_referentiel_des_indicateurs_couvre_chaque_typologie():
    from suivis import indicateurs

    for typologie in Typologie.values:
        codes = [i.code for i in indicateurs.for_typologie(typologie)]
        assert "personnes_touchees" in codes and "beneficiaires_odd" in codes
    assert [i.code for i in indicateurs.referentiel().values() if i.par_odd] == [
        "beneficiaires_odd"
    ]
