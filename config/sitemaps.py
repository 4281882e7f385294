"""The site plan (/sitemap.xml): the fixed pages here, each app's own pages in its sitemaps.py;
config/urls.py puts them together."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


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
            "stats",
            "chartes:charte",
        ]

    def location(self, name: str) -> str:
        return reverse(name)
