"""Pages of alliances: the search, the map, an alliance's page, and in the espace pro its
declaration, edits, partners and their confirmation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from alliances import services as alliances_services
from alliances.declaration import depart_for
from alliances.filters import AllianceFilter
from alliances.forms import AjoutPartenairesForm, AllianceForm, DeclarationForm, MapViewForm
from alliances.models import Alliance
from alliances.pages import sections_for
from alliances.permissions import (
    AllianceRetiree,
    can_edit_alliance,
    can_see_partner_states,
    get_alliance_to_edit_or_404,
    get_alliance_to_view_or_404,
    get_participation_to_decide_or_404,
    get_participation_to_remove_or_404,
    removable_participation_ids,
)
from alliances.seo import alliance_json_ld
from organisations.session import SESSION_ORGANISATION_ACTIVE
from recherche.elargir import elargissements_si_vide
from recherche.htmx import search_status

ALLIANCES_PAR_PAGE = 20
ALLIANCES_LIEES = 4


def _participants(alliance: Alliance) -> dict:
    """Every partner of the alliance with the state of its part, and the organisations invited
    by email that have not joined yet: what its own members see (never the public)."""
    return {
        "participations": list(
            alliance.participations.select_related("organisation").order_by(
                "role", "organisation__nom"
            )
        ),
        "invitations": alliance.invitations_partenaires.filter(participation__isnull=True),
    }


@login_not_required
@require_GET
@vary_on_headers("HX-Request")
def alliance_list(request: HttpRequest) -> HttpResponse:
    filterset = AllianceFilter(request.GET, queryset=Alliance.objects.published())
    page = filterset.paginate(
        filterset.qs.for_listing(), ALLIANCES_PAR_PAGE, request.GET.get("page")
    )
    return render(
        request,
        "alliances/alliance_list.html",
        {
            "filter": filterset,
            "page": page,
            "facettes": filterset.facet_groups(),
            "elargissements": elargissements_si_vide(page, filterset.form, request),
        },
        status=search_status(request, filterset.form),
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
            request, "alliances/alliance_retiree.html", {"raison": gone.raison}, status=410
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
            "participants": (
                _participants(alliance) if can_see_partner_states(request.user, alliance) else None
            ),
            "sections": sections_for(request, alliance),
            "tiles_url": settings.MAP_TILES_URL,
            "tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
        },
    )


@require_http_methods(["GET", "POST"])
def alliance_declare(request: HttpRequest) -> HttpResponse:
    """Declare an alliance for one of my published organisations, naming its partners."""
    depart = depart_for(request)
    form = DeclarationForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        initial={
            "porteur": request.session.get(SESSION_ORGANISATION_ACTIVE),
            **(depart.initial if depart else {}),
        },
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
            if depart:
                try:
                    depart.declared(alliance)
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
    participants = _participants(alliance)
    participations = participants["participations"]
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
            "invitations": participants["invitations"],
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
    return redirect("espace:accueil")


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
    return redirect("espace:accueil")
