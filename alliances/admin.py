from django.contrib import admin

from alliances.models import Alliance, InvitationPartenaire, Participation
from alliances.services import alliances_refresh_search
from moderation.admin import HistoriqueAdminMixin


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    raw_id_fields = ["organisation", "decided_by"]


@admin.register(Alliance)
class AllianceAdmin(HistoriqueAdminMixin, admin.ModelAdmin):
    list_display = ["titre", "typologie", "etat", "statut", "commune", "is_demo", "created_at"]
    list_filter = ["statut", "typologie", "etat", "is_demo", "region"]
    search_fields = ["titre"]
    list_select_related = ["commune"]
    raw_id_fields = ["commune", "departement", "region", "declared_by"]
    filter_horizontal = ["domaines", "odd"]
    # The status changes through the moderation space only (recorded decision, email).
    readonly_fields = ["statut", "created_at", "updated_at", "historique"]
    inlines = [ParticipationInline]

    def save_related(self, request, form, formsets, change):
        # After the domaines and the partners are saved: the search reads them.
        super().save_related(request, form, formsets, change)
        alliances_refresh_search([form.instance.pk])


@admin.register(InvitationPartenaire)
class InvitationPartenaireAdmin(admin.ModelAdmin):
    list_display = ["email", "alliance", "created_at", "participation"]
    raw_id_fields = ["alliance", "invited_by", "participation"]
