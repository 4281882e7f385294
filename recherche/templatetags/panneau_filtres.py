"""{% panneau_filtres form %}…{% endpanneau_filtres %}: the column of a search page's filters,
which a phone folds into a DSFR accordion below its title so that the results come first
(components/panneau_filtres.html). The accordion's button says how many filters are active."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from recherche.elargir import filtres_actifs

register = template.Library()


class PanneauFiltresNode(template.Node):
    def __init__(self, nodelist: template.NodeList, form: template.base.FilterExpression):
        self.nodelist = nodelist
        self.form = form

    def render(self, context) -> str:
        form = self.form.resolve(context)
        return render_to_string(
            "components/panneau_filtres.html",
            {
                # Rendered by the page's own template, escaped there.
                "contenu": mark_safe(self.nodelist.render(context)),
                "actifs": len(filtres_actifs(form)),
            },
        )


@register.tag
def panneau_filtres(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(
            "{% panneau_filtres %} prend un argument : le formulaire."
        )
    nodelist = parser.parse(("endpanneau_filtres",))
    parser.delete_first_token()
    return PanneauFiltresNode(nodelist, parser.compile_filter(bits[1]))
