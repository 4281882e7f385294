"""An accepted mise en relation starts the declaration of the alliance it gave birth to (see
alliances.declaration): my organisation carries it, the other one is the partner, the offre
gives the rest, and the mise en relation is linked to the alliance once declared."""

from django.http import HttpRequest

from alliances.declaration import Depart
from offres import services
from offres.permissions import get_mise_en_relation_to_declare_or_404
from organisations.permissions import my_organisation_ids


def depart_from_mise_en_relation(request: HttpRequest) -> Depart | None:
    pk = request.GET.get("mise_en_relation", "")
    if not pk.isdigit():
        return None
    origine = get_mise_en_relation_to_declare_or_404(request.user, int(pk))

    def declared(alliance) -> None:
        services.mise_en_relation_link_alliance(
            by=request.user, mise_en_relation=origine, alliance=alliance
        )

    return Depart(
        initial=origine.declaration_initial(my_organisation_ids(request.user)), declared=declared
    )
