from django.contrib.sitemaps import Sitemap

from alliances.models import Alliance


class AlliancesSitemap(Sitemap):
    changefreq = "weekly"
    limit = 10_000

    def items(self):
        return Alliance.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, alliance: Alliance):
        return alliance.updated_at


SITEMAPS = {"alliances": AlliancesSitemap}
