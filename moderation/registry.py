"""The kinds of content that catalyseurs moderate, as their own apps declare them.

`moderation` never imports the apps it moderates (DESIGN.md §3): each of them registers its
moderated models in its `AppConfig.ready()`, saying how to read what the workflow needs (where an
item sits, who answers for it, which fields the public reads, what publication does), and the
workflow, the queue, the reports and the appeals work through this registry only. A new kind of
content is one `register(...)` call in its own app, and no change here.

Moderation rows name their item by (`nature`, `object_id`): `nature` is the registered code,
stored on every decision, so it is never renamed.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Kind:
    """How the workflow reads one moderated model. The model has a `statut` (Statut's choices),
    a `description` (the pre-checks read it), a `slug` and `get_absolute_url()` (reports come
    from its public page), and a QuerySet with `moderated_by(user, rows=None)`.

    - `place(item)`: where it belongs, as the ids of its commune, département, région and EPCI
      and whether it is of national scope (`commune_id`, `departement_id`, `region_id`,
      `epci_id`, `national`): the perimeter whose catalyseurs moderate it.
    - `members(item)`: the active accounts that answer for it (a queryset of users): they are
      told of each decision and may contest it.
    - `conflicts(user)`: the ids of the items of this kind that the user must not judge
      (those of their own organisations), as a subquery.
    - `fields`: what the public reads and what places or identifies an item, as (field, label):
      an edit of one of them sends a published item back to the queue, and the review compares
      them with the last published version.
    - `sites(item)`: the web addresses of the organisations behind it (links to them raise no
      flag); `links(item)`: the addresses it publishes besides those in its description.
    - `prechecks(item)`: flags of its own kind, besides the common ones.
    - `journal(item)`: what the database recorded of its changes besides the decisions
      (members, participations, identity), as `moderation.historique.Evenement` lines, oldest
      first: the « journal des modifications » that moderators and staff read.
    - `blockers(item)`: why it can't be published yet, as French sentences (none: it can);
      the workflow refuses to publish it while there is one, and the review says why.

    Other apps may add what an item's publication sets going (`when_published`): an
    organisation's publication delivers the mises en relation it wrote while it waited.
    """

    model: type[models.Model]
    nature: str
    label: str
    place: Callable[[models.Model], dict]
    members: Callable[[models.Model], models.QuerySet]
    conflicts: Callable[[object], models.QuerySet]
    fields: tuple[tuple[str, str], ...]
    sites: Callable[[models.Model], list[str]] = lambda item: []
    links: Callable[[models.Model], list[str]] = lambda item: []
    prechecks: Callable[[models.Model], list[str]] = lambda item: []
    journal: Callable[[models.Model], list] = lambda item: []
    blockers: Callable[[models.Model], list[str]] = lambda item: []
    title_field: str = "titre"
    # The relations that `place` reads, loaded with the items of a list.
    place_related: tuple[str, ...] = ("commune",)
    # What the public will read, on the review page: a template given `item`.
    apercu: str = "moderation/apercu.html"

    def title(self, item: models.Model) -> str:
        return getattr(item, self.title_field)


# The width of the moderation rows' `nature` column.
NATURE_MAX_LENGTH = 12

_KINDS: dict[str, Kind] = {}
_BY_MODEL: dict[type[models.Model], Kind] = {}
_ON_REGISTER: list[Callable[[Kind], None]] = []
_ON_PUBLISH: dict[type[models.Model], list[Callable[[models.Model], None]]] = {}


def register(model: type[models.Model], **options) -> Kind:
    """Declare a moderated model (see `Kind` for the options). Called from `AppConfig.ready()`;
    registering the same nature again replaces it (the test runner may call ready() twice)."""
    kind = Kind(model=model, **options)
    if len(kind.nature) > NATURE_MAX_LENGTH:
        raise ValueError(
            f"Nature trop longue (plus de {NATURE_MAX_LENGTH} caractères) : {kind.nature}"
        )
    _KINDS[kind.nature] = kind
    _BY_MODEL[model] = kind
    for callback in _ON_REGISTER:
        callback(kind)
    return kind


def on_register(callback: Callable[[Kind], None]) -> None:
    """Run `callback` for every kind, those registered already and those to come: how the
    moderation models attach their receivers without knowing the kinds."""
    _ON_REGISTER.append(callback)
    for kind in list(_KINDS.values()):
        callback(kind)


def when_published(model: type[models.Model], callback: Callable[[models.Model], None]) -> None:
    """Run `callback(item)` in the transaction that publishes an item of `model` (from the
    `ready()` of the app that needs it; the same callback is kept once)."""
    callbacks = _ON_PUBLISH.setdefault(model, [])
    if callback not in callbacks:
        callbacks.append(callback)


def published_callbacks(item: models.Model) -> list[Callable[[models.Model], None]]:
    return list(_ON_PUBLISH.get(type(item), []))


def commune_place(commune, *, national: bool = False) -> dict:
    """The place of an item that sits in a commune of the referential (see `Kind.place`)."""
    return {
        "commune_id": commune.pk,
        "departement_id": commune.departement_id,
        "region_id": commune.region_id,
        "epci_id": commune.epci_id,
        "national": national,
    }


def kinds() -> list[Kind]:
    return list(_KINDS.values())


def kind_of(item_or_model) -> Kind:
    """The kind of a moderated item (or model). KeyError for a model nobody registered."""
    model = item_or_model if isinstance(item_or_model, type) else type(item_or_model)
    return _BY_MODEL[model]


def kind_named(nature: str) -> Kind:
    return _KINDS[nature]


def nature_choices() -> list[tuple[str, str]]:
    """The `choices` of the moderation rows' `nature` (a callable: a new kind needs no
    migration of ours)."""
    return [(kind.nature, kind.label) for kind in _KINDS.values()]
