"""Writes on offres, mises en relation and alertes. Every service checks its own permission,
so a view that forgets to check cannot let a forbidden write through."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchVector
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import connection, models, transaction
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Replace
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from alliances.filters import AllianceFilter
from alliances.models import Alliance, Participation
from comptes.email import one_line, send_templated
from conventions.services import convention_attach_alliance
from moderation import workflow
from moderation.models import Statut
from moderation.workflow import changed_fields, resubmit_after_edit
from nomenclatures.models import ODD, Domaine, typologie_label
from offres.filters import OffreFilter
from offres.models import Alerte, MiseEnRelation, Offre, TypeRessource
from offres.permissions import can_answer_mise_en_relation, can_edit_offre
from organisations.models import Organisation
from organisations.permissions import is_member
from recherche.texte import SEARCH_CONFIG, unique_slug

User = get_user_model()

# Anti-abuse: contact requests reach strangers' inboxes, so each person and each organisation
# sends a limited number a day, and a declined sender waits before trying the same offre again.
MISES_EN_RELATION_PAR_JOUR_UTILISATEUR = 10
MISES_EN_RELATION_PAR_JOUR_ORGANISATION = 20
RELANCE_APRES_REFUS_JOURS = 30
ALERTES_PAR_UTILISATEUR = 20
ALERTE_SALT = "alliances.alerte.desabonnement"
# A digest lists this many new items at most, with a link to the whole search.
ALERTE_ELEMENTS_MAX = 20


def _member_emails(organisation: Organisation) -> list[str]:
    return workflow.member_emails(organisation)


def offres_refresh_search(offre_ids) -> None:
    """Recompute the PostgreSQL search vectors of these offres (title A, typologie, ressources
    and organisation B, description C), in one UPDATE. Nothing to do on SQLite."""
    if connection.vendor != "postgresql":
        return
    # The stored ",code,code," turned into the labels (no code is part of another).
    ressources = models.F("ressources")
    for code, label in TypeRessource.choices:
        ressources = Replace(ressources, Value(code), Value(label))
    organisation = Organisation.objects.filter(pk=OuterRef("organisation_id")).values("nom")
    Offre.objects.filter(pk__in=offre_ids).update(
        search_vector=SearchVector("titre", weight="A", config=SEARCH_CONFIG)
        + SearchVector(typologie_label(), weight="B", config=SEARCH_CONFIG)
        + SearchVector(ressources, weight="B", config=SEARCH_CONFIG)
        + SearchVector(
            Subquery(organisation, output_field=models.TextField()),
            weight="B",
            config=SEARCH_CONFIG,
        )
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )


def organisation_renamed(*, organisation: Organisation, changed: set[str]) -> None:
    """Offres are searchable by their organisation's name (organisations calls this after an
    edit, see offres/apps.py)."""
    if "nom" in changed:
        offres_reindex(Offre.objects.filter(organisation=organisation))


def offres_reindex(offres) -> None:
    """Recompute both search texts of these offres (after their organisation was renamed, or an
    edit that bypassed the services)."""
    rows = list(offres.select_related("organisation"))
    for offre in rows:
        offre.refresh_recherche()
    Offre.objects.bulk_update(rows, ["recherche"], batch_size=500)
    offres_refresh_search([offre.pk for offre in rows])


@transaction.atomic
def offre_create(*, by: User, offre: Offre, domaines: list[Domaine], odd: list[ODD]) -> Offre:
    """Register an offre for one of the user's organisations; it waits for moderation."""
    if not (by.is_staff or is_member(by, offre.organisation)):
        raise PermissionDenied
    offre.slug = unique_slug(Offre, offre.titre)
    offre.statut = Statut.BROUILLON
    offre.etat = Offre.Etat.OUVERTE
    offre.created_by = by
    if offre.national:
        offre.rayon_km = None
    offre.copy_commune_place()
    offre.refresh_recherche()
    offre.save()
    offre.domaines.set(domaines)
    offre.odd.set(odd)
    workflow.submit(offre, by=by)
    offres_refresh_search([offre.pk])
    return offre


