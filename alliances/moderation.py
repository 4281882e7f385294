"""The moderation workflow shared by organisations, alliances and offres (DESIGN.md §4).

One service, `transition`, changes an item's status: it checks that the move is allowed and
who may make it, records the decision in the append-only history, keeps the queue in step and
emails the item's members once the transaction commits. Nothing else writes `statut`.

Also here: the published list of reasons (a refusal always names a rule and what to change),
the automatic pre-checks shown to the moderator, and where an item sits (its perimeter).
"""

import hashlib
import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import connection, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from moderation import registry
from moderation.models import Decision, Recours, Signalement, Soumission, Statut, rows_q
from moderation.motifs import MOTIFS, MOTIFS_CHOIX, Motif  # noqa: F401

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


def organisations_of(item: models.Model) -> list[int]:
    """The organisations answerable for an item (whose members are told of decisions)."""
    return registry.kind_of(item).organisations(item)


def member_emails(item: models.Model) -> list[str]:
    return sorted(set(registry.kind_of(item).members(item).values_list("email", flat=True)))


def public_fields(item_or_model) -> tuple[tuple[str, str], ...]:
    """What the public reads and what places or identifies an item, field by field: changing
    one of these fields on a published item sends it back to moderation
    (`services._resubmit_after_edit`), and the review page compares them with the last
    published version."""
    return registry.kind_of(item_or_model).fields


def moderated_fields(model: type[models.Model]) -> set[str]:
    """The column names (`commune_id` for a foreign key) of the public fields of a kind: what
    `services._changed_fields` compares with the database."""
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


# The transition service ---------------------------------------------------------------------


