"""Writes of follow-ups and evaluations: the daily job that plans follow-ups, asks the partners
and reminds them, then tells the catalyseurs; a partner's answer; a partner's evaluation.

Every email goes through the outbox (comptes.email.send_templated), written in the
transaction that records why it was sent. The job may run twice, or on two workers at once:
each write that decides a message is either an insert under a unique constraint (the follow-up,
the réponse that records the request) or a conditional UPDATE (a reminder, the flag), and only
the worker whose write took effect sends."""

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from alliances.models import Alliance, Participation
from comptes.email import send_templated
from moderation.models import Catalyseur, Statut
from nomenclatures.models import ODD
from organisations.models import Membre, Organisation
from suivis import calendrier, indicateurs
from suivis.models import Evaluation, ReponseSuivi, Suivi, ValeurIndicateur
from suivis.permissions import is_partner_member

# A partner that has not answered is reminded a week after being asked, then a week later;
# a week after the second reminder, the catalyseurs of the alliance's territory are told.
RELANCE_APRES = timedelta(days=7)
RELANCES_MAX = 2

SUIVI_FERME = (
    "Ce suivi n'est plus modifiable : le suivi suivant est ouvert depuis le {date}. "
    "Répondez plutôt à celui-ci."
)


# The daily job ----------------------------------------------------------------------------------


def suivis_plan_and_remind(*, today: date | None = None) -> dict[str, int]:
    """Plan the follow-ups that fell due and ask the partners, remind those who have not
    answered, flag to the catalyseurs the follow-ups left unanswered after two reminders.
    Returns how many of each it did; a second run the same day does nothing."""
    today = today or timezone.localdate()
    counts: Counter = Counter()
    # Materialised first: the writes below must not run while the read cursor is open.
    for alliance_id, rang in list(_due(today)):
        counts += _suivi_plan(alliance_id=alliance_id, rang=rang, today=today)
    counts["relances"] = _reminders_send(today)
    counts["signalements"] = _flags_send(today)
    return {key: counts[key] for key in ("suivis", "demandes", "relances", "signalements")}


def _due(today: date):
    """(alliance id, rang) of the published alliances under way whose current follow-up does
    not exist yet. Read in one pass with the rang already planned; the arithmetic on months is
    Python's (SQLite and PostgreSQL disagree on it)."""
    rows = (
        Alliance.objects.published()
        .filter(etat=Alliance.Etat.EN_COURS)
        .annotate(planifie=Max("suivis__rang"))
        .values_list("pk", "date_debut", "date_fin", "published_at", "planifie")
        .order_by("pk")
    )
    for pk, date_debut, date_fin, published_at, planifie in rows.iterator(chunk_size=2000):
        if published_at is not None and timezone.localdate(published_at) >= today:
            continue  # never on the day the alliance appears
        debut = date_debut or (published_at and timezone.localdate(published_at))
        rang = debut and calendrier.current_rang(debut, today)
        if not rang or (planifie is not None and planifie >= rang):
            continue
        # The yearly follow-ups stop once the alliance's end date has passed.
        if rang > calendrier.PREMIERS_RANGS[-1] and date_fin and date_fin < today:
            continue
        yield pk, rang


def _ended_by_partners(alliance_id: int) -> bool:
    """Whether every partner said, in the last follow-up, that the alliance is over."""
    dernier = Suivi.objects.filter(alliance=alliance_id).order_by("-rang").first()
    if dernier is None:
        return False
    etats = list(dernier.reponses.values_list("etat", flat=True))
    return bool(etats) and all(etat == ReponseSuivi.Etat.TERMINEE for etat in etats)


@transaction.atomic
def _suivi_plan(*, alliance_id: int, rang: int, today: date) -> Counter:
    if _ended_by_partners(alliance_id):
        return Counter()
    alliance = Alliance.objects.get(pk=alliance_id)
    debut = calendrier.start_of(alliance)
    suivi, created = Suivi.objects.get_or_create(
        alliance=alliance,
        rang=rang,
        defaults={
            "echeance": calendrier.echeance(debut, rang),
            "prochaine_echeance": calendrier.echeance(debut, calendrier.next_rang(rang)),
        },
    )
    if not created:  # another run planned it: it asked the partners too
        return Counter()
    partenaires = Organisation.objects.filter(
        participations__alliance=alliance, participations__etat=Participation.Etat.CONFIRMEE
    ).order_by("nom")
    ReponseSuivi.objects.bulk_create(
        [ReponseSuivi(suivi=suivi, organisation=o, demandee_le=today) for o in partenaires]
    )
    demandes = _send_to_admins(
        suivi, list(partenaires), "demande", "Suivi de votre alliance « {titre} » à {label}"
    )
    return Counter(suivis=1, demandes=demandes)


