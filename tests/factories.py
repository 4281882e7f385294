"""Factories for organisations, their members and the territories they sit in.

Territorial codes start with a letter the INSEE never uses ("X", "Y", "Z") so that they never
collide with the official referential, which some tests load and commit for the whole session.
"""

import string
from datetime import timedelta

import factory
from django.db import connection
from django.utils import timezone
from django.utils.text import slugify

from alliances.models import Alliance, Participation
from comptes.models import User
from moderation.models import Catalyseur, Statut
from nomenclatures.models import Typologie
from offres.models import Alerte, MiseEnRelation, Offre
from organisations.identifiants import siren_with_key
from organisations.models import DemandeAdhesion, Invitation, Membre, Organisation
from organisations.services import organisations_refresh_search_vectors
from recherche.texte import search_text
from territoires.models import EPCI, Commune, Departement, Region, normalize_search

MOT_DE_PASSE = "Coop3rer-en-territoire"
BASE36 = string.digits + string.ascii_uppercase


def _code(prefixe: str, n: int, chiffres: int) -> str:
    """A code of fixed length (the columns are short), distinct for the first 36**chiffres n."""
    suffixe = ""
    for _ in range(chiffres):
        n, reste = divmod(n, 36)
        suffixe = BASE36[reste] + suffixe
    return prefixe + suffixe


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    # Hashed at build time, so no second save after creation.
    password = factory.django.Password(MOT_DE_PASSE)

    class Params:
        staff = factory.Trait(is_staff=True)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        # Codes have 3 characters at most: after 1,296 of them, reuse the existing rows.
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: _code("X", n, 2))
    nom = factory.Sequence(lambda n: f"Région d'essai {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.nom))


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: _code("Y", n, 2))
    nom = factory.Sequence(lambda n: f"Département d'essai {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.nom))
    region = factory.SubFactory(RegionFactory)


class EPCIFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EPCI

    siren = factory.Sequence(lambda n: siren_with_key(f"9{n:07d}"))
    nom = factory.Sequence(lambda n: f"Communauté de communes d'essai {n}")
    slug = factory.LazyAttribute(lambda o: f"{slugify(o.nom)}-{o.siren}")
    nature = EPCI.Nature.CC


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune

    code_insee = factory.Sequence(lambda n: _code("Z", n, 4))
    nom = factory.Sequence(lambda n: f"Villeneuve-d'Essai {n}")
    slug = factory.LazyAttribute(lambda o: f"{slugify(o.nom)}-{o.code_insee.lower()}")
    nom_recherche = factory.LazyAttribute(lambda o: normalize_search(o.nom))
    departement = factory.SubFactory(DepartementFactory)
    region = factory.SelfAttribute("departement.region")
    codes_postaux = "99000"
    population = 1200


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A published association by default; traits for the other kinds and for moderation."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    kind = Organisation.Kind.ASSOCIATION
    nom = factory.Sequence(lambda n: f"Association d'essai {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.nom))
    description = "Une structure qui coopère avec son territoire."
    siege = factory.SubFactory(CommuneFactory)
    email_contact = factory.Sequence(lambda n: f"contact{n}@structure.exemple.fr")
    statut = Statut.PUBLIEE
    rna = factory.Sequence(lambda n: f"W{n:09d}")
    siren = ""
    recherche = factory.LazyAttribute(
        lambda o: search_text(o.nom, Organisation.Kind(o.kind).label, o.description)
    )
    nom_recherche = factory.LazyAttribute(lambda o: normalize_search(o.nom))

    @factory.post_generation
    def search_vector(organisation, create, extracted, **kwargs):
        # PostgreSQL: the vector, read back so that a later save() keeps it.
        if create and connection.vendor == "postgresql":
            organisations_refresh_search_vectors([organisation.pk])
            organisation.refresh_from_db(fields=["search_vector"])

    class Params:
        en_attente = factory.Trait(statut=Statut.EN_ATTENTE)
        entreprise = factory.Trait(
            kind=Organisation.Kind.ENTREPRISE,
            nom=factory.Sequence(lambda n: f"Entreprise d'essai {n}"),
            siren=factory.Sequence(lambda n: siren_with_key(f"{n:08d}")),
            rna="",
            taille=Organisation.Taille.PME,
        )
        collectivite = factory.Trait(
            kind=Organisation.Kind.COLLECTIVITE,
            nom=factory.Sequence(lambda n: f"Mairie d'essai {n}"),
            siren=factory.Sequence(lambda n: siren_with_key(f"{n:08d}")),
            rna="",
        )


class MembreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membre

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membre.Role.MEMBRE

    class Params:
        admin = factory.Trait(role=Membre.Role.ADMIN)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@exemple.fr")
    role = Membre.Role.MEMBRE
    invited_by = factory.SubFactory(UserFactory)


class DemandeAdhesionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DemandeAdhesion

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    message = "Nous aimerions rejoindre votre structure."


class AllianceFactory(factory.django.DjangoModelFactory):
    """A published alliance in its commune; add participations with ParticipationFactory."""

    class Meta:
        model = Alliance

    titre = factory.Sequence(lambda n: f"Alliance d'essai {n}")
    slug = factory.LazyAttributeSequence(lambda o, n: f"{slugify(o.titre)}-{n}")
    description = "Une association et une entreprise coopèrent pour l'insertion."
    typologie = Typologie.MECENAT
    modalite = Alliance.Modalite.CONTRAT_ECHANGE
    commune = factory.SubFactory(CommuneFactory)
    departement = factory.SelfAttribute("commune.departement")
    region = factory.SelfAttribute("commune.region")
    latitude = factory.SelfAttribute("commune.latitude")
    longitude = factory.SelfAttribute("commune.longitude")
    statut = Statut.PUBLIEE
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.statut == Statut.PUBLIEE else None
    )
    recherche = factory.LazyAttribute(
        lambda o: search_text(o.titre, Typologie(o.typologie).label, o.description)
    )

    class Params:
        en_attente = factory.Trait(statut=Statut.EN_ATTENTE)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    alliance = factory.SubFactory(AllianceFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Participation.Role.PARTENAIRE
    etat = Participation.Etat.CONFIRMEE

    class Params:
        porteur = factory.Trait(role=Participation.Role.PORTEUR)
        en_attente = factory.Trait(etat=Participation.Etat.EN_ATTENTE)


# Offres, mises en relation et alertes


class OffreFactory(factory.django.DjangoModelFactory):
    """A published open offre: an association looking for mécénat de compétences, 30 km."""

    class Meta:
        model = Offre

    organisation = factory.SubFactory(OrganisationFactory)
    sens = Offre.Sens.RECHERCHE
    typologie = Typologie.MECENAT
    ressources = ",mecenat_competences,"
    titre = factory.Sequence(lambda n: f"Offre d'essai {n}")
    slug = factory.LazyAttributeSequence(lambda o, n: f"{slugify(o.titre)}-{n}")
    description = "Nous cherchons des compétences pour notre projet d'insertion."
    commune = factory.SubFactory(CommuneFactory)
    departement = factory.SelfAttribute("commune.departement")
    region = factory.SelfAttribute("commune.region")
    latitude = factory.SelfAttribute("commune.latitude")
    longitude = factory.SelfAttribute("commune.longitude")
    rayon_km = 30
    statut = Statut.PUBLIEE
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.statut == Statut.PUBLIEE else None
    )
    recherche = factory.LazyAttribute(lambda o: search_text(o.titre, o.description))

    class Params:
        propose = factory.Trait(sens=Offre.Sens.PROPOSE)
        en_attente = factory.Trait(statut=Statut.EN_ATTENTE)
        nationale = factory.Trait(national=True, rayon_km=None)


class MiseEnRelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MiseEnRelation

    offre = factory.SubFactory(OffreFactory)
    emettrice = factory.SubFactory(OrganisationFactory, entreprise=True)
    destinataire = factory.SelfAttribute("offre.organisation")
    sent_by = factory.SubFactory(UserFactory)
    message = "Bonjour, nous pouvons vous aider."
    etat = MiseEnRelation.Etat.ENVOYEE
    sent_at = factory.LazyFunction(timezone.now)


class AlerteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alerte

    user = factory.SubFactory(UserFactory)
    cible = Alerte.Cible.OFFRES
    nom = "Mécénat près de chez moi"
    criteres = ""
    frequence = Alerte.Frequence.QUOTIDIENNE
    last_sent_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=2))


