"""The autodiagnostic in Chromium: from the library to a result, whose link gives it again."""

import importlib

import pytest
from django.apps import apps

from ressources.autodiagnostic import QUESTIONS
from tests.factories import CommuneFactory, OffreFactory
from tests.ressources.factories import RessourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choisir(page, question: str, reponse: str) -> None:
    """Click the answer's label, as a person does (the DSFR draws the radio under it)."""
    groupe = page.get_by_role("group", name=question)
    groupe.locator("label").get_by_text(reponse, exact=True).click()
    assert groupe.get_by_label(reponse, exact=True).is_checked()


def test_une_association_fait_son_autodiagnostic_et_partage_son_resultat(live_server, page):
    # The kit (a flush removed what its migration loaded), a tool and an offre near Lyon.
    importlib.import_module("ressources.migrations.0003_kit_odd17").load(apps, None)
    RessourceFactory(
        titre="Trouver une entreprise partenaire près de chez soi",
        profils=["association"],
        objectifs=["agir"],
        maturite="s_engager",
    )
    lyon = CommuneFactory(nom="Lyon-d'Essai", latitude=45.76, longitude=4.84)
    OffreFactory(titre="Des salariés pour animer nos ateliers", commune=lyon, propose=True)

    page.goto(live_server.url + "/ressources/")
    page.get_by_role("link", name="Où en suis-je pour faire alliance ?").click()
    page.get_by_role("heading", level=1, name="Où en suis-je pour faire alliance ?").wait_for()
    choisir(page, "Je suis…", "association")
    choisir(page, "Je veux surtout…", "agir")
    reponses = ["Oui", "En partie", "Oui", "Non, pas encore", "En partie"]
    for question, reponse in zip(QUESTIONS, reponses, strict=True):
        choisir(page, question.texte, reponse)
    page.get_by_label("Ma commune (facultatif)").fill(str(lyon))
    page.get_by_role("button", name="Voir mon résultat").click()

    page.get_by_role("heading", name="Votre résultat : s'engager").wait_for()
    assert page.get_by_text("Niveau « s'engager » (6 points sur 10)").is_visible()
    assert page.get_by_role(
        "link", name="Trouver une entreprise partenaire près de chez soi"
    ).count()
    assert page.get_by_role("link", name="Des salariés pour animer nos ateliers").is_visible()

    # The link of the result, opened afresh, gives the same result: nothing was stored.
    lien = page.get_by_label("Le lien de ce résultat").input_value()
    page.context.clear_cookies()
    page.goto(lien)
    page.get_by_role("heading", name="Votre résultat : s'engager").wait_for()
    assert page.get_by_role("group", name="Je suis…").get_by_label("association").is_checked()
