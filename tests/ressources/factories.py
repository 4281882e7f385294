"""Factories for the library. Profils, objectifs and typologies are given as lists:
RessourceFactory(profils=["entreprise"], typologies=["mecenat"])."""

import factory
from django.utils import timezone
from django.utils.text import slugify

from recherche.texte import search_text
from ressources.models import Categorie, Etiquette, Format, Maturite, Ressource
from ressources.services import ressources_refresh_search


def _etiquettes(axe: str):
    def hook(ressource, create, values, **kwargs):
        if create and values:
            Etiquette.objects.bulk_create(
                Etiquette(ressource=ressource, axe=axe, valeur=value) for value in values
            )

    return factory.PostGeneration(hook)


class RessourceFactory(factory.django.DjangoModelFactory):
    """A published guide (a page) for associations who want to get informed."""

    class Meta:
        model = Ressource
        skip_postgeneration_save = True

    titre = factory.Sequence(lambda n: f"Guide d'essai {n}")
    slug = factory.LazyAttributeSequence(lambda o, n: f"{slugify(o.titre)}-{n}")
    resume = "Un guide pour apprendre à coopérer."
    contenu = "## Pourquoi\n\nParce qu'ensemble on va plus loin."
    categorie = Categorie.GUIDE
    format = Format.PAGE
    maturite = Maturite.DECOUVRIR
    publiee = True
    publiee_le = factory.LazyFunction(timezone.localdate)
    recherche = factory.LazyAttribute(lambda o: search_text(o.titre, o.resume, o.contenu))

    profils = _etiquettes("profil")
    objectifs = _etiquettes("objectif")
    typologies = _etiquettes("typologie")

    class Params:
        brouillon = factory.Trait(publiee=False)

    @factory.post_generation
    def search_vector(ressource, create, extracted, **kwargs):
        if create:
            ressources_refresh_search([ressource.pk])
