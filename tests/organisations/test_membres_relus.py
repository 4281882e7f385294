"""A membership is read again under the organisation's lock before it changes: the page that
sent the request may show a role that has changed since, or a member who has left."""

import pytest
from django.core.exceptions import ValidationError

from organisations import services
from organisations.models import Membre
from tests.factories import MembreFactory

pytestmark = pytest.mark.django_db


def test_une_copie_perimee_ne_laisse_pas_partir_le_dernier_administrateur():
    xavier = MembreFactory(admin=True)
    organisation = xavier.organisation
    yann = MembreFactory(organisation=organisation)
    copie_de_yann = Membre.objects.get(pk=yann.pk)  # read while Yann was a simple member
    services.membre_change_role(by=xavier.user, membre=yann, role=Membre.Role.ADMIN)
    services.membre_remove(by=xavier.user, membre=xavier)

    # Yann is now the only admin: leaving from the old page must be refused.
    with pytest.raises(ValidationError) as erreur:
        services.membre_remove(by=yann.user, membre=copie_de_yann)
    assert erreur.value.code == "dernier_admin"
    assert organisation.membres.filter(role=Membre.Role.ADMIN).count() == 1


def test_un_membre_deja_parti_est_retire_sans_erreur_et_ne_change_plus_de_role():
    admin = MembreFactory(admin=True)
    membre = MembreFactory(organisation=admin.organisation)
    services.membre_remove(by=admin.user, membre=membre)

    services.membre_remove(by=admin.user, membre=membre)  # a second click
    with pytest.raises(ValidationError) as erreur:
        services.membre_change_role(by=admin.user, membre=membre, role=Membre.Role.ADMIN)
    assert erreur.value.code == "parti"
    assert not Membre.objects.filter(pk=membre.pk).exists()
