"""What the database records of an alliance's partners: each participation's invitation,
confirmation or refusal and removal, with who made it."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from alliances.journal import alliance_journal
from alliances.models import Participation
from moderation.historique import event_model
from tests.factories import CatalyseurFactory, MembreFactory, ParticipationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("decision", "etat", "label"),
    [("confirmer", "confirmee", "confirmée"), ("decliner", "refusee", "refusée")],
)
def test_la_reponse_d_un_partenaire_est_enregistree(client, decision, etat, label):
    participation = ParticipationFactory(en_attente=True)
    admin = MembreFactory(organisation=participation.organisation, admin=True)
    client.force_login(admin.user)
    url = reverse("alliances:participation_decide", args=[participation.pk, decision])
    client.post(url)
    events = event_model(Participation).objects.filter(pgh_obj_id=participation.pk)
    assert [(e.pgh_label, e.etat) for e in events.order_by("pgh_id")] == [
        ("creation", "en_attente"),
        ("modification", etat),
    ]
    creation, modification = alliance_journal(participation.alliance)
    assert creation.par is None
    assert modification.par == admin.user and modification.url == url
    assert modification.objet == f"Participation : {participation.organisation.nom}"
    assert [(c.label, c.avant, c.apres) for c in modification.changements] == [
        ("état", "en attente de confirmation", label)
    ]


def test_un_partenaire_retire_reste_dans_le_journal():
    participation = ParticipationFactory()
    alliance = participation.alliance
    participation.delete()
    lignes = alliance_journal(alliance)
    assert [ligne.action_label for ligne in lignes] == ["création", "suppression"]
    assert ("organisation", participation.organisation.nom, "") in [
        (c.label, c.avant, c.apres) for c in lignes[1].changements
    ]


def test_le_catalyseur_lit_le_journal_de_l_alliance(client):
    participation = ParticipationFactory(en_attente=True)
    participation.etat = Participation.Etat.CONFIRMEE
    participation.save()
    alliance = participation.alliance
    catalyseur = CatalyseurFactory(departement=alliance.commune.departement)
    client.force_login(catalyseur.user)
    response = client.get(reverse("moderation:journal", args=["alliance", alliance.pk]))
    html = response.content.decode()
    assert escape(f"Participation : {participation.organisation.nom}") in html
    assert "État : en attente de confirmation → confirmée" in html
