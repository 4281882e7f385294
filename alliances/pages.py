"""What other apps add to an alliance's page: its convention, seen by its partners' members
only, and its follow-ups. Each registers a section from its `AppConfig.ready()` (see
textes.sections), so that the page lives here while alliances imports none of them."""

from django.http import HttpRequest

from alliances.models import Alliance
from textes.sections import Rendu, Section, Sections

__all__ = ["Section", "register_section", "sections_for"]

# The main column, below the partners; the side column, below « En bref ».
PAGE = Sections(zones=("principal", "cote"))


def register_section(section: Section) -> None:
    PAGE.register(section)


def sections_for(request: HttpRequest, alliance: Alliance) -> dict[str, list[Rendu]]:
    return PAGE.for_page(request, alliance)
