"""PostgreSQL only: the offres' French full-text vector is GIN-indexed like the alliances' one,
and the public list reads open published offres, newest first, from a partial index. SQLite
(local use) searches the normalised `recherche` column instead."""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS offre_search_vector_gin ON offres_offre USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS offre_visible_date ON offres_offre (created_at DESC, id DESC) "
    "WHERE statut = 'publiee' AND etat = 'ouverte'",
]
BACKWARD = [
    "DROP INDEX IF EXISTS offre_search_vector_gin",
    "DROP INDEX IF EXISTS offre_visible_date",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("offres", "0001_offres_mises_en_relation_alertes"),
        ("recherche", "0001_configuration_francaise"),
    ]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
