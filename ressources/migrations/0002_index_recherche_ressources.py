"""PostgreSQL only: GIN index on the resources' French search vector (the `french_unaccent`
configuration comes from recherche 0001). SQLite searches the normalised `recherche` column."""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS ressource_search_vector_gin "
    "ON ressources_ressource USING gin (search_vector)",
]
BACKWARD = ["DROP INDEX IF EXISTS ressource_search_vector_gin"]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("ressources", "0001_ressources_et_etiquettes"),
        ("recherche", "0001_configuration_francaise"),
    ]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
