from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from alliances.models import Alliance
from offres.models import Offre
from organisations.models import Organisation
from territoires.models import Departement, Region


class PagesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return [
            "accueil",
            "alliances:alliance_list",
            "alliances:alliance_map",
            "organisations:organisation_list",
            "offres:offre_list",
            "territoires:region_list",
        ]

    def location(self, name: str) -> str:
        return reverse(name)


class AlliancesSitemap(Sitemap):
    changefreq = "weekly"
    limit = 10_000

    def items(self):
        return Alliance.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, alliance: Alliance):
        return alliance.updated_at


class OrganisationsSitemap(Sitemap):
    changefreq = "monthly"
    limit = 10_000

    def items(self):
        return Organisation.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, organisation: Organisation):
        return organisation.updated_at


class TerritoiresSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list:
        return [*Region.objects.order_by("code"), *Departement.objects.order_by("code")]


class OffresSitemap(Sitemap):
    """Open published offres; closed ones leave the plan (their page stays reachable)."""

    changefreq = "daily"
    limit = 10_000

    def items(self):
        return Offre.objects.visible().only("slug", "updated_at").order_by("pk")

    def lastmod(self, offre: Offre):
        return offre.updated_at


SITEMAPS = {
    "pages": PagesSitemap,
    "offres": OffresSitemap,
    "alliances": AlliancesSitemap,
    "acteurs": OrganisationsSitemap,
    "territoires": TerritoiresSitemap,
}
