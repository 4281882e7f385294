"""The history that the database keeps: who changed a membership, a participation, a
catalyseur's appointment or an organisation's identity, when, and what changed.

On PostgreSQL, django-pghistory's triggers write each event row in the statement that makes the
change, so no code path (a service, the admin, a bulk `update()`, raw SQL) can skip it, and the
event tables are append-only (pgtrigger refuses their UPDATE and DELETE). The actor and the URL
come from pghistory's context, which `HistoryMiddleware` opens around each web request that
writes; a Celery task or a command carries none, or the label it gives with `context()`.

SQLite has no such triggers (pgtrigger installs nothing there, and pghistory's context would
send PostgreSQL's `set_config` to it), so there the same rows are written by the ORM: signals
after `save()` and `delete()`, enabled only when the connection is not PostgreSQL. They miss
bulk `update()` and raw SQL, which is why production runs on PostgreSQL; locally, the history
pages read the same tables and show the same thing.

`track(...)` declares both at once on a model; `events_for(...)` reads them back as lines to
show (when, who, what, before → after), in French.
"""

import contextlib
import contextvars
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import pghistory
import pghistory.middleware
from django.contrib.auth import get_user_model
from django.db import connections, models
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

CREATION = "creation"
MODIFICATION = "modification"
SUPPRESSION = "suppression"
ACTIONS = {CREATION: "création", MODIFICATION: "modification", SUPPRESSION: "suppression"}

# The context of the current request or task on SQLite (pghistory keeps its own on PostgreSQL).
_CONTEXT: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "historique_context", default=None
)


def is_postgres(using: str = "default") -> bool:
    return connections[using].vendor == "postgresql"


@contextlib.contextmanager
def context(**metadata):
    """Label the changes made inside (a command's or a task's name, an actor): pghistory's
    context on PostgreSQL, our own on SQLite. Nested calls add to the outer context."""
    if is_postgres():
        with pghistory.context(**metadata):
            yield
        return
    outer = _CONTEXT.get()
    token = _CONTEXT.set({**(outer or {}), **metadata})
    try:
        yield
    finally:
        _CONTEXT.reset(token)


class HistoryMiddleware(pghistory.middleware.HistoryMiddleware):
    """pghistory's middleware (the user id and the URL of each request that writes) on
    PostgreSQL; on SQLite the same context for the ORM's signals."""

    def __call__(self, request):
        if is_postgres():
            return super().__call__(request)
        if request.method not in pghistory.config.middleware_methods():
            return self.get_response(request)
        with context(**self.get_context(request)):
            return self.get_response(request)


# Declaring the tracked models ---------------------------------------------------------------


@dataclass(frozen=True)
class Suivi:
    """What is recorded of one model: its snapshot `fields`, and which events. `update` names
    the fields whose change is an event (none: updates are not recorded). With `update_old`,
    a modification keeps the values from before it (the values after are the next event's, or
    the row's as it is now): a model tracked from updates only still shows both sides."""

    fields: tuple[str, ...]
    insert: bool
    update: tuple[str, ...]
    delete: bool
    update_old: bool


_SUIVIS: dict[type[models.Model], Suivi] = {}


def track(
    *,
    fields: Iterable[str],
    model_name: str,
    insert: bool = True,
    update: Iterable[str] = (),
    delete: bool = True,
    update_old: bool = False,
):
    """Class decorator: an append-only event model `model_name` in the model's app, with
    pghistory's triggers on PostgreSQL and the ORM's signals elsewhere (see the module)."""
    suivi = Suivi(tuple(fields), insert, tuple(update), delete, update_old)
    trackers = []
    if suivi.insert:
        trackers.append(pghistory.InsertEvent(CREATION))
    if suivi.update:
        trackers.append(
            pghistory.UpdateEvent(
                MODIFICATION,
                condition=pghistory.AnyChange(*suivi.update),
                row=pghistory.Old if update_old else pghistory.New,
            )
        )
    if suivi.delete:
        trackers.append(pghistory.DeleteEvent(SUPPRESSION))
    decorate = pghistory.track(
        *trackers,
        fields=list(suivi.fields),
        model_name=model_name,
        # The actor and the URL in the event row itself: one table to read, no join.
        context_field=pghistory.ContextJSONField(),
        context_id_field=None,
        append_only=True,
        obj_field=pghistory.ObjForeignKey(related_name="historique"),
    )

    def wrapper(model):
        model = decorate(model)
        _SUIVIS[model] = suivi
        uid = f"historique_{model._meta.label_lower}"
        pre_save.connect(_remember_before, sender=model, dispatch_uid=uid)
        post_save.connect(_record_save, sender=model, dispatch_uid=uid)
        post_delete.connect(_record_delete, sender=model, dispatch_uid=uid)
        return model

    return wrapper


def event_model(model: type[models.Model]) -> type[models.Model]:
    return model.historique.rel.related_model


def _values(instance, names: Iterable[str]) -> dict:
    return {name: getattr(instance, instance._meta.get_field(name).attname) for name in names}


def _remember_before(sender, instance, raw=False, using="default", **kwargs):
    # What the row holds before an update, read from the database (SQLite only: one query
    # per save of a model whose updates are recorded).
    suivi = _SUIVIS[sender]
    if raw or instance._state.adding or not suivi.update or is_postgres(using):
        return
    attnames = [sender._meta.get_field(name).attname for name in suivi.fields]
    row = sender._base_manager.using(using).filter(pk=instance.pk).values(*attnames).first()
    if row is not None:
        instance._historique_avant = {
            name: row[attname] for name, attname in zip(suivi.fields, attnames, strict=True)
        }


