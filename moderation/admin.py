from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.utils import timezone

from moderation import historique as journal
from moderation import registry, workflow
from moderation.models import Catalyseur, Decision, Signalement, Statut


class HistoriqueAdminMixin:
    """A read-only « historique » on the change page: what the database recorded of the item's
    changes (moderation.historique). Add "historique" to `readonly_fields`."""

    def journal_lines(self, obj) -> list:
        return registry.kind_of(obj).journal(obj)

    @admin.display(description="historique")
    def historique(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return render_to_string("moderation/_journal.html", {"evenements": self.journal_lines(obj)})


@admin.register(Catalyseur)
class CatalyseurAdmin(HistoriqueAdminMixin, admin.ModelAdmin):
    """Staff appoint catalyseurs here; unticking « actif » removes the access at once. Each
    appointment, change of perimeter and end is recorded (« historique »)."""

    list_display = ["user", "niveau", "perimetre_label", "organisation", "actif", "appointed_at"]
    list_filter = ["niveau", "actif", "region"]
    search_fields = ["user__email", "organisation__nom"]
    raw_id_fields = ["user", "organisation", "departement", "epci"]
    readonly_fields = ["appointed_by", "appointed_at", "ended_at", "historique"]
    list_select_related = ["user", "organisation", "region", "departement", "epci"]

    def journal_lines(self, obj) -> list:
        return journal.events_for(
            Catalyseur,
            journal.event_model(Catalyseur).objects.filter(pgh_obj_id=obj.pk),
            objet=lambda values: f"Catalyseur : {values['user']}",
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.appointed_by = request.user
        if change and "actif" in form.changed_data:
            obj.ended_at = None if obj.actif else timezone.now()
        super().save_model(request, obj, form, change)


def publish_through_moderation(modeladmin, request, items, *, noun: str) -> None:
    """The admin's « publier » action: through the moderation workflow, as a catalyseur would
    (a recorded decision, an email to the members, the requests an organisation wrote while
    it waited delivered); items it cannot publish are listed."""
    publiees, ecartees = 0, []
    for item in items:
        try:
            workflow.transition(item, to=Statut.PUBLIEE, by=request.user)
            publiees += 1
        except (ValidationError, PermissionDenied):
            ecartees.append(str(item))
    modeladmin.message_user(request, f"{publiees} {noun}(s) publiée(s).")
    if ecartees:
        modeladmin.message_user(
            request,
            "Non publiées (pas en attente de modération, ou conflit d'intérêts) : "
            + ", ".join(ecartees),
            level=messages.WARNING,
        )


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    """The history is append-only: readable here, never changed."""

    list_display = ["created_at", "nature", "titre", "de", "vers", "motif", "by"]
    list_filter = ["nature", "vers", "motif", "region"]
    search_fields = ["titre", "by__email"]
    list_select_related = ["by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Signalement)
class SignalementAdmin(admin.ModelAdmin):
    """Reports are closed from the moderation space, with a decision."""

    list_display = ["created_at", "nature", "titre", "motif", "closed_at", "issue"]
    list_filter = ["nature", "motif", "issue"]
    search_fields = ["titre"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
