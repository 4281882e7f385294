"""The moderation workflow shared by every moderated kind (DESIGN.md §4, moderation.registry).

One service, `transition`, changes an item's status: it checks that the move is allowed and
who may make it, records the decision in the append-only history, keeps the queue in step and
emails the item's members once the transaction commits. Nothing else writes `statut`.

Also here: what the workflow reads of an item through the registry (its kind, place, public
fields), and the automatic pre-checks shown to the moderator.
"""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from comptes.email import one_line
from moderation import registry
from moderation.models import Decision, Recours, Signalement, Soumission, Statut
from moderation.motifs import MOTIFS
from moderation.permissions import can_moderate

# The workflow: from each status, where an item may go.
TRANSITIONS: dict[str, set[str]] = {
    Statut.BROUILLON: {Statut.EN_ATTENTE},
    Statut.EN_ATTENTE: {Statut.PUBLIEE, Statut.A_CORRIGER, Statut.REFUSEE},
    Statut.A_CORRIGER: {Statut.EN_ATTENTE},
    # Back to the queue when its authors change what the public reads, or when three people
    # report it (hidden until a catalyseur decides).
    Statut.PUBLIEE: {Statut.DEPUBLIEE, Statut.EN_ATTENTE},
    Statut.DEPUBLIEE: {Statut.EN_ATTENTE},
    # A refusal is final, unless an appeal reopens it (see `recours_decide`).
    Statut.REFUSEE: set(),
}
# Moves that only a moderator of the item's perimeter makes.
DECISIONS_DE_MODERATION = {
    (Statut.EN_ATTENTE, Statut.PUBLIEE),
    (Statut.EN_ATTENTE, Statut.A_CORRIGER),
    (Statut.EN_ATTENTE, Statut.REFUSEE),
    (Statut.PUBLIEE, Statut.DEPUBLIEE),
}
# An accepted appeal publishes the contested item (and only an appeal does).
PAR_RECOURS = {(Statut.REFUSEE, Statut.PUBLIEE), (Statut.DEPUBLIEE, Statut.PUBLIEE)}
# These outcomes always say why.
MOTIF_OBLIGATOIRE = {Statut.A_CORRIGER, Statut.REFUSEE, Statut.DEPUBLIEE}
# The answer recorded on an appeal closed because its item was submitted again.
RECOURS_CLOS = (
    "Recours clos sans décision : le contenu a été modifié et soumis à nouveau à la modération."
)
# After this long in the queue, the enclosing perimeter and staff are told.
ESCALADE_APRES = timedelta(days=7)


def nature_of(item: models.Model) -> str:
    return registry.kind_of(item).nature


def model_of(nature: str) -> type[models.Model]:
    return registry.kind_named(nature).model


def title_of(item: models.Model) -> str:
    return registry.kind_of(item).title(item)


def place_of(item: models.Model) -> dict:
    """Where an item belongs for moderation (see `registry.Kind.place`): national-scope items
    go to staff and national catalyseurs."""
    return registry.kind_of(item).place(item)


def member_emails(item: models.Model) -> list[str]:
    return sorted(set(registry.kind_of(item).members(item).values_list("email", flat=True)))


def public_fields(item_or_model) -> tuple[tuple[str, str], ...]:
    """What the public reads and what places or identifies an item, field by field: changing
    one of these fields on a published item sends it back to moderation
    (the owning app's `resubmit_after_edit`), and the review page compares them with the last
    published version."""
    return registry.kind_of(item_or_model).fields


def moderated_fields(model: type[models.Model]) -> set[str]:
    """The column names (`commune_id` for a foreign key) of the public fields of a kind: what
    `changed_fields` compares with the database."""
    return {model._meta.get_field(field).attname for field, _label in public_fields(model)}


def _display(item: models.Model, field: str) -> str:
    """A field as the public reads it: a commune's name rather than its id, a choice's label."""
    value = getattr(item, field)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if item._meta.get_field(field).choices:
        return str(getattr(item, f"get_{field}_display")())
    return str(value)


def contenu_of(item: models.Model) -> dict:
    return {field: _display(item, field) for field, _label in public_fields(item)}


def changes_since_published(item: models.Model, published: Decision | None) -> list[dict]:
    """The public fields that differ from the last published version, before and after."""
    if published is None or not published.contenu:
        return []
    current = contenu_of(item)
    return [
        {"label": label, "avant": published.contenu.get(field, ""), "apres": current[field]}
        for field, label in public_fields(item)
        if published.contenu.get(field, "") != current[field]
    ]


# Pre-checks ----------------------------------------------------------------------------------
DESCRIPTION_MIN = 120
# Links to these domains (and to the item's own organisations' sites) raise no flag.
DOMAINES_CONNUS = (
    "gouv.fr",
    "service-public.fr",
    "legifrance.gouv.fr",
    "insee.fr",
    "europa.eu",
    "un.org",
    "wikipedia.org",
    "associations.gouv.fr",
)
URL_RE = re.compile(r"https?://[^\s)\]>\"']+", re.IGNORECASE)


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.").lower()


