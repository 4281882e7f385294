"""Organisations and their members; alliances, offres and mises en relation come next.

Reference lists (domaines, ODD) are tables rather than choices so that organisations, alliances,
offres and ressources filter and count them the same way, with plain joins.
"""

import math
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
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

    def moderated_by(self, user, rows: list[tuple] | None = None):
        return _organisation_moderated_by(self, user, rows)


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


def map_cell_size(zoom: int) -> float:
    """The side, in degrees, of the map's grid cells at this zoom (about 60 pixels)."""
    return MAP_CELL_PX * 360.0 / (256 * 2**zoom)


KM_PAR_DEGRE = 111.2


def bbox_q(latitude: float, longitude: float, km: float, *, prefix: str = "") -> Q:
    """The rows whose stored coordinates (`<prefix>latitude`, `<prefix>longitude`) fall in the
    box around a point that holds the circle of `km`: an index-friendly first cut before the
    exact distance."""
    delta_lat = km / KM_PAR_DEGRE
    delta_lon = km / (KM_PAR_DEGRE * max(math.cos(math.radians(latitude)), 0.01))
    return Q(
        **{
            f"{prefix}latitude__range": (latitude - delta_lat, latitude + delta_lat),
            f"{prefix}longitude__range": (longitude - delta_lon, longitude + delta_lon),
        }
    )


def distance_km_expression(latitude: float, longitude: float, *, prefix: str = ""):
    """Great-circle distance in km from a point to the row's stored coordinates (spherical law
    of cosines, clamped so that rounding never leaves acos's domain): the database twin of
    `km_between`."""
    lat, lon = math.radians(latitude), math.radians(longitude)
    row_lat, row_lon = Radians(f"{prefix}latitude"), Radians(f"{prefix}longitude")
    cosine = Sin(row_lat) * math.sin(lat) + Cos(row_lat) * math.cos(lat) * Cos(row_lon - lon)
    return RAYON_TERRE_KM * ACos(Least(Greatest(cosine, -1.0), 1.0))


