"""The client of the API Recherche d'entreprises against the replay server's recordings."""

import pytest
from django.core.exceptions import ValidationError

from organisations.annuaires.entreprises import (
    Entreprise,
    entreprise_by_siren,
    entreprise_by_siret,
    entreprises_search,
)

LA_POSTE = Entreprise(
    siren="356000000",
    siret_siege="35600000000048",
    nom="LA POSTE",
    adresse="9 RUE DU COLONEL PIERRE AVIA",
    code_postal="75015",
    commune_code="75056",
    naf="53.10Z",
    tranche_effectif="53",
    active=True,
    ess=False,
    collectivite=False,
    association=False,
)


def test_une_grande_entreprise_est_trouvee_par_son_siren(annuaires):
    assert entreprise_by_siren("356 000 000") == LA_POSTE
    assert annuaires.requests == ["/search?q=356000000&page=1&per_page=1"]


def test_une_entreprise_est_trouvee_par_le_siret_de_son_siege(annuaires):
    # La Poste's numbers follow their own key rule, which python-stdnum knows.
    assert entreprise_by_siret("356 000 000 00048") == LA_POSTE


def test_une_entreprise_est_trouvee_par_son_nom_sans_accents_ni_casse(annuaires):
    assert entreprises_search("la poste") == [LA_POSTE]


def test_un_arrondissement_de_lyon_devient_la_commune_et_la_collectivite_est_reconnue(annuaires):
    lyon = entreprise_by_siren("216901231")
    assert (lyon.nom, lyon.commune_code, lyon.code_postal) == ("COMMUNE DE LYON", "69123", "69001")
    assert lyon.adresse == "1 PLACE DE LA COMEDIE"
    assert lyon.collectivite is True
    assert (lyon.ess, lyon.association, lyon.active) == (False, False, True)


def test_une_association_de_l_ess_porte_ses_deux_marques(annuaires):
    association = entreprise_by_siren("389486242")
    assert (association.ess, association.association, association.collectivite) == (
        True,
        True,
        False,
    )
    assert association.commune_code == "30305"


def test_une_entreprise_fermee_est_trouvee_mais_pas_active(annuaires):
    sci = entreprise_by_siren("350051447")
    assert sci.nom == "SCI SERGENT"
    assert sci.active is False
    assert (sci.adresse, sci.code_postal, sci.commune_code) == ("", "", "")


def test_un_siren_inconnu_repond_none(annuaires):
    assert entreprise_by_siren("732829320") is None
    assert len(annuaires.requests) == 1


def test_un_siret_inconnu_repond_none(annuaires):
    assert entreprise_by_siret("73282932000074") is None


def test_un_nom_inconnu_repond_une_liste_vide(annuaires):
    assert entreprises_search("Coopérative imaginaire du plateau") == []


def test_un_nom_trop_court_ne_coute_aucune_requete(annuaires):
    assert entreprises_search(" la ") == []
    assert annuaires.requests == []


@pytest.mark.parametrize(
    ("lookup", "saisie", "message"),
    [
        (
            entreprise_by_siren,
            "356 000 001",
            "Ce SIREN n'est pas valide : sa clé de contrôle ne correspond pas. "
            "Vérifiez les 9 chiffres sur l'avis de situation INSEE.",
        ),
        (
            entreprise_by_siren,
            "35600",
            "Un SIREN compte exactement 9 chiffres (par exemple 732 829 320).",
        ),
        (
            entreprise_by_siret,
            "3560000000004",
            "Un SIRET compte exactement 14 chiffres : le SIREN (9) suivi du NIC (5).",
        ),
    ],
)
def test_un_identifiant_invalide_est_refuse_en_francais_sans_requete(
    annuaires, lookup, saisie, message
):
    with pytest.raises(ValidationError) as erreur:
        lookup(saisie)
    assert erreur.value.messages == [message]
    assert annuaires.requests == []
