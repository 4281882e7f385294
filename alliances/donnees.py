"""What alliances holds about an account (comptes.donnees): the alliances it declared, the
participations it confirmed or declined for its organisations."""

from alliances.models import Alliance, Participation
from comptes.donnees import iso


def export(user) -> dict:
    return {
        "alliances_declarees": [
            {"titre": a.titre, "statut": a.get_statut_display(), "declaree_le": iso(a.created_at)}
            for a in Alliance.objects.filter(declared_by=user)
        ],
        "participations_decidees": [
            {
                "alliance": p.alliance.titre,
                "organisation": p.organisation.nom,
                "etat": p.get_etat_display(),
                "le": iso(p.decided_at),
            }
            for p in Participation.objects.filter(decided_by=user).select_related(
                "alliance", "organisation"
            )
        ],
    }
