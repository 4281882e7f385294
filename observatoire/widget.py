"""The iframe code that a territory or an organisation copies onto its own website to show its
latest published alliances (the widget itself is observatoire.views.observatoire_widget). The
territory pages show it, and so does an organisation's page, through the section that
observatoire/apps.py registers there (organisations.pages).
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
