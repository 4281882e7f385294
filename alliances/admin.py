from django.contrib import admin

from alliances.models import (
    ODD,
    Alliance,
    DemandeAdhesion,
    Domaine,
    Invitation,
    InvitationPartenaire,
    Membre,
    Organisation,
    Participation,
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
    readonly_fields = ["created_at", "updated_at"]
    inlines = [MembreInline]
    actions = ["publish"]

    @admin.action(description="Publier les organisations sélectionnées")
    def publish(self, request, queryset):
        # Until the moderation workflow lands (catalyseurs, recorded decisions), staff publish here.
        updated = queryset.update(statut="publiee")
        self.message_user(request, f"{updated} organisation(s) publiée(s).")


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
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ParticipationInline]


@admin.register(InvitationPartenaire)
class InvitationPartenaireAdmin(admin.ModelAdmin):
    list_display = ["email", "alliance", "created_at", "participation"]
    raw_id_fields = ["alliance", "invited_by", "participation"]


admin.site.register(Domaine)
admin.site.register(ODD)
