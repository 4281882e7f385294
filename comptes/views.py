"""The sign-up page: allauth's, with a duplicate address that arrives twice at once answered
like any duplicate (a form error), never a 500; and the account's rights: a copy of its data,
its deletion."""

from allauth.account import views as allauth_views
from allauth.account.adapter import get_adapter
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_GET, require_http_methods

from comptes import donnees, droits
from comptes.models import ExportDonnees


class SignupView(allauth_views.SignupView):
    def form_valid(self, form):
        # The form checked that the address is free, but another sign-up with the same address
        # may commit in between: the unique index then refuses this one, and the person sees
        # the message the form gives for an address already in use.
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except IntegrityError:
            form.add_error("email", get_adapter().error_messages["email_taken"])
            return self.form_invalid(form)


signup = SignupView.as_view()


# The account's rights (issue 18) -----------------------------------------------------------------


class SuppressionForm(forms.Form):
    password = forms.CharField(
        label="Votre mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Saisissez votre mot de passe pour confirmer."},
    )
    confirmation = forms.BooleanField(
        label="J'ai lu ce qui va se passer et je supprime mon compte.",
        error_messages={"required": "Cochez la case pour confirmer la suppression."},
    )


@require_http_methods(["GET", "POST"])
def mes_donnees(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        droits.donnees_export_request(by=request.user)
        messages.success(
            request,
            "C'est demandé : vous recevrez par courriel le lien de vos données dans quelques "
            "minutes. Il restera valable sept jours.",
        )
        return redirect("mes_donnees")
    exports = ExportDonnees.objects.filter(user=request.user, expire_le__gt=timezone.now())
    return render(
        request,
        "comptes/mes_donnees.html",
        {"exports": exports, "rubriques": [r.titre for r in donnees.rubriques()]},
    )


@require_GET
def mes_donnees_export(request: HttpRequest, jeton: str) -> HttpResponse:
    """The copy, for its owner only (the link alone is not enough): a readable page, or the
    JSON file with ?format=json."""
    export = ExportDonnees.objects.filter(jeton=jeton, user=request.user).first()
    if export is None or export.pret_le is None:
        raise Http404
    if export.expire_le <= timezone.now():
        return render(request, "comptes/mes_donnees_expire.html", status=410)
    if request.GET.get("format") == "json":
        response = JsonResponse(
            export.contenu, json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
        response["Content-Disposition"] = 'attachment; filename="mes-donnees-alliances.json"'
        return response
    rubriques = [
        {"name": r["name"], "titre": r["titre"], "html": _html(r["donnees"])}
        for r in export.contenu["rubriques"]
    ]
    return render(
        request, "comptes/mes_donnees_export.html", {"export": export, "rubriques": rubriques}
    )


def _html(valeur) -> str:
    """A value of the copy as HTML, whatever its shape (rows, a dict, a plain value); every
    text escaped."""
    if isinstance(valeur, dict):
        return format_html(
            "<dl>{}</dl>",
            format_html_join(
                "",
                '<dt class="fr-text--bold">{}</dt><dd>{}</dd>',
                ((cle, _html(v)) for cle, v in valeur.items()),
            ),
        )
    if isinstance(valeur, list):
        if not valeur:
            return "aucune"
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((_html(v),) for v in valeur))
        )
    if valeur is None or valeur == "":
        return "—"
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    return format_html("{}", valeur)


@require_http_methods(["GET", "POST"])
def compte_supprimer(request: HttpRequest) -> HttpResponse:
    form = SuppressionForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            droits.account_delete(user=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            form.add_error("password", error)
        else:
            logout(request)
            messages.success(
                request,
                "Votre compte est supprimé. Les messages que vous avez envoyés restent lisibles "
                "par leurs destinataires, signés « compte supprimé ».",
            )
            return redirect("accueil")
    return render(
        request,
        "comptes/compte_supprimer.html",
        {"form": form, "consequences": donnees.consequences_for(request.user)},
        status=200,
    )
