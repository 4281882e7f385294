"""The resource library and the « ODD 17 en pratique » kit (DESIGN.md §4).

A resource is described along three multi-valued axes (profils, objectifs, typologies). They are
rows of one small `Etiquette` table rather than three lookup tables: the values are fixed by the
product (choices in code), filters read `EXISTS (…)` on an index, and a facet counts one column.
"""

import uuid
from pathlib import PurePath

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from nomenclatures.models import ODD, Domaine, Typologie
from organisations.models import Organisation
from recherche.texte import full_text_search, search_text
from ressources.fichiers import LIBELLES


class Categorie(models.TextChoices):
    FICHE_KIT = "fiche_kit", "fiche du kit"
    GUIDE = "guide", "guide"
    ETUDE = "etude", "étude"
    OUTIL = "outil", "outil"
    WEBINAIRE = "webinaire", "webinaire"
    TEMOIGNAGE = "temoignage", "témoignage"
    MODELE = "modele", "modèle de document"


class Format(models.TextChoices):
    PAGE = "page", "page"
    PDF = "pdf", "PDF"
    VIDEO = "video", "vidéo"
    LIEN = "lien", "lien"


class Maturite(models.TextChoices):
    DECOUVRIR = "decouvrir", "découvrir"
    S_ENGAGER = "s_engager", "s'engager"
    APPROFONDIR = "approfondir", "approfondir"


class Profil(models.TextChoices):
    ASSOCIATION = "association", "association"
    ENTREPRISE = "entreprise", "entreprise"
    COLLECTIVITE = "collectivite", "collectivité"
    CITOYEN = "citoyen", "citoyen"
    CATALYSEUR = "catalyseur", "catalyseur territorial"


class Objectif(models.TextChoices):
    S_INFORMER = "s_informer", "s'informer"
    SE_FORMER = "se_former", "se former"
    AGIR = "agir", "agir"
    EVALUER = "evaluer", "évaluer"


class FicheKit(models.TextChoices):
    """The four fiches of the kit, in reading order; the last two have generated parts."""

    ARGUMENTAIRE = "argumentaire", "pourquoi et comment faire alliance"
    MODELES = "modeles", "la diversité des modèles de partenariat"
    CO_CONSTRUCTION = "co_construction", "co-construire en territoire"
    CARTOGRAPHIE = "cartographie", "cartographie des outils"


# Axis name → its choices. The axis names are also the filter names of the library.
AXES = {
    "profil": Profil,
    "objectif": Objectif,
    "typologie": Typologie,
}


class RessourceQuerySet(models.QuerySet):
    def published(self):
        """Flagged as published, with a publication date that has come."""
        return self.filter(publiee=True, publiee_le__lte=timezone.localdate())

    def visible_to(self, user):
        if user.is_authenticated and user.is_staff:
            return self
        return self.published()

    def outils(self):
        """The library's tools: everything but the kit's own fiches."""
        return self.exclude(categorie=Categorie.FICHE_KIT)

    def kit(self):
        """The fiches of the kit « ODD 17 en pratique », in reading order."""
        return self.exclude(fiche_kit="").order_by("ordre", "pk")

    def with_etiquette(self, axe: str, valeur: str):
        return self.filter(
            Exists(Etiquette.objects.filter(ressource=OuterRef("pk"), axe=axe, valeur=valeur))
        )

    def matching(self, filtres: dict[str, str]):
        """Resources matching these filters of the library ({"profil": "entreprise", …})."""
        queryset = self
        for name, value in filtres.items():
            if name in AXES:
                queryset = queryset.with_etiquette(name, value)
            else:
                queryset = queryset.filter(**{name: value})
        return queryset

    def related_to(self, ressource: "Ressource"):
        """Other resources sharing profils, objectifs or typologies with this one (uses its
        prefetched étiquettes), the most shared first, then the newest."""
        pairs = Q()
        for etiquette in ressource.etiquettes.all():
            pairs |= Q(etiquettes__axe=etiquette.axe, etiquettes__valeur=etiquette.valeur)
        if not pairs:
            return self.none()
        return (
            self.exclude(pk=ressource.pk)
            .annotate(communs=models.Count("etiquettes", filter=pairs))
            .filter(communs__gt=0)
            .order_by("-communs", models.F("publiee_le").desc(), "-pk")
        )

    def search(self, text: str):
        """French full-text search, annotated with a `rang` (see recherche.texte)."""
        return full_text_search(self, text)

    def for_listing(self):
        return self.prefetch_related("etiquettes")

    def for_detail(self):
        return self.select_related("editeur_organisation").prefetch_related(
            "etiquettes", "domaines", "odd"
        )