def one_line(text: str) -> str:
    """`services.one_line` (services imports this module, hence the late import)."""
    from alliances.services import one_line

    return one_line(text)


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
        "alliances/emails/moderation_decision.txt",
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
    Raises ValidationError for a move the workflow does not allow or a missing reason, and
    PermissionDenied when a moderator's decision comes from someone who may not moderate the
    item (outside their perimeter, or about their own organisation). Members of the item are
    emailed after commit when a moderator (or the reports) decided.
    """
    from alliances.permissions import can_moderate

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
        transaction.on_commit(lambda: _notify(decision.pk))
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


# Signalements --------------------------------------------------------------------------------
# Three people with a verified account reporting a published item hide it until a catalyseur
# decides. Visitors' and unverified accounts' reports reach the queue but never hide anything:
# creating addresses or accounts costs nothing, verifying an email costs a little.
SIGNALEMENTS_POUR_MASQUER = 3
# Once a catalyseur kept an item after reports, new reports within this delay go to the queue
# without hiding it again (the same people cannot take it down at once).
REPIT_APRES_MAINTIEN = timedelta(days=30)
# A few reports an hour per address (and per account) is plenty for honest use.
SIGNALEMENTS_PAR_HEURE = 5


class TropDeSignalements(ValidationError):
    pass


def _empreinte(user, adresse: str) -> str:
    """One reporter: their account, or a keyed hash of the visitor's address (the address
    itself is not kept)."""
    if user is not None and user.is_authenticated:
        return f"u{user.pk}"
    return "ip" + _hash(adresse)


def _hash(adresse: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{adresse}".encode()).hexdigest()[:40]


def _count_one(key: str) -> int:
    """Atomic counter that lives one hour from its first use (`add` then `incr`: two reporters
    at once both count, which `get` then `set` would lose)."""
    cache.add(key, 0, 3600)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, 3600)
        return 1


def signalements_rate_check(*, user, adresse: str) -> None:
    """Count one report for the sender's address, and for their account when signed in;
    raise TropDeSignalements past the hourly limit of either. Counting by address for signed-in
    people too means that several accounts on one machine share one allowance."""
    keys = [f"signalements:ip:{_hash(adresse)}"]
    if user is not None and user.is_authenticated:
        keys.append(f"signalements:u:{user.pk}")
    counts = [_count_one(key) for key in keys]
    if max(counts) > SIGNALEMENTS_PAR_HEURE:
        raise TropDeSignalements(
            "Vous avez envoyé beaucoup de signalements en peu de temps : réessayez dans une heure.",
            code="trop_de_signalements",
        )


def _verified_reporters(nature: str, object_id: int) -> int:
    from allauth.account.models import EmailAddress

    return (
        Signalement.objects.ouverts()
        .filter(
            nature=nature,
            object_id=object_id,
            user__in=EmailAddress.objects.filter(verified=True).values("user"),
        )
        .values("user")
        .distinct()
        .count()
    )


@transaction.atomic
def signalement_create(
    *, item: models.Model, user, adresse: str, motif: str, texte: str = ""
) -> Signalement:
    """Report a published item (`adresse`: the sender's IP address, see
    `comptes.http.client_ip`). Raises TropDeSignalements past the hourly limit. The same
    person reporting again while their first report is open changes nothing; the third distinct
    verified account hides the item, unless a catalyseur kept it recently."""
    if item.statut != Statut.PUBLIEE:
        raise ValidationError("Seul un contenu publié peut être signalé.", code="non_publie")
    signalements_rate_check(user=user, adresse=adresse)
    nature = nature_of(item)
    empreinte = _empreinte(user, adresse)
    existing = Signalement.objects.ouverts().filter(
        nature=nature, object_id=item.pk, empreinte=empreinte
    )
    signalement = existing.first()
    if signalement is None:
        signalement = Signalement.objects.create(
            nature=nature,
            object_id=item.pk,
            titre=title_of(item)[:200],
            motif=motif,
            texte=texte.strip(),
            user=user if user is not None and user.is_authenticated else None,
            empreinte=empreinte,
            **place_of(item),
        )
    people = _verified_reporters(nature, item.pk)
    kept_recently = Signalement.objects.filter(
        nature=nature,
        object_id=item.pk,
        issue=Signalement.Issue.MAINTENU,
        closed_at__gte=timezone.now() - REPIT_APRES_MAINTIEN,
    ).exists()
    if people >= SIGNALEMENTS_POUR_MASQUER and not kept_recently:
        transition(
            item,
            to=Statut.EN_ATTENTE,
            by=None,
            motif="signalements",
            texte=f"{people} personnes ont signalé ce contenu.",
            par_signalements=True,
        )
    return signalement


def signalements_close(item: models.Model, *, by, issue: str) -> int:
    """Close the open reports on an item with the moderator's conclusion."""
    return (
        Signalement.objects.ouverts()
        .filter(nature=nature_of(item), object_id=item.pk)
        .update(closed_at=timezone.now(), closed_by=by, issue=issue)
    )


@transaction.atomic
def signalements_keep(item: models.Model, *, by) -> int:
    """A moderator read the reports on a published item and keeps it as it is."""
    from alliances.permissions import can_moderate

    if not can_moderate(by, item):
        raise PermissionDenied
    return signalements_close(item, by=by, issue=Signalement.Issue.MAINTENU)


# Figures -------------------------------------------------------------------------------------


def median(values: list) -> float | None:
    values = sorted(values)
    if not values:
        return None
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


class _MedianSeconds(models.Aggregate):
    """PostgreSQL's median of a duration, in seconds, computed by the database."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM %(expressions)s))"
    output_field = models.FloatField()


def median_hours(decisions) -> float | None:
    """The median wait of these decisions, in hours: `percentile_cont` on PostgreSQL (no row
    leaves the database), the waits sorted in Python on SQLite (development and local tests)."""
    decisions = decisions.filter(attente__isnull=False)
    if connection.vendor == "postgresql":
        seconds = decisions.aggregate(m=_MedianSeconds("attente"))["m"]
        return None if seconds is None else seconds / 3600
    return median([d.total_seconds() / 3600 for d in decisions.values_list("attente", flat=True)])


def perimetre_q(niveau: str, code: str | None) -> models.Q:
    """Moderation rows of one perimeter (a niveau and its code), with the same rule as the
    catalyseurs' scope."""
    row = (
        niveau,
        code if niveau == "region" else None,
        code if niveau == "departement" else None,
        code if niveau == "epci" else None,
    )
    return rows_q([row])


