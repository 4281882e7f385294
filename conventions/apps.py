from django.apps import AppConfig


def _alliance_section(request, alliance) -> dict | None:
    """The partners' members see the alliance's conventions (never anyone else): one query
    for whether I take part, one more for the conventions when I do."""
    from django.db.models import Exists, OuterRef

    from alliances.models import Participation
    from conventions.models import Convention
    from organisations.models import Membre

    if not request.user.is_authenticated:
        return None
    mine = Membre.objects.filter(user=request.user, organisation=OuterRef("organisation_id"))
    parts = list(
        alliance.participations.exclude(etat=Participation.Etat.REFUSEE)
        .annotate(mine=Exists(mine))
        .values_list("organisation_id", "mine")
    )
    mes_organisations = [organisation for organisation, is_mine in parts if is_mine]
    if not mes_organisations:
        return None
    conventions = list(
        Convention.objects.filter(alliance=alliance, parties__organisation__in=mes_organisations)
        .distinct()
        .order_by("-updated_at")
    )
    return {
        "alliance": alliance,
        "conventions": conventions,
        "peut_rediger": len(parts) >= 2 and not any(c.is_draft for c in conventions),
    }


class ConventionsConfig(AppConfig):
    name = "conventions"
    verbose_name = "conventions"

    def ready(self):
        from comptes.donnees import Rubrique
        from comptes.donnees import register as register_donnees
        from conventions import donnees

        register_donnees(
            Rubrique(
                "conventions", "Conventions rédigées et validées", export=donnees.export, ordre=45
            )
        )

        from alliances.pages import Section, register_section

        register_section(
            Section(
                name="convention",
                template="conventions/section_alliance.html",
                context=_alliance_section,
                zone="cote",
                ordre=10,
            )
        )