def chemin_fichier(ressource: "Ressource", filename: str) -> str:
    """An unguessable name: the media folder is public (a web server serves it), and a document
    must not be found there before its resource is published. The extension was checked
    against the content, so a server that types files by extension types them right."""
    return f"ressources/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Ressource(models.Model):
    titre = models.CharField("titre", max_length=200)
    slug = models.SlugField("slug", max_length=220, unique=True)
    resume = models.TextField(
        "résumé", max_length=600, help_text="Deux ou trois phrases, montrées dans les listes."
    )
    contenu = models.TextField(
        "contenu",
        blank=True,
        help_text="Markdown : les titres « ## » et « ### » forment le sommaire de la page.",
    )
    categorie = models.CharField("catégorie", max_length=20, choices=Categorie.choices)
    format = models.CharField("format", max_length=10, choices=Format.choices)
    maturite = models.CharField("maturité", max_length=15, choices=Maturite.choices)
    domaines = models.ManyToManyField(Domaine, verbose_name="domaines d'action", blank=True)
    odd = models.ManyToManyField(ODD, verbose_name="ODD", blank=True)

    fichier = models.FileField("fichier", upload_to=chemin_fichier, blank=True)
    # Detected from the content when the file was checked, then used to serve it.
    fichier_type = models.CharField("type du fichier", max_length=100, blank=True, editable=False)
    lien = models.URLField("lien externe", max_length=500, blank=True)

    editeur_organisation = models.ForeignKey(
        Organisation,
        verbose_name="éditeur (organisation de la plateforme)",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ressources",
    )
    editeur_nom = models.CharField(
        "éditeur (texte libre)",
        max_length=200,
        blank=True,
        help_text="Quand l'éditeur n'est pas une organisation de la plateforme.",
    )
    publiee_le = models.DateField("date de publication", default=timezone.localdate)
    publiee = models.BooleanField("publiée", default=False, db_index=True)

    fiche_kit = models.CharField(
        "fiche du kit « ODD 17 en pratique »",
        max_length=20,
        choices=FicheKit.choices,
        blank=True,
    )
    ordre = models.PositiveSmallIntegerField("ordre dans le kit", default=0)

    recherche = models.TextField("texte de recherche normalisé", editable=False, default="")
    # PostgreSQL only, like Alliance.search_vector: GIN-indexed by a migration SQLite skips.
    search_vector = SearchVectorField("vecteur de recherche", null=True, editable=False)
    is_demo = models.BooleanField("démonstration", default=False)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = RessourceQuerySet.as_manager()

    class Meta:
        verbose_name = "ressource"
        verbose_name_plural = "ressources"
        ordering = ["-publiee_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fichier="") | Q(lien=""), name="ressource_fichier_ou_lien"
            ),
            models.UniqueConstraint(
                fields=["fiche_kit"], condition=~Q(fiche_kit=""), name="ressource_fiche_kit_unique"
            ),
            models.CheckConstraint(
                condition=Q(fiche_kit="") | Q(categorie="fiche_kit"),
                name="ressource_fiche_kit_categorie",
            ),
        ]
        indexes = [
            models.Index(fields=["publiee", "-publiee_le"], name="ressource_publiee_date"),
        ]

    def __str__(self) -> str:
        return self.titre

    def get_absolute_url(self) -> str:
        return reverse("ressources:ressource_detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.publiee and self.publiee_le <= timezone.localdate()

    @property
    def editeur(self) -> str:
        if self.editeur_organisation_id:
            return self.editeur_organisation.nom
        return self.editeur_nom

    @property
    def fichier_libelle(self) -> str:
        return LIBELLES.get(self.fichier_type, "document")

    def valeurs(self, axe: str) -> list[str]:
        """The values of one axis, in the order of its choices (uses the prefetched rows)."""
        present = {e.valeur for e in self.etiquettes.all() if e.axe == axe}
        return [value for value in AXES[axe].values if value in present]

    def libelles(self, axe: str) -> list[str]:
        labels = dict(AXES[axe].choices)
        return [labels[value] for value in self.valeurs(axe)]

    @property
    def profils(self) -> list[str]:
        return self.libelles("profil")

    @property
    def objectifs(self) -> list[str]:
        return self.libelles("objectif")

    @property
    def typologies(self) -> list[str]:
        return self.libelles("typologie")

    def refresh_recherche(self) -> None:
        words = [self.titre, self.resume, self.contenu, self.get_categorie_display()]
        if self.editeur_nom:
            words.append(self.editeur_nom)
        self.recherche = search_text(*words)


class Etiquette(models.Model):
    """One value of one axis (profil, objectif, typologie) for a resource."""

    AXE_CHOICES = [(name, name) for name in AXES]

    ressource = models.ForeignKey(
        Ressource, verbose_name="ressource", on_delete=models.CASCADE, related_name="etiquettes"
    )
    axe = models.CharField("axe", max_length=10, choices=AXE_CHOICES)
    valeur = models.CharField("valeur", max_length=30)

    class Meta:
        verbose_name = "étiquette"
        verbose_name_plural = "étiquettes"
        constraints = [
            models.UniqueConstraint(fields=["ressource", "axe", "valeur"], name="etiquette_unique"),
        ]
        indexes = [models.Index(fields=["axe", "valeur", "ressource"], name="etiquette_valeur")]

    def __str__(self) -> str:
        return f"{self.axe} : {self.valeur}"
