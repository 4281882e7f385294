"""The charter's first version, from chartes/textes/charte-v1.md (reviewed like code), in force
from the migration on; later versions are written and published in the admin."""

from pathlib import Path

from django.db import migrations
from django.utils import timezone

TEXTE = Path(__file__).resolve().parent.parent / "textes" / "charte-v1.md"


def load(apps, schema_editor):
    Charte = apps.get_model("chartes", "Charte")
    if not Charte.objects.exists():
        Charte.objects.create(
            version=1, texte=TEXTE.read_text(encoding="utf-8"), publiee_le=timezone.now()
        )


class Migration(migrations.Migration):
    dependencies = [("chartes", "0001_charte_du_faire_alliance")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