@transaction.atomic
def offre_update(*, by: User, offre: Offre, domaines: list[Domaine], odd: list[ODD]) -> Offre:
    """Save a member's edits; new text on a published offre goes back to moderation."""
    if not can_edit_offre(by, offre):
        raise PermissionDenied
    changed = changed_fields(offre, workflow.moderated_fields(Offre))
    if offre.national:
        offre.rayon_km = None
    # A later date limite revives an expired offre.
    today = timezone.localdate()
    if offre.etat == Offre.Etat.EXPIREE and (
        offre.date_limite is None or offre.date_limite >= today
    ):
        offre.etat = Offre.Etat.OUVERTE
    offre.copy_commune_place()
    offre.refresh_recherche()
    offre.save()
    offre.domaines.set(domaines)
    offre.odd.set(odd)
    resubmit_after_edit(offre, by=by, changed=bool(changed))
    offres_refresh_search([offre.pk])
    return offre


@transaction.atomic
def offre_close(*, by: User, offre: Offre) -> Offre:
    """The organisation found its partner (or gives up): the offre leaves the public list."""
    if not can_edit_offre(by, offre):
        raise PermissionDenied
    if offre.etat != Offre.Etat.OUVERTE:
        raise ValidationError("Cette offre est déjà fermée.", code="deja_fermee")
    offre.etat = Offre.Etat.POURVUE
    offre.save(update_fields=["etat", "updated_at"])
    return offre


@transaction.atomic
def offre_reopen(*, by: User, offre: Offre) -> Offre:
    if not can_edit_offre(by, offre):
        raise PermissionDenied
    if offre.etat == Offre.Etat.OUVERTE:
        raise ValidationError("Cette offre est déjà ouverte.", code="deja_ouverte")
    if offre.date_limite and offre.date_limite < timezone.localdate():
        raise ValidationError(
            "La date limite de cette offre est passée : modifiez-la avant de rouvrir l'offre.",
            code="date_limite_passee",
        )
    offre.etat = Offre.Etat.OUVERTE
    offre.save(update_fields=["etat", "updated_at"])
    return offre


def offres_expire(*, today=None) -> int:
    """Close the open offres whose date limite has passed; returns how many. Idempotent."""
    today = today or timezone.localdate()
    return Offre.objects.filter(etat=Offre.Etat.OUVERTE, date_limite__lt=today).update(
        etat=Offre.Etat.EXPIREE, updated_at=timezone.now()
    )


def _mise_en_relation_deliver(mise_en_relation: MiseEnRelation) -> None:
    """The request reaches the receiving organisation: its members are emailed."""
    mise_en_relation.etat = MiseEnRelation.Etat.ENVOYEE
    mise_en_relation.sent_at = timezone.now()
    mise_en_relation.save(update_fields=["etat", "sent_at"])
    send_templated(
        f"{mise_en_relation.emettrice.nom} vous contacte au sujet de « "
        f"{mise_en_relation.offre.titre} »",
        "offres/emails/mise_en_relation_recue.txt",
        {
            "mise_en_relation": mise_en_relation,
            "link": settings.SITE_URL + mise_en_relation.get_absolute_url(),
        },
        _member_emails(mise_en_relation.destinataire),
    )


def _check_sending_limits(*, by: User, emettrice: Organisation, offre: Offre) -> None:
    since = timezone.now() - timedelta(days=1)
    recent = MiseEnRelation.objects.filter(created_at__gte=since)
    if recent.filter(sent_by=by).count() >= MISES_EN_RELATION_PAR_JOUR_UTILISATEUR:
        raise ValidationError(
            f"Vous avez déjà envoyé {MISES_EN_RELATION_PAR_JOUR_UTILISATEUR} demandes de mise en "
            "relation aujourd'hui : réessayez demain.",
            code="limite_utilisateur",
        )
    if recent.filter(emettrice=emettrice).count() >= MISES_EN_RELATION_PAR_JOUR_ORGANISATION:
        raise ValidationError(
            f"{emettrice.nom} a déjà envoyé {MISES_EN_RELATION_PAR_JOUR_ORGANISATION} demandes "
            "de mise en relation aujourd'hui : réessayez demain.",
            code="limite_organisation",
        )
    previous = MiseEnRelation.objects.filter(offre=offre, emettrice=emettrice)
    if previous.filter(etat__in=["attente_publication", "envoyee", "lue"]).exists():
        raise ValidationError(
            "Votre organisation a déjà contacté cette offre : la demande attend sa réponse.",
            code="deja_en_cours",
        )
    declined = previous.filter(
        etat=MiseEnRelation.Etat.DECLINEE,
        answered_at__gte=timezone.now() - timedelta(days=RELANCE_APRES_REFUS_JOURS),
    ).first()
    if declined:
        date = timezone.localtime(declined.answered_at) + timedelta(days=RELANCE_APRES_REFUS_JOURS)
        raise ValidationError(
            "Cette organisation a décliné votre précédente demande pour cette offre : vous "
            f"pourrez la recontacter à partir du {date:%d/%m/%Y}.",
            code="refus_recent",
        )


