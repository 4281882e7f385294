"""What conventions holds about an account (comptes.donnees): the conventions it drafted and the
versions it validated in the name of an organisation (they stay: they commit it)."""

from comptes.donnees import iso
from conventions.models import Convention, ValidationConvention


def export(user) -> dict:
    return {
        "conventions_redigees": [
            {"titre": c.titre, "etat": c.get_etat_display(), "creee_le": iso(c.created_at)}
            for c in Convention.objects.filter(created_by=user)
        ],
        "validations": [
            {
                "convention": v.convention.titre,
                "organisation": v.organisation.nom,
                "version": v.version,
                "le": iso(v.validee_le),
            }
            for v in ValidationConvention.objects.filter(validee_par=user).select_related(
                "convention", "organisation"
            )
        ],
    }
