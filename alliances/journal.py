"""The journal of an alliance's changes that the database recorded: each partner's
participation, from its invitation to its confirmation, refusal or removal
(moderation.historique)."""

from alliances.models import Alliance, Participation
from moderation.historique import Evenement, event_model, events_for


def alliance_journal(alliance: Alliance) -> list[Evenement]:
    """Oldest first."""
    return events_for(
        Participation,
        event_model(Participation).objects.filter(alliance_id=alliance.pk),
        objet=lambda values: f"Participation : {values['organisation']}",
    )
