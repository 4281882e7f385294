from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from comptes.models import Courriel, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_demo", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "is_demo"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Identité", {"fields": ["first_name", "last_name"]}),
        (
            "Droits",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
        ("Démonstration", {"fields": ["is_demo"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]


@admin.register(Courriel)
class CourrielAdmin(admin.ModelAdmin):
    """The outbox: what waits, what was sent, what failed after every attempt (read only)."""

    list_display = ["sujet", "destinataires", "etat", "tentatives", "created_at", "sent_at"]
    list_filter = ["etat"]
    search_fields = ["sujet", "destinataires"]
    readonly_fields = [field.name for field in Courriel._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
