"""What other apps add to an organisation's public page: its offres, its alliances, its response
figures, the widget's code. Each registers a section from its `AppConfig.ready()` (see
textes.sections), so that the page lives here while organisations imports none of the apps it
shows."""

from django.http import HttpRequest

from organisations.models import Organisation
from textes.sections import Rendu, Section, Sections

__all__ = ["Section", "register_section", "sections_for"]

# Where a section goes on the page: the main column, the « En bref » list of facts, the scripts.
PAGE = Sections(zones=("principal", "en_bref", "scripts"))


def register_section(section: Section) -> None:
    PAGE.register(section)


def sections_for(request: HttpRequest, organisation: Organisation) -> dict[str, list[Rendu]]:
    return PAGE.for_page(request, organisation)
