"""Who may see, edit and contact an offre, and read or answer a mise en relation (DESIGN.md
§5). A forbidden object answers 404, like a missing one."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from moderation.models import Statut
from offres.models import Alerte, MiseEnRelation, Offre
from organisations.permissions import is_member


def can_view_offre(user, offre: Offre) -> bool:
    """Published offres of published organisations are public (closed ones too, by their
    link); the others only for the organisation's members and staff."""
    if offre.statut == Statut.PUBLIEE and offre.organisation.statut == Statut.PUBLIEE:
        return True
    return user.is_authenticated and (user.is_staff or is_member(user, offre.organisation))


def can_edit_offre(user, offre: Offre) -> bool:
    """Any member of the organisation (DESIGN.md §5), and staff."""
    return user.is_authenticated and (user.is_staff or is_member(user, offre.organisation))


def get_offre_to_view_or_404(user, slug: str) -> Offre:
    offre = get_object_or_404(Offre.objects.for_detail(), slug=slug)
    if not can_view_offre(user, offre):
        raise Http404
    return offre


def get_offre_to_edit_or_404(user, slug: str) -> Offre:
    offre = get_object_or_404(Offre.objects.select_related("organisation", "commune"), slug=slug)
    if not can_edit_offre(user, offre):
        raise Http404
    return offre


def get_offre_to_contact_or_404(user, slug: str) -> Offre:
    """Only an open, published offre can be contacted."""
    return get_object_or_404(
        Offre.objects.visible().select_related("organisation", "commune"), slug=slug
    )


def can_view_mise_en_relation(user, mise_en_relation: MiseEnRelation) -> bool:
    """Members of either organisation see the thread; staff too. A request still waiting for
    its sender's publication has not reached the receiving organisation: only the sender's
    members (and staff) see it until then."""
    if not user.is_authenticated:
        return False
    if user.is_staff or is_member(user, mise_en_relation.emettrice):
        return True
    delivered = mise_en_relation.etat != MiseEnRelation.Etat.EN_ATTENTE_PUBLICATION
    return delivered and is_member(user, mise_en_relation.destinataire)


def can_answer_mise_en_relation(user, mise_en_relation: MiseEnRelation) -> bool:
    """Only the receiving organisation's members answer (staff do not answer for them), once
    the request has reached them."""
    return (
        user.is_authenticated
        and mise_en_relation.etat != MiseEnRelation.Etat.EN_ATTENTE_PUBLICATION
        and is_member(user, mise_en_relation.destinataire)
    )


def get_mise_en_relation_to_view_or_404(user, pk: int) -> MiseEnRelation:
    mise_en_relation = get_object_or_404(
        MiseEnRelation.objects.select_related(
            "offre", "emettrice", "emettrice__siege", "destinataire", "sent_by", "answered_by"
        ),
        pk=pk,
    )
    if not can_view_mise_en_relation(user, mise_en_relation):
        raise Http404
    return mise_en_relation


def get_mise_en_relation_to_answer_or_404(user, pk: int) -> MiseEnRelation:
    mise_en_relation = get_mise_en_relation_to_view_or_404(user, pk)
    if not can_answer_mise_en_relation(user, mise_en_relation):
        raise Http404
    return mise_en_relation


def get_mise_en_relation_to_declare_or_404(user, pk) -> MiseEnRelation:
    """An accepted mise en relation the user takes part in, to pre-fill an alliance."""
    mise_en_relation = get_object_or_404(MiseEnRelation.objects.for_declaration(), pk=pk)
    if mise_en_relation.etat != MiseEnRelation.Etat.ACCEPTEE or not can_view_mise_en_relation(
        user, mise_en_relation
    ):
        raise Http404
    return mise_en_relation


def get_alerte_or_404(user, pk: int) -> Alerte:
    return get_object_or_404(Alerte, pk=pk, user=user if user.is_authenticated else None)
