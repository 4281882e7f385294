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

from alliances import exports as alliances_exports
from opendata import SCHEMA_VERSION, streaming
from opendata.registry import SCHEMAS_DIR, exports
from territoires.models import Commune
from territoires.observatoire import observatoire_refresh
from tests.alliances.factories import (
    AllianceFactory,
    MembreFactory,
    OffreFactory,
    OrganisationFactory,
    ParticipationFactory,
)

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
    with django_assert_num_queries(1):  # the state of the data only, no row
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
    monkeypatch.setattr(alliances_exports, "CHUNK_SIZE", 2)
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
