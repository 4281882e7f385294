"""The autodiagnostic « Où en suis-je pour faire alliance ? »: a profil, an objectif and five
questions on practices give a maturité; the result recommends the library's resources tagged for
that profil × objectif × maturité, the kit's fiches that answer the weak points, and offres (or,
for a citizen, alliances) near the person.

Nothing is stored: the answers are the query string of the result page, which is its shareable
link; the page sets no cookie and writes no row."""

from dataclasses import dataclass, field

from django.http import QueryDict
from django.urls import reverse

from offres.models import Offre
from ressources.models import FicheKit, Maturite, Profil, Ressource

# Answers to a question on practices, and the points each one gives.
REPONSES = [("0", "Non, pas encore"), ("1", "En partie"), ("2", "Oui")]


@dataclass(frozen=True)
class Question:
    code: str
    texte: str
    # Shown in the result when the answer is not « oui », with the kit's fiche that helps.
    piste: str
    fiche: str


QUESTIONS = [
    Question(
        "experience",
        "Avez-vous déjà mené un projet avec une structure d'un autre monde que le vôtre "
        "(association, entreprise, collectivité) ?",
        "Commencez par repérer ce que d'autres ont fait près de chez vous : les alliances "
        "publiées montrent qui travaille avec qui, et sur quoi.",
        FicheKit.ARGUMENTAIRE,
    ),
    Question(
        "apport",
        "Savez-vous dire ce que vous pouvez apporter à un partenaire, et ce que vous en attendez ?",
        "Écrivez en quelques lignes vos ressources (temps, compétences, argent, lieux, réseau) "
        "et votre besoin : c'est la base d'une offre et d'une première rencontre.",
        FicheKit.MODELES,
    ),
    Question(
        "modele",
        "Savez-vous quel type de partenariat vous convient (mécénat, innovation sociétale, "
        "coopération économique, pratiques responsables) ?",
        "Les quatre typologies ne demandent ni le même engagement ni les mêmes règles : "
        "choisissez celle qui correspond à votre projet avant de chercher un partenaire.",
        FicheKit.MODELES,
    ),
    Question(
        "ecrit",
        "Vos partenariats sont-ils écrits (convention, accord) avec les contributions de chacun ?",
        "Un accord écrit, même court, dit qui apporte quoi, pour combien de temps, et comment on "
        "en sort : il protège la relation autant que les partenaires.",
        FicheKit.CO_CONSTRUCTION,
    ),
    Question(
        "evaluation",
        "Faites-vous le point avec vos partenaires, à dates fixées, sur ce que l'alliance "
        "produit ?",
        "Choisissez ensemble deux ou trois indicateurs simples dès le départ, et un rendez-vous "
        "pour en parler : l'évaluation partenariale se prépare au début, pas à la fin.",
        FicheKit.CO_CONSTRUCTION,
    ),
]

# Score (0 to 2 per question) → maturité: the lowest bound that the score reaches.
SEUILS = [(8, Maturite.APPROFONDIR), (4, Maturite.S_ENGAGER), (0, Maturite.DECOUVRIR)]

MATURITE_TEXTES = {
    Maturite.DECOUVRIR: "Vous découvrez les alliances : le plus utile est de comprendre ce "
    "qu'elles sont, de voir des exemples et de repérer qui, autour de vous, en fait déjà.",
    Maturite.S_ENGAGER: "Vous avez les bases : c'est le moment de trouver un partenaire, de "
    "cadrer votre projet ensemble et de l'écrire.",
    Maturite.APPROFONDIR: "Vous pratiquez déjà les alliances : mesurez ce qu'elles produisent, "
    "partagez votre expérience et aidez d'autres acteurs à se lancer.",
}

RESSOURCES_MAX = 6
OFFRES_MAX = 6
# Kilometres around the commune when none is chosen.
RAYON_DEFAUT = 30


def maturite_for(score: int) -> str:
    return next(maturite for seuil, maturite in SEUILS if score >= seuil)


@dataclass
class Resultat:
    profil: str
    objectif: str
    score: int
    maturite: str
    pistes: list[Question]
    ressources: list[Ressource]
    fiches: list[Ressource]
    commune: object = None
    rayon: int | None = None
    offres: list[Offre] = field(default_factory=list)

    @property
    def score_max(self) -> int:
        return 2 * len(QUESTIONS)

    @property
    def maturite_label(self) -> str:
        return Maturite(self.maturite).label

    @property
    def maturite_texte(self) -> str:
        return MATURITE_TEXTES[self.maturite]

    @property
    def bibliotheque_url(self) -> str:
        """The library under this profil, objectif and maturité, to see more."""
        query = QueryDict(mutable=True)
        query.update({"profil": self.profil, "objectif": self.objectif, "maturite": self.maturite})
        return f"{reverse('ressources:ressource_list')}?{query.urlencode()}"

    @property
    def alliances_url(self) -> str | None:
        """The alliances near the commune, for a citizen (offres are for organisations)."""
        if self.commune is None:
            return None
        query = QueryDict(mutable=True)
        query.update({"commune": str(self.commune), "rayon": self.rayon})
        return f"{reverse('alliances:alliance_list')}?{query.urlencode()}"


def recommend(profil: str, objectif: str, maturite: str) -> list[Ressource]:
    """Up to RESSOURCES_MAX published tools of the library for these answers: those tagged with
    all three first, then, while there are too few, without the maturité, then for the profil."""
    found: list[Ressource] = []
    for filtres in (
        {"profil": profil, "objectif": objectif, "maturite": maturite},
        {"profil": profil, "objectif": objectif},
        {"profil": profil, "maturite": maturite},
        {"profil": profil},
    ):
        rows = (
            Ressource.objects.published()
            .outils()
            .matching(filtres)
            .exclude(pk__in=[ressource.pk for ressource in found])
            .for_listing()
            .order_by("-publiee_le", "-pk")[: RESSOURCES_MAX - len(found)]
        )
        found.extend(rows)
        if len(found) >= RESSOURCES_MAX:
            break
    return found


def diagnose(data: dict) -> Resultat:
    """The result of a valid AutodiagnosticForm's cleaned_data."""
    score = sum(int(data[question.code]) for question in QUESTIONS)
    pistes = [question for question in QUESTIONS if data[question.code] != "2"]
    fiches_utiles = list(dict.fromkeys(question.fiche for question in pistes))
    fiches = list(Ressource.objects.published().kit().filter(fiche_kit__in=fiches_utiles))
    maturite = maturite_for(score)
    resultat = Resultat(
        profil=data["profil"],
        objectif=data["objectif"],
        score=score,
        maturite=maturite,
        pistes=pistes,
        ressources=recommend(data["profil"], data["objectif"], maturite),
        fiches=fiches,
    )
    commune = data.get("commune")
    if commune is not None:
        resultat.commune, resultat.rayon = commune, data.get("rayon") or RAYON_DEFAUT
        if data["profil"] != Profil.CITOYEN and commune.latitude is not None:
            resultat.offres = list(
                Offre.objects.visible()
                .near(commune.latitude, commune.longitude, resultat.rayon)
                .for_listing()
                .order_by("national", "distance", "-pk")[:OFFRES_MAX]
            )
    return resultat
