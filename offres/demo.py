"""Demo offres and mises en relation, for local use only (`load_demo`), between the published
demo organisations (organisations.demo).

Associations mostly look for resources, companies and foundations mostly propose them, and
collectivités do both; each offre takes its domaines from its organisation, so that the
suggestions of an offre page find real complements in the same région. The texts are in
donnees_demo/offres.yaml and donnees_demo/mises_en_relation.yaml; this module draws who writes
them, where and when.
"""

import random
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from comptes.demo import (
    SLUG_PREFIX,
    build,
    check_keys,
    check_list,
    choice,
    conform,
    load,
    read_yaml,
)
from comptes.models import User
from comptes.services import DEMO_ACCOUNTS
from conventions.demo import DONNEES as CONVENTIONS
from conventions.demo import demo_draft, demo_validate
from moderation import workflow
from moderation.models import Statut
from nomenclatures.models import Typologie
from offres.convention import mise_en_relation_origin
from offres.models import MiseEnRelation, Offre, TypeRessource, encode_ressources
from offres.services import offres_refresh_search
from organisations.demo import _unique_slugs
from organisations.models import Organisation

DONNEES = Path(__file__).resolve().parent / "donnees_demo"

Kind = Organisation.Kind


@dataclass(frozen=True)
class ModeleOffre:
    """An offre as the demo writes it; its `sens` is the list of offres.yaml it is in."""

    sens: str
    typologie: str
    ressources: tuple[str, ...]
    titre: str
    description: str


@dataclass(frozen=True)
class MessagesMisesEnRelation:
    """What mises_en_relation.yaml holds: the demo entreprise's message to the needs it
    answers and the answer of the one that accepts, then the message that demo entreprises and
    fondations send to the demo association's offre."""

    message_entreprise: str
    reponse_association: str
    message_donatrice: str


def offres_load(
    path: Path = DONNEES / "offres.yaml",
) -> tuple[str, list[ModeleOffre], list[ModeleOffre]]:
    """The mention, then the offres that look for resources and those that propose them, with
    their typologies and ressources checked."""
    where = path.name
    sens = [Offre.Sens.RECHERCHE.value, Offre.Sens.PROPOSE.value]
    data = check_keys(read_yaml(path), where, ["mention", *sens])
    modeles: dict[str, list[ModeleOffre]] = {}
    for code in sens:
        modeles[code] = []
        for index, entry in enumerate(check_list(data[code], f"{where}, {code}")):
            here = f"{where}, {code}[{index}]"
            modele = build(ModeleOffre, entry, here, sens=code)
            choice(Typologie, modele.typologie, f"{here}, typologie")
            for ressource in modele.ressources:
                choice(TypeRessource, ressource, f"{here}, ressources")
            modeles[code].append(modele)
    mention = conform(data["mention"], str, f"{where}, mention")
    return mention, *modeles.values()


MENTION_DEMO_OFFRE, OFFRES_RECHERCHEES, OFFRES_PROPOSEES = offres_load()
MESSAGES = load(MessagesMisesEnRelation, DONNEES / "mises_en_relation.yaml")

RAYONS = (20, 30, 50, 80, 150)


def demo_offres_create(*, count: int = 120, seed: int = 17) -> int:
    """Create `count` fictitious offres of the published demo organisations; return how many.
    Nothing when demo offres already exist. Half look for resources (associations and
    collectivités), half propose them (companies and foundations, often near a need); about
    90 % published, one in ten national, a third with a date limite."""
    if Offre.objects.filter(is_demo=True).exists():
        return 0
    organisations = list(
        Organisation.objects.published()
        .filter(is_demo=True)
        .exclude(slug__startswith=SLUG_PREFIX)
        .select_related("siege")
        .prefetch_related("domaines", "odd")
        .order_by("pk")
    )
    if len(organisations) < 2:
        return 0
    rng = random.Random(seed)
    demandeuses = [o for o in organisations if o.kind in (Kind.ASSOCIATION, Kind.COLLECTIVITE)]
    donatrices = [o for o in organisations if o.kind in (Kind.ENTREPRISE, Kind.FONDATION)]
    today = timezone.localdate()
    offres, domaines, odd = [], [], []
    par_region: dict[str, list[Organisation]] = {}
    for organisation in donatrices:
        par_region.setdefault(organisation.siege.region_id, []).append(organisation)

    def ajouter(organisation: Organisation, modele: ModeleOffre) -> None:
        national = rng.random() < 0.1
        offre = Offre(
            organisation=organisation,
            sens=modele.sens,
            typologie=modele.typologie,
            ressources=encode_ressources(modele.ressources),
            titre=modele.titre,
            description=f"{modele.description}\n\n{MENTION_DEMO_OFFRE}",
            commune=organisation.siege,
            rayon_km=None if national else rng.choice(RAYONS),
            national=national,
            date_limite=today + timedelta(days=rng.randint(20, 240))
            if rng.random() < 0.33
            else None,
            statut=Statut.PUBLIEE if rng.random() < 0.9 else Statut.EN_ATTENTE,
            is_demo=True,
        )
        if offre.statut == Statut.PUBLIEE:
            offre.published_at = timezone.now()
        offre.copy_commune_place()
        offre.refresh_recherche()
        offres.append(offre)
        domaines.append([d.pk for d in organisation.domaines.all()][:3])
        odd.append([o.pk for o in organisation.odd.all()][:3])

    # Offres come in pairs: a need, then, most of the time, a company or foundation of the same
    # région that proposes one of the ressources it looks for, so that suggestions find
    # neighbours; the other times, an offre proposed anywhere.
    while len(offres) < count and demandeuses and donatrices:
        demandeuse = demandeuses[rng.randrange(len(demandeuses))]
        besoin = rng.choice(OFFRES_RECHERCHEES)
        ajouter(demandeuse, besoin)
        voisines = par_region.get(demandeuse.siege.region_id, [])
        complements = [m for m in OFFRES_PROPOSEES if set(m.ressources) & set(besoin.ressources)]
        if voisines and complements and rng.random() < 0.7:
            ajouter(voisines[rng.randrange(len(voisines))], rng.choice(complements))
        else:
            ajouter(donatrices[rng.randrange(len(donatrices))], rng.choice(OFFRES_PROPOSEES))
    for offre, slug in zip(offres, _unique_slugs([o.titre for o in offres], Offre), strict=True):
        offre.slug = slug
    with transaction.atomic():
        Offre.objects.bulk_create(offres)
        Offre.domaines.through.objects.bulk_create(
            Offre.domaines.through(offre_id=offre.pk, domaine_id=code)
            for offre, codes in zip(offres, domaines, strict=True)
            for code in codes
        )
        Offre.odd.through.objects.bulk_create(
            Offre.odd.through(offre_id=offre.pk, odd_id=numero)
            for offre, numeros in zip(offres, odd, strict=True)
            for numero in numeros
        )
        workflow.record_imported(offres, texte="Données de démonstration.")
    offres_refresh_search([offre.pk for offre in offres])
    return len(offres)


