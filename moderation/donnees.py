"""What moderation holds about an account (comptes.donnees): the decisions it took, the
reports it filed, its appointments as catalyseur (which end with the account)."""

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from comptes.donnees import duree, iso
from moderation.models import Catalyseur, Decision, Recours, Signalement


def export(user) -> dict:
    return {
        "decisions_prises": [
            {
                "contenu": d.titre,
                "de": d.get_de_display(),
                "vers": d.get_vers_display(),
                "motif": d.motif,
                "precisions": d.texte,
                "le": iso(d.created_at),
            }
            for d in Decision.objects.filter(by=user).order_by("created_at")
        ],
        "signalements_deposes": [
            {
                "contenu": s.titre,
                "motif": s.get_motif_display(),
                "precisions": s.texte,
                "le": iso(s.created_at),
            }
            for s in Signalement.objects.filter(user=user).order_by("created_at")
        ],
        "recours_deposes": [
            {
                "contenu": r.decision.titre,
                "arguments": r.texte,
                "le": iso(r.created_at),
                "tranche_le": iso(r.decided_at),
            }
            for r in Recours.objects.filter(by=user).select_related("decision")
        ],
        "nominations_de_catalyseur": [
            {"perimetre": c.perimetre_label, "pour": c.organisation.nom, "active": c.actif}
            for c in Catalyseur.objects.filter(user=user).select_related(
                "organisation", "region", "departement", "epci"
            )
        ],
    }


def consequences(user) -> list[str]:
    return [
        f"Votre nomination de catalyseur ({c.perimetre_label}) prend fin."
        for c in Catalyseur.objects.actifs()
        .filter(user=user)
        .select_related("region", "departement", "epci")
    ]


def erase(user) -> None:
    # One save per appointment, so that the history records the end of each.
    for catalyseur in Catalyseur.objects.actifs().filter(user=user):
        catalyseur.actif = False
        catalyseur.save(update_fields=["actif"])


def purge(now) -> dict[str, int]:
    """A visitor's report keeps a keyed hash of their address, to count one person once: after
    the period, it becomes a mark of its own that names nobody."""
    anciens = Signalement.objects.filter(
        empreinte__startswith="ip", created_at__lt=now - duree("empreintes_signalements")
    )
    n = anciens.update(empreinte=Concat(Value("expiree-"), Cast("pk", CharField())))
    return {"empreintes_de_signalements": n}