def _write(sender, instance, label: str, values: dict, using: str) -> None:
    meta = _CONTEXT.get()
    event_model(sender)._base_manager.using(using).create(
        pgh_obj_id=instance.pk,
        pgh_label=label,
        pgh_created_at=timezone.now(),
        pgh_context=dict(meta) if meta else None,
        **{sender._meta.get_field(name).attname: value for name, value in values.items()},
    )


def _record_save(sender, instance, created, using, raw=False, **kwargs):
    if raw or is_postgres(using):
        return
    suivi = _SUIVIS[sender]
    after = _values(instance, suivi.fields)
    before = instance.__dict__.pop("_historique_avant", None)
    if created:
        if suivi.insert:
            _write(sender, instance, CREATION, after, using)
        return
    changed = before is not None and any(before.get(n) != after[n] for n in suivi.update)
    if changed:
        _write(sender, instance, MODIFICATION, before if suivi.update_old else after, using)


def _record_delete(sender, instance, using, **kwargs):
    if is_postgres(using) or not _SUIVIS[sender].delete:
        return
    _write(sender, instance, SUPPRESSION, _values(instance, _SUIVIS[sender].fields), using)


# Reading them back --------------------------------------------------------------------------


@dataclass
class Changement:
    label: str
    avant: str
    apres: str


@dataclass
class Evenement:
    """One line of an item's history, as the pages show it."""

    quand: datetime
    action: str
    objet: str
    par: object | None = None
    url: str = ""
    changements: list[Changement] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return ACTIONS.get(self.action, self.action)


def _display(model_field: models.Field, value, related: dict) -> str:
    if value is None or value == "":
        return "—"
    if model_field.is_relation:
        obj = related.get((model_field.related_model, value))
        return str(obj) if obj is not None else f"n° {value} (supprimé)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    return str(value)


def events_for(
    model: type[models.Model],
    rows: models.QuerySet,
    *,
    objet,
    current: dict | None = None,
) -> list[Evenement]:
    """The events of `rows` (a queryset of `model`'s event model), oldest first, each with what
        changed. `objet(values)` names the tracked row in French ("Membre : …") from the event's
    values as shown ({field: text}). For a model tracked
        with `update_old`, `current` gives each object's present values ({pk: instance}) so that its
        last modification shows the values after it."""
    suivi = _SUIVIS[model]
    fields = [model._meta.get_field(name) for name in suivi.fields]
    events = list(rows.order_by("pgh_id"))
    related = _related_objects(fields, events)
    users = get_user_model()._base_manager.in_bulk(
        {e.pgh_context.get("user") for e in events if e.pgh_context and e.pgh_context.get("user")}
    )
    by_object: dict[int, list] = {}
    for event in events:
        by_object.setdefault(event.pgh_obj_id, []).append(event)
    lines = []
    for object_events in by_object.values():
        for index, event in enumerate(object_events):
            values = _values(event, suivi.fields)
            if event.pgh_label == MODIFICATION and suivi.update_old:
                if index + 1 < len(object_events):
                    after = _values(object_events[index + 1], suivi.fields)
                else:
                    instance = (current or {}).get(event.pgh_obj_id)
                    after = _values(instance, suivi.fields) if instance else values
                before = values
            elif event.pgh_label == SUPPRESSION:
                before, after = values, {}
            else:
                before = _values(object_events[index - 1], suivi.fields) if index else {}
                after = values
            changements = [
                Changement(
                    f.verbose_name,
                    _display(f, before.get(f.name), related) if f.name in before else "",
                    _display(f, after.get(f.name), related) if f.name in after else "",
                )
                for f in fields
                if before.get(f.name) != after.get(f.name) or event.pgh_label != MODIFICATION
            ]
            shown = {f.name: _display(f, values.get(f.name), related) for f in fields}
            context_meta = event.pgh_context or {}
            lines.append(
                Evenement(
                    quand=event.pgh_created_at,
                    action=event.pgh_label,
                    objet=objet(shown),
                    par=users.get(context_meta.get("user")),
                    url=context_meta.get("url", "") or context_meta.get("commande", ""),
                    changements=changements,
                )
            )
    return sorted(lines, key=lambda line: line.quand)


def _related_objects(fields: list[models.Field], events: list) -> dict:
    """The rows that the events' foreign keys name, one query per related model (a row deleted
    since is simply missing: its id is shown instead)."""
    related = {}
    for model_field in fields:
        if not model_field.is_relation:
            continue
        ids = {getattr(e, model_field.attname) for e in events} - {None}
        target = model_field.related_model
        if ids:
            # By the column the key holds: a code for a département, an id elsewhere.
            found = target._base_manager.in_bulk(ids, field_name=model_field.target_field.name)
            for value, obj in found.items():
                related[(target, value)] = obj
    return related


def actor_label(user) -> str:
    """How the pages name who made a change."""
    if user is None:
        return "système (tâche ou commande)"
    return getattr(user, "get_full_name", lambda: "")() or str(user)


__all__ = [
    "Changement",
    "Evenement",
    "HistoryMiddleware",
    "context",
    "event_model",
    "events_for",
    "is_postgres",
    "track",
]
