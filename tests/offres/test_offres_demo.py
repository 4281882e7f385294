"""Demo offres and mises en relation (load_demo), on the real referential."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from comptes.models import User
from comptes.services import DEMO_ACCOUNTS, demo_accounts_create
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


def test_les_mises_en_relation_de_demo_sont_ecrites_avant_d_etre_lues(offres, client):
    demo_mises_en_relation_create()
    threads = list(MiseEnRelation.objects.filter(is_demo=True))
    assert threads
    for m in threads:
        steps = [m.created_at, m.sent_at, m.read_at, m.answered_at]
        present = [step for step in steps if step is not None]
        assert present == sorted(present), m
        assert m.created_at == m.sent_at
    # The dashboard and the list of threads give one date for the same thread.
    client.force_login(User.objects.get(email=DEMO_ACCOUNTS[0][0]))
    dashboard = client.get(reverse("espace:accueil")).content.decode()
    listing = client.get(reverse("offres:mise_en_relation_list")).content.decode()
    date = date_format(timezone.localtime(threads[0].created_at), "j F Y")
    assert date in dashboard
    assert date in listing
