from django.contrib import admin

from moderation.admin import HistoriqueAdminMixin, publish_through_moderation
from organisations.models import DemandeAdhesion, Invitation, Membre, Organisation
from organisations.services import organisations_refresh_search


class MembreInline(admin.TabularInline):
    model = Membre
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(HistoriqueAdminMixin, admin.ModelAdmin):
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
    readonly_fields = ["statut", "created_at", "updated_at", "historique"]
    inlines = [MembreInline]
    actions = ["publish"]

    def save_related(self, request, form, formsets, change):
        # After the domaines are saved: the search reads their labels.
        super().save_related(request, form, formsets, change)
        organisations_refresh_search([form.instance.pk])

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
