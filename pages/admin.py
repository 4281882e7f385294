from django.contrib import admin, messages

from pages.models import AcceptationCGU, Page
from pages.services import cgu_publish


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["titre", "slug", "version", "en_vigueur_le", "updated_at"]
    readonly_fields = ["version", "en_vigueur_le", "updated_at"]
    actions = ["publier_nouvelle_version"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # The footer links to each page: a text is changed, never removed.
        return False

    @admin.action(description="Publier une nouvelle version des conditions générales")
    def publier_nouvelle_version(self, request, queryset):
        cgu = queryset.filter(slug=Page.Slug.CGU).first()
        if cgu is None:
            self.message_user(
                request,
                "Seules les conditions générales ont des versions : cochez leur page.",
                messages.ERROR,
            )
            return
        cgu = cgu_publish(cgu)
        self.message_user(
            request,
            f"Version {cgu.version} publiée : chaque compte l'acceptera à sa prochaine visite.",
        )


@admin.register(AcceptationCGU)
class AcceptationCGUAdmin(admin.ModelAdmin):
    list_display = ["user", "version", "accepted_at"]
    list_filter = ["version"]
    search_fields = ["user__email"]
    readonly_fields = ["user", "version", "accepted_at"]

    def has_add_permission(self, request) -> bool:
        return False
