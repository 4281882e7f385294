"""The iframe code that a territory or an organisation copies onto its own website to show its
latest published alliances (the widget itself is territoires.views.observatoire_widget).

Kept out of the views so that the organisation page (alliances) offers the same code without
importing the territory pages, which sit above alliances.
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
