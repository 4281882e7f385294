"""Offres (issue 5) and ressources (issue 7) in the API and the open data files, through the
same modules as alliances: public items only, same filters as their pages, Table Schema."""

import csv
import io
import json

import pytest
from django.urls import reverse
from frictionless import Resource, Schema

from offres.models import Offre
from opendata.registry import SCHEMAS_DIR
from territoires.models import Commune
from tests.factories import OffreFactory, OrganisationFactory
from tests.ressources.factories import RessourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rate(settings):
    settings.API_RATE_PER_MINUTE = 1000


def _titres(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["titre"] for item in response.json()["results"]]


def test_l_api_des_offres_ne_montre_que_les_offres_publiees_et_ouvertes(client):
    OffreFactory(titre="Cherche des compétences")
    OffreFactory(titre="Propose des locaux", propose=True, ressources=",locaux,")
    OffreFactory(titre="En attente", en_attente=True)
    OffreFactory(titre="Pourvue", etat=Offre.Etat.POURVUE)
    url = reverse("api:offre-list")
    assert sorted(_titres(client.get(url))) == ["Cherche des compétences", "Propose des locaux"]
    assert _titres(client.get(url, {"sens": "propose"})) == ["Propose des locaux"]
    item = client.get(url, {"ressource": "locaux"}).json()["results"][0]
    assert item["ressources"] == ["locaux"]
    assert "@" not in client.get(url).content.decode()
    assert client.get(url, {"sens": "donne"}).status_code == 400
    assert client.get(url, {"rayon": "10"}).status_code == 400  # the page's radius: not here
    cachee = Offre.objects.get(titre="En attente")
    assert client.get(reverse("api:offre-detail", args=[cachee.slug])).status_code == 404


def test_l_api_des_ressources_ne_montre_que_les_ressources_publiees(client):
    RessourceFactory(titre="Guide pour les entreprises", profils=["entreprise"])
    RessourceFactory(titre="Guide pour les associations", profils=["association"])
    RessourceFactory(titre="Brouillon", brouillon=True)
    url = reverse("api:ressource-list")
    titres = _titres(client.get(url, {"taille": 100}))
    # The kit « ODD 17 en pratique » is there too (a data migration publishes it).
    assert {"Guide pour les associations", "Guide pour les entreprises"} <= set(titres)
    assert "Brouillon" not in titres
    response = client.get(url, {"profil": "entreprise", "taille": 100})
    assert "Guide pour les entreprises" in _titres(response)
    assert "Guide pour les associations" not in _titres(response)
    guide = next(r for r in response.json()["results"] if r["titre"].startswith("Guide"))
    assert guide["profils"] == ["entreprise"]
    assert client.get(url, {"profil": "astronaute"}).status_code == 400


def _validate(name: str, body: str) -> list[dict]:
    rows = list(csv.reader(io.StringIO(body)))
    schema = Schema.from_descriptor(json.loads((SCHEMAS_DIR / f"{name}.json").read_text()))
    report = Resource(data=rows, schema=schema).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    return list(csv.DictReader(io.StringIO(body)))


@pytest.mark.usefixtures("referentiel")
def test_les_fichiers_des_offres_et_des_ressources_respectent_leur_schema(client):
    lyon = Commune.objects.get(code_insee="69123")
    OffreFactory(commune=lyon, organisation=OrganisationFactory(siege=lyon), titre="Ouverte")
    OffreFactory(commune=lyon, titre="Cachée", en_attente=True)
    OffreFactory(commune=lyon, nationale=True, titre="Nationale")
    RessourceFactory(titre="Kit", profils=["association"], typologies=["mecenat"])
    RessourceFactory(titre="Brouillon", brouillon=True)

    offres = _validate(
        "offres", b"".join(client.get("/donnees/offres.csv").streaming_content).decode()
    )
    assert sorted(row["titre"] for row in offres) == ["Nationale", "Ouverte"]
    assert {row["national"] for row in offres} == {"true", "false"}
    ressources = _validate(
        "ressources", b"".join(client.get("/donnees/ressources.csv").streaming_content).decode()
    )
    titres = {row["titre"]: row["typologies"] for row in ressources}
    assert titres["Kit"] == "mecenat" and "Brouillon" not in titres
