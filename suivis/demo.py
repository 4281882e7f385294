"""Demo follow-ups and evaluations, for local use only: on some published demo alliances under
way, the follow-ups since their start answered by their partners, one follow-up waiting for its
answers, one left unanswered after two reminders and flagged to the catalyseurs, and private
evaluations on enough alliances for the public averages to show. The texts and the value
bounds are in donnees_demo/suivis.yaml; everything else is drawn from one seeded
`random.Random`. No email is sent: the rows are written as if the job had run."""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from alliances.models import Alliance, Participation
from comptes.demo import SLUG_PREFIX, DonneesDemoError, load
from moderation.models import Catalyseur, Statut
from organisations.models import Membre
from suivis import calendrier, indicateurs
from suivis.models import Evaluation, ReponseSuivi, Suivi, ValeurIndicateur

DONNEES = Path(__file__).resolve().parent / "donnees_demo" / "suivis.yaml"
# The series on an alliance's page: its last few follow-ups at most.
SUIVIS_MAX = 4
PART_VALEURS = 0.7


@dataclass(frozen=True)
class DonneesSuivis:
    alliances: int
    realise: dict[str, tuple[str, ...]]
    valeurs: dict[str, tuple[int, int]]
    changements: tuple[str, ...]


def _donnees() -> DonneesSuivis:
    donnees = load(DonneesSuivis, DONNEES)
    if missing := set(indicateurs.referentiel()) - set(donnees.valeurs):
        raise DonneesDemoError(f"{DONNEES.name}, valeurs : il manque {', '.join(sorted(missing))}.")
    return donnees


def _rangs(debut: datetime.date, today: datetime.date) -> list[int]:
    rangs, rang = [], calendrier.PREMIERS_RANGS[0]
    while calendrier.echeance(debut, rang) <= today:
        rangs.append(rang)
        rang = calendrier.next_rang(rang)
    return rangs[-SUIVIS_MAX:]


def _moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(rng.randint(8, 18))))


def _candidates(today: datetime.date, nombre: int) -> list[Alliance]:
    """Alliances with a past follow-up or more. The first (whose follow-up waits) is one of
    the demo account's, so that « Mes suivis » has one to answer; the second (flagged) is in
    the demo catalyseur's région, so that their view shows it."""
    a_des_membres = Membre.objects.filter(organisation__participations__alliance=OuterRef("pk"))
    catalyseurs = Catalyseur.objects.actifs().filter(region=OuterRef("region"))
    alliances = (
        Alliance.objects.filter(is_demo=True, statut=Statut.PUBLIEE, etat=Alliance.Etat.EN_COURS)
        .exclude(slug__startswith=SLUG_PREFIX)
        .annotate(du_compte=Exists(a_des_membres), suivie=Exists(catalyseurs))
        .prefetch_related("odd", "participations")
        .order_by("-du_compte", "pk")[: nombre * 10]
    )
    retenues = []
    for alliance in alliances:
        debut = calendrier.start_of(alliance)
        confirmees = [
            p for p in alliance.participations.all() if p.etat == Participation.Etat.CONFIRMEE
        ]
        if debut and len(confirmees) >= 2 and len(_rangs(debut, today)) >= 2:
            alliance.partenaires = [p.organisation_id for p in confirmees]
            retenues.append(alliance)
        if len(retenues) == nombre * 3:
            break
    # The flagged one second, in a catalyseur's région when there is one.
    suivies = [a for a in retenues[1:] if a.suivie]
    if suivies:
        retenues.remove(suivies[0])
        retenues.insert(1, suivies[0])
    return retenues[:nombre]


@transaction.atomic
def demo_suivis_create(*, today: datetime.date | None = None, seed: int = 16) -> int:
    """Idempotent: nothing when a demo alliance already has follow-ups. Returns how many
    follow-ups it created."""
    if Suivi.objects.filter(alliance__is_demo=True).exists():
        return 0
    today = today or timezone.localdate()
    donnees, rng = _donnees(), random.Random(seed)
    created = 0
    for index, alliance in enumerate(_candidates(today, donnees.alliances)):
        scenario = {0: "en_attente", 1: "signale"}.get(index, "a_jour")
        debut = calendrier.start_of(alliance)
        rangs = _rangs(debut, today)
        for rang in rangs:
            dernier = rang == rangs[-1]
            suivi = Suivi.objects.create(
                alliance=alliance,
                rang=rang,
                echeance=calendrier.echeance(debut, rang),
                prochaine_echeance=calendrier.echeance(debut, calendrier.next_rang(rang)),
            )
            created += 1
            if dernier and scenario != "a_jour":
                _waiting(suivi, alliance.partenaires, today, signale=scenario == "signale")
            else:
                _answered(suivi, alliance, donnees, rng, today)
        if scenario == "a_jour" and rangs[-1] >= calendrier.RANG_EVALUATION:
            Evaluation.objects.bulk_create(
                Evaluation(
                    alliance=alliance,
                    organisation_id=organisation_id,
                    innovation=rng.randint(2, 5),
                    performance=rng.randint(2, 5),
                    confiance=rng.randint(3, 5),
                    changements=rng.choice(donnees.changements),
                )
                for organisation_id in alliance.partenaires
            )
    return created


def _waiting(suivi: Suivi, partenaires: list[int], today, *, signale: bool) -> None:
    """The current follow-up, unanswered: asked three days ago, or asked weeks ago, reminded
    twice and flagged to the catalyseurs."""
    if signale:
        fields = {
            "demandee_le": today - datetime.timedelta(days=25),
            "relances": 2,
            "derniere_relance_le": today - datetime.timedelta(days=11),
        }
        Suivi.objects.filter(pk=suivi.pk).update(signale_le=today - datetime.timedelta(days=4))
    else:
        fields = {"demandee_le": today - datetime.timedelta(days=3)}
    ReponseSuivi.objects.bulk_create(
        ReponseSuivi(suivi=suivi, organisation_id=organisation_id, **fields)
        for organisation_id in partenaires
    )


def _answered(suivi: Suivi, alliance: Alliance, donnees: DonneesSuivis, rng, today) -> None:
    repondu_le = min(suivi.echeance + datetime.timedelta(days=rng.randint(1, 20)), today)
    reponses = ReponseSuivi.objects.bulk_create(
        ReponseSuivi(
            suivi=suivi,
            organisation_id=organisation_id,
            etat=rng.choices(
                [ReponseSuivi.Etat.EN_COURS, ReponseSuivi.Etat.EN_PAUSE], weights=[9, 1]
            )[0],
            realise=rng.choice(donnees.realise[alliance.typologie]),
            answered_at=_moment(repondu_le, rng),
            updated_at=_moment(repondu_le, rng),
            demandee_le=suivi.echeance,
        )
        for organisation_id in alliance.partenaires
    )
    odd = [o.numero for o in alliance.odd.all()][:2] or [17]
    valeurs = []
    for reponse in reponses:
        for indicateur in indicateurs.for_typologie(alliance.typologie):
            if rng.random() > PART_VALEURS:
                continue
            bas, haut = donnees.valeurs[indicateur.code]
            for numero in odd if indicateur.par_odd else [None]:
                valeurs.append(
                    ValeurIndicateur(
                        reponse=reponse,
                        indicateur=indicateur.code,
                        odd_id=numero,
                        valeur=Decimal(rng.randint(bas, haut)),
                    )
                )
    ValeurIndicateur.objects.bulk_create(valeurs)
