"""The observatoire's pages: the territory pages under /territoires/ (régions, départements,
EPCI, communes, with their published alliances and organisations and, for régions and
départements, their figures), the national figures and their CSV files under /observatoire/,
and the widget that other sites embed."""

import csv
import hashlib
import logging
import re
from functools import wraps
from urllib.parse import urlencode

from csp.decorators import csp_replace
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.cache import cache_page
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from alliances.models import Alliance, Participation
from nomenclatures.models import Typologie
from observatoire.carte import classer
from observatoire.chiffres import Chiffres, chiffres, chiffres_en_cache
from observatoire.exports import TERRITOIRE_FIELDS, territoire_row
from observatoire.forms import CODE_RE, WIDGET_MAX, ImpactForm, ObservatoireForm, WidgetForm
from observatoire.impact import impact, valeur
from observatoire.models import ObservatoireMiseAJour
from observatoire.tasks import observatoire_refresh_task
from observatoire.widget import widget_snippet
from organisations.models import Organisation
from territoires.models import EPCI, Commune, Departement, Region

logger = logging.getLogger(__name__)

COMMUNES_PAR_PAGE = 100
ACTEURS_APERCU = 6


# Previews show the latest declared first, by primary key: at national scale (a région holds
# 150,000 alliances) walking the primary key backwards finds six of them at once, where sorting
# by another column would read them all.


def _alliances(total: int | None = None, **location) -> dict:
    """A preview of the published alliances located in a territory, for its page; `total`
    comes from the observatoire's figures when they exist (no count over the rows)."""
    alliances = Alliance.objects.published().filter(**location)
    return {
        "alliances": alliances.for_listing().order_by("-pk")[:ACTEURS_APERCU],
        "alliances_total": alliances.count() if total is None else total,
    }


def _acteurs(total: int | None = None, **location) -> dict:
    """A preview of the published organisations based in a territory, for its page."""
    organisations = Organisation.objects.published().filter(**location)
    return {
        "acteurs": organisations.for_listing().order_by("-pk")[:ACTEURS_APERCU],
        "acteurs_total": organisations.count() if total is None else total,
    }


def _totaux(figures: dict) -> tuple[int | None, int | None]:
    """The territory's published alliances and organisations, from the observatoire's figures
    once computed; (None, None) asks the previews to count."""
    return figures["totaux"] or (None, None)


@login_not_required
@require_GET
def region_list(request: HttpRequest) -> HttpResponse:
    regions = Region.objects.prefetch_related("departements").order_by("nom")
    return render(request, "observatoire/region_list.html", {"regions": regions})


@login_not_required
@require_GET
def region_detail(request: HttpRequest, slug: str) -> HttpResponse:
    region = get_object_or_404(Region, slug=slug)
    figures = _figures_context(request, region=region)
    alliances_total, organisations_total = _totaux(figures)
    return render(
        request,
        "observatoire/region_detail.html",
        {
            "region": region,
            "acteurs_url": f"?region={region.code}",
            "departements": region.departements.order_by("code"),
            "widget_snippet": widget_snippet(region=region.code),
            "widget_cible": f"en {region.nom}",
            "impact": impact(Alliance.objects.published().filter(region=region)),
            "impact_query": f"region={region.code}",
            **figures,
            **_acteurs(organisations_total, siege__region=region),
            **_alliances(alliances_total, region=region),
        },
        status=200 if figures["figures_ok"] else 400,
    )


