from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from chartes.models import Charte, SignatureCharte
from chartes.services import charte_draft, charte_publish


@admin.register(Charte)
class CharteAdmin(admin.ModelAdmin):
    list_display = ["version", "publiee_le", "created_at"]
    readonly_fields = ["version", "publiee_le", "created_at"]
    actions = ["publier"]

    def get_readonly_fields(self, request, obj=None):
        # A published version is what organisations signed: its text never changes.
        if obj is not None and obj.publiee_le is not None:
            return [*self.readonly_fields, "texte", "resume"]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is None or obj.publiee_le is None

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = charte_draft(texte=obj.texte, resume=obj.resume)
        obj.pk, obj.version, obj.created_at = created.pk, created.version, created.created_at

    @admin.action(description="Publier la version choisie (les signataires signeront de nouveau)")
    def publier(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Choisissez une seule version à publier.", messages.ERROR)
            return
        try:
            charte = charte_publish(queryset.get())
        except ValidationError as error:
            self.message_user(request, error.messages[0], messages.ERROR)
            return
        self.message_user(
            request,
            f"Version {charte.version} en vigueur : les administrateurs des organisations "
            "signataires sont invités à la signer.",
        )


@admin.register(SignatureCharte)
class SignatureCharteAdmin(admin.ModelAdmin):
    list_display = ["organisation", "charte", "signataire", "signee_le"]
    list_filter = ["charte"]
    search_fields = ["organisation__nom", "signataire"]
    readonly_fields = ["organisation", "charte", "signee_par", "signataire", "signee_le"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
