"""Who may moderate, read the history of and contest a moderated item. A forbidden item
answers 404, like a missing one."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from moderation import registry
from moderation.models import Decision, Recours, Statut

# Larger ids than a bigint would make the database raise instead of finding nothing.
PK_MAX = 2**63 - 1


def can_moderate(user, item) -> bool:
    """Staff and the catalyseurs whose perimeter holds the item, except anyone who is a member
    of one of its organisations (conflict of interest). Read fresh on every call, so a removed
    catalyseur loses access at once."""
    if not user.is_authenticated or not user.is_active:
        return False
    return type(item).objects.moderated_by(user).filter(pk=item.pk).exists()


def answers_for(user, item) -> bool:
    """Whether the user is a member of one of the organisations that answer for the item."""
    if not user.is_authenticated:
        return False
    return registry.kind_of(item).members(item).filter(pk=user.pk).exists()


def _item_model_or_404(nature: str, pk: int):
    """The model named in a moderation URL; 404 for an unknown kind or an id no row can have."""
    try:
        model = registry.kind_named(nature).model
    except KeyError:
        raise Http404 from None
    if pk > PK_MAX:
        raise Http404
    return model


def get_item_to_moderate_or_404(user, nature: str, pk: int):
    model = _item_model_or_404(nature, pk)
    return get_object_or_404(model.objects.moderated_by(user), pk=pk)


def can_view_history(user, item) -> bool:
    """The history of decisions: the item's members and its moderators."""
    return answers_for(user, item) or can_moderate(user, item)


def get_item_history_or_404(user, nature: str, pk: int):
    model = _item_model_or_404(nature, pk)
    item = get_object_or_404(model, pk=pk)
    if not can_view_history(user, item):
        raise Http404
    return item


def contestable(decision: Decision | None) -> bool:
    return decision is not None and decision.vers in (Statut.REFUSEE, Statut.DEPUBLIEE)


def can_contest(user, item) -> bool:
    """The item's members contest its latest decision when it is a refusal or an
    unpublication still in force, once."""
    if not answers_for(user, item):
        return False
    latest = Decision.objects.about(item).first()
    return (
        contestable(latest)
        and latest.vers == item.statut
        and not Recours.objects.filter(decision=latest).exists()
    )