@transaction.atomic
def mise_en_relation_send(
    *, by: User, emettrice: Organisation, offre: Offre, message: str
) -> MiseEnRelation:
    """A member writes to the organisation behind an offre, on behalf of their organisation.

    The message reaches the other organisation at once when the sender is published; otherwise
    it waits, and mises_en_relation_deliver_waiting() delivers it on publication.
    """
    if not is_member(by, emettrice):
        raise PermissionDenied
    if is_member(by, offre.organisation) or emettrice.pk == offre.organisation_id:
        raise ValidationError(
            "Vous ne pouvez pas contacter votre propre organisation.", code="propre_organisation"
        )
    if not offre.is_visible:
        raise ValidationError("Cette offre n'est plus ouverte.", code="offre_fermee")
    if emettrice.statut in (Statut.REFUSEE, Statut.DEPUBLIEE):
        raise ValidationError(
            f"{emettrice.nom} n'est pas publiée sur la plateforme : elle ne peut pas contacter "
            "d'autres organisations.",
            code="emettrice_refusee",
        )
    message = message.strip()
    if not message:
        raise ValidationError("Écrivez un message.", code="message_vide")
    # Serialise the sender's requests so that two at once cannot both slip under the limits
    # (the person's, whatever organisation they write for, and the organisation's).
    User.objects.select_for_update().filter(pk=by.pk).first()
    Organisation.objects.select_for_update().filter(pk=emettrice.pk).first()
    _check_sending_limits(by=by, emettrice=emettrice, offre=offre)
    mise_en_relation = MiseEnRelation.objects.create(
        offre=offre,
        emettrice=emettrice,
        destinataire=offre.organisation,
        sent_by=by,
        message=message,
        etat=MiseEnRelation.Etat.EN_ATTENTE_PUBLICATION,
    )
    if emettrice.is_published:
        _mise_en_relation_deliver(mise_en_relation)
    return mise_en_relation


@transaction.atomic
def organisation_published(organisation: Organisation) -> None:
    """The contact requests an organisation wrote while it waited leave with its publication
    (moderation calls this, see offres/apps.py)."""
    mises_en_relation_deliver_waiting(organisation=organisation)


def mises_en_relation_deliver_waiting(*, organisation: Organisation) -> int:
    """Deliver the requests a newly published organisation wrote while it waited (those whose
    offre is still open); returns how many. The moderation workflow calls it when it publishes
    an organisation; nothing happens while the organisation is not published."""
    if not organisation.is_published:
        return 0
    waiting = MiseEnRelation.objects.filter(
        emettrice=organisation, etat=MiseEnRelation.Etat.EN_ATTENTE_PUBLICATION
    ).select_related("offre__organisation", "emettrice", "destinataire")
    delivered = 0
    for mise_en_relation in waiting:
        if mise_en_relation.offre.is_visible:
            _mise_en_relation_deliver(mise_en_relation)
            delivered += 1
    return delivered


@transaction.atomic
def mise_en_relation_mark_read(*, by: User, mise_en_relation: MiseEnRelation) -> MiseEnRelation:
    """The first time a member of the receiving organisation opens the thread."""
    if can_answer_mise_en_relation(by, mise_en_relation) and (
        mise_en_relation.etat == MiseEnRelation.Etat.ENVOYEE
    ):
        mise_en_relation.etat = MiseEnRelation.Etat.LUE
        mise_en_relation.read_at = timezone.now()
        mise_en_relation.save(update_fields=["etat", "read_at"])
    return mise_en_relation


