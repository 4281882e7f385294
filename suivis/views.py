"""Pages of follow-ups and evaluations, in the espace pro: the follow-up form (the emailed link
opens it), « Mes suivis », the evaluation form, and the catalyseurs' list of follow-up states."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from alliances.models import Participation
from suivis import calendrier
from suivis.forms import EvaluationForm, ReponseForm
from suivis.models import Evaluation, ReponseSuivi, Suivi
from suivis.permissions import (
    get_alliance_to_evaluate_or_404,
    get_suivi_to_answer_or_404,
    territoire_rows_or_404,
)
from suivis.services import evaluation_save, reponse_save

SUIVIS_PAR_PAGE = 50


@require_http_methods(["GET", "POST"])
def reponse(request: HttpRequest, pk: int, organisation: str) -> HttpResponse:
    suivi, organisation = get_suivi_to_answer_or_404(request.user, pk, organisation)
    alliance = suivi.alliance
    existante = (
        ReponseSuivi.objects.filter(suivi=suivi, organisation=organisation)
        .prefetch_related("valeurs")
        .first()
    )
    form = ReponseForm(
        request.POST if request.method == "POST" else None,
        alliance=alliance,
        reponse=existante,
        odd=alliance.odd.all(),
    )
    if form.is_valid():
        try:
            reponse_save(
                by=request.user,
                suivi=suivi,
                organisation=organisation,
                etat=form.cleaned_data["etat"],
                realise=form.cleaned_data["realise"],
                valeurs=form.valeurs(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            corrige = existante is not None and existante.is_answered
            messages.success(
                request,
                f"{'Réponse corrigée' if corrige else 'Merci, la réponse est enregistrée'} "
                f"pour {organisation.nom}. Vous pourrez la corriger jusqu'au "
                f"{suivi.prochaine_echeance:%d/%m/%Y}.",
            )
            return redirect("suivis:mes_suivis")
    return render(
        request,
        "suivis/reponse.html",
        {
            "suivi": suivi,
            "alliance": alliance,
            "organisation": organisation,
            "reponse": existante,
            "form": form,
            "ouvert": suivi.is_open(timezone.localdate()),
        },
    )


@require_GET
def mes_suivis(request: HttpRequest) -> HttpResponse:
    """The follow-ups my organisations have to answer or may still correct, and the
    evaluations they may write or have written (their own only)."""
    today = timezone.localdate()
    reponses = list(ReponseSuivi.objects.for_espace(request.user, today))
    participations = list(
        Participation.objects.filter(
            organisation__membres__user=request.user,
            etat=Participation.Etat.CONFIRMEE,
            alliance__statut="publiee",
        )
        .select_related("alliance", "organisation")
        .order_by("alliance__titre", "organisation__nom")
    )
    ouvertes = [p for p in participations if calendrier.evaluation_is_open(p.alliance, today)]
    ecrites = {
        (e.alliance_id, e.organisation_id): e
        for e in Evaluation.objects.filter(
            alliance__in={p.alliance_id for p in ouvertes},
            organisation__in={p.organisation_id for p in ouvertes},
        )
    }
    return render(
        request,
        "suivis/mes_suivis.html",
        {
            "a_repondre": [r for r in reponses if not r.is_answered],
            "a_corriger": [r for r in reponses if r.is_answered],
            "evaluations": [(p, ecrites.get((p.alliance_id, p.organisation_id))) for p in ouvertes],
        },
    )


@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, slug: str, organisation: str) -> HttpResponse:
    alliance, organisation = get_alliance_to_evaluate_or_404(request.user, slug, organisation)
    existante = Evaluation.objects.filter(alliance=alliance, organisation=organisation).first()
    form = EvaluationForm(request.POST if request.method == "POST" else None, instance=existante)
    if form.is_valid():
        try:
            evaluation_save(
                by=request.user,
                alliance=alliance,
                organisation=organisation,
                **{k: form.cleaned_data[k] for k in form.Meta.fields},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"L'évaluation de {organisation.nom} est enregistrée. Elle reste privée : seuls "
                "les membres de votre organisation la lisent.",
            )
            return redirect("suivis:mes_suivis")
    return render(
        request,
        "suivis/evaluation.html",
        {
            "alliance": alliance,
            "organisation": organisation,
            "evaluation": existante,
            "form": form,
            "ouverte": calendrier.evaluation_is_open(alliance),
            "ouverture": calendrier.evaluation_opens_on(alliance),
        },
    )


@require_GET
def territoire(request: HttpRequest) -> HttpResponse:
    """For catalyseurs (and staff): the open follow-ups of the alliances in their perimeter,
    with their state (answered, waiting, flagged), never what the partners wrote."""
    rows = territoire_rows_or_404(request.user)
    today = timezone.localdate()
    suivis = (
        Suivi.objects.in_perimeter_of(request.user, rows=rows)
        .open_on(today)
        .for_territoire()
        .order_by("signale_le", "echeance", "pk")
    )
    etat = request.GET.get("etat", "")
    if etat == "signales":
        suivis = suivis.filter(signale_le__isnull=False)
    elif etat == "en_attente":
        suivis = suivis.filter(pk__in=ReponseSuivi.objects.waiting().values("suivi"))
    page = Paginator(suivis, SUIVIS_PAR_PAGE).get_page(request.GET.get("page"))
    return render(request, "suivis/territoire.html", {"page": page, "etat": etat})