def _known(host: str, own: set[str]) -> bool:
    return host in own or any(host == d or host.endswith("." + d) for d in DOMAINES_CONNUS)


def prechecks(item: models.Model) -> list[str]:
    """Obvious problems a human should look at first. They flag, never decide."""
    flags = []
    if len(item.description.strip()) < DESCRIPTION_MIN:
        flags.append(
            f"Description courte : {len(item.description.strip())} caractères "
            f"(moins de {DESCRIPTION_MIN})."
        )
    kind = registry.kind_of(item)
    flags.extend(kind.prechecks(item))
    own = {_host(site) for site in kind.sites(item)}
    urls = URL_RE.findall(item.description) + kind.links(item)
    unknown = sorted({_host(url) for url in urls if not _known(_host(url), own)})
    if unknown:
        flags.append("Liens vers des domaines inconnus : " + ", ".join(unknown) + ".")
    return flags


def publication_blockers(item: models.Model) -> list[str]:
    """Why the item can't be published yet (its kind says: an alliance needs two confirmed
    organisations); empty when it can. Unlike the pre-checks, these decide."""
    return registry.kind_of(item).blockers(item)


# The transition service ---------------------------------------------------------------------


def _notify(decision_id: int) -> None:
    decision = Decision.objects.select_related("by").get(pk=decision_id)
    item = model_of(decision.nature).objects.filter(pk=decision.object_id).first()
    if item is None:
        return
    recipients = member_emails(item)
    if not recipients:
        return
    subjects = {
        Statut.PUBLIEE: "est publiée",
        Statut.A_CORRIGER: "est à corriger",
        Statut.REFUSEE: "n'a pas été acceptée",
        Statut.DEPUBLIEE: "a été dépubliée",
        Statut.EN_ATTENTE: "est masquée le temps d'un nouvel examen",
    }
    body = render_to_string(
        "moderation/emails/decision.txt",
        {
            "decision": decision,
            "item": item,
            "motif": MOTIFS.get(decision.motif),
            "site_url": settings.SITE_URL,
        },
    )
    send_mail(
        one_line(f"Modération : « {decision.titre} » {subjects[decision.vers]}"),
        body,
        None,
        recipients,
    )


@transaction.atomic
def transition(
    item: models.Model,
    *,
    to: str,
    by,
    motif: str = "",
    texte: str = "",
    message: str = "",
    par_signalements: bool = False,
    par_recours: bool = False,
) -> Decision:
    """Move an item to the status `to` and record the decision.

    `by` is the person who acts (None for the platform itself, when reports hide an item).
    Raises ValidationError for a move the workflow does not allow, a missing reason or a
    publication its kind blocks (`publication_blockers`), and
    PermissionDenied when a moderator's decision comes from someone who may not moderate the
    item (outside their perimeter, or about their own organisation). Members of the item are
    emailed after commit when a moderator (or the reports) decided.
    """
    model = type(item)
    # Lock the row: two catalyseurs deciding at once must not both succeed.
    current = model.objects.select_for_update().filter(pk=item.pk).values_list("statut", flat=True)
    de = current.first()
    if de is None:
        raise ValidationError("Cet élément n'existe plus.", code="introuvable")
    if to not in TRANSITIONS[de] and not (par_recours and (de, to) in PAR_RECOURS):
        raise ValidationError(
            f"Impossible de passer de « {Statut(de).label} » à « {Statut(to).label} ».",
            code="transition_interdite",
        )
    if to == Statut.PUBLIEE:
        blockers = publication_blockers(item)
        if blockers:
            raise ValidationError(
                "Publication impossible. " + " ".join(blockers), code="publication_impossible"
            )
    moderator_decision = (de, to) in DECISIONS_DE_MODERATION or par_recours
    if moderator_decision and not (by is not None and can_moderate(by, item)):
        raise PermissionDenied
    if to in MOTIF_OBLIGATOIRE or par_signalements:
        if motif not in MOTIFS:
            raise ValidationError("Choisissez le motif de la décision.", code="motif_obligatoire")
        if motif == "autre" and not texte.strip():
            raise ValidationError(
                "Précisez la raison quand le motif est « autre ».", code="precisions_obligatoires"
            )
    elif motif and motif not in MOTIFS:
        raise ValidationError("Motif inconnu.", code="motif_inconnu")

    now = timezone.now()
    place = place_of(item)
    waiting = Soumission.objects.filter(nature=nature_of(item), object_id=item.pk).first()
    item.statut = to
    saved = ["statut", "updated_at"]
    # The first publication dates the item for alerts and « publiée le » (issue 5).
    if to == Statut.PUBLIEE and getattr(item, "published_at", False) is None:
        item.published_at = now
        saved.append("published_at")
    item.save(update_fields=saved)
    decision = Decision.objects.create(
        nature=nature_of(item),
        object_id=item.pk,
        titre=title_of(item)[:200],
        de=de,
        vers=to,
        by=by,
        created_at=now,
        motif=motif,
        texte=texte.strip(),
        message=message.strip(),
        attente=(now - waiting.submitted_at) if waiting and de == Statut.EN_ATTENTE else None,
        contenu=contenu_of(item) if to == Statut.PUBLIEE else None,
        **place,
    )
    if to == Statut.EN_ATTENTE:
        # A new version replaces the contested one: its appeal has nothing left to decide.
        Recours.objects.filter(
            decided_at__isnull=True,
            decision__nature=nature_of(item),
            decision__object_id=item.pk,
        ).update(decided_at=now, reponse=RECOURS_CLOS)
        Soumission.objects.update_or_create(
            nature=nature_of(item),
            object_id=item.pk,
            defaults={
                "titre": title_of(item)[:200],
                "submitted_at": now,
                "escalated_at": None,
                "par_signalements": par_signalements,
                **place,
            },
        )
    elif waiting:
        waiting.delete()
    if to == Statut.PUBLIEE:
        # What other apps asked to happen then (the mises en relation an organisation wrote
        # while it waited leave now).
        for callback in registry.published_callbacks(item):
            callback(item)
    if moderator_decision or par_signalements:
        _notify(decision.pk)
    return decision


