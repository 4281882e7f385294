"""Organisations (acteurs) and the people who act for them: members, invitations, join
requests (DESIGN.md §4)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from moderation import historique
from moderation.models import Catalyseur, Statut, perimeter_q
from nomenclatures.models import ODD, Domaine
from recherche.texte import full_text_search, search_text, words_search
from territoires.geo import bbox_q, distance_km_expression
from territoires.models import EPCI, Commune, Departement, Region, normalize_search


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
        """French full-text search, annotated with a `rang` to sort by relevance, like the
        alliances (see recherche.texte): name, type, domaines, description."""
        return full_text_search(self, text)

    def name_search(self, text: str):
        """Every word of the text, without accents, in the name, whole or begun: what the
        suggestions read while a partner's name is being typed."""
        return words_search(self, text, field="nom_recherche")

    def near(self, latitude: float, longitude: float, km: float):
        """Organisations whose siège is within `km` of a point, annotated with their
        `distance` in km (the same mechanism as the alliances' and offres' near())."""
        return (
            self.filter(bbox_q(latitude, longitude, km, prefix="siege__"))
            .annotate(distance=distance_km_expression(latitude, longitude, prefix="siege__"))
            .filter(distance__lte=km)
        )

    def for_listing(self):
        return self.select_related("siege", "siege__departement").prefetch_related(
            "domaines", "odd"
        )

    def conflicting_with(self, user):
        """The organisations a moderator must not judge (conflict of interest): those they are
        a member of, and those their active appointments act for (a CCI's catalyseur does not
        moderate the CCI). As a subquery of ids, so that scoping costs no extra query. Wider
        than `permissions.my_organisation_ids` (memberships only), which decides what a member
        may edit."""
        return self.filter(
            Q(pk__in=Membre.objects.filter(user=user).values("organisation"))
            | Q(pk__in=Catalyseur.objects.actifs().filter(user=user).values("organisation"))
        ).values("pk")

    def sites_of(self, organisation_ids) -> list[str]:
        """The web sites of these organisations (links to them raise no moderation flag)."""
        return [
            site
            for site in self.filter(pk__in=organisation_ids).values_list("site_web", flat=True)
            if site
        ]

    def moderated_by(self, user, rows: list[tuple] | None = None):
        """Organisations the user may moderate: in their perimeter, and not their own (conflict
        of interest)."""
        condition = perimeter_q(
            user,
            region="siege__region_id",
            departement="siege__departement_id",
            epci="siege__epci_id",
            national=None,
            rows=rows,
        )
        return self.filter(condition).exclude(pk__in=Organisation.objects.conflicting_with(user))


# An organisation's identity: what names and places it for the public and the registries. Its
# status is not here: each of its changes is a moderation decision, recorded with its author.
IDENTITE = ("nom", "kind", "siren", "siret", "rna", "siege")


@historique.track(
    model_name="EvenementIdentiteOrganisation",
    fields=IDENTITE,
    insert=False,
    update=IDENTITE,
    delete=False,
    update_old=True,
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

    # What the search reads (organisations_refresh_search): SQLite's words (recherche.texte),
    # PostgreSQL's vector (name A, type and domaines B, description C; GIN-indexed by migration
    # 0003), and the name without accents for the suggestions.
    recherche = models.TextField("texte de recherche normalisé", editable=False, default="")
    search_vector = SearchVectorField("vecteur de recherche", null=True, editable=False)
    nom_recherche = models.CharField(
        "nom normalisé pour les suggestions", max_length=200, editable=False, default=""
    )
    # When an admin signed the version in force of the Charte du faire alliance for it; set
    # and cleared by the chartes app (each signature is kept there), read here without a join
    # by the badge, the directory, the alliance search and the observatoire.
    charte_signee_le = models.DateTimeField(
        "charte du faire alliance signée le", null=True, blank=True, editable=False
    )
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
        return reverse("organisations:organisation_detail", kwargs={"slug": self.slug})

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

    def refresh_recherche(self, domaines: list[str]) -> None:
        """The texts SQLite searches, given the labels of the domaines: the same parts as the
        vector (organisations_refresh_search)."""
        self.nom_recherche = normalize_search(self.nom)
        self.recherche = search_text(self.nom, self.get_kind_display(), *domaines, self.description)


class MembreQuerySet(models.QuerySet):
    def accounts_of(self, organisation_ids):
        """The active accounts that are members of these organisations (ids or a subquery)."""
        return get_user_model().objects.filter(
            is_active=True, pk__in=self.filter(organisation__in=organisation_ids).values("user")
        )


@historique.track(
    model_name="EvenementMembre", fields=("user", "organisation", "role"), update=("role",)
)
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

    objects = MembreQuerySet.as_manager()

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