@transaction.atomic
def mise_en_relation_answer(
    *,
    by: User,
    mise_en_relation: MiseEnRelation,
    accept: bool,
    reponse: str,
    motif: str = "",
) -> MiseEnRelation:
    """Accept with a reply (contact details then show on both sides) or decline with a reason
    (kept: it lowers similar suggestions). The sender's organisation is emailed."""
    if not can_answer_mise_en_relation(by, mise_en_relation):
        raise PermissionDenied
    mise_en_relation = MiseEnRelation.objects.select_for_update().get(pk=mise_en_relation.pk)
    if not mise_en_relation.is_pending:
        raise ValidationError("Cette demande a déjà reçu une réponse.", code="deja_repondue")
    reponse = reponse.strip()
    if accept and not reponse:
        raise ValidationError("Écrivez une réponse.", code="reponse_vide")
    if not accept and motif not in MiseEnRelation.Motif.values:
        raise ValidationError("Choisissez la raison du refus.", code="motif_manquant")
    now = timezone.now()
    mise_en_relation.etat = MiseEnRelation.Etat.ACCEPTEE if accept else MiseEnRelation.Etat.DECLINEE
    mise_en_relation.reponse = reponse
    mise_en_relation.motif = "" if accept else motif
    mise_en_relation.answered_by = by
    mise_en_relation.answered_at = now
    mise_en_relation.read_at = mise_en_relation.read_at or now
    mise_en_relation.save(
        update_fields=["etat", "reponse", "motif", "answered_by", "answered_at", "read_at"]
    )
    send_templated(
        f"{mise_en_relation.destinataire.nom} a répondu à votre demande",
        "offres/emails/mise_en_relation_reponse.txt",
        {
            "mise_en_relation": mise_en_relation,
            "link": settings.SITE_URL + mise_en_relation.get_absolute_url(),
        },
        _member_emails(mise_en_relation.emettrice),
    )
    return mise_en_relation


@transaction.atomic
def mise_en_relation_link_alliance(
    *, by: User, mise_en_relation: MiseEnRelation, alliance: Alliance
) -> MiseEnRelation:
    """Record the last step: the alliance born from this contact was declared. Nothing is
    recorded unless the alliance names both organisations (a declared partner counts before it
    confirms its part)."""
    if not (
        is_member(by, mise_en_relation.emettrice) or is_member(by, mise_en_relation.destinataire)
    ):
        raise PermissionDenied
    if mise_en_relation.etat != MiseEnRelation.Etat.ACCEPTEE or mise_en_relation.alliance_id:
        return mise_en_relation
    named = set(
        alliance.participations.exclude(etat=Participation.Etat.REFUSEE).values_list(
            "organisation_id", flat=True
        )
    )
    if not {mise_en_relation.emettrice_id, mise_en_relation.destinataire_id} <= named:
        raise ValidationError(
            "Cette alliance ne réunit pas les deux organisations de la mise en relation.",
            code="alliance_sans_les_deux",
        )
    mise_en_relation.alliance = alliance
    mise_en_relation.alliance_declared_at = timezone.now()
    mise_en_relation.save(update_fields=["alliance", "alliance_declared_at"])
    if mise_en_relation.convention_id:
        convention_attach_alliance(convention=mise_en_relation.convention, alliance=alliance)
    return mise_en_relation


def alerte_token(alerte: Alerte) -> str:
    return signing.dumps(alerte.pk, salt=ALERTE_SALT)


def alerte_from_token(token: str) -> Alerte:
    """The alert an unsubscribe link names; ValidationError for a forged or deleted one. The
    link never expires: an old digest must still unsubscribe."""
    try:
        pk = signing.loads(token, salt=ALERTE_SALT)
    except signing.BadSignature:
        raise ValidationError(
            "Ce lien de désabonnement n'est pas valide.", code="invalide"
        ) from None
    alerte = Alerte.objects.filter(pk=pk).first()
    if alerte is None:
        raise ValidationError("Cette alerte a été supprimée.", code="supprimee")
    return alerte


@transaction.atomic
def alerte_create(*, by: User, alerte: Alerte) -> Alerte:
    """Save a search; new matches are emailed from the next digest on."""
    User.objects.select_for_update().filter(pk=by.pk).first()  # the limit, one save at a time
    if by.alertes.count() >= ALERTES_PAR_UTILISATEUR:
        raise ValidationError(
            f"Vous avez déjà {ALERTES_PAR_UTILISATEUR} alertes : supprimez-en une d'abord.",
            code="trop_d_alertes",
        )
    alerte.user = by
    alerte.active = True
    alerte.last_sent_at = timezone.now()
    alerte.save()
    return alerte


