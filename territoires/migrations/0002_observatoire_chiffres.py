from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("territoires", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ObservatoireMiseAJour",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("refreshed_at", models.DateTimeField(verbose_name="calculés le")),
                ("duree_ms", models.PositiveIntegerField(default=0, verbose_name="durée du calcul (ms)")),
            ],
            options={
                "verbose_name": "mise à jour de l'observatoire",
                "verbose_name_plural": "mises à jour de l'observatoire",
            },
        ),
        migrations.CreateModel(
            name="ChiffreAlliance",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("dimension", models.CharField(choices=[("total", "ensemble"), ("etat", "état"), ("odd", "ODD"), ("partenaires", "types de partenaires"), ("region", "région"), ("departement", "département")], max_length=12, verbose_name="dimension")),
                ("valeur", models.CharField(blank=True, max_length=60, verbose_name="valeur")),
                ("typologie", models.CharField(max_length=30, verbose_name="typologie")),
                ("domaine", models.CharField(blank=True, max_length=30, verbose_name="domaine")),
                ("annee", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="année de début")),
                ("nombre", models.PositiveIntegerField(verbose_name="nombre d'alliances")),
            ],
            options={
                "verbose_name": "chiffre des alliances",
                "verbose_name_plural": "chiffres des alliances",
                "indexes": [
                    models.Index(fields=["dimension", "domaine", "valeur"], name="chiffre_alliance_dim"),
                    models.Index(fields=["dimension", "valeur"], name="chiffre_alliance_lieu"),
                ],
            },
        ),
        migrations.CreateModel(
            name="ChiffreOrganisation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("dimension", models.CharField(choices=[("total", "ensemble"), ("region", "région"), ("departement", "département")], max_length=12, verbose_name="dimension")),
                ("valeur", models.CharField(blank=True, max_length=3, verbose_name="valeur")),
                ("kind", models.CharField(max_length=20, verbose_name="type de structure")),
                ("domaine", models.CharField(blank=True, max_length=30, verbose_name="domaine")),
                ("nombre", models.PositiveIntegerField(verbose_name="nombre d'organisations")),
            ],
            options={
                "verbose_name": "chiffre des organisations",
                "verbose_name_plural": "chiffres des organisations",
                "indexes": [models.Index(fields=["dimension", "domaine", "valeur"], name="chiffre_orga_dim")],
            },
        ),
    ]
