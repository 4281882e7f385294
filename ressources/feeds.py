"""Atom feed of the library: the latest published resources."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.timezone import get_current_timezone

from ressources.models import Ressource

ENTRIES = 50


class RessourcesFeed(Feed):
    feed_type = Atom1Feed
    title = "Alliances ODD 17 : les dernières ressources publiées"
    subtitle = "Guides, outils, études et fiches pour apprendre à faire alliance."

    def link(self) -> str:
        return reverse("ressources:ressource_list")

    def items(self):
        return Ressource.objects.published().order_by("-publiee_le", "-pk")[:ENTRIES]

    def item_title(self, ressource: Ressource) -> str:
        return ressource.titre

    def item_description(self, ressource: Ressource) -> str:
        return f"{ressource.get_categorie_display().capitalize()} · {ressource.resume}"

    def item_pubdate(self, ressource: Ressource) -> datetime:
        return datetime.combine(ressource.publiee_le, time(), tzinfo=get_current_timezone())

    def item_updateddate(self, ressource: Ressource):
        return ressource.updated_at
