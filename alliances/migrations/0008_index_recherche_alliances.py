"""PostgreSQL only: indexes measured on the national benchmark (1.2 million alliances, see the
`bench` command). Partial on published alliances, the only ones the public pages read.

- newest first: the default order of the search page (page 50: 2,953 → 4 ms);
- (typologie, état, région): their facet counts read the index only (1,235 → 69 ms);
- (longitude, latitude) with slug and titre: the map's bounding box without the table.
"""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS alliance_publiee_date ON alliances_alliance "
    "(date_debut DESC NULLS LAST, id DESC) WHERE statut = 'publiee'",
    "CREATE INDEX IF NOT EXISTS alliance_publiee_facettes ON alliances_alliance "
    "(typologie, etat, region_id) WHERE statut = 'publiee'",
    "CREATE INDEX IF NOT EXISTS alliance_publiee_carte ON alliances_alliance "
    "(longitude, latitude) INCLUDE (slug, titre) WHERE statut = 'publiee'",
]
BACKWARD = [
    "DROP INDEX IF EXISTS alliance_publiee_date",
    "DROP INDEX IF EXISTS alliance_publiee_facettes",
    "DROP INDEX IF EXISTS alliance_publiee_carte",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("alliances", "0007_index_alliances_par_departement")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
