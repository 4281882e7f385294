"""The iframe code that a territory or an organisation copies onto its own website to show its
latest published alliances (the widget itself is observatoire.views.observatoire_widget).

Not in observatoire/ with the widget: the organisation page offers the same code, and
observatoire sits above organisations. This module imports nothing of ours (the widget is named
by its URL), so any app may use it.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode


def widget_snippet(**params: str) -> str:
    """The code to copy; `params` are the widget's (region, departement or organisation)."""
    # The public address, like the widget's own links: not the Host header of whoever asked.
    url = settings.SITE_URL + reverse("observatoire:widget")
    if params:
        url += "?" + urlencode(params)
    return (
        f'<iframe src="{url}" title="Alliances ODD 17 : les dernières alliances publiées" '
        'width="100%" height="420" style="border:0" loading="lazy"></iframe>'
    )
