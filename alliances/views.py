from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from alliances import matching
from alliances import services as alliances_services
from alliances.filters import AllianceFilter, OffreFilter, OrganisationFilter
from alliances.forms import (
    AjoutPartenairesForm,
    AlerteForm,
    AllianceForm,
    DeclarationForm,
    DemandeAdhesionForm,
    InvitationForm,
    MapViewForm,
    MiseEnRelationForm,
    OffreForm,
    OrganisationActiveForm,
    OrganisationForm,
    ReponseForm,
    RoleForm,
)
from alliances.models import Alliance, Participation
from alliances.permissions import (
    AllianceRetiree,
    can_edit_alliance,
    get_alliance_to_edit_or_404,
    get_alliance_to_view_or_404,
    get_participation_to_decide_or_404,
    get_participation_to_remove_or_404,
    removable_participation_ids,
)
from alliances.seo import alliance_json_ld
from offres import services as offres_services
from offres.models import Alerte, MiseEnRelation, Offre
from offres.permissions import (
    can_answer_mise_en_relation,
    can_edit_offre,
    get_alerte_or_404,
    get_mise_en_relation_to_declare_or_404,
    get_mise_en_relation_to_view_or_404,
    get_offre_to_contact_or_404,
    get_offre_to_edit_or_404,
    get_offre_to_view_or_404,
)
from organisations import services as organisations_services
from organisations.models import DemandeAdhesion, Invitation, Membre, Organisation
from organisations.permissions import (
    can_edit_organisation,
    get_demande_to_manage_or_404,
    get_invitation_to_manage_or_404,
    get_membre_to_manage_or_404,
    get_membre_to_remove_or_404,
    get_organisation_to_edit_or_404,
    get_organisation_to_join_or_404,
    get_organisation_to_manage_or_404,
    get_organisation_to_view_or_404,
    membership,
    my_organisation_ids,
)
from recherche.htmx import page_or_fragment
from territoires.forms import AutocompleteForm
from territoires.widget import widget_snippet

ORGANISATIONS_PAR_PAGE = 20
SESSION_ORGANISATION_ACTIVE = "organisation_active"


# Alliances

ALLIANCES_PAR_PAGE = 20
ALLIANCES_LIEES = 4


@login_not_required
@require_GET
def alliance_list(request: HttpRequest) -> HttpResponse:
    filterset = AllianceFilter(request.GET, queryset=Alliance.objects.published())
    page = filterset.paginate(
        filterset.qs.for_listing(), ALLIANCES_PAR_PAGE, request.GET.get("page")
    )
    return render(
        request,
        "alliances/alliance_list.html",
        {"filter": filterset, "page": page, "facettes": filterset.facet_groups()},
    )


@login_not_required
@require_GET
def alliance_map(request: HttpRequest) -> HttpResponse:
    """The map page: the same filters as the list; points come from alliance_map_points."""
    filterset = AllianceFilter(request.GET, queryset=Alliance.objects.published())
    return render(
        request,
        "alliances/alliance_map.html",
        {
            "filter": filterset,
            "tiles_url": settings.MAP_TILES_URL,
            "tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
        },
    )


@login_not_required
@require_GET
def alliance_map_points(request: HttpRequest) -> JsonResponse:
    """JSON for the map: clusters (or alliances, zoomed in) in the view, under the filters."""
    view = MapViewForm(request.GET)
    if not view.is_valid():
        return JsonResponse({"erreurs": view.errors.get_json_data()}, status=400)
    west, south, east, north = view.cleaned_data["bbox"]
    filterset = AllianceFilter(request.GET, queryset=Alliance.objects.published())
    points = filterset.map_points(
        west=west, south=south, east=east, north=north, zoom=view.cleaned_data["zoom"]
    )
    for point in points:
        point["url"] = reverse("alliances:alliance_detail", kwargs={"slug": point.pop("slug")})
        point.setdefault("n", 1)
        if "latitude" in point:
            point["lat"], point["lon"] = point.pop("latitude"), point.pop("longitude")
        point["lat"], point["lon"] = round(point["lat"], 5), round(point["lon"], 5)
    return JsonResponse({"points": points})


