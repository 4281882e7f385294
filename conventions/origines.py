"""Where a convention is drafted from: an alliance (built in here), or an accepted mise en
relation (offres registers it from its `AppConfig.ready()`, so that conventions imports none of
the apps above it). An origin names the parties and pre-fills the draft."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Case, When
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from alliances.models import Alliance, Participation
from conventions.models import Convention
from organisations.models import Organisation
from organisations.permissions import my_organisation_ids


@dataclass(frozen=True)
class Origine:
    """`lock_existing()` runs inside the creating transaction: it locks the origin's row and
    answers the draft already made from it (a second click opens it instead of making a second
    one); `drafted(convention)` links the origin to the new draft, in the same transaction.
    `query` is the query string that names the origin on the creation page."""

    label: str
    query: str
    parties: list[Organisation]
    titre: str
    objet: str
    typologie: str
    lock_existing: Callable[[], Convention | None]
    modalite: str = ""
    # The model to propose first, when the origin knows better than its typologie.
    modele: str = ""
    contributions: dict[int, str] = field(default_factory=dict)
    alliance: Alliance | None = None
    drafted: Callable[[Convention], None] = lambda convention: None


_ORIGINES: list[Callable[[HttpRequest], Origine | None]] = []


def register_origin(origin: Callable[[HttpRequest], Origine | None]) -> None:
    """`origin(request)` reads the creation page's query string and answers an Origine, or
    None when the request is not about it; it raises Http404 for one the user may not use."""
    if origin not in _ORIGINES:
        _ORIGINES.append(origin)


def origin_for(request: HttpRequest) -> Origine:
    for origin in [from_alliance, *_ORIGINES]:
        found = origin(request)
        if found is not None:
            return found
    raise Http404


def from_alliance(request: HttpRequest) -> Origine | None:
    """An alliance that one of my organisations takes part in (or is asked to)."""
    slug = request.GET.get("alliance", "")
    if not slug:
        return None
    if not re.fullmatch(r"[-a-zA-Z0-9_]{1,220}", slug):
        raise Http404
    origine = alliance_origin(get_object_or_404(Alliance, slug=slug))
    if origine is None or not {o.pk for o in origine.parties} & my_organisation_ids(request.user):
        raise Http404
    return origine


def alliance_origin(alliance: Alliance) -> Origine | None:
    """The alliance's parties are the organisations that have not declined, porteur first;
    None when fewer than two remain (a convention binds two parties at least)."""
    participations = list(
        alliance.participations.exclude(etat=Participation.Etat.REFUSEE)
        .select_related("organisation__siege")
        .order_by(
            Case(When(role=Participation.Role.PORTEUR, then=0), default=1), "organisation__nom"
        )
    )
    if len(participations) < 2:
        return None

    def lock_existing() -> Convention | None:
        Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
        return Convention.objects.filter(alliance=alliance, etat=Convention.Etat.REDACTION).first()

    return Origine(
        label=f"l'alliance « {alliance.titre} »",
        query=f"alliance={alliance.slug}",
        parties=[p.organisation for p in participations],
        titre=alliance.titre,
        objet=alliance.description[:3000],
        typologie=alliance.typologie,
        modalite=alliance.modalite,
        contributions={p.organisation_id: p.contribution for p in participations},
        alliance=alliance,
        lock_existing=lock_existing,
    )
