"""French organisation identifiers: SIREN, SIRET (python-stdnum checks the Luhn key) and RNA."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from stdnum import luhn
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidFormat,
    InvalidLength,
)
from stdnum.exceptions import (
    ValidationError as StdnumError,
)
from stdnum.fr import siren, siret

# [0-9], not \d: \d also matches Arabic-Indic or full-width digits, which would slip past the
# uniqueness constraint as "different" numbers.
RNA_PATTERN = re.compile(r"^W[0-9]{9}\Z")


def _compact(value: str) -> str:
    # NFKC turns full-width digits (typed on some keyboards) into ASCII ones.
    normalized = unicodedata.normalize("NFKC", value or "")
    return re.sub(r"[\s.\-]", "", normalized).upper()


def clean_siren(value: str) -> str:
    number = _compact(value)
    try:
        return siren.validate(number)
    except InvalidChecksum:
        raise ValidationError(
            "Ce SIREN n'est pas valide : sa clé de contrôle ne correspond pas. "
            "Vérifiez les 9 chiffres sur l'avis de situation INSEE.",
            code="siren_checksum",
        ) from None
    except (InvalidFormat, InvalidLength, StdnumError):
        raise ValidationError(
            "Un SIREN compte exactement 9 chiffres (par exemple 732 829 320).",
            code="siren_format",
        ) from None


def clean_siret(value: str) -> str:
    number = _compact(value)
    try:
        return siret.validate(number)
    except InvalidChecksum:
        raise ValidationError(
            "Ce SIRET n'est pas valide : sa clé de contrôle ne correspond pas. "
            "Vérifiez les 14 chiffres (SIREN puis NIC).",
            code="siret_checksum",
        ) from None
    except (InvalidFormat, InvalidLength, StdnumError):
        raise ValidationError(
            "Un SIRET compte exactement 14 chiffres : le SIREN (9) suivi du NIC (5).",
            code="siret_format",
        ) from None


def clean_rna(value: str) -> str:
    number = _compact(value)
    if not RNA_PATTERN.match(number):
        raise ValidationError(
            "Un numéro RNA s'écrit W suivi de 9 chiffres (par exemple W751234567).",
            code="rna_format",
        )
    return number


def siren_with_key(base: str) -> str:
    """Complete 8 digits with their Luhn key: used to generate valid demo SIREN numbers."""
    return base + luhn.calc_check_digit(base)


def siret_with_key(siren_number: str, nic_base: str) -> str:
    """Complete a SIREN and a 4-digit NIC base into a valid SIRET."""
    base = siren_number + nic_base
    return base + luhn.calc_check_digit(base)