# Modération


class CatalyseurFactory(factory.django.DjangoModelFactory):
    """An active catalyseur of a département by default; traits for the other levels."""

    class Meta:
        model = Catalyseur

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, nom=factory.Sequence(lambda n: f"Fondation territoriale {n}")
    )
    niveau = Catalyseur.Niveau.DEPARTEMENT
    departement = factory.SubFactory(DepartementFactory)

    class Params:
        de_region = factory.Trait(
            niveau=Catalyseur.Niveau.REGION,
            departement=None,
            region=factory.SubFactory(RegionFactory),
        )
        d_epci = factory.Trait(
            niveau=Catalyseur.Niveau.EPCI, departement=None, epci=factory.SubFactory(EPCIFactory)
        )
        national = factory.Trait(niveau=Catalyseur.Niveau.NATIONAL, departement=None)


def soumettre(item, *, by=None, il_y_a=None):
    """Put an item in the moderation queue the way its authors do (brouillon → en_attente),
    optionally as if it had been submitted `il_y_a` ago."""
    from moderation import workflow
    from moderation.models import Soumission

    type(item).objects.filter(pk=item.pk).update(statut=Statut.BROUILLON)
    item.statut = Statut.BROUILLON
    workflow.submit(item, by=by)
    if il_y_a is not None:
        Soumission.objects.filter(nature=workflow.nature_of(item), object_id=item.pk).update(
            submitted_at=timezone.now() - il_y_a
        )
    return item