def queue_refresh(item: models.Model) -> None:
    """Copy a waiting item's current place and title onto its queue row, so that an edit while
    it waits moves it to the queue of its new perimeter."""
    Soumission.objects.update_or_create(
        nature=nature_of(item),
        object_id=item.pk,
        defaults={"titre": title_of(item)[:200], **place_of(item)},
    )


def submit(item: models.Model, *, by) -> Decision | None:
    """The authors send an item (new, corrected, or edited after publication) to the queue.
    When it is already waiting, only its queue row is refreshed (place, title)."""
    stored = type(item).objects.filter(pk=item.pk).values_list("statut", flat=True).first()
    if stored == Statut.EN_ATTENTE:
        queue_refresh(item)
        return None
    return transition(item, to=Statut.EN_ATTENTE, by=by)


@transaction.atomic
def decide(item: models.Model, *, by, to: str, motif: str = "", texte: str = "", message: str = ""):
    """A moderator's decision from the moderation space. Reports on the item are closed with it:
    kept when it is published, taken into account otherwise."""
    decision = transition(item, to=to, by=by, motif=motif, texte=texte, message=message)
    signalements_close(
        item,
        by=by,
        issue=Signalement.Issue.MAINTENU if to == Statut.PUBLIEE else Signalement.Issue.RETIRE,
    )
    return decision


def signalements_close(item: models.Model, *, by, issue: str) -> int:
    """Close the open reports on an item with the moderator's conclusion."""
    return (
        Signalement.objects.ouverts()
        .filter(nature=nature_of(item), object_id=item.pk)
        .update(closed_at=timezone.now(), closed_by=by, issue=issue)
    )


def changed_fields(instance: models.Model, fields: set[str]) -> set[str]:
    """Which of these fields differ from the row in the database (computed here rather than
    trusted from the caller, since moderation depends on it)."""
    stored = type(instance).objects.filter(pk=instance.pk).values(*fields).first() or {}
    return {name for name in fields if stored.get(name) != getattr(instance, name)}


def resubmit_after_edit(item: models.Model, *, by, changed: bool) -> None:
    """Edits send an item back to moderation: a published one whose public text changed (unless
    staff edited it), and one that was asked for corrections or unpublished."""
    if item.statut in (Statut.A_CORRIGER, Statut.DEPUBLIEE) or (
        item.statut == Statut.PUBLIEE and changed and not by.is_staff
    ):
        submit(item, by=by)
    elif item.statut == Statut.EN_ATTENTE:
        # Still waiting: the queue row follows the item to its new place and title.
        queue_refresh(item)


# Bulk imports --------------------------------------------------------------------------------


def record_imported(items: list[models.Model], *, texte: str) -> int:
    """Items created in bulk with their status already set (demo data, imports): queue the
    waiting ones with the decision that sent them there (by nobody), as `transition` would
    have. Published ones start their history at their next decision. Returns how many were
    queued."""
    now = timezone.now()
    decisions, waiting = [], []
    for item in items:
        if item.statut != Statut.EN_ATTENTE:
            continue
        place = place_of(item)
        common = {"nature": nature_of(item), "object_id": item.pk, "titre": title_of(item)[:200]}
        decisions.append(
            Decision(
                **common,
                **place,
                de=Statut.BROUILLON,
                vers=item.statut,
                created_at=now,
                texte=texte,
            )
        )
        waiting.append(Soumission(**common, **place, submitted_at=now))
    Decision.objects.bulk_create(decisions, batch_size=1000)
    Soumission.objects.bulk_create(waiting, batch_size=1000, ignore_conflicts=True)
    return len(waiting)
