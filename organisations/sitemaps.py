from django.contrib.sitemaps import Sitemap

from organisations.models import Organisation


class OrganisationsSitemap(Sitemap):
    changefreq = "monthly"
    limit = 10_000

    def items(self):
        return Organisation.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, organisation: Organisation):
        return organisation.updated_at


SITEMAPS = {"acteurs": OrganisationsSitemap}
