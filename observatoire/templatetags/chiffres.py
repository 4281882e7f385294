"""Number formatting for the observatoire's tables: French style, and cheap, since a page shows
more than a thousand figures (humanize's intcomma goes through the full localisation)."""

from django import template

register = template.Library()

NARROW_NBSP = "\u202f"


@register.filter
def nombre(value) -> str:
    """12 345 678 (narrow no-break spaces); an empty value gives a dash."""
    if value is None or value == "":
        return "—"
    return f"{int(value):,}".replace(",", NARROW_NBSP)


@register.filter
def ratio(value) -> str:
    """1 234,56: two decimals and a decimal comma; None (no population) gives a dash."""
    if value is None:
        return "—"
    return f"{value:,.2f}".replace(",", NARROW_NBSP).replace(".", ",")
