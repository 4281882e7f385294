from django.contrib import admin
from django.utils import timezone

from moderation.models import Catalyseur


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
