"""Demo alliances, for local use only (`load_demo`): a few hundred alliances of every
typologie, état and size between the published demo organisations (organisations.demo).

Each alliance follows a scénario: who can carry it (the porteur), who can join it, and the
texts it is told with. Organisations are recognised by the model they were generated from
(their profil), so that an ESAT, not a théâtre, does the conditionnement for an entreprise.
The scénarios are in donnees_demo/alliances_<typologie>.yaml, what all alliances share in
donnees_demo/alliances.yaml; this module casts the organisations and draws the rest from one
`random.Random(seed)`, so that the same seed on the same organisations gives the same set.
"""

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from alliances.demo_scenarios import (
    DERNIER_RECOURS,
    MENTION_DEMO_ALLIANCE,
    PHRASE_AUTRES_PARTENAIRES,
    RESULTATS_SUITE,
    SCENARIOS,
    Scenario,
)
from alliances.models import Alliance, Participation
from alliances.services import alliances_refresh_search
from comptes.demo import SLUG_PREFIX
from moderation import workflow
from moderation.models import Statut
from nomenclatures.models import Typologie
from organisations.demo import MODELES, PROFILS, _a, _de, _nombre, _unique_slugs
from organisations.models import Organisation

Kind = Organisation.Kind
Typologie = Typologie

TYPOLOGIE_SHARES = [
    (Typologie.MECENAT, 0.35),
    (Typologie.COOPERATION_ECONOMIQUE, 0.25),
    (Typologie.PRATIQUES_RESPONSABLES, 0.20),
    (Typologie.INNOVATION_SOCIETALE, 0.20),
]
ETAT_SHARES = [
    (Alliance.Etat.EN_COURS, 0.60),
    (Alliance.Etat.TERMINEE, 0.25),
    (Alliance.Etat.EN_PROJET, 0.15),
]
PORTEE_SHARES = [
    (Alliance.Portee.LOCALE, 0.60),
    (Alliance.Portee.DEPARTEMENTALE, 0.20),
    (Alliance.Portee.REGIONALE, 0.15),
    (Alliance.Portee.NATIONALE, 0.05),
]
# Share of contrat-alliance (the partners build the solution together) by typologie; the others
# are contrat-échange (one party brings resources to the other).
PART_CONTRAT_ALLIANCE = {
    Typologie.MECENAT: 0.15,
    Typologie.PRATIQUES_RESPONSABLES: 0.25,
    Typologie.INNOVATION_SOCIETALE: 0.90,
    Typologie.COOPERATION_ECONOMIQUE: 0.80,
}
PART_ALLIANCES_PUBLIEES = 0.92
# Chance that a partner has not confirmed yet: higher for projects and alliances under review.
PART_EN_ATTENTE = {
    Alliance.Etat.EN_PROJET: 0.40,
    Alliance.Etat.EN_COURS: 0.13,
    Alliance.Etat.TERMINEE: 0.03,
}
PART_EN_ATTENTE_NON_PUBLIEE = 0.40
PART_PARTENAIRE_OPTIONNEL = 0.5
PARTICIPANTS_MAX = 4
# No organisation takes part in more alliances than this while others are free.
CHARGE_MAX = 8

# Dates are drawn from fixed bounds, not from today, so that a seed always gives the same set.
DEBUT_TERMINEES = (date(2019, 1, 1), date(2025, 6, 30))
DEBUT_EN_COURS = (date(2019, 9, 1), date(2026, 10, 31))
DEBUT_EN_PROJET = (date(2026, 11, 15), date(2026, 12, 31))
FIN_AU_PLUS_TARD = date(2026, 10, 31)