def demo_mises_en_relation_create() -> int:
    """A few threads for the citizen demo account's organisations (see demo_membres_create):
    its entreprise contacted two associations (one accepted), its association received a
    request and declined another. Idempotent."""
    if MiseEnRelation.objects.filter(is_demo=True).exists():
        return 0
    user = User.objects.filter(email=DEMO_ACCOUNTS[0][0]).first()
    if user is None:
        return 0
    membres = {
        m.organisation.kind: m.organisation for m in user.adhesions.select_related("organisation")
    }
    association, entreprise = membres.get(Kind.ASSOCIATION), membres.get(Kind.ENTREPRISE)
    if association is None or entreprise is None:
        return 0
    visibles = Offre.objects.visible().filter(is_demo=True).order_by("pk")
    besoins = list(visibles.filter(sens="recherche").exclude(organisation=association)[:2])
    dons = list(
        visibles.filter(sens="propose")
        .exclude(organisation=entreprise)
        .select_related("organisation")[:2]
    )
    now = timezone.now()
    rows = []
    for offre, etat, reponse in zip(
        besoins,
        (MiseEnRelation.Etat.ACCEPTEE, MiseEnRelation.Etat.ENVOYEE),
        (MESSAGES.reponse_association, ""),
        strict=False,
    ):
        rows.append(
            MiseEnRelation(
                offre=offre,
                emettrice=entreprise,
                destinataire=offre.organisation,
                sent_by=user,
                message=MESSAGES.message_entreprise,
                etat=etat,
                reponse=reponse,
                sent_at=now - timedelta(days=6),
                read_at=now - timedelta(days=5) if reponse else None,
                answered_at=now - timedelta(days=5) if reponse else None,
                is_demo=True,
            )
        )
    # The association's own offre (one is written for it if the draw gave it none) receives
    # requests from the demo companies.
    own = list(visibles.filter(organisation=association)[:1])
    if not own:
        modele = OFFRES_RECHERCHEES[0]
        offre = Offre(
            organisation=association,
            sens=modele.sens,
            typologie=modele.typologie,
            ressources=encode_ressources(modele.ressources),
            titre=modele.titre,
            slug=_unique_slugs([modele.titre], Offre)[0],
            description=f"{modele.description}\n\n{MENTION_DEMO_OFFRE}",
            commune=association.siege,
            rayon_km=50,
            statut=Statut.PUBLIEE,
            published_at=timezone.now(),
            is_demo=True,
        )
        offre.copy_commune_place()
        offre.refresh_recherche()
        offre.save()
        offre.domaines.set(association.domaines.all()[:3])
        offres_refresh_search([offre.pk])
        own = [offre]
    if own and dons:
        for index, don in enumerate(dons):
            declined = index == 1
            rows.append(
                MiseEnRelation(
                    offre=own[0],
                    emettrice=don.organisation,
                    destinataire=association,
                    message=MESSAGES.message_donatrice,
                    etat=MiseEnRelation.Etat.DECLINEE if declined else MiseEnRelation.Etat.ENVOYEE,
                    motif=MiseEnRelation.Motif.HORS_TERRITOIRE if declined else "",
                    sent_at=now - timedelta(days=3 + index),
                    answered_at=now - timedelta(days=2) if declined else None,
                    read_at=now - timedelta(days=2) if declined else None,
                    is_demo=True,
                )
            )
    created = MiseEnRelation.objects.bulk_create(rows)
    # Written when they were sent, not now (created_at is set on insert): the steps follow
    # each other, and every page shows the same date for one thread.
    MiseEnRelation.objects.filter(pk__in=[m.pk for m in created]).update(created_at=F("sent_at"))
    return len(rows)


@transaction.atomic
def demo_convention_create() -> int:
    """The demo account's accepted mise en relation has a draft convention: the association
    validated it, the demo account's company has not yet. Idempotent."""
    acceptee = (
        MiseEnRelation.objects.filter(
            is_demo=True, etat=MiseEnRelation.Etat.ACCEPTEE, convention__isnull=True
        )
        .select_related("offre", "emettrice__siege", "destinataire__siege")
        .first()
    )
    if acceptee is None:
        return 0
    origine = mise_en_relation_origin(acceptee)
    convention = demo_draft(
        origine,
        titre=CONVENTIONS.mise_en_relation["titre"],
        objet=CONVENTIONS.mise_en_relation["objet"],
        duree_mois=12,
    )
    demo_validate(convention, [acceptee.destinataire])
    return 1
