"""Pages that other apps fill: an organisation's page shows its offres and alliances, an
alliance's page its convention and follow-ups. The app that owns the page keeps one `Sections`
registry; each app that adds to it registers from its `AppConfig.ready()`, so that the owner
imports none of them."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class Section:
    """`template` is included with `donnees`, the dict that `context(request, obj)` returns;
    sections of a zone show in increasing `ordre`. A context that answers None hides its
    section (e.g. from a visitor who may not see it)."""

    name: str
    template: str
    context: Callable[[HttpRequest, object], dict | None]
    zone: str = "principal"
    ordre: int = 50


@dataclass(frozen=True)
class Rendu:
    template: str
    donnees: dict


class Sections:
    def __init__(self, zones: tuple[str, ...]):
        self.zones = zones
        self._sections: dict[str, Section] = {}

    def register(self, section: Section) -> None:
        if section.zone not in self.zones:
            raise ValueError(f"Zone inconnue : {section.zone}")
        self._sections[section.name] = section

    def for_page(self, request: HttpRequest, obj) -> dict[str, list[Rendu]]:
        """The page's sections by zone, with their data (querysets stay lazy: they are read
        where the template shows them)."""
        zones: dict[str, list[Rendu]] = {zone: [] for zone in self.zones}
        for section in self._sorted():
            donnees = section.context(request, obj)
            if donnees is not None:
                zones[section.zone].append(Rendu(section.template, donnees))
        return zones

    def _sorted(self) -> list[Section]:
        return sorted(self._sections.values(), key=lambda s: (s.ordre, s.name))
