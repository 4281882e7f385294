"""The demo resources: about forty, every category, flagged and said fictitious, loaded once."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from comptes.demo import DonneesDemoError
from ressources.demo import DONNEES, ressources_load
from ressources.models import Categorie, Ressource

pytestmark = pytest.mark.django_db


def test_les_ressources_de_demonstration_couvrent_toutes_les_categories(settings, client):
    settings.DEBUG = True
    call_command("load_demo_ressources", stdout=io.StringIO())
    demos = Ressource.objects.filter(is_demo=True)
    assert 35 <= demos.count() <= 45
    categories = set(demos.values_list("categorie", flat=True))
    assert categories == set(Categorie.values) - {Categorie.FICHE_KIT}
    for ressource in demos:
        assert ressource.contenu.endswith(
            "*Ressource fictive, créée pour la démonstration de la plateforme.*"
        )
        assert ressource.etiquettes.filter(axe="profil").exists()
        assert not ressource.lien or ressource.lien.startswith("https://example.org/")
    pdf = demos.filter(format="pdf").first()
    assert pdf.fichier.open("rb").read(5) == b"%PDF-"
    # The TPE owner's journey finds something to discover about mécénat.
    response = client.get(
        "/ressources/", {"profil": "entreprise", "typologie": "mecenat", "maturite": "decouvrir"}
    )
    assert response.context["page"].paginator.count >= 3

    call_command("load_demo_ressources", stdout=io.StringIO())
    assert Ressource.objects.filter(is_demo=True).count() == demos.count()


def test_la_demonstration_ne_se_charge_pas_en_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="ne se chargent qu'en local"):
        call_command("load_demo_ressources")
    assert not Ressource.objects.filter(is_demo=True).exists()


def test_un_code_mal_ecrit_dans_le_fichier_des_ressources_arrete_le_chargement(tmp_path):
    texte = (DONNEES / "ressources.yaml").read_text(encoding="utf-8")
    path = tmp_path / "ressources.yaml"
    path.write_text(texte.replace("profils: [entreprise,", "profils: [entreprises,", 1), "utf-8")
    with pytest.raises(DonneesDemoError) as erreur:
        ressources_load(path)
    assert str(erreur.value).startswith(
        "ressources.yaml, ressources[0] (Le mécénat de compétences en dix questions), profils : "
        "code inconnu 'entreprises'"
    )
