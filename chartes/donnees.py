"""What chartes holds about an account (comptes.donnees): the signatures it gave in the name of
an organisation (they stay: they commit the organisation)."""

from chartes.models import SignatureCharte
from comptes.donnees import iso


def export(user) -> list[dict]:
    return [
        {
            "organisation": s.organisation.nom,
            "version": s.charte.version,
            "signee_le": iso(s.signee_le),
        }
        for s in SignatureCharte.objects.filter(signee_par=user).select_related(
            "organisation", "charte"
        )
    ]
