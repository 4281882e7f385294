"""Organisations and their members; alliances, offres and mises en relation come next.

Reference lists (domaines, ODD) are tables rather than choices so that organisations, alliances,
offres and ressources filter and count them the same way, with plain joins.
"""

import math
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection, models
from django.db.models import Q
from django.db.models.functions import ACos, Cos, Floor, Greatest, Least, Radians, Sin
from django.urls import reverse
from django.utils import timezone

from territoires.models import EPCI, Commune, Departement, Region, normalize_search


class Statut(models.TextChoices):
    """Moderation status shared by organisations, alliances and offres (DESIGN.md §4)."""

    BROUILLON = "brouillon", "brouillon"
    EN_ATTENTE = "en_attente", "en attente de modération"
    PUBLIEE = "publiee", "publiée"
    A_CORRIGER = "a_corriger", "à corriger"
    REFUSEE = "refusee", "refusée"
    DEPUBLIEE = "depubliee", "dépubliée"


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


class OrganisationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(statut=Statut.PUBLIEE)

    def of_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(membres__user=user)

    def visible_to(self, user):
        """Published organisations and the user's own ones whatever their status; all for staff."""
        if user.is_authenticated and user.is_staff:
            return self
        if not user.is_authenticated:
            return self.published()
        return self.filter(Q(statut=Statut.PUBLIEE) | Q(membres__user=user)).distinct()

    def search(self, text: str):
        """Every word of the text, without accents, in the name or the description."""
        queryset = self
        for word in normalize_search(text).split():
            queryset = queryset.filter(recherche__contains=word)
        return queryset

    def for_listing(self):
        return self.select_related("siege", "siege__departement").prefetch_related(
            "domaines", "odd"
        )


