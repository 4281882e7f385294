"""The charter's public page, and the page where an organisation's admin signs it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from chartes.forms import SignatureForm
from chartes.models import Charte, SignatureCharte
from chartes.permissions import get_organisation_to_sign_or_404
from chartes.services import charte_sign
from organisations.models import Membre, Organisation


@login_not_required
@require_GET
def charte(request: HttpRequest) -> HttpResponse:
    """The version in force, how many organisations signed it, and for a logged-in admin where
    each of their organisations stands."""
    en_vigueur = Charte.objects.en_vigueur()
    mes_organisations = []
    if request.user.is_authenticated:
        mes_organisations = (
            Membre.objects.filter(user=request.user, role=Membre.Role.ADMIN)
            .select_related("organisation")
            .order_by("organisation__nom")
        )
    return render(
        request,
        "chartes/charte.html",
        {
            "charte": en_vigueur,
            "signataires": Organisation.objects.published()
            .filter(charte_signee_le__isnull=False)
            .count(),
            "mes_organisations": [m.organisation for m in mes_organisations],
        },
    )


@require_http_methods(["GET", "POST"])
def signer(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_to_sign_or_404(request.user, slug)
    en_vigueur = Charte.objects.en_vigueur()
    form = SignatureForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            signature = charte_sign(by=request.user, organisation=organisation)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                f"{organisation.nom} a signé la version {signature.charte.version} de la Charte "
                "du faire alliance : le badge est sur sa page.",
            )
        return redirect("chartes:signer", slug=organisation.slug)
    signatures = SignatureCharte.objects.filter(organisation=organisation).select_related("charte")
    return render(
        request,
        "chartes/signer.html",
        {
            "organisation": organisation,
            "charte": en_vigueur,
            "form": form,
            "signatures": signatures,
            "a_signe_en_vigueur": en_vigueur is not None
            and any(s.charte_id == en_vigueur.pk for s in signatures),
        },
    )
