"""The library's part of the site plan, merged into the project's in config/urls.py (alliances
must not import ressources)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from ressources.models import Ressource


class RessourcesPagesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["ressources:ressource_list", "ressources:kit", "ressources:autodiagnostic"]

    def location(self, name: str) -> str:
        return reverse(name)


class RessourcesSitemap(Sitemap):
    """Published resources only: a draft or a resource programmed for later stays out."""

    changefreq = "monthly"
    limit = 10_000

    def items(self):
        return Ressource.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, ressource: Ressource):
        return ressource.updated_at


SITEMAPS = {
    "ressources-pages": RessourcesPagesSitemap,
    "ressources": RessourcesSitemap,
}
