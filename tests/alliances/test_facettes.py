"""The alliance search's counts at national scale (alliances/facettes.py): the summary table
must give exactly the numbers that counting the alliances gives, for every combination of the
filters it holds; searches it cannot answer keep counting live."""

import datetime
import itertools
import random
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from alliances import facettes
from alliances.filters import AllianceFilter
from alliances.models import Alliance, FacetteAlliance, Participation
from alliances.services import alliances_refresh_search
from alliances.tasks import facettes_refresh
from nomenclatures.models import Typologie
from offres import services
from tests.factories import (
    AlerteFactory,
    AllianceFactory,
    CommuneFactory,
    DepartementFactory,
    OrganisationFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("alliances:alliance_list")
# A view around Paris at zoom 12, cells of about 2 km.
FIN = "2.2,48.7,2.5,48.95"
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
            typologie=rng.choice(Typologie.values),
            etat=rng.choice(Alliance.Etat.values),
            statut="publiee" if index < 30 else rng.choice(["en_attente", "depubliee"]),
            titre=rng.choice(["Jardins partagés", "Atelier vélo", "Jardins et vélos"]),
            date_debut=datetime.date(2015 + index % 10, 1 + index % 12, 1),
        )
        alliance.domaines.set(rng.sample(DOMAINES, rng.randint(0, 2)))
        alliance.odd.set(rng.sample([2, 3, 17], rng.randint(0, 2)))
        for kind in rng.sample(KINDS, rng.randint(1, 3)):
            ParticipationFactory(
                alliance=alliance,
                organisation=organisations[kind],
                etat=rng.choice(["confirmee", "confirmee", "en_attente"]),
            )
    # The search texts, partners and domaines included.
    alliances_refresh_search(Alliance.objects.values_list("pk", flat=True))
    return departements


def _counts(params: dict, *, summary: bool) -> tuple[int, dict]:
    threshold = 0 if summary else 10**9
    with override_settings(RECHERCHE_COMPTAGES_A_PARTIR_DE=threshold):
        filterset = AllianceFilter(
            QueryDict(urlencode(params)), queryset=Alliance.objects.published()
        )
        hors_resume = any(name in params for name in AllianceFilter.HORS_RESUME)
        assert (filterset.comptages is not None) is (summary and not hors_resume)
        assert (filterset.candidats is not None) is (summary and hors_resume)
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


def test_texte_lieu_et_dates_comptes_sur_la_liste_des_alliances_qu_ils_retiennent(alliances):
    """At national scale, a search with a text, a place or dates is counted in Python over the
    alliances these select: the same numbers as counting in SQL."""
    facettes.refresh()
    centre = alliances[0]
    lieu = {"commune": str(centre.communes.first()), "rayon": "50"}
    for extra in [{"q": "jardins"}, {"debut_apres": "2019-06-01"}, lieu]:
        for params in _searches(alliances):
            params = {**params, **extra}
            assert _counts(params, summary=True) == _counts(params, summary=False), params
    total, counts = _counts({"q": "jardins"}, summary=False)
    assert 0 < total < 30
    assert all(counts[name] for name in AllianceFilter.FACETS)


@override_settings(RECHERCHE_COMPTAGES_A_PARTIR_DE=0, RECHERCHE_COMPTAGES_PLAFOND=3)
def test_au_dela_du_plafond_la_page_le_dit_et_trie_par_date(client, django_assert_num_queries):
    for index in range(5):
        AllianceFactory(
            titre=f"Jardins numéro {index}",
            date_debut=datetime.date(2020, 1 + index, 1),
            typologie="innovation_societale" if index == 0 else "mecenat",
        )
    AllianceFactory(titre="Atelier")
    alliances_refresh_search(Alliance.objects.values_list("pk", flat=True))
    facettes.refresh()
    # the summary's date; the alliances the text selects, one more than the ceiling (no
    # facet); the whole search counted up to one more than the ceiling; the page's ids, its
    # rows, domaines, partners; two label lists; the form's four lists.
    with django_assert_num_queries(13):
        response = client.get(URL, {"q": "jardins", "tri": "pertinence"})
    html = response.content.decode()
    assert "Plus de 3 alliances" in html
    assert "classées des plus récentes aux plus anciennes" in html
    assert response.context["facettes"] == []
    # Newest first; the pages reach one result beyond the ceiling, and no further.
    titres = [alliance.titre for alliance in response.context["page"]]
    assert titres == [f"Jardins numéro {index}" for index in (4, 3, 2, 1)]
    # Another filter narrows the results, not the text: their real number, still no facet.
    response = client.get(URL, {"q": "jardins", "typologie": "innovation_societale"})
    html = response.content.decode()
    assert "Plus de" not in html
    assert response.context["page"].paginator.count == 1
    assert "Le texte, le lieu ou la période de cette recherche retiennent plus de 3" in html
    # Under the ceiling, the exact number and the facets again.
    response = client.get(URL, {"q": "atelier"})
    assert response.context["page"].paginator.count == 1
    assert response.context["facettes"]