# First words of organisation names that take an article in a sentence: « la Fondation X »,
# « l'ESAT… », « le Garage Martin »; other names are used bare (« Martin Bâtiment »).
MOTS_FEMININS = {
    "Fondation", "Ville", "Commune", "Métropole", "Eurométropole", "CA", "CC", "CU",
    "Communauté", "Pharmacie", "Boulangerie", "Ferme", "Chambre", "Maison", "Ressourcerie",
    "Épicerie", "Imprimerie", "Agence", "Université", "École",
}  # fmt: skip
MOTS_MASCULINS = {
    "Centre", "Cabinet", "Groupe", "Garage", "Lycée", "Fonds", "Festival", "Office", "Atelier",
    "IUT", "ESAT",
}  # fmt: skip
VOYELLES = "AEIOUÂÉÈÊÎÔÛ"


def _formes(nom: str) -> tuple[str, str, str]:
    """The name in a sentence, after « de » and after « à »: « la Roue libre de Lyon », « de la
    Roue libre de Lyon », « à la Roue libre de Lyon »; « le Comptoir », « du Comptoir », « au
    Comptoir »; « Martin Bâtiment », « de Martin Bâtiment », « à Martin Bâtiment »."""
    for article, de, a in (
        ("Le ", "du ", "au "),
        ("La ", "de la ", "à la "),
        ("Les ", "des ", "aux "),
    ):
        if nom.startswith(article):
            reste = nom[len(article) :]
            return article.lower() + reste, de + reste, a + reste
    premier = nom.split()[0]
    if premier in MOTS_FEMININS or premier in MOTS_MASCULINS:
        if premier[0] in VOYELLES:
            return f"l'{nom}", f"de l'{nom}", f"à l'{nom}"
        if premier in MOTS_FEMININS:
            return f"la {nom}", f"de la {nom}", f"à la {nom}"
        return f"le {nom}", f"du {nom}", f"au {nom}"
    return nom, _de(nom), f"à {nom}"


def _majuscule(text: str) -> str:
    return text[:1].upper() + text[1:]


def _liste(noms: list[str]) -> str:
    return noms[0] if len(noms) == 1 else ", ".join(noms[:-1]) + " et " + noms[-1]


def _pattern(nom: str) -> re.Pattern:
    """« {nom} Bâtiment » → ^.+ Bâtiment$"""
    parts = re.split(r"\{[a-z_0-9]+\}", nom)
    return re.compile(".+".join(re.escape(part) for part in parts))


PROFILS_PAR_KIND = {
    kind: [(_pattern(modele.nom), PROFILS[modele.nom]) for modele in modeles]
    for kind, modeles in MODELES.items()
}


def _profil(organisation: Organisation) -> str:
    """The model an organisation was generated from, or its kind when the name says nothing."""
    if organisation.kind == Kind.COLLECTIVITE:
        return "epci" if organisation.territoire_epci_id else "commune"
    for pattern, profil in PROFILS_PAR_KIND.get(organisation.kind, []):
        if pattern.fullmatch(organisation.nom):
            return profil
    return organisation.kind


@dataclass(eq=False)
class _Acteur:
    organisation: Organisation
    profil: str
    domaines: list[str]

    @property
    def pk(self) -> int:
        return self.organisation.pk

    @property
    def region(self) -> str:
        return self.organisation.siege.region_id

    @property
    def zones(self) -> tuple[None, tuple[str, str], tuple[str, str]]:
        """Where the organisation can be looked for: anywhere, its région, its département."""
        siege = self.organisation.siege
        return (None, ("region", siege.region_id), ("departement", siege.departement_id))

    @property
    def cles(self) -> tuple[str, str, str]:
        return (self.profil, self.organisation.kind, "*")


