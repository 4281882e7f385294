"""`manage.py recherche_reindex` recomputes every search text: rows written before a change in
what the texts hold (the domaines' labels, issue 15), or by a bulk update."""

import pytest
from django.core.management import call_command

from alliances.models import Alliance
from nomenclatures.models import Domaine
from offres.models import Offre
from organisations.models import Organisation
from tests.factories import AllianceFactory, OffreFactory, OrganisationFactory
from tests.ressources.factories import RessourceFactory

pytestmark = pytest.mark.django_db


def test_la_commande_recalcule_les_textes_de_toutes_les_lignes():
    alliance = AllianceFactory(titre="Jardins partagés")
    alliance.domaines.set(["education"])
    organisation = OrganisationFactory(nom="Les Petits Débrouillards")
    organisation.domaines.set(["education"])
    offre = OffreFactory(titre="Local à partager")
    ressource = RessourceFactory(titre="Guide des ornithorynques")
    # As rows written before issue 15: unstemmed text, no vector, no domaine.
    Alliance.objects.update(recherche="jardins partages", search_vector=None)
    Organisation.objects.update(recherche="", nom_recherche="", search_vector=None)
    Offre.objects.update(recherche="", search_vector=None)
    type(ressource).objects.update(recherche="", search_vector=None)
    assert not Alliance.objects.search("éducation").exists()

    call_command("recherche_reindex", verbosity=0)

    assert list(Alliance.objects.search("éducation")) == [alliance]
    assert list(Alliance.objects.search("jardin")) == [alliance]
    assert list(Organisation.objects.search("education")) == [organisation]
    assert list(Organisation.objects.name_search("debrouill")) == [organisation]
    assert list(Offre.objects.search("locaux partagés")) == [offre]
    assert list(type(ressource).objects.search("ornithorynque")) == [ressource]


def test_un_domaine_renomme_se_cherche_apres_la_commande():
    alliance = AllianceFactory(titre="Jardins partagés")
    alliance.domaines.set(["education"])
    call_command("recherche_reindex", verbosity=0)
    Domaine.objects.filter(code="education").update(nom="Enseignement")
    call_command("recherche_reindex", verbosity=0)
    assert list(Alliance.objects.search("enseignement")) == [alliance]
    assert not Alliance.objects.search("éducation").exists()
