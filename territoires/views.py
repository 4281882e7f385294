from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from alliances.models import Alliance, Organisation
from territoires.forms import AutocompleteForm
from territoires.models import EPCI, Commune, Departement, Region

COMMUNES_PAR_PAGE = 100
ACTEURS_APERCU = 6


def _alliances(**location) -> dict:
    """A preview of the published alliances located in a territory, for its page."""
    alliances = Alliance.objects.published().filter(**location)
    return {
        "alliances": alliances.for_listing().order_by("-created_at")[:ACTEURS_APERCU],
        "alliances_total": alliances.count(),
    }


def _acteurs(**location) -> dict:
    """A preview of the published organisations based in a territory, for its page."""
    organisations = Organisation.objects.published().filter(**location)
    return {
        "acteurs": organisations.for_listing().order_by("nom")[:ACTEURS_APERCU],
        "acteurs_total": organisations.count(),
    }


@login_not_required
@require_GET
def region_list(request: HttpRequest) -> HttpResponse:
    regions = Region.objects.prefetch_related("departements").order_by("nom")
    return render(request, "territoires/region_list.html", {"regions": regions})


@login_not_required
@require_GET
def region_detail(request: HttpRequest, slug: str) -> HttpResponse:
    region = get_object_or_404(Region, slug=slug)
    departements = region.departements.order_by("code")
    return render(
        request,
        "territoires/region_detail.html",
        {
            "region": region,
            "departements": departements,
            "acteurs_url": f"?region={region.code}",
            **_acteurs(siege__region=region),
            **_alliances(region=region),
        },
    )


@login_not_required
@require_GET
def departement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    departement = get_object_or_404(Departement.objects.select_related("region"), slug=slug)
    communes = departement.communes.actuelles().order_by(
        F("population").desc(nulls_last=True), "nom"
    )
    page = Paginator(communes, COMMUNES_PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "territoires/departement_detail.html",
        {
            "departement": departement,
            "page": page,
            "acteurs_url": f"?departement={departement.code}",
            **_acteurs(siege__departement=departement),
            **_alliances(departement=departement),
        },
    )


@login_not_required
@require_GET
def epci_detail(request: HttpRequest, slug: str) -> HttpResponse:
    epci = get_object_or_404(EPCI, slug=slug)
    communes = epci.communes.actuelles().select_related("departement").order_by("nom")
    return render(
        request,
        "territoires/epci_detail.html",
        {
            "epci": epci,
            "communes": communes,
            **_acteurs(siege__epci=epci),
            **_alliances(commune__epci=epci),
        },
    )


@login_not_required
@require_GET
def commune_detail(request: HttpRequest, slug: str) -> HttpResponse:
    commune = get_object_or_404(
        Commune.objects.select_related("departement", "region", "epci"), slug=slug
    )
    return render(
        request,
        "territoires/commune_detail.html",
        {
            "commune": commune,
            "acteurs_url": f"?commune={commune.code_insee}",
            **_acteurs(siege=commune),
            **_alliances(commune=commune),
        },
    )


@login_not_required
@require_GET
def commune_autocomplete(request: HttpRequest) -> JsonResponse:
    """Communes by name or postal code, for the forms' commune field (JSON, 20 at most)."""
    form = AutocompleteForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"erreurs": form.errors.get_json_data()}, status=400)
    query = form.cleaned_data["q"]
    if not query:
        return JsonResponse([], safe=False)
    communes = Commune.objects.search(query)[: AutocompleteForm.MAX_RESULTS]
    return JsonResponse(
        [
            {
                "code_insee": commune.code_insee,
                "nom": commune.nom,
                "departement": commune.code_departement,
                "codes_postaux": commune.codes_postaux_list,
                "label": str(commune),
                "detail": " ".join(commune.codes_postaux_list[:3]),
            }
            for commune in communes
        ],
        safe=False,
    )