def dashboard(niveau: str, code: str | None, *, now=None) -> dict:
    """What a perimeter's catalyseurs watch: pending items, how fast decisions come (median over
    30 days, in hours), items waiting for more than 7 days, open reports."""
    now = now or timezone.now()
    where = perimetre_q(niveau, code)
    waiting = Soumission.objects.filter(where)
    hours = median_hours(
        Decision.objects.moderator_outcomes().filter(
            where, created_at__gte=now - timedelta(days=30)
        )
    )
    return {
        "en_attente": waiting.count(),
        "en_retard": waiting.filter(submitted_at__lt=now - ESCALADE_APRES).count(),
        "mediane_heures": hours,
        "signalements": Signalement.objects.ouverts()
        .filter(where)
        .values("nature", "object_id")
        .distinct()
        .count(),
    }


# The public figures are read by anyone: computed at most once per territory in this delay.
CHIFFRES_CACHE_SECONDES = 300


def public_figures(niveau: str, code: str | None) -> dict:
    """`figures_compute` for now, cached a few minutes per territory."""
    key = f"moderation:chiffres:{niveau}:{code or ''}"
    figures = cache.get(key)
    if figures is None:
        figures = figures_compute(niveau, code)
        cache.set(key, figures, CHIFFRES_CACHE_SECONDES)
    return figures


def figures_compute(niveau: str, code: str | None, *, now=None) -> dict:
    """The public moderation figures of a territory over the last 12 months: decisions per
    month (unpublications included), median time to decision (hours), share of each reason."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    now = now or timezone.now()
    decisions = Decision.objects.moderator_outcomes().filter(
        perimetre_q(niveau, code), created_at__gte=now - timedelta(days=365)
    )
    per_month = list(
        decisions.annotate(mois=TruncMonth("created_at"))
        .values("mois", "vers")
        .annotate(n=Count("pk"))
        .order_by("mois", "vers")
    )
    months: dict = {}
    for row in per_month:
        month = months.setdefault(
            row["mois"],
            {"mois": row["mois"], "total": 0, **dict.fromkeys(Statut.values, 0)},
        )
        month[row["vers"]] = row["n"]
        month["total"] += row["n"]
    reasons = list(
        decisions.exclude(motif="").values("motif").annotate(n=Count("pk")).order_by("-n")
    )
    total_reasons = sum(row["n"] for row in reasons)
    return {
        "mois": list(months.values()),
        "total": sum(month["total"] for month in months.values()),
        "mediane_heures": median_hours(decisions),
        "motifs": [
            {
                "motif": MOTIFS.get(row["motif"]),
                "code": row["motif"],
                "n": row["n"],
                "part": round(100 * row["n"] / total_reasons),
            }
            for row in reasons
        ],
    }


# Recours -------------------------------------------------------------------------------------
# How wide a perimeter is: an appeal goes to someone wider than the author of the decision.
RANGS = {"epci": 1, "departement": 2, "region": 3, "national": 4}
RANG_EQUIPE = 5


def covers(row: tuple, place: dict) -> bool:
    """Whether an appointment (niveau, region, departement, epci) holds this place."""
    niveau, *codes = row
    if niveau == "national":
        return True
    if place["national"]:
        return False
    index = {"region": 0, "departement": 1, "epci": 2}[niveau]
    return codes[index] == place[f"{niveau}_id"]


def _appointments(user_ids) -> dict[int, list[tuple]]:
    """The active appointments of these users, as `perimeter_rows` gives them, in one query."""
    from moderation.models import Catalyseur

    rows: dict[int, list[tuple]] = {}
    for user_id, *row in (
        Catalyseur.objects.actifs()
        .filter(user__in=user_ids)
        .values_list("user_id", "niveau", "region_id", "departement_id", "epci_id")
    ):
        rows.setdefault(user_id, []).append(tuple(row))
    return rows


def rank(user, item: models.Model, appointments: list[tuple] | None = None) -> int:
    """The widest perimeter from which the user moderates the item (0: none). One query unless
    the user's `appointments` are given."""
    if user.is_staff:
        return RANG_EQUIPE
    if appointments is None:
        appointments = _appointments([user.pk]).get(user.pk, [])
    place = place_of(item)
    return max((RANGS[row[0]] for row in appointments if covers(row, place)), default=0)


