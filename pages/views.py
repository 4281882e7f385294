from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from pages.models import Page
from pages.services import cgu_accept


@login_not_required
@require_GET
def page(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(Page, slug=slug)
    return render(
        request,
        "pages/page.html",
        {
            "page": page,
            "settings_editeur": settings.EDITEUR,
            "settings_direction": settings.DIRECTION_PUBLICATION,
            "settings_hebergeur": settings.HEBERGEUR,
            "settings_contact": settings.CONTACT_EMAIL,
            "settings_dpo": settings.DPO_EMAIL,
            "conservation": settings.CONSERVATION,
        },
    )


def _suivant(request: HttpRequest) -> str:
    """Where to go back after accepting: a path of this site only."""
    suivant = request.POST.get("suivant") or request.GET.get("suivant") or "/"
    if not url_has_allowed_host_and_scheme(
        suivant, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return suivant


@require_http_methods(["GET", "POST"])
def cgu_accepter(request: HttpRequest) -> HttpResponse:
    """The conditions générales in force, and the button that accepts them."""
    cgu = Page.objects.filter(slug=Page.Slug.CGU).first()
    if cgu is None:
        raise Http404
    if request.method == "POST":
        cgu_accept(request.user)
        return redirect(_suivant(request))
    return render(
        request,
        "pages/cgu_accepter.html",
        {"page": cgu, "suivant": _suivant(request), "a_accepter": request.user.cgu_a_accepter},
    )


@login_not_required
@require_GET
def plan_du_site(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/plan_du_site.html", {"pages": Page.objects.all()})


@login_not_required
@require_GET
def contact(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/contact.html",
        {"contact": settings.CONTACT_EMAIL, "dpo": settings.DPO_EMAIL},
    )