class _Distribution:
    """Casts organisations in scénarios: partners from the porteur's département first, then
    its région; the least busy organisations first."""

    def __init__(self, rng: random.Random, acteurs: list[_Acteur]):
        self.rng = rng
        self.index: dict[tuple, list[_Acteur]] = {}
        for acteur in acteurs:
            for cle in acteur.cles:
                for zone in acteur.zones:
                    self.index.setdefault((cle, zone), []).append(acteur)
        self.charge: dict[int, int] = {acteur.pk: 0 for acteur in acteurs}
        self.charge_max = CHARGE_MAX

    def candidats(self, cles: tuple[str, ...], zone=None, exclus=()) -> list[_Acteur]:
        """Organisations of these profils in the zone, not excluded, not too busy."""
        vus = set(exclus)
        result = []
        for cle in cles:
            for acteur in self.index.get((cle, zone), []):
                if acteur.pk not in vus and self.charge[acteur.pk] < self.charge_max:
                    vus.add(acteur.pk)
                    result.append(acteur)
        return result

    def proches(
        self, cles: tuple[str, ...], porteur: _Acteur, exclus, partout: bool, affinite: bool
    ) -> list[_Acteur]:
        """Candidates in the porteur's département, else its région, else anywhere (when
        `partout`); with `affinite`, those sharing a domaine with the porteur first at each
        distance."""
        locales = [self.candidats(cles, zone, exclus) for zone in reversed(porteur.zones[1:])]
        lointaines = [self.candidats(cles, None, exclus)] if partout else []
        groupes = []
        for etape in (locales, lointaines):
            if affinite:
                groupes += [
                    [acteur for acteur in groupe if set(acteur.domaines) & set(porteur.domaines)]
                    for groupe in etape
                ]
            groupes += etape
        return next((groupe for groupe in groupes if groupe), [])

    def choisir(self, candidats: list[_Acteur]) -> _Acteur:
        poids = [1 / (1 + self.charge[acteur.pk]) ** 2 for acteur in candidats]
        return self.rng.choices(candidats, weights=poids)[0]

    def distribuer(self, scenario: Scenario) -> list[_Acteur] | None:
        """The porteur then its partners, or None when the scénario cannot be cast."""
        porteurs = self.candidats(scenario.porteur)
        requis = scenario.partenaires[: scenario.requis]
        regionaux = [
            porteur
            for porteur in porteurs
            if all(self.candidats(slot, porteur.zones[1], [porteur.pk]) for slot in requis)
        ]
        if not regionaux and (scenario.local or not porteurs):
            return None
        porteur = self.choisir(regionaux or porteurs)
        participants = [porteur]
        for slot in requis:
            pris = [acteur.pk for acteur in participants]
            candidats = self.proches(slot, porteur, pris, True, scenario.affinite)
            if not candidats:
                return None
            participants.append(self.choisir(candidats))
        for slot in scenario.partenaires[scenario.requis :]:
            if len(participants) >= PARTICIPANTS_MAX:
                break
            if self.rng.random() < PART_PARTENAIRE_OPTIONNEL:
                pris = [acteur.pk for acteur in participants]
                if candidats := self.proches(slot, porteur, pris, False, scenario.affinite):
                    participants.append(self.choisir(candidats))
        return participants

    def engager(self, participants: list[_Acteur]) -> None:
        for acteur in participants:
            self.charge[acteur.pk] += 1


def _draw_shares(rng: random.Random, count: int, shares: list[tuple[str, float]]) -> list[str]:
    """Exactly rounded shares, the last value taking the remainder, in random order."""
    values: list[str] = []
    for value, share in shares[:-1]:
        values += [value] * round(count * share)
    values = values[:count]
    values += [shares[-1][0]] * (count - len(values))
    rng.shuffle(values)
    return values


def _choose_scenario(
    rng: random.Random,
    distribution: _Distribution,
    typologie: str,
    emplois_scenarios: dict[str, int],
    deja_vus: set[tuple],
) -> tuple[Scenario, list[_Acteur]]:
    """A scénario of the typologie, the least used ones first, and its cast. The same porteur
    and first partner are cast twice in a scénario only when nothing else fits."""
    while True:
        scenarios = list(SCENARIOS[typologie])
        essais = dict.fromkeys((s.cle for s in scenarios), 0)
        doublon = None
        while scenarios:
            poids = [s.poids / (1 + emplois_scenarios[s.cle]) for s in scenarios]
            scenario = rng.choices(scenarios, weights=poids)[0]
            participants = distribution.distribuer(scenario)
            if participants is None:
                scenarios.remove(scenario)
                continue
            cle = (scenario.cle, participants[0].pk, participants[1].pk)
            if cle not in deja_vus:
                deja_vus.add(cle)
                return scenario, participants
            doublon = doublon or (scenario, participants)
            essais[scenario.cle] += 1
            if essais[scenario.cle] >= 3:
                scenarios.remove(scenario)
        if doublon:
            return doublon
        scenario = DERNIER_RECOURS[typologie]
        if participants := distribution.distribuer(scenario):
            return scenario, participants
        # Everybody is busy (many alliances for few organisations): raise the bar.
        distribution.charge_max += CHARGE_MAX


