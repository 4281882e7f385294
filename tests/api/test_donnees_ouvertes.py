"""Open data files (/donnees/): streamed, validated against their Table Schema, cached by ETag,
without personal data."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from frictionless import Resource, Schema

from alliances.models import Alliance, Participation
from alliances.services import participation_decide
from observatoire.chiffres import observatoire_refresh
from opendata import SCHEMA_VERSION, streaming
from opendata.registry import SCHEMAS_DIR, exports
from ressources import exports as ressources_exports
from territoires.models import Commune
from tests.factories import (
    AllianceFactory,
    MembreFactory,
    OffreFactory,
    OrganisationFactory,
    ParticipationFactory,
)
from tests.ressources.factories import RessourceFactory
from tests.suivis.factories import ReponseSuiviFactory, SuiviFactory, ValeurIndicateurFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referentiel")]


def _url(name: str, extension: str) -> str:
    return reverse("opendata:export", args=[name, extension])


def _body(response) -> str:
    assert response.streaming
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def donnees():
    lyon = Commune.objects.get(code_insee="69123")
    lille = Commune.objects.get(code_insee="59350")
    association = OrganisationFactory(
        siege=lyon, nom="Les Amis du Rhône", site_web="https://amis.example.org"
    )
    association.domaines.set(["sante", "culture"])
    entreprise = OrganisationFactory(siege=lille, entreprise=True)
    MembreFactory(organisation=association, user__email="presidente@exemple.fr")
    for titre, commune in (('Jardins, potagers "solidaires"', lyon), ("Atelier vélo", lille)):
        alliance = AllianceFactory(
            titre=titre, commune=commune, description="Ligne 1\nLigne 2, avec virgule"
        )
        alliance.domaines.set(["alimentation"])
        alliance.odd.set([2, 17])
        ParticipationFactory(alliance=alliance, organisation=association, porteur=True)
        ParticipationFactory(alliance=alliance, organisation=entreprise)
    # A follow-up answered by a partner: the impact file's rows (one by ODD).
    reponse = ReponseSuiviFactory(
        suivi=SuiviFactory(alliance=alliance), organisation=entreprise, repondue=True
    )
    ValeurIndicateurFactory(reponse=reponse, indicateur="personnes_touchees", valeur=40)
    ValeurIndicateurFactory(reponse=reponse, indicateur="beneficiaires_odd", odd_id=2, valeur=12)
    AllianceFactory(titre="Brouillon caché", commune=lyon, en_attente=True)
    OffreFactory(commune=lille, organisation=entreprise, propose=True, ressources=",locaux,")
    OffreFactory(commune=lyon, organisation=association, nationale=True)
    OrganisationFactory(nom="Structure en attente", siege=lyon, en_attente=True)
    observatoire_refresh()


def _validate(name: str, rows: list[list]) -> None:
    schema = Schema.from_descriptor(json.loads((SCHEMAS_DIR / f"{name}.json").read_text()))
    report = Resource(data=rows, schema=schema).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.parametrize("name", sorted(exports()))
def test_chaque_csv_respecte_son_table_schema(client, donnees, name):
    response = client.get(_url(name, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["X-Schema-Version"] == SCHEMA_VERSION
    rows = list(csv.reader(io.StringIO(_body(response))))
    assert rows[0] == exports()[name].fields
    assert len(rows) > 1
    _validate(name, rows)


@pytest.mark.parametrize("name", sorted(exports()))
def test_chaque_json_respecte_le_meme_schema(client, donnees, name):
    body = json.loads(_body(client.get(_url(name, "json"))))
    assert body["version_schema"] == SCHEMA_VERSION
    assert body["licence"] == "Licence Ouverte / Open Licence version 2.0"
    assert body["schema"] == f"http://testserver/donnees/schemas/{name}.json"
    fields = exports()[name].fields
    rows = [[record[field] for field in fields] for record in body["donnees"]]
    _validate(name, [fields, *rows])


def test_les_alliances_exportees_sont_publiees_avec_leurs_identifiants(client, donnees):
    rows = list(csv.DictReader(io.StringIO(_body(client.get(_url("alliances", "csv"))))))
    assert [row["titre"] for row in rows] == ['Jardins, potagers "solidaires"', "Atelier vélo"]
    first = rows[0]
    assert first["commune_insee"] == "69123" and first["departement_insee"] == "69"
    assert first["region_insee"] == "84"
    assert first["odd"] == "2|17" and first["domaines"] == "alimentation"
    assert first["description"] == "Ligne 1\nLigne 2, avec virgule"
    porteur, partenaire = first["partenaires"].split("|")
    assert porteur.startswith("les-amis-du-rhone")
    assert first["partenaires_rna"].startswith("W") and len(first["partenaires_siren"]) == 9


def test_aucune_donnee_personnelle_ni_contenu_non_publie(client, donnees):
    for name in exports():
        for extension in ("csv", "json"):
            body = _body(client.get(_url(name, extension)))
            assert "@" not in body
            assert "Brouillon caché" not in body and "Structure en attente" not in body


def test_etag_et_last_modified_evitent_de_tout_relire(client, donnees, django_assert_num_queries):
    response = client.get(_url("alliances", "csv"))
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert etag.startswith('"') and last_modified.endswith("GMT")
    # The state of the data only (alliances, participations, organisations), no row.
    with django_assert_num_queries(3):
        cached = client.get(_url("alliances", "csv"), HTTP_IF_NONE_MATCH=etag)
    assert cached.status_code == 304
    AllianceFactory(commune=Commune.objects.get(code_insee="69123"))
    changed = client.get(_url("alliances", "csv"), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert client.get(_url("alliances", "json"))["ETag"] != changed["ETag"]


def test_les_chiffres_ont_la_date_du_dernier_calcul(client, donnees):
    response = client.get(_url("chiffres-departements", "csv"))
    etag = response["ETag"]
    assert (
        client.get(_url("chiffres-departements", "csv"), HTTP_IF_NONE_MATCH=etag).status_code == 304
    )
    observatoire_refresh()
    assert (
        client.get(_url("chiffres-departements", "csv"), HTTP_IF_NONE_MATCH=etag).status_code == 200
    )


def test_l_export_lit_les_lignes_par_paquets_sans_tout_charger(client, donnees, monkeypatch):
    """Six alliances read two at a time: the first line is sent after one chunk was read (its
    query and its three lists), not after all of them."""
    for _ in range(4):
        alliance = AllianceFactory(commune=Commune.objects.get(code_insee="69123"))
        alliance.domaines.set(["sante"])
    monkeypatch.setattr(streaming, "CHUNK_SIZE", 2)
    monkeypatch.setattr(streaming, "ROWS_PER_PIECE", 1)
    response = client.get(_url("alliances", "csv"))
    pieces = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        assert next(pieces).startswith(b"slug,titre")
        assert len(queries) == 0
        next(pieces)
        after_first_row = len(queries)
        rest = list(pieces)
    assert after_first_row == 4  # two alliances, then their domaines, ODD and partners
    assert len(queries) == 3 * 4 + 1  # three chunks of two, then one that finds nothing
    assert len(rest) == 5


def test_un_export_refuse_les_parametres_et_les_formats_inconnus(client):
    response = client.get(_url("alliances", "csv"), {"typologie": "mecenat"})
    assert response.status_code == 400
    assert "aucun paramètre" in response.content.decode()
    assert client.get(_url("alliances", "xlsx")).status_code == 404
    assert client.get(_url("inconnu", "csv")).status_code == 404


def test_la_page_des_donnees_le_schema_le_descripteur_et_le_journal(client):
    page = client.get(reverse("opendata:index")).content.decode()
    assert f"Version du schéma : <strong>{SCHEMA_VERSION}</strong>" in page
    assert (
        'href="/donnees/alliances.csv"' in page and 'href="/donnees/schemas/alliances.json"' in page
    )
    schema = json.loads(b"".join(client.get(reverse("opendata:schema", args=["alliances"]))))
    assert schema["primaryKey"] == ["slug"]
    package = client.get(reverse("opendata:datapackage")).json()
    assert package["version"] == SCHEMA_VERSION
    assert package["licenses"][0]["name"] == "etalab-2.0"
    assert len(package["resources"]) == 2 * len(exports())
    assert f"## {SCHEMA_VERSION}" in client.get(reverse("opendata:changelog")).content.decode()


def test_les_fichiers_se_lisent_depuis_un_autre_site(client):
    response = client.get(reverse("opendata:index"), HTTP_ORIGIN="https://exemple.org")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_confirmer_un_partenaire_change_l_etag_des_alliances(client, donnees):
    alliance = Alliance.objects.get(titre="Atelier vélo")
    nouvelle = OrganisationFactory(nom="Nouvelle Coopérative")
    admin = MembreFactory(organisation=nouvelle, admin=True).user
    participation = ParticipationFactory(alliance=alliance, organisation=nouvelle, en_attente=True)
    etag = client.get(_url("alliances", "csv"))["ETag"]
    participation_decide(by=admin, participation=participation, accept=True)
    response = client.get(_url("alliances", "csv"), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag
    assert nouvelle.slug in _body(response)


def test_une_organisation_modifiee_change_l_etag_des_alliances_et_des_offres(client, donnees):
    etags = {name: client.get(_url(name, "csv"))["ETag"] for name in ("alliances", "offres")}
    entreprise = Participation.objects.filter(role="partenaire").first().organisation
    entreprise.siren = "732829320"
    entreprise.save()
    for name, etag in etags.items():
        response = client.get(_url(name, "csv"), HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200, name


def test_head_donne_les_en_tetes_sans_lire_les_lignes(client, donnees, django_assert_num_queries):
    etag = client.get(_url("alliances", "csv"))["ETag"]
    with django_assert_num_queries(3):
        response = client.head(_url("alliances", "csv"))
    assert response.status_code == 200
    assert response["ETag"] == etag and response["Last-Modified"].endswith("GMT")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content == b""
    assert client.head(_url("inconnu", "csv")).status_code == 404


def test_une_formule_dans_un_texte_reste_du_texte_dans_le_csv(client, donnees):
    alliance = Alliance.objects.get(titre="Atelier vélo")
    alliance.titre = '=HYPERLINK("http://pirate.example","Cliquez")'
    alliance.description = "-2+3"
    alliance.save()
    rows = list(csv.DictReader(io.StringIO(_body(client.get(_url("alliances", "csv"))))))
    row = next(row for row in rows if "HYPERLINK" in row["titre"])
    assert row["titre"] == '\'=HYPERLINK("http://pirate.example","Cliquez")'
    assert row["description"] == "'-2+3"
    assert row["latitude"] == "" or not row["latitude"].startswith("'")
    body = json.loads(_body(client.get(_url("alliances", "json"))))
    assert "-2+3" in [record["description"] for record in body["donnees"]]


@pytest.mark.parametrize("value", ["=1+1", "+33", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_chaque_debut_de_formule_est_neutralise(value):
    assert streaming._csv_value(value) == "'" + value


def test_les_nombres_et_les_textes_ordinaires_ne_changent_pas():
    assert streaming._csv_value(-1.5) == -1.5
    assert streaming._csv_value("Atelier - vélo") == "Atelier - vélo"


def test_l_export_des_ressources_lit_aussi_par_paquets(client, monkeypatch):
    for _ in range(3):
        RessourceFactory()
    total = ressources_exports.Ressource.objects.published().count()
    monkeypatch.setattr(ressources_exports, "CHUNK_SIZE", 2)
    monkeypatch.setattr(streaming, "ROWS_PER_PIECE", 1)
    response = client.get(_url("ressources", "csv"))
    pieces = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        assert next(pieces).startswith(b"slug,titre")
        next(pieces)
        after_first_row = len(queries)
        rest = list(pieces)
    assert len(rest) == total - 1
    # Two resources and their prefetches, not all of them.
    assert 0 < after_first_row < len(queries)
