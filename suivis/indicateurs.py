"""The shared referential of follow-up indicators, read from `indicateurs.yaml`.

A data file rather than a table: the indicators are part of the product (the observatoire
counts them, the forms ask them), they change with a release, never from the admin, and a
code is never renamed once values were stored under it. Each value row stores the code
(`ValeurIndicateur.indicateur`), so that SQL sums values per indicator without a join.

The file is read strictly, once per process: an unknown key, a missing one, an unknown
typologie or a duplicate code stops the start with the entry at fault."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.core.exceptions import ImproperlyConfigured

from nomenclatures.models import Typologie

FICHIER = Path(__file__).resolve().parent / "indicateurs.yaml"
CLES = {"code", "label", "unite", "aide", "typologies", "par_odd"}
CLES_REQUISES = CLES - {"aide"}


@dataclass(frozen=True)
class Indicateur:
    code: str
    label: str
    unite: str
    typologies: frozenset[str]
    par_odd: bool = False
    aide: str = ""

    def applies_to(self, typologie: str) -> bool:
        return typologie in self.typologies


def _erreur(where: str, message: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"{FICHIER.name}, {where} : {message}")


def _read(entree, index: int) -> Indicateur:
    where = f"indicateur n° {index + 1}"
    if not isinstance(entree, dict):
        raise _erreur(where, "une table (clé: valeur) est attendue.")
    if inconnues := set(entree) - CLES:
        raise _erreur(where, f"clé inconnue {', '.join(sorted(inconnues))}.")
    if manquantes := CLES_REQUISES - set(entree):
        raise _erreur(where, f"il manque {', '.join(sorted(manquantes))}.")
    typologies = entree["typologies"]
    if not isinstance(typologies, list) or not typologies:
        raise _erreur(where, "typologies est une liste non vide.")
    if inconnues := set(typologies) - set(Typologie.values):
        raise _erreur(where, f"typologie inconnue {', '.join(sorted(inconnues))}.")
    if not isinstance(entree["par_odd"], bool):
        raise _erreur(where, "par_odd vaut true ou false.")
    return Indicateur(
        code=str(entree["code"]),
        label=str(entree["label"]),
        unite=str(entree["unite"]),
        aide=str(entree.get("aide", "")),
        typologies=frozenset(typologies),
        par_odd=entree["par_odd"],
    )


@cache
def referentiel() -> dict[str, Indicateur]:
    """Every indicator by code, in the file's order."""
    with FICHIER.open(encoding="utf-8") as fichier:
        entrees = yaml.safe_load(fichier)
    if not isinstance(entrees, list):
        raise _erreur("début du fichier", "une liste d'indicateurs est attendue.")
    indicateurs: dict[str, Indicateur] = {}
    for index, entree in enumerate(entrees):
        indicateur = _read(entree, index)
        if indicateur.code in indicateurs:
            raise _erreur(f"indicateur n° {index + 1}", f"code {indicateur.code} en double.")
        indicateurs[indicateur.code] = indicateur
    return indicateurs


def get(code: str) -> Indicateur | None:
    return referentiel().get(code)


def for_typologie(typologie: str) -> list[Indicateur]:
    """The indicators a partner of an alliance of this typologie is asked, in the file's order."""
    return [i for i in referentiel().values() if i.applies_to(typologie)]