def can_decide_recours(user, recours: Recours, item: models.Model) -> bool:
    """Never the author of the contested decision, nor once the item moved on since it; staff,
    or a catalyseur of a wider perimeter than the author's (the author's rank is read now: a
    removed catalyseur counts for none)."""
    from alliances.permissions import can_moderate

    if not _recours_open_to(user, recours, item):
        return False
    if not can_moderate(user, item):
        return False
    decision = recours.decision
    author_rank = rank(decision.by, item) if decision.by else 0
    return user.is_staff or rank(user, item) > author_rank


def _recours_open_to(user, recours: Recours, item: models.Model) -> bool:
    decision = recours.decision
    return (
        recours.decided_at is None
        and decision.by_id != user.pk
        # The item moved on since the contested decision (resubmitted, published again…).
        and item.statut == decision.vers
    )


def recours_to_decide(user, rows: list[tuple]) -> list[Recours]:
    """The open appeals this user may decide (the rule of `can_decide_recours`), oldest first,
    in a constant number of queries whatever their number: the appeals scoped in SQL, their
    items (one query per kind, already filtered by `moderated_by`), and the authors'
    appointments. Each appeal gets its item as `recours.item`."""
    pending = list(
        Recours.objects.filter(
            decided_at__isnull=True, decision__in=Decision.objects.moderated_by(user, rows)
        )
        .exclude(decision__by=user)
        .select_related("decision", "decision__by")
        .order_by("created_at", "pk")
    )
    if not pending:
        return []
    items: dict[tuple, models.Model] = {}
    for nature in {r.decision.nature for r in pending}:
        ids = [r.decision.object_id for r in pending if r.decision.nature == nature]
        kind = registry.kind_named(nature)
        scope = kind.model.objects.moderated_by(user, rows).filter(pk__in=ids)
        for item in scope.select_related(*kind.place_related):
            items[(nature, item.pk)] = item
    authors = _appointments({r.decision.by_id for r in pending if r.decision.by_id})
    mine = None if user.is_staff else rows
    result = []
    for recours in pending:
        decision = recours.decision
        item = items.get((decision.nature, decision.object_id))
        if item is None or not _recours_open_to(user, recours, item):
            continue
        author = decision.by
        author_rank = rank(author, item, authors.get(author.pk, [])) if author else 0
        if user.is_staff or rank(user, item, mine) > author_rank:
            recours.item = item
            result.append(recours)
    return result


def contestable(decision: Decision | None) -> bool:
    return decision is not None and decision.vers in (Statut.REFUSEE, Statut.DEPUBLIEE)