@login_not_required
@require_GET
def alliance_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        alliance = get_alliance_to_view_or_404(request.user, slug)
    except AllianceRetiree as gone:
        return render(
            request, "moderation/alliance_retiree.html", {"raison": gone.raison}, status=410
        )
    # Same département first: an indexed, cheap query even among a million alliances.
    liees = (
        Alliance.objects.published()
        .filter(departement=alliance.departement_id)
        .exclude(pk=alliance.pk)
        .for_listing()
        .order_by(F("date_debut").desc(nulls_last=True))[:ALLIANCES_LIEES]
    )
    return render(
        request,
        "alliances/alliance_detail.html",
        {
            "alliance": alliance,
            "liees": liees,
            "json_ld": alliance_json_ld(
                alliance, request.build_absolute_uri(alliance.get_absolute_url())
            ),
            "can_edit": can_edit_alliance(request.user, alliance),
            "tiles_url": settings.MAP_TILES_URL,
            "tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
        },
    )


@login_not_required
@require_GET
def organisation_autocomplete(request: HttpRequest) -> JsonResponse:
    """Published organisations whose name contains the query, for the partner fields."""
    form = AutocompleteForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"erreurs": form.errors.get_json_data()}, status=400)
    query = form.cleaned_data["q"]
    if not query:
        return JsonResponse([], safe=False)
    organisations = (
        Organisation.objects.published()
        .search(query)
        .select_related("siege")
        .order_by("nom")[: AutocompleteForm.MAX_RESULTS]
    )
    return JsonResponse(
        [{"label": o.label, "detail": o.get_kind_display(), "slug": o.slug} for o in organisations],
        safe=False,
    )


# Public directory


@login_not_required
@require_GET
@vary_on_headers("HX-Request")
def organisation_list(request: HttpRequest) -> HttpResponse:
    filterset = OrganisationFilter(
        request.GET, queryset=Organisation.objects.published().for_listing().order_by("nom")
    )
    page = Paginator(filterset.qs, ORGANISATIONS_PAR_PAGE).get_page(request.GET.get("page"))
    template = page_or_fragment(request, "alliances/organisation_list.html")
    return render(request, template, {"filter": filterset, "page": page})


@login_not_required
@require_GET
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_to_view_or_404(request.user, slug)
    member = membership(request.user, organisation)
    alliances = (
        Alliance.objects.published()
        .filter(
            participations__organisation=organisation,
            participations__etat=Participation.Etat.CONFIRMEE,
        )
        .for_listing()
        .order_by(F("date_debut").desc(nulls_last=True), "-pk")
    )
    return render(
        request,
        "alliances/organisation_detail.html",
        {
            "organisation": organisation,
            "alliances": alliances,
            "membre": member,
            "can_edit": can_edit_organisation(request.user, organisation),
            "offres": organisation.offres.visible().for_listing().order_by("-created_at"),
            "statistiques": MiseEnRelation.objects.response_stats(organisation),
            # The widget shows published organisations only: no code to copy before that.
            "widget_snippet": (
                widget_snippet(organisation=organisation.slug) if organisation.is_published else ""
            ),
            "widget_cible": f"dont {organisation.nom} est partenaire",
        },
    )


