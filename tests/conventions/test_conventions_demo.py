"""Demo conventions (load_demo): validated ones and drafts on demo alliances, and a draft from
the demo account's accepted mise en relation, which the demo account sees in its espace."""

import pytest
from django.urls import reverse

from alliances.demo import demo_alliances_create
from comptes.models import User
from comptes.services import DEMO_ACCOUNTS, demo_accounts_create
from conventions.demo import DONNEES, demo_conventions_create
from conventions.models import Convention
from offres.demo import demo_convention_create, demo_mises_en_relation_create, demo_offres_create
from organisations.demo import demo_membres_create, demo_organisations_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referentiel")]


@pytest.fixture
def demo():
    demo_accounts_create()
    demo_organisations_create()
    demo_alliances_create()
    demo_membres_create()
    demo_offres_create()
    demo_mises_en_relation_create()


def test_les_conventions_de_demo_couvrent_chaque_etat(demo):
    assert demo_conventions_create() == DONNEES.validees + DONNEES.en_redaction
    assert demo_convention_create() == 1

    conventions = Convention.objects.filter(is_demo=True)
    assert conventions.filter(etat="validee").count() == DONNEES.validees
    for convention in conventions.filter(etat="validee"):
        assert convention.versions_figees.get().numero == convention.version
    brouillons = conventions.filter(etat="redaction")
    assert brouillons.count() == DONNEES.en_redaction + 1
    for convention in brouillons:
        # One party validated, another not yet.
        assert 0 < convention.validations.count() < convention.parties.count()
    assert all(DONNEES.mention in c.objet for c in conventions)
    # A second load creates nothing.
    assert demo_conventions_create() == 0
    assert demo_convention_create() == 0


def test_le_compte_de_demo_voit_le_projet_de_sa_mise_en_relation(demo, client):
    demo_convention_create()
    client.force_login(User.objects.get(email=DEMO_ACCOUNTS[0][0]))

    page = client.get(reverse("conventions:convention_list")).content.decode()

    assert DONNEES.mise_en_relation["titre"] in page
    assert "en rédaction, version 1" in page
