"""The moderation space of the catalyseurs territoriaux and staff (`/moderation/`), the public
reporting form and the public moderation figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from comptes.http import client_ip
from moderation import contestations, motifs, registry, signalements, workflow
from moderation.chiffres import dashboard, public_figures
from moderation.filters import FileModerationFilter
from moderation.forms import (
    DecisionForm,
    RecoursDecisionForm,
    RecoursForm,
    SignalementForm,
)
from moderation.models import (
    Catalyseur,
    Decision,
    Recours,
    Signalement,
    Soumission,
    Statut,
    perimeter_rows,
)
from moderation.permissions import (
    PK_MAX,
    can_contest,
    get_item_history_or_404,
    get_item_to_moderate_or_404,
)
from recherche.elargir import elargissements_si_vide
from recherche.htmx import page_or_fragment, search_status
from territoires.models import Departement, Region

SOUMISSIONS_PAR_PAGE = 20
RECOURS_AFFICHES = 50


def _moderators_only(request: HttpRequest) -> list[tuple]:
    """404 for anyone who is neither staff nor an active catalyseur; returns the perimeter
    rows (read once for the whole page)."""
    rows = perimeter_rows(request.user)
    allowed = bool(request.user.is_staff or rows)
    if request.session.get("moderation") != allowed:
        request.session["moderation"] = allowed
    if not allowed:
        raise Http404
    return rows


@require_GET
@vary_on_headers("HX-Request")
def file(request: HttpRequest) -> HttpResponse:
    """The queue of the user's perimeter, oldest first; reports and appeals below it."""
    rows = _moderators_only(request)
    scope = Soumission.objects.moderated_by(request.user, rows)
    filtre = FileModerationFilter(request.GET, scope.select_related("commune", "departement"))
    queue = filtre.qs
    page = Paginator(queue.order_by("submitted_at", "pk"), SOUMISSIONS_PAR_PAGE).get_page(
        request.GET.get("page")
    )
    signalements = (
        Signalement.objects.moderated_by(request.user, rows)
        .ouverts()
        .values("nature", "object_id", "titre")
        .annotate(n=Count("empreinte", distinct=True), depuis=Min("created_at"))
        .order_by("depuis")[:50]
    )
    template = page_or_fragment(request, "moderation/file.html")
    return render(
        request,
        template,
        {
            "form": filtre.form,
            "page": page,
            "elargissements": elargissements_si_vide(page, filtre.form, request),
            "signalements": signalements,
            "recours": contestations.recours_to_decide(request.user, rows)[:RECOURS_AFFICHES],
            "maintenant": timezone.now(),
        },
        status=search_status(request, filtre.form),
    )


def _signalements_examines(nature: str, pk: int) -> list[dict]:
    """The closed reports on an item, one line per moderator's conclusion (when, how many,
    kept or taken into account): part of the item's history next to its decisions."""
    return list(
        Signalement.objects.filter(nature=nature, object_id=pk, closed_at__isnull=False)
        .values("closed_at", "issue")
        .annotate(n=Count("pk"))
        .order_by("-closed_at")
    )


def _examen_context(request: HttpRequest, item, form: DecisionForm | None = None) -> dict:
    nature = workflow.nature_of(item)
    history = list(Decision.objects.of_item(nature, item.pk).select_related("by"))
    published = next((d for d in history if d.vers == Statut.PUBLIEE), None)
    waiting = item.statut == Statut.EN_ATTENTE
    blockers = workflow.publication_blockers(item) if waiting else []
    return {
        "item": item,
        "titre": workflow.title_of(item),
        "nature": nature,
        # What the public will read, as the item's own app shows it.
        "apercu": registry.kind_of(item).apercu,
        "examines": _signalements_examines(nature, item.pk),
        "form": form or DecisionForm(statut=item.statut, blockers=blockers),
        "blockers": blockers,
        "decidable": item.statut in (Statut.EN_ATTENTE, Statut.PUBLIEE),
        "history": history,
        "changes": workflow.changes_since_published(item, published),
        "prechecks": workflow.prechecks(item) if waiting else [],
        "signalements": Signalement.objects.ouverts().filter(nature=nature, object_id=item.pk),
        "soumission": Soumission.objects.filter(nature=nature, object_id=item.pk).first(),
    }


