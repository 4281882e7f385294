"""Steps shared by the convention tests, done through the pages as a party's member would."""

from django.urls import reverse

NOUVELLE = reverse("conventions:convention_new")


def draft(client, user, mise_en_relation, **data):
    client.force_login(user)
    return client.post(
        f"{NOUVELLE}?mise_en_relation={mise_en_relation.pk}",
        {
            "modele": "mecenat_competences",
            "titre": "Mécénat de compétences au jardin",
            "objet": "Des salariés aident à bâtir la serre.",
            "duree_mois": "12",
            **data,
        },
    )


def edit_data(convention, **changes) -> dict:
    """The edit form as the page fills it, with `changes` applied (clause-0-texte=…)."""
    data = {
        "version": convention.version,
        "titre": convention.titre,
        "objet": convention.objet,
        "date_debut": "",
        "duree_mois": convention.duree_mois or "",
        "parties-TOTAL_FORMS": convention.parties.count(),
        "parties-INITIAL_FORMS": convention.parties.count(),
        "clauses-TOTAL_FORMS": convention.clauses.count() + 1,
        "clauses-INITIAL_FORMS": convention.clauses.count(),
    }
    for i, partie in enumerate(convention.parties.all()):
        data[f"parties-{i}-organisation"] = partie.organisation_id
        for name in ("nom", "forme", "identifiant", "siege", "representant", "qualite"):
            data[f"parties-{i}-{name}"] = getattr(partie, name)
        data[f"parties-{i}-contribution"] = partie.contribution
    for i, clause in enumerate(convention.clauses.all()):
        data[f"clauses-{i}-titre"] = clause.titre
        data[f"clauses-{i}-texte"] = clause.texte
    data.update(changes)
    return data


def validate(client, membre, convention, version=None):
    client.force_login(membre.user)
    return client.post(
        reverse("conventions:convention_validate", args=[convention.pk]),
        {
            "version": version or convention.version,
            "organisation": membre.organisation_id,
            "engagement": "on",
        },
    )
