"""« Mes suivis », the catalyseurs' list of follow-up states, and the follow-ups on the
alliance's public page (a chart with its table), each with its permission matrix and its
exact number of queries."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from suivis import calendrier
from tests.factories import (
    AllianceFactory,
    CatalyseurFactory,
    MembreFactory,
    ParticipationFactory,
    UserFactory,
)
from tests.suivis.factories import (
    EvaluationFactory,
    ReponseSuiviFactory,
    SuiviFactory,
    ValeurIndicateurFactory,
    alliance_en_cours,
)

pytestmark = pytest.mark.django_db

MES_SUIVIS = reverse("suivis:mes_suivis")
TERRITOIRE = reverse("suivis:territoire")


@pytest.fixture
def ouvert():
    """An alliance started 14 months ago: its 12-month follow-up is open, the porteur has
    answered it, the partner not yet; the evaluation is open."""
    debut = calendrier.add_months(timezone.localdate(), -14)
    alliance, admins = alliance_en_cours(debut=debut, titre="Jardins partagés du Val")
    suivi = SuiviFactory(alliance=alliance, rang=12)
    ReponseSuiviFactory(suivi=suivi, organisation=admins[0].organisation, repondue=True)
    ReponseSuiviFactory(suivi=suivi, organisation=admins[1].organisation, relances=2)
    return suivi, admins


# Mes suivis -------------------------------------------------------------------------------------


def test_mes_suivis_liste_ce_que_mes_organisations_ont_a_remplir_ou_a_corriger(client, ouvert):
    suivi, (porteur, partenaire) = ouvert
    EvaluationFactory(
        alliance=suivi.alliance, organisation=partenaire.organisation, changements="Secret B"
    )
    ailleurs = SuiviFactory(rang=3)  # someone else's alliance
    ReponseSuiviFactory(suivi=ailleurs)
    client.force_login(partenaire.user)

    html = client.get(MES_SUIVIS).content.decode()

    a_remplir = html.split('id="titre-a-repondre"')[1].split('id="titre-a-corriger"')[0]
    assert reverse("suivis:reponse", args=[suivi.pk, partenaire.organisation.slug]) in a_remplir
    assert "2 rappels" in a_remplir
    assert reverse("suivis:reponse", args=[suivi.pk, porteur.organisation.slug]) not in html
    assert ailleurs.alliance.titre not in html
    evaluations = html.split('id="titre-evaluations"')[1]
    assert "Relire ou corriger" in evaluations and "5/5" in evaluations

    client.force_login(porteur.user)
    html = client.get(MES_SUIVIS).content.decode()
    a_corriger = html.split('id="titre-a-corriger"')[1].split('id="titre-evaluations"')[0]
    assert reverse("suivis:reponse", args=[suivi.pk, porteur.organisation.slug]) in a_corriger
    # The partner's evaluation is private to it.
    assert "Secret B" not in html and "5/5" not in html
    assert (
        reverse("suivis:evaluation", args=[suivi.alliance.slug, porteur.organisation.slug]) in html
    )


def test_mes_suivis_demande_un_compte(client):
    response = client.get(MES_SUIVIS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("alliances", [1, 6])
def test_mes_suivis_fait_autant_de_requetes_quel_que_soit_le_nombre_d_alliances(
    client, alliances, django_assert_num_queries
):
    membre = MembreFactory()
    debut = calendrier.add_months(timezone.localdate(), -13)
    for _ in range(alliances):
        alliance, _admins = alliance_en_cours(debut=debut)
        ParticipationFactory(alliance=alliance, organisation=membre.organisation)
        suivi = SuiviFactory(alliance=alliance, rang=12)
        ReponseSuiviFactory(suivi=suivi, organisation=membre.organisation)
        EvaluationFactory(alliance=alliance, organisation=membre.organisation)
    client.force_login(membre.user)

    # Session, user, my réponses, my participations, my evaluations.
    with django_assert_num_queries(5):
        response = client.get(MES_SUIVIS)
    assert response.content.decode().count("Relire ou corriger") == alliances


# The catalyseurs' list --------------------------------------------------------------------------


def _territoire_user(qui, suivi, admins):
    alliance = suivi.alliance
    return {
        "membre du partenaire": lambda: admins[0].user,
        "membre d'une autre organisation": lambda: MembreFactory().user,
        "catalyseur ici": lambda: CatalyseurFactory(departement=alliance.departement).user,
        "catalyseur de la région": lambda: (
            CatalyseurFactory(de_region=True, region=alliance.region).user
        ),
        "catalyseur ailleurs": lambda: CatalyseurFactory().user,
        "ancien catalyseur": lambda: (
            CatalyseurFactory(departement=alliance.departement, actif=False).user
        ),
        "staff": lambda: UserFactory(is_staff=True),
    }[qui]()


@pytest.mark.parametrize(
    ("qui", "statut", "voit"),
    [
        ("membre du partenaire", 404, False),
        ("membre d'une autre organisation", 404, False),
        ("ancien catalyseur", 404, False),
        ("catalyseur ailleurs", 200, False),
        ("catalyseur ici", 200, True),
        ("catalyseur de la région", 200, True),
        ("staff", 200, True),
    ],
)
def test_les_catalyseurs_voient_les_etats_des_suivis_de_leur_perimetre(
    client, ouvert, qui, statut, voit
):
    suivi, admins = ouvert
    client.force_login(_territoire_user(qui, suivi, admins))

    response = client.get(TERRITOIRE)

    assert response.status_code == statut
    html = response.content.decode()
    assert (suivi.alliance.titre in html) is voit
    if voit:
        assert "1 sur 2" in html and "en attente" in html
        # States only: never what the partners wrote.
        assert "Deux ateliers menés" not in html


def test_la_liste_du_territoire_demande_un_compte(client):
    assert client.get(TERRITOIRE)["Location"].startswith(reverse("account_login"))


def test_la_liste_du_territoire_montre_les_signalements_et_filtre(client, ouvert):
    suivi, _admins = ouvert
    repondu = SuiviFactory(
        alliance=alliance_en_cours(
            debut=suivi.alliance.date_debut, commune=suivi.alliance.commune, titre="Tout répondu"
        )[0],
        rang=12,
    )
    ReponseSuiviFactory(suivi=repondu, repondue=True)
    suivi.signale_le = timezone.localdate()
    suivi.save()
    client.force_login(CatalyseurFactory(departement=suivi.alliance.departement).user)

    html = client.get(TERRITOIRE).content.decode()
    assert "signalé le" in html and "répondu</span>" in html
    html = client.get(TERRITOIRE, {"etat": "signales"}).content.decode()
    assert suivi.alliance.titre in html and "Tout répondu" not in html
    html = client.get(TERRITOIRE, {"etat": "en_attente"}).content.decode()
    assert suivi.alliance.titre in html and "Tout répondu" not in html


@pytest.mark.parametrize("suivis", [1, 5])
def test_la_liste_du_territoire_fait_autant_de_requetes_quel_que_soit_le_nombre(
    client, ouvert, suivis, django_assert_num_queries
):
    suivi, _admins = ouvert
    for _ in range(suivis - 1):
        autre, _ = alliance_en_cours(
            debut=suivi.alliance.date_debut, commune=suivi.alliance.commune
        )
        SuiviFactory(alliance=autre, rang=12)
    client.force_login(CatalyseurFactory(departement=suivi.alliance.departement).user)

    # Session, user, the appointments, the count, the page of follow-ups.
    with django_assert_num_queries(5):
        response = client.get(TERRITOIRE)
    assert response.content.decode().count("<tr>") == suivis + 1


# The alliance's page ----------------------------------------------------------------------------


@pytest.fixture
def serie(ouvert):
    """Two answered follow-ups (3 and 12 months) with values from both partners."""
    suivi_12, (porteur, partenaire) = ouvert
    alliance = suivi_12.alliance
    suivi_3 = SuiviFactory(alliance=alliance, rang=3)
    r3a = ReponseSuiviFactory(
        suivi=suivi_3, organisation=porteur.organisation, repondue=True, realise="Lancement."
    )
    r3b = ReponseSuiviFactory(
        suivi=suivi_3,
        organisation=partenaire.organisation,
        repondue=True,
        etat="en_pause",
        realise="Pause estivale.",
    )
    ValeurIndicateurFactory(reponse=r3a, valeur=Decimal(10))
    ValeurIndicateurFactory(reponse=r3b, valeur=Decimal(5))
    ValeurIndicateurFactory(reponse=r3b, indicateur="montants_mobilises", valeur=Decimal(2500))
    r12 = suivi_12.reponses.get(organisation=porteur.organisation)
    ValeurIndicateurFactory(reponse=r12, valeur=Decimal(30))
    EvaluationFactory(alliance=alliance, organisation=porteur.organisation, changements="Privé")
    return alliance


def test_la_page_de_l_alliance_montre_la_serie_des_suivis_avec_son_tableau(client, serie):
    html = client.get(serie.get_absolute_url()).content.decode()

    section = html.split('id="titre-suivis"')[1]
    table = section.split("<table>")[1].split("</table>")[0]
    assert "Personnes touchées (personnes)" in table
    assert "Montants mobilisés (euros)" in table
    lignes = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    assert (
        "3 mois" in lignes[1]
        and ">15<" in lignes[1]
        and "2500" in lignes[1].replace("\xa0", "").replace(" ", "")
    )
    assert "12 mois" in lignes[2] and ">30<" in lignes[2] and "—" in lignes[2]
    assert "Pause estivale." in section and "en pause" in section
    data = json.loads(
        re.search(r'id="suivis-graphique" type="application/json">(.*?)</script>', html)[1]
    )
    assert data["series"][0]["code"] == "personnes_touchees"
    assert data["series"][0]["valeurs"] == [15.0, 30.0]
    assert 'data-suivi-indicateur="montants_mobilises"' in html
    assert "/static/js/suivis.js" in html
    # Evaluations are private: never on the public page.
    assert "Privé" not in html


def test_la_serie_coute_deux_requetes_et_rien_sans_suivi_possible(
    client, serie, django_assert_num_queries
):
    jeune = AllianceFactory()  # published now: no follow-up can exist yet
    ParticipationFactory(alliance=jeune)
    ParticipationFactory(alliance=jeune)
    ancienne_sans_reponse, _ = alliance_en_cours(debut=datetime.date(2024, 1, 1))

    # A visitor: the alliance with its domaines, ODD and partners, related alliances (none in
    # its département): 5, as without the suivis app; then the answered réponses (and their
    # values when there are some).
    with django_assert_num_queries(5):
        html = client.get(jeune.get_absolute_url()).content.decode()
    assert 'id="titre-suivis"' not in html
    with django_assert_num_queries(6):
        html = client.get(ancienne_sans_reponse.get_absolute_url()).content.decode()
    assert 'id="titre-suivis"' not in html
    with django_assert_num_queries(7):
        html = client.get(serie.get_absolute_url()).content.decode()
    assert 'id="titre-suivis"' in html