@login_not_required
@require_GET
def departement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    departement = get_object_or_404(Departement.objects.select_related("region"), slug=slug)
    communes = departement.communes.actuelles().order_by(
        F("population").desc(nulls_last=True), "nom"
    )
    page = Paginator(communes, COMMUNES_PAR_PAGE).get_page(request.GET.get("page"))
    # `page`: the département page's own pagination of its communes.
    figures = _figures_context(request, extra_keys=("page",), departement=departement)
    alliances_total, organisations_total = _totaux(figures)
    return render(
        request,
        "observatoire/departement_detail.html",
        {
            "departement": departement,
            "page": page,
            "acteurs_url": f"?departement={departement.code}",
            "widget_snippet": widget_snippet(departement=departement.code),
            "widget_cible": f"dans le département {departement}",
            "impact": impact(Alliance.objects.published().filter(departement=departement)),
            "impact_query": f"departement={departement.code}",
            **figures,
            **_acteurs(organisations_total, siege__departement=departement),
            **_alliances(alliances_total, departement=departement),
        },
        status=200 if figures["figures_ok"] else 400,
    )


@login_not_required
@require_GET
def epci_detail(request: HttpRequest, slug: str) -> HttpResponse:
    epci = get_object_or_404(EPCI, slug=slug)
    communes = epci.communes.actuelles().select_related("departement").order_by("nom")
    return render(
        request,
        "observatoire/epci_detail.html",
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
        "observatoire/commune_detail.html",
        {
            "commune": commune,
            "acteurs_url": "?" + urlencode({"commune": str(commune)}),
            **_acteurs(siege=commune),
            **_alliances(commune=commune),
        },
    )


# The figures

# Checked before any query: PostgreSQL refuses a NUL byte in a text parameter.
SLUG_RE = re.compile(r"^[-\w]+$")


def _place_or_404(model, code: str):
    if not CODE_RE.match(code):
        raise Http404
    return get_object_or_404(model, code=code)


def _observatoire_form(request: HttpRequest, *, extra_keys=()) -> ObservatoireForm:
    """The filters, and the other parameters the page has (`extra_keys`): any other key is an
    error, as on the API and the CSV files."""
    return ObservatoireForm(request.GET, extra_keys=extra_keys)


def _carte_data(result: Chiffres) -> dict:
    """What the choropleth needs, by INSEE code: name, link, figures and colour; and for each
    level its legend (observatoire.carte), which the page writes out."""

    def level(rows):
        classement = classer([row.pour_10000 for row in rows])
        lines = {
            row.code: {
                "nom": row.label,
                "url": row.url,
                "alliances": row.nombre,
                "pour_10000": row.pour_10000,
                "organisations": row.organisations,
                "couleur": couleur,
            }
            for row, couleur in zip(rows, classement.couleurs, strict=True)
        }
        return lines, classement.classes

    regions, legende_regions = level(result.par_region)
    departements, legende_departements = level(result.par_departement)
    return {
        "carte_donnees": {"regions": regions, "departements": departements},
        "carte_legendes": {
            niveau: legende
            for niveau, legende in (
                ("departements", legende_departements),
                ("regions", legende_regions),
            )
            if legende
        },
    }


def _charts_data(result: Chiffres) -> dict:
    return {
        slug: {
            "titre": titre,
            "labels": [r.label for r in rows],
            "valeurs": [r.nombre for r in rows],
        }
        for slug, titre, rows in result.repartitions()
    }


# The rendered figures are cached per refresh of the summary tables: they cannot change between
# two refreshes, and a page shows more than a thousand numbers.
FIGURES_CACHE_SECONDS = 2 * 3600


