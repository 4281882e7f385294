"""The associations' client (association fields of the Recherche d'entreprises API)."""

import pytest
from django.core.exceptions import ValidationError

from organisations.annuaires.associations import (
    Association,
    association_by_rna,
    association_by_siren,
)

SALINDROISE = Association(
    rna="W301000624",
    siren="389486242",
    nom="ASSOCIATION SPORTIVE SALINDROISE",
    objet="",
    adresse="RUE DE CAMBIS",
    code_postal="30340",
    commune_code="30305",
)


def test_une_association_est_trouvee_par_son_rna(annuaires):
    assert association_by_rna("w301000624") == SALINDROISE
    assert annuaires.requests == ["/search?q=W301000624&page=1&per_page=5"]


def test_une_association_est_trouvee_par_son_siren(annuaires):
    assert association_by_siren("389 486 242") == SALINDROISE


def test_un_rna_inconnu_repond_none(annuaires):
    assert association_by_rna("W751234567") is None


def test_le_siren_d_une_entreprise_n_est_pas_une_association(annuaires):
    assert association_by_siren("356000000") is None


def test_un_rna_mal_forme_est_refuse_en_francais_sans_requete(annuaires):
    with pytest.raises(ValidationError) as erreur:
        association_by_rna("W30100062")
    assert erreur.value.messages == [
        "Un numéro RNA s'écrit W suivi de 9 chiffres (par exemple W751234567)."
    ]
    assert annuaires.requests == []