@transaction.atomic
def recours_create(*, by, item: models.Model, texte: str) -> Recours:
    """The item's members contest its latest refusal or unpublication, once (the rule of
    `permissions.can_contest`, with a message for each way it fails). The catalyseurs who may
    decide the appeal are emailed."""
    from alliances.permissions import can_contest

    if not registry.kind_of(item).members(item).filter(pk=by.pk).exists():
        raise PermissionDenied
    if not can_contest(by, item):
        latest = Decision.objects.of_item(nature_of(item), item.pk).first()
        if latest is not None and Recours.objects.filter(decision=latest).exists():
            raise ValidationError("Cette décision a déjà été contestée.", code="deja_conteste")
        raise ValidationError(
            "Seul un refus ou une dépublication encore en vigueur se conteste.",
            code="non_contestable",
        )
    latest = Decision.objects.of_item(nature_of(item), item.pk).first()
    recours = Recours.objects.create(decision=latest, texte=texte.strip(), by=by)
    from alliances.tasks import moderation_recours_notify

    transaction.on_commit(lambda: moderation_recours_notify.delay(recours.pk))
    return recours


def recours_deciders(recours: Recours, item: models.Model) -> list:
    """The active catalyseurs who may decide this appeal (`can_decide_recours`); staff when
    none can."""
    from django.contrib.auth import get_user_model

    from moderation.models import Catalyseur

    place = place_of(item)
    covering = models.Q(niveau=Catalyseur.Niveau.NATIONAL)
    if not place["national"]:
        covering |= (
            models.Q(niveau=Catalyseur.Niveau.REGION, region_id=place["region_id"])
            | models.Q(niveau=Catalyseur.Niveau.DEPARTEMENT, departement_id=place["departement_id"])
            | models.Q(niveau=Catalyseur.Niveau.EPCI, epci_id=place["epci_id"])
        )
    User = get_user_model()
    candidates = User.objects.filter(
        is_active=True,
        pk__in=Catalyseur.objects.actifs().filter(covering).values("user"),
    ).order_by("pk")
    deciders = [user for user in candidates if can_decide_recours(user, recours, item)]
    if deciders:
        return deciders
    return list(
        User.objects.filter(is_active=True, is_staff=True).exclude(pk=recours.decision.by_id)
    )


def recours_notify(*, recours_id: int) -> int:
    """Email an appeal to those who may decide it, once; returns how many were emailed."""
    with transaction.atomic():
        recours = (
            Recours.objects.select_for_update(of=("self",))
            .select_related("decision", "decision__by")
            .filter(pk=recours_id, notified_at__isnull=True, decided_at__isnull=True)
            .first()
        )
        if recours is None:
            return 0
        item = (
            model_of(recours.decision.nature).objects.filter(pk=recours.decision.object_id).first()
        )
        recours.notified_at = timezone.now()
        recours.save(update_fields=["notified_at"])
        if item is None:
            return 0
        recipients = sorted({user.email for user in recours_deciders(recours, item)})
        if not recipients:
            return 0
        body = render_to_string(
            "alliances/emails/moderation_recours_depose.txt",
            {"recours": recours, "site_url": settings.SITE_URL},
        )
        subject = one_line(f"Modération : recours à trancher sur « {recours.decision.titre} »")
        transaction.on_commit(lambda: send_mail(subject, body, None, recipients))
    return len(recipients)


@transaction.atomic
def recours_decide(*, by, recours: Recours, accepte: bool, reponse: str) -> Recours:
    """Accepting publishes the item; either way the members receive the answer."""
    item = model_of(recours.decision.nature).objects.get(pk=recours.decision.object_id)
    if not can_decide_recours(by, recours, item):
        raise PermissionDenied
    recours.decided_at = timezone.now()
    recours.decided_by = by
    recours.accepte = accepte
    recours.reponse = reponse.strip()
    recours.save()
    if accepte:
        transition(item, to=Statut.PUBLIEE, by=by, texte="Recours accepté.", par_recours=True)
        signalements_close(item, by=by, issue=Signalement.Issue.MAINTENU)
    recipients = member_emails(item)
    body = render_to_string(
        "alliances/emails/moderation_recours.txt",
        {"recours": recours, "site_url": settings.SITE_URL},
    )
    transaction.on_commit(
        lambda: send_mail(
            one_line(f"Votre recours sur « {recours.decision.titre} »"), body, None, recipients
        )
    )
    return recours