class Organisation(models.Model):
    class Kind(models.TextChoices):
        ASSOCIATION = "association", "association"
        ENTREPRISE = "entreprise", "entreprise"
        COLLECTIVITE = "collectivite", "collectivité"
        FONDATION = "fondation", "fondation"
        ETABLISSEMENT_PUBLIC = "etablissement_public", "établissement public"
        ACADEMIQUE = "academique", "structure académique"

    class Taille(models.TextChoices):
        TPE = "TPE", "TPE (moins de 10 salariés)"
        PME = "PME", "PME (moins de 250 salariés)"
        ETI = "ETI", "ETI (moins de 5 000 salariés)"
        GE = "GE", "grande entreprise"

    kind = models.CharField("type de structure", max_length=20, choices=Kind.choices)
    nom = models.CharField("nom", max_length=200)
    slug = models.SlugField("slug", max_length=220, unique=True)
    description = models.TextField("description", blank=True)
    site_web = models.URLField("site web", blank=True)
    logo = models.ImageField("logo", upload_to="logos/", blank=True)
    siege = models.ForeignKey(
        Commune, verbose_name="siège", on_delete=models.PROTECT, related_name="organisations"
    )
    domaines = models.ManyToManyField(Domaine, verbose_name="domaines d'action", blank=True)
    odd = models.ManyToManyField(ODD, verbose_name="ODD", blank=True)
    email_contact = models.EmailField(
        "courriel de contact",
        help_text="Jamais affiché : les prises de contact passent par la plateforme.",
    )
    statut = models.CharField(
        "statut", max_length=20, choices=Statut.choices, default=Statut.EN_ATTENTE, db_index=True
    )

    siren = models.CharField("SIREN", max_length=9, blank=True)
    siret = models.CharField("SIRET", max_length=14, blank=True)
    rna = models.CharField("RNA", max_length=10, blank=True)
    taille = models.CharField("taille", max_length=3, choices=Taille.choices, blank=True)

    # The territory a collectivité governs: at most one of the four, matched by SIREN for
    # communes and EPCI, chosen in the form for départements and régions.
    territoire_commune = models.ForeignKey(
        Commune,
        verbose_name="commune administrée",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    territoire_epci = models.ForeignKey(
        EPCI,
        verbose_name="EPCI administré",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    territoire_departement = models.ForeignKey(
        Departement,
        verbose_name="département administré",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    territoire_region = models.ForeignKey(
        Region,
        verbose_name="région administrée",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    recherche = models.TextField("texte de recherche normalisé", editable=False, default="")
    is_demo = models.BooleanField("démonstration", default=False)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisations"
        ordering = ["nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["siren"], condition=~Q(siren=""), name="organisation_siren_unique"
            ),
            models.UniqueConstraint(
                fields=["rna"], condition=~Q(rna=""), name="organisation_rna_unique"
            ),
            models.CheckConstraint(
                condition=~Q(kind="association") | ~Q(rna="") | ~Q(siren=""),
                name="organisation_association_identifiee",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["entreprise", "collectivite"]) | ~Q(siren=""),
                name="organisation_siren_obligatoire",
            ),
            models.CheckConstraint(
                condition=Q(taille="") | Q(kind="entreprise"), name="organisation_taille_entreprise"
            ),
        ]

    def __str__(self) -> str:
        return self.nom

    def get_absolute_url(self) -> str:
        return reverse("alliances:organisation_detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.statut == Statut.PUBLIEE

    @property
    def label(self) -> str:
        """How forms and suggestions name it: two structures may share a name, not a place."""
        return f"{self.nom} — {self.siege}"

    @property
    def territoire(self):
        """The territory a collectivité governs, if known."""
        return (
            self.territoire_commune
            or self.territoire_epci
            or self.territoire_departement
            or self.territoire_region
        )

    def refresh_recherche(self) -> None:
        self.recherche = normalize_search(f"{self.nom} {self.description}")


class Membre(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", "administrateur"
        MEMBRE = "membre", "membre"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="utilisateur",
        on_delete=models.CASCADE,
        related_name="adhesions",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE, related_name="membres"
    )
    role = models.CharField("rôle", max_length=10, choices=Role.choices, default=Role.MEMBRE)
    created_at = models.DateTimeField("membre depuis", auto_now_add=True)

    class Meta:
        verbose_name = "membre"
        verbose_name_plural = "membres"
        ordering = ["organisation", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membre_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        """Neither accepted nor expired."""
        limit = timezone.now() - timedelta(days=settings.INVITATION_MAX_AGE_DAYS)
        return self.filter(accepted_at__isnull=True, created_at__gte=limit)


class Invitation(models.Model):
    """An admin invites someone by email; the signed link is valid once, for a limited time."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation",
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField("courriel invité")
    role = models.CharField("rôle", max_length=10, choices=Membre.Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="invité par",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField("envoyée le", auto_now_add=True)
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="acceptée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"
        verbose_name_plural = "invitations"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"


class DemandeAdhesion(models.Model):
    """Someone asks to join an organisation; one of its admins accepts or refuses."""

    class Etat(models.TextChoices):
        EN_ATTENTE = "en_attente", "en attente"
        ACCEPTEE = "acceptee", "acceptée"
        REFUSEE = "refusee", "refusée"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandeur",
        on_delete=models.CASCADE,
        related_name="demandes_adhesion",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation",
        on_delete=models.CASCADE,
        related_name="demandes_adhesion",
    )
    message = models.TextField("message", blank=True, max_length=2000)
    etat = models.CharField(
        "état", max_length=12, choices=Etat.choices, default=Etat.EN_ATTENTE, db_index=True
    )
    created_at = models.DateTimeField("demandée le", auto_now_add=True)
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "demande d'adhésion"
        verbose_name_plural = "demandes d'adhésion"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(etat="en_attente"),
                name="demande_adhesion_unique_en_attente",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation} ({self.get_etat_display()})"


# PostgreSQL text search configuration: French stemming after unaccent (migration 0005).
SEARCH_CONFIG = "french_unaccent"
RAYON_TERRE_KM = 6371.0
# Map: server-side clusters of about this many pixels; single alliances from this zoom on.
MAP_CELL_PX = 60
MAP_DETAIL_ZOOM = 13
MAP_MAX_POINTS = 2000
KM_PAR_DEGRE = 111.2


def _confirmed_participations() -> models.Prefetch:
    """Only partners that confirmed their part are shown publicly, porteur first."""
    return models.Prefetch(
        "participations",
        queryset=Participation.objects.filter(etat=Participation.Etat.CONFIRMEE)
        .select_related("organisation", "organisation__siege")
        .order_by("role", "organisation__nom"),
        to_attr="participations_confirmees",
    )


class AllianceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(statut=Statut.PUBLIEE)

    def search(self, text: str):
        """French full-text search, annotated with a `rang` to sort by relevance.

        PostgreSQL: stemmed, accent-insensitive, ranked ("coopérations" finds "coopération").
        SQLite (local use): every word, without accents, in the normalised text; no ranking.
        """
        if connection.vendor == "postgresql":
            query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
            return self.filter(search_vector=query).annotate(
                rang=SearchRank(models.F("search_vector"), query)
            )
        queryset = self
        for word in normalize_search(text).split():
            queryset = queryset.filter(recherche__contains=word)
        return queryset.annotate(rang=models.Value(0.0, output_field=models.FloatField()))

    def of_organisation(self, organisation: Organisation):
        return self.filter(participations__organisation=organisation)

    def near(self, latitude: float, longitude: float, km: float):
        """Alliances within `km` of a point, annotated with their `distance` in km.

        A bounding box on the stored coordinates narrows the rows first (index-friendly); the
        great-circle distance (spherical law of cosines) then keeps the exact circle.
        """
        delta_lat = km / KM_PAR_DEGRE
        delta_lon = km / (KM_PAR_DEGRE * max(math.cos(math.radians(latitude)), 0.01))
        lat, lon = math.radians(latitude), math.radians(longitude)
        cosine = Sin(Radians("latitude")) * math.sin(lat) + Cos(Radians("latitude")) * math.cos(
            lat
        ) * Cos(Radians("longitude") - lon)
        return (
            self.filter(
                latitude__range=(latitude - delta_lat, latitude + delta_lat),
                longitude__range=(longitude - delta_lon, longitude + delta_lon),
            )
            .annotate(distance=RAYON_TERRE_KM * ACos(Least(Greatest(cosine, -1.0), 1.0)))
            .filter(distance__lte=km)
        )

    def map_points(self, *, west: float, south: float, east: float, north: float, zoom: int):
        """What the map shows in a view: one row per grid cell of about 60 pixels (count,
        centre, and the alliance itself when alone), or each alliance once zoomed in enough.
        Aggregating in the database keeps the answer small whatever the number of alliances."""
        inside = self.order_by().filter(
            latitude__range=(south, north), longitude__range=(west, east)
        )
        if zoom >= MAP_DETAIL_ZOOM:
            return list(inside.values("slug", "titre", "latitude", "longitude")[:MAP_MAX_POINTS])
        size = MAP_CELL_PX * 360.0 / (256 * 2**zoom)
        return list(
            inside.annotate(
                cx=Floor(models.F("longitude") / size), cy=Floor(models.F("latitude") / size)
            )
            .values("cx", "cy")
            .annotate(
                n=models.Count("*"),
                lat=models.Avg("latitude"),
                lon=models.Avg("longitude"),
                slug=models.Min("slug"),
                titre=models.Min("titre"),
            )
            .values("n", "lat", "lon", "slug", "titre")
        )

    def for_listing(self):
        """What a list of alliances shows: place, domaines and confirmed partners."""
        return self.select_related("commune").prefetch_related(
            "domaines", _confirmed_participations()
        )

    def for_detail(self):
        return self.select_related("commune", "departement", "region").prefetch_related(
            "domaines", "odd", _confirmed_participations()
        )

    def editable_by(self, user):
        """Alliances that one of the user's organisations takes part in (and has confirmed)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(
            participations__organisation__membres__user=user,
            participations__etat=Participation.Etat.CONFIRMEE,
        ).distinct()


class Alliance(models.Model):
    """A partnership between two or more organisations, typed by exactly one typologie."""

    class Typologie(models.TextChoices):
        MECENAT = "mecenat", "mécénat"
        INNOVATION_SOCIETALE = "innovation_societale", "innovation sociétale"
        COOPERATION_ECONOMIQUE = "cooperation_economique", "coopération économique"
        PRATIQUES_RESPONSABLES = "pratiques_responsables", "pratiques responsables"

    class Modalite(models.TextChoices):
        CONTRAT_ECHANGE = "contrat_echange", "contrat-échange"
        CONTRAT_ALLIANCE = "contrat_alliance", "contrat-alliance"

    class Etat(models.TextChoices):
        EN_PROJET = "en_projet", "en projet"
        EN_COURS = "en_cours", "en cours"
        TERMINEE = "terminee", "terminée"

    class Portee(models.TextChoices):
        LOCALE = "locale", "locale"
        DEPARTEMENTALE = "departementale", "départementale"
        REGIONALE = "regionale", "régionale"
        NATIONALE = "nationale", "nationale"

    titre = models.CharField("titre", max_length=200)
    slug = models.SlugField("slug", max_length=220, unique=True)
    description = models.TextField(
        "description", help_text="Markdown simple : titres, listes, liens."
    )
    typologie = models.CharField("typologie", max_length=30, choices=Typologie.choices)
    modalite = models.CharField("modalité", max_length=20, choices=Modalite.choices)
    domaines = models.ManyToManyField(Domaine, verbose_name="domaines d'action", blank=True)
    odd = models.ManyToManyField(ODD, verbose_name="ODD", blank=True)
    etat = models.CharField("état", max_length=12, choices=Etat.choices, default=Etat.EN_COURS)
    date_debut = models.DateField("date de début", null=True, blank=True)
    date_fin = models.DateField("date de fin", null=True, blank=True)

    # The place, with its département and région kept on the row so that filters need no join.
    commune = models.ForeignKey(
        Commune, verbose_name="lieu", on_delete=models.PROTECT, related_name="alliances"
    )
    departement = models.ForeignKey(
        Departement,
        verbose_name="département",
        on_delete=models.PROTECT,
        to_field="code",
        null=True,
        blank=True,
        related_name="alliances",
    )
    region = models.ForeignKey(
        Region,
        verbose_name="région",
        on_delete=models.PROTECT,
        to_field="code",
        null=True,
        blank=True,
        related_name="alliances",
    )
    portee = models.CharField(
        "portée", max_length=15, choices=Portee.choices, default=Portee.LOCALE
    )
    # The commune's centre, copied for proximity searches and the map without a join.
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)

    resultats = models.TextField("résultats et impact", blank=True)
    personnes_touchees = models.PositiveIntegerField("personnes touchées", null=True, blank=True)
    emplois = models.PositiveIntegerField("emplois créés ou soutenus", null=True, blank=True)
    budget = models.PositiveIntegerField("budget (euros)", null=True, blank=True)

    organisations = models.ManyToManyField(
        Organisation,
        through="Participation",
        related_name="alliances",
        verbose_name="organisations",
    )
    statut = models.CharField(
        "statut", max_length=20, choices=Statut.choices, default=Statut.EN_ATTENTE, db_index=True
    )
    recherche = models.TextField("texte de recherche normalisé", editable=False, default="")
    # PostgreSQL only: the French full-text vector (title A, partners B, description C), kept
    # up to date by the services and GIN-indexed by a migration that SQLite skips.
    search_vector = SearchVectorField("vecteur de recherche", null=True, editable=False)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déclarée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField("démonstration", default=False)
    created_at = models.DateTimeField("déclarée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = AllianceQuerySet.as_manager()

    class Meta:
        verbose_name = "alliance"
        verbose_name_plural = "alliances"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True)
                | Q(date_debut__isnull=True)
                | Q(date_fin__gte=models.F("date_debut")),
                name="alliance_fin_apres_debut",
            ),
        ]

    def __str__(self) -> str:
        return self.titre

    def get_absolute_url(self) -> str:
        return reverse("alliances:alliance_detail", kwargs={"slug": self.slug})

    def refresh_recherche(self, partenaires: list[str]) -> None:
        words = [self.titre, self.get_typologie_display(), self.description, *partenaires]
        self.recherche = normalize_search(" ".join(words))

    def copy_commune_place(self) -> None:
        """Copy the commune's département, région and centre on the alliance, for join-free
        filters, proximity searches and the map."""
        self.departement_id = self.commune.departement_id
        self.region_id = self.commune.region_id
        self.latitude = self.commune.latitude
        self.longitude = self.commune.longitude


