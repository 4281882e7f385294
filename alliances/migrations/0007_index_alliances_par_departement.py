"""PostgreSQL only (SQLite has no NULLS LAST in indexes): the published alliances of a
département, newest first, for the related alliances of an alliance page and the territory
pages, which would otherwise scan every alliance."""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS alliance_publiee_dept_date ON alliances_alliance "
    "(departement_id, date_debut DESC NULLS LAST) WHERE statut = 'publiee'",
]
BACKWARD = ["DROP INDEX IF EXISTS alliance_publiee_dept_date"]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("alliances", "0006_invitations_partenaires")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