def _figures_context(request: HttpRequest, *, extra_keys=(), **territoire) -> dict:
    """The figures of a territory (or of France) under the page's filters, rendered for its
    template (`resultats`), with the territory's unfiltered totals for its previews (`totaux`).
    htmx requests get the whole page too: the form's hx-select keeps the figures only."""
    form = _observatoire_form(request, extra_keys=extra_keys)
    if not form.is_valid():
        return {"form": form, "figures_ok": False, "resultats": "", "totaux": None}
    filtres = form.filtres()
    csv_params = request.GET.copy()
    csv_params.pop("page", None)
    for niveau, place in territoire.items():
        csv_params[niveau] = place.code
    csv_query = csv_params.urlencode()
    refreshed_at = (
        ObservatoireMiseAJour.objects.filter(pk=1).values_list("refreshed_at", flat=True).first()
    )
    # csv_query names the territory and the filters as typed; refreshed_at, the figures.
    seed = f"{refreshed_at.isoformat() if refreshed_at else ''}|{filtres}|{csv_query}"
    key = "observatoire:" + hashlib.sha256(seed.encode()).hexdigest()
    cached = cache.get(key) if refreshed_at else None
    if cached is None:
        result = chiffres(filtres, **territoire)
        context = {
            "chiffres": result,
            **_carte_data(result),
            "charts_data": _charts_data(result),
            "csv_query": csv_query,
            "region_code": territoire["region"].code if "region" in territoire else "",
        }
        template = "resultats_territoire" if territoire else "resultats_france"
        cached = {
            "html": render_to_string(f"observatoire/chiffres/{template}.html", context),
            "totaux": result.totaux_sans_filtre() if territoire and result.refreshed_at else None,
            "refreshed": result.refreshed_at is not None,
        }
        if result.refreshed_at:
            cache.set(key, cached, FIGURES_CACHE_SECONDS)
    return {
        "form": form,
        "figures_ok": True,
        "figures_calculees": cached["refreshed"],
        "resultats": mark_safe(cached["html"]),  # rendered by our own template, escaped there
        "totaux": cached["totaux"],
    }


@login_not_required
@require_GET
def observatoire(request: HttpRequest) -> HttpResponse:
    """The figures of published alliances and organisations in France, with filters."""
    context = _figures_context(request)
    never_computed = context["figures_ok"] and not context["figures_calculees"]
    # Never computed (a fresh database): ask a worker once (locally the task runs right away).
    if never_computed and cache.add("observatoire:calcul-demande", True, timeout=600):
        try:
            observatoire_refresh_task.delay()
        except Exception as error:  # the broker can't be reached: the hourly job will do it
            logger.warning("Calcul de l'observatoire non demandé : %s", error)
        context = _figures_context(request)
    return render(
        request,
        "observatoire/index.html",
        {**context, "widget_snippet": widget_snippet(), "widget_cible": "en France"},
        status=200 if context["figures_ok"] else 400,
    )


