from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce


def date_published_items(apps, schema_editor):
    """Items published before the field existed: the date of their first recorded
    publication, or their creation date when the history has none. One UPDATE per model."""
    Decision = apps.get_model("alliances", "Decision")
    for nature, name in (("alliance", "Alliance"), ("offre", "Offre")):
        first = (
            Decision.objects.filter(nature=nature, object_id=OuterRef("pk"), vers="publiee")
            .order_by("created_at")
            .values("created_at")[:1]
        )
        apps.get_model("alliances", name).objects.filter(statut="publiee").update(
            published_at=Coalesce(Subquery(first), F("created_at"))
        )


class Migration(migrations.Migration):
    dependencies = [
        ("alliances", "0011_moderation"),
    ]

    operations = [
        migrations.AddField(
            model_name="alliance",
            name="published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="publiée le"
            ),
        ),
        migrations.AddField(
            model_name="offre",
            name="published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="publiée le"
            ),
        ),
        migrations.RunPython(date_published_items, migrations.RunPython.noop),
    ]
