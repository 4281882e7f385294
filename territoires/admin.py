from django.contrib import admin

from territoires.models import EPCI, Commune, Departement, Region


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
