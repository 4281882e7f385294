"""The published list of reasons for a decision (page « Règles de modération »): a refusal
always names a rule and what to change."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Motif:
    code: str
    label: str
    a_changer: str
    # The name of the page that states the rule, when it has one (the Charte du faire alliance).
    page: str = ""

    @property
    def url(self) -> str:
        return reverse(self.page) if self.page else ""


# The published list of reasons (page « Règles de modération »). Codes are stored on decisions:
# never rename one, add a new one instead.
MOTIFS: dict[str, Motif] = {
    motif.code: motif
    for motif in [
        Motif(
            "incomplet",
            "Description insuffisante",
            "Expliquez en quelques phrases qui fait quoi, pour qui et avec quels moyens.",
        ),
        Motif(
            "hors_sujet",
            "Hors du champ de la plateforme",
            "La plateforme recense des partenariats d'intérêt général entre associations, "
            "entreprises et collectivités : présentez ce partenariat, pas une activité seule.",
        ),
        Motif(
            "partenaires_non_confirmes",
            "Partenaires non confirmés",
            "Une alliance réunit au moins deux organisations qui l'ont confirmée : invitez "
            "vos partenaires et attendez leur confirmation.",
        ),
        Motif(
            "inexact",
            "Informations inexactes ou invérifiables",
            "Corrigez les informations (identifiants, lieu, dates, chiffres) pour qu'elles "
            "correspondent à la réalité.",
        ),
        Motif(
            "publicite",
            "Contenu publicitaire",
            "Retirez les arguments commerciaux : décrivez le partenariat et ses effets.",
        ),
        Motif(
            "inapproprie",
            "Propos injurieux ou discriminatoires",
            "Retirez les propos injurieux, discriminatoires ou diffamatoires.",
        ),
        Motif(
            "charte",
            "Contraire à la Charte du faire alliance",
            "Décrivez une alliance qui suit les principes de la charte : les apports de chacun "
            "dits, l'équilibre entre partenaires, des résultats que vous pouvez montrer, sans "
            "contrepartie cachée ni alliance de façade.",
            page="chartes:charte",
        ),
        Motif(
            "donnees_personnelles",
            "Données personnelles exposées",
            "Retirez les noms, adresses ou numéros de personnes privées.",
        ),
        Motif(
            "liens",
            "Liens douteux",
            "Ne gardez que des liens vers vos sites et des sources publiques reconnues.",
        ),
        Motif(
            "doublon",
            "Doublon",
            "Cette fiche existe déjà : complétez la fiche existante plutôt qu'en créer une autre.",
        ),
        Motif(
            "signalements",
            "Signalée par plusieurs personnes",
            "La fiche est masquée le temps qu'un catalyseur examine les signalements.",
        ),
        Motif("autre", "Autre raison", "Lisez les précisions du catalyseur."),
    ]
}
MOTIFS_CHOIX = [
    (motif.code, motif.label) for motif in MOTIFS.values() if motif.code != "signalements"
]
