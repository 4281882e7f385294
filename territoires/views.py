"""The referential's own view: the commune autocomplete of the forms' commune field (the
territory pages are the observatoire's, observatoire/views.py)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from territoires.forms import AutocompleteForm
from territoires.models import Commune


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
