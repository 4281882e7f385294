"""The vocabularies that classify alliances, offres, organisations and ressources: domaines
d'action, the seventeen ODD, and the four typologies (DESIGN.md §2).

Domaines and ODD are tables rather than choices so that every app filters and counts them the
same way, with plain joins; their rows come from migration 0002. The typologies are fixed by the
product: choices.
"""

from django.contrib.postgres.aggregates import StringAgg
from django.db import models
from django.db.models import Case, OuterRef, Subquery, Value, When


class Typologie(models.TextChoices):
    MECENAT = "mecenat", "mécénat"
    INNOVATION_SOCIETALE = "innovation_societale", "innovation sociétale"
    COOPERATION_ECONOMIQUE = "cooperation_economique", "coopération économique"
    PRATIQUES_RESPONSABLES = "pratiques_responsables", "pratiques responsables"


def typologie_label() -> Case:
    """The typologie's French label, in SQL: it is searchable too, so that « coopération
    économique » finds all the alliances (and offres) of that typologie."""
    return Case(
        *(When(typologie=value, then=Value(label)) for value, label in Typologie.choices),
        output_field=models.TextField(),
    )


def domaine_labels(model: type[models.Model]) -> Subquery:
    """The labels of a row's domaines, in SQL (PostgreSQL): searchable too, so that
    « éducation » finds the alliances (and organisations) of that domaine. `model` has a
    `domaines` many-to-many field."""
    through = model.domaines.through
    owner = model._meta.model_name
    rows = (
        through.objects.filter(**{owner: OuterRef("pk")})
        .values(owner)
        .annotate(noms=StringAgg("domaine__nom", delimiter=" ", output_field=models.TextField()))
        .values("noms")
    )
    return Subquery(rows, output_field=models.TextField())


class Domaine(models.Model):
    code = models.SlugField("code", max_length=30, primary_key=True)
    nom = models.CharField("nom", max_length=60)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "domaine"
        verbose_name_plural = "domaines"
        ordering = ["ordre"]

    def __str__(self) -> str:
        return self.nom


class ODD(models.Model):
    numero = models.PositiveSmallIntegerField("numéro", primary_key=True)
    nom = models.CharField("nom", max_length=120)

    class Meta:
        verbose_name = "objectif de développement durable"
        verbose_name_plural = "objectifs de développement durable"
        ordering = ["numero"]

    def __str__(self) -> str:
        return f"ODD {self.numero} : {self.nom}"
