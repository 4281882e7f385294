from django.contrib.sitemaps import Sitemap

from offres.models import Offre


class OffresSitemap(Sitemap):
    """Open published offres; closed ones leave the plan (their page stays reachable)."""

    changefreq = "daily"
    limit = 10_000

    def items(self):
        return Offre.objects.visible().only("slug", "updated_at").order_by("pk")

    def lastmod(self, offre: Offre):
        return offre.updated_at


SITEMAPS = {"offres": OffresSitemap}
