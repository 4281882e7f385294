"""The espace pro's dashboard (/espace/): my organisations and what waits for me in each app."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from alliances.models import Alliance, Participation
from offres import matching
from offres.models import MiseEnRelation, Offre
from organisations import services as organisations_services
from organisations.models import DemandeAdhesion, Invitation, Membre
from organisations.session import active_membership


@require_GET
def espace(request: HttpRequest) -> HttpResponse:
    """The dashboard: my organisations, what waits for me, what to do next."""
    user = request.user
    memberships = list(
        Membre.objects.filter(user=user)
        .select_related("organisation", "organisation__siege")
        .order_by("organisation__nom")
    )
    admin_of = [m.organisation_id for m in memberships if m.is_admin]
    invitations = (
        Invitation.objects.pending()
        .filter(email__iexact=user.email)
        .select_related("organisation", "invited_by")
    )
    demandes_a_traiter = DemandeAdhesion.objects.filter(
        organisation__in=admin_of, etat=DemandeAdhesion.Etat.EN_ATTENTE
    ).select_related("user", "organisation")
    mes_demandes = DemandeAdhesion.objects.filter(
        user=user, etat=DemandeAdhesion.Etat.EN_ATTENTE
    ).select_related("organisation")
    participations_a_confirmer = Participation.objects.filter(
        organisation__in=admin_of, etat=Participation.Etat.EN_ATTENTE
    ).select_related("alliance", "organisation")
    mes_alliances = (
        Alliance.objects.filter(participations__organisation__membres__user=user)
        .distinct()
        .order_by("-created_at")
    )
    return render(
        request,
        "espace/tableau_de_bord.html",
        {
            "memberships": memberships,
            "active": active_membership(request, memberships),
            "invitations": [
                (invitation, organisations_services.invitation_token(invitation))
                for invitation in invitations
            ],
            "demandes_a_traiter": demandes_a_traiter,
            "mes_demandes": mes_demandes,
            "participations_a_confirmer": participations_a_confirmer,
            "mes_alliances": mes_alliances,
            **_espace_offres(user, active_membership(request, memberships)),
        },
    )


ESPACE_SUGGESTIONS = 3


def _espace_offres(user, active: Membre | None) -> dict:
    """The dashboard's offres part: my organisations' offres, the requests waiting for an
    answer, the active organisation's response figures and the best partners for its offres."""
    offres = list(Offre.objects.for_espace(user)[:50])
    a_repondre = list(MiseEnRelation.objects.received_by(user).awaiting_answer().for_listing()[:20])
    # Suggestions for the active organisation's newest open offre: a bounded number of
    # queries, however many offres it has.
    suggestions = []
    recente = next(
        (
            o
            for o in offres
            if active and o.organisation_id == active.organisation_id and o.is_visible
        ),
        None,
    )
    if recente:
        suggestions = [
            (recente, s)
            for s in matching.suggestions_for(recente, limit=ESPACE_SUGGESTIONS, for_owner=True)
        ]
    return {
        "mes_offres": offres,
        "mises_en_relation_a_repondre": a_repondre,
        "suggestions": suggestions,
        "statistiques": (
            MiseEnRelation.objects.response_stats(active.organisation) if active else None
        ),
    }
