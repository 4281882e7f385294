"""The guided entry of the library: « je suis… » (a profil) then « je veux… » (an intention),
each intention being a filtered view of the library. Two clicks from the home page."""

from dataclasses import dataclass, field

from django.http import QueryDict
from django.urls import reverse

from ressources.models import Profil


@dataclass(frozen=True)
class Parcours:
    profil: str
    je_suis: str
    precision: str


@dataclass
class Intention:
    je_veux: str
    precision: str
    filtres: dict[str, str]
    total: int | None = field(default=None)

    @property
    def url(self) -> str:
        query = QueryDict(mutable=True)
        query.update(self.filtres)
        return f"{reverse('ressources:ressource_list')}?{query.urlencode()}"


PARCOURS = [
    Parcours(
        Profil.ASSOCIATION,
        "une association",
        "Bénévole, salarié ou dirigeant d'une association.",
    ),
    Parcours(
        Profil.ENTREPRISE,
        "une entreprise",
        "TPE, PME, grande entreprise ou entrepreneur indépendant.",
    ),
    Parcours(
        Profil.COLLECTIVITE,
        "une collectivité",
        "Élu ou agent d'une commune, d'une intercommunalité, d'un département, d'une région.",
    ),
    Parcours(
        Profil.CITOYEN,
        "un citoyen, une citoyenne",
        "Habitant curieux, futur bénévole, salarié qui veut s'engager.",
    ),
    Parcours(
        Profil.CATALYSEUR,
        "un catalyseur territorial",
        "Fondation territoriale, chambre consulaire, équipe d'animation locale.",
    ),
]

# Intention: (je veux…, precision, filters besides the profil).
INTENTIONS: dict[str, list[tuple[str, str, dict[str, str]]]] = {
    Profil.ASSOCIATION: [
        (
            "comprendre ce qu'est une alliance",
            "Les notions de base et des exemples pour se lancer.",
            {"maturite": "decouvrir"},
        ),
        (
            "trouver des entreprises mécènes",
            "Mécénat financier, en nature ou de compétences : préparer sa démarche.",
            {"typologie": "mecenat", "objectif": "agir"},
        ),
        (
            "me former à la co-construction",
            "Guides et webinaires pour construire un projet à plusieurs.",
            {"objectif": "se_former"},
        ),
        (
            "répondre à plusieurs à un marché",
            "Groupements, consortiums et coopérations économiques.",
            {"typologie": "cooperation_economique"},
        ),
        (
            "évaluer et valoriser nos partenariats",
            "Mesurer ce que l'alliance change et le raconter.",
            {"objectif": "evaluer"},
        ),
    ],
    Profil.ENTREPRISE: [
        (
            "découvrir le mécénat de compétences",
            "Ce que vos salariés peuvent apporter à une association, et comment commencer.",
            {"typologie": "mecenat", "maturite": "decouvrir"},
        ),
        (
            "monter un partenariat avec une association",
            "Trouver le bon partenaire, cadrer, signer une convention.",
            {"objectif": "agir", "maturite": "s_engager"},
        ),
        (
            "innover avec des acteurs d'intérêt général",
            "Inventer ensemble une solution à un besoin social ou environnemental.",
            {"typologie": "innovation_societale"},
        ),
        (
            "acheter responsable et inclure",
            "Achats auprès du secteur adapté et de l'insertion, clauses sociales.",
            {"typologie": "pratiques_responsables"},
        ),
        (
            "mesurer l'impact de nos engagements",
            "Indicateurs, méthodes d'évaluation et retours d'expérience.",
            {"objectif": "evaluer"},
        ),
    ],
    Profil.COLLECTIVITE: [
        (
            "comprendre le rôle d'une collectivité dans une alliance",
            "Financeur, partenaire, animateur : les places possibles.",
            {"maturite": "decouvrir"},
        ),
        (
            "susciter des alliances sur mon territoire",
            "Méthodes et outils pour réunir associations et entreprises.",
            {"objectif": "agir"},
        ),
        (
            "intégrer des clauses sociales et environnementales",
            "Commande publique responsable et marchés réservés.",
            {"typologie": "pratiques_responsables"},
        ),
        (
            "évaluer les partenariats que nous soutenons",
            "Suivre, mesurer, rendre compte.",
            {"objectif": "evaluer"},
        ),
    ],
    Profil.CITOYEN: [
        (
            "comprendre les alliances pour les ODD",
            "Ce que sont les partenariats d'intérêt général et à quoi ils servent.",
            {"objectif": "s_informer"},
        ),
        (
            "m'engager près de chez moi",
            "Bénévolat, engagement de salarié, participation à un projet local.",
            {"maturite": "s_engager"},
        ),
        (
            "lire des témoignages",
            "Des acteurs racontent leur alliance, ses réussites et ses difficultés.",
            {"categorie": "temoignage"},
        ),
    ],
    Profil.CATALYSEUR: [
        (
            "découvrir la démarche de co-construction territoriale",
            "Les étapes, les rôles et les conditions de réussite.",
            {"maturite": "decouvrir"},
        ),
        (
            "outiller les acteurs que j'accompagne",
            "Modèles de documents, grilles et outils à partager.",
            {"objectif": "agir"},
        ),
        (
            "me former à l'animation d'alliances",
            "Formations, guides méthodologiques et webinaires.",
            {"objectif": "se_former"},
        ),
        (
            "évaluer les alliances de mon territoire",
            "Mesurer l'effet des coopérations et en rendre compte.",
            {"objectif": "evaluer"},
        ),
    ],
}


def intentions_for(profil: str) -> list[Intention]:
    """The intentions offered to a profil, then « tout voir » for that profil."""
    intentions = [
        Intention(je_veux, precision, {"profil": profil, **filtres})
        for je_veux, precision, filtres in INTENTIONS[profil]
    ]
    intentions.append(
        Intention(
            "tout voir pour mon profil",
            "Toutes les ressources de la bibliothèque qui vous concernent.",
            {"profil": profil},
        )
    )
    return intentions
