"""What the database records of an organisation: its members' role changes and its identity,
with who made the change from which page, and the values before and after."""

import pytest
from django.db import connection
from django.urls import reverse

from moderation import historique
from moderation.historique import event_model
from organisations.journal import organisation_journal
from organisations.models import Membre, Organisation
from tests.factories import MembreFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_un_changement_de_role_est_enregistre_avec_son_auteur(client):
    admin = MembreFactory(admin=True)
    membre = MembreFactory(organisation=admin.organisation)
    client.force_login(admin.user)
    url = reverse("organisations:membre_role", args=[membre.pk])
    client.post(url, {"role": "admin"})
    events = event_model(Membre).objects.filter(pgh_obj_id=membre.pk).order_by("pgh_id")
    assert [(e.pgh_label, e.role) for e in events] == [
        ("creation", "membre"),
        ("modification", "admin"),
    ]
    assert events[1].pgh_context == {"user": admin.user.pk, "url": url}
    # The factories wrote the creation outside any request: no actor.
    assert events[0].pgh_context is None

    (creation, modification) = [
        e for e in organisation_journal(admin.organisation) if e.objet.endswith(membre.user.email)
    ]
    assert modification.par == admin.user
    assert [(c.label, c.avant, c.apres) for c in modification.changements] == [
        ("rôle", "membre", "administrateur")
    ]


def test_un_membre_retire_laisse_sa_trace(client):
    admin = MembreFactory(admin=True)
    membre = MembreFactory(organisation=admin.organisation)
    client.force_login(admin.user)
    client.post(reverse("organisations:membre_remove", args=[membre.pk]))
    assert not Membre.objects.filter(pk=membre.pk).exists()
    event = event_model(Membre).objects.get(pgh_obj_id=membre.pk, pgh_label="suppression")
    assert (event.user_id, event.organisation_id) == (membre.user_id, admin.organisation_id)
    assert event.pgh_context["user"] == admin.user.pk


def _identite(organisation) -> list:
    return [
        ligne
        for ligne in organisation_journal(organisation)
        if ligne.objet == "Identité de l'organisation"
    ]


def test_un_changement_de_nom_est_enregistre_avec_avant_et_apres(client):
    organisation = OrganisationFactory(nom="Les Jardins d'avant")
    admin = MembreFactory(organisation=organisation, admin=True)
    client.force_login(admin.user)
    url = reverse("organisations:organisation_edit", args=[organisation.slug])
    response = client.post(
        url,
        {
            "kind": "association",
            "nom": "Les Jardins d'après",
            "rna": organisation.rna,
            "siege": str(organisation.siege),
            "email_contact": organisation.email_contact,
            "description": organisation.description,
        },
    )
    assert response.status_code == 302
    (event,) = event_model(Organisation).objects.filter(pgh_obj_id=organisation.pk)
    # The row as it was before the change; the next event, or the row now, holds the after.
    assert (event.pgh_label, event.nom) == ("modification", "Les Jardins d'avant")
    assert event.pgh_context == {"user": admin.user.pk, "url": url}
    organisation.refresh_from_db()
    (ligne,) = _identite(organisation)
    assert ligne.par == admin.user
    assert [(c.label, c.avant, c.apres) for c in ligne.changements] == [
        ("nom", "Les Jardins d'avant", "Les Jardins d'après")
    ]

    # A second change: the first line's after is the second line's before.
    with historique.context(commande="import_rna"):
        organisation.rna = "W123456789"
        organisation.save()
    premiere, seconde = _identite(organisation)
    assert [(c.label, c.avant, c.apres) for c in premiere.changements] == [
        ("nom", "Les Jardins d'avant", "Les Jardins d'après")
    ]
    assert [(c.label, c.apres) for c in seconde.changements] == [("RNA", "W123456789")]
    assert (seconde.par, seconde.url) == (None, "import_rna")


def test_une_modification_hors_identite_n_est_pas_un_evenement():
    organisation = OrganisationFactory()
    organisation.description = "Un autre texte."
    organisation.save()
    assert not event_model(Organisation).objects.exists()


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="sur SQLite l'historique passe par l'ORM, qu'un update() en masse contourne",
)
def test_meme_un_update_en_masse_est_enregistre_par_la_base():
    organisation = OrganisationFactory(nom="Nom d'origine")
    Organisation.objects.filter(pk=organisation.pk).update(nom="Nom changé en masse")
    (event,) = event_model(Organisation).objects.filter(pgh_obj_id=organisation.pk)
    assert event.nom == "Nom d'origine"


def test_l_equipe_lit_l_historique_dans_l_administration():
    from django.contrib import admin

    organisation = OrganisationFactory(nom="Ancien nom")
    organisation.nom = "Nouveau nom"
    organisation.save()
    MembreFactory(organisation=organisation, user__email="benevole@exemple.fr")
    # The section of the change page (the page itself is read in the catalyseurs' test).
    model_admin = admin.site._registry[Organisation]
    assert "historique" in model_admin.readonly_fields
    html = model_admin.historique(organisation)
    assert "Nom : Ancien nom → Nouveau nom" in html
    assert "Membre : benevole@exemple.fr" in html
