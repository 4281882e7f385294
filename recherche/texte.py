"""Searching French text the same way everywhere.

PostgreSQL: the `search_vector` of a row, made with the `french_unaccent` configuration of
migration 0001 (accents removed, then French stemming), GIN-indexed and ranked.

SQLite (local use): the same words in `recherche`, a copy of the text kept on the row by
`search_text()`, which makes each word the lexeme PostgreSQL would index: lowercase, without
accents, without the stop words, stemmed by the same Snowball French stemmer. « Éducation »,
« education » and « EDUCATION » all become `educ`, « jeune » and « jeunes » `jeun`. A query
then finds, word for word, what PostgreSQL finds, with no ranking. Both databases are checked
against one corpus (tests/recherche/test_corpus.py).
"""

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, models
from django.db.models import Q
from django.utils.text import slugify

from territoires.models import normalize_search

# PostgreSQL text search configuration: French stemming after unaccent (migration 0001).
SEARCH_CONFIG = "french_unaccent"

# The stop words PostgreSQL's French dictionary drops. It compares them with the word once
# unaccented, so its entries with accents (« été », « même ») never match and are left out:
# PostgreSQL indexes « été » as `ete` and « à » as `a`.
_STOP_WORDS = """
    au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me mes moi
    mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu
    un une vos votre vous c d j l m n s t y suis es est sommes sont serai seras sera serons
    serez seront serais serait serions seriez seraient fus fut furent sois soit soyons soyez
    soient fusse fusses fussions fussiez fussent ayant ayante ayantes ayants eu eue eues eus ai
    as avons avez ont aurai auras aura aurons aurez auront aurais aurait aurions auriez
    auraient avais avait avions aviez avaient eut eurent aie aies ait ayons ayez aient eusse
    eusses eussions eussiez eussent
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# Letters that unaccent spells out and that Unicode's canonical decomposition keeps whole (the
# compatibility one would also turn « m² » into « m2 », which PostgreSQL does not).
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ﬁ": "fi", "ﬂ": "fl"})
# A word as PostgreSQL's parser reads it: letters and digits, possibly joined by hyphens
# (« Rhône-Alpes » is indexed whole and by its parts); anything else separates words.
WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")

_local = threading.local()


def _stem(word: str) -> str:
    # A Snowball stemmer keeps state while it works: one per thread.
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("french")
    return stemmer.stemWord(word)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower().translate(LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Texts repeat their words: bench_generate writes a million rows from a few hundred of them.
@lru_cache(maxsize=200_000)
def _lexeme(word: str) -> str | None:
    """One word's lexeme: None for a stop word; numbers and words with digits are kept as they
    are (PostgreSQL's `simple` dictionary), other words stemmed."""
    if word in STOP_WORDS:
        return None
    if any(c.isdigit() for c in word):
        return word
    return _stem(word)


def lexemes(text: str) -> list[str]:
    """The lexemes of a text, in order, as `to_tsvector('french_unaccent', text)` has them."""
    found = []
    for token in WORD.findall(_fold(text)):
        parts = token.split("-")
        if len(parts) > 1 and token.replace("-", "").isalpha():
            found.append(_lexeme(token))
        found.extend(_lexeme(part) for part in parts)
    return [lexeme for lexeme in found if lexeme]


def search_text(*texts: str) -> str:
    """What `recherche` holds: each lexeme of the texts once, between spaces, so that a word is
    matched whole (`contains " jeun "`)."""
    unique = dict.fromkeys(lexeme for text in texts if text for lexeme in lexemes(text))
    return f" {' '.join(unique)} " if unique else ""


def _sqlite_condition(text: str) -> Q | None:
    """The SQLite twin of `websearch_to_tsquery`: every word required, « -mot » excluded,
    « a or b » either one; a quoted phrase counts as its words (PostgreSQL wants them in that
    order). None when no word is left
    (only stop words): PostgreSQL then finds nothing."""
    groups: list[list[tuple[bool, list[str]]]] = []
    join_next = False
    for raw in text.replace('"', " ").split():
        if raw.lower() == "or":
            join_next = bool(groups)
            continue
        negated = raw.startswith("-")
        words = lexemes(raw.lstrip("-"))
        if not words:
            continue
        if join_next:
            groups[-1].append((negated, words))
        else:
            groups.append([(negated, words)])
        join_next = False
    condition = None
    for group in groups:
        either = None
        for negated, words in group:
            term = Q()
            for word in words:
                term &= Q(recherche__contains=f" {word} ")
            term = ~term if negated else term
            either = term if either is None else either | term
        condition = either if condition is None else condition & either
    return condition


def full_text_search(queryset: models.QuerySet, text: str) -> models.QuerySet:
    """The rows that match the text, annotated with a `rang` to sort by relevance. The model
    carries `search_vector` (PostgreSQL) and `recherche` (SQLite) with the same words.

    A hyphen inside a word joins nothing in a query: « jardins-solidaires » asks for both
    words, wherever they are (PostgreSQL would otherwise want that very compound). A blank
    text filters nothing; a text of stop words only (« de la ») finds nothing, on both."""
    text = INNER_HYPHEN.sub(" ", text)
    if not text.strip():
        return queryset.annotate(rang=models.Value(0.0, output_field=models.FloatField()))
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        return queryset.filter(search_vector=query).annotate(
            rang=SearchRank(models.F("search_vector"), query)
        )
    queryset = queryset.annotate(rang=models.Value(0.0, output_field=models.FloatField()))
    condition = _sqlite_condition(text)
    return queryset.none() if condition is None else queryset.filter(condition)


def words_search(queryset: models.QuerySet, text: str, *, field: str):
    """Every word of the text, without accents, inside a normalised column (`normalize_search`):
    what suggestions need while a name is being typed (« jard » finds « Jardins »)."""
    for word in normalize_search(text).split():
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset


def unique_slug(model: type[models.Model], text: str) -> str:
    """A slug for a public address, from the text, with a number appended until no row of
    the model has it."""
    base = slugify(text)[:200] or model._meta.model_name
    slug, suffix = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug
