"""What pages holds about an account (comptes.donnees): the versions of the conditions
générales it accepted (kept with the anonymised account: they prove the consent given)."""

from comptes.donnees import iso
from pages.models import AcceptationCGU


def export(user) -> list[dict]:
    return [
        {"version": a.version, "acceptee_le": iso(a.accepted_at)}
        for a in AcceptationCGU.objects.filter(user=user).order_by("version")
    ]
