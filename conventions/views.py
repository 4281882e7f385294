"""Conventions in the espace pro: drafting one from an alliance or a mise en relation, editing
it clause by clause, each party's validation, the documents (.odt, .pdf) and the list of my
organisations' conventions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from conventions import documents, modeles, services
from conventions.forms import (
    ClauseFormSet,
    ConventionForm,
    NouvelleConventionForm,
    ValidationForm,
    partie_formset,
)
from conventions.models import Convention
from conventions.origines import origin_for
from conventions.permissions import (
    get_convention_to_edit_or_404,
    get_convention_to_view_or_404,
    my_party_ids,
    organisations_to_validate_for,
)

FORMATS = {
    "odt": ("application/vnd.oasis.opendocument.text", documents.odt),
    "pdf": ("application/pdf", documents.pdf),
}


@require_GET
def convention_list(request: HttpRequest) -> HttpResponse:
    conventions = Convention.objects.of_user(request.user).for_listing()
    return render(request, "conventions/convention_list.html", {"conventions": conventions})


@require_http_methods(["GET", "POST"])
def convention_new(request: HttpRequest) -> HttpResponse:
    origine = origin_for(request)
    form = NouvelleConventionForm(
        request.POST if request.method == "POST" else None,
        typologie=origine.typologie,
        modalite=origine.modalite,
        prefere=origine.modele,
        initial={"titre": origine.titre, "objet": origine.objet},
    )
    if form.is_valid():
        try:
            convention, created = services.convention_create(
                by=request.user, origine=origine, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not created:
                messages.info(
                    request,
                    "Une convention existe déjà pour "
                    f"{origine.label} : la voici, rien n'a été créé de nouveau.",
                )
                return redirect(convention.get_absolute_url())
            messages.success(
                request,
                "Le projet de convention est prêt : relisez chaque clause, complétez ce qui est "
                "entre crochets, puis demandez à chaque partie de le valider.",
            )
            return redirect("conventions:convention_edit", pk=convention.pk)
    return render(
        request,
        "conventions/convention_new.html",
        {"form": form, "origine": origine, "modeles": modeles.modeles()},
    )


@require_GET
def convention_detail(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_convention_to_view_or_404(request.user, pk)
    contenu = documents.contenu(convention)
    validees = {
        v.organisation_id: v for v in convention.validations.filter(version=convention.version)
    }
    parties = [
        (partie, validees.get(partie.organisation_id)) for partie in convention.parties.actives()
    ]
    a_valider = [
        o for o in organisations_to_validate_for(request.user, convention) if o.pk not in validees
    ]
    return render(
        request,
        "conventions/convention_detail.html",
        {
            "convention": convention,
            "contenu": contenu,
            "identites": [documents.identite(p) for p in contenu["parties"]],
            "parties": parties,
            "versions": convention.versions_figees.all(),
            "form": (
                ValidationForm(initial={"version": convention.version}, organisations=a_valider)
                if convention.is_draft and a_valider
                else None
            ),
        },
    )


def _edit_forms(request: HttpRequest, convention: Convention, data=None):
    parties = list(convention.parties.actives())
    mine = my_party_ids(request.user, convention)
    return (
        ConventionForm(data, instance=convention, initial={"version": convention.version}),
        partie_formset([p.organisation_id in mine for p in parties])(
            data,
            prefix="parties",
            editables=[p.organisation_id in mine for p in parties],
            initial=[
                {"organisation": p.organisation_id}
                | {f: getattr(p, f) for f in services.PARTIE_FIELDS}
                for p in parties
            ],
        ),
        ClauseFormSet(
            data,
            prefix="clauses",
            initial=[{"titre": c.titre, "texte": c.texte} for c in convention.clauses.all()],
        ),
    )


@require_http_methods(["GET", "POST"])
def convention_edit(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_convention_to_edit_or_404(request.user, pk)
    data = request.POST if request.method == "POST" else None
    form, parties, clauses = _edit_forms(request, convention, data)
    if data is not None and all(f.is_valid() for f in (form, parties, clauses)):
        try:
            services.convention_update(
                by=request.user,
                convention=convention,
                version_lue=form.cleaned_data["version"],
                titre=form.cleaned_data["titre"],
                objet=form.cleaned_data["objet"],
                date_debut=form.cleaned_data["date_debut"],
                duree_mois=form.cleaned_data["duree_mois"],
                parties={
                    f.cleaned_data["organisation"]: f.cleaned_data
                    for f in parties.forms
                    if f.editable
                },
                clauses=[
                    (f.cleaned_data["titre"], f.cleaned_data["texte"])
                    for f in clauses.forms
                    if f.cleaned_data and not f.cleaned_data.get("DELETE")
                ],
            )
        except ValidationError as error:
            if error.code == "modifiee":
                # What was typed stays; the next save, knowingly, replaces the partner's text.
                convention.refresh_from_db()
                data = data.copy()
                data["version"] = convention.version
                form, parties, clauses = _edit_forms(request, convention, data)
                form.is_valid()
            form.add_error(None, error)
        else:
            messages.success(request, "Le projet de convention est enregistré.")
            return redirect(convention.get_absolute_url())
    return render(
        request,
        "conventions/convention_form.html",
        {"convention": convention, "form": form, "parties": parties, "clauses": clauses},
    )


@require_POST
def convention_validate(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_convention_to_view_or_404(request.user, pk)
    organisations = organisations_to_validate_for(request.user, convention)
    if not organisations:
        raise Http404
    form = ValidationForm(request.POST, organisations=organisations)
    if form.is_valid():
        organisation = next(
            o for o in organisations if str(o.pk) == form.cleaned_data["organisation"]
        )
        try:
            convention = services.convention_validate(
                by=request.user,
                convention=convention,
                organisation=organisation,
                version_lue=form.cleaned_data["version"],
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                "La convention est validée par toutes les parties : son texte est figé."
                if not convention.is_draft
                else f"{organisation.nom} a validé la version {convention.version}. Les autres "
                "parties en sont averties.",
            )
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect(convention.get_absolute_url())


@require_GET
def convention_document(request: HttpRequest, pk: int, numero: int, extension: str) -> HttpResponse:
    convention = get_convention_to_view_or_404(request.user, pk)
    contenu = documents.contenu_version(convention, numero)
    if contenu is None or extension not in FORMATS:
        raise Http404
    content_type, make = FORMATS[extension]
    try:
        fichier = make(contenu)
    except documents.PdfIndisponible:
        messages.error(
            request,
            "Le PDF ne peut pas être produit sur ce serveur pour l'instant : téléchargez la "
            "version OpenDocument (.odt), qui s'ouvre dans LibreOffice ou Word.",
        )
        return redirect(convention.get_absolute_url())
    response = HttpResponse(fichier, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{documents.filename(contenu, extension)}"'
    )
    return response
