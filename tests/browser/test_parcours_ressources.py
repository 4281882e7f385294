import importlib
import re

import pytest
from django.apps import apps
from playwright.sync_api import expect

from tests.ressources.factories import RessourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bibliotheque():
    """The kit (a flush removed what its migration loaded) and a few tools."""
    importlib.import_module("ressources.migrations.0003_kit_odd17").load(apps, None)
    RessourceFactory(
        titre="Le mécénat de compétences en dix questions",
        slug="mecenat-dix-questions",
        contenu="## Définition\n\nDes salariés aident une association.\n\n## Le coût",
        profils=["entreprise"],
        objectifs=["s_informer"],
        typologies=["mecenat"],
        maturite="decouvrir",
    )
    RessourceFactory(
        titre="Webinaire : le mécénat pour les petites entreprises",
        profils=["entreprise"],
        objectifs=["se_former"],
        typologies=["mecenat"],
        maturite="decouvrir",
        categorie="webinaire",
        format="video",
        lien="https://example.org/webinaire",
    )
    RessourceFactory(
        titre="Évaluer une fondation d'entreprise",
        profils=["entreprise"],
        objectifs=["evaluer"],
        typologies=["mecenat"],
        maturite="approfondir",
    )
    RessourceFactory(titre="Guide des associations employeuses", profils=["association"])


def test_une_dirigeante_de_tpe_trouve_en_deux_clics_de_quoi_decouvrir_le_mecenat_de_competences(
    live_server, page, bibliotheque
):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Une entreprise").click()
    page.get_by_role("link", name="Découvrir le mécénat de compétences").click()
    # The new page loaded, its scripts included: htmx listens to the filters only from then on
    # (a choice made before would be lost, which is how this test used to time out).
    page.wait_for_url(re.compile(r"maturite=decouvrir"), wait_until="load")

    # The two tools, and the fiches of the kit meant for a first discovery.
    expect(page.get_by_role("heading", name=re.compile(r"^\d+ ressources$"))).to_be_visible()
    expect(page.get_by_role("link", name="La diversité des modèles de partenariat")).to_be_visible()
    expect(
        page.get_by_role("link", name="Le mécénat de compétences en dix questions")
    ).to_be_visible()
    expect(
        page.get_by_role("link", name="Webinaire : le mécénat pour les petites entreprises")
    ).to_be_visible()
    expect(page.get_by_text("Évaluer une fondation d'entreprise")).to_have_count(0)
    expect(page.get_by_text("Guide des associations employeuses")).to_have_count(0)
    # The view is shareable: its filters are in the address and in the form.
    for param in ("profil=entreprise", "typologie=mecenat", "maturite=decouvrir"):
        assert param in page.url
    expect(page.get_by_label("Maturité")).to_have_value("decouvrir")

    # htmx narrows the list without reloading the page, and keeps the address in step.
    page.get_by_label("Format").select_option("video")
    expect(page.get_by_role("heading", name="1 ressource", exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"format=video"))

    page.get_by_role("link", name="Webinaire : le mécénat pour les petites entreprises").click()
    expect(
        page.get_by_role(
            "heading", level=1, name="Webinaire : le mécénat pour les petites entreprises"
        )
    ).to_be_visible()
    expect(
        page.get_by_role("link", name="Consulter la ressource sur le site de l'éditeur")
    ).to_be_visible()


def test_la_cartographie_se_filtre_par_maturite(live_server, page, bibliotheque):
    page.goto(live_server.url + "/ressources/cartographie-des-outils/")
    expect(page.get_by_role("heading", name="Le tableau des outils")).to_be_visible()
    page.get_by_label("Niveau de maturité").select_option("approfondir")
    expect(
        page.get_by_text(
            "Outils de la bibliothèque par profil (lignes) et par objectif (colonnes), "
            "niveau « approfondir »"
        )
    ).to_be_visible()
    expect(page).to_have_url(re.compile(r"maturite=approfondir"))
    page.locator("summary", has_text="1 outil").first.click()
    expect(page.get_by_role("link", name="Évaluer une fondation d'entreprise")).to_be_visible()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/ressources/",
        "/ressources/?profil=entreprise&typologie=mecenat&maturite=licorne",
        "/ressources/je-suis/entreprise/",
        "/ressources/kit-odd-17/",
        "/ressources/mecenat-dix-questions/",
        "/ressources/pourquoi-et-comment-faire-alliance/",
        "/ressources/diversite-des-modeles-de-partenariat/",
        "/ressources/cartographie-des-outils/",
    ],
)
def test_les_pages_de_la_bibliotheque_n_ont_aucune_violation_d_accessibilite_grave(
    live_server, page, bibliotheque, path
):
    page.goto(live_server.url + path)
    # axe checks every page the `page` fixture visits (tests/browser/accessibilite.py).