def _admin_emails(organisation_ids) -> dict[int, list[str]]:
    emails: dict[int, list[str]] = {}
    for organisation_id, email in (
        Membre.objects.filter(
            organisation__in=organisation_ids, role=Membre.Role.ADMIN, user__is_active=True
        )
        .values_list("organisation_id", "user__email")
        .order_by("user__email")
    ):
        emails.setdefault(organisation_id, []).append(email)
    return emails


def _send_to_admins(suivi: Suivi, organisations: list, gabarit: str, sujet: str) -> int:
    """One email per admin of each organisation (addresses are not shared between them)."""
    emails = _admin_emails([o.pk for o in organisations])
    sent = 0
    for organisation in organisations:
        for email in emails.get(organisation.pk, []):
            send_templated(
                sujet.format(titre=suivi.alliance.titre, label=suivi.label),
                f"suivis/emails/{gabarit}.txt",
                {
                    "suivi": suivi,
                    "alliance": suivi.alliance,
                    "organisation": organisation,
                    "evaluation": suivi.rang >= calendrier.RANG_EVALUATION,
                },
                [email],
            )
            sent += 1
    return sent


def _reminders_send(today: date) -> int:
    """Remind the partners asked (or last reminded) a week ago or more, twice at most."""
    semaine = today - RELANCE_APRES
    candidats = (
        ReponseSuivi.objects.waiting()
        .of_partners()
        .filter(
            relances__lt=RELANCES_MAX,
            suivi__prochaine_echeance__gt=today,
            suivi__alliance__statut=Statut.PUBLIEE,
        )
        .filter(
            Q(relances=0, demandee_le__lte=semaine)
            | Q(relances__gt=0, derniere_relance_le__lte=semaine)
        )
        .select_related("suivi", "suivi__alliance", "organisation")
        .order_by("pk")
    )
    sent = 0
    for reponse in list(candidats):
        with transaction.atomic():
            # Only the run whose update counts the reminder sends it.
            updated = ReponseSuivi.objects.filter(
                pk=reponse.pk, relances=reponse.relances, answered_at__isnull=True
            ).update(relances=reponse.relances + 1, derniere_relance_le=today)
            if updated:
                _send_to_admins(
                    reponse.suivi,
                    [reponse.organisation],
                    "relance",
                    "Rappel : le suivi de « {titre} » à {label} attend votre réponse",
                )
                sent += 1
    return sent


def catalyseurs_of(alliance: Alliance):
    """The active catalyseurs whose perimeter holds the alliance (national ones only for an
    alliance of national scope, as in moderation)."""
    condition = Q(niveau=Catalyseur.Niveau.NATIONAL)
    if alliance.portee != Alliance.Portee.NATIONALE:
        condition |= Q(niveau=Catalyseur.Niveau.REGION, region_id=alliance.region_id)
        condition |= Q(niveau=Catalyseur.Niveau.DEPARTEMENT, departement_id=alliance.departement_id)
        if alliance.commune_id and alliance.commune.epci_id:
            condition |= Q(niveau=Catalyseur.Niveau.EPCI, epci_id=alliance.commune.epci_id)
    return Catalyseur.objects.actifs().filter(condition, user__is_active=True)


def _flags_send(today: date) -> int:
    """Tell the territory's catalyseurs about each open follow-up that a partner left
    unanswered a week after its second reminder: once per follow-up."""
    semaine = today - RELANCE_APRES
    en_souffrance = (
        ReponseSuivi.objects.waiting()
        .of_partners()
        .filter(relances__gte=RELANCES_MAX, derniere_relance_le__lte=semaine)
    )
    suivis = (
        Suivi.objects.filter(
            signale_le__isnull=True,
            prochaine_echeance__gt=today,
            alliance__statut=Statut.PUBLIEE,
            pk__in=en_souffrance.values("suivi"),
        )
        .select_related("alliance", "alliance__commune")
        .order_by("pk")
    )
    flagged = 0
    for suivi in list(suivis):
        with transaction.atomic():
            if not Suivi.objects.filter(pk=suivi.pk, signale_le__isnull=True).update(
                signale_le=today
            ):
                continue
            flagged += 1
            silencieux = list(
                Organisation.objects.filter(
                    pk__in=en_souffrance.filter(suivi=suivi).values("organisation")
                ).order_by("nom")
            )
            emails = sorted(
                set(catalyseurs_of(suivi.alliance).values_list("user__email", flat=True))
            )
            for email in emails:
                send_templated(
                    f"Suivi sans réponse : « {suivi.alliance.titre} »",
                    "suivis/emails/signalement.txt",
                    {"suivi": suivi, "alliance": suivi.alliance, "silencieux": silencieux},
                    [email],
                )
    return flagged


