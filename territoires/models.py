"""The INSEE referential: régions, départements, EPCI and communes, with their official codes.

Rows are keyed by their official code and updated in place by `load_territoires`, so the
primary keys other tables point to never change when a newer referential is loaded.
"""

import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone


def normalize_search(text: str) -> str:
    """Lowercase, strip accents, turn hyphens and apostrophes into spaces.

    "Saint-Étienne" and "saint etienne" both become "saint etienne"; the stored
    `nom_recherche` and the typed query go through the same function.
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


# Catalyseurs ----------------------------------------------------------------------------------


class CatalyseurQuerySet(models.QuerySet):
    def actifs(self):
        return self.filter(actif=True)


class Catalyseur(models.Model):
    """A user appointed by staff to moderate one perimeter on behalf of an organisation (a
    community foundation, a CCI, a collectivité's team…). A row per appointment: a person may
    hold several, and removing one (`actif` false) takes effect on the next request."""

    class Niveau(models.TextChoices):
        NATIONAL = "national", "national"
        REGION = "region", "région"
        DEPARTEMENT = "departement", "département"
        EPCI = "epci", "EPCI"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="utilisateur",
        on_delete=models.CASCADE,
        related_name="catalyseurs",
    )
    # Lazy reference: the referential imports no other app (DESIGN.md §3).
    organisation = models.ForeignKey(
        "alliances.Organisation",
        verbose_name="pour le compte de",
        on_delete=models.PROTECT,
        related_name="catalyseurs",
    )
    niveau = models.CharField("niveau du périmètre", max_length=12, choices=Niveau.choices)
    region = models.ForeignKey(
        Region,
        verbose_name="région",
        on_delete=models.PROTECT,
        to_field="code",
        null=True,
        blank=True,
        related_name="catalyseurs",
    )
    departement = models.ForeignKey(
        Departement,
        verbose_name="département",
        on_delete=models.PROTECT,
        to_field="code",
        null=True,
        blank=True,
        related_name="catalyseurs",
    )
    epci = models.ForeignKey(
        EPCI,
        verbose_name="EPCI",
        on_delete=models.PROTECT,
        to_field="siren",
        null=True,
        blank=True,
        related_name="catalyseurs",
    )
    actif = models.BooleanField("actif", default=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="nommé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    appointed_at = models.DateTimeField("nommé le", default=timezone.now)
    ended_at = models.DateTimeField("fin de la mission", null=True, blank=True)
    # The daily digest lists the items that entered the queue since this moment.
    digest_sent_at = models.DateTimeField("dernier récapitulatif", null=True, blank=True)

    objects = CatalyseurQuerySet.as_manager()

    class Meta:
        verbose_name = "catalyseur territorial"
        verbose_name_plural = "catalyseurs territoriaux"
        ordering = ["-appointed_at"]
        constraints = [
            # Exactly the territory that the level names, and no other.
            models.CheckConstraint(
                condition=(
                    Q(
                        niveau="national",
                        region__isnull=True,
                        departement__isnull=True,
                        epci__isnull=True,
                    )
                    | Q(
                        niveau="region",
                        region__isnull=False,
                        departement__isnull=True,
                        epci__isnull=True,
                    )
                    | Q(
                        niveau="departement",
                        region__isnull=True,
                        departement__isnull=False,
                        epci__isnull=True,
                    )
                    | Q(
                        niveau="epci",
                        region__isnull=True,
                        departement__isnull=True,
                        epci__isnull=False,
                    )
                ),
                name="catalyseur_perimetre_du_niveau",
                violation_error_message=(
                    "Le périmètre doit correspondre au niveau choisi : aucun territoire pour le "
                    "niveau national, sinon la seule région, le seul département ou le seul EPCI "
                    "du niveau."
                ),
            ),
        ]
        indexes = [models.Index(fields=["user", "actif"], name="catalyseur_user_actif")]

    def __str__(self) -> str:
        return f"{self.user} — {self.perimetre_label}"

    @property
    def perimetre(self):
        return self.region or self.departement or self.epci

    @property
    def perimetre_label(self) -> str:
        if self.niveau == self.Niveau.NATIONAL:
            return "France entière"
        return f"{self.get_niveau_display()} : {self.perimetre}"


# Observatoire ---------------------------------------------------------------------------------
# Summary tables that the observatoire, the territory pages and the API read instead of counting
# a million alliances per request. `territoires.observatoire.observatoire_refresh` rewrites them
# whole (a Celery task, every hour); they hold codes, not foreign keys, so that the referential
# never depends on them.


class ChiffreAlliance(models.Model):
    """The number of published alliances in one cell: a value of one dimension (a région, an
    ODD, a combination of partner kinds…) crossed with the page filters (typologie, domaine,
    year the alliance started). `domaine` is empty on the rows that count every alliance once,
    whatever its domaines; `annee` is empty for alliances without a start date."""

    class Dimension(models.TextChoices):
        TOTAL = "total", "ensemble"
        ETAT = "etat", "état"
        ODD = "odd", "ODD"
        PARTENAIRES = "partenaires", "types de partenaires"
        REGION = "region", "région"
        DEPARTEMENT = "departement", "département"

    dimension = models.CharField("dimension", max_length=12, choices=Dimension.choices)
    valeur = models.CharField("valeur", max_length=60, blank=True)
    typologie = models.CharField("typologie", max_length=30)
    domaine = models.CharField("domaine", max_length=30, blank=True)
    annee = models.PositiveSmallIntegerField("année de début", null=True, blank=True)
    nombre = models.PositiveIntegerField("nombre d'alliances")

    class Meta:
        verbose_name = "chiffre des alliances"
        verbose_name_plural = "chiffres des alliances"
        # The national page sums one domaine's rows of several dimensions; a territory's
        # page sums every domaine's rows of its own (dimension, valeur).
        indexes = [
            models.Index(fields=["dimension", "domaine", "valeur"], name="chiffre_alliance_dim"),
            models.Index(fields=["dimension", "valeur"], name="chiffre_alliance_lieu"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.valeur} {self.typologie} {self.domaine} {self.annee}"


class ChiffreOrganisation(models.Model):
    """The number of published organisations of one kind in one place (dimension `total`, or a
    région, or a département), for one domaine or (empty) all of them."""

    class Dimension(models.TextChoices):
        TOTAL = "total", "ensemble"
        REGION = "region", "région"
        DEPARTEMENT = "departement", "département"

    dimension = models.CharField("dimension", max_length=12, choices=Dimension.choices)
    valeur = models.CharField("valeur", max_length=3, blank=True)
    kind = models.CharField("type de structure", max_length=20)
    domaine = models.CharField("domaine", max_length=30, blank=True)
    nombre = models.PositiveIntegerField("nombre d'organisations")

    class Meta:
        verbose_name = "chiffre des organisations"
        verbose_name_plural = "chiffres des organisations"
        indexes = [
            models.Index(fields=["dimension", "domaine", "valeur"], name="chiffre_orga_dim"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.valeur} {self.kind} {self.domaine}"


class ObservatoireMiseAJour(models.Model):
    """When the summary tables were last rewritten (a single row): the figures' date, and the
    `Last-Modified` of their exports."""

    refreshed_at = models.DateTimeField("calculés le")
    duree_ms = models.PositiveIntegerField("durée du calcul (ms)", default=0)

    class Meta:
        verbose_name = "mise à jour de l'observatoire"
        verbose_name_plural = "mises à jour de l'observatoire"

    def __str__(self) -> str:
        return f"Chiffres du {self.refreshed_at:%d/%m/%Y %H:%M}"
