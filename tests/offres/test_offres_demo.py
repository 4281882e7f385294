"""Demo offres and mises en relation (load_demo), on the real referential."""

import pytest

from comptes.services import demo_accounts_create
from offres import matching
from offres.demo import (
    MENTION_DEMO_OFFRE,
    demo_mises_en_relation_create,
    demo_offres_create,
)
from offres.models import MiseEnRelation, Offre
from organisations.demo import demo_membres_create, demo_organisations_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referentiel")]


@pytest.fixture
def offres():
    demo_accounts_create()
    demo_organisations_create()
    demo_membres_create()
    assert demo_offres_create() == 120
    return list(Offre.objects.filter(is_demo=True).select_related("organisation"))


def test_les_offres_de_demo_sont_marquees_et_coherentes(offres):
    assert all(MENTION_DEMO_OFFRE in offre.description for offre in offres)
    sens = {offre.sens for offre in offres}
    assert sens == {"propose", "recherche"}
    for offre in offres:
        assert offre.commune_id == offre.organisation.siege_id
        assert offre.national or offre.rayon_km
        if offre.sens == "recherche":
            assert offre.organisation.kind in ("association", "collectivite")
    assert Offre.objects.visible().filter(is_demo=True).count() > 90
    # A second call creates nothing.
    assert demo_offres_create() == 0


def test_les_offres_de_demo_trouvent_des_partenaires_suggeres(offres):
    avec = [o for o in Offre.objects.visible().filter(is_demo=True) if matching.suggestions_for(o)]
    assert len(avec) > 20


def test_le_compte_de_demo_a_des_mises_en_relation(offres):
    assert demo_mises_en_relation_create() >= 2
    assert MiseEnRelation.objects.filter(etat="acceptee").exists()
    assert demo_mises_en_relation_create() == 0