@transaction.atomic
def alerte_set_active(*, alerte: Alerte, active: bool) -> Alerte:
    """Unsubscribe (from the email's link, no login needed) or subscribe again."""
    alerte.active = active
    if active:
        alerte.last_sent_at = timezone.now()
    alerte.save(update_fields=["active", "last_sent_at"])
    return alerte


@transaction.atomic
def alerte_delete(*, by: User, alerte: Alerte) -> None:
    if alerte.user_id != by.pk:
        raise PermissionDenied
    alerte.delete()


ALERTE_PERIODES = {
    Alerte.Frequence.QUOTIDIENNE: timedelta(days=1),
    Alerte.Frequence.HEBDOMADAIRE: timedelta(days=7),
}


def alertes_due(*, frequence: str, now=None) -> list[int]:
    """Active alerts of this frequency whose period has passed (an hour of margin, so that a
    daily beat a few seconds early still sends)."""
    now = now or timezone.now()
    limit = now - ALERTE_PERIODES[frequence] + timedelta(hours=1)
    return list(
        Alerte.objects.filter(active=True, frequence=frequence, last_sent_at__lte=limit)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def alerte_matches(alerte: Alerte, since) -> list:
    """Published items that the saved search finds and that were published since `since`,
    newest publication first. The publication date, not the creation date: moderation and
    partners' confirmations often publish an item days after it was written."""
    data = QueryDict(alerte.criteres)
    if alerte.cible == Alerte.Cible.OFFRES:
        filterset = OffreFilter(
            data, queryset=Offre.objects.visible().filter(published_at__gt=since)
        )
        queryset = filterset.qs.select_related("organisation", "commune")
    else:
        filterset = AllianceFilter(
            data, queryset=Alliance.objects.published().filter(published_at__gt=since)
        )
        queryset = filterset.qs.select_related("commune")
    return list(queryset.order_by("-published_at", "-pk")[: ALERTE_ELEMENTS_MAX + 1])


@transaction.atomic
def alerte_send_digest(*, alerte_id: int, now=None) -> int:
    """Email one alert's new matches since its last digest; returns how many were listed.

    Idempotent: the alert is locked and its last_sent_at moves forward, so a task that runs
    twice finds nothing new the second time.
    """
    now = now or timezone.now()
    alerte = Alerte.objects.select_for_update().select_related("user").filter(pk=alerte_id).first()
    if alerte is None or not alerte.active:
        return 0
    since = alerte.last_sent_at or alerte.created_at
    if since > now - ALERTE_PERIODES[alerte.frequence] + timedelta(hours=1):
        return 0
    items = alerte_matches(alerte, since)
    if not items:
        alerte.last_sent_at = now
        alerte.save(update_fields=["last_sent_at"])
        return 0
    unsubscribe = settings.SITE_URL + reverse(
        "offres:alerte_unsubscribe", kwargs={"token": alerte_token(alerte)}
    )
    body = render_to_string(
        "offres/emails/alerte_digest.txt",
        {
            "alerte": alerte,
            "items": items[:ALERTE_ELEMENTS_MAX],
            "plus": len(items) > ALERTE_ELEMENTS_MAX,
            "search_url": settings.SITE_URL + alerte.search_url(),
            "unsubscribe_url": unsubscribe,
            "site_url": settings.SITE_URL,
        },
    )
    nombre = min(len(items), ALERTE_ELEMENTS_MAX)
    noun = "offre" if alerte.cible == Alerte.Cible.OFFRES else "alliance"
    message = EmailMessage(
        one_line(
            f"Alerte « {alerte.nom} » : {nombre}{'+' if len(items) > nombre else ''} "
            f"nouvelle{'s' if nombre > 1 else ''} {noun}{'s' if nombre > 1 else ''}"
        ),
        body,
        None,
        [alerte.user.email],
        # One-click unsubscribe from the mail client (RFC 8058).
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    # Build the whole message first: a header it cannot carry raises here, before the alert
    # is marked as sent (the next run tries again rather than skipping these items).
    message.message()
    message.send()
    alerte.last_sent_at = now
    alerte.save(update_fields=["last_sent_at"])
    return nombre
