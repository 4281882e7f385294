from django.contrib.auth.decorators import login_not_required
from django.db.models import F
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from alliances.models import Alliance
from recherche.elargir import elargissements_si_vide
from recherche.htmx import page_or_fragment, search_status
from ressources.autodiagnostic import QUESTIONS, diagnose
from ressources.contenu import Section, render_contenu, sommaire
from ressources.fichiers import EXTENSIONS, PDF
from ressources.filters import RessourceFilter
from ressources.forms import AutodiagnosticForm, CartographieForm
from ressources.kit import cartographie, exemples_de_modeles
from ressources.models import FicheKit, Maturite, Profil, Ressource
from ressources.parcours import PARCOURS, intentions_for
from ressources.permissions import get_ressource_to_view_or_404

RESSOURCES_PAR_PAGE = 20
RESSOURCES_LIEES = 4
ALLIANCES_LIEES = 4


@login_not_required
@require_GET
@vary_on_headers("HX-Request")
def ressource_list(request: HttpRequest) -> HttpResponse:
    filterset = RessourceFilter(request.GET, queryset=Ressource.objects.published())
    page = filterset.paginate(
        filterset.qs.for_listing(), RESSOURCES_PAR_PAGE, request.GET.get("page")
    )
    return render(
        request,
        page_or_fragment(request, "ressources/ressource_list.html"),
        {
            "filter": filterset,
            "page": page,
            "facettes": filterset.facet_groups(),
            "elargissements": elargissements_si_vide(page, filterset.form, request),
            "profils": PARCOURS,
        },
        status=search_status(request, filterset.form),
    )


@login_not_required
@require_GET
def parcours(request: HttpRequest, profil: str) -> HttpResponse:
    """Second step of the guided entry: « je suis… » chosen, « je veux… » offers filtered views
    of the library, each with how many resources it holds."""
    if profil not in Profil.values:
        raise Http404
    intentions = intentions_for(profil)
    for intention in intentions:
        intention.total = Ressource.objects.published().matching(intention.filtres).count()
    return render(
        request,
        "ressources/parcours.html",
        {
            "profil": next(p for p in PARCOURS if p.profil == profil),
            "intentions": intentions,
            "profils": PARCOURS,
        },
    )


@login_not_required
@require_GET
def autodiagnostic(request: HttpRequest) -> HttpResponse:
    """The questionnaire, then, once answered, its result on the same address: the answers are
    the query string, so the result is a link to share, and nothing is stored."""
    form = AutodiagnosticForm.from_query(request.GET)
    if not form.is_bound:
        resultat, status = None, 200
    else:
        valid = form.is_valid()
        resultat, status = (diagnose(form.cleaned_data), 200) if valid else (None, 400)
    return render(
        request,
        "ressources/autodiagnostic.html",
        {
            "form": form,
            "questions": [form[question.code] for question in QUESTIONS],
            "resultat": resultat,
            "lien": request.build_absolute_uri() if resultat else "",
        },
        status=status,
    )


@login_not_required
@require_GET
def kit(request: HttpRequest) -> HttpResponse:
    fiches = Ressource.objects.published().kit()
    return render(request, "ressources/kit.html", {"fiches": fiches})


def _alliances_liees(ressource: Ressource):
    """Published alliances of the typologies the resource is about, newest first."""
    typologies = ressource.valeurs("typologie")
    if not typologies:
        return Alliance.objects.none()
    return (
        Alliance.objects.published()
        .filter(typologie__in=typologies)
        .for_listing()
        .order_by(F("date_debut").desc(nulls_last=True), "-pk")[:ALLIANCES_LIEES]
    )


@login_not_required
@require_GET
@vary_on_headers("HX-Request")
def ressource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    ressource = get_ressource_to_view_or_404(request.user, slug)
    contenu, sections = render_contenu(ressource.contenu)
    if ressource.fiche_kit == FicheKit.CARTOGRAPHIE:
        sections.append(Section(ancre="cartographie", titre="Le tableau des outils", niveau=2))
    context = {
        "ressource": ressource,
        "contenu": contenu,
        "sommaire": sommaire(sections),
        "liees": Ressource.objects.published()
        .related_to(ressource)
        .for_listing()[:RESSOURCES_LIEES],
        "alliances": _alliances_liees(ressource),
    }
    template = "ressources/ressource_detail.html"
    if ressource.fiche_kit:
        context["fiches"] = Ressource.objects.published().kit()
    if ressource.fiche_kit == FicheKit.MODELES:
        modeles = exemples_de_modeles()
        context["modeles"] = modeles
        context["modeles_sans_exemple"] = not any(
            alliances for modele in modeles for alliances in modele.exemples.values()
        )
    if ressource.fiche_kit == FicheKit.CARTOGRAPHIE:
        form = CartographieForm(request.GET)
        maturite = form.cleaned_data["maturite"] if form.is_valid() else ""
        context["cartographie_form"] = form
        context["cartographie"] = cartographie(maturite)
        context["maturite_libelle"] = Maturite(maturite).label if maturite else ""
        template = page_or_fragment(request, template, "cartographie")
        return render(request, template, context, status=search_status(request, form))
    return render(request, template, context)


@login_not_required
@require_GET
def ressource_fichier(request: HttpRequest, slug: str) -> FileResponse:
    """The resource's document, with the type found in its content when it was uploaded: a PDF
    opens in the browser, ODT and DOCX download; never sniffed into something else."""
    ressource = get_ressource_to_view_or_404(request.user, slug)
    if not ressource.fichier or ressource.fichier_type not in EXTENSIONS:
        raise Http404
    response = FileResponse(
        ressource.fichier.open("rb"),
        content_type=ressource.fichier_type,
        as_attachment=ressource.fichier_type != PDF,
        filename=ressource.slug + EXTENSIONS[ressource.fichier_type],
    )
    response["X-Content-Type-Options"] = "nosniff"
    # No sandboxing Content-Security-Policy here: Chrome and Safari then refuse to show a PDF
    # inline (their viewer counts as a plugin); the type checked at upload and `nosniff` keep a
    # document from ever being read as a page of the site.
    if not ressource.is_published:
        # A staff preview: no shared cache keeps it.
        response["Cache-Control"] = "private, no-store"
    return response
