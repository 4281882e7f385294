"""What follow-ups and evaluations produce, for the observatoire (reads only).

Indicator values are summed as they are stored: each partner gives the values of its own side
for the period since the previous follow-up, so sums over follow-ups, partners and alliances
count each contribution once. Only answered follow-ups of published alliances count.

Evaluations are private: their averages are public only over at least `SEUIL_AGREGATS`
distinct alliances (`evaluations_aggregate` answers None below)."""

from suivis import indicateurs
from suivis.models import SEUIL_AGREGATS, Evaluation, ValeurIndicateur

__all__ = ["SEUIL_AGREGATS", "evaluations_aggregate", "indicateurs_cumules"]


def indicateurs_cumules(
    alliances=None, *, territoire: str | None = None, par_odd: bool = False
) -> list[dict]:
    """The cumulated values by indicator × typologie, optionally × territory (`territoire`:
    "region" or "departement", their codes) and × ODD (`par_odd`: the indicators counted by ODD
    only), over `alliances` (a queryset) or all published ones. Each row: indicateur, label,
    unite, typologie, [region | departement], [odd], total (Decimal), alliances (how many)."""
    valeurs = ValeurIndicateur.objects.publiques()
    if alliances is not None:
        valeurs = valeurs.of_alliances(alliances)
    rows = []
    for row in valeurs.cumuls(territoire=territoire, par_odd=par_odd):
        indicateur = indicateurs.get(row["indicateur"])
        rows.append(
            {
                **row,
                "label": indicateur.label if indicateur else row["indicateur"],
                "unite": indicateur.unite if indicateur else "",
            }
        )
    return rows


def evaluations_aggregate(alliances, *, seuil: int = SEUIL_AGREGATS) -> dict | None:
    """Average marks (innovation, performance, confiance, 1 to 5) of the evaluations of these
    published alliances, with how many alliances and evaluations they cover; None when they
    cover fewer than `seuil` distinct alliances."""
    return Evaluation.objects.of_alliances(alliances.filter(statut="publiee")).aggregate_public(
        seuil=seuil
    )
