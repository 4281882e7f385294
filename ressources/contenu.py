"""A resource's Markdown, rendered by the project's sanitiser, with anchors on its headings and
the on-page table of contents they make."""

import html
import re
from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from textes.templatetags.markdown_propre import markdown_propre

# nh3 leaves the headings it keeps without any attribute, so this matches all of them.
HEADING = re.compile(r"<(h[23])>(.*?)</\1>", re.DOTALL)


@dataclass(frozen=True)
class Section:
    ancre: str
    titre: str
    niveau: int


def render_contenu(text: str) -> tuple[SafeString, list[Section]]:
    """Sanitised HTML whose h2 and h3 carry an id, and the sections they open.

    The ids are slugs computed here ("section-" + slug of the heading's text), never taken from
    the author's text, so adding them after sanitising cannot let anything through.
    """
    cleaned = str(markdown_propre(text))
    sections: list[Section] = []
    used: set[str] = set()

    def anchor(match: re.Match) -> str:
        tag, inner = match.group(1), match.group(2)
        titre = html.unescape(strip_tags(inner)).strip()
        base = "section-" + (slugify(titre) or str(len(sections) + 1))
        ancre, suffix = base, 2
        while ancre in used:
            ancre, suffix = f"{base}-{suffix}", suffix + 1
        used.add(ancre)
        sections.append(Section(ancre=ancre, titre=titre, niveau=int(tag[1])))
        return f'<{tag} id="{ancre}">{inner}</{tag}>'

    rendered = HEADING.sub(anchor, cleaned)
    return mark_safe(rendered), sections  # noqa: S308 - sanitised by markdown_propre, ids are slugs


@dataclass(frozen=True)
class Entree:
    section: Section
    enfants: list[Section]


def sommaire(sections: list[Section]) -> list[Entree]:
    """The sections as a two-level table of contents: each h3 under the h2 before it."""
    entrees: list[Entree] = []
    for section in sections:
        if section.niveau == 3 and entrees:
            entrees[-1].enfants.append(section)
        else:
            entrees.append(Entree(section=section, enfants=[]))
    return entrees
