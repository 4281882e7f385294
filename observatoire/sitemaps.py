from django.contrib.sitemaps import Sitemap

from territoires.models import Departement, Region


class TerritoiresSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list:
        return [*Region.objects.order_by("code"), *Departement.objects.order_by("code")]


SITEMAPS = {"territoires": TerritoiresSitemap}
