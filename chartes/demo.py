"""Demo signatures of the Charte du faire alliance: some published demo organisations signed it
on various dates, so that the badge, the directory's and the search's filters and the
observatoire's count show something after `make run`. The demo account's own association is
left unsigned: its admin sees, in the espace, how signing works."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from chartes.models import Charte, SignatureCharte
from comptes.demo import SLUG_PREFIX
from moderation.models import Statut
from organisations.models import Membre, Organisation

# One published demo organisation in PART signs, its admins aside.
PART = 3
SIGNATAIRE_DEMO = "Signature de démonstration"


@transaction.atomic
def demo_signatures_create() -> int:
    """Idempotent: nothing when a demo organisation already signed."""
    charte = Charte.objects.en_vigueur()
    demo = Organisation.objects.exclude(slug__startswith=SLUG_PREFIX).filter(is_demo=True)
    if charte is None or SignatureCharte.objects.filter(organisation__in=demo).exists():
        return 0
    administrees = Membre.objects.filter(role=Membre.Role.ADMIN).values("organisation")
    candidates = (
        demo.filter(statut=Statut.PUBLIEE).exclude(pk__in=administrees).order_by("pk").only("pk")
    )
    now = timezone.now()
    signatures = [
        SignatureCharte(
            organisation=organisation,
            charte=charte,
            signataire=SIGNATAIRE_DEMO,
            # Spread over the weeks since the version came into force.
            signee_le=max(charte.publiee_le, now - timedelta(days=3 * index + 1)),
        )
        for index, organisation in enumerate(candidates[::PART])
    ]
    SignatureCharte.objects.bulk_create(signatures)
    for signature in signatures:
        Organisation.objects.filter(pk=signature.organisation_id).update(
            charte_signee_le=signature.signee_le
        )
    return len(signatures)