@require_GET
def examen(request: HttpRequest, nature: str, pk: int) -> HttpResponse:
    """The item as the public will see it, what changed since its last published version, the
    automatic pre-checks, its history, and the decision form."""
    item = get_item_to_moderate_or_404(request.user, nature, pk)
    return render(request, "moderation/examen.html", _examen_context(request, item))


def _next_in_queue(user) -> Soumission | None:
    """The oldest waiting item the user can open. A queue row whose item is gone or out of
    reach (an edge the delete receivers should prevent) is skipped rather than shown as a 404."""
    for soumission in Soumission.objects.moderated_by(user).order_by("submitted_at", "pk")[:20]:
        model = workflow.model_of(soumission.nature)
        if model.objects.moderated_by(user).filter(pk=soumission.object_id).exists():
            return soumission
    return None


@require_POST
def decider(request: HttpRequest, nature: str, pk: int) -> HttpResponse:
    """Record the decision, then show the next item of the queue (in place with htmx, by a
    redirect without JavaScript)."""
    item = get_item_to_moderate_or_404(request.user, nature, pk)
    blockers = workflow.publication_blockers(item) if item.statut == Statut.EN_ATTENTE else []
    form = DecisionForm(request.POST, statut=item.statut, blockers=blockers)
    if form.is_valid():
        try:
            workflow.decide(
                item,
                by=request.user,
                to=form.statut,
                motif=form.cleaned_data["motif"],
                texte=form.cleaned_data["texte"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            raise Http404 from None
    if not form.is_valid() or form.errors:
        return render(
            request, "moderation/examen.html", _examen_context(request, item, form), status=400
        )
    confirmation = f"Décision enregistrée pour « {workflow.title_of(item)} »."
    following = _next_in_queue(request.user)
    if following is None or not request.htmx:
        # A whole page comes next: the message shows there.
        messages.success(request, confirmation)
    if following is None:
        url = reverse("moderation:file")
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
    url = reverse("moderation:examen", args=[following.nature, following.object_id])
    if request.htmx:
        next_item = get_item_to_moderate_or_404(request.user, following.nature, following.object_id)
        context = {**_examen_context(request, next_item), "confirmation": confirmation}
        response = render(request, "moderation/examen.html", context)
        response["HX-Push-Url"] = url
        return response
    return redirect(url)


@require_POST
def signalements_classer(request: HttpRequest, nature: str, pk: int) -> HttpResponse:
    """The reports on a published item are read and the item stays as it is."""
    item = get_item_to_moderate_or_404(request.user, nature, pk)
    signalements.signalements_keep(item, by=request.user)
    messages.success(request, "Signalements classés : le contenu reste publié.")
    return redirect("moderation:file")


@require_GET
def journal(request: HttpRequest, nature: str, pk: int) -> HttpResponse:
    """What the database recorded of an item's changes besides its decisions (identity,
    members, participations: who, when, before → after), for those who may moderate it."""
    item = get_item_to_moderate_or_404(request.user, nature, pk)
    return render(
        request,
        "moderation/journal.html",
        {
            "item": item,
            "titre": workflow.title_of(item),
            "nature": nature,
            "evenements": registry.kind_of(item).journal(item),
        },
    )


@require_http_methods(["GET", "POST"])
def historique(request: HttpRequest, nature: str, pk: int) -> HttpResponse:
    """The decisions on an item, for its members and its moderators; members contest the
    latest refusal or unpublication here."""
    item = get_item_history_or_404(request.user, nature, pk)
    history = list(Decision.objects.of_item(nature, item.pk).select_related("by"))
    recours = Recours.objects.filter(decision__in=[d.pk for d in history]).first()
    contest = can_contest(request.user, item)
    form = RecoursForm(request.POST or None)
    if request.method == "POST":
        if not contest:
            raise Http404
        if form.is_valid():
            try:
                contestations.recours_create(
                    by=request.user, item=item, texte=form.cleaned_data["texte"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    "Recours envoyé : une autre personne que l'auteur de la décision "
                    "va le réexaminer.",
                )
                return redirect(request.path)
    return render(
        request,
        "moderation/historique.html",
        {
            "item": item,
            "titre": workflow.title_of(item),
            "nature": nature,
            "history": history,
            "examines": _signalements_examines(nature, item.pk),
            "recours": recours,
            "can_contest": contest,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def recours_trancher(request: HttpRequest, pk: int) -> HttpResponse:
    if pk > PK_MAX:
        raise Http404
    recours = get_object_or_404(
        Recours.objects.select_related("decision", "decision__by", "by"), pk=pk
    )
    item = (
        workflow.model_of(recours.decision.nature)
        .objects.filter(pk=recours.decision.object_id)
        .first()
    )
    if item is None or not contestations.can_decide_recours(request.user, recours, item):
        raise Http404
    form = RecoursDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contestations.recours_decide(
                by=request.user,
                recours=recours,
                accepte=form.cleaned_data["accepte"],
                reponse=form.cleaned_data["reponse"],
            )
        except ValidationError as error:
            form.add_error(
                None,
                "Ce recours ne peut plus être tranché ainsi : "
                + " ".join(error.messages)
                + " Rechargez la file de modération.",
            )
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, "Recours tranché ; le déposant reçoit votre réponse.")
            return redirect("moderation:file")
    return render(
        request,
        "moderation/recours.html",
        {"recours": recours, "item": item, "form": form},
        status=400 if form.errors else 200,
    )


def _perimetres(user) -> list[tuple[str, str | None, str]]:
    """(niveau, code, label) of each perimeter the user watches."""
    if user.is_staff:
        return [("national", None, "France entière")]
    rows = (
        Catalyseur.objects.actifs()
        .filter(user=user)
        .select_related("region", "departement", "epci")
    )
    return [
        (
            c.niveau,
            {"national": None, "region": c.region_id, "departement": c.departement_id}.get(
                c.niveau, c.epci_id
            ),
            c.perimetre_label,
        )
        for c in rows
    ]


@require_GET
def tableau_de_bord(request: HttpRequest) -> HttpResponse:
    _moderators_only(request)
    perimetres = [
        {"label": label, **dashboard(niveau, code)}
        for niveau, code, label in _perimetres(request.user)
    ]
    return render(request, "moderation/tableau_de_bord.html", {"perimetres": perimetres})


# Public pages ---------------------------------------------------------------------------------


@login_not_required
@require_GET
def regles(request: HttpRequest) -> HttpResponse:
    """The published list of reasons: every decision names one of them."""
    return render(request, "moderation/regles.html", {"motifs": motifs.MOTIFS.values()})


@login_not_required
@require_GET
def chiffres(request: HttpRequest, niveau: str = "national", slug: str = "") -> HttpResponse:
    """Public moderation figures, for France or a région or a département."""
    if niveau == "national":
        territoire, code = None, None
    elif niveau == "region":
        territoire = get_object_or_404(Region, slug=slug)
        code = territoire.code
    elif niveau == "departement":
        territoire = get_object_or_404(Departement, slug=slug)
        code = territoire.code
    else:
        raise Http404
    return render(
        request,
        "moderation/chiffres.html",
        {
            "territoire": territoire,
            "figures": public_figures(niveau, code),
            "regions": Region.objects.order_by("nom"),
        },
    )


def _published_item_or_404(nature: str, slug: str):
    try:
        model = workflow.model_of(nature)
    except KeyError:
        raise Http404 from None
    return get_object_or_404(model.objects.filter(statut=Statut.PUBLIEE), slug=slug)


@login_not_required
@require_http_methods(["GET", "POST"])
def signaler(request: HttpRequest, nature: str, slug: str) -> HttpResponse:
    """Anyone reports a published item to the catalyseurs of its territory."""
    item = _published_item_or_404(nature, slug)
    form = SignalementForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            signalements.signalement_create(
                item=item,
                user=request.user,
                adresse=client_ip(request),
                motif=form.cleaned_data["motif"],
                texte=form.cleaned_data["texte"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            status = 429 if isinstance(error, signalements.TropDeSignalements) else 400
        else:
            messages.success(
                request,
                "Merci : votre signalement est transmis aux catalyseurs territoriaux, qui "
                "l'examineront.",
            )
            return redirect(item.get_absolute_url())
    elif form.errors:
        status = 400
    return render(
        request,
        "moderation/signaler.html",
        {"item": item, "titre": workflow.title_of(item), "nature": nature, "form": form},
        status=status,
    )
