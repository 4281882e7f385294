"""Searching French text the same way everywhere.

PostgreSQL: stemmed, accent-insensitive, ranked ("coopérations" finds "coopération"), through
the `french_unaccent` configuration of migration 0001. SQLite (local use): every word, without
accents, in a normalised copy of the text kept on the row (`recherche`, written with
`territoires.models.normalize_search`); no ranking.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, models
from django.utils.text import slugify

from territoires.models import normalize_search

# PostgreSQL text search configuration: French stemming after unaccent (migration 0001).
SEARCH_CONFIG = "french_unaccent"


def words_search(queryset: models.QuerySet, text: str, *, field: str = "recherche"):
    """Every word of the text, without accents, in the normalised column."""
    for word in normalize_search(text).split():
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset


def full_text_search(queryset: models.QuerySet, text: str) -> models.QuerySet:
    """The rows that match the text, annotated with a `rang` to sort by relevance. The model
    carries `search_vector` (PostgreSQL) and `recherche` (SQLite) with the same meaning."""
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        return queryset.filter(search_vector=query).annotate(
            rang=SearchRank(models.F("search_vector"), query)
        )
    return words_search(queryset, text).annotate(
        rang=models.Value(0.0, output_field=models.FloatField())
    )


def unique_slug(model: type[models.Model], text: str) -> str:
    """A slug for a public address, from the text, with a number appended until no row of
    the model has it."""
    base = slugify(text)[:200] or model._meta.model_name
    slug, suffix = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug
