"""The public directory and page of an organisation (/acteurs/), and its management in the espace
pro: registration, edits, members, invitations, join requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from organisations import services as organisations_services
from organisations.filters import OrganisationFilter
from organisations.forms import (
    DemandeAdhesionForm,
    InvitationForm,
    OrganisationActiveForm,
    OrganisationForm,
    RoleForm,
)
from organisations.models import DemandeAdhesion, Membre, Organisation
from organisations.pages import sections_for
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
)
from organisations.session import SESSION_ORGANISATION_ACTIVE
from recherche.elargir import elargissements_si_vide
from recherche.htmx import page_or_fragment, search_status
from territoires.forms import AutocompleteForm

ORGANISATIONS_PAR_PAGE = 20


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
        .name_search(query)
        .select_related("siege")
        .order_by("nom")[: AutocompleteForm.MAX_RESULTS]
    )
    return JsonResponse(
        [{"label": o.label, "detail": o.get_kind_display(), "slug": o.slug} for o in organisations],
        safe=False,
    )


@login_not_required
@require_GET
@vary_on_headers("HX-Request")
def organisation_list(request: HttpRequest) -> HttpResponse:
    filterset = OrganisationFilter(
        request.GET, queryset=Organisation.objects.published().for_listing()
    )
    page = Paginator(filterset.qs, ORGANISATIONS_PAR_PAGE).get_page(request.GET.get("page"))
    template = page_or_fragment(request, "organisations/organisation_list.html")
    return render(
        request,
        template,
        {
            "filter": filterset,
            "page": page,
            "elargissements": elargissements_si_vide(page, filterset.form, request),
        },
        status=search_status(request, filterset.form),
    )


@login_not_required
@require_GET
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_to_view_or_404(request.user, slug)
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "membre": membership(request.user, organisation),
            "can_edit": can_edit_organisation(request.user, organisation),
            # Offres, alliances, response figures, widget: what other apps show here.
            "sections": sections_for(request, organisation),
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
        return redirect("espace:accueil")
    return render(
        request,
        "organisations/demande_adhesion.html",
        {"organisation": organisation, "form": form, "identifiant": identifiant},
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
    return redirect("espace:accueil")


@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if form.is_valid():
        try:
            organisation = organisations_services.organisation_create(
                by=request.user,
                organisation=form.save(commit=False),
                domaines=form.cleaned_data["domaines"],
                odd=form.cleaned_data["odd"],
            )
        except IntegrityError:
            # The same SIREN or RNA registered between the form's checks and this save (a
            # double click, two colleagues): the form checks again and names the duplicate.
            form = OrganisationForm(request.POST, request.FILES)
            form.is_valid()
            return render(
                request,
                "organisations/organisation_form.html",
                {"form": form, "creation": True},
                status=400,
            )
        request.session[SESSION_ORGANISATION_ACTIVE] = organisation.pk
        messages.success(
            request,
            f"{organisation.nom} est inscrite. Elle apparaîtra dans l'annuaire une fois validée "
            "par l'équipe de modération ; vous pouvez déjà inviter vos collègues.",
        )
        return redirect("espace:accueil")
    return render(request, "organisations/organisation_form.html", {"form": form, "creation": True})


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
        return redirect("espace:accueil")
    return render(
        request,
        "organisations/organisation_form.html",
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
            return redirect("organisations:membres", slug=organisation.slug)
    return render(
        request,
        "organisations/membres.html",
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
        return redirect("organisations:membres", slug=organisation.slug)
    return redirect("espace:accueil")


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
    return redirect("organisations:membres", slug=member.organisation.slug)


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
        return redirect("espace:accueil")
    messages.success(request, f"{member.user.email} ne fait plus partie de l'organisation.")
    return redirect("organisations:membres", slug=member.organisation.slug)


@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_invitation_to_manage_or_404(request.user, pk)
    try:
        organisations_services.invitation_revoke(by=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"L'invitation de {invitation.email} est annulée.")
    return redirect("organisations:membres", slug=invitation.organisation.slug)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = organisations_services.invitation_from_token(token)
    except ValidationError as error:
        return render(
            request, "organisations/invitation.html", {"erreur": error.messages[0]}, status=410
        )
    if request.method == "POST":
        try:
            member = organisations_services.invitation_accept(by=request.user, token=token)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            request.session[SESSION_ORGANISATION_ACTIVE] = member.organisation_id
            messages.success(request, f"Bienvenue dans {member.organisation.nom} !")
            return redirect("espace:accueil")
    return render(request, "organisations/invitation.html", {"invitation": invitation})


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
    return redirect("organisations:membres", slug=demande.organisation.slug)
