"""« Partenaires suggérés » : which published open offres complement an offre, and why.

The score of a candidate offre C for an offre O is a number from 0 to 100:

    score = 35 × ressources + 15 × typologie + 20 × domaines + 10 × ODD + 20 × proximité
            − 15 × (number of declined requests that resemble C, at most 2)

clamped to 0..100 and rounded, where each term is between 0 and 1:

- ressources: share of O's ressources that C also names (|O ∩ C| / |O|);
- typologie: 1 when both offres aim at the same typologie of alliance, else 0;
- domaines: share of O's domaines that C shares (0 when O names none);
- ODD: share of O's ODD that C shares (0 when O names none);
- proximité: 1 / (1 + d / 50 km), where d is the distance between the two places: 1 next
  door, one half at 50 km, 0.38 at 80 km, 0.05 at 900 km, and 0 when a place is unknown.
  National offres are on the same scale as local ones: reaching everywhere makes them
  eligible whatever the distance, not closer, so a partner far away always ranks below a
  near one that is otherwise alike.

A candidate is a complement only when:
- its sens is the opposite one (one *propose*, the other *recherche*): two offres that both
  propose, or both look for, never complement each other;
- it names at least one of O's ressources;
- it is within reach: d ≤ portée, the larger of the two rayons d'action, unless one of them is
  national;
- it belongs to another organisation, and is published and open.

Declined requests teach the organisation's preferences: when the organisation that owns O has
declined a request from an organisation of the same kind for an offre of the same typologie,
or declined one as « hors de notre territoire » from a partner at least as far as C, C loses
15 points per such decline (two at most). Declines that say nothing about the partner
(« offre déjà pourvue », « autre raison ») do not count. The penalty is private: it applies,
and is explained, only when a member of O's organisation looks at the suggestions; anyone
else sees the plain score.

Candidates are read once (published, open, opposite sens, sharing a ressource, at most
`CANDIDATS_MAX` of the newest ones) and scored in Python by the pure functions below. A
suggestion must be worth reading: below `SCORE_UTILE` (40) it is not shown, so an offre may get
fewer suggestions or none; and each organisation is suggested once, with its best offre (several
offres of one partner, often with one title, would otherwise fill the list).

Organisations that published no offre can complement an offre too. For them the score is

    score = 50 × domaines + 20 × ODD + 30 × proximité

with the same terms, their siège standing for their place and the offre's rayon (or national
reach) for the portée. A candidate organisation is published, has no open offre (those show as
offres), shares at least one of the offre's domaines, and is of a complementary kind: for an
offre that *recherche*, entreprises and fondations (and collectivités when it looks for
financement or locaux); for an offre that *propose*, associations.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from offres.models import MiseEnRelation, Offre
from organisations.models import Organisation
from territoires.geo import bbox_q, km_between

POIDS = {"ressources": 35, "typologie": 15, "domaines": 20, "odd": 10, "proximite": 20}
# The distance at which the proximity term falls to one half.
PROXIMITE_DEMI_KM = 50
PENALITE_REFUS = 15
# Declines that say something about the partner: « déjà pourvue » and « autre » do not.
MOTIFS_SANS_LECON = {MiseEnRelation.Motif.DEJA_POURVUE, MiseEnRelation.Motif.AUTRE}
REFUS_COMPTES_MAX = 2
CANDIDATS_MAX = 300
SUGGESTIONS_MAX = 5
# The lowest score worth showing: an offre that shares all of O's ressources but nothing else,
# up to 150 km away, scores 40; one that shares half of them with nothing else never does.
SCORE_UTILE = 40


@dataclass(frozen=True)
class Profil:
    """What the score reads from an offre, so that it can be computed without a database."""

    sens: str
    typologie: str
    ressources: frozenset[str]
    domaines: frozenset[str]
    odd: frozenset[int]
    latitude: float | None
    longitude: float | None
    rayon_km: int | None
    national: bool
    organisation_id: int = 0
    organisation_kind: str = ""


@dataclass(frozen=True)
class Refus:
    """A request the organisation declined: who sent it, for which typologie, from how far."""

    kind: str
    typologie: str
    motif: str
    distance_km: float | None


@dataclass
class Suggestion:
    offre: Offre
    score: int
    details: dict[str, float] = field(default_factory=dict)
    raisons: list[str] = field(default_factory=list)
    distance_km: float | None = None


def profil(offre: Offre) -> Profil:
    """The profile of a saved offre (its domaines and ODD prefetched or read here)."""
    return Profil(
        sens=offre.sens,
        typologie=offre.typologie,
        ressources=frozenset(offre.ressources_list),
        domaines=frozenset(d.code for d in offre.domaines.all()),
        odd=frozenset(o.numero for o in offre.odd.all()),
        latitude=offre.latitude,
        longitude=offre.longitude,
        rayon_km=offre.rayon_km,
        national=offre.national,
        organisation_id=offre.organisation_id,
        organisation_kind=offre.organisation.kind,
    )


def distance_km(a: Profil, b: Profil) -> float | None:
    return km_between(a.latitude, a.longitude, b.latitude, b.longitude)


def _part(reference: frozenset, candidat: frozenset) -> float:
    return len(reference & candidat) / len(reference) if reference else 0.0


def proximite(a: Profil, b: Profil) -> tuple[float, float | None]:
    """The proximity term and the distance; a negative term means out of reach. The term reads
    the distance only, on one scale for local and national offres."""
    distance = distance_km(a, b)
    if not (a.national or b.national):
        portee = max(a.rayon_km or 0, b.rayon_km or 0)
        if distance is not None and portee > 0 and distance > portee:
            return -1.0, distance
    if distance is None:
        return 0.0, distance
    return 1 / (1 + distance / PROXIMITE_DEMI_KM), distance


def penalite(candidat: Profil, distance: float | None, refus: list[Refus]) -> int:
    """How many of the organisation's declines resemble this candidate (two at most)."""
    semblables = 0
    for decline in refus:
        if decline.motif in MOTIFS_SANS_LECON:
            continue
        if decline.motif == MiseEnRelation.Motif.HORS_TERRITOIRE:
            if (
                distance is not None
                and decline.distance_km is not None
                and distance >= decline.distance_km
            ):
                semblables += 1
        elif decline.kind == candidat.organisation_kind and decline.typologie == (
            candidat.typologie
        ):
            semblables += 1
    return min(semblables, REFUS_COMPTES_MAX)


