"""The INSEE referential: régions, départements, EPCI and communes, with their official codes.

Rows are keyed by their official code and updated in place by `load_territoires`, so the
primary keys other tables point to never change when a newer referential is loaded.
"""

import unicodedata

from django.db import models
from django.db.models import F, Q
from django.urls import reverse


def normalize_search(text: str) -> str:
    """Lowercase, strip accents, turn hyphens and apostrophes into spaces.

    "Saint-Étienne" and "saint etienne" both become "saint etienne"; the stored
    `nom_recherche` and the typed query go through the same function. Every search of the
    platform normalises this way (recherche.texte); it lives here, in the lowest app that
    needs it, because the referential imports no other app of ours.
    """
    decomposed = unicodedata.normalize("NFKD", text.lower())
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    for separator in "-'’":
        without_accents = without_accents.replace(separator, " ")
    return " ".join(without_accents.split())


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=3, unique=True)
    nom = models.CharField("nom", max_length=100)
    slug = models.SlugField("slug", max_length=120, unique=True)
    chef_lieu = models.CharField("chef-lieu (code INSEE)", max_length=5, blank=True)
    population = models.PositiveIntegerField("population", default=0)

    class Meta:
        verbose_name = "région"
        verbose_name_plural = "régions"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom

    def get_absolute_url(self) -> str:
        return reverse("territoires:region", kwargs={"slug": self.slug})


class Departement(models.Model):
    code = models.CharField("code INSEE", max_length=3, unique=True)
    nom = models.CharField("nom", max_length=100)
    slug = models.SlugField("slug", max_length=120, unique=True)
    region = models.ForeignKey(
        Region,
        verbose_name="région",
        on_delete=models.PROTECT,
        to_field="code",
        related_name="departements",
    )
    chef_lieu = models.CharField("chef-lieu (code INSEE)", max_length=5, blank=True)
    population = models.PositiveIntegerField("population", default=0)

    class Meta:
        verbose_name = "département"
        verbose_name_plural = "départements"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.nom} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("territoires:departement", kwargs={"slug": self.slug})


class EPCI(models.Model):
    class Nature(models.TextChoices):
        CC = "CC", "communauté de communes"
        CA = "CA", "communauté d'agglomération"
        CU = "CU", "communauté urbaine"
        METRO = "METRO", "métropole"
        MET69 = "MET69", "métropole de Lyon"

    siren = models.CharField("SIREN", max_length=9, unique=True)
    nom = models.CharField("nom", max_length=200)
    slug = models.SlugField("slug", max_length=220, unique=True)
    nature = models.CharField("nature", max_length=5, choices=Nature.choices)
    population = models.PositiveIntegerField("population", null=True, blank=True)
    actuel = models.BooleanField(
        "actuel",
        default=True,
        help_text="Faux quand le référentiel le plus récent ne le compte plus.",
    )

    class Meta:
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom

    def get_absolute_url(self) -> str:
        return reverse("territoires:epci", kwargs={"slug": self.slug})


class CommuneQuerySet(models.QuerySet):
    def actuelles(self):
        return self.filter(actuelle=True)

    def search(self, query: str):
        """Communes whose name starts (or has a word starting) with the query, or whose
        postal codes start with it when it is made of digits; largest population first."""
        if query.isdigit():
            condition = Q(codes_postaux__startswith=query) | Q(codes_postaux__contains=f" {query}")
            condition |= Q(code_insee=query)
        else:
            normalized = normalize_search(query)
            if not normalized:
                return self.none()
            condition = Q(nom_recherche__startswith=normalized) | Q(
                nom_recherche__contains=f" {normalized}"
            )
        # Without nulls_last, PostgreSQL would list the communes without population first.
        return (
            self.actuelles()
            .filter(condition)
            .order_by(F("population").desc(nulls_last=True), "nom")
        )


class Commune(models.Model):
    code_insee = models.CharField("code INSEE", max_length=5, unique=True)
    nom = models.CharField("nom", max_length=100)
    slug = models.SlugField("slug", max_length=120, unique=True)
    nom_recherche = models.CharField(
        "nom normalisé pour la recherche", max_length=100, db_index=True, editable=False
    )
    # Empty for the 94 communes of the collectivités d'outre-mer (Polynésie, Nouvelle-Calédonie,
    # Saint-Pierre-et-Miquelon…), which belong to none of the 101 départements.
    departement = models.ForeignKey(
        Departement,
        verbose_name="département",
        on_delete=models.PROTECT,
        to_field="code",
        null=True,
        blank=True,
        related_name="communes",
    )
    region = models.ForeignKey(
        Region,
        verbose_name="région",
        on_delete=models.PROTECT,
        to_field="code",
        null=True,
        blank=True,
        related_name="communes",
    )
    collectivite_outre_mer = models.CharField(
        "code de la collectivité d'outre-mer", max_length=3, blank=True
    )
    epci = models.ForeignKey(
        EPCI,
        verbose_name="EPCI",
        on_delete=models.SET_NULL,
        to_field="siren",
        null=True,
        blank=True,
        related_name="communes",
    )
    siren = models.CharField("SIREN", max_length=9, blank=True)
    codes_postaux = models.CharField(
        "codes postaux", max_length=300, blank=True, help_text="Séparés par une espace."
    )
    population = models.PositiveIntegerField("population", null=True, blank=True)
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    actuelle = models.BooleanField(
        "actuelle",
        default=True,
        help_text="Fausse quand la commune a disparu du référentiel (fusion) : "
        "elle reste pour les contenus qui la citent.",
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        verbose_name_plural = "communes"
        ordering = ["nom"]

    def __str__(self) -> str:
        # The foreign key holds the département's code: no query needed.
        return f"{self.nom} ({self.code_departement})"

    def get_absolute_url(self) -> str:
        return reverse("territoires:commune", kwargs={"slug": self.slug})

    @property
    def code_departement(self) -> str:
        return self.departement_id or self.collectivite_outre_mer

    @property
    def codes_postaux_list(self) -> list[str]:
        return self.codes_postaux.split()


class PlacedInCommune(models.Model):
    """A commune, and its département, région and centre copied on the row (by
    `copy_commune_place`), for join-free filters, proximity searches and the map. Alliances and
    offres are placed this way (territoires.geo computes the distances)."""

    commune = models.ForeignKey(
        Commune, verbose_name="lieu", on_delete=models.PROTECT, related_name="%(class)ss"
    )
    departement = models.ForeignKey(
        Departement,
        verbose_name="département",
        on_delete=models.PROTECT,
        to_field="code",
        null=True,
        blank=True,
        related_name="%(class)ss",
    )
    region = models.ForeignKey(
        Region,
        verbose_name="région",
        on_delete=models.PROTECT,
        to_field="code",
        null=True,
        blank=True,
        related_name="%(class)ss",
    )
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)

    class Meta:
        abstract = True

    def copy_commune_place(self) -> None:
        self.departement_id = self.commune.departement_id
        self.region_id = self.commune.region_id
        self.latitude = self.commune.latitude
        self.longitude = self.commune.longitude