class Participation(models.Model):
    """An organisation's part in an alliance; a partner confirms it before it shows publicly."""

    class Role(models.TextChoices):
        PORTEUR = "porteur", "porteur"
        PARTENAIRE = "partenaire", "partenaire"

    class Etat(models.TextChoices):
        EN_ATTENTE = "en_attente", "en attente de confirmation"
        CONFIRMEE = "confirmee", "confirmée"
        REFUSEE = "refusee", "refusée"

    alliance = models.ForeignKey(
        Alliance, verbose_name="alliance", on_delete=models.CASCADE, related_name="participations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation",
        on_delete=models.CASCADE,
        related_name="participations",
    )
    role = models.CharField("rôle", max_length=12, choices=Role.choices)
    contribution = models.TextField("contribution", blank=True, max_length=2000)
    etat = models.CharField(
        "état", max_length=12, choices=Etat.choices, default=Etat.EN_ATTENTE, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="confirmée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)

    class Meta:
        verbose_name = "participation"
        verbose_name_plural = "participations"
        ordering = ["role", "organisation__nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "organisation"], name="participation_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.alliance} ({self.get_role_display()})"


class InvitationPartenaire(models.Model):
    """A partner named by email because its organisation is not on the platform yet. When the
    invited person registers their organisation, it joins the alliance as a partner to confirm."""

    alliance = models.ForeignKey(
        Alliance,
        verbose_name="alliance",
        on_delete=models.CASCADE,
        related_name="invitations_partenaires",
    )
    email = models.EmailField("courriel invité")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="invité par",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField("envoyée le", auto_now_add=True)
    participation = models.OneToOneField(
        Participation,
        verbose_name="participation créée",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "invitation de partenaire"
        verbose_name_plural = "invitations de partenaires"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "email"], name="invitation_partenaire_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.alliance}"
