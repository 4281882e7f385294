"""What other apps add to an organisation's public page: its offres, its alliances, its response
figures, the widget's code. Each registers a section from its `AppConfig.ready()`, so that the
page lives here while organisations imports none of the apps it shows."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from organisations.models import Organisation

# Where a section goes on the page: the main column, the « En bref » list of facts, the scripts.
ZONES = ("principal", "en_bref", "scripts")


@dataclass(frozen=True)
class Section:
    """`template` is included with `donnees`, the dict that `context(request, organisation)`
    returns; sections of a zone show in increasing `ordre`."""

    name: str
    template: str
    context: Callable[[HttpRequest, Organisation], dict]
    zone: str = "principal"
    ordre: int = 50


@dataclass(frozen=True)
class Rendu:
    template: str
    donnees: dict


_SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    if section.zone not in ZONES:
        raise ValueError(f"Zone inconnue : {section.zone}")
    _SECTIONS[section.name] = section


def sections_for(request: HttpRequest, organisation: Organisation) -> dict[str, list[Rendu]]:
    """The page's sections by zone, with their data (querysets stay lazy: they are read where
    the template shows them)."""
    zones: dict[str, list[Rendu]] = {zone: [] for zone in ZONES}
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.ordre, s.name)):
        zones[section.zone].append(Rendu(section.template, section.context(request, organisation)))
    return zones
