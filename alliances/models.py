"""Alliances, the organisations taking part in them, and the search's count tables
(DESIGN.md §4)."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Floor
from django.urls import reverse

from moderation import historique
from moderation.models import Statut, perimeter_q
from nomenclatures.models import ODD, Domaine, Typologie
from organisations.models import Organisation
from recherche.texte import full_text_search, search_text
from territoires.geo import bbox_q, distance_km_expression
from territoires.models import Departement, PlacedInCommune, Region

# Map: server-side clusters of about this many pixels; single alliances from this zoom on.
MAP_CELL_PX = 60
MAP_DETAIL_ZOOM = 13
MAP_MAX_POINTS = 2000


def map_cell_size(zoom: int) -> float:
    """The side, in degrees, of the map's grid cells at this zoom (about 60 pixels)."""
    return MAP_CELL_PX * 360.0 / (256 * 2**zoom)


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
        """French full-text search, annotated with a `rang` to sort by relevance (see
        recherche.texte)."""
        return full_text_search(self, text)

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
        """Alliances the user may moderate: in their perimeter (national ones stay with staff
        and national catalyseurs), and none of their own organisations' (conflict of
        interest)."""
        condition = perimeter_q(
            user,
            region="region_id",
            departement="departement_id",
            epci="commune__epci_id",
            national="national_scope",
            rows=rows,
        )
        return (
            self.annotate(national_scope=Q(portee=Alliance.Portee.NATIONALE))
            .filter(condition)
            .exclude(pk__in=Alliance.objects.conflicting_with(user))
        )

    def conflicting_with(self, user):
        """The ids of the alliances of the organisations the user must not judge."""
        return Participation.objects.filter(
            organisation__in=Organisation.objects.conflicting_with(user)
        ).values("alliance")


class Alliance(PlacedInCommune):
    """A partnership between two or more organisations, typed by exactly one typologie."""

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
    # SQLite: the words of the vector below as PostgreSQL indexes them (recherche.texte).
    recherche = models.TextField("texte de recherche normalisé", editable=False, default="")
    # PostgreSQL only: the French full-text vector (title A, typologie, domaines and partners B,
    # description C), kept up to date by alliances_refresh_search and GIN-indexed by a
    # migration that SQLite skips.
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

    def refresh_recherche(self, partenaires: list[str], domaines: list[str]) -> None:
        """The text SQLite searches: the same parts as the vector (alliances_refresh_search),
        given the names of the confirmed partners and the labels of the domaines."""
        self.recherche = search_text(
            self.titre, self.get_typologie_display(), *domaines, *partenaires, self.description
        )


@historique.track(
    model_name="EvenementParticipation",
    fields=("alliance", "organisation", "role", "etat"),
    update=("role", "etat"),
)
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
