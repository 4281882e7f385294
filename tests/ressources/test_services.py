"""Writes on resources: their axes and their search data."""

import pytest

from ressources.models import Ressource
from ressources.services import ressource_etiquettes_set, ressource_save
from tests.ressources.factories import RessourceFactory

pytestmark = pytest.mark.django_db


def test_les_etiquettes_sont_remplacees_sans_toucher_aux_autres_axes():
    ressource = RessourceFactory(profils=["association", "citoyen"], objectifs=["agir"])
    ressource_etiquettes_set(ressource=ressource, valeurs={"profil": ["citoyen", "entreprise"]})
    ressource = Ressource.objects.for_listing().get(pk=ressource.pk)
    assert ressource.valeurs("profil") == ["entreprise", "citoyen"]
    assert ressource.valeurs("objectif") == ["agir"]
    assert ressource.profils == ["entreprise", "citoyen"]


def test_une_valeur_inconnue_est_refusee():
    ressource = RessourceFactory(profils=["association"])
    with pytest.raises(ValueError, match="licorne"):
        ressource_etiquettes_set(ressource=ressource, valeurs={"profil": ["licorne"]})
    assert ressource.valeurs("profil") == ["association"]


def test_enregistrer_met_a_jour_la_recherche(client):
    ressource = RessourceFactory(titre="Ancien titre")
    ressource.titre = "Coopérer entre apiculteurs"
    ressource_save(ressource=ressource, valeurs={"typologie": ["cooperation_economique"]})
    response = client.get("/ressources/", {"q": "cooperer apiculteurs"})
    assert [r.titre for r in response.context["page"]] == ["Coopérer entre apiculteurs"]
    assert not client.get("/ressources/", {"q": "ancien"}).context["page"].object_list
