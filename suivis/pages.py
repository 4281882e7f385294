"""The section that the suivis app adds to an alliance's public page (alliances.pages): the
series of its answered follow-ups, as a table with a chart drawn from the same numbers.
Evaluations never show there: they are private to each partner."""

from django.http import HttpRequest
from django.utils import timezone

from suivis import calendrier, indicateurs
from suivis.models import ReponseSuivi


def serie_context(request: HttpRequest, alliance) -> dict | None:
    """The alliance page's section: its answered follow-ups, each partner's state and what
    was done, and the indicator values summed per follow-up (a chart and its table). None
    when there is nothing to show; no query when the alliance cannot have follow-ups yet."""
    if not calendrier.may_have_suivis(alliance, timezone.localdate()):
        return None
    reponses = list(
        ReponseSuivi.objects.answered()
        .filter(suivi__alliance=alliance)
        .select_related("suivi", "organisation")
        .prefetch_related("valeurs")
        .order_by("suivi__rang", "organisation__nom")
    )
    if not reponses:
        return None
    return serie_of(reponses)


def serie_of(reponses: list[ReponseSuivi]) -> dict:
    """The series, built from the answered réponses (with their values), in order of rang."""
    suivis: dict[int, dict] = {}
    totaux: dict[tuple[int, str], object] = {}
    codes: set[str] = set()
    for reponse in reponses:
        entree = suivis.setdefault(reponse.suivi_id, {"suivi": reponse.suivi, "reponses": []})
        entree["reponses"].append(reponse)
        for valeur in reponse.valeurs.all():
            cle = (reponse.suivi_id, valeur.indicateur)
            totaux[cle] = totaux.get(cle, 0) + valeur.valeur
            codes.add(valeur.indicateur)
    colonnes = [i for code, i in indicateurs.referentiel().items() if code in codes]
    lignes = []
    for suivi_id, entree in suivis.items():
        entree["totaux"] = [totaux.get((suivi_id, i.code)) for i in colonnes]
        lignes.append(entree)
    graphique = {
        "labels": [f"{e['suivi'].label} ({e['suivi'].echeance:%m/%Y})" for e in lignes],
        "series": [
            {
                "code": i.code,
                "titre": f"{i.label} ({i.unite})",
                "valeurs": [float(e["totaux"][n] or 0) for e in lignes],
            }
            for n, i in enumerate(colonnes)
        ],
    }
    return {"lignes": lignes, "colonnes": colonnes, "graphique": graphique}
