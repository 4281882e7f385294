"""What offres holds about an account (comptes.donnees): the mises en relation it wrote or
answered, those its organisations received, its saved searches (deleted with the account; the
messages stay for the other party, signed « compte supprimé »)."""

from comptes.donnees import iso
from offres.models import Alerte, MiseEnRelation, Offre
from organisations.permissions import my_organisation_ids


def _ligne(m: MiseEnRelation) -> dict:
    return {
        "offre": m.offre.titre,
        "de": m.emettrice.nom,
        "a": m.destinataire.nom,
        "message": m.message,
        "reponse": m.reponse,
        "etat": m.get_etat_display(),
        "ecrite_le": iso(m.created_at),
    }


def export(user) -> dict:
    mises = MiseEnRelation.objects.select_related("offre", "emettrice", "destinataire")
    return {
        "mises_en_relation_ecrites": [_ligne(m) for m in mises.filter(sent_by=user)],
        "mises_en_relation_repondues": [_ligne(m) for m in mises.filter(answered_by=user)],
        "mises_en_relation_recues_par_vos_organisations": [
            _ligne(m) for m in mises.filter(destinataire__in=my_organisation_ids(user))
        ],
        "offres_redigees": [
            {
                "titre": o.titre,
                "organisation": o.organisation.nom,
                "statut": o.get_statut_display(),
                "creee_le": iso(o.created_at),
            }
            for o in Offre.objects.filter(created_by=user).select_related("organisation")
        ],
        "recherches_enregistrees": [
            {
                "nom": a.nom,
                "cible": a.get_cible_display(),
                "criteres": a.criteres,
                "frequence": a.get_frequence_display(),
                "active": a.active,
            }
            for a in Alerte.objects.filter(user=user)
        ],
    }


def erase(user) -> None:
    Alerte.objects.filter(user=user).delete()