def _date_entre(rng: random.Random, bornes: tuple[date, date]) -> date:
    debut, fin = bornes
    return debut + timedelta(days=rng.randint(0, (fin - debut).days))


def _arrondi(value: int) -> int:
    """Figures as people give them: 1 240 rather than 1 237, 87 stays 87."""
    if value >= 10000:
        return round(value, -3)
    if value >= 1000:
        return round(value, -2)
    if value >= 100:
        return round(value, -1)
    return value


def _tirer(rng: random.Random, bornes: tuple[int, int] | None) -> int | None:
    return _arrondi(rng.randint(*bornes)) if bornes else None


def _alliance_domaines(rng: random.Random, scenario: Scenario, participants) -> list[str]:
    """The scénario's main domaine, plus up to two others, those of the partners first."""
    codes: list[str] = []
    for code in scenario.domaines:
        if code == "@porteur":
            codes += participants[0].domaines
        elif code == "@p1":
            codes += participants[1].domaines
        else:
            codes.append(code)
    codes = list(dict.fromkeys(codes)) or ["autre"]
    presents = {code for acteur in participants for code in acteur.domaines}
    autres = codes[1:]
    rng.shuffle(autres)
    autres.sort(key=lambda code: code not in presents)
    return [codes[0], *autres[: rng.randint(0, min(2, len(autres)))]]


def _contribution(scenario: Scenario, acteur: _Acteur, porteur: bool) -> str:
    if porteur:
        return scenario.contributions["porteur"]
    for cle in (acteur.profil, acteur.organisation.kind, "partenaire"):
        if cle in scenario.contributions:
            return scenario.contributions[cle]
    raise KeyError(f"{scenario.cle} : pas de contribution pour {acteur.profil}")


def _deux_confirmees(rows: list[Participation], maintenant) -> None:
    """A published alliance has two confirmed organisations at least (the workflow publishes
    none with fewer): the first partner still invited confirms when only the porteur did.
    The random draws stay the same, so the rest of the demo doesn't move."""
    if sum(row.etat == Participation.Etat.CONFIRMEE for row in rows) >= 2:
        return
    for row in rows[1:]:
        if row.etat != Participation.Etat.CONFIRMEE:
            row.etat = Participation.Etat.CONFIRMEE
            row.decided_at = maintenant
            return


