from django.db import migrations

DOMAINES = [
    ("sante", "Santé"),
    ("alimentation", "Alimentation"),
    ("environnement", "Environnement"),
    ("education", "Éducation"),
    ("emploi-insertion", "Emploi et insertion"),
    ("culture", "Culture"),
    ("sport", "Sport"),
    ("solidarite", "Solidarité"),
    ("numerique", "Numérique"),
    ("logement", "Logement"),
    ("mobilite", "Mobilité"),
    ("jeunesse", "Jeunesse"),
    ("handicap", "Handicap"),
    ("autre", "Autre"),
]

# Short French titles of the seventeen UN Sustainable Development Goals.
ODD = [
    (1, "Pas de pauvreté"),
    (2, "Faim « zéro »"),
    (3, "Bonne santé et bien-être"),
    (4, "Éducation de qualité"),
    (5, "Égalité entre les sexes"),
    (6, "Eau propre et assainissement"),
    (7, "Énergie propre et d'un coût abordable"),
    (8, "Travail décent et croissance économique"),
    (9, "Industrie, innovation et infrastructure"),
    (10, "Inégalités réduites"),
    (11, "Villes et communautés durables"),
    (12, "Consommation et production responsables"),
    (13, "Mesures relatives à la lutte contre les changements climatiques"),
    (14, "Vie aquatique"),
    (15, "Vie terrestre"),
    (16, "Paix, justice et institutions efficaces"),
    (17, "Partenariats pour la réalisation des objectifs"),
]


def load(apps, schema_editor):
    Domaine = apps.get_model("nomenclatures", "Domaine")
    Odd = apps.get_model("nomenclatures", "ODD")
    for ordre, (code, nom) in enumerate(DOMAINES):
        Domaine.objects.update_or_create(code=code, defaults={"nom": nom, "ordre": ordre})
    for numero, nom in ODD:
        Odd.objects.update_or_create(numero=numero, defaults={"nom": nom})


class Migration(migrations.Migration):
    dependencies = [("nomenclatures", "0001_domaines_et_odd")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
