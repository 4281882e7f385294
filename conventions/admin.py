from django.contrib import admin

from conventions.models import (
    Clause,
    Convention,
    PartieConvention,
    ValidationConvention,
    VersionConvention,
)


class PartieInline(admin.TabularInline):
    model = PartieConvention
    extra = 0
    fields = ("organisation", "nom", "identifiant", "representant", "qualite")
    readonly_fields = fields
    can_delete = False


class ClauseInline(admin.StackedInline):
    model = Clause
    extra = 0
    fields = ("ordre", "titre", "texte")
    readonly_fields = fields
    can_delete = False


class ValidationInline(admin.TabularInline):
    model = ValidationConvention
    extra = 0
    fields = ("organisation", "version", "signataire", "validee_le")
    readonly_fields = fields
    can_delete = False


@admin.register(Convention)
class ConventionAdmin(admin.ModelAdmin):
    """Read only: a convention belongs to its parties, who write it in their espace."""

    list_display = ("titre", "modele", "etat", "version", "alliance", "updated_at")
    list_filter = ("etat", "modele", "is_demo")
    search_fields = ("titre", "parties__nom")
    readonly_fields = (
        "modele",
        "titre",
        "objet",
        "date_debut",
        "duree_mois",
        "alliance",
        "version",
        "etat",
        "created_by",
        "validee_le",
        "is_demo",
    )
    inlines = [PartieInline, ClauseInline, ValidationInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # A validated text is kept as the parties agreed it.
        return obj is not None and obj.is_draft


@admin.register(VersionConvention)
class VersionConventionAdmin(admin.ModelAdmin):
    list_display = ("convention", "numero", "figee_le")
    readonly_fields = ("convention", "numero", "contenu", "figee_le")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
