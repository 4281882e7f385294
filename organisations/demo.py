"""Demo organisations, for local use only (`load_demo`): a few hundred fictitious structures of
every kind, seated in real communes of the referential, so that lists, maps, search and the
espace pro have something to show on a fresh machine; the demo alliances and offres are drawn
between them (alliances.demo, offres.demo).

Everything is derived from one `random.Random(seed)`: the same seed on the same referential
gives the same organisations. Every row is flagged `is_demo` and its description ends with a
sentence saying that it is fictitious. Collectivités are the exception to "fictitious names":
they are real communes and EPCI, with their real SIREN, so that a collectivité's page links to
its territory as a registered one would; their description says the fiche does not come from
them. The texts (models, sentences, names) are in donnees_demo/organisations.yaml; this module
only draws from them.
"""

import dataclasses
import math
import random
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Count, F
from django.db.models import Model as DjangoModel
from django.utils.text import slugify

from comptes.demo import SLUG_PREFIX, DonneesDemoError, check_keys, choice, load
from comptes.models import User
from comptes.services import DEMO_ACCOUNTS
from moderation import workflow
from moderation.models import Catalyseur, Statut
from organisations.identifiants import siren_with_key, siret_with_key
from organisations.models import Membre, Organisation
from organisations.services import organisations_refresh_search
from territoires.models import EPCI, Commune, Region

Kind = Organisation.Kind
Taille = Organisation.Taille

DONNEES = Path(__file__).resolve().parent / "donnees_demo"

# Demo SIREN numbers are 99xxxxxx + Luhn key. Real SIREN numbers can start with 99 too, so each
# generated number is also checked against the organisations, communes and EPCI in the database.
SIREN_PREFIX = "99"
COMMUNES_CANDIDATES = 3000
COMMUNES_PAR_REGION = 2
PART_PUBLIEE = 0.9

KIND_SHARES = [
    (Kind.ENTREPRISE, 0.30),
    (Kind.COLLECTIVITE, 0.10),
    (Kind.FONDATION, 0.05),
    (Kind.ETABLISSEMENT_PUBLIC, 0.05),
    (Kind.ACADEMIQUE, 0.05),
    # Associations take the rest (about 45 %).
]

# What a scénario can name besides the profils: a kind, a collectivité, anyone.
PROFILS_RESERVES = {*Kind.values, "commune", "epci", "*"}


@dataclass(frozen=True)
class Modele:
    """A kind of organisation: its profil (the short name scénarios cast it by), its name
    pattern, its fields of action and the ODD it serves, the sentences its description is drawn
    from (the first one always comes first) and, for an entreprise, its possible sizes."""

    profil: str
    nom: str
    domaines: tuple[str, ...]
    odd: tuple[int, ...]
    phrases: tuple[str, ...]
    tailles: tuple[str, ...] = ()


@dataclass(frozen=True)
class DonneesOrganisations:
    """What organisations.yaml holds: the models by kind, then the two of the collectivités
    (profils « commune » and « epci »), the closing sentences by kind, the groups of profils
    that scénarios name (« @bureaux »), and the names that fill the patterns."""

    mention: str
    mention_collectivite: str
    modeles: dict[str, tuple[Modele, ...]]
    collectivites: tuple[Modele, Modele]
    phrases_partenariat: dict[str, tuple[str, ...]]
    groupes: dict[str, tuple[str, ...]]
    noms: tuple[str, ...]
    personnalites: tuple[str, ...]


