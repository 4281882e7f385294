"""Follow-ups and evaluations in the admin: read only. Partners write them from the espace pro
(an answer speaks for an organisation), the daily job plans and flags them."""

from django.contrib import admin

from suivis.models import Evaluation, ReponseSuivi, Suivi, ValeurIndicateur


class LectureSeule:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ReponseInline(LectureSeule, admin.TabularInline):
    model = ReponseSuivi
    fields = ["organisation", "etat", "answered_at", "demandee_le", "relances"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Suivi)
class SuiviAdmin(LectureSeule, admin.ModelAdmin):
    list_display = ["alliance", "rang", "echeance", "prochaine_echeance", "signale_le"]
    list_filter = ["rang", "signale_le"]
    search_fields = ["alliance__titre"]
    date_hierarchy = "echeance"
    list_select_related = ["alliance"]
    inlines = [ReponseInline]


class ValeurInline(LectureSeule, admin.TabularInline):
    model = ValeurIndicateur
    fields = ["indicateur", "odd", "valeur"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(ReponseSuivi)
class ReponseSuiviAdmin(LectureSeule, admin.ModelAdmin):
    list_display = ["suivi", "organisation", "etat", "answered_at", "relances"]
    list_filter = ["etat", "relances"]
    search_fields = ["suivi__alliance__titre", "organisation__nom"]
    list_select_related = ["suivi", "suivi__alliance", "organisation"]
    inlines = [ValeurInline]


@admin.register(Evaluation)
class EvaluationAdmin(LectureSeule, admin.ModelAdmin):
    list_display = ["alliance", "organisation", "innovation", "performance", "confiance"]
    search_fields = ["alliance__titre", "organisation__nom"]
    list_select_related = ["alliance", "organisation"]
