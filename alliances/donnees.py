"""What alliances holds about an account (comptes.donnees): the alliances it declared, the
participations it confirmed or declined for its organisations."""

from alliances.models import Alliance, InvitationPartenaire, Participation
from comptes.donnees import duree, iso


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


def purge(now) -> dict[str, int]:
    """Partners invited by email whose organisation never joined are forgotten."""
    effacees, _ = InvitationPartenaire.objects.filter(
        participation__isnull=True, created_at__lt=now - duree("invitations")
    ).delete()
    return {"invitations_partenaires_expirees": effacees}
