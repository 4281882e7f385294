"""Summary tables that the observatoire, the territory pages and the API read instead of
counting a million alliances per request. `observatoire.chiffres.observatoire_refresh` rewrites
them whole (a Celery task, every hour); they hold codes, not foreign keys, so that no other
table depends on them."""

from django.db import models


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
    signataires = models.PositiveIntegerField(
        "dont signataires de la charte du faire alliance", default=0
    )

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
