"""The history that the database keeps (moderation.historique): decisions that nobody rewrites,
catalyseur appointments recorded with their author, and the « journal des modifications » page
with its permissions."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from moderation import historique
from moderation.models import Catalyseur, Decision
from tests.factories import MembreFactory, OrganisationFactory, UserFactory
from tests.moderation.fixtures import t  # noqa: F401

pytestmark = pytest.mark.django_db

sur_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="les déclencheurs (pgtrigger) n'existent que sur PostgreSQL ; "
    "sur SQLite seul l'ORM protège les décisions",
)


def _decision(**kwargs) -> Decision:
    organisation = OrganisationFactory()
    return Decision.objects.create(
        nature="organisation",
        object_id=organisation.pk,
        titre=organisation.nom,
        de="en_attente",
        vers="publiee",
        **kwargs,
    )


@pytest.mark.parametrize(
    "write",
    [
        lambda: Decision.objects.update(vers="refusee"),
        lambda: Decision.objects.update(by=None, motif="autre"),
        lambda: Decision.objects.all().delete(),
        lambda: connection.cursor().execute("DELETE FROM moderation_decision"),
    ],
    ids=["update", "update-avec-by-null", "delete", "sql-brut"],
)
@pytest.mark.postgres
@sur_postgresql
def test_la_base_refuse_de_reecrire_ou_supprimer_une_decision(write):
    decision = _decision(by=UserFactory())
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        write()
    decision.refresh_from_db()
    assert decision.vers == "publiee"


def test_supprimer_le_compte_de_l_auteur_efface_son_nom_mais_garde_la_decision():
    # The one UPDATE the database accepts: SET NULL of the author's deleted account.
    auteur = UserFactory()
    decision = _decision(by=auteur)
    auteur.delete()
    decision.refresh_from_db()
    assert decision.by is None
    assert decision.vers == "publiee"


def test_l_orm_refuse_aussi_sur_chaque_base():
    decision = _decision()
    with pytest.raises(ValueError):
        decision.delete()
    with pytest.raises(ValueError):
        decision.save()


def test_chaque_decision_laisse_un_evenement():
    auteur = UserFactory()
    with historique.context(user=auteur.pk, url="/essai/"):
        decision = _decision(by=auteur)
    event = historique.event_model(Decision).objects.get(pgh_obj_id=decision.pk)
    assert (event.pgh_label, event.de, event.vers, event.by_id) == (
        "creation",
        "en_attente",
        "publiee",
        auteur.pk,
    )
    assert event.pgh_context == {"user": auteur.pk, "url": "/essai/"}


@pytest.mark.parametrize("write", ["update", "delete"])
@pytest.mark.postgres
@sur_postgresql
def test_les_evenements_eux_memes_ne_se_modifient_pas(write):
    _decision()
    events = historique.event_model(Decision).objects.all()
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        events.update(vers="refusee") if write == "update" else events.delete()


def test_la_nomination_d_un_catalyseur_est_enregistree_avec_son_auteur(client, t):  # noqa: F811
    t.staff.is_superuser = True
    t.staff.save()
    client.force_login(t.staff)
    nomme = UserFactory()
    fondation = OrganisationFactory(nom="Fondation du Rhône")
    response = client.post(
        reverse("admin:moderation_catalyseur_add"),
        {
            "user": nomme.pk,
            "organisation": fondation.pk,
            "niveau": "departement",
            "departement": t.rhone.code,
            "actif": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    catalyseur = Catalyseur.objects.get(user=nomme)
    event = historique.event_model(Catalyseur).objects.get(pgh_obj_id=catalyseur.pk)
    assert event.pgh_label == "creation"
    assert event.departement_id == t.rhone.code
    assert event.pgh_context["user"] == t.staff.pk
    assert event.pgh_context["url"] == reverse("admin:moderation_catalyseur_add")

    # Its end of mission too, and staff read both on the admin page.
    response = client.post(
        reverse("admin:moderation_catalyseur_change", args=[catalyseur.pk]),
        {
            "user": nomme.pk,
            "organisation": fondation.pk,
            "niveau": "departement",
            "departement": t.rhone.code,
        },
    )
    assert response.status_code == 302
    html = client.get(reverse("admin:moderation_catalyseur_change", args=[catalyseur.pk]))
    html = html.content.decode()
    assert "Catalyseur : " in html
    assert "création" in html and "modification" in html
    assert "Actif : oui → non" in html
    assert t.staff.email in html


def _organisation_modifiee(t):  # noqa: F811
    """An organisation of Lyon renamed by its admin, and a member given the admin role."""
    organisation = OrganisationFactory(nom="Ancien nom", siege=t.lyon, en_attente=True)
    admin = MembreFactory(organisation=organisation, admin=True)
    with historique.context(user=admin.user.pk, url="/espace/"):
        organisation.nom = "Nouveau nom"
        organisation.save()
        membre = MembreFactory(organisation=organisation, user__email="recrue@exemple.fr")
        membre.role = "admin"
        membre.save()
    return organisation, admin


@pytest.mark.parametrize(
    "who, status",
    [
        ("visiteur", 302),
        ("utilisateur", 404),
        ("membre", 404),
        ("cat_isere", 404),
        ("cat_rhone", 200),
        ("cat_ara", 200),
        ("staff", 200),
    ],
)
def test_le_journal_n_est_lu_que_par_les_moderateurs_du_perimetre(client, t, who, status):  # noqa: F811
    organisation, admin = _organisation_modifiee(t)
    users = {
        "utilisateur": UserFactory(),
        "membre": admin.user,
        "cat_isere": t.cat_isere.user,
        "cat_rhone": t.cat_rhone.user,
        "cat_ara": t.cat_ara.user,
        "staff": t.staff,
    }
    if who in users:
        client.force_login(users[who])
    response = client.get(reverse("moderation:journal", args=["organisation", organisation.pk]))
    assert response.status_code == status


def test_le_journal_montre_qui_quand_et_avant_apres(client, t, django_assert_num_queries):  # noqa: F811
    organisation, admin = _organisation_modifiee(t)
    client.force_login(t.cat_rhone.user)
    url = reverse("moderation:journal", args=["organisation", organisation.pk])
    # Session and user, appointments, the item; its identity events, their communes and
    # actors; its members' events, their users, organisations and actors: as many with more
    # events.
    with django_assert_num_queries(11):
        response = client.get(url)
    html = response.content.decode()
    assert "Identité de l&#x27;organisation" in html
    assert "Nom : Ancien nom → Nouveau nom" in html
    assert "Membre : " in html and "recrue@exemple.fr" in html
    assert "Rôle : membre → administrateur" in html
    assert html.count(admin.user.email) >= 3
    examen = client.get(reverse("moderation:examen", args=["organisation", organisation.pk]))
    assert url in examen.content.decode()


def test_un_journal_vide_le_dit(client, t):  # noqa: F811
    organisation = OrganisationFactory(siege=t.lyon)
    client.force_login(t.staff)
    response = client.get(reverse("moderation:journal", args=["organisation", organisation.pk]))
    assert "Aucune modification enregistrée." in response.content.decode()
