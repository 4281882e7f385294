"""The scénarios of the demo alliances (alliances.demo), read from the data files: one file
per typologie (donnees_demo/alliances_<typologie>.yaml), and donnees_demo/alliances.yaml for
what all alliances share (the mention, the sentence naming the partners after the first, the
sentences that may follow the results, the texts of the last-resort scénarios).

The profils a scénario casts are checked here, against the models of organisations.yaml,
because a misspelt one would not fail: the scénario would just never find its organisations.
"""

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from alliances.models import Alliance
from comptes.demo import (
    DonneesDemoError,
    build,
    check_keys,
    check_list,
    check_mapping,
    load,
    read_yaml,
)
from nomenclatures.models import Typologie
from organisations.demo import GROUPES, PROFILS, PROFILS_RESERVES

DONNEES = Path(__file__).resolve().parent / "donnees_demo"

Typologie = Typologie

FICHIERS_SCENARIOS = {
    Typologie.MECENAT: "alliances_mecenat.yaml",
    Typologie.INNOVATION_SOCIETALE: "alliances_innovation.yaml",
    Typologie.COOPERATION_ECONOMIQUE: "alliances_cooperation.yaml",
    Typologie.PRATIQUES_RESPONSABLES: "alliances_pratiques.yaml",
}
# What the slots of a scénario can name, and who its contributions can be written for.
CASTABLES = set(PROFILS.values()) | PROFILS_RESERVES
CONTRIBUTEURS = (CASTABLES - {"*"}) | {"porteur", "partenaire"}


@dataclass(frozen=True)
class Scenario:
    """A kind of alliance. `porteur` and each slot of `partenaires` list the profils (or kinds,
    or "*" for anyone) that can fill them; the first `requis` slots must be filled, the others
    join now and then. Texts may use {porteur}, {de_porteur}, {a_porteur}, the same for the
    first partner ({p1}…), the porteur's commune ({commune}, {de_commune}, {a_commune}) and the
    figures ({personnes}, {emplois}, {budget}, {petit}, {petit2}, {nombre}, {annee}).

    `contributions` is keyed by profil, then kind, then "porteur" or "partenaire". Domaines
    "@porteur" and "@p1" stand for that organisation's own domaines. A `local` scenario only
    happens between organisations of the same région; an `affinite` one prefers partners that
    share a domaine with the porteur (its slots are broad: any association, any fondation).
    In the data files, a slot may also name a group of profils (« @bureaux »): the loader
    spells it out, so that the scénario only holds profils, kinds and "*"."""

    cle: str
    typologie: str
    porteur: tuple[str, ...]
    partenaires: tuple[tuple[str, ...], ...]
    titres: tuple[str, ...]
    phrases: tuple[str, ...]
    contributions: dict[str, str]
    resultats: tuple[str, ...]
    domaines: tuple[str, ...]
    odd: tuple[int, ...]
    personnes: tuple[int, int] | None = None
    emplois: tuple[int, int] | None = None
    budget: tuple[int, int] | None = None
    local: bool = False
    affinite: bool = False
    poids: float = 1.0
    requis: int = 1


@dataclass(frozen=True)
class TextesAlliances:
    """What alliances.yaml holds: the mention, the sentence that names the partners after the
    first one, the sentences that may follow the results (by état), and the last-resort
    scénarios (by typologie, with what they share under « commun »)."""

    mention: str
    autres_partenaires: str
    resultats_suite: dict[str, tuple[str, ...]]
    dernier_recours: dict[str, dict]


def scenarios_load(typologie: str, path: Path | None = None) -> list[Scenario]:
    """The scénarios of a typologie, read from its file (see `_checked`)."""
    path = path or DONNEES / FICHIERS_SCENARIOS[typologie]
    data = check_keys(read_yaml(path), path.name, ["scenarios"])
    scenarios = []
    for index, entry in enumerate(check_list(data["scenarios"], f"{path.name}, scenarios")):
        where = f"{path.name}, scenarios[{index}]"
        scenario = build(Scenario, entry, where, typologie=typologie)
        scenarios.append(_checked(scenario, f"{where} ({scenario.cle})"))
    return scenarios


