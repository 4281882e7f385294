"""French full-text search on PostgreSQL: unaccent, a text search configuration that strips
accents before stemming, and a GIN index on the alliances' search vector. SQLite (local use)
has none of these and searches the normalised `recherche` column instead."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION french_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$
    """,
    "CREATE INDEX IF NOT EXISTS alliance_search_vector_gin "
    "ON alliances_alliance USING gin (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS alliance_search_vector_gin",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("alliances", "0004_alliance_coordonnees_et_recherche")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
