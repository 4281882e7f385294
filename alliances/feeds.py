"""Atom feeds of published alliances: all of France, or one région or département."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from alliances.models import Alliance
from territoires.models import Departement, Region

ENTRIES = 50


class AlliancesFeed(Feed):
    feed_type = Atom1Feed
    territoires = {"regions": Region, "departements": Departement}

    def get_object(self, request, niveau: str | None = None, slug: str | None = None):
        if niveau is None:
            return None
        model = self.territoires.get(niveau)
        if model is None:
            raise Http404
        return get_object_or_404(model, slug=slug)

    def title(self, territoire) -> str:
        if territoire is None:
            return "Alliances ODD 17 : les dernières alliances publiées"
        return f"Alliances ODD 17 : les dernières alliances — {territoire.nom}"

    def link(self, territoire) -> str:
        if territoire is None:
            return reverse("alliances:alliance_list")
        key = "region" if isinstance(territoire, Region) else "departement"
        return f"{reverse('alliances:alliance_list')}?{key}={territoire.code}"

    def subtitle(self, territoire) -> str:
        return "Partenariats entre associations, entreprises et collectivités."

    def items(self, territoire):
        alliances = Alliance.objects.published().select_related("commune")
        if isinstance(territoire, Region):
            alliances = alliances.filter(region=territoire)
        elif isinstance(territoire, Departement):
            alliances = alliances.filter(departement=territoire)
        return alliances.order_by("-created_at")[:ENTRIES]

    def item_title(self, alliance: Alliance) -> str:
        return alliance.titre

    def item_description(self, alliance: Alliance) -> str:
        return f"{alliance.get_typologie_display().capitalize()} · {alliance.commune}"

    def item_pubdate(self, alliance: Alliance):
        return alliance.created_at

    def item_updateddate(self, alliance: Alliance):
        return alliance.updated_at
