"""Checks of what people type in forms, with a French message for each way it fails."""

from django.core.exceptions import ValidationError


def plain_text(value: str) -> str:
    """Messages are plain text: refuse control characters (NUL bytes break PostgreSQL)."""
    if any(not (char.isprintable() or char in "\r\n\t") for char in value):
        raise ValidationError(
            "Le texte contient des caractères non imprimables.", code="non_imprimable"
        )
    return value


def single_line(value: str) -> str:
    """Names and titles are one line: they end up in email subjects and page titles."""
    if any(char in value for char in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
        raise ValidationError(
            "Écrivez-le sur une seule ligne, sans retour à la ligne.", code="plusieurs_lignes"
        )
    return plain_text(value)
