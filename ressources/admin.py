from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import path
from django.views.decorators.http import require_POST

from ressources import services
from ressources.contenu import render_contenu
from ressources.forms import RessourceAdminForm
from ressources.models import Ressource


@admin.register(Ressource)
class RessourceAdmin(admin.ModelAdmin):
    """Staff write resources here. « Prévisualiser » renders the content being typed (a small
    script posts it to `apercu/`); without JavaScript, « Enregistrer et continuer » shows it
    under « Aperçu du contenu ». « Voir sur le site » opens the page even before publication."""

    form = RessourceAdminForm
    list_display = ["titre", "categorie", "format", "maturite", "publiee", "publiee_le", "is_demo"]
    list_filter = ["publiee", "categorie", "format", "maturite", "is_demo"]
    search_fields = ["titre", "resume"]
    prepopulated_fields = {"slug": ["titre"]}
    raw_id_fields = ["editeur_organisation"]
    filter_horizontal = ["domaines", "odd"]
    readonly_fields = ["apercu", "fichier_type", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["titre", "slug", "resume", "contenu", "apercu"]}),
        (
            "Classement",
            {
                "fields": [
                    "categorie",
                    "format",
                    "maturite",
                    "profils",
                    "objectifs",
                    "typologies",
                    "domaines",
                    "odd",
                ]
            },
        ),
        ("Document ou lien", {"fields": ["fichier", "fichier_type", "lien"]}),
        ("Éditeur", {"fields": ["editeur_organisation", "editeur_nom"]}),
        ("Publication", {"fields": ["publiee", "publiee_le", "is_demo"]}),
        ("Kit « ODD 17 en pratique »", {"fields": ["fiche_kit", "ordre"]}),
        ("Suivi", {"fields": ["created_at", "updated_at"]}),
    ]

    class Media:
        js = ["js/ressources-apercu.js"]
        css = {"all": ["css/ressources-admin.css"]}

    def get_urls(self):
        apercu = self.admin_site.admin_view(require_POST(self.apercu_view))
        return [
            path("apercu/", apercu, name="ressources_ressource_apercu"),
            *super().get_urls(),
        ]

    def apercu_view(self, request: HttpRequest) -> HttpResponse:
        """The content posted, rendered as the public page would (sanitised, with its table of
        contents), for whoever may edit resources."""
        if not self.has_change_permission(request) and not self.has_add_permission(request):
            return HttpResponse(status=403)
        contenu, sommaire = render_contenu(request.POST.get("contenu", ""))
        return HttpResponse(
            render_to_string(
                "ressources/admin_apercu.html", {"contenu": contenu, "sommaire": sommaire}
            )
        )

    @admin.display(description="aperçu du contenu")
    def apercu(self, ressource: Ressource) -> str:
        if not ressource.pk:
            return "L'aperçu apparaît après le premier enregistrement."
        contenu, sommaire = render_contenu(ressource.contenu)
        return render_to_string(
            "ressources/admin_apercu.html", {"contenu": contenu, "sommaire": sommaire}
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.ressource_save(ressource=form.instance, valeurs=form.valeurs())