@override_settings(RECHERCHE_COMPTAGES_A_PARTIR_DE=0, RECHERCHE_COMPTAGES_PLAFOND=3)
def test_trop_d_alliances_autour_d_un_lieu_restent_triees_par_distance(client):
    centre = CommuneFactory(latitude=45.76, longitude=4.83)
    voisine = CommuneFactory(latitude=45.80, longitude=4.83)
    AllianceFactory(titre="Au centre", commune=centre, date_debut=datetime.date(2001, 1, 1))
    for index in range(4):
        AllianceFactory(commune=voisine, date_debut=datetime.date(2020, 1, 1 + index))
    facettes.refresh()
    params = {"commune": str(centre), "rayon": "20", "tri": "proximite"}
    response = client.get(URL, params)
    html = response.content.decode()
    assert "Plus de 3 alliances" in html
    assert "classées des plus récentes" not in html
    assert response.context["page"][0].titre == "Au centre"


@override_settings(RECHERCHE_COMPTAGES_A_PARTIR_DE=0, RECHERCHE_COMPTAGES_PLAFOND=3)
def test_le_resume_d_une_alerte_ne_change_pas_ce_que_la_page_sait_de_la_recherche(client):
    for index in range(5):
        AllianceFactory(titre=f"Jardins {index}", recherche=f"jardins {index}")
    alliances_refresh_search(Alliance.objects.values_list("pk", flat=True))
    facettes.refresh()
    # A digest searches only the alliances published since its last email: none here.
    since = timezone.now() + datetime.timedelta(days=1)
    alerte = AlerteFactory(criteres="q=jardins", cible="alliances")
    assert services.alerte_matches(alerte, since) == []
    assert "Plus de 3 alliances" in client.get(URL, {"q": "jardins"}).content.decode()


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
    # the summary's date; its total and six facets; the page's ids, its rows, domaines,
    # partners; two label lists for the facets; the form's four lists of choices.
    with django_assert_num_queries(18):
        response = client.get(URL)
    assert response.context["page"].paginator.count == nombre


@pytest.mark.parametrize(
    ("zoom", "bbox"),
    [(5, "-5.3,41.2,9.7,51.2"), (6, "-5.3,41.2,9.7,51.2"), (9, "1.4,48.1,3.6,49.3"), (12, FIN)],
)
def test_la_carte_sans_filtre_lit_les_memes_points_dans_les_cellules(client, zoom, bbox):
    rng = random.Random(zoom)
    west, south, east, north = map(float, bbox.split(","))
    for _ in range(40):
        commune = CommuneFactory(
            latitude=round(rng.uniform(south, north), 4),
            longitude=round(rng.uniform(west, east), 4),
        )
        AllianceFactory.create_batch(rng.randint(1, 3), commune=commune)
    AllianceFactory(commune=commune, en_attente=True)
    url = reverse("alliances:alliance_map_points")
    params = {"bbox": bbox, "zoom": zoom}
    live = client.get(url, params).json()["points"]
    facettes.refresh()
    with override_settings(RECHERCHE_COMPTAGES_A_PARTIR_DE=0):
        # Another view, so that the cache does not answer.
        cached_view = {"bbox": bbox, "zoom": zoom, "typologie": ""}
        read = client.get(url, cached_view).json()["points"]

    def key(point):
        return (point["n"], point["url"], point["lat"], point["lon"])

    assert sum(point["n"] for point in live) >= 40
    # A cluster's centre is an average of floats: summed in another order (the cells table
    # against the live query), its fifth decimal may differ by one (about a metre).
    lus, vivants = sorted(map(key, read)), sorted(map(key, live))
    assert [k[:2] for k in lus] == [k[:2] for k in vivants]
    for lu, vivant in zip(lus, vivants, strict=True):
        assert lu[2:] == pytest.approx(vivant[2:], abs=2e-5)
