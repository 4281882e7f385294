"""The directory /acteurs/ searched like the alliances (issue 15): a French full-text vector
on PostgreSQL, GIN-indexed (configuration `french_unaccent`, recherche 0001), and the name
without accents that the suggestions read, filled here. The vectors and SQLite's words are
computed by `manage.py recherche_reindex`, which recomputes every search text."""

import django.contrib.postgres.search
from django.db import migrations, models

from territoires.models import normalize_search

FORWARD = [
    "CREATE INDEX IF NOT EXISTS organisation_search_vector_gin "
    "ON organisations_organisation USING gin (search_vector)",
]
BACKWARD = ["DROP INDEX IF EXISTS organisation_search_vector_gin"]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


def fill_nom_recherche(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    rows = list(Organisation.objects.only("nom"))
    for organisation in rows:
        organisation.nom_recherche = normalize_search(organisation.nom)
    Organisation.objects.bulk_update(rows, ["nom_recherche"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0002_historique_membres_et_identite"),
        ("recherche", "0001_configuration_francaise"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="nom_recherche",
            field=models.CharField(
                default="",
                editable=False,
                max_length=200,
                verbose_name="nom normalisé pour les suggestions",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="vecteur de recherche"
            ),
        ),
        migrations.RunPython(run(FORWARD), run(BACKWARD)),
        migrations.RunPython(fill_nom_recherche, migrations.RunPython.noop),
    ]
