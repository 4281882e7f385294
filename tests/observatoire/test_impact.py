"""The impact in the observatoire: the indicators of the follow-ups of published alliances,
cumulated by typologie and ODD, filtered by territory, as a page, a CSV and an open data file;
the évaluations partenariales public over 5 alliances only; the territory pages' section."""

import csv
import io

import pytest
from django.urls import reverse

from moderation.models import Statut
from suivis.models import ReponseSuivi, Suivi
from tests.factories import AllianceFactory, CommuneFactory, DepartementFactory, OrganisationFactory
from tests.suivis.factories import (
    EvaluationFactory,
    ReponseSuiviFactory,
    SuiviFactory,
    ValeurIndicateurFactory,
)

pytestmark = pytest.mark.django_db

IMPACT = reverse("observatoire:impact")


def _valeur(alliance, indicateur, valeur, *, odd=None, repondue=True):
    suivi = Suivi.objects.filter(alliance=alliance).first() or SuiviFactory(alliance=alliance)
    reponse = ReponseSuiviFactory(
        suivi=suivi, organisation=OrganisationFactory(), repondue=repondue
    )
    if not repondue:
        ReponseSuivi.objects.filter(pk=reponse.pk).update(etat="")
    return ValeurIndicateurFactory(
        reponse=reponse, indicateur=indicateur, valeur=valeur, odd_id=odd
    )


@pytest.fixture
def lieux():
    rhone = DepartementFactory(nom="Rhône d'essai")
    isere = DepartementFactory(nom="Isère d'essai", region=rhone.region)
    return CommuneFactory(departement=rhone), CommuneFactory(departement=isere)


@pytest.fixture
def valeurs(lieux):
    lyon, grenoble = lieux
    mecenat = AllianceFactory(typologie="mecenat", commune=lyon)
    cooperation = AllianceFactory(typologie="cooperation_economique", commune=grenoble)
    _valeur(mecenat, "personnes_touchees", 120)
    _valeur(mecenat, "personnes_touchees", 30)
    _valeur(cooperation, "personnes_touchees", 50)
    _valeur(cooperation, "emplois", 4)
    _valeur(mecenat, "beneficiaires_odd", 70, odd=4)
    # Neither an unpublished alliance's figures nor an unanswered follow-up count.
    _valeur(AllianceFactory(statut=Statut.EN_ATTENTE, commune=lyon), "personnes_touchees", 999)
    return mecenat, cooperation


def test_la_page_additionne_les_suivis_des_alliances_publiees(client, valeurs):
    response = client.get(IMPACT)

    assert response.status_code == 200
    resultat = response.context["impact"]
    personnes = resultat.indicateurs[0]
    assert (personnes.code, personnes.total, personnes.alliances) == ("personnes_touchees", 200, 2)
    assert personnes.par_typologie == {"mecenat": 150, "cooperation_economique": 50}
    assert [(ligne.odd, ligne.total) for ligne in resultat.par_odd] == [(4, 70)]
    html = response.content.decode()
    assert "Emplois créés ou maintenus" in html
    assert "ODD 4 :" in html
    assert 'id="graphiques-donnees"' in html


def test_un_filtre_de_territoire_ou_de_typologie_restreint_les_chiffres(client, valeurs, lieux):
    lyon, _ = lieux
    par_departement = client.get(IMPACT, {"departement": lyon.departement.code}).context["impact"]
    assert [(ligne.code, ligne.total) for ligne in par_departement.indicateurs] == [
        ("personnes_touchees", 150)
    ]
    par_typologie = client.get(IMPACT, {"typologie": "cooperation_economique"}).context["impact"]
    assert {ligne.code for ligne in par_typologie.indicateurs} == {"personnes_touchees", "emplois"}
    assert par_typologie.par_odd == []


@pytest.mark.parametrize(
    "params, message",
    [
        ({"departement": "999"}, "Aucun département n&#x27;a le code « 999 »."),
        ({"region": "\x00"}, "Le caractère nul n’est pas autorisé."),
        ({"typologie": "philanthropie"}, "Cette typologie n&#x27;existe pas."),
        ({"annee": "2024"}, "Filtre inconnu : annee."),
    ],
)
def test_un_filtre_faux_donne_un_message_en_francais(client, params, message):
    response = client.get(IMPACT, params)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_les_evaluations_restent_privees_sous_cinq_alliances(client):
    alliances = [AllianceFactory() for _ in range(5)]
    for alliance in alliances[:4]:
        EvaluationFactory(alliance=alliance, innovation=4)
        EvaluationFactory(alliance=alliance, innovation=2)
    html = client.get(IMPACT).content.decode()
    assert "restent privées tant qu'elles portent sur moins de 5 alliances" in html

    EvaluationFactory(alliance=alliances[4], innovation=3)

    resultat = client.get(IMPACT).context["impact"]
    assert resultat.evaluations["alliances"] == 5
    assert resultat.evaluations["innovation"] == 3


def test_le_csv_donne_les_memes_chiffres(client, valeurs):
    response = client.get(reverse("observatoire:impact_csv"), {"typologie": "mecenat"})

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["indicateur"], r["odd"], r["total"]) for r in rows] == [
        ("personnes_touchees", "", "150"),
        ("beneficiaires_odd", "4", "70"),
    ]
    assert client.get(reverse("observatoire:impact_csv"), {"x": "1"}).status_code == 400


def test_la_page_d_un_departement_montre_ce_que_ses_alliances_ont_produit(client, valeurs, lieux):
    lyon, _ = lieux
    html = client.get(lyon.departement.get_absolute_url()).content.decode()

    assert "Ce que ses alliances ont produit" in html
    assert "Indicateurs cumulés dans le département" in html
    assert f"?departement={lyon.departement.code}" in html


def test_un_territoire_sans_suivi_le_dit(client, lieux):
    lyon, _ = lieux
    html = client.get(lyon.departement.region.get_absolute_url()).content.decode()

    assert "Aucun suivi renseigné pour l'instant en " in html


def test_la_page_de_l_impact_en_requetes_comptees(client, valeurs, django_assert_num_queries):
    # The two grouped sums, the ODD names, the evaluations' aggregate.
    with django_assert_num_queries(4):
        client.get(IMPACT)