@login_not_required
@require_GET
def observatoire_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """One table of the observatoire as CSV, under the same filters; `region` or `departement`
    (INSEE code) gives a territory's own figures."""
    form = _observatoire_form(request, extra_keys=("region", "departement"))
    if not form.is_valid():
        messages_ = [m for errors in form.errors.values() for m in errors]
        return HttpResponse(
            "Requête invalide : " + " ".join(messages_),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    territoire = {}
    if request.GET.get("departement"):
        territoire["departement"] = _place_or_404(Departement, request.GET["departement"])
    elif request.GET.get("region"):
        territoire["region"] = _place_or_404(Region, request.GET["region"])
    result = chiffres_en_cache(form.filtres(), **territoire)
    tables = {slug_: rows for slug_, _, rows in result.repartitions()}
    tables["regions"] = result.par_region
    tables["departements"] = result.par_departement
    if slug not in tables:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="observatoire-{slug}.csv"'
    if slug in ("regions", "departements"):
        # The same columns as the open data files chiffres-regions and chiffres-departements.
        writer = csv.DictWriter(response, fieldnames=TERRITOIRE_FIELDS)
        writer.writeheader()
        writer.writerows(territoire_row(row) for row in tables[slug])
    else:
        writer = csv.writer(response)
        writer.writerow(["code", "libelle", "nombre"])
        for row in tables[slug]:
            writer.writerow([row.code, row.label, row.nombre])
    return response


@login_not_required
@require_GET
def observatoire_impact(request: HttpRequest) -> HttpResponse:
    """What the alliances produced: the indicators of their follow-ups, cumulated, by
    typologie and ODD, and the évaluations partenariales in aggregate; filters in the URL."""
    form = ImpactForm(request.GET)
    if not form.is_valid():
        return render(request, "observatoire/impact.html", {"form": form}, status=400)
    resultat = impact(form.alliances())
    return render(
        request,
        "observatoire/impact.html",
        {
            "form": form,
            "impact": resultat,
            "typologies": Typologie.choices,
            "csv_query": request.GET.urlencode(),
            "charts_data": {
                "impact-alliances": {
                    "titre": "Alliances qui ont renseigné l'indicateur",
                    "labels": [ligne.label for ligne in resultat.indicateurs],
                    "valeurs": [ligne.alliances for ligne in resultat.indicateurs],
                },
                "impact-odd": {
                    "titre": resultat.par_odd[0].label if resultat.par_odd else "",
                    "labels": [f"ODD {ligne.odd}" for ligne in resultat.par_odd],
                    "valeurs": [float(ligne.total) for ligne in resultat.par_odd],
                },
            },
        },
    )


@login_not_required
@require_GET
def observatoire_impact_csv(request: HttpRequest) -> HttpResponse:
    """The impact page's indicator table as CSV, under the same filters."""
    form = ImpactForm(request.GET)
    if not form.is_valid():
        messages_ = [m for errors in form.errors.values() for m in errors]
        return HttpResponse(
            "Requête invalide : " + " ".join(messages_),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    resultat = impact(form.alliances())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="observatoire-impact.csv"'
    writer = csv.writer(response)
    writer.writerow(["indicateur", "libelle", "unite", "odd", "total", "alliances"])
    for ligne in resultat.indicateurs:
        writer.writerow(
            [ligne.code, ligne.label, ligne.unite, "", valeur(ligne.total), ligne.alliances]
        )
    for ligne in resultat.par_odd:
        writer.writerow(
            [ligne.code, ligne.label, ligne.unite, ligne.odd, valeur(ligne.total), ligne.alliances]
        )
    return response


WIDGET_CACHE_SECONDS = 5 * 60


def _embeddable(view):
    """Lets any site frame the widget: CSP frame-ancestors and CORP opened for this view only
    (the rest of the site says frame-ancestors 'none' and X-Frame-Options DENY). Outside
    cache_page, so answers served from the cache carry the same headers."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
        return response

    return csp_replace({"frame-ancestors": ["*"]})(xframe_options_exempt(wrapped))


@login_not_required
@require_GET
@_embeddable
@cache_page(WIDGET_CACHE_SECONDS)
def observatoire_widget(request: HttpRequest) -> HttpResponse:
    """A small page meant for an iframe on another site: the latest published alliances of a
    région, a département or an organisation (or of France). Other sites show it to each of
    their visitors, so the page is cached for a few minutes."""
    form = WidgetForm(request.GET)
    if not form.is_valid():
        return HttpResponse(
            "Paramètres invalides : region, departement ou organisation, et nombre entre 1 et "
            f"{WIDGET_MAX}.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    params = form.cleaned_data
    nombre = params["nombre"]
    alliances = Alliance.objects.published()
    titre = "France"
    if params["organisation"]:
        slug = params["organisation"]
        if not SLUG_RE.match(slug):
            raise Http404
        organisation = get_object_or_404(Organisation.objects.published(), slug=slug)
        alliances = alliances.filter(
            participations__organisation=organisation,
            participations__etat=Participation.Etat.CONFIRMEE,
        )
        titre = organisation.nom
    elif params["departement"]:
        departement = _place_or_404(Departement, params["departement"])
        alliances = alliances.filter(departement=departement.code)
        titre = departement.nom
    elif params["region"]:
        region = _place_or_404(Region, params["region"])
        alliances = alliances.filter(region=region.code)
        titre = region.nom
    # Newest first by primary key, like the previews: an index walk, not a sort of every
    # published alliance of France.
    alliances = alliances.select_related("commune").order_by("-pk")[:nombre]
    return render(
        request,
        "observatoire/widget.html",
        {"alliances": alliances, "titre": titre, "site_url": settings.SITE_URL},
    )
