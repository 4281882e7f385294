"""The alliance search's counts at national scale (alliances/facettes.py): the summary table
must give exactly the numbers that counting the alliances gives, for every combination of the
filters it holds; searches it cannot answer keep counting live."""

import itertools
import random
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.test import override_settings
from django.urls import reverse

from alliances import facettes
from alliances.filters import AllianceFilter
from alliances.models import Alliance, FacetteAlliance, Participation
from alliances.tasks import facettes_refresh
from tests.alliances.factories import (
    AllianceFactory,
    CommuneFactory,
    DepartementFactory,
    OrganisationFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("alliances:alliance_list")
DOMAINES = ["sante", "numerique", "alimentation"]
KINDS = ["association", "entreprise", "collectivite"]


@pytest.fixture
def alliances():
    """Thirty published alliances drawn with a fixed seed over three départements (two in one
    région), with 0 to 2 domaines and ODD, partners of several kinds, some of them unconfirmed;
    and alliances that must never count (not published)."""
    rng = random.Random(8)
    premier = DepartementFactory()
    departements = [premier, DepartementFactory(region=premier.region), DepartementFactory()]
    communes = [CommuneFactory(departement=departement) for departement in departements]
    organisations = {
        "association": OrganisationFactory(),
        "entreprise": OrganisationFactory(entreprise=True),
        "collectivite": OrganisationFactory(collectivite=True),
    }
    for index in range(34):
        alliance = AllianceFactory(
            commune=rng.choice(communes),
            typologie=rng.choice(Alliance.Typologie.values),
            etat=rng.choice(Alliance.Etat.values),
            statut="publiee" if index < 30 else rng.choice(["en_attente", "depubliee"]),
        )
        alliance.domaines.set(rng.sample(DOMAINES, rng.randint(0, 2)))
        alliance.odd.set(rng.sample([2, 3, 17], rng.randint(0, 2)))
        for kind in rng.sample(KINDS, rng.randint(1, 3)):
            ParticipationFactory(
                alliance=alliance,
                organisation=organisations[kind],
                etat=rng.choice(["confirmee", "confirmee", "en_attente"]),
            )
    return departements


def _counts(params: dict, *, summary: bool) -> tuple[int, dict]:
    threshold = 0 if summary else 10**9
    with override_settings(RECHERCHE_COMPTAGES_A_PARTIR_DE=threshold):
        filterset = AllianceFilter(
            QueryDict(urlencode(params)), queryset=Alliance.objects.published()
        )
        assert (filterset.comptages is not None) is summary
        return filterset._count_total(), filterset._count_facets()


def _searches(departements) -> list[dict]:
    """Every filter alone and every pair of them, with one value each."""
    values = {
        "typologie": "mecenat",
        "etat": "en_cours",
        "domaine": "sante",
        "odd": "17",
        "partenaire": "entreprise",
        "region": departements[0].region.code,
        "departement": departements[2].code,
    }
    searches = [{}]
    for size in (1, 2):
        for names in itertools.combinations(values, size):
            searches.append({name: values[name] for name in names})
    searches.append({"domaine": "numerique", "odd": "2", "partenaire": "association"})
    return searches


def test_le_resume_donne_les_memes_nombres_que_le_comptage_des_alliances(alliances):
    facettes.refresh()
    searches = _searches(alliances)
    for params in searches:
        assert _counts(params, summary=True) == _counts(params, summary=False), params
    # The fixture is rich enough for the comparison to mean something.
    total, counts = _counts({}, summary=False)
    assert total == 30
    assert all(len(counts[name]) >= 2 for name in AllianceFilter.FACETS)


def test_seules_les_alliances_publiees_et_les_partenaires_confirmes_comptent():
    alliance = AllianceFactory(typologie="mecenat")
    ParticipationFactory(alliance=alliance, organisation=OrganisationFactory(entreprise=True))
    ParticipationFactory(
        alliance=alliance, organisation=OrganisationFactory(collectivite=True), en_attente=True
    )
    AllianceFactory(typologie="mecenat", en_attente=True)
    mise_a_jour = facettes.refresh()
    assert mise_a_jour.alliances == 1
    total, counts = _counts({}, summary=True)
    assert total == 1
    assert counts["typologie"] == {"mecenat": 1}
    assert counts["partenaire"] == {"entreprise": 1}


def test_un_nouveau_calcul_remplace_le_precedent_sans_doubler():
    AllianceFactory.create_batch(2)
    facettes.refresh()
    rows = FacetteAlliance.objects.count()
    # The Celery task, run in this process: the same rows again, not twice as many.
    assert facettes_refresh().startswith("2 alliances (")
    assert FacetteAlliance.objects.count() == rows
    assert facettes.total({}) == 2


def test_sous_le_seuil_la_recherche_compte_les_alliances_elles_memes():
    AllianceFactory.create_batch(3)
    facettes.refresh()
    with override_settings(RECHERCHE_COMPTAGES_A_PARTIR_DE=4):
        assert facettes.in_use() is None
    with override_settings(RECHERCHE_COMPTAGES_A_PARTIR_DE=3):
        assert facettes.in_use() is not None


@pytest.mark.parametrize(
    "params",
    [
        {"q": "insertion"},
        {"commune": "LIEU", "rayon": "20"},
        {"commune": "LIEU"},
        {"debut_apres": "2020-01-01"},
        {"debut_avant": "2024-12-31", "typologie": "mecenat"},
    ],
)
def test_texte_lieu_et_dates_sont_comptes_sur_les_alliances(params):
    alliance = AllianceFactory(commune=CommuneFactory(latitude=45.76, longitude=4.83))
    facettes.refresh()
    if "commune" in params:
        params = {**params, "commune": str(alliance.commune)}
    with override_settings(RECHERCHE_COMPTAGES_A_PARTIR_DE=0):
        filterset = AllianceFilter(QueryDict(urlencode(params)), queryset=Alliance.objects.all())
        assert filterset.is_valid()
        assert filterset.comptages is None


@override_settings(RECHERCHE_COMPTAGES_A_PARTIR_DE=0)
def test_la_page_dit_quand_les_nombres_ont_ete_calcules(client):
    AllianceFactory(titre="Des jardins partagés")
    facettes.refresh()
    html = client.get(URL, {"typologie": "mecenat"}).content.decode()
    assert "Nombres calculés le" in html
    # A text search counts the alliances themselves: no date to give.
    html = client.get(URL, {"q": "jardins"}).content.decode()
    assert "Nombres calculés le" not in html


@pytest.mark.parametrize("nombre", [3, 30])
@override_settings(RECHERCHE_COMPTAGES_A_PARTIR_DE=0)
def test_avec_le_resume_la_page_fait_le_meme_nombre_de_requetes(
    client, django_assert_num_queries, nombre
):
    for _ in range(nombre):
        alliance = AllianceFactory()
        alliance.domaines.set(["sante"])
        ParticipationFactory(alliance=alliance, etat=Participation.Etat.CONFIRMEE)
    facettes.refresh()
    # the summary's date; its total and six facets; page, domaines, partners; two label
    # lists for the facets; the form's four lists of choices.
    with django_assert_num_queries(17):
        response = client.get(URL)
    assert response.context["page"].paginator.count == nombre
