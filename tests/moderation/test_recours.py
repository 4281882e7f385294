"""Every appeal has someone to decide it, whoever took the contested decision: the list of
appeals waiting for a user, the permission to decide and the notification follow one rule."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from moderation import contestations, workflow
from moderation.models import perimeter_rows
from tests.factories import CatalyseurFactory
from tests.moderation import fixtures as moderation_fixtures
from tests.moderation.fixtures import alliance_a

t = moderation_fixtures.t

FILE = reverse("moderation:file")

# Who took the contested decision, and who is then called on (the fixture's people, plus a
# national catalyseur). Staff are called on only when no catalyseur can decide.
AUTEURS = {
    "equipe": ("staff", {"national"}),
    "national": ("national", {"staff"}),
    "region": ("cat_ara", {"national"}),
    "departement": ("cat_rhone", {"cat_ara", "national"}),
    "epci": ("cat_metropole", {"cat_rhone", "cat_ara", "national"}),
}


def _user(t, name):
    return t.staff if name == "staff" else getattr(t, name).user


@pytest.fixture
def tn(t):
    t.national = CatalyseurFactory(national=True)
    return t


def _recours_contre(t, auteur, capture):
    alliance, membre = alliance_a(t.lyon, titre="Alliance contestée")
    workflow.transition(alliance, to="refusee", by=auteur, motif="hors_sujet")
    mail.outbox.clear()
    with capture(execute=True):
        recours = contestations.recours_create(by=membre.user, item=alliance, texte="Relisez.")
    return alliance, recours


def _listed_for(recours) -> set:
    """Everyone whose « recours qui vous attendent » list holds this appeal."""
    return {
        user.pk
        for user in get_user_model().objects.all()
        if recours.pk in {r.pk for r in contestations.recours_to_decide(user, perimeter_rows(user))}
    }


@pytest.mark.parametrize("niveau", AUTEURS)
def test_chaque_recours_a_quelqu_un_pour_le_trancher(
    client, tn, niveau, django_capture_on_commit_callbacks
):
    auteur_name, appeles = AUTEURS[niveau]
    auteur = _user(tn, auteur_name)
    alliance, recours = _recours_contre(tn, auteur, django_capture_on_commit_callbacks)

    listed = _listed_for(recours)
    deciders = {
        user.pk
        for user in get_user_model().objects.all()
        if contestations.can_decide_recours(user, recours, alliance)
    }
    # The list and the permission agree, and the author is in neither.
    assert listed == deciders
    assert auteur.pk not in listed
    # The notification goes to exactly those called on, each of whom may decide.
    expected = {_user(tn, name) for name in appeles}
    [message] = mail.outbox
    assert set(message.to) == {user.email for user in expected}
    assert {user.pk for user in expected} <= listed

    # The author tries anyway: the page and the POST are refused.
    url = reverse("moderation:recours", args=[recours.pk])
    client.force_login(auteur)
    assert client.get(url).status_code == 404
    assert client.post(url, {"accepte": "oui", "reponse": "Moi."}).status_code == 404
    alliance.refresh_from_db()
    assert alliance.statut == "refusee"

    # One of those called on sees it in their queue and decides it.
    decider = sorted(expected, key=lambda user: user.pk)[0]
    client.force_login(decider)
    assert "Alliance contestée" in client.get(FILE).content.decode()
    response = client.post(url, {"accepte": "oui", "reponse": "Le partenariat est avéré."})
    assert response.status_code == 302
    alliance.refresh_from_db()
    assert alliance.statut == "publiee"


def test_une_decision_de_l_equipe_seule_va_a_un_autre_membre_de_l_equipe(
    t, django_capture_on_commit_callbacks
):
    """Without a national catalyseur, another staff member decides (and is emailed)."""
    from tests.factories import UserFactory

    autre = UserFactory(staff=True)
    alliance, recours = _recours_contre(t, t.staff, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert message.to == [autre.email]
    assert _listed_for(recours) == {autre.pk}
    assert contestations.can_decide_recours(autre, recours, alliance)
    assert not contestations.can_decide_recours(t.staff, recours, alliance)
