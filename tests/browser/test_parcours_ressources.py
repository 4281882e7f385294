import importlib
import re

import pytest
from django.apps import apps

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

    # The two tools, and the fiches of the kit meant for a first discovery.
    page.get_by_role("heading", name=re.compile(r"^\d+ ressources$")).wait_for()
    assert page.get_by_role("link", name="La diversité des modèles de partenariat").is_visible()
    assert page.get_by_role("link", name="Le mécénat de compétences en dix questions").is_visible()
    assert page.get_by_role(
        "link", name="Webinaire : le mécénat pour les petites entreprises"
    ).is_visible()
    assert page.get_by_text("Évaluer une fondation d'entreprise").count() == 0
    assert page.get_by_text("Guide des associations employeuses").count() == 0
    # The view is shareable: its filters are in the address and in the form.
    for param in ("profil=entreprise", "typologie=mecenat", "maturite=decouvrir"):
        assert param in page.url
    assert page.get_by_label("Maturité").input_value() == "decouvrir"

    # htmx narrows the list without reloading the page, and keeps the address in step.
    page.get_by_label("Format").select_option("video")
    page.get_by_role("heading", name="1 ressource", exact=True).wait_for()
    assert "format=video" in page.url

    page.get_by_role("link", name="Webinaire : le mécénat pour les petites entreprises").click()
    page.get_by_role("heading", level=1, name="Webinaire : le mécénat pour les petites entreprises")
    page.get_by_role("link", name="Consulter la ressource sur le site de l'éditeur").wait_for()


def test_la_cartographie_se_filtre_par_maturite(live_server, page, bibliotheque):
    page.goto(live_server.url + "/ressources/cartographie-des-outils/")
    page.get_by_role("heading", name="Le tableau des outils").wait_for()
    page.get_by_label("Niveau de maturité").select_option("approfondir")
    page.get_by_text(
        "Outils de la bibliothèque par profil (lignes) et par objectif (colonnes), "
        "niveau « approfondir »"
    ).wait_for()
    assert "maturite=approfondir" in page.url
    page.locator("summary", has_text="1 outil").first.click()
    assert page.get_by_role("link", name="Évaluer une fondation d'entreprise").is_visible()


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
