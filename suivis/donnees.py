"""What suivis holds about an account (comptes.donnees): the follow-up answers and the
evaluations it gave in the name of an organisation (they stay: they speak for it)."""

from comptes.donnees import iso
from suivis.models import Evaluation, ReponseSuivi


def export(user) -> dict:
    return {
        "reponses_aux_suivis": [
            {
                "alliance": r.suivi.alliance.titre,
                "organisation": r.organisation.nom,
                "suivi": r.suivi.label,
                "etat": r.get_etat_display(),
                "realise": r.realise,
                "le": iso(r.answered_at),
            }
            for r in ReponseSuivi.objects.filter(answered_by=user).select_related(
                "suivi__alliance", "organisation"
            )
        ],
        "evaluations": [
            {
                "alliance": e.alliance.titre,
                "organisation": e.organisation.nom,
                "innovation": e.innovation,
                "performance": e.performance,
                "confiance": e.confiance,
                "changements": e.changements,
            }
            for e in Evaluation.objects.filter(answered_by=user).select_related(
                "alliance", "organisation"
            )
        ],
    }