@transaction.atomic
def demo_alliances_create(*, count: int = 400, seed: int = 17) -> int:
    """Create `count` fictitious alliances between the published demo organisations; return how
    many.

    Does nothing (and returns 0) when demo alliances already exist or when fewer than two demo
    organisations are published. Each alliance follows a scénario that fits its typologie and
    brings together two to four organisations, of the same région when possible: about 35 %
    mécénat, 25 % coopération économique, 20 % pratiques responsables, 20 % innovation
    sociétale; 60 % en cours, 25 % terminées, 15 % en projet; 92 % published.
    """
    if Alliance.objects.exclude(slug__startswith=SLUG_PREFIX).filter(is_demo=True).exists():
        return 0
    organisations = list(
        Organisation.objects.published()
        .filter(is_demo=True)
        .exclude(slug__startswith=SLUG_PREFIX)
        .select_related("siege")
        .prefetch_related("domaines")
        .order_by("pk")
    )
    if len(organisations) < 2:
        return 0

    rng = random.Random(seed)
    acteurs = [_Acteur(o, _profil(o), [d.code for d in o.domaines.all()]) for o in organisations]
    distribution = _Distribution(rng, acteurs)
    typologies = _draw_shares(rng, count, TYPOLOGIE_SHARES)
    etats = _draw_shares(rng, count, ETAT_SHARES)
    publiees = round(count * PART_ALLIANCES_PUBLIEES)
    statuts = [Statut.PUBLIEE] * publiees + [Statut.EN_ATTENTE] * (count - publiees)
    rng.shuffle(statuts)

    emplois_scenarios = {s.cle: 0 for scenarios in SCENARIOS.values() for s in scenarios}
    deja_vus: set[tuple] = set()
    titres_pris: set[str] = set()
    alliances: list[Alliance] = []
    castings: list[tuple[Scenario, list[_Acteur]]] = []
    domaines: list[list[str]] = []
    odd: list[list[int]] = []
    for typologie, etat, statut in zip(typologies, etats, statuts, strict=True):
        scenario, participants = _choose_scenario(
            rng, distribution, typologie, emplois_scenarios, deja_vus
        )
        emplois_scenarios[scenario.cle] = emplois_scenarios.get(scenario.cle, 0) + 1
        distribution.engager(participants)
        alliance = _alliance(rng, scenario, participants, typologie, etat, statut, titres_pris)
        alliances.append(alliance)
        castings.append((scenario, participants))
        domaines.append(_alliance_domaines(rng, scenario, participants))
        numeros = rng.sample(scenario.odd, min(len(scenario.odd), rng.randint(1, 2)))
        odd.append([17, *sorted(numeros)])

    for alliance, slug in zip(
        alliances, _unique_slugs([a.titre for a in alliances], Alliance), strict=True
    ):
        alliance.slug = slug
    created = Alliance.objects.bulk_create(alliances, batch_size=500)

    maintenant = timezone.now()
    participations = []
    for alliance, (scenario, participants) in zip(created, castings, strict=True):
        attente = PART_EN_ATTENTE[alliance.etat]
        if alliance.statut != Statut.PUBLIEE:
            attente = max(attente, PART_EN_ATTENTE_NON_PUBLIEE)
        rows = []
        for rang, acteur in enumerate(participants):
            confirmee = rang == 0 or rng.random() >= attente
            rows.append(
                Participation(
                    alliance=alliance,
                    organisation=acteur.organisation,
                    role=Participation.Role.PORTEUR if rang == 0 else Participation.Role.PARTENAIRE,
                    contribution=_contribution(scenario, acteur, porteur=rang == 0),
                    etat=Participation.Etat.CONFIRMEE
                    if confirmee
                    else Participation.Etat.EN_ATTENTE,
                    decided_at=maintenant if confirmee else None,
                )
            )
        if alliance.statut == Statut.PUBLIEE:
            _deux_confirmees(rows, maintenant)
        participations.extend(rows)
    Participation.objects.bulk_create(participations, batch_size=1000)
    DomaineLink = Alliance.domaines.through
    OddLink = Alliance.odd.through
    DomaineLink.objects.bulk_create(
        [
            DomaineLink(alliance_id=alliance.pk, domaine_id=code)
            for alliance, codes in zip(created, domaines, strict=True)
            for code in codes
        ],
        batch_size=1000,
    )
    OddLink.objects.bulk_create(
        [
            OddLink(alliance_id=alliance.pk, odd_id=numero)
            for alliance, numeros in zip(created, odd, strict=True)
            for numero in numeros
        ],
        batch_size=1000,
    )
    alliances_refresh_search([alliance.pk for alliance in created])
    workflow.record_imported(created, texte="Données de démonstration.")
    return len(created)


