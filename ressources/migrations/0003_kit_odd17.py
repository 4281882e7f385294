"""The kit « ODD 17 en pratique »: its four fiches, so that every deployment has them. Their
text lives in ressources/kit/*.md; running `load` again updates them (same slugs)."""

from pathlib import Path

from django.contrib.postgres.search import SearchVector
from django.db import connection, migrations
from django.utils import timezone

from territoires.models import normalize_search

KIT = Path(__file__).resolve().parent.parent / "kit"
TOUS_LES_PROFILS = ["association", "entreprise", "collectivite", "citoyen", "catalyseur"]
TOUTES_LES_TYPOLOGIES = [
    "mecenat",
    "innovation_societale",
    "cooperation_economique",
    "pratiques_responsables",
]

FICHES = [
    {
        "fiche_kit": "argumentaire",
        "slug": "pourquoi-et-comment-faire-alliance",
        "titre": "Pourquoi et comment faire alliance",
        "resume": (
            "L'argumentaire du kit : ce qu'associations, entreprises et collectivités gagnent à "
            "coopérer, ce qu'une alliance n'est pas, et six étapes pour se lancer."
        ),
        "maturite": "decouvrir",
        "objectifs": ["s_informer", "se_former"],
    },
    {
        "fiche_kit": "modeles",
        "slug": "diversite-des-modeles-de-partenariat",
        "titre": "La diversité des modèles de partenariat",
        "resume": (
            "Mécénat, innovation sociétale, coopération économique, pratiques responsables ; "
            "contrat-échange ou contrat-alliance : choisir la bonne forme de relation, exemples "
            "à l'appui."
        ),
        "maturite": "decouvrir",
        "objectifs": ["s_informer", "se_former"],
    },
    {
        "fiche_kit": "co_construction",
        "slug": "co-construire-en-territoire",
        "titre": "Co-construire en territoire",
        "resume": (
            "Une méthode en cinq temps pour bâtir une alliance avec les acteurs d'un territoire, "
            "et le rôle des catalyseurs territoriaux qui la font vivre."
        ),
        "maturite": "s_engager",
        "objectifs": ["se_former", "agir"],
    },
    {
        "fiche_kit": "cartographie",
        "slug": "cartographie-des-outils",
        "titre": "Cartographie des outils",
        "resume": (
            "Tous les outils de la bibliothèque d'un seul coup d'œil, classés selon votre profil "
            "et ce que vous voulez faire ; le tableau se met à jour avec chaque nouvel outil."
        ),
        "maturite": "decouvrir",
        "objectifs": ["s_informer", "agir"],
    },
]


def load(apps, schema_editor):
    Ressource = apps.get_model("ressources", "Ressource")
    Etiquette = apps.get_model("ressources", "Etiquette")
    today = timezone.localdate()
    for ordre, fiche in enumerate(FICHES, start=1):
        contenu = (KIT / f"{fiche['fiche_kit']}.md").read_text(encoding="utf-8")
        ressource, created = Ressource.objects.update_or_create(
            slug=fiche["slug"],
            defaults={
                "titre": fiche["titre"],
                "resume": fiche["resume"],
                "contenu": contenu,
                "categorie": "fiche_kit",
                "format": "page",
                "maturite": fiche["maturite"],
                "fiche_kit": fiche["fiche_kit"],
                "ordre": ordre,
                "editeur_nom": "Plateforme Alliances ODD 17",
                "publiee": True,
                "recherche": normalize_search(
                    " ".join([fiche["titre"], fiche["resume"], contenu, "fiche du kit"])
                ),
            },
        )
        if created:
            ressource.publiee_le = today
            ressource.save(update_fields=["publiee_le"])
        ressource.etiquettes.all().delete()
        Etiquette.objects.bulk_create(
            [Etiquette(ressource=ressource, axe="profil", valeur=v) for v in TOUS_LES_PROFILS]
            + [Etiquette(ressource=ressource, axe="objectif", valeur=v) for v in fiche["objectifs"]]
            + [
                Etiquette(ressource=ressource, axe="typologie", valeur=v)
                for v in TOUTES_LES_TYPOLOGIES
            ]
        )
        ressource.odd.set([17])
    # Called without a schema editor by the browser tests, which reload the kit after a flush.
    vendor = (schema_editor.connection if schema_editor else connection).vendor
    if vendor == "postgresql":
        Ressource.objects.exclude(fiche_kit="").update(
            search_vector=SearchVector("titre", weight="A", config="french_unaccent")
            + SearchVector("resume", weight="B", config="french_unaccent")
            + SearchVector("contenu", "editeur_nom", weight="C", config="french_unaccent")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("ressources", "0002_index_recherche_ressources"),
        ("nomenclatures", "0002_domaines_et_odd_valeurs"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