def organisations_load(path: Path = DONNEES / "organisations.yaml") -> DonneesOrganisations:
    """The organisation models and texts of the demo, checked: codes of kinds and sizes,
    sizes for entreprises only, profils and names unique. « @associations » is added to the
    groups: every association model, in the order of the file."""
    donnees = load(DonneesOrganisations, path)
    where = path.name
    kinds = [kind for kind in Kind.values if kind != Kind.COLLECTIVITE]
    check_keys(donnees.modeles, f"{where}, modeles", kinds)
    check_keys(donnees.phrases_partenariat, f"{where}, phrases_partenariat", Kind.values)
    modeles = {
        Kind(code): tuple(
            _tailles(modele, code, f"{where}, modeles.{code}[{index}]")
            for index, modele in enumerate(liste)
        )
        for code, liste in donnees.modeles.items()
    }
    tous = [modele for liste in modeles.values() for modele in liste]
    for attribut in ("profil", "nom"):
        valeurs = [getattr(modele, attribut) for modele in tous]
        if doublons := sorted({valeur for valeur in valeurs if valeurs.count(valeur) > 1}):
            raise DonneesDemoError(f"{where} : {attribut} en double : {', '.join(doublons)}.")
    profils = {modele.profil for modele in tous}
    if reserves := sorted(profils & PROFILS_RESERVES):
        raise DonneesDemoError(f"{where} : profil réservé aux scénarios : {', '.join(reserves)}.")
    if [modele.profil for modele in donnees.collectivites] != ["commune", "epci"]:
        raise DonneesDemoError(f"{where}, collectivites : le modèle commune, puis le modèle epci.")
    for index, modele in enumerate(donnees.collectivites):
        _tailles(modele, Kind.COLLECTIVITE, f"{where}, collectivites[{index}]")
    for nom, membres in donnees.groupes.items():
        if nom == "associations":
            raise DonneesDemoError(f"{where}, groupes : « associations » est calculé, pas écrit.")
        if inconnus := [profil for profil in membres if profil not in profils]:
            raise DonneesDemoError(
                f"{where}, groupes.{nom} : profil inconnu {', '.join(inconnus)}."
            )
    associations = tuple(modele.profil for modele in modeles[Kind.ASSOCIATION])
    groupes = {**donnees.groupes, "associations": associations}
    phrases = {Kind(code): textes for code, textes in donnees.phrases_partenariat.items()}
    return dataclasses.replace(
        donnees, modeles=modeles, phrases_partenariat=phrases, groupes=groupes
    )


def _tailles(modele: Modele, kind: str, where: str) -> Modele:
    """The model with its sizes checked: an entreprise draws one of them, the others have none."""
    tailles = tuple(choice(Taille, code, f"{where}, tailles") for code in modele.tailles)
    if bool(tailles) != (kind == Kind.ENTREPRISE):
        raise DonneesDemoError(f"{where} : des tailles pour chaque entreprise, et pour elle seule.")
    return dataclasses.replace(modele, tailles=tailles)


_DONNEES = organisations_load()
MENTION_DEMO = _DONNEES.mention
MENTION_DEMO_COLLECTIVITE = _DONNEES.mention_collectivite
MODELES = _DONNEES.modeles
COMMUNE_COLLECTIVITE, EPCI_COLLECTIVITE = _DONNEES.collectivites
# One of them may close the description: what the structure brings to, or seeks in, alliances.
PHRASES_PARTENARIAT = _DONNEES.phrases_partenariat
GROUPES = _DONNEES.groupes
NOMS = _DONNEES.noms
PERSONNALITES = _DONNEES.personnalites
# The model each demo organisation was generated from, by its name pattern.
PROFILS = {modele.nom: modele.profil for modeles in MODELES.values() for modele in modeles}


def _de(nom: str) -> str:
    """« de Lyon », « du Havre », « des Abymes », « d'Angers »."""
    if nom.startswith("Le "):
        return "du " + nom[3:]
    if nom.startswith("Les "):
        return "des " + nom[4:]
    if nom[0] in "AEIOUÂÉÈÊÎÔÛ":
        return "d'" + nom
    return "de " + nom


def _a(nom: str) -> str:
    """« à Lyon », « au Havre », « aux Abymes »."""
    if nom.startswith("Le "):
        return "au " + nom[3:]
    if nom.startswith("Les "):
        return "aux " + nom[4:]
    return "à " + nom


