"""PostgreSQL only: the GIN index of the alliances' French full-text vector (configuration
`french_unaccent`, recherche 0001), and partial indexes on published alliances, the only ones the
public pages read, measured on the national benchmark (1.2 million alliances, see the `bench`
command). SQLite (local use) has no NULLS LAST in indexes and searches `recherche` instead.

- by département, newest first: the related alliances of an alliance page and the territory
  pages, which would otherwise scan every alliance;
- newest first: the default order of the search page (page 50: 2,953 → 4 ms);
- (typologie, état, région): their facet counts read the index only (1,235 → 69 ms).
"""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS alliance_search_vector_gin "
    "ON alliances_alliance USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS alliance_publiee_dept_date ON alliances_alliance "
    "(departement_id, date_debut DESC NULLS LAST) WHERE statut = 'publiee'",
    "CREATE INDEX IF NOT EXISTS alliance_publiee_date ON alliances_alliance "
    "(date_debut DESC NULLS LAST, id DESC) WHERE statut = 'publiee'",
    "CREATE INDEX IF NOT EXISTS alliance_publiee_facettes ON alliances_alliance "
    "(typologie, etat, region_id) WHERE statut = 'publiee'",
]
BACKWARD = [
    "DROP INDEX IF EXISTS alliance_search_vector_gin",
    "DROP INDEX IF EXISTS alliance_publiee_dept_date",
    "DROP INDEX IF EXISTS alliance_publiee_date",
    "DROP INDEX IF EXISTS alliance_publiee_facettes",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("alliances", "0001_alliances_participations_comptages"),
        ("recherche", "0001_configuration_francaise"),
    ]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
