from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from alliances.models import Alliance, InvitationPartenaire, Participation
from moderation import workflow
from moderation.models import Decision, Signalement, Statut
from nomenclatures.models import ODD, Domaine
from offres.models import Alerte, MiseEnRelation, Offre
from offres.services import offres_refresh_search
from organisations.models import DemandeAdhesion, Invitation, Membre, Organisation


def publish_through_moderation(modeladmin, request, items, *, noun: str) -> None:
    """The admin's « publier » action: through the moderation workflow, as a catalyseur would
    (a recorded decision, an email to the members, the requests an organisation wrote while
    it waited delivered); items it cannot publish are listed."""
    publiees, ecartees = 0, []
    for item in items:
        try:
            workflow.transition(item, to=Statut.PUBLIEE, by=request.user)
            publiees += 1
        except (ValidationError, PermissionDenied):
            ecartees.append(str(item))
    modeladmin.message_user(request, f"{publiees} {noun}(s) publiée(s).")
    if ecartees:
        modeladmin.message_user(
            request,
            "Non publiées (pas en attente de modération, ou conflit d'intérêts) : "
            + ", ".join(ecartees),
            level=messages.WARNING,
        )


class MembreInline(admin.TabularInline):
    model = Membre
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["nom", "kind", "statut", "siege", "siren", "rna", "is_demo", "created_at"]
    list_filter = ["statut", "kind", "is_demo", "siege__region"]
    search_fields = ["nom", "siren", "siret", "rna"]
    list_select_related = ["siege"]
    raw_id_fields = [
        "siege",
        "territoire_commune",
        "territoire_epci",
        "territoire_departement",
        "territoire_region",
    ]
    filter_horizontal = ["domaines", "odd"]
    # The status changes through the moderation workflow only (recorded decision, email).
    readonly_fields = ["statut", "created_at", "updated_at"]
    inlines = [MembreInline]
    actions = ["publish"]

    @admin.action(description="Publier les organisations sélectionnées")
    def publish(self, request, queryset):
        publish_through_moderation(
            self, request, queryset.select_related("siege"), noun="organisation"
        )


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "accepted_at"]
    raw_id_fields = ["organisation", "invited_by", "accepted_by"]


@admin.register(DemandeAdhesion)
class DemandeAdhesionAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "etat", "created_at"]
    list_filter = ["etat"]
    raw_id_fields = ["user", "organisation", "decided_by"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    raw_id_fields = ["organisation", "decided_by"]


@admin.register(Alliance)
class AllianceAdmin(admin.ModelAdmin):
    list_display = ["titre", "typologie", "etat", "statut", "commune", "is_demo", "created_at"]
    list_filter = ["statut", "typologie", "etat", "is_demo", "region"]
    search_fields = ["titre"]
    list_select_related = ["commune"]
    raw_id_fields = ["commune", "departement", "region", "declared_by"]
    filter_horizontal = ["domaines", "odd"]
    # The status changes through the moderation space only (recorded decision, email).
    readonly_fields = ["statut", "created_at", "updated_at"]
    inlines = [ParticipationInline]


@admin.register(InvitationPartenaire)
class InvitationPartenaireAdmin(admin.ModelAdmin):
    list_display = ["email", "alliance", "created_at", "participation"]
    raw_id_fields = ["alliance", "invited_by", "participation"]


admin.site.register(Domaine)
admin.site.register(ODD)


# Offres, mises en relation et alertes


@admin.register(Offre)
class OffreAdmin(admin.ModelAdmin):
    list_display = ["titre", "organisation", "sens", "typologie", "statut", "etat", "created_at"]
    list_filter = ["statut", "etat", "sens", "typologie", "is_demo", "region"]
    search_fields = ["titre", "organisation__nom"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation", "commune", "created_by"]
    # Copied from the commune on save.
    exclude = ["departement", "region", "latitude", "longitude"]
    filter_horizontal = ["domaines", "odd"]
    # The status changes through the moderation workflow only, like organisations.
    readonly_fields = ["statut", "created_at", "updated_at"]
    actions = ["publish"]

    @admin.action(description="Publier les offres sélectionnées")
    def publish(self, request, queryset):
        publish_through_moderation(self, request, queryset.select_related("commune"), noun="offre")

    def save_model(self, request, obj, form, change):
        # What the services do on each save: place copied from the commune, search texts.
        if obj.national:
            obj.rayon_km = None
        obj.copy_commune_place()
        obj.refresh_recherche()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        offres_refresh_search([form.instance.pk])


@admin.register(MiseEnRelation)
class MiseEnRelationAdmin(admin.ModelAdmin):
    list_display = ["offre", "emettrice", "destinataire", "etat", "created_at", "answered_at"]
    list_filter = ["etat", "motif"]
    list_select_related = ["offre", "emettrice", "destinataire"]
    raw_id_fields = ["offre", "emettrice", "destinataire", "sent_by", "answered_by", "alliance"]


@admin.register(Alerte)
class AlerteAdmin(admin.ModelAdmin):
    list_display = ["nom", "user", "cible", "frequence", "active", "last_sent_at"]
    list_filter = ["cible", "frequence", "active"]
    raw_id_fields = ["user"]


# Modération


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    """The history is append-only: readable here, never changed."""

    list_display = ["created_at", "nature", "titre", "de", "vers", "motif", "by"]
    list_filter = ["nature", "vers", "motif", "region"]
    search_fields = ["titre", "by__email"]
    list_select_related = ["by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Signalement)
class SignalementAdmin(admin.ModelAdmin):
    """Reports are closed from the moderation space, with a decision."""

    list_display = ["created_at", "nature", "titre", "motif", "closed_at", "issue"]
    list_filter = ["nature", "motif", "issue"]
    search_fields = ["titre"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