def score(reference: Profil, candidat: Profil, refus: list[Refus] = ()) -> tuple[int, dict]:
    """The score (0 when the candidate is no complement) and the weighted terms behind it."""
    if candidat.sens == reference.sens:
        return 0, {}
    if reference.organisation_id and candidat.organisation_id == reference.organisation_id:
        return 0, {}
    ressources = _part(reference.ressources, candidat.ressources)
    if ressources == 0:
        return 0, {}
    proche, distance = proximite(reference, candidat)
    if proche < 0:
        return 0, {"distance": distance}
    details = {
        "ressources": POIDS["ressources"] * ressources,
        "typologie": POIDS["typologie"] * (reference.typologie == candidat.typologie),
        "domaines": POIDS["domaines"] * _part(reference.domaines, candidat.domaines),
        "odd": POIDS["odd"] * _part(reference.odd, candidat.odd),
        "proximite": POIDS["proximite"] * proche,
        "refus": -PENALITE_REFUS * penalite(candidat, distance, list(refus)),
    }
    total = max(0, min(100, round(sum(details.values()))))
    details["distance"] = distance
    return total, details


def raisons(reference: Profil, candidat: Offre, details: dict) -> list[str]:
    """Why a suggestion shows, in words a person reads on the page (the decline sentence only
    comes with a penalty, which only the offre's own organisation gets)."""
    labels = dict(zip(candidat.ressources_list, candidat.ressources_labels, strict=True))
    communes = sorted(labels[code] for code in reference.ressources & set(labels))
    verbe = "propose" if candidat.sens == Offre.Sens.PROPOSE else "recherche"
    phrases = [f"{candidat.organisation.nom} {verbe} : {', '.join(communes)}"]
    if details.get("typologie"):
        phrases.append(f"même typologie d'alliance ({candidat.get_typologie_display()})")
    domaines = [d.nom for d in candidat.domaines.all() if d.code in reference.domaines]
    if domaines:
        phrases.append("domaines en commun : " + ", ".join(domaines))
    if details.get("odd"):
        phrases.append("des ODD en commun")
    distance = details.get("distance")
    if candidat.national or reference.national:
        ailleurs = f", à {round(distance)} km" if distance is not None else ""
        phrases.append(f"portée nationale{ailleurs}")
    elif distance is not None:
        phrases.append(f"à {round(distance)} km, dans le rayon d'action")
    if details.get("refus"):
        phrases.append("classée plus bas : ressemble à des demandes que vous avez déclinées")
    return phrases


def refus_of(offre: Offre) -> list[Refus]:
    """The declines of the offre's organisation, as the score reads them."""
    rows = (
        MiseEnRelation.objects.filter(
            destinataire=offre.organisation_id, etat=MiseEnRelation.Etat.DECLINEE
        )
        .select_related("emettrice__siege", "offre")
        .order_by("-answered_at")[:50]
    )
    declines = []
    for row in rows:
        siege = row.emettrice.siege
        declines.append(
            Refus(
                kind=row.emettrice.kind,
                typologie=row.offre.typologie,
                motif=row.motif,
                distance_km=km_between(
                    offre.latitude, offre.longitude, siege.latitude, siege.longitude
                ),
            )
        )
    return declines


def candidates(offre: Offre):
    """The one read: published open offres of other organisations, of the opposite sens,
    sharing at least one ressource, newest first."""
    return (
        Offre.objects.visible()
        .with_any_ressource(offre.ressources_list)
        .exclude(sens=offre.sens)
        .exclude(organisation=offre.organisation_id)
        .select_related("organisation", "commune")
        .prefetch_related("domaines", "odd")
        .order_by("-created_at")[:CANDIDATS_MAX]
    )


