"""Render user-written Markdown as HTML that can be trusted in a page."""

import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# What a description may contain: text structure, emphasis, links. No images, no raw HTML
# beyond these tags, no attributes but links' href (nh3 drops javascript: and data: URLs).
TAGS = {"p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "code"}
ATTRIBUTES = {"a": {"href", "title"}}


@register.filter
def markdown_propre(text: str) -> str:
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"])
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above
