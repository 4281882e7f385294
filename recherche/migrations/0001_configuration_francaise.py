"""French full-text search on PostgreSQL: unaccent, trigrams, and a text search configuration
that strips accents before stemming (`french_unaccent`). Every app's search vectors and GIN
indexes use it. SQLite (local use) has none of these and searches normalised columns instead."""

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
]
BACKWARD = ["DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent"]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