def alliances_load(path: Path = DONNEES / "alliances.yaml") -> TextesAlliances:
    """The texts every typologie shares, with the last-resort scénarios built: any two
    organisations, for when no other scénario of the typologie can be cast."""
    where = path.name
    textes = load(TextesAlliances, path)
    etats = [Alliance.Etat.TERMINEE, Alliance.Etat.EN_COURS]
    check_keys(textes.resultats_suite, f"{where}, resultats_suite", etats)
    check_keys(textes.dernier_recours, f"{where}, dernier_recours", ["commun", *Typologie.values])
    commun = check_mapping(textes.dernier_recours["commun"], f"{where}, dernier_recours.commun")
    dernier_recours = {}
    for code in Typologie.values:
        propres = check_mapping(textes.dernier_recours[code], f"{where}, dernier_recours.{code}")
        if deux_fois := sorted(commun.keys() & propres.keys()):
            raise DonneesDemoError(
                f"{where}, dernier_recours.{code} : {', '.join(deux_fois)} aussi dans « commun »."
            )
        scenario = build(
            Scenario,
            {**commun, **propres},
            f"{where}, dernier_recours.{code}",
            typologie=Typologie(code),
            porteur=("*",),
            partenaires=(("*",),),
        )
        dernier_recours[scenario.typologie] = _checked(scenario, f"{where}, dernier_recours.{code}")
    return dataclasses.replace(
        textes,
        resultats_suite={Alliance.Etat(e): t for e, t in textes.resultats_suite.items()},
        dernier_recours=dernier_recours,
    )


def _checked(scenario: Scenario, where: str) -> Scenario:
    """The scénario with its groups of profils spelt out (« @bureaux »: the profils of
    organisations.yaml's group), once every name it casts or writes a contribution for is
    known, and it has texts and a required partner to tell and cast."""

    def profils(noms: tuple[str, ...], champ: str) -> tuple[str, ...]:
        spelt: list[str] = []
        for nom in noms:
            if nom.startswith("@") and nom[1:] in GROUPES:
                spelt += GROUPES[nom[1:]]
            elif nom in CASTABLES:
                spelt.append(nom)
            else:
                raise DonneesDemoError(
                    f"{where}, {champ} : profil ou groupe inconnu {nom} (groupes : "
                    f"{', '.join('@' + groupe for groupe in GROUPES)})."
                )
        return tuple(spelt)

    if inconnus := [cle for cle in scenario.contributions if cle not in CONTRIBUTEURS]:
        raise DonneesDemoError(f"{where}, contributions : profil inconnu {', '.join(inconnus)}.")
    if "porteur" not in scenario.contributions:
        raise DonneesDemoError(f"{where}, contributions : il manque porteur.")
    if vides := [
        champ for champ in ("titres", "phrases", "resultats") if not getattr(scenario, champ)
    ]:
        raise DonneesDemoError(f"{where} : {', '.join(vides)} vide.")
    if not 1 <= scenario.requis <= len(scenario.partenaires):
        raise DonneesDemoError(f"{where} : requis entre 1 et le nombre de places de partenaires.")
    return dataclasses.replace(
        scenario,
        porteur=profils(scenario.porteur, "porteur"),
        partenaires=tuple(
            profils(slot, f"partenaires[{index}]")
            for index, slot in enumerate(scenario.partenaires)
        ),
    )


SCENARIOS = {typologie: scenarios_load(typologie) for typologie in FICHIERS_SCENARIOS}
_TEXTES = alliances_load()
MENTION_DEMO_ALLIANCE = _TEXTES.mention
PHRASE_AUTRES_PARTENAIRES = _TEXTES.autres_partenaires
DERNIER_RECOURS = _TEXTES.dernier_recours
RESULTATS_SUITE = _TEXTES.resultats_suite