def suggestions_for(
    offre: Offre, limit: int = SUGGESTIONS_MAX, *, for_owner: bool = False
) -> list[Suggestion]:
    """The best complements of an offre, best first, each with its reasons. `for_owner`: the
    viewer is a member of the offre's organisation, so its declines lower similar candidates
    (and the page says so); nobody else learns what it declined."""
    if not offre.ressources_list:
        return []
    reference = profil(offre)
    refus = refus_of(offre) if for_owner else []
    found = []
    for candidat in candidates(offre):
        total, details = score(reference, profil(candidat), refus)
        if total >= SCORE_UTILE:
            found.append(
                Suggestion(
                    offre=candidat,
                    score=total,
                    details=details,
                    raisons=raisons(reference, candidat, details),
                    distance_km=details.get("distance"),
                )
            )
    found.sort(key=lambda s: (-s.score, s.distance_km if s.distance_km is not None else 1e9))
    return _one_per_organisation(found, lambda s: s.offre.organisation_id)[:limit]


def _one_per_organisation(suggestions: list, organisation_of) -> list:
    """Keep each organisation's first (best) suggestion."""
    seen, kept = set(), []
    for suggestion in suggestions:
        if organisation_of(suggestion) not in seen:
            seen.add(organisation_of(suggestion))
            kept.append(suggestion)
    return kept


# Organisations without an offre

POIDS_ORGANISATION = {"domaines": 50, "odd": 20, "proximite": 30}
ORGANISATIONS_CANDIDATES_MAX = 200
Kind = Organisation.Kind


@dataclass
class SuggestionOrganisation:
    organisation: Organisation
    score: int
    raisons: list[str] = field(default_factory=list)


def complementary_kinds(offre_sens: str, ressources: frozenset[str]) -> list[str]:
    if offre_sens == Offre.Sens.PROPOSE:
        return [Kind.ASSOCIATION]
    kinds = [Kind.ENTREPRISE, Kind.FONDATION]
    if ressources & {"financement", "locaux"}:
        kinds.append(Kind.COLLECTIVITE)
    return kinds


def score_organisation(reference: Profil, candidat: Profil) -> tuple[int, dict]:
    """The score of an organisation for an offre (0 when out of reach or no shared domaine)."""
    domaines = _part(reference.domaines, candidat.domaines)
    if domaines == 0:
        return 0, {}
    proche, distance = proximite(reference, candidat)
    if proche < 0:
        return 0, {"distance": distance}
    details = {
        "domaines": POIDS_ORGANISATION["domaines"] * domaines,
        "odd": POIDS_ORGANISATION["odd"] * _part(reference.odd, candidat.odd),
        "proximite": POIDS_ORGANISATION["proximite"] * proche,
    }
    total = max(0, min(100, round(sum(details.values()))))
    details["distance"] = distance
    return total, details


def profil_organisation(organisation: Organisation) -> Profil:
    return Profil(
        sens="",
        typologie="",
        ressources=frozenset(),
        domaines=frozenset(d.code for d in organisation.domaines.all()),
        odd=frozenset(o.numero for o in organisation.odd.all()),
        latitude=organisation.siege.latitude,
        longitude=organisation.siege.longitude,
        rayon_km=None,
        national=False,
        organisation_id=organisation.pk,
        organisation_kind=organisation.kind,
    )


def organisation_candidates(offre: Offre, reference: Profil):
    """The one read: published organisations of a complementary kind, sharing a domaine, with
    no open offre, near enough when the offre is not national."""
    queryset = (
        Organisation.objects.published()
        .filter(kind__in=complementary_kinds(offre.sens, reference.ressources))
        .filter(domaines__in=list(reference.domaines))
        .exclude(pk=offre.organisation_id)
        .exclude(Exists(Offre.objects.visible().filter(organisation=OuterRef("pk"))))
    )
    if not offre.national and offre.latitude is not None and offre.rayon_km:
        queryset = queryset.filter(
            bbox_q(offre.latitude, offre.longitude, offre.rayon_km, prefix="siege__")
        )
    return (
        queryset.distinct()
        .select_related("siege")
        .prefetch_related("domaines", "odd")
        .order_by("-pk")[:ORGANISATIONS_CANDIDATES_MAX]
    )


def organisation_suggestions_for(
    offre: Offre, limit: int = SUGGESTIONS_MAX
) -> list[SuggestionOrganisation]:
    """Organisations without an offre that could complement this one, best first."""
    reference = profil(offre)
    if not reference.domaines:
        return []
    found = []
    for organisation in organisation_candidates(offre, reference):
        total, details = score_organisation(reference, profil_organisation(organisation))
        if total < SCORE_UTILE:
            continue
        communs = [d.nom for d in organisation.domaines.all() if d.code in reference.domaines]
        raisons = [
            f"{organisation.get_kind_display()} active en {', '.join(communs).lower()}",
        ]
        if details.get("odd"):
            raisons.append("des ODD en commun")
        if details.get("distance") is not None:
            raisons.append(f"siège à {round(details['distance'])} km")
        found.append(SuggestionOrganisation(organisation, total, raisons))
    found.sort(key=lambda s: (-s.score, s.organisation.nom))
    return found[:limit]
