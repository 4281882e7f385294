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
        "partenaires_invites_par_courriel": [
            {"alliance": i.alliance.titre, "adresse": i.email, "le": iso(i.created_at)}
            for i in InvitationPartenaire.objects.filter(invited_by=user).select_related("alliance")
        ],
    }


def erase(user) -> None:
    InvitationPartenaire.objects.filter(
        email__iexact=user.email, participation__isnull=True
    ).delete()


def purge(now) -> dict[str, int]:
    """Partners invited by email whose organisation never joined are forgotten; those who
    joined keep their participation, not the address."""
    anciennes = InvitationPartenaire.objects.filter(created_at__lt=now - duree("invitations"))
    effacees, _ = anciennes.filter(participation__isnull=True).delete()
    anciennes.filter(participation__isnull=False).exclude(email="").update(email="")
    return {"invitations_partenaires_expirees": effacees}
