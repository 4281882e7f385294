"""Pages of offres (/offres/, /espace/offres/), mises en relation (/espace/mises-en-relation/)
and alertes (/espace/alertes/, /alertes/desabonnement/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from offres import matching
from offres import services as offres_services
from offres.filters import OffreFilter
from offres.forms import AlerteForm, MiseEnRelationForm, OffreForm, ReponseForm
from offres.models import Alerte, MiseEnRelation, Offre
from offres.permissions import (
    can_answer_mise_en_relation,
    can_edit_offre,
    get_alerte_or_404,
    get_mise_en_relation_to_view_or_404,
    get_offre_to_contact_or_404,
    get_offre_to_edit_or_404,
    get_offre_to_view_or_404,
)
from organisations.permissions import (
    my_organisation_ids,
)
from organisations.session import SESSION_ORGANISATION_ACTIVE
from recherche.elargir import elargissements_si_vide
from recherche.htmx import page_or_fragment, search_status

OFFRES_PAR_PAGE = 20


MISES_EN_RELATION_LISTEES = 100


@login_not_required
@require_GET
@vary_on_headers("HX-Request")
def offre_list(request: HttpRequest) -> HttpResponse:
    filterset = OffreFilter(request.GET, queryset=Offre.objects.visible())
    page = filterset.paginate(filterset.qs.for_listing(), OFFRES_PAR_PAGE, request.GET.get("page"))
    template = page_or_fragment(request, "offres/offre_list.html")
    return render(
        request,
        template,
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
def offre_detail(request: HttpRequest, slug: str) -> HttpResponse:
    offre = get_offre_to_view_or_404(request.user, slug)
    mine = my_organisation_ids(request.user)
    is_own = offre.organisation_id in mine
    return render(
        request,
        "offres/offre_detail.html",
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
    return render(request, "offres/offre_form.html", {"form": form, "creation": True})


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
        request, "offres/offre_form.html", {"form": form, "offre": offre, "creation": False}
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
        "offres/mise_en_relation_form.html",
        {"offre": offre, "form": form, "own": own, "can_send": form.has_senders()},
        status=status,
    )


@require_GET
def mise_en_relation_list(request: HttpRequest) -> HttpResponse:
    threads = MiseEnRelation.objects.for_listing()
    return render(
        request,
        "offres/mise_en_relation_list.html",
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
        "offres/mise_en_relation_detail.html",
        {"mise_en_relation": mise_en_relation, "form": form, "can_answer": can_answer},
        status=status,
    )


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
                return redirect("offres:alerte_list")
        # The form again, with what the person typed and the messages next to the fields.
        cible = form.data.get("cible")
        return render(
            request,
            "offres/alerte_form.html",
            {"form": form, "cible": cible if cible in Alerte.Cible.values else "offres"},
            status=400,
        )
    return render(request, "offres/alerte_list.html", {"alertes": request.user.alertes.all()})


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
    return render(request, "offres/alerte_form.html", {"form": form, "cible": cible})


@require_POST
def alerte_delete(request: HttpRequest, pk: int) -> HttpResponse:
    alerte = get_alerte_or_404(request.user, pk)
    offres_services.alerte_delete(by=request.user, alerte=alerte)
    messages.success(request, f"L'alerte « {alerte.nom} » est supprimée.")
    return redirect("offres:alerte_list")


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
            "offres/alerte_desabonnement.html",
            {"erreur": error.messages[0]},
            status=400,
        )
    done = request.method == "POST"
    if done:
        reactiver = request.POST.get("reactiver") == "1"
        offres_services.alerte_set_active(alerte=alerte, active=reactiver)
    return render(
        request,
        "offres/alerte_desabonnement.html",
        {"alerte": alerte, "token": token, "done": done},
    )