def km_between(lat_a, lon_a, lat_b, lon_b) -> float | None:
    """Great-circle distance between two points in Python, None when one is unknown."""
    if None in (lat_a, lon_a, lat_b, lon_b):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (lat_a, lon_a, lat_b, lon_b))
    cosine = math.sin(lat1) * math.sin(lat2) + math.cos(lat1) * math.cos(lat2) * math.cos(
        lon2 - lon1
    )
    return RAYON_TERRE_KM * math.acos(max(-1.0, min(1.0, cosine)))


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
        return (
            self.filter(bbox_q(latitude, longitude, km))
            .annotate(distance=distance_km_expression(latitude, longitude))
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
        size = map_cell_size(zoom)
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

    def moderated_by(self, user, rows: list[tuple] | None = None):
        return _alliance_moderated_by(self, user, rows)


class PlacedInCommune(models.Model):
    """A commune, and its département, région and centre copied on the row (by
    `copy_commune_place`), for join-free filters, proximity searches and the map. Alliances and
    offres are placed this way."""

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


class Alliance(PlacedInCommune):
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
    portee = models.CharField(
        "portée", max_length=15, choices=Portee.choices, default=Portee.LOCALE
    )

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
    # Set by the moderation workflow the first time the alliance is published: what alerts
    # and « publiée le » read (it may be days after the declaration).
    published_at = models.DateTimeField("publiée le", null=True, blank=True, editable=False)
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


# The search's counts at national scale (alliances/facettes.py reads and rewrites them)


class FacetteAlliance(models.Model):
    """How many published alliances share one combination of the search filters' values:
    typologie, état, région, département, kinds of confirmed partners (`partenaires`, one bit
    per kind, see facettes.KIND_BITS), and optionally one domaine and one ODD. Rows counted
    per département (`par_departement`) serve the searches filtered by a département; the same
    counts summed per région (`departement` empty), five times fewer rows, serve all others.

    An alliance holds several domaines and ODD, so the rows come in four layers, told apart by
    which of `domaine` and `odd` are empty: with both empty an alliance counts once; with a
    domaine it counts once per domaine it holds; with an ODD once per ODD; with both once per
    (domaine, ODD) pair. A count under a domaine filter, or per domaine, reads the layer that
    has domaines, and so on: each sum is then exact."""

    typologie = models.CharField("typologie", max_length=30)
    etat = models.CharField("état", max_length=12)
    # Codes of the referential, never joined: no constraint to check on a million inserts.
    region = models.ForeignKey(
        Region,
        to_field="code",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    departement = models.ForeignKey(
        Departement,
        to_field="code",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    par_departement = models.BooleanField("compté par département")
    partenaires = models.PositiveSmallIntegerField("types de partenaires confirmés (bits)")
    domaine = models.ForeignKey(
        Domaine, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    odd = models.ForeignKey(
        ODD, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    nombre = models.PositiveIntegerField("nombre d'alliances")

    class Meta:
        verbose_name = "comptage de la recherche d'alliances"
        verbose_name_plural = "comptages de la recherche d'alliances"
        # Every read picks one level and one layer: by domaine first, or by ODD first.
        indexes = [
            models.Index(
                fields=["par_departement", "domaine", "odd"], name="facette_alliance_domaine"
            ),
            models.Index(fields=["par_departement", "odd", "domaine"], name="facette_alliance_odd"),
        ]

    def __str__(self) -> str:
        return f"{self.typologie} {self.etat} {self.departement} {self.domaine} {self.odd}"


class CelluleCarte(models.Model):
    """One cell of the map's grid at one zoom (see map_cell_size), for all the published
    alliances: what the map without filters shows at national scale, read here instead of
    grouped from a million rows. The same values as AllianceQuerySet.map_points: the number of
    alliances, their mean position, and the smallest slug and title (those of the alliance
    when it is alone)."""

    zoom = models.PositiveSmallIntegerField("zoom")
    cx = models.IntegerField("colonne")
    cy = models.IntegerField("ligne")
    nombre = models.PositiveIntegerField("nombre d'alliances")
    latitude = models.FloatField("latitude moyenne")
    longitude = models.FloatField("longitude moyenne")
    slug = models.SlugField("slug", max_length=220)
    titre = models.CharField("titre", max_length=200)

    class Meta:
        verbose_name = "cellule de la carte"
        verbose_name_plural = "cellules de la carte"
        indexes = [models.Index(fields=["zoom", "cx", "cy"], name="cellule_carte_vue")]

    def __str__(self) -> str:
        return f"{self.zoom}/{self.cx}/{self.cy} : {self.nombre}"


class FacettesMiseAJour(models.Model):
    """When `FacetteAlliance` was last rewritten (a single row), and how many published
    alliances it counted then: the search reads it only at national scale."""

    refreshed_at = models.DateTimeField("calculés le")
    duree_ms = models.PositiveIntegerField("durée du calcul (ms)", default=0)
    alliances = models.PositiveIntegerField("alliances publiées comptées", default=0)

    class Meta:
        verbose_name = "mise à jour des comptages de la recherche"
        verbose_name_plural = "mises à jour des comptages de la recherche"

    def __str__(self) -> str:
        return f"Comptages du {self.refreshed_at:%d/%m/%Y %H:%M}"


# Offres, mises en relation et alertes


class TypeRessource(models.TextChoices):
    """What an offre proposes or looks for (DESIGN.md §2)."""

    FINANCEMENT = "financement", "financement"
    MECENAT_COMPETENCES = "mecenat_competences", "mécénat de compétences"
    MATERIEL = "materiel", "matériel"
    LOCAUX = "locaux", "locaux"
    BENEVOLAT = "benevolat", "bénévolat"
    ACHATS_RESPONSABLES = "achats_responsables", "achats responsables"
    EXPERTISE = "expertise", "expertise"


# `Offre.ressources` holds the codes as ",code,code," (in TypeRessource's order) so that one
# code never matches inside another: these two functions are the only ones to know it.
def encode_ressources(codes) -> str:
    """The stored value of a list of ressource codes (unknown codes dropped)."""
    wanted = set(codes)
    known = [code for code in TypeRessource.values if code in wanted]
    return "," + ",".join(known) + "," if known else ""


def ressource_q(code: str, *, prefix: str = "") -> Q:
    """The offres that name this ressource."""
    return Q(**{f"{prefix}ressources__contains": f",{code},"})


class OffreQuerySet(models.QuerySet):
    # The same French full-text search as alliances: both models carry `search_vector` and
    # `recherche` with the same meaning.
    search = AllianceQuerySet.search

    def published(self):
        return self.filter(statut=Statut.PUBLIEE)

    def open(self):
        return self.filter(etat=Offre.Etat.OUVERTE)

    def visible(self):
        """What the public pages list, what can be contacted, suggested and mailed: published
        open offres of published organisations."""
        return self.published().open().filter(organisation__statut=Statut.PUBLIEE)

    def with_ressource(self, code: str):
        return self.filter(ressource_q(code))

    def with_any_ressource(self, codes):
        condition = Q(pk__in=[])
        for code in codes:
            condition |= ressource_q(code)
        return self.filter(condition)

    def of_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(organisation__membres__user=user)

    def near(self, latitude: float, longitude: float, km: float):
        """Offres placed within `km` of a point, plus the national ones (they reach everywhere),
        annotated with their `distance` in km; a bounding box narrows the rows first."""
        return (
            self.filter(bbox_q(latitude, longitude, km) | Q(national=True))
            .annotate(distance=distance_km_expression(latitude, longitude))
            .filter(Q(distance__lte=km) | Q(national=True))
        )

    def for_listing(self):
        return self.select_related(
            "organisation", "commune", "commune__departement"
        ).prefetch_related("domaines")

    def for_detail(self):
        return self.select_related(
            "organisation", "organisation__siege", "commune", "commune__departement"
        ).prefetch_related("domaines", "odd")

    def for_espace(self, user):
        """The dashboard's list: the user's organisations' offres, newest first."""
        return self.of_user(user).select_related("organisation").order_by("-created_at")

    def moderated_by(self, user, rows: list[tuple] | None = None):
        return _offre_moderated_by(self, user, rows)


class Offre(PlacedInCommune):
    """A BtoB listing: an organisation proposes or looks for resources for a partnership."""

    class Sens(models.TextChoices):
        PROPOSE = "propose", "propose"
        RECHERCHE = "recherche", "recherche"

    class Etat(models.TextChoices):
        OUVERTE = "ouverte", "ouverte"
        POURVUE = "pourvue", "pourvue"
        EXPIREE = "expiree", "expirée"

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE, related_name="offres"
    )
    sens = models.CharField("sens", max_length=10, choices=Sens.choices)
    typologie = models.CharField("typologie", max_length=30, choices=Alliance.Typologie.choices)
    ressources = models.CharField(
        "ressources", max_length=200, help_text="Codes entre virgules : « ,financement,locaux, »."
    )
    domaines = models.ManyToManyField(Domaine, verbose_name="domaines d'action", blank=True)
    odd = models.ManyToManyField(ODD, verbose_name="ODD", blank=True)
    titre = models.CharField("titre", max_length=200)
    slug = models.SlugField("slug", max_length=220, unique=True)
    description = models.TextField("description", max_length=5000)

    rayon_km = models.PositiveIntegerField("rayon d'action (km)", null=True, blank=True)
    national = models.BooleanField("portée nationale", default=False)
    date_limite = models.DateField("date limite", null=True, blank=True)

    statut = models.CharField(
        "statut", max_length=20, choices=Statut.choices, default=Statut.EN_ATTENTE, db_index=True
    )
    etat = models.CharField(
        "état", max_length=10, choices=Etat.choices, default=Etat.OUVERTE, db_index=True
    )
    recherche = models.TextField("texte de recherche normalisé", editable=False, default="")
    search_vector = SearchVectorField("vecteur de recherche", null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField("démonstration", default=False)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    # Set by the moderation workflow the first time the offre is published.
    published_at = models.DateTimeField("publiée le", null=True, blank=True, editable=False)

    objects = OffreQuerySet.as_manager()

    class Meta:
        verbose_name = "offre"
        verbose_name_plural = "offres"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(national=True) | Q(rayon_km__gte=1), name="offre_rayon_ou_nationale"
            ),
        ]

    def __str__(self) -> str:
        return self.titre

    def get_absolute_url(self) -> str:
        return reverse("alliances:offre_detail", kwargs={"slug": self.slug})

    @property
    def ressources_list(self) -> list[str]:
        return [code for code in self.ressources.split(",") if code]

    @property
    def ressources_labels(self) -> list[str]:
        labels = dict(TypeRessource.choices)
        return [labels.get(code, code) for code in self.ressources_list]

    @property
    def is_visible(self) -> bool:
        """The same rule as OffreQuerySet.visible(), for one loaded offre."""
        return (
            self.statut == Statut.PUBLIEE
            and self.etat == self.Etat.OUVERTE
            and self.organisation.statut == Statut.PUBLIEE
        )

    @property
    def portee_label(self) -> str:
        return "toute la France" if self.national else f"{self.rayon_km} km autour"

    def refresh_recherche(self) -> None:
        words = [
            self.titre,
            self.get_typologie_display(),
            *self.ressources_labels,
            self.organisation.nom,
            self.description,
        ]
        self.recherche = normalize_search(" ".join(words))


# A public page shows an organisation's response figures from this many requests received on:
# below it, one unanswered message would read as a poor rate.
REPONSES_MIN_PUBLIQUES = 5


class MiseEnRelationQuerySet(models.QuerySet):
    def of_user(self, user):
        """Threads the user's organisations sent or received."""
        if not user.is_authenticated:
            return self.none()
        mine = Membre.objects.filter(user=user).values("organisation")
        return self.filter(Q(emettrice__in=mine) | Q(destinataire__in=mine))

    def delivered(self):
        return self.exclude(etat=MiseEnRelation.Etat.EN_ATTENTE_PUBLICATION)

    def received_by(self, user):
        """Requests that reached the user's organisations."""
        if not user.is_authenticated:
            return self.none()
        mine = Membre.objects.filter(user=user).values("organisation")
        return self.filter(destinataire__in=mine).delivered()

    def sent_by_organisations_of(self, user):
        if not user.is_authenticated:
            return self.none()
        mine = Membre.objects.filter(user=user).values("organisation")
        return self.filter(emettrice__in=mine)

    def awaiting_answer(self):
        return self.filter(etat__in=[MiseEnRelation.Etat.ENVOYEE, MiseEnRelation.Etat.LUE])

    def for_listing(self):
        return self.select_related("offre", "emettrice", "destinataire", "sent_by")

    def for_declaration(self):
        """What pre-filling an alliance from the request reads: both organisations with their
        siège (their label) and the offre's domaines and ODD."""
        return self.select_related(
            "offre__commune", "emettrice__siege", "destinataire__siege"
        ).prefetch_related("offre__domaines", "offre__odd")

    def response_stats(self, organisation: Organisation) -> dict:
        """How the organisation answers the requests it received: how many, the share answered
        and the median time to answer (in hours), from the recorded steps. One query."""
        rows = list(
            self.filter(destinataire=organisation, sent_at__isnull=False).values_list(
                "sent_at", "answered_at"
            )
        )
        delays = sorted(
            (answered - sent).total_seconds() / 3600 for sent, answered in rows if answered
        )
        median = None
        if delays:
            middle = len(delays) // 2
            median = (
                delays[middle] if len(delays) % 2 else (delays[middle - 1] + delays[middle]) / 2
            )
        return {
            "recues": len(rows),
            "repondues": len(delays),
            "taux": round(100 * len(delays) / len(rows)) if rows else None,
            "mediane_heures": median,
            "publiable": len(rows) >= REPONSES_MIN_PUBLIQUES,
        }


class MiseEnRelation(models.Model):
    """One organisation contacts another about an offre. Each step keeps its date, which gives
    the response rate and time of the receiving organisation."""

    class Etat(models.TextChoices):
        EN_ATTENTE_PUBLICATION = "attente_publication", "en attente de la validation de l'émettrice"
        ENVOYEE = "envoyee", "envoyée"
        LUE = "lue", "lue"
        ACCEPTEE = "acceptee", "acceptée"
        DECLINEE = "declinee", "déclinée"

    class Motif(models.TextChoices):
        PAS_LE_BON_MOMENT = "pas_le_bon_moment", "pas le bon moment"
        HORS_TERRITOIRE = "hors_territoire", "hors de notre territoire"
        PAS_PERTINENT = "pas_pertinent", "ne correspond pas à notre besoin"
        DEJA_POURVUE = "deja_pourvue", "offre déjà pourvue"
        AUTRE = "autre", "autre raison"

    offre = models.ForeignKey(
        Offre, verbose_name="offre", on_delete=models.CASCADE, related_name="mises_en_relation"
    )
    emettrice = models.ForeignKey(
        Organisation,
        verbose_name="organisation émettrice",
        on_delete=models.CASCADE,
        related_name="mises_en_relation_envoyees",
    )
    # The offre's organisation, kept on the row for the inbox and the response figures.
    destinataire = models.ForeignKey(
        Organisation,
        verbose_name="organisation destinataire",
        on_delete=models.CASCADE,
        related_name="mises_en_relation_recues",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="envoyée par",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    message = models.TextField("message", max_length=3000)
    etat = models.CharField(
        "état", max_length=20, choices=Etat.choices, default=Etat.ENVOYEE, db_index=True
    )
    reponse = models.TextField("réponse", blank=True, max_length=3000)
    motif = models.CharField("motif du refus", max_length=20, choices=Motif.choices, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="répondue par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    alliance = models.ForeignKey(
        Alliance,
        verbose_name="alliance déclarée",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The steps: written (created_at), delivered to the receiving organisation (sent_at: later
    # than created_at when the sender waited for its publication), read, answered, alliance.
    created_at = models.DateTimeField("écrite le", auto_now_add=True)
    sent_at = models.DateTimeField("envoyée le", null=True, blank=True)
    read_at = models.DateTimeField("lue le", null=True, blank=True)
    answered_at = models.DateTimeField("répondue le", null=True, blank=True)
    alliance_declared_at = models.DateTimeField("alliance déclarée le", null=True, blank=True)
    is_demo = models.BooleanField("démonstration", default=False)

    objects = MiseEnRelationQuerySet.as_manager()

    class Meta:
        verbose_name = "mise en relation"
        verbose_name_plural = "mises en relation"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["destinataire", "sent_at"], name="mise_en_relation_recues")]

    def __str__(self) -> str:
        return f"{self.emettrice} → {self.destinataire} ({self.get_etat_display()})"

    def get_absolute_url(self) -> str:
        return reverse("alliances:mise_en_relation_detail", kwargs={"pk": self.pk})

    @property
    def is_answered(self) -> bool:
        return self.etat in (self.Etat.ACCEPTEE, self.Etat.DECLINEE)

    @property
    def is_accepted(self) -> bool:
        return self.etat == self.Etat.ACCEPTEE

    @property
    def is_pending(self) -> bool:
        return self.etat in (self.Etat.ENVOYEE, self.Etat.LUE)

    def declaration_initial(self, organisation_ids: set[int]) -> dict:
        """The alliance form's initial values: the organisation among `organisation_ids`
        carries it, the other one is the partner, the offre gives the rest (loaded with
        MiseEnRelationQuerySet.for_declaration, nothing is read here)."""
        porteur, partenaire = self.emettrice, self.destinataire
        if porteur.pk not in organisation_ids:
            porteur, partenaire = partenaire, porteur
        return {
            "porteur": porteur.pk,
            "partenaire_1": partenaire.label,
            "titre": self.offre.titre,
            "typologie": self.offre.typologie,
            "commune": self.offre.commune,
            "domaines": [domaine.code for domaine in self.offre.domaines.all()],
            "odd": [odd.numero for odd in self.offre.odd.all()],
        }


class Alerte(models.Model):
    """A saved search: new matching offres (or alliances) by email, daily or weekly."""

    class Cible(models.TextChoices):
        OFFRES = "offres", "offres"
        ALLIANCES = "alliances", "alliances"

    class Frequence(models.TextChoices):
        QUOTIDIENNE = "quotidienne", "chaque jour"
        HEBDOMADAIRE = "hebdomadaire", "chaque semaine"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="utilisateur",
        on_delete=models.CASCADE,
        related_name="alertes",
    )
    cible = models.CharField("cible", max_length=10, choices=Cible.choices)
    nom = models.CharField("nom", max_length=200)
    # The query string of the search page, as shared in its URL (validated again at each run).
    criteres = models.CharField("critères", max_length=1000, blank=True)
    frequence = models.CharField(
        "fréquence", max_length=12, choices=Frequence.choices, default=Frequence.HEBDOMADAIRE
    )
    active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    last_sent_at = models.DateTimeField("dernier envoi", null=True, blank=True)

    class Meta:
        verbose_name = "alerte"
        verbose_name_plural = "alertes"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.nom} ({self.user})"

    def search_url(self) -> str:
        name = (
            "alliances:offre_list" if self.cible == self.Cible.OFFRES else "alliances:alliance_list"
        )
        return reverse(name) + (f"?{self.criteres}" if self.criteres else "")


# Modération
# One history and one queue for the three kinds of items that the catalyseurs moderate. Rows
# name their item by (nature, object_id) rather than by a foreign key per kind or a
# contenttypes generic relation: one column pair covers organisations, alliances and offres
# (and whatever kind comes next) without a migration, the history of an item is one indexed
# query whatever its kind, and tests never depend on the ContentType cache.


class Nature(models.TextChoices):
    ORGANISATION = "organisation", "organisation"
    ALLIANCE = "alliance", "alliance"
    OFFRE = "offre", "offre"


def perimeter_rows(user) -> list[tuple]:
    """The user's active appointments as (niveau, region, departement, epci): one query, read
    fresh, so that a removed catalyseur loses access on the next request. A page that scopes
    several lists reads them once and passes them on."""
    from territoires.models import Catalyseur

    if not user.is_authenticated or not user.is_active or user.is_staff:
        return []
    return list(
        Catalyseur.objects.actifs()
        .filter(user=user)
        .values_list("niveau", "region_id", "departement_id", "epci_id")
    )


def rows_q(
    rows: list[tuple],
    *,
    region: str = "region_id",
    departement: str = "departement_id",
    epci: str = "epci_id",
    national: str | None = "national",
) -> Q:
    """The condition that selects what these appointments (niveau, region, departement, epci)
    cover: everything for a national one, else the régions, départements and EPCI named (items
    of national scope stay with staff and national catalyseurs), nothing without rows. Field
    names default to those of the moderation rows; each item model passes its own."""
    from territoires.models import Catalyseur

    nothing = Q(pk__in=[])
    if any(niveau == Catalyseur.Niveau.NATIONAL for niveau, *_ in rows):
        return Q()
    condition = nothing
    for niveau, field, index in (
        (Catalyseur.Niveau.REGION, region, 1),
        (Catalyseur.Niveau.DEPARTEMENT, departement, 2),
        (Catalyseur.Niveau.EPCI, epci, 3),
    ):
        codes = [row[index] for row in rows if row[0] == niveau]
        if codes:
            condition |= Q(**{f"{field}__in": codes})
    if national is not None and condition != nothing:
        condition &= Q(**{national: False})
    return condition


def perimeter_q(user, *, rows: list[tuple] | None = None, **fields) -> Q:
    """The condition that selects the rows in the user's perimeter: everything for staff,
    nothing for a visitor or an inactive account, else what their active appointments cover
    (`rows_q`). One query (the user's appointments) unless `rows` are given."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_staff:
        return Q()
    if rows is None:
        rows = perimeter_rows(user)
    return rows_q(rows, **fields)


def _my_organisations(user):
    """The organisations a moderator must not judge (conflict of interest): those they are a
    member of, and those their active appointments act for (a CCI's catalyseur does not
    moderate the CCI). As a subquery, so that scoping costs no extra query. Wider than
    `permissions.my_organisation_ids` (memberships only), which decides what a member may
    edit."""
    from territoires.models import Catalyseur

    return Organisation.objects.filter(
        Q(pk__in=Membre.objects.filter(user=user).values("organisation"))
        | Q(pk__in=Catalyseur.objects.actifs().filter(user=user).values("organisation"))
    ).values("pk")


def _organisation_moderated_by(self, user, rows=None):
    """Organisations the user may moderate: in their perimeter, and not their own (conflict of
    interest)."""
    condition = perimeter_q(
        user,
        region="siege__region_id",
        departement="siege__departement_id",
        epci="siege__epci_id",
        national=None,
        rows=rows,
    )
    return self.filter(condition).exclude(pk__in=_my_organisations(user))


def _alliance_moderated_by(self, user, rows=None):
    condition = perimeter_q(
        user,
        region="region_id",
        departement="departement_id",
        epci="commune__epci_id",
        national="national_scope",
        rows=rows,
    )
    mine = Participation.objects.filter(organisation__in=_my_organisations(user)).values("alliance")
    return (
        self.annotate(national_scope=Q(portee=Alliance.Portee.NATIONALE))
        .filter(condition)
        .exclude(pk__in=mine)
    )


def _offre_moderated_by(self, user, rows=None):
    condition = perimeter_q(
        user,
        region="region_id",
        departement="departement_id",
        epci="commune__epci_id",
        national="national",
        rows=rows,
    )
    return self.filter(condition).exclude(organisation__in=_my_organisations(user))


class Lieu(models.Model):
    """Where an item sits, copied on the moderation rows so that a perimeter's queue, reports
    and figures are one indexed query without joining three item tables."""

    commune = models.ForeignKey(
        Commune, verbose_name="commune", on_delete=models.PROTECT, null=True, related_name="+"
    )
    departement = models.ForeignKey(
        Departement,
        verbose_name="département",
        on_delete=models.PROTECT,
        to_field="code",
        null=True,
        related_name="+",
    )
    region = models.ForeignKey(
        Region,
        verbose_name="région",
        on_delete=models.PROTECT,
        to_field="code",
        null=True,
        related_name="+",
    )
    epci = models.ForeignKey(
        EPCI,
        verbose_name="EPCI",
        on_delete=models.PROTECT,
        to_field="siren",
        null=True,
        related_name="+",
    )
    national = models.BooleanField("portée nationale", default=False)

    class Meta:
        abstract = True


class ModerationQuerySet(models.QuerySet):
    def moderated_by(self, user, rows: list[tuple] | None = None):
        """Rows about items in the user's perimeter, without those of their own organisations
        (a catalyseur never judges their own structure: the others or staff do)."""
        condition = perimeter_q(
            user,
            region="region_id",
            departement="departement_id",
            epci="epci_id",
            national="national",
            rows=rows,
        )
        if not user.is_authenticated:
            return self.none()
        mine = _my_organisations(user)
        conflict = (
            Q(nature=Nature.ORGANISATION, object_id__in=mine)
            | Q(
                nature=Nature.ALLIANCE,
                object_id__in=Participation.objects.filter(organisation__in=mine).values(
                    "alliance"
                ),
            )
            | Q(
                nature=Nature.OFFRE,
                object_id__in=Offre.objects.filter(organisation__in=mine).values("pk"),
            )
        )
        return self.filter(condition).exclude(conflict)


class Soumission(Lieu):
    """An item waiting for a decision: one row while its status is `en_attente`, written and
    removed by `alliances.moderation.transition` only. The queue reads this table alone."""

    nature = models.CharField("nature", max_length=12, choices=Nature.choices)
    object_id = models.PositiveBigIntegerField("identifiant")
    titre = models.CharField("titre", max_length=200)
    submitted_at = models.DateTimeField("soumise le", default=timezone.now)
    escalated_at = models.DateTimeField("signalée au périmètre englobant le", null=True)
    # Set when reports, not its authors, sent a published item back to the queue.
    par_signalements = models.BooleanField("remise en file par des signalements", default=False)

    objects = ModerationQuerySet.as_manager()

    class Meta:
        verbose_name = "élément à modérer"
        verbose_name_plural = "éléments à modérer"
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["nature", "object_id"], name="soumission_unique"),
        ]
        indexes = [
            models.Index(fields=["submitted_at", "id"], name="soumission_file"),
            models.Index(fields=["region", "submitted_at", "id"], name="soumission_region"),
            models.Index(
                fields=["departement", "submitted_at", "id"], name="soumission_departement"
            ),
            models.Index(fields=["epci", "submitted_at", "id"], name="soumission_epci"),
        ]

    def __str__(self) -> str:
        return f"{self.get_nature_display()} : {self.titre}"


class DecisionQuerySet(ModerationQuerySet):
    def of_item(self, nature: str, object_id: int):
        return self.filter(nature=nature, object_id=object_id)

    def moderator_outcomes(self):
        """What the public figures count: decisions that end a wait, and unpublications."""
        return self.filter(
            (Q(de=Statut.EN_ATTENTE) & ~Q(vers=Statut.EN_ATTENTE))
            | Q(de=Statut.PUBLIEE, vers=Statut.DEPUBLIEE)
        )


class Decision(Lieu):
    """One transition of an item's status, kept forever: the append-only history that members
    and moderators read, and the source of the public moderation figures."""

    nature = models.CharField("nature", max_length=12, choices=Nature.choices)
    object_id = models.PositiveBigIntegerField("identifiant")
    titre = models.CharField("titre de l'élément", max_length=200)
    de = models.CharField("statut avant", max_length=20, choices=Statut.choices)
    vers = models.CharField("statut après", max_length=20, choices=Statut.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("le", default=timezone.now, db_index=True)
    motif = models.CharField("motif", max_length=30, blank=True)
    texte = models.TextField("précisions", blank=True, max_length=3000)
    message = models.TextField("message au déposant", blank=True, max_length=3000)
    # How long the item waited for this decision (decisions that leave `en_attente`).
    attente = models.DurationField("attente", null=True, blank=True)
    # What the public saw once published: the review page compares the next version with it.
    contenu = models.JSONField("contenu publié", null=True, blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "décision de modération"
        verbose_name_plural = "décisions de modération"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["nature", "object_id", "created_at"], name="decision_element"),
        ]

    def __str__(self) -> str:
        return f"{self.titre} : {self.get_de_display()} → {self.get_vers_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("Une décision de modération ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Une décision de modération ne se supprime pas.")

    @property
    def motif_detail(self):
        """The published reason (label and what to change), None without one."""
        from alliances.moderation import MOTIFS

        return MOTIFS.get(self.motif)

    @property
    def motif_label(self) -> str:
        motif = self.motif_detail
        return motif.label if motif else ""


class SignalementQuerySet(ModerationQuerySet):
    def ouverts(self):
        return self.filter(closed_at__isnull=True)


class Signalement(Lieu):
    """Someone (signed in or not) reports a published item to the catalyseurs of its place."""

    class Motif(models.TextChoices):
        INEXACT = "inexact", "informations fausses ou trompeuses"
        INAPPROPRIE = "inapproprie", "propos injurieux, haineux ou discriminatoires"
        PUBLICITE = "publicite", "publicité ou démarchage sans lien avec une alliance"
        ARNAQUE = "arnaque", "tentative d'arnaque ou d'usurpation"
        DONNEES_PERSONNELLES = "donnees_personnelles", "données personnelles exposées"
        DOUBLON = "doublon", "doublon d'une autre fiche"
        AUTRE = "autre", "autre raison"

    class Issue(models.TextChoices):
        MAINTENU = "maintenu", "contenu maintenu"
        RETIRE = "retire", "contenu retiré ou à corriger"

    nature = models.CharField("nature", max_length=12, choices=Nature.choices)
    object_id = models.PositiveBigIntegerField("identifiant")
    titre = models.CharField("titre de l'élément", max_length=200)
    motif = models.CharField("motif", max_length=30, choices=Motif.choices)
    texte = models.TextField("précisions", blank=True, max_length=2000)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="signalé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who reported, as one distinct person: "u<id>" for an account, a keyed hash of the IP
    # address for a visitor (the address itself is not kept).
    empreinte = models.CharField("empreinte de l'auteur", max_length=80)
    created_at = models.DateTimeField("signalé le", default=timezone.now)
    closed_at = models.DateTimeField("clos le", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="clos par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    issue = models.CharField("suite donnée", max_length=12, choices=Issue.choices, blank=True)

    objects = SignalementQuerySet.as_manager()

    class Meta:
        verbose_name = "signalement"
        verbose_name_plural = "signalements"
        ordering = ["created_at", "pk"]
        constraints = [
            # One open report per person and item: three reports are three people.
            models.UniqueConstraint(
                fields=["nature", "object_id", "empreinte"],
                condition=Q(closed_at__isnull=True),
                name="signalement_unique_ouvert",
            ),
        ]
        indexes = [
            models.Index(
                fields=["nature", "object_id"],
                condition=Q(closed_at__isnull=True),
                name="signalement_ouvert",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.titre} : {self.get_motif_display()}"


class Recours(models.Model):
    """The submitter contests a refusal or an unpublication, once per decision. Someone other
    than the decision's author, at a wider perimeter (or staff), answers it."""

    decision = models.OneToOneField(
        Decision,
        verbose_name="décision contestée",
        on_delete=models.PROTECT,
        related_name="recours",
    )
    texte = models.TextField("arguments", max_length=3000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déposé par",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField("déposé le", default=timezone.now)
    decided_at = models.DateTimeField("tranché le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tranché par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    accepte = models.BooleanField("accepté", null=True, blank=True)
    reponse = models.TextField("réponse", blank=True, max_length=3000)
    # Set once the catalyseurs who may decide were emailed (the task can run twice).
    notified_at = models.DateTimeField("catalyseurs prévenus le", null=True, blank=True)

    class Meta:
        verbose_name = "recours"
        verbose_name_plural = "recours"
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Recours sur {self.decision}"


def _forget_deleted_item(sender, instance, **kwargs):
    """A deleted organisation, alliance or offre leaves the queue and the open reports (the
    history of decisions stays: it is append-only). A receiver rather than a line in each
    delete path, because items also disappear by cascade (an organisation takes its offres
    with it) and from the admin's bulk delete, which no service sees."""
    nature = {Organisation: Nature.ORGANISATION, Alliance: Nature.ALLIANCE, Offre: Nature.OFFRE}[
        sender
    ]
    Soumission.objects.filter(nature=nature, object_id=instance.pk).delete()
    Signalement.objects.filter(nature=nature, object_id=instance.pk).delete()


for _model in (Organisation, Alliance, Offre):
    models.signals.post_delete.connect(
        _forget_deleted_item, sender=_model, dispatch_uid=f"moderation_forget_{_model.__name__}"
    )


def _remember_moderator(sender, request, user, **kwargs):
    """Whether the header shows the « Modération » link, read once at login and kept in the
    session, so that pages pay no query for it. The moderation pages refresh it (an
    appointment made during the session shows there); they check access on every request
    anyway."""
    from territoires.models import Catalyseur

    if request is not None and hasattr(request, "session"):
        request.session["moderation"] = bool(
            user.is_staff or Catalyseur.objects.actifs().filter(user=user).exists()
        )


user_logged_in.connect(_remember_moderator, dispatch_uid="moderation_remember_moderator")
