"""The commune field on the official referential: every example a help text gives is accepted,
and an ambiguous entry offers its candidates to pick from."""

import re

import pytest
from django import forms

from alliances.filters import AllianceSearchForm
from alliances.forms import AllianceForm
from offres.forms import OffreForm
from organisations.forms import OrganisationForm
from territoires.forms import CommuneField

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referentiel")]


class Formulaire(forms.Form):
    commune = CommuneField()


def lire(saisie: str):
    form = Formulaire({"commune": saisie})
    form.is_valid()
    return form


@pytest.mark.parametrize(
    "champ",
    [
        OrganisationForm.base_fields["siege"],
        AllianceForm.base_fields["commune"],
        OffreForm.base_fields["commune"],
        AllianceSearchForm.base_fields["commune"],
    ],
    ids=["siège", "alliance", "offre", "recherche"],
)
def test_chaque_exemple_des_aides_est_accepte(champ):
    exemples = re.findall(r"« ([^»]+) »", str(champ.help_text))
    assert exemples
    for exemple in exemples:
        commune = champ.clean(exemple)
        assert commune.nom.startswith("Lyon"), exemple


def test_un_code_postal_passe_avant_le_code_insee_du_meme_nombre():
    # 69001: the postal code of Lyon's 1st arrondissement, the code INSEE of Affoux.
    assert lire("69001").cleaned_data["commune"].nom.startswith("Lyon")
    # A code INSEE that no commune uses as a postal code still works.
    assert lire("69123").cleaned_data["commune"].nom == "Lyon"


def test_un_code_postal_de_plusieurs_communes_les_propose_toutes():
    form = lire("01190")  # a postal code shared by several communes of the Ain
    assert "Plusieurs communes correspondent" in form.errors["commune"][0]
    candidats = form.fields["commune"].candidats
    assert len(candidats) > 1
    assert all("01190" in commune.codes_postaux for commune in candidats)
