from django.contrib import admin
from django.utils import timezone

from territoires.models import EPCI, Catalyseur, Commune, Departement, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "nom", "population"]
    search_fields = ["code", "nom"]


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["code", "nom", "region", "population"]
    list_filter = ["region"]
    search_fields = ["code", "nom"]


@admin.register(EPCI)
class EPCIAdmin(admin.ModelAdmin):
    list_display = ["siren", "nom", "nature", "population", "actuel"]
    list_filter = ["nature", "actuel"]
    search_fields = ["siren", "nom"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code_insee", "nom", "departement", "population", "actuelle"]
    list_filter = ["actuelle", "region"]
    search_fields = ["code_insee", "nom", "codes_postaux"]
    raw_id_fields = ["epci"]
    list_select_related = ["departement"]


@admin.register(Catalyseur)
class CatalyseurAdmin(admin.ModelAdmin):
    """Staff appoint catalyseurs here; unticking « actif » removes the access at once."""

    list_display = ["user", "niveau", "perimetre_label", "organisation", "actif", "appointed_at"]
    list_filter = ["niveau", "actif", "region"]
    search_fields = ["user__email", "organisation__nom"]
    raw_id_fields = ["user", "organisation", "departement", "epci"]
    readonly_fields = ["appointed_by", "appointed_at", "ended_at"]
    list_select_related = ["user", "organisation", "region", "departement", "epci"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.appointed_by = request.user
        if change and "actif" in form.changed_data:
            obj.ended_at = None if obj.actif else timezone.now()
        super().save_model(request, obj, form, change)