# Digest and escalation -----------------------------------------------------------------------


def _perimetre_of(catalyseur) -> models.Q:
    code = getattr(catalyseur, f"{catalyseur.niveau}_id", None)
    return perimetre_q(catalyseur.niveau, code)


def digest_send(*, catalyseur_id: int, now=None) -> int:
    """Email a catalyseur the items that entered their queue since the last digest (nothing
    when there are none); returns how many. Running it twice sends nothing the second time."""
    from moderation.models import Catalyseur

    now = now or timezone.now()
    with transaction.atomic():
        catalyseur = (
            Catalyseur.objects.select_for_update()
            .select_related("user")
            .filter(pk=catalyseur_id, actif=True, user__is_active=True)
            .first()
        )
        if catalyseur is None:
            return 0
        since = catalyseur.digest_sent_at or catalyseur.appointed_at
        nouveaux = list(
            Soumission.objects.moderated_by(catalyseur.user)
            .filter(_perimetre_of(catalyseur), submitted_at__gt=since, submitted_at__lte=now)
            .order_by("submitted_at", "pk")
        )
        catalyseur.digest_sent_at = now
        catalyseur.save(update_fields=["digest_sent_at"])
        if not nouveaux:
            return 0
        body = render_to_string(
            "alliances/emails/moderation_recapitulatif.txt",
            {"catalyseur": catalyseur, "nouveaux": nouveaux, "site_url": settings.SITE_URL},
        )
        recipient = catalyseur.user.email
        subject = f"Modération : {len(nouveaux)} nouveau(x) contenu(s) à examiner"
        transaction.on_commit(lambda: send_mail(subject, body, None, [recipient]))
    return len(nouveaux)


def _escalation_recipients(soumission: Soumission) -> list[str]:
    """Staff, the national catalyseurs and those of the item's région (the perimeter that
    encloses its département and EPCI), minus the members of the item's organisations."""
    from django.contrib.auth import get_user_model

    from moderation.models import Catalyseur

    wider = models.Q(niveau=Catalyseur.Niveau.NATIONAL)
    if not soumission.national and soumission.region_id:
        wider |= models.Q(niveau=Catalyseur.Niveau.REGION, region_id=soumission.region_id)
    emails = set(
        Catalyseur.objects.actifs()
        .filter(wider, user__is_active=True)
        .values_list("user__email", flat=True)
    )
    emails |= set(
        get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .values_list("email", flat=True)
    )
    item = model_of(soumission.nature).objects.filter(pk=soumission.object_id).first()
    if item is not None:
        emails -= set(member_emails(item))
    return sorted(emails)


def escalate_overdue(*, now=None) -> int:
    """Tell the enclosing perimeter and staff about items waiting for more than 7 days, once
    per wait (a new submission starts a new wait); returns how many items."""
    now = now or timezone.now()
    with transaction.atomic():
        overdue = list(
            Soumission.objects.select_for_update(skip_locked=True).filter(
                submitted_at__lt=now - ESCALADE_APRES, escalated_at__isnull=True
            )[:500]
        )
        if not overdue:
            return 0
        Soumission.objects.filter(pk__in=[s.pk for s in overdue]).update(escalated_at=now)
        per_recipient: dict[str, list[Soumission]] = {}
        for soumission in overdue:
            for email in _escalation_recipients(soumission):
                per_recipient.setdefault(email, []).append(soumission)
        for email, items in per_recipient.items():
            body = render_to_string(
                "alliances/emails/moderation_escalade.txt",
                {"items": items, "site_url": settings.SITE_URL, "now": now},
            )
            subject = f"Modération : {len(items)} contenu(s) en attente depuis plus de 7 jours"
            transaction.on_commit(
                lambda subject=subject, body=body, email=email: send_mail(
                    subject, body, None, [email]
                )
            )
    return len(overdue)


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
