"""Offres (what an organisation proposes or looks for), the mises en relation they start, and
alertes, the saved searches mailed as digests (DESIGN.md §4)."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse

from alliances.models import Alliance
from moderation.models import Statut, perimeter_q
from nomenclatures.models import ODD, Domaine, Typologie
from organisations.models import Membre, Organisation
from recherche.texte import full_text_search, search_text
from territoires.geo import bbox_q, distance_km_expression
from territoires.models import PlacedInCommune


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
    def search(self, text: str):
        """French full-text search, annotated with a `rang` (see recherche.texte)."""
        return full_text_search(self, text)

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
        """Offres the user may moderate: in their perimeter, and none of their own
        organisations' (conflict of interest)."""
        condition = perimeter_q(
            user,
            region="region_id",
            departement="departement_id",
            epci="commune__epci_id",
            national="national",
            rows=rows,
        )
        return self.filter(condition).exclude(pk__in=Offre.objects.conflicting_with(user))

    def conflicting_with(self, user):
        """The ids of the offres of the organisations the user must not judge."""
        return Offre.objects.filter(
            organisation__in=Organisation.objects.conflicting_with(user)
        ).values("pk")


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
    typologie = models.CharField("typologie", max_length=30, choices=Typologie.choices)
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
        return reverse("offres:offre_detail", kwargs={"slug": self.slug})

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
        self.recherche = search_text(*words)


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
    # The agreement drafted from this contact (conventions), which follows the alliance once
    # it is declared.
    convention = models.ForeignKey(
        "conventions.Convention",
        verbose_name="convention",
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
        return reverse("offres:mise_en_relation_detail", kwargs={"pk": self.pk})

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
        name = "offres:offre_list" if self.cible == self.Cible.OFFRES else "alliances:alliance_list"
        return reverse(name) + (f"?{self.criteres}" if self.criteres else "")
