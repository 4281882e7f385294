"""What organisations holds about an account (comptes.donnees): its memberships, its join
requests, the invitations it sent. Deleting the account never leaves an organisation without
an admin silently: another member becomes admin, or staff are told."""

from comptes.donnees import duree, iso
from comptes.email import send_templated
from comptes.models import User
from organisations.models import DemandeAdhesion, Invitation, Membre, Organisation


def export(user) -> dict:
    return {
        "adhesions": [
            {
                "organisation": m.organisation.nom,
                "role": m.get_role_display(),
                "depuis": iso(m.created_at),
            }
            for m in Membre.objects.filter(user=user).select_related("organisation")
        ],
        "demandes_d_adhesion": [
            {
                "organisation": d.organisation.nom,
                "message": d.message,
                "etat": d.get_etat_display(),
                "demandee_le": iso(d.created_at),
            }
            for d in DemandeAdhesion.objects.filter(user=user).select_related("organisation")
        ],
        "invitations_envoyees": [
            {
                "organisation": i.organisation.nom,
                "adresse": i.email,
                "envoyee_le": iso(i.created_at),
            }
            for i in Invitation.objects.filter(invited_by=user).select_related("organisation")
        ],
    }


def _succession(user) -> list[tuple[Organisation, Membre | None]]:
    """The organisations where the user is the only admin, with the member who takes over
    (the longest-standing one), or None when nobody else is a member."""
    seules = []
    for membre in Membre.objects.filter(user=user, role=Membre.Role.ADMIN).select_related(
        "organisation"
    ):
        autres = Membre.objects.filter(organisation=membre.organisation).exclude(user=user)
        if autres.filter(role=Membre.Role.ADMIN).exists():
            continue
        seules.append((membre.organisation, autres.order_by("created_at", "pk").first()))
    return seules


def consequences(user) -> list[str]:
    phrases = []
    for organisation, successeur in _succession(user):
        if successeur is not None:
            phrases.append(
                f"Vous êtes le seul administrateur de « {organisation.nom} » : "
                f"{successeur.user.get_full_name() or successeur.user.email} le deviendra."
            )
        else:
            phrases.append(
                f"Vous êtes la seule personne de « {organisation.nom} » sur la plateforme : "
                "l'équipe en sera avertie pour lui trouver un administrateur ; sa page reste."
            )
    return phrases


def erase(user) -> None:
    """Hand each organisation the user administers alone to another member, or tell staff;
    then the memberships, join requests and invitations to their address go."""
    # Locked before counting the other admins: two admins leaving at once never both believe
    # the other one stays.
    list(
        Organisation.objects.select_for_update()
        .filter(membres__user=user, membres__role=Membre.Role.ADMIN)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for organisation, successeur in _succession(user):
        if successeur is not None:
            Membre.objects.filter(pk=successeur.pk).update(role=Membre.Role.ADMIN)
            send_templated(
                f"Vous administrez désormais « {organisation.nom} »",
                "organisations/emails/nouvel_administrateur.txt",
                {"organisation": organisation},
                [successeur.user.email],
            )
        else:
            send_templated(
                f"« {organisation.nom} » n'a plus d'administrateur",
                "organisations/emails/sans_administrateur.txt",
                {"organisation": organisation},
                list(
                    User.objects.filter(is_staff=True, is_active=True).values_list(
                        "email", flat=True
                    )
                ),
            )
    Membre.objects.filter(user=user).delete()
    DemandeAdhesion.objects.filter(user=user).delete()
    Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True).delete()


def purge(now) -> dict[str, int]:
    """Invitations never accepted are forgotten with the address they name; accepted ones keep
    who accepted, not the address."""
    anciennes = Invitation.objects.filter(created_at__lt=now - duree("invitations"))
    effacees, _ = anciennes.filter(accepted_at__isnull=True).delete()
    anciennes.filter(accepted_at__isnull=False).exclude(email="").update(email="")
    return {"invitations_expirees": effacees}