def _nombre(value: int) -> str:
    """French thousands separator (narrow no-break space)."""
    return f"{value:,}".replace(",", "\u202f")


def _weight(commune: Commune) -> float:
    return math.sqrt(commune.population or 1)


def _draw_sieges(rng: random.Random, communes: list[Commune], count: int) -> list[Commune]:
    """`count` communes drawn with probability ∝ √population; every région gets a couple first,
    so Corse or Mayotte are not left out by chance."""
    by_region: dict[str, list[Commune]] = {}
    for commune in communes:
        by_region.setdefault(commune.region_id, []).append(commune)
    sieges: list[Commune] = []
    per_region = min(COMMUNES_PAR_REGION, count // max(len(by_region), 1))
    for code in sorted(by_region):
        group = by_region[code]
        sieges += rng.choices(group, weights=[_weight(c) for c in group], k=per_region)
    rest = count - len(sieges)
    sieges += rng.choices(communes, weights=[_weight(c) for c in communes], k=rest)
    rng.shuffle(sieges)
    return sieges


def _draw_kinds(rng: random.Random, count: int) -> list[str]:
    kinds: list[str] = []
    for kind, share in KIND_SHARES:
        kinds += [kind] * round(count * share)
    kinds = kinds[:count]
    kinds += [Kind.ASSOCIATION] * (count - len(kinds))
    rng.shuffle(kinds)
    return kinds


def _pick_domaines(rng: random.Random, modele: Modele) -> list[str]:
    """The model's main domaine, plus up to two of its others."""
    others = list(modele.domaines[1:])
    extra = rng.randint(0, min(2, len(others)))
    return [modele.domaines[0], *rng.sample(others, extra)]


def _pick_odd(rng: random.Random, modele: Modele) -> list[int]:
    """1 to 3 ODD among the model's; ODD 17 (partnerships) for about half the organisations."""
    candidates = [n for n in modele.odd if n != 17]
    wanted = rng.randint(1, 3)
    if rng.random() < 0.5:
        return [17, *rng.sample(candidates, min(wanted - 1, len(candidates)))]
    return sorted(rng.sample(candidates, min(wanted, len(candidates))))


def _describe(rng: random.Random, modele: Modele, kind: str, context: dict) -> str:
    """3 or 4 sentences: what the structure does, what it brings to or seeks in alliances, and
    the mention that it is fictitious."""
    phrases = [modele.phrases[0]]
    if len(modele.phrases) > 1 and rng.random() < 0.6:
        phrases.append(rng.choice(modele.phrases[1:]))
    if len(phrases) == 1 or rng.random() < 0.5:
        # Say "mécénat de compétences" once at most.
        deja_dit = any("mécénat" in phrase for phrase in phrases)
        pool = [p for p in PHRASES_PARTENARIAT[kind] if not (deja_dit and "mécénat" in p)]
        phrases.append(rng.choice(pool))
    mention = MENTION_DEMO_COLLECTIVITE if kind == Kind.COLLECTIVITE else MENTION_DEMO
    return " ".join(phrase.format(**context) for phrase in phrases) + " " + mention


class _Identifiants:
    """Fresh demo identifiers: unique in the generated set and absent from the database."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.sirens = set(
            Organisation.objects.filter(siren__startswith=SIREN_PREFIX).values_list(
                "siren", flat=True
            )
        )
        self.sirens |= set(
            Commune.objects.filter(siren__startswith=SIREN_PREFIX).values_list("siren", flat=True)
        )
        self.sirens |= set(
            EPCI.objects.filter(siren__startswith=SIREN_PREFIX).values_list("siren", flat=True)
        )
        self.rnas: set[str] = set()

    def siren(self) -> str:
        while True:
            digits = "".join(str(self.rng.randint(0, 9)) for _ in range(8 - len(SIREN_PREFIX)))
            number = siren_with_key(SIREN_PREFIX + digits)
            if number not in self.sirens:
                self.sirens.add(number)
                return number

    def siret(self, siren: str) -> str:
        return siret_with_key(siren, f"{self.rng.randint(1, 9):04d}")

    def rna(self, commune: Commune) -> str:
        """W, the département's digits (2A and 2B count as 20), then a serial number."""
        prefix = commune.code_departement.replace("A", "0").replace("B", "0")
        while True:
            digits = "".join(str(self.rng.randint(0, 9)) for _ in range(9 - len(prefix)))
            number = f"W{prefix}{digits}"
            if number not in self.rnas:
                self.rnas.add(number)
                return number


def _existing_rnas(organisations: list[Organisation]) -> set[str]:
    """The RNA numbers of these organisations that a registered organisation already has."""
    rnas = sorted(o.rna for o in organisations if o.rna)
    return set(Organisation.objects.filter(rna__in=rnas).values_list("rna", flat=True))


def _unique_slugs(noms: list[str], model: type[DjangoModel] = Organisation) -> list[str]:
    """Slugs for the names, suffixed -2, -3… on collisions in the batch or the database."""
    bases = [slugify(nom)[:200] or model._meta.model_name for nom in noms]
    taken = set(model.objects.filter(slug__in=sorted(set(bases))).values_list("slug", flat=True))
    for base in sorted({b for b in bases if b in taken}):
        taken |= set(
            model.objects.filter(slug__startswith=f"{base}-").values_list("slug", flat=True)
        )
    slugs = []
    for base in bases:
        slug, suffix = base, 2
        while slug in taken:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


def _base_context(rng: random.Random, commune: Commune) -> dict:
    return {
        "commune": commune.nom,
        "de_commune": _de(commune.nom),
        "a_commune": _a(commune.nom),
        "departement": commune.departement.nom,
        "region": commune.region.nom,
        "nom": rng.choice(NOMS),
        "nom2": rng.choice(NOMS),
        "personnalite": rng.choice(PERSONNALITES),
        "annee": rng.randint(1978, 2022),
        "nombre": rng.randrange(40, 400, 10),
        "petit": rng.randint(8, 40),
    }


@transaction.atomic
def demo_organisations_create(*, count: int = 300, seed: int = 17) -> int:
    """Create `count` fictitious organisations of every kind in real communes; return how many.

    Does nothing (and returns 0) when demo organisations already exist or when the territorial
    referential is not loaded. About 45 % associations, 30 % entreprises, 10 % collectivités
    (real communes and EPCI, with their real SIREN), the rest fondations, établissements publics
    and structures académiques; 90 % published, the others waiting for moderation.
    """
    if Organisation.objects.exclude(slug__startswith=SLUG_PREFIX).filter(is_demo=True).exists():
        return 0
    communes = list(
        Commune.objects.actuelles()
        .filter(latitude__isnull=False, population__isnull=False, departement__isnull=False)
        .select_related("departement", "region", "epci")
        .order_by(F("population").desc(), "code_insee")[:COMMUNES_CANDIDATES]
    )
    if not communes:
        return 0

    rng = random.Random(seed)
    identifiants = _Identifiants(rng)
    sieges = _draw_sieges(rng, communes, count)
    kinds = _draw_kinds(rng, count)
    publiees = round(count * PART_PUBLIEE)
    statuts = [Statut.PUBLIEE] * publiees + [Statut.EN_ATTENTE] * (count - publiees)
    rng.shuffle(statuts)

    # Collectivités are real: skip the communes and EPCI that already have their organisation.
    collectivite_sirens = {c.siren for c in communes} | {c.epci_id for c in communes if c.epci_id}
    sirens_pris = set(
        Organisation.objects.filter(siren__in=sorted(collectivite_sirens)).values_list(
            "siren", flat=True
        )
    )
    communes_par_epci = dict(
        Commune.objects.actuelles()
        .filter(epci__in={c.epci_id for c in communes if c.epci_id})
        .values_list("epci")
        .annotate(n=Count("pk"))
    )
    # Universities and schools sit in the département's chef-lieu (Bobigny rather than Bondy).
    par_code = {commune.code_insee: commune for commune in communes}

    organisations: list[Organisation] = []
    domaines: list[list[str]] = []
    odd: list[list[int]] = []
    noms_pris: set[str] = set()
    for kind, siege, statut in zip(kinds, sieges, statuts, strict=True):
        context = _base_context(rng, siege)
        organisation = Organisation(
            kind=kind,
            siege=siege,
            is_demo=True,
            statut=statut,
        )
        if kind == Kind.COLLECTIVITE:
            modele = _collectivite(
                rng, organisation, siege, communes, sirens_pris, communes_par_epci, context
            )
            nom = modele.nom.format(**context)
        else:
            if kind == Kind.ACADEMIQUE:
                siege = par_code.get(siege.departement.chef_lieu, siege)
                organisation.siege = siege
                context.update(_base_context(rng, siege), de_ville=_de(siege.nom))
            # A few draws to avoid two identical names (two « Boulangerie Martin » in the set).
            for _attempt in range(20):
                modele = rng.choice(MODELES[kind])
                nom = modele.nom.format(**context)
                if nom not in noms_pris:
                    break
                context.update(nom=rng.choice(NOMS), nom2=rng.choice(NOMS))
            _identify(rng, identifiants, organisation, modele, siege)
        noms_pris.add(nom)
        organisation.nom = nom
        organisation.description = _describe(rng, modele, kind, context)
        organisations.append(organisation)
        domaines.append(_pick_domaines(rng, modele))
        odd.append(_pick_odd(rng, modele))

    # Rare: a generated RNA already belongs to a registered association; draw another one (the
    # taken number stays in `identifiants.rnas`, so it is never drawn again).
    while collisions := _existing_rnas(organisations):
        for organisation in organisations:
            if organisation.rna in collisions:
                organisation.rna = identifiants.rna(organisation.siege)

    for organisation, slug in zip(
        organisations, _unique_slugs([o.nom for o in organisations]), strict=True
    ):
        organisation.slug = slug
        domain = slug[:50].rstrip("-")
        organisation.email_contact = f"contact@{domain}.exemple.fr"
        if rng.random() < 0.4:
            organisation.site_web = f"https://{domain}.exemple.fr"

    created = Organisation.objects.bulk_create(organisations, batch_size=500)
    DomaineLink = Organisation.domaines.through
    OddLink = Organisation.odd.through
    DomaineLink.objects.bulk_create(
        [
            DomaineLink(organisation_id=organisation.pk, domaine_id=code)
            for organisation, codes in zip(created, domaines, strict=True)
            for code in codes
        ],
        batch_size=1000,
    )
    OddLink.objects.bulk_create(
        [
            OddLink(organisation_id=organisation.pk, odd_id=numero)
            for organisation, numeros in zip(created, odd, strict=True)
            for numero in numeros
        ],
        batch_size=1000,
    )
    organisations_refresh_search([organisation.pk for organisation in created])
    workflow.record_imported(created, texte="Données de démonstration.")
    return len(created)


def _identify(
    rng: random.Random,
    identifiants: _Identifiants,
    organisation: Organisation,
    modele: Modele,
    siege: Commune,
) -> None:
    """Identifiers as each kind has them: RNA (and sometimes SIREN) for associations, SIREN,
    often SIRET and a size for entreprises, mostly a SIREN for the others."""
    kind = organisation.kind
    if kind == Kind.ASSOCIATION:
        organisation.rna = identifiants.rna(siege)
        if rng.random() < 0.3:
            organisation.siren = identifiants.siren()
    elif kind == Kind.ENTREPRISE:
        organisation.siren = identifiants.siren()
        organisation.taille = rng.choice(modele.tailles)
        if rng.random() < 0.7:
            organisation.siret = identifiants.siret(organisation.siren)
    elif rng.random() < 0.8:
        organisation.siren = identifiants.siren()


def _collectivite(
    rng: random.Random,
    organisation: Organisation,
    siege: Commune,
    communes: list[Commune],
    sirens_pris: set[str],
    communes_par_epci: dict[str, int],
    context: dict,
) -> Modele:
    """Turn the organisation into a real commune or EPCI (60/40), not yet taken by another
    organisation; when both are, draw another candidate commune among those still free."""
    while True:
        epci = siege.epci
        options = [("commune", siege.siren), ("epci", epci.siren if epci else "")]
        if rng.random() < 0.4:
            options.reverse()
        for territoire, siren in options:
            if siren and siren not in sirens_pris:
                sirens_pris.add(siren)
                organisation.siren = siren
                organisation.siege = siege
                context.update(_base_context(rng, siege))
                if territoire == "commune":
                    organisation.territoire_commune = siege
                    ville = "Ville" if (siege.population or 0) >= 5000 else "Commune"
                    context.update(ville_ou_commune=ville, population=_nombre(siege.population))
                    return COMMUNE_COLLECTIVITE
                organisation.territoire_epci = epci
                context.update(
                    epci=epci.nom,
                    communes_epci=communes_par_epci.get(epci.siren, 0),
                    population=_nombre(epci.population or 0),
                )
                return EPCI_COLLECTIVITE
        libres = [
            c
            for c in communes
            if c.siren not in sirens_pris or (c.epci_id and c.epci_id not in sirens_pris)
        ]
        if not libres:
            raise ValueError(
                "Plus aucune commune ni aucun EPCI libre pour une collectivité de démonstration : "
                "demandez moins d'organisations."
            )
        siege = rng.choices(libres, weights=[_weight(c) for c in libres])[0]


@transaction.atomic
def demo_membres_create() -> list[Membre]:
    """Give the citizen demo account something to manage in the espace pro: admin of a
    published demo association, simple member of a demo entreprise. Idempotent."""
    email = DEMO_ACCOUNTS[0][0]
    user = User.objects.filter(email=email).first()
    if user is None:
        return []
    demo = (
        Organisation.objects.exclude(slug__startswith=SLUG_PREFIX)
        .filter(is_demo=True, statut=Statut.PUBLIEE)
        .order_by(F("siege__population").desc(nulls_last=True), "pk")
    )
    membres = []
    for kind, role in [
        (Kind.ASSOCIATION, Membre.Role.ADMIN),
        (Kind.ENTREPRISE, Membre.Role.MEMBRE),
    ]:
        organisation = demo.filter(kind=kind).first()
        if organisation is not None:
            membre, _created = Membre.objects.get_or_create(
                user=user, organisation=organisation, defaults={"role": role}
            )
            membres.append(membre)
    return membres


def demo_catalyseur_create() -> Catalyseur | None:
    """Appoint the catalyseur demo account for the région with the most demo organisations,
    on behalf of one of its demo collectivités, so that the moderation space has a queue to
    show. Idempotent."""
    user = User.objects.filter(email=DEMO_ACCOUNTS[2][0]).first()
    if user is None:
        return None
    existing = Catalyseur.objects.filter(user=user, actif=True).first()
    if existing is not None:
        return existing
    demo = Organisation.objects.exclude(slug__startswith=SLUG_PREFIX).filter(
        is_demo=True, statut=Statut.PUBLIEE, siege__region__isnull=False
    )
    busiest = (
        demo.values("siege__region").annotate(n=Count("pk")).order_by("-n", "siege__region")
    ).first()
    if busiest is None:
        return None
    region = Region.objects.get(code=busiest["siege__region"])
    in_region = demo.filter(siege__region=region).order_by("pk")
    organisation = in_region.filter(kind=Kind.COLLECTIVITE).first() or in_region.first()
    return Catalyseur.objects.create(
        user=user, organisation=organisation, niveau=Catalyseur.Niveau.REGION, region=region
    )
