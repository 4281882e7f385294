from django.contrib import admin

from moderation.admin import publish_through_moderation
from offres.models import Alerte, MiseEnRelation, Offre
from offres.services import offres_refresh_search


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
