"""Demo conventions: some demo alliances have one, validated by every party or still being
drafted (one party validated, the other not), so that the alliance page, « Mes conventions »
and the documents show every state after `make run`. Written from
conventions/donnees_demo/conventions.yaml through the same services as the espace."""

from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import yaml
from django.db import transaction
from django.utils import timezone

from alliances.models import Alliance
from conventions import modeles
from conventions.models import Convention, ValidationConvention
from conventions.origines import Origine, alliance_origin
from conventions.services import convention_complete, convention_draft
from moderation.models import Statut

DONNEES = SimpleNamespace(
    **yaml.safe_load(
        (Path(__file__).resolve().parent / "donnees_demo" / "conventions.yaml").read_text(
            encoding="utf-8"
        )
    )
)


def demo_draft(origine: Origine, *, titre: str, objet: str, duree_mois: int) -> Convention:
    """A demo draft from the model that suits the origin best, its object marked as demo."""
    modele = modeles.suggested(origine.typologie, origine.modalite, origine.modele)[0]
    convention, _ = convention_draft(
        origine=origine,
        modele=modele.code,
        titre=titre,
        objet=f"{objet.strip()}\n\n{DONNEES.mention}",
        date_debut=timezone.localdate() - timedelta(days=60),
        duree_mois=duree_mois,
    )
    return convention


def demo_validate(convention: Convention, organisations) -> None:
    ValidationConvention.objects.bulk_create(
        ValidationConvention(
            convention=convention,
            organisation=organisation,
            version=convention.version,
            signataire=DONNEES.signataire,
        )
        for organisation in organisations
    )
    convention_complete(convention)


@transaction.atomic
def demo_conventions_create() -> int:
    """Idempotent: nothing when a demo alliance already has a convention."""
    if Convention.objects.filter(is_demo=True, alliance__isnull=False).exists():
        return 0
    alliances = Alliance.objects.filter(is_demo=True, statut=Statut.PUBLIEE).order_by("pk")
    created = 0
    wanted = DONNEES.validees + DONNEES.en_redaction
    for alliance in alliances.iterator():
        origine = alliance_origin(alliance)
        if origine is None:
            continue
        convention = demo_draft(
            origine,
            titre=f"Convention — {alliance.titre}"[:200],
            objet=alliance.description[:2000],
            duree_mois=DONNEES.durees_mois[created % len(DONNEES.durees_mois)],
        )
        if created < DONNEES.validees:
            demo_validate(convention, origine.parties)
        else:
            demo_validate(convention, origine.parties[:1])
        created += 1
        if created == wanted:
            break
    return created
