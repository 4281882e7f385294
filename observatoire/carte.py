"""The choropleth's classes: which colour each territory takes and what its legend says, worked
out on the server so that the legend is written in the page and tested here.

Territories without a single alliance get a class of their own (« aucune alliance »), and
those where nobody lives another (« sans habitants »). The others are cut into at most five
classes of about the same number of territories, each starting at a value that some territory
has: no class is empty, no two classes share a value, and each one reads « de a à b » with the
lowest and highest values it really holds."""

from dataclasses import dataclass

# From the lightest to the darkest blue of the DSFR's palette.
COULEURS = ("#e3e3fd", "#b1b1f9", "#8585f6", "#5151d3", "#000091")
SANS_HABITANTS = "#f6f6f6"


@dataclass(frozen=True)
class Classe:
    libelle: str
    couleur: str
    territoires: int


@dataclass(frozen=True)
class Classement:
    classes: list[Classe]
    # The colour of each value, in the order given.
    couleurs: list[str]


def _nombre(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _libelle(plus_bas: float, plus_haut: float) -> str:
    if plus_bas == plus_haut:
        return _nombre(plus_bas)
    return f"de {_nombre(plus_bas)} à {_nombre(plus_haut)}"


def _palette(nombre: int, couleurs: tuple[str, ...]) -> list[str]:
    """`nombre` colours spread over the palette, from light to dark."""
    if nombre == 1:
        return [couleurs[-1]]
    last = len(couleurs) - 1
    return [couleurs[round(index * last / (nombre - 1))] for index in range(nombre)]


def classer(valeurs: list[float | None]) -> Classement:
    """The classes of these values (alliances per 10,000 inhabitants, None where nobody
    lives) and each value's colour."""
    positives = sorted(v for v in valeurs if v)
    zeros = sum(1 for v in valeurs if v == 0)
    palette = COULEURS[1:] if zeros else COULEURS
    # Each class starts at a value some territory has, taken at even ranks: distinct starts,
    # so no class is empty.
    distinctes = len(set(positives))
    nombre = min(len(palette), distinctes)
    debuts: list[float] = []
    if nombre:
        n = len(positives)
        rangs = {positives[index * n // nombre] for index in range(nombre)}
        debuts = sorted(rangs | {positives[0]})

    def rang(value: float) -> int:
        return max(index for index, debut in enumerate(debuts) if value >= debut)

    membres: list[list[float]] = [[] for _ in debuts]
    for value in positives:
        membres[rang(value)].append(value)
    couleurs_classes = _palette(len(debuts), palette) if debuts else []

    classes = []
    if zeros:
        classes.append(Classe("aucune alliance", COULEURS[0], zeros))
    classes += [
        Classe(_libelle(group[0], group[-1]), couleur, len(group))
        for group, couleur in zip(membres, couleurs_classes, strict=True)
    ]
    sans_habitants = sum(1 for v in valeurs if v is None)
    if sans_habitants:
        classes.append(Classe("sans habitants", SANS_HABITANTS, sans_habitants))

    def couleur(value: float | None) -> str:
        if value is None:
            return SANS_HABITANTS
        if value == 0:
            return COULEURS[0]
        return couleurs_classes[rang(value)]

    return Classement(classes=classes, couleurs=[couleur(v) for v in valeurs])
