"""Writes on resources. Staff edit them in the admin, which calls these after saving the row."""

from django.contrib.postgres.search import SearchVector
from django.db import connection, models, transaction
from django.db.models import Case, Value, When

from recherche.texte import SEARCH_CONFIG
from ressources.models import AXES, Categorie, Etiquette, Ressource


@transaction.atomic
def ressource_etiquettes_set(*, ressource: Ressource, valeurs: dict[str, list[str]]) -> None:
    """Replace the resource's profils, objectifs and typologies (the axes given) by these
    values; values outside an axis' choices are refused."""
    for axe, values in valeurs.items():
        allowed = set(AXES[axe].values)
        unknown = set(values) - allowed
        if unknown:
            raise ValueError(f"valeurs inconnues pour {axe} : {sorted(unknown)}")
        ressource.etiquettes.filter(axe=axe).exclude(valeur__in=values).delete()
        existing = set(ressource.etiquettes.filter(axe=axe).values_list("valeur", flat=True))
        Etiquette.objects.bulk_create(
            Etiquette(ressource=ressource, axe=axe, valeur=value)
            for value in values
            if value not in existing
        )


def ressources_refresh_search(ressource_ids) -> None:
    """Recompute the PostgreSQL search vectors of these resources (title A, summary and
    category B, content and editor C). Nothing to do on SQLite, which reads `recherche`."""
    if connection.vendor != "postgresql":
        return
    categorie = Case(
        *(When(categorie=value, then=Value(label)) for value, label in Categorie.choices),
        output_field=models.TextField(),
    )
    Ressource.objects.filter(pk__in=ressource_ids).update(
        search_vector=SearchVector("titre", weight="A", config=SEARCH_CONFIG)
        + SearchVector("resume", categorie, weight="B", config=SEARCH_CONFIG)
        + SearchVector("contenu", "editeur_nom", weight="C", config=SEARCH_CONFIG)
    )


def ressources_reindex(ressource_ids) -> None:
    """Recompute both search texts of these resources."""
    rows = list(Ressource.objects.filter(pk__in=ressource_ids))
    for ressource in rows:
        ressource.refresh_recherche()
    Ressource.objects.bulk_update(rows, ["recherche"], batch_size=500)
    ressources_refresh_search([ressource.pk for ressource in rows])


@transaction.atomic
def ressource_save(
    *, ressource: Ressource, valeurs: dict[str, list[str]] | None = None
) -> Ressource:
    """Save a resource with its search text, then its axes and its search vector."""
    ressource.refresh_recherche()
    ressource.save()
    if valeurs is not None:
        ressource_etiquettes_set(ressource=ressource, valeurs=valeurs)
    ressources_refresh_search([ressource.pk])
    return ressource