@require_http_methods(["GET", "POST"])
def demande_adhesion(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask to join an organisation (see get_organisation_to_join_or_404 for which ones)."""
    identifiant = request.POST.get("identifiant") or request.GET.get("identifiant", "")
    organisation = get_organisation_to_join_or_404(request.user, slug, identifiant)
    form = DemandeAdhesionForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            organisations_services.demande_adhesion_create(
                by=request.user, organisation=organisation, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                "Votre demande a été envoyée aux administrateurs de "
                + (organisation.nom if organisation.is_published else "l'organisation")
                + ".",
            )
        return redirect("alliances:espace")
    return render(
        request,
        "alliances/demande_adhesion.html",
        {"organisation": organisation, "form": form, "identifiant": identifiant},
    )


# Espace pro


def _active_membership(request: HttpRequest, memberships: list[Membre]) -> Membre | None:
    active_pk = request.session.get(SESSION_ORGANISATION_ACTIVE)
    for member in memberships:
        if member.organisation_id == active_pk:
            return member
    return memberships[0] if memberships else None


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
        "alliances/espace.html",
        {
            "memberships": memberships,
            "active": _active_membership(request, memberships),
            "invitations": [
                (invitation, organisations_services.invitation_token(invitation))
                for invitation in invitations
            ],
            "demandes_a_traiter": demandes_a_traiter,
            "mes_demandes": mes_demandes,
            "participations_a_confirmer": participations_a_confirmer,
            "mes_alliances": mes_alliances,
            **_espace_offres(user, _active_membership(request, memberships)),
        },
    )


@require_POST
def organisation_active(request: HttpRequest) -> HttpResponse:
    form = OrganisationActiveForm(request.POST)
    member = (
        Membre.objects.filter(
            user=request.user, organisation__slug=form.cleaned_data["organisation"]
        )
        .select_related("organisation")
        .first()
        if form.is_valid()
        else None
    )
    if member is None:
        raise Http404
    request.session[SESSION_ORGANISATION_ACTIVE] = member.organisation_id
    messages.success(request, f"Vous agissez maintenant pour {member.organisation.nom}.")
    return redirect("alliances:espace")


@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if form.is_valid():
        organisation = organisations_services.organisation_create(
            by=request.user,
            organisation=form.save(commit=False),
            domaines=form.cleaned_data["domaines"],
            odd=form.cleaned_data["odd"],
        )
        request.session[SESSION_ORGANISATION_ACTIVE] = organisation.pk
        messages.success(
            request,
            f"{organisation.nom} est inscrite. Elle apparaîtra dans l'annuaire une fois validée "
            "par l'équipe de modération ; vous pouvez déjà inviter vos collègues.",
        )
        return redirect("alliances:espace")
    return render(request, "alliances/organisation_form.html", {"form": form, "creation": True})


@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_to_edit_or_404(request.user, slug)
    form = OrganisationForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=organisation,
    )
    if form.is_valid():
        organisations_services.organisation_update(
            by=request.user,
            organisation=form.save(commit=False),
            domaines=form.cleaned_data["domaines"],
            odd=form.cleaned_data["odd"],
        )
        messages.success(request, "Les informations de l'organisation sont enregistrées.")
        return redirect("alliances:espace")
    return render(
        request,
        "alliances/organisation_form.html",
        {"form": form, "organisation": organisation, "creation": False},
    )


@require_http_methods(["GET", "POST"])
def membres(request: HttpRequest, slug: str) -> HttpResponse:
    """Member management: the list, the invitations sent, the requests to join; POST invites."""
    organisation = get_organisation_to_manage_or_404(request.user, slug)
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            invitation = organisations_services.invitation_create(
                by=request.user,
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, f"Invitation envoyée à {invitation.email}.")
            return redirect("alliances:membres", slug=organisation.slug)
    return render(
        request,
        "alliances/membres.html",
        {
            "organisation": organisation,
            "form": form,
            "membres": organisation.membres.select_related("user").order_by("user__email"),
            "invitations": organisation.invitations.pending(),
            "demandes": organisation.demandes_adhesion.filter(
                etat=DemandeAdhesion.Etat.EN_ATTENTE
            ).select_related("user"),
            "roles": Membre.Role.choices,
        },
    )


def _back_to_members(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    if can_edit_organisation(request.user, organisation):
        return redirect("alliances:membres", slug=organisation.slug)
    return redirect("alliances:espace")


@require_POST
def membre_role(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_membre_to_manage_or_404(request.user, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez un rôle : administrateur ou membre.")
    else:
        try:
            organisations_services.membre_change_role(
                by=request.user, membre=member, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request, f"{member.user.email} est maintenant {member.get_role_display()}."
            )
    return redirect("alliances:membres", slug=member.organisation.slug)


@require_POST
def membre_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_membre_to_remove_or_404(request.user, pk)
    leaving = member.user_id == request.user.pk
    try:
        organisations_services.membre_remove(by=request.user, membre=member)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return _back_to_members(request, member.organisation)
    if leaving:
        messages.success(request, f"Vous avez quitté {member.organisation.nom}.")
        return redirect("alliances:espace")
    messages.success(request, f"{member.user.email} ne fait plus partie de l'organisation.")
    return redirect("alliances:membres", slug=member.organisation.slug)


@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_invitation_to_manage_or_404(request.user, pk)
    try:
        organisations_services.invitation_revoke(by=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"L'invitation de {invitation.email} est annulée.")
    return redirect("alliances:membres", slug=invitation.organisation.slug)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = organisations_services.invitation_from_token(token)
    except ValidationError as error:
        return render(
            request, "alliances/invitation.html", {"erreur": error.messages[0]}, status=410
        )
    if request.method == "POST":
        try:
            member = organisations_services.invitation_accept(by=request.user, token=token)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            request.session[SESSION_ORGANISATION_ACTIVE] = member.organisation_id
            messages.success(request, f"Bienvenue dans {member.organisation.nom} !")
            return redirect("alliances:espace")
    return render(request, "alliances/invitation.html", {"invitation": invitation})


@require_http_methods(["GET", "POST"])
def alliance_declare(request: HttpRequest) -> HttpResponse:
    """Declare an alliance for one of my published organisations, naming its partners."""
    origine, prefill = _declaration_prefill(request)
    form = DeclarationForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        initial={"porteur": request.session.get(SESSION_ORGANISATION_ACTIVE), **prefill},
    )
    if form.is_valid():
        try:
            alliance = alliances_services.alliance_declare(
                by=request.user,
                porteur=form.cleaned_data["porteur"],
                alliance=form.save(commit=False),
                partenaires=form.cleaned_data["partenaires"],
                domaines=form.cleaned_data["domaines"],
                odd=form.cleaned_data["odd"],
                contribution=form.cleaned_data["contribution"],
                invites=form.cleaned_data["invites"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if origine:
                try:
                    offres_services.mise_en_relation_link_alliance(
                        by=request.user, mise_en_relation=origine, alliance=alliance
                    )
                except ValidationError as error:
                    messages.info(request, error.messages[0])
            messages.success(
                request,
                f"« {alliance.titre} » est déclarée. Vos partenaires doivent confirmer leur "
                "participation, puis l'équipe de modération la publiera.",
            )
            return redirect(alliance.get_absolute_url())
    return render(request, "alliances/alliance_form.html", {"form": form, "creation": True})


def _alliance_edit_page(
    request: HttpRequest,
    alliance: Alliance,
    *,
    form: AllianceForm | None = None,
    ajout: AjoutPartenairesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    participations = list(
        alliance.participations.select_related("organisation").order_by("role", "organisation__nom")
    )
    return render(
        request,
        "alliances/alliance_form.html",
        {
            "form": form or AllianceForm(instance=alliance),
            "ajout": ajout or AjoutPartenairesForm(alliance=alliance),
            "alliance": alliance,
            "creation": False,
            "participations": participations,
            "retirables": removable_participation_ids(request.user, participations),
            "invitations": alliance.invitations_partenaires.filter(participation__isnull=True),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def alliance_edit(request: HttpRequest, slug: str) -> HttpResponse:
    alliance = get_alliance_to_edit_or_404(request.user, slug)
    form = AllianceForm(request.POST if request.method == "POST" else None, instance=alliance)
    if form.is_valid():
        alliance = alliances_services.alliance_update(
            by=request.user,
            alliance=form.save(commit=False),
            domaines=form.cleaned_data["domaines"],
            odd=form.cleaned_data["odd"],
        )
        messages.success(request, "L'alliance est enregistrée.")
        return redirect(alliance.get_absolute_url())
    return _alliance_edit_page(request, alliance, form=form)


@require_POST
def alliance_partners_add(request: HttpRequest, slug: str) -> HttpResponse:
    alliance = get_alliance_to_edit_or_404(request.user, slug)
    ajout = AjoutPartenairesForm(request.POST, alliance=alliance)
    if ajout.is_valid():
        try:
            alliances_services.alliance_add_partners(
                by=request.user,
                alliance=alliance,
                partenaires=ajout.cleaned_data["partenaires"],
                invites=ajout.cleaned_data["invites"],
            )
        except ValidationError as error:
            ajout.add_error(None, error)
        else:
            messages.success(
                request,
                "Les partenaires sont prévenus : chacun apparaîtra dans l'alliance dès qu'il "
                "aura confirmé sa participation.",
            )
            return redirect("alliances:alliance_edit", slug=alliance.slug)
    return _alliance_edit_page(request, alliance, ajout=ajout, status=400)


@require_POST
def participation_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    participation = get_participation_to_remove_or_404(request.user, slug, pk)
    try:
        alliances_services.participation_remove(by=request.user, participation=participation)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            f"{participation.organisation.nom} ne fait plus partie de « "
            f"{participation.alliance.titre} ».",
        )
    if can_edit_alliance(request.user, participation.alliance):
        return redirect("alliances:alliance_edit", slug=slug)
    return redirect("alliances:espace")


@require_POST
def participation_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    participation = get_participation_to_decide_or_404(request.user, pk)
    if decision not in {"confirmer", "decliner"}:
        raise Http404
    try:
        alliances_services.participation_decide(
            by=request.user, participation=participation, accept=decision == "confirmer"
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        verbe = "confirmée" if decision == "confirmer" else "déclinée"
        messages.success(request, f"Participation à « {participation.alliance.titre} » {verbe}.")
    return redirect("alliances:espace")


@require_POST
def demande_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    demande = get_demande_to_manage_or_404(request.user, pk)
    if decision not in {"accepter", "refuser"}:
        raise Http404
    try:
        organisations_services.demande_adhesion_decide(
            by=request.user, demande=demande, accept=decision == "accepter"
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        verbe = "acceptée" if decision == "accepter" else "refusée"
        messages.success(request, f"Demande de {demande.user.email} {verbe}.")
    return redirect("alliances:membres", slug=demande.organisation.slug)


# Offres, mises en relation et alertes

OFFRES_PAR_PAGE = 20


@login_not_required
@require_GET
@vary_on_headers("HX-Request")
def offre_list(request: HttpRequest) -> HttpResponse:
    filterset = OffreFilter(request.GET, queryset=Offre.objects.visible())
    page = filterset.paginate(filterset.qs.for_listing(), OFFRES_PAR_PAGE, request.GET.get("page"))
    template = page_or_fragment(request, "alliances/offre_list.html")
    return render(
        request,
        template,
        {"filter": filterset, "page": page, "facettes": filterset.facet_groups()},
    )


@login_not_required
@require_GET
def offre_detail(request: HttpRequest, slug: str) -> HttpResponse:
    offre = get_offre_to_view_or_404(request.user, slug)
    mine = my_organisation_ids(request.user)
    is_own = offre.organisation_id in mine
    return render(
        request,
        "alliances/offre_detail.html",
        {
            "offre": offre,
            "suggestions": (
                matching.suggestions_for(offre, for_owner=is_own) if offre.is_visible else []
            ),
            "organisations_suggerees": (
                matching.organisation_suggestions_for(offre, limit=3) if offre.is_visible else []
            ),
            "can_edit": can_edit_offre(request.user, offre),
            "is_own": is_own,
            "has_organisation": bool(mine),
        },
    )


@require_http_methods(["GET", "POST"])
def offre_create(request: HttpRequest) -> HttpResponse:
    form = OffreForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        initial={
            "organisation": request.session.get(SESSION_ORGANISATION_ACTIVE),
            "rayon_km": 30,
        },
    )
    if form.is_valid():
        offre = offres_services.offre_create(
            by=request.user,
            offre=form.save(commit=False),
            domaines=form.cleaned_data["domaines"],
            odd=form.cleaned_data["odd"],
        )
        messages.success(
            request,
            f"« {offre.titre} » est enregistrée. Elle sera visible de tous une fois validée par "
            "l'équipe de modération.",
        )
        return redirect(offre.get_absolute_url())
    return render(request, "alliances/offre_form.html", {"form": form, "creation": True})


@require_http_methods(["GET", "POST"])
def offre_edit(request: HttpRequest, slug: str) -> HttpResponse:
    offre = get_offre_to_edit_or_404(request.user, slug)
    form = OffreForm(
        request.POST if request.method == "POST" else None, instance=offre, user=request.user
    )
    if form.is_valid():
        offre = offres_services.offre_update(
            by=request.user,
            offre=form.save(commit=False),
            domaines=form.cleaned_data["domaines"],
            odd=form.cleaned_data["odd"],
        )
        messages.success(request, "L'offre est enregistrée.")
        return redirect(offre.get_absolute_url())
    return render(
        request, "alliances/offre_form.html", {"form": form, "offre": offre, "creation": False}
    )


@require_POST
def offre_etat(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    """Close an offre (« pourvue ») or reopen it."""
    offre = get_offre_to_edit_or_404(request.user, slug)
    actions = {"fermer": offres_services.offre_close, "rouvrir": offres_services.offre_reopen}
    if action not in actions:
        raise Http404
    try:
        actions[action](by=request.user, offre=offre)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            "L'offre est fermée : elle n'apparaît plus dans la recherche."
            if action == "fermer"
            else "L'offre est rouverte.",
        )
    return redirect(offre.get_absolute_url())


@require_http_methods(["GET", "POST"])
def mise_en_relation_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Contact the organisation behind an open offre, on behalf of one of mine."""
    offre = get_offre_to_contact_or_404(request.user, slug)
    form = MiseEnRelationForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        offre=offre,
        initial={"emettrice": request.session.get(SESSION_ORGANISATION_ACTIVE)},
    )
    own = offre.organisation_id in my_organisation_ids(request.user)
    if not own and form.is_valid():
        try:
            mise_en_relation = offres_services.mise_en_relation_send(
                by=request.user,
                emettrice=form.cleaned_data["emettrice"],
                offre=offre,
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if mise_en_relation.sent_at:
                messages.success(
                    request,
                    f"Votre message est envoyé à {offre.organisation.nom}. Vous serez prévenu "
                    "par courriel de sa réponse.",
                )
            else:
                messages.info(
                    request,
                    f"Votre message partira vers {offre.organisation.nom} dès que "
                    f"{mise_en_relation.emettrice.nom} sera validée par l'équipe de modération.",
                )
            return redirect(mise_en_relation.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "alliances/mise_en_relation_form.html",
        {"offre": offre, "form": form, "own": own, "can_send": form.has_senders()},
        status=status,
    )


MISES_EN_RELATION_LISTEES = 100


@require_GET
def mise_en_relation_list(request: HttpRequest) -> HttpResponse:
    threads = MiseEnRelation.objects.for_listing()
    return render(
        request,
        "alliances/mise_en_relation_list.html",
        {
            "recues": threads.received_by(request.user)[:MISES_EN_RELATION_LISTEES],
            "envoyees": threads.sent_by_organisations_of(request.user)[:MISES_EN_RELATION_LISTEES],
        },
    )


@require_http_methods(["GET", "POST"])
def mise_en_relation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The thread: the request, the answer, contact details once accepted; the receiving
    organisation's members answer here."""
    mise_en_relation = get_mise_en_relation_to_view_or_404(request.user, pk)
    can_answer = can_answer_mise_en_relation(request.user, mise_en_relation)
    form = None
    status = 200
    if can_answer and mise_en_relation.is_pending:
        form = ReponseForm(request.POST if request.method == "POST" else None)
        if request.method == "POST":
            if form.is_valid():
                try:
                    offres_services.mise_en_relation_answer(
                        by=request.user,
                        mise_en_relation=mise_en_relation,
                        accept=form.cleaned_data["decision"] == "accepter",
                        reponse=form.cleaned_data["reponse"],
                        motif=form.cleaned_data["motif"],
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, "Votre réponse est envoyée.")
                    return redirect(mise_en_relation.get_absolute_url())
            status = 400
        else:
            offres_services.mise_en_relation_mark_read(
                by=request.user, mise_en_relation=mise_en_relation
            )
    elif request.method == "POST":
        if not can_answer:
            messages.error(
                request, "Seule l'organisation destinataire peut répondre à cette demande."
            )
        else:
            messages.error(request, "Cette demande a déjà reçu une réponse.")
        return redirect(mise_en_relation.get_absolute_url())
    return render(
        request,
        "alliances/mise_en_relation_detail.html",
        {"mise_en_relation": mise_en_relation, "form": form, "can_answer": can_answer},
        status=status,
    )


def _declaration_prefill(request: HttpRequest) -> tuple[MiseEnRelation | None, dict]:
    """An accepted mise en relation pre-fills the declaration of the alliance it gave birth to:
    my organisation carries it, the other one is the partner, the offre gives the rest."""
    pk = request.GET.get("mise_en_relation", "")
    if not pk.isdigit():
        return None, {}
    origine = get_mise_en_relation_to_declare_or_404(request.user, int(pk))
    return origine, origine.declaration_initial(my_organisation_ids(request.user))


@require_http_methods(["GET", "POST"])
def alerte_list(request: HttpRequest) -> HttpResponse:
    """My alerts; POST saves the search a page sent (its query string in `criteres`)."""
    if request.method == "POST":
        form = AlerteForm(request.POST)
        if form.is_valid():
            try:
                alerte = offres_services.alerte_create(
                    by=request.user, alerte=form.save(commit=False)
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    f"Alerte « {alerte.nom} » enregistrée : les nouveautés vous seront envoyées "
                    f"{alerte.get_frequence_display()}.",
                )
                return redirect("alliances:alerte_list")
        # The form again, with what the person typed and the messages next to the fields.
        cible = form.data.get("cible")
        return render(
            request,
            "alliances/alerte_form.html",
            {"form": form, "cible": cible if cible in Alerte.Cible.values else "offres"},
            status=400,
        )
    return render(request, "alliances/alerte_list.html", {"alertes": request.user.alertes.all()})


@require_GET
def alerte_new(request: HttpRequest) -> HttpResponse:
    """The form to save the search the user comes from (`cible` and its criteria)."""
    cible = request.GET.get("cible", "")
    if cible not in Alerte.Cible.values:
        cible = Alerte.Cible.OFFRES
    criteres = request.GET.copy()
    criteres.pop("cible", None)
    form = AlerteForm(
        initial={
            "cible": cible,
            "criteres": criteres.urlencode()[:1000],
            "nom": (request.GET.get("q") or f"Nouvelles {cible}")[:200],
            "frequence": Alerte.Frequence.HEBDOMADAIRE,
        }
    )
    return render(request, "alliances/alerte_form.html", {"form": form, "cible": cible})


@require_POST
def alerte_delete(request: HttpRequest, pk: int) -> HttpResponse:
    alerte = get_alerte_or_404(request.user, pk)
    offres_services.alerte_delete(by=request.user, alerte=alerte)
    messages.success(request, f"L'alerte « {alerte.nom} » est supprimée.")
    return redirect("alliances:alerte_list")


# The signed token in the address is the credential: mail clients post here without any CSRF
# token (RFC 8058 one-click), and a forged post could only stop or restart the alert it names.
@csrf_exempt
@login_not_required
@require_http_methods(["GET", "POST"])
def alerte_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The email's link, without logging in. GET only shows a button, since link checkers and
    mail scanners open links on their own; POST (that button, or the mail client's one-click
    unsubscribe) stops the alert, and the page then offers to start it again."""
    try:
        alerte = offres_services.alerte_from_token(token)
    except ValidationError as error:
        return render(
            request,
            "alliances/alerte_desabonnement.html",
            {"erreur": error.messages[0]},
            status=400,
        )
    done = request.method == "POST"
    if done:
        reactiver = request.POST.get("reactiver") == "1"
        offres_services.alerte_set_active(alerte=alerte, active=reactiver)
    return render(
        request,
        "alliances/alerte_desabonnement.html",
        {"alerte": alerte, "token": token, "done": done},
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