def _alliance(
    rng: random.Random,
    scenario: Scenario,
    participants: list[_Acteur],
    typologie: str,
    etat: str,
    statut: str,
    titres_pris: set[str],
) -> Alliance:
    """The alliance row (not saved): texts, dates, place and figures; a title not taken yet
    when the scénario has one left."""
    porteur, partenaire = participants[0], participants[1]
    commune = porteur.organisation.siege
    if etat == Alliance.Etat.TERMINEE:
        date_debut = _date_entre(rng, DEBUT_TERMINEES)
        date_fin = min(date_debut + timedelta(days=rng.randint(180, 1100)), FIN_AU_PLUS_TARD)
    elif etat == Alliance.Etat.EN_COURS:
        date_debut, date_fin = _date_entre(rng, DEBUT_EN_COURS), None
    else:
        date_debut, date_fin = _date_entre(rng, DEBUT_EN_PROJET), None

    personnes = _tirer(rng, scenario.personnes)
    emplois = _tirer(rng, scenario.emplois)
    budget = _tirer(rng, scenario.budget)
    nom_porteur, de_porteur, a_porteur = _formes(porteur.organisation.nom)
    nom_p1, de_p1, a_p1 = _formes(partenaire.organisation.nom)
    context = {
        "porteur": nom_porteur,
        "de_porteur": de_porteur,
        "a_porteur": a_porteur,
        "p1": nom_p1,
        "de_p1": de_p1,
        "a_p1": a_p1,
        "commune": commune.nom,
        "de_commune": _de(commune.nom),
        "a_commune": _a(commune.nom),
        "personnes": _nombre(personnes or 0),
        "emplois": _nombre(emplois or 0),
        "budget": _nombre(budget or 0),
        "petit": rng.randint(8, 40),
        "petit2": rng.randint(3, 12),
        "nombre": rng.randrange(40, 400, 10),
        "annee": date_debut.year,
    }

    titres = [_majuscule(t.format(**context)) for t in scenario.titres]
    titres = [t for t in titres if len(t) <= 200] or [titres[0][:200]]
    titre = rng.choice([t for t in titres if t not in titres_pris] or titres)
    titres_pris.add(titre)
    autres = [_formes(acteur.organisation.nom)[0] for acteur in participants[2:]]
    nombre_extras = min(rng.choice((0, 1, 1, 2)), len(scenario.phrases) - 1)
    extras = sorted(rng.sample(range(1, len(scenario.phrases)), nombre_extras))
    phrases = [scenario.phrases[0], *(scenario.phrases[i] for i in extras)]
    if autres:
        context["autres"] = _liste(autres)
        phrases = phrases[:2] + [PHRASE_AUTRES_PARTENAIRES]
    description = " ".join(_majuscule(p.format(**context)) for p in phrases)

    resultats = ""
    if etat == Alliance.Etat.TERMINEE or (etat == Alliance.Etat.EN_COURS and rng.random() < 0.75):
        modele = rng.choice(scenario.resultats)
        resultats = modele.format(**context)
        if rng.random() < 0.5:
            resultats += " " + rng.choice(RESULTATS_SUITE[etat])
        if "{budget}" not in modele and rng.random() < 0.3:
            budget = None
    else:
        personnes = emplois = None
        if rng.random() < 0.5:
            budget = None

    regions = {acteur.region for acteur in participants}
    if len(regions) > 1:
        portee = Alliance.Portee.NATIONALE
    else:
        portee = rng.choices(
            [value for value, _share in PORTEE_SHARES],
            weights=[share for _value, share in PORTEE_SHARES],
        )[0]
    alliance_part = PART_CONTRAT_ALLIANCE[typologie]
    alliance = Alliance(
        titre=titre,
        description=f"{description} {MENTION_DEMO_ALLIANCE}",
        typologie=typologie,
        modalite=(
            Alliance.Modalite.CONTRAT_ALLIANCE
            if rng.random() < alliance_part
            else Alliance.Modalite.CONTRAT_ECHANGE
        ),
        etat=etat,
        date_debut=date_debut,
        date_fin=date_fin,
        commune=commune,
        portee=portee,
        resultats=resultats,
        personnes_touchees=personnes,
        emplois=emplois,
        budget=budget,
        statut=statut,
        is_demo=True,
    )
    alliance.copy_commune_place()
    return alliance


# Demo offres and mises en relation -----------------------------------------------------------
#
# Associations mostly look for resources, companies and foundations mostly propose them, and
# collectivités do both; each offre takes its domaines from its organisation, so that the
# suggestions of an offre page find real complements in the same région.
