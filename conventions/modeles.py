"""The model conventions: one YAML file per model in conventions/modeles/, read once. A model
names the typologies and modalités it suits, a short summary, an optional public information
box (the tax receipt of mécénat) and its clauses, whose placeholders are filled in when a draft
is created. After that, the clauses belong to the parties, who edit each one."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template

import yaml

DOSSIER = Path(__file__).resolve().parent / "modeles"

# What a clause may contain, and what it becomes in a new draft.
PLACEHOLDERS = {
    "objet": "the object of the agreement, as typed",
    "partie_1": "the first party's name (the offre's or the alliance's porteur)",
    "partie_2": "the second party's name",
    "parties": "every party's name, separated by commas",
    "contributions": "a Markdown list of what each party brings",
    "date_debut": "the start date, or a blank to fill",
    "duree": "the duration in months, or a blank to fill",
}


@dataclass(frozen=True)
class Modele:
    code: str
    titre: str
    typologies: tuple[str, ...]
    modalites: tuple[str, ...]
    resume: str
    information: str
    clauses: tuple[tuple[str, str], ...]
    ordre: int

    def suits(self, typologie: str, modalite: str = "") -> bool:
        return typologie in self.typologies and (not modalite or modalite in self.modalites)

    def clauses_for(self, valeurs: dict[str, str]) -> list[tuple[str, str]]:
        """The clauses with their placeholders filled; an unknown `$mot` stays as it is."""
        return [
            (titre, Template(texte).safe_substitute(valeurs).strip())
            for titre, texte in self.clauses
        ]


def _read(path: Path) -> Modele:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if data["code"] != path.stem:
        raise ValueError(f"{path.name} : le code doit être le nom du fichier.")
    return Modele(
        code=data["code"],
        titre=data["titre"],
        typologies=tuple(data["typologies"]),
        modalites=tuple(data["modalites"]),
        resume=data["resume"].strip(),
        information=data.get("information", "").strip(),
        clauses=tuple((c["titre"], c["texte"]) for c in data["clauses"]),
        ordre=data["ordre"],
    )


@cache
def modeles() -> dict[str, Modele]:
    """Every model by code, in their display order."""
    lus = sorted((_read(path) for path in DOSSIER.glob("*.yaml")), key=lambda m: m.ordre)
    return {modele.code: modele for modele in lus}


def modele(code: str) -> Modele | None:
    return modeles().get(code)


def choices() -> list[tuple[str, str]]:
    return [(m.code, m.titre) for m in modeles().values()]


def suggested(typologie: str, modalite: str = "", prefere: str = "") -> list[Modele]:
    """The preferred model, then those that suit this typologie (and modalité, when known),
    then the others."""
    tous = list(modeles().values())
    return sorted(
        tous,
        key=lambda m: (
            m.code != prefere,
            not m.suits(typologie, modalite),
            not m.suits(typologie),
        ),
    )
