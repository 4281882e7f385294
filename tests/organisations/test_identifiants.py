import pytest
from django.core.exceptions import ValidationError
from stdnum.fr import siren, siret

from organisations.identifiants import (
    clean_rna,
    clean_siren,
    clean_siret,
    siren_with_key,
    siret_with_key,
)

SIREN_CLE = (
    "Ce SIREN n'est pas valide : sa clé de contrôle ne correspond pas. "
    "Vérifiez les 9 chiffres sur l'avis de situation INSEE."
)
SIREN_FORMAT = "Un SIREN compte exactement 9 chiffres (par exemple 732 829 320)."
SIRET_CLE = (
    "Ce SIRET n'est pas valide : sa clé de contrôle ne correspond pas. "
    "Vérifiez les 14 chiffres (SIREN puis NIC)."
)
SIRET_FORMAT = "Un SIRET compte exactement 14 chiffres : le SIREN (9) suivi du NIC (5)."
RNA_FORMAT = "Un numéro RNA s'écrit W suivi de 9 chiffres (par exemple W751234567)."


def _refus(fonction, valeur) -> ValidationError:
    with pytest.raises(ValidationError) as erreur:
        fonction(valeur)
    return erreur.value


@pytest.mark.parametrize(
    "saisie",
    [
        "732829320",
        "732 829 320",
        " 732.829.320 ",
        "732-829-320",
        "732\u00a0829\u00a0320",
        # Typed on a Japanese or Chinese keyboard: python-stdnum folds them to ASCII digits.
        pytest.param("７３２ ８２９ ３２０", id="chiffres-pleine-chasse"),
    ],
)
def test_un_siren_valide_est_accepte_sans_ses_separateurs(saisie):
    assert clean_siren(saisie) == "732829320"


def test_un_siren_dont_la_cle_est_fausse_est_refuse():
    erreur = _refus(clean_siren, "732 829 321")
    assert erreur.messages == [SIREN_CLE]
    assert erreur.code == "siren_checksum"


@pytest.mark.parametrize(
    "saisie",
    [
        "",
        "73282932",
        "7328293200",
        "73282932A",
        "SIREN",
        pytest.param("٧٣٢٨٢٩٣٢٠", id="chiffres-arabes-orientaux"),
    ],
)
def test_un_siren_qui_n_a_pas_9_chiffres_est_refuse(saisie):
    erreur = _refus(clean_siren, saisie)
    assert erreur.messages == [SIREN_FORMAT]
    assert erreur.code == "siren_format"


@pytest.mark.parametrize("saisie", ["73282932000074", "732 829 320 00074", "732.829.320.00074"])
def test_un_siret_valide_est_accepte_sans_ses_separateurs(saisie):
    assert clean_siret(saisie) == "73282932000074"


def test_un_siret_dont_la_cle_est_fausse_est_refuse():
    erreur = _refus(clean_siret, "732 829 320 00075")
    assert erreur.messages == [SIRET_CLE]
    assert erreur.code == "siret_checksum"


def test_un_siret_bien_cle_mais_dont_le_siren_est_faux_est_refuse():
    # The 14-digit key is right, but the first 9 digits are not a valid SIREN.
    numero = siret_with_key("732829321", "0007")
    erreur = _refus(clean_siret, numero)
    assert erreur.messages == [SIRET_CLE]
    assert erreur.code == "siret_checksum"


@pytest.mark.parametrize(
    "saisie", ["", "732829320", "7328293200007", "732829320000744", "7328293200007A"]
)
def test_un_siret_qui_n_a_pas_14_chiffres_est_refuse(saisie):
    erreur = _refus(clean_siret, saisie)
    assert erreur.messages == [SIRET_FORMAT]
    assert erreur.code == "siret_format"


@pytest.mark.parametrize(
    "saisie",
    [
        "W751234567",
        "w751234567",
        "W 751 234 567",
        "W75.123.4567",
        # Folded to ASCII like a SIREN, so that the uniqueness of RNA numbers holds.
        pytest.param("W７５１２３４５６７", id="chiffres-pleine-chasse"),
    ],
)
def test_un_rna_valide_est_accepte_en_majuscules_et_sans_separateurs(saisie):
    assert clean_rna(saisie) == "W751234567"


@pytest.mark.parametrize(
    "saisie",
    [
        "",
        "751234567",
        "W75123456",
        "W7512345678",
        "X751234567",
        "WA51234567",
        # Digits of another script are not the 9 digits of a real RNA.
        pytest.param("W٧٥١٢٣٤٥٦٧", id="chiffres-arabes-orientaux"),
    ],
)
def test_un_rna_mal_forme_est_refuse(saisie):
    erreur = _refus(clean_rna, saisie)
    assert erreur.messages == [RNA_FORMAT]
    assert erreur.code == "rna_format"


@pytest.mark.parametrize("base", ["00000000", "12345678", "73282932", "99999999"])
def test_siren_with_key_complete_huit_chiffres_en_un_siren_valide(base):
    numero = siren_with_key(base)
    assert numero.startswith(base)
    assert len(numero) == 9
    assert siren.is_valid(numero)
    assert clean_siren(numero) == numero


@pytest.mark.parametrize("base", ["00000000", "12345678", "73282932"])
@pytest.mark.parametrize("nic", ["0001", "0007", "9876"])
def test_siret_with_key_complete_un_siren_et_un_nic_en_un_siret_valide(base, nic):
    numero_siren = siren_with_key(base)
    numero = siret_with_key(numero_siren, nic)
    assert numero.startswith(numero_siren + nic)
    assert len(numero) == 14
    assert siret.is_valid(numero)
    assert clean_siret(numero) == numero