# A partner's answer -----------------------------------------------------------------------------


def _clean_valeurs(alliance: Alliance, valeurs: dict) -> list[ValeurIndicateur]:
    """The value rows of an answer, once each names an indicator of the alliance's typologie
    (with an ODD exactly when it is counted by ODD) and is a number from 0."""
    rows, odd_connus = [], set(ODD.objects.values_list("numero", flat=True))
    for (code, odd), valeur in valeurs.items():
        indicateur = indicateurs.get(code)
        if indicateur is None or not indicateur.applies_to(alliance.typologie):
            raise ValidationError(
                f"L'indicateur {code} ne s'applique pas à cette alliance.", code="indicateur"
            )
        if indicateur.par_odd != (odd is not None) or (odd is not None and odd not in odd_connus):
            raise ValidationError(
                f"« {indicateur.label} » se donne pour chaque ODD de l'alliance.", code="odd"
            )
        if valeur is None:
            continue
        valeur = Decimal(valeur)
        if valeur < 0:
            raise ValidationError(
                f"« {indicateur.label} » : saisissez un nombre positif ou nul.", code="negatif"
            )
        rows.append(ValeurIndicateur(indicateur=code, odd_id=odd, valeur=valeur))
    return rows


@transaction.atomic
def reponse_save(
    *,
    by,
    suivi: Suivi,
    organisation: Organisation,
    etat: str,
    realise: str,
    valeurs: dict[tuple[str, int | None], Decimal | None],
    now=None,
) -> ReponseSuivi:
    """A member of a confirmed partner answers the follow-up for its organisation, or corrects
    its answer, until the next follow-up falls due. `valeurs` maps (indicator code, ODD number
    or None) to a value; empty ones are dropped. The previous values are replaced."""
    now = now or timezone.now()
    if not is_partner_member(by, suivi.alliance_id, organisation):
        raise PermissionDenied("Seul un membre d'une organisation partenaire répond au suivi.")
    suivi = Suivi.objects.select_related("alliance").get(pk=suivi.pk)
    today = timezone.localdate(now)
    if today >= suivi.prochaine_echeance:
        raise ValidationError(
            SUIVI_FERME.format(date=suivi.prochaine_echeance.strftime("%d/%m/%Y")), code="ferme"
        )
    if etat not in ReponseSuivi.Etat.values:
        raise ValidationError("Choisissez où en est l'alliance.", code="etat")
    rows = _clean_valeurs(suivi.alliance, valeurs)
    # A partner confirmed after the request has no row yet: its first answer writes it. The
    # lock serialises two members of the same partner saving at once.
    ReponseSuivi.objects.get_or_create(suivi=suivi, organisation=organisation)
    reponse = ReponseSuivi.objects.select_for_update().get(suivi=suivi, organisation=organisation)
    reponse.etat, reponse.realise = etat, realise.strip()
    reponse.answered_by, reponse.updated_at = by, now
    reponse.answered_at = reponse.answered_at or now
    reponse.save()
    reponse.valeurs.all().delete()
    for row in rows:
        row.reponse = reponse
    ValeurIndicateur.objects.bulk_create(rows)
    return reponse


# A partner's evaluation -------------------------------------------------------------------------


@transaction.atomic
def evaluation_save(
    *,
    by,
    alliance: Alliance,
    organisation: Organisation,
    innovation: int,
    performance: int,
    confiance: int,
    changements: str = "",
    today: date | None = None,
) -> Evaluation:
    """A member of a confirmed partner assesses, privately, what the alliance brought to its
    organisation, from the 12-month follow-up on; saving again corrects it."""
    if not is_partner_member(by, alliance.pk, organisation):
        raise PermissionDenied("Seul un membre d'une organisation partenaire évalue l'alliance.")
    if not calendrier.evaluation_is_open(alliance, today):
        opens = calendrier.evaluation_opens_on(alliance)
        quand = f" le {opens:%d/%m/%Y}" if opens else " après un an de partenariat"
        raise ValidationError(
            f"L'évaluation partenariale s'ouvre avec le suivi à 12 mois,{quand}.", code="tot"
        )
    notes = {"innovation": innovation, "performance": performance, "confiance": confiance}
    for nom, note in notes.items():
        if note not in range(1, 6):
            raise ValidationError(f"La note « {nom} » va de 1 à 5.", code="note")
    evaluation, _ = Evaluation.objects.update_or_create(
        alliance=alliance,
        organisation=organisation,
        defaults={**notes, "changements": changements.strip(), "answered_by": by},
    )
    return evaluation
