"""Atom feeds and the sitemap."""

import pytest
from django.urls import reverse

from tests.factories import AllianceFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_le_flux_atom_donne_les_alliances_publiees(client):
    AllianceFactory(titre="Publiée")
    AllianceFactory(titre="En attente", en_attente=True)
    response = client.get(reverse("alliances:alliance_feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<title>Publiée</title>" in body
    assert "En attente" not in body


def test_le_flux_d_un_departement_ne_garde_que_ses_alliances(client):
    ici = AllianceFactory(titre="Ici")
    AllianceFactory(titre="Ailleurs")
    departement = ici.commune.departement
    url = reverse("alliances:alliance_feed_territoire", args=["departements", departement.slug])
    body = client.get(url).content.decode()
    assert "<title>Ici</title>" in body
    assert "Ailleurs" not in body
    assert departement.nom in body


@pytest.mark.parametrize(
    "args", [["pays", "france"], ["regions", "atlantide"], ["departements", "nulle-part"]]
)
def test_un_flux_de_territoire_inconnu_est_une_404(client, args):
    assert client.get(reverse("alliances:alliance_feed_territoire", args=args)).status_code == 404


def test_le_plan_du_site_liste_les_contenus_publies(client):
    alliance = AllianceFactory()
    cachee = AllianceFactory(en_attente=True)
    organisation = OrganisationFactory()
    index = client.get(reverse("sitemap")).content.decode()
    assert "sitemap-alliances.xml" in index
    alliances = client.get("/sitemap-alliances.xml").content.decode()
    assert alliance.get_absolute_url() in alliances
    assert cachee.get_absolute_url() not in alliances
    acteurs = client.get("/sitemap-acteurs.xml").content.decode()
    assert organisation.get_absolute_url() in acteurs
    assert client.get("/sitemap-pages.xml").status_code == 200
    assert client.get("/sitemap-territoires.xml").status_code == 200
