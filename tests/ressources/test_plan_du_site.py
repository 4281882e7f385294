"""The site plan (/sitemap.xml) lists the library's published resources, never the others."""

import datetime

import pytest
from django.urls import reverse

from tests.ressources.factories import RessourceFactory

pytestmark = pytest.mark.django_db


def test_le_plan_du_site_liste_les_ressources_publiees_et_elles_seules(client):
    publiee = RessourceFactory(slug="guide-publie")
    brouillon = RessourceFactory(slug="brouillon-cache", brouillon=True)
    programmee = RessourceFactory(
        slug="pour-plus-tard", publiee_le=datetime.date.today() + datetime.timedelta(days=5)
    )
    index = client.get(reverse("sitemap")).content.decode()
    section = reverse("sitemap_section", kwargs={"section": "ressources"})
    assert f"http://testserver{section}</loc>" in index

    plan = client.get(section).content.decode()
    assert f"<loc>http://testserver{publiee.get_absolute_url()}</loc>" in plan
    # The kit's fiches come with the migrations, published.
    assert "/ressources/cartographie-des-outils/</loc>" in plan
    assert brouillon.get_absolute_url() not in plan
    assert programmee.get_absolute_url() not in plan


def test_le_plan_du_site_mene_a_la_bibliotheque_et_au_kit(client):
    section = reverse("sitemap_section", kwargs={"section": "ressources-pages"})
    plan = client.get(section).content.decode()
    assert "<loc>http://testserver/ressources/</loc>" in plan
    assert "<loc>http://testserver/ressources/kit-odd-17/</loc>" in plan
