"""The pages' first texts, from pages/textes/*.md (reviewed like code); staff edit them in the
admin afterwards, and this migration never overwrites a page that exists."""

from pathlib import Path

from django.db import migrations

TEXTES = Path(__file__).resolve().parent.parent / "textes"

TITRES = {
    "mentions-legales": "Mentions légales",
    "donnees-personnelles": "Données personnelles",
    "conditions-generales": "Conditions générales d'utilisation",
    "accessibilite": "Déclaration d'accessibilité",
}


def load(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    for slug, titre in TITRES.items():
        contenu = (TEXTES / f"{slug}.md").read_text(encoding="utf-8")
        Page.objects.get_or_create(slug=slug, defaults={"titre": titre, "contenu": contenu})


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_pages_et_acceptations")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
