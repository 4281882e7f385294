"""The observatoire: figures against a small hand-counted world, filters, pages, CSV, widget."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from observatoire.chiffres import Filtres, chiffres, observatoire_refresh, ratio
from observatoire.models import ChiffreAlliance, ChiffreOrganisation, ObservatoireMiseAJour
from observatoire.tasks import observatoire_refresh_task
from tests.factories import (
    AllianceFactory,
    CommuneFactory,
    DepartementFactory,
    OrganisationFactory,
    ParticipationFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("observatoire:index")


@pytest.fixture
def monde():
    """Two départements of one région, three published alliances, one that is not.

    Hand count: 3 alliances (2 mécénat in A, 1 coopération in B); domaines santé 2, éducation 1;
    started 2020 and 2022 (one without date); partners: association+entreprise, collectivité
    (the entreprise of a2 has not confirmed), none. Organisations published: 3 in A, 2 in B.
    """
    region = RegionFactory(code="X84", nom="Région des essais", population=50_000)
    a = DepartementFactory(code="Y01", nom="Ain d'essai", region=region, population=20_000)
    b = DepartementFactory(code="Y02", nom="Bugey d'essai", region=region, population=30_000)
    ville_a = CommuneFactory(departement=a)
    ville_b = CommuneFactory(departement=b)

    association = OrganisationFactory(siege=ville_a)
    entreprise = OrganisationFactory(siege=ville_a, entreprise=True)
    mairie = OrganisationFactory(siege=ville_b, collectivite=True)
    entreprise_b = OrganisationFactory(siege=ville_b, entreprise=True)
    OrganisationFactory(siege=ville_a, en_attente=True)  # not published: never counts
    association.domaines.set(["sante"])

    a1 = AllianceFactory(commune=ville_a, typologie="mecenat", date_debut=datetime.date(2020, 5, 1))
    a1.domaines.set(["sante", "education"])
    a1.odd.set([3, 17])
    ParticipationFactory(alliance=a1, organisation=association, porteur=True)
    ParticipationFactory(alliance=a1, organisation=entreprise)

    a2 = AllianceFactory(
        commune=ville_b,
        typologie="cooperation_economique",
        etat="en_projet",
        date_debut=datetime.date(2022, 1, 10),
    )
    a2.domaines.set(["sante"])
    a2.odd.set([17])
    ParticipationFactory(alliance=a2, organisation=mairie, porteur=True)
    ParticipationFactory(alliance=a2, organisation=entreprise_b, en_attente=True)

    AllianceFactory(commune=ville_a, typologie="mecenat")  # no date, domaine, ODD nor partner

    cachee = AllianceFactory(commune=ville_a, typologie="mecenat", en_attente=True)
    cachee.domaines.set(["sante"])
    ParticipationFactory(alliance=cachee, organisation=association, porteur=True)
    OrganisationFactory(siege=ville_a, kind="fondation", rna="W123456789")
    observatoire_refresh()
    return {"region": region, "a": a, "b": b}


def _lignes(rows) -> dict:
    return {row.code: row.nombre for row in rows}


def test_les_chiffres_nationaux_correspondent_au_compte_fait_a_la_main(monde):
    result = chiffres(Filtres())
    assert result.alliances == 3
    assert _lignes(result.par_typologie) == {"mecenat": 2, "cooperation_economique": 1}
    assert _lignes(result.par_domaine) == {"sante": 2, "education": 1}
    assert _lignes(result.par_annee) == {"2020": 1, "2022": 1}
    assert _lignes(result.par_odd) == {"3": 1, "17": 2}
    assert _lignes(result.par_etat) == {"en_cours": 2, "en_projet": 1}
    assert _lignes(result.par_partenaires) == {
        "association+entreprise": 1,
        "collectivite": 1,
        "autres": 1,
    }
    assert result.organisations == 5
    assert _lignes(result.par_kind) == {
        "association": 1,
        "entreprise": 2,
        "collectivite": 1,
        "fondation": 1,
    }
    departements = {row.code: row for row in result.par_departement}
    assert departements["Y01"].nombre == 2 and departements["Y01"].organisations == 3
    assert departements["Y02"].nombre == 1 and departements["Y02"].organisations == 2


def test_une_alliance_ou_une_organisation_non_publiee_ne_compte_jamais(monde):
    assert ChiffreAlliance.objects.filter(dimension="total", domaine="").count() > 0
    result = chiffres(Filtres(typologie="mecenat", domaine="sante"))
    # The unpublished alliance is mécénat, santé, in A, with an association: not counted.
    assert result.alliances == 1
    assert _lignes(result.par_departement)["Y01"] == 1


def test_le_ratio_pour_10000_habitants(monde):
    result = chiffres(Filtres())
    departements = {row.code: row for row in result.par_departement}
    assert departements["Y01"].pour_10000 == 1.0  # 2 alliances, 20,000 inhabitants
    assert departements["Y02"].pour_10000 == 0.33  # 1 for 30,000, rounded to a hundredth
    assert departements["Y01"].organisations_pour_10000 == 1.5
    region = chiffres(Filtres(), region=monde["region"])
    assert region.alliances == 3 and region.population == 50_000
    assert region.pour_10000 == 0.6
    assert ratio(4, 0) is None


def test_les_filtres_typologie_domaine_et_periode(monde):
    assert chiffres(Filtres(typologie="mecenat")).alliances == 2
    sante = chiffres(Filtres(domaine="sante"))
    assert sante.alliances == 2
    assert _lignes(sante.par_typologie) == {"mecenat": 1, "cooperation_economique": 1}
    assert _lignes(sante.par_domaine) == {"sante": 2}
    assert sante.organisations == 1  # only the association works in santé
    assert chiffres(Filtres(debut=2021)).alliances == 1
    assert chiffres(Filtres(fin=2020)).alliances == 1
    assert chiffres(Filtres(debut=2023, fin=2030)).alliances == 0


def test_les_chiffres_d_un_departement(monde):
    result = chiffres(Filtres(), departement=monde["a"])
    assert result.alliances == 2
    assert _lignes(result.par_typologie) == {"mecenat": 2}
    assert result.organisations == 3
    assert result.pour_10000 == 1.0
    assert result.par_departement == [] and result.par_odd == []


def test_la_tache_recalcule_sans_doubler_les_lignes(monde, settings):
    assert settings.CELERY_BEAT_SCHEDULE["observatoire-chiffres"]["task"] == (
        observatoire_refresh_task.name
    )
    before = ChiffreAlliance.objects.count(), ChiffreOrganisation.objects.count()
    observatoire_refresh_task.delay()
    observatoire_refresh_task.delay()
    assert (ChiffreAlliance.objects.count(), ChiffreOrganisation.objects.count()) == before
    assert chiffres(Filtres()).alliances == 3
    AllianceFactory(commune=CommuneFactory(departement=monde["b"]))
    assert chiffres(Filtres()).alliances == 3  # until the next refresh
    observatoire_refresh_task.delay()
    assert chiffres(Filtres()).alliances == 4


def test_la_page_montre_les_chiffres_et_leurs_tableaux(client, monde):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>L'observatoire des alliances</h1>" in html
    assert "3</span> alliances publiées" in html
    assert "<caption>Alliances par typologie</caption>" in html
    assert '<td>Mécénat</td><td class="nombre">2</td>' in html
    assert f'<a href="{monde["a"].get_absolute_url()}">Ain d&#x27;essai</a>' in html
    assert 'id="graphiques-donnees"' in html and 'id="carte-donnees"' in html
    assert "/observatoire/telecharger/typologies.csv?" in html
    assert "<iframe src=" in html.replace("&lt;", "<")


@pytest.mark.parametrize("nombre", [1, 6])
def test_la_page_fait_le_meme_nombre_de_requetes_quel_que_soit_le_nombre_d_alliances(
    client, django_assert_num_queries, monde, nombre
):
    for _ in range(nombre):
        alliance = AllianceFactory(commune=CommuneFactory(departement=monde["b"]))
        alliance.domaines.set(["culture"])
    observatoire_refresh()
    # The form's domaine validation and list; the date of the figures; then, once per refresh
    # and filters: mise à jour, alliance rows, domaine labels, national dimensions, ODD labels,
    # organisations, départements, régions.
    with django_assert_num_queries(11):
        response = client.get(URL, {"domaine": "culture"})
    assert f"{nombre}</span> alliance" in response.content.decode()
    # The same figures again come from the cache, rendered.
    with django_assert_num_queries(3):
        again = client.get(URL, {"domaine": "culture"})
    assert again.content == response.content


def test_les_filtres_vivent_dans_l_adresse(client, monde):
    response = client.get(URL, {"typologie": "mecenat", "debut": "2019", "fin": "2021"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "1</span> alliance publiée" in html
    assert '<option value="mecenat" selected>' in html
    assert 'value="2019"' in html
    assert "typologie=mecenat&amp;debut=2019&amp;fin=2021" in html  # CSV links keep them


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"typologie": "philanthropie"}, "Cette typologie n&#x27;existe pas."),
        ({"domaine": "astrologie"}, "Ce domaine d&#x27;action n&#x27;existe pas."),
        ({"debut": "deux-mille"}, "L&#x27;année s&#x27;écrit avec quatre chiffres"),
        ({"debut": "2030", "fin": "2010"}, "La période finit avant de commencer"),
        ({"debut": "99999"}, "Choisissez une année entre 1945 et"),
        ({"region": "84"}, "Filtre inconnu : region."),
    ],
)
def test_une_mauvaise_saisie_donne_une_400_en_francais_qui_garde_la_saisie(
    client, monde, params, message
):
    response = client.get(URL, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    # Years typed by hand come back in their fields (a select can only show its own options).
    for name in ("debut", "fin"):
        if name in params:
            assert f'name="{name}" value="{params[name]}"' in html


def test_le_csv_d_une_repartition_reprend_les_chiffres_du_tableau(client, monde):
    response = client.get(reverse("observatoire:csv", args=["typologies"]), {"domaine": "sante"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["code", "libelle", "nombre"],
        ["mecenat", "mécénat", "1"],
        ["cooperation_economique", "coopération économique", "1"],
    ]


def test_le_csv_des_departements_d_une_region_donne_les_ratios(client, monde):
    response = client.get(
        reverse("observatoire:csv", args=["departements"]), {"region": monde["region"].code}
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [
        (r["code_insee"], r["alliances"], r["alliances_pour_10000_habitants"]) for r in rows
    ] == [
        ("Y01", "2", "1.0"),
        ("Y02", "1", "0.33"),
    ]


def test_le_csv_refuse_une_mauvaise_saisie_ou_un_tableau_inconnu(client, monde):
    response = client.get(reverse("observatoire:csv", args=["typologies"]), {"fin": "1200"})
    assert response.status_code == 400
    assert "Choisissez une année" in response.content.decode()
    assert client.get(reverse("observatoire:csv", args=["inconnu"])).status_code == 404


def test_la_page_d_une_region_montre_ses_chiffres_et_ses_departements(client, monde):
    region = monde["region"]
    response = client.get(reverse("territoires:region", args=[region.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Les chiffres du territoire" in html
    assert "3</span> alliances publiées" in html
    assert "0,60</span> alliances pour 10 000 habitants" in html
    assert '<tr data-code="Y02">' in html
    assert "observatoire/widget/?region=X84" in html


def test_la_page_d_un_departement_montre_ses_chiffres_filtres(client, monde):
    response = client.get(
        reverse("territoires:departement", args=[monde["a"].slug]), {"typologie": "mecenat"}
    )
    assert response.status_code == 200
    assert "2</span> alliances publiées" in response.content.decode()
    response = client.get(
        reverse("territoires:departement", args=[monde["a"].slug]), {"typologie": "x"}
    )
    assert response.status_code == 400
    assert "Cette typologie n&#x27;existe pas." in response.content.decode()


def test_des_chiffres_jamais_calcules_le_sont_a_la_premiere_visite(client):
    assert not ObservatoireMiseAJour.objects.exists()
    AllianceFactory()
    response = client.get(URL)
    assert response.status_code == 200
    assert "1</span> alliance publiée" in response.content.decode()
    assert ObservatoireMiseAJour.objects.exists()


def test_le_widget_montre_les_alliances_publiees_d_un_departement(client, monde):
    response = client.get(reverse("observatoire:widget"), {"departement": "Y01", "nombre": "10"})
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    html = response.content.decode()
    assert "Alliances ODD 17 — Ain d&#x27;essai" in html
    assert html.count('target="_blank"') == 3  # two alliances and the link to the platform
    assert "http://testserver/alliances/" in html


def test_le_widget_d_une_organisation_ne_montre_que_ses_alliances_confirmees(client, monde):
    mairie = ParticipationFactory._meta.model.objects.get(
        alliance__typologie="cooperation_economique", role="porteur"
    ).organisation
    response = client.get(reverse("observatoire:widget"), {"organisation": mairie.slug})
    assert response.content.decode().count('target="_blank"') == 2


@pytest.mark.parametrize(
    "params",
    [{"nombre": "0"}, {"nombre": "abc"}, {"nombre": "21"}, {"couleur": "rouge"}],
)
def test_le_widget_refuse_les_parametres_invalides(client, params):
    response = client.get(reverse("observatoire:widget"), params)
    assert response.status_code == 400
    assert "Paramètres invalides" in response.content.decode()


def test_le_widget_d_une_organisation_non_publiee_n_existe_pas(client):
    organisation = OrganisationFactory(en_attente=True)
    response = client.get(reverse("observatoire:widget"), {"organisation": organisation.slug})
    assert response.status_code == 404


def test_les_pages_ordinaires_restent_interdites_en_iframe(client, monde):
    assert client.get(URL)["X-Frame-Options"] == "DENY"


def test_les_apercus_d_un_territoire_comptent_avec_les_chiffres_calcules(client, monde):
    """Once computed, the figures give the previews' totals, whatever the page's filters."""
    url = reverse("territoires:departement", args=[monde["a"].slug])
    html = client.get(url, {"typologie": "cooperation_economique"}).content.decode()
    assert "0</span> alliances publiées" in html  # the filtered figures
    assert "<p>2 alliances publiées.</p>" in html  # the preview: every published alliance
    assert "3 organisations publiées ont leur siège ici." in html


@pytest.mark.parametrize("nombre", ["²", "-1", str(10**9), "abc", "1.5"])
def test_le_widget_refuse_un_nombre_impossible_en_francais(client, nombre):
    response = client.get(reverse("observatoire:widget"), {"nombre": nombre})
    assert response.status_code == 400
    assert "nombre entre 1 et 20" in response.content.decode()


def test_le_widget_montre_les_dernieres_alliances_publiees_et_se_met_en_cache(client):
    # Newest on the platform first, whatever the date the alliance itself started.
    anciennes = [
        AllianceFactory(titre=f"Ancienne {n}", date_debut=datetime.date(2025, 1, 1))
        for n in range(2)
    ]
    recente = AllianceFactory(titre="La plus récente", date_debut=datetime.date(2001, 1, 1))
    response = client.get(reverse("observatoire:widget"), {"nombre": "2"})
    html = response.content.decode()
    assert "La plus récente" in html and anciennes[1].titre in html
    assert anciennes[0].titre not in html
    assert "max-age=300" in response["Cache-Control"]
    recente.titre = "Renommée"
    recente.save()
    assert (
        "La plus récente"
        in client.get(reverse("observatoire:widget"), {"nombre": "2"}).content.decode()
    )


def test_le_code_a_copier_donne_l_adresse_publique_du_site(client, monde, settings):
    settings.SITE_URL = "https://alliances.example.fr"
    html = client.get(URL, HTTP_HOST="testserver").content.decode()
    assert "https://alliances.example.fr/observatoire/widget/" in html


def test_l_observatoire_refuse_un_parametre_page_qu_il_n_a_pas(client, monde):
    response = client.get(URL, {"page": "2"})
    assert response.status_code == 400
    assert "Filtre inconnu : page." in response.content.decode()
    region = client.get(reverse("territoires:region", args=[monde["region"].slug]), {"page": "2"})
    assert region.status_code == 400
    # The département page paginates its communes: `page` is one of its parameters.
    departement = reverse("territoires:departement", args=[monde["a"].slug])
    assert client.get(departement, {"page": "2"}).status_code == 200
