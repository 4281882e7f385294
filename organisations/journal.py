"""The journal of an organisation's changes that the database recorded: its identity (name,
kind, identifiers, seat) with the values before and after, and its members' arrivals, role
changes and departures (moderation.historique)."""

from moderation.historique import Evenement, event_model, events_for
from organisations.models import Membre, Organisation


def organisation_journal(organisation: Organisation) -> list[Evenement]:
    """Oldest first; three queries and one per kind of related row shown (users, communes)."""
    identite = events_for(
        Organisation,
        event_model(Organisation).objects.filter(pgh_obj_id=organisation.pk),
        objet=lambda values: "Identité de l'organisation",
        current={organisation.pk: organisation},
    )
    membres = events_for(
        Membre,
        event_model(Membre).objects.filter(organisation_id=organisation.pk),
        objet=lambda values: f"Membre : {values['user']}",
    )
    return sorted([*identite, *membres], key=lambda line: line.quand)
