"""Structured data for search engines (schema.org JSON-LD)."""

import json

from django.utils.safestring import mark_safe

from alliances.models import Alliance


def alliance_json_ld(alliance: Alliance, url: str) -> str:
    """A schema.org Project for an alliance, with its confirmed partners as members."""
    data = {
        "@context": "https://schema.org",
        "@type": "Project",
        "name": alliance.titre,
        "description": alliance.description[:500],
        "url": url,
        "location": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": alliance.commune.nom,
                "addressCountry": "FR",
            },
        },
        "member": [
            {"@type": "Organization", "name": participation.organisation.nom}
            for participation in alliance.participations_confirmees
        ],
    }
    if alliance.date_debut:
        data["foundingDate"] = alliance.date_debut.isoformat()
    # "<" escaped so that no text can close the <script> element the JSON sits in.
    return mark_safe(json.dumps(data, ensure_ascii=False).replace("<", "\\u003c"))  # noqa: S308
