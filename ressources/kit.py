"""The generated parts of the kit « ODD 17 en pratique »: the map of the library's tools (a
profil × objectif grid built from the data) and the examples of partnership models (taken
from the published alliances, when there are some)."""

from dataclasses import dataclass, field

from django.db.models import F
from django.http import QueryDict
from django.urls import reverse

from alliances.models import Alliance
from nomenclatures.models import Typologie
from ressources.models import Etiquette, Objectif, Profil, Ressource

OUTILS_PAR_CASE = 8
EXEMPLES_PAR_CAS = 2


@dataclass
class Case:
    profil: str
    objectif: str
    objectif_libelle: str
    url: str
    ressources: list[Ressource] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.ressources)

    @property
    def premieres(self) -> list[Ressource]:
        return self.ressources[:OUTILS_PAR_CASE]


@dataclass
class Ligne:
    profil: str
    libelle: str
    cases: list[Case]


def cartographie(maturite: str = "") -> list[Ligne]:
    """One row per profil, one cell per objectif: the published tools that serve both, newest
    first, and the library's link with both filters. Two queries whatever the library's size."""
    outils = Ressource.objects.published().outils()
    if maturite:
        outils = outils.filter(maturite=maturite)
    par_pk = {r.pk: r for r in outils.order_by(F("publiee_le").desc(), "-pk").only("titre", "slug")}
    axes: dict[int, dict[str, set[str]]] = {}
    rows = Etiquette.objects.filter(
        ressource__in=outils.values("pk"), axe__in=["profil", "objectif"]
    )
    for pk, axe, valeur in rows.values_list("ressource_id", "axe", "valeur"):
        axes.setdefault(pk, {"profil": set(), "objectif": set()})[axe].add(valeur)

    lignes = []
    for profil, libelle in Profil.choices:
        cases = []
        for objectif, objectif_libelle in Objectif.choices:
            query = QueryDict(mutable=True)
            query.update({"profil": profil, "objectif": objectif})
            if maturite:
                query["maturite"] = maturite
            case = Case(
                profil=profil,
                objectif=objectif,
                objectif_libelle=objectif_libelle,
                url=f"{reverse('ressources:ressource_list')}?{query.urlencode()}",
            )
            for pk, ressource in par_pk.items():
                valeurs = axes.get(pk)
                if valeurs and profil in valeurs["profil"] and objectif in valeurs["objectif"]:
                    case.ressources.append(ressource)
            cases.append(case)
        lignes.append(Ligne(profil=profil, libelle=libelle, cases=cases))
    return lignes


@dataclass
class Modele:
    typologie: str
    libelle: str
    exemples: dict[str, list[Alliance]]


def exemples_de_modeles() -> list[Modele]:
    """For each typologie, up to two published alliances of each modalité (contrat-échange,
    contrat-alliance), newest first. Eight small indexed queries; empty lists of examples when
    the platform has no alliance yet."""
    modeles = []
    for typologie, libelle in Typologie.choices:
        exemples = {}
        for modalite, _ in Alliance.Modalite.choices:
            exemples[modalite] = list(
                Alliance.objects.published()
                .filter(typologie=typologie, modalite=modalite)
                .select_related("commune")
                .order_by(F("date_debut").desc(nulls_last=True), "-pk")[:EXEMPLES_PAR_CAS]
            )
        modeles.append(Modele(typologie=typologie, libelle=libelle, exemples=exemples))
    return modeles
