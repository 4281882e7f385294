"""The personal data each app holds about an account, for the account's rights (issue 18):
« Mes données » gathers what every app exports, and deleting an account asks every app to
erase or anonymise its part first. Each app declares a `Rubrique` from its
`AppConfig.ready()`, so that comptes, at the bottom, imports none of them."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class Rubrique:
    """`export(user)`: JSON-friendly rows (a list of dicts) or one dict, nothing of anyone
    else's personal data beyond what the user already sees; `erase(user)`: runs inside the
    deletion's transaction, before the account is anonymised; `consequences(user)`: sentences
    shown before the user confirms the deletion; `purge(now)`: the app's retention job, which
    removes what has been kept long enough (settings.CONSERVATION) and answers how many rows
    of each kind it removed or anonymised."""

    name: str
    titre: str
    export: Callable
    erase: Callable | None = None
    consequences: Callable | None = None
    purge: Callable | None = None
    ordre: int = 50


_RUBRIQUES: dict[str, Rubrique] = {}


def register(rubrique: Rubrique) -> None:
    _RUBRIQUES[rubrique.name] = rubrique


def rubriques() -> list[Rubrique]:
    return sorted(_RUBRIQUES.values(), key=lambda r: (r.ordre, r.name))


def export_for(user) -> dict:
    """Everything the platform holds about the user, rubrique by rubrique."""
    return {
        "genere_le": timezone.now().isoformat(),
        "rubriques": [
            {"name": r.name, "titre": r.titre, "donnees": r.export(user)} for r in rubriques()
        ],
    }


def consequences_for(user) -> list[str]:
    return [phrase for r in rubriques() if r.consequences for phrase in r.consequences(user)]


def erase_for(user) -> None:
    for rubrique in rubriques():
        if rubrique.erase is not None:
            rubrique.erase(user)


def purge_all(now=None) -> dict[str, int]:
    now = now or timezone.now()
    counts: dict[str, int] = {}
    for rubrique in rubriques():
        if rubrique.purge is not None:
            counts.update(rubrique.purge(now))
    return counts


def duree(nom: str) -> timedelta:
    """A retention period of settings.CONSERVATION, in days, as a timedelta."""
    return timedelta(days=settings.CONSERVATION[nom])


def iso(value) -> str | None:
    """A date or datetime as the export writes it."""
    return value.isoformat() if value is not None else None
