"""Shared pieces of the benchmark commands (`bench_generate`, `bench`): the vocabulary the
generated texts are drawn from, and what the report says about the machine. How generated rows
are marked (slugs, titles, `is_demo`) is in comptes.demo, which the demo loaders read too.
"""

import os
from pathlib import Path

from django.db import connection

ALLIANCES_AT_SCALE_1 = 1_200_000
ORGANISATIONS_AT_SCALE_1 = 300_000

# Title openings by typologie; each is followed by a theme ("… pour l'insertion professionnelle").
ACTIONS = {
    "mecenat": [
        "Mécénat de compétences pour",
        "Mécénat financier pour",
        "Fonds de dotation pour",
        "Parrainage d'entreprise pour",
        "Mécénat en nature pour",
    ],
    "cooperation_economique": [
        "Coopération territoriale pour",
        "Groupement d'employeurs pour",
        "Consortium régional pour",
        "Achats responsables pour",
        "Filière locale pour",
    ],
    "pratiques_responsables": [
        "Démarche RSE partagée pour",
        "Programme commun pour",
        "Alliance locale pour",
        "Charte d'engagement pour",
    ],
    "innovation_societale": [
        "Laboratoire d'innovation sociale pour",
        "Projet pilote pour",
        "Tiers-lieu pour",
        "Plateforme numérique pour",
        "Chantier d'insertion pour",
        "Défi collectif pour",
    ],
}

THEMES = [
    "l'insertion professionnelle",
    "l'inclusion numérique",
    "l'alimentation durable",
    "l'économie circulaire",
    "l'accès à la santé",
    "la mobilité solidaire",
    "le logement des jeunes",
    "l'emploi des personnes en situation de handicap",
    "la jeunesse et l'engagement",
    "la transition énergétique",
    "la biodiversité",
    "l'égalité entre les femmes et les hommes",
    "la lutte contre le gaspillage alimentaire",
    "le réemploi des équipements informatiques",
    "l'éducation populaire",
    "le sport pour tous",
    "la culture en milieu rural",
    "l'accompagnement des seniors",
    "la précarité énergétique",
    "les circuits courts",
    "la rénovation thermique des logements",
    "la réduction des déchets",
    "l'accès aux droits",
    "la formation aux métiers verts",
    "l'aide alimentaire",
    "l'apprentissage",
    "la santé mentale des étudiants",
    "la protection de l'enfance",
    "la qualité de l'air",
    "l'agriculture urbaine",
    "la revitalisation des centres-bourgs",
    "l'entrepreneuriat social",
]

PUBLICS = [
    "aux jeunes de 16 à 25 ans",
    "aux personnes éloignées de l'emploi",
    "aux familles monoparentales",
    "aux seniors isolés",
    "aux personnes en situation de handicap",
    "aux habitants des quartiers prioritaires",
    "aux agriculteurs et aux maraîchers",
    "aux très petites entreprises",
    "aux étudiants",
    "aux demandeurs d'emploi de longue durée",
    "aux collégiens et aux lycéens",
    "aux personnes réfugiées",
]

# Description sentences: {ville} is the alliance's commune, {porteur} the carrying
# organisation, {theme} and {public} come from the lists above.
SENTENCES = [
    "À {ville}, {porteur} et ses partenaires agissent ensemble pour {theme}.",
    "Le projet s'adresse {public} du territoire.",
    "Les salariés s'engagent en mécénat de compétences : ateliers, tutorat et accompagnement.",
    "Une démarche d'économie circulaire permet de collecter, réparer et réemployer le matériel.",
    "Des ateliers numériques gratuits sont proposés chaque semaine pour lutter contre "
    "l'illectronisme.",
    "Le partenariat finance l'achat de produits locaux pour l'aide alimentaire.",
    "Un parcours d'insertion de six mois combine formation, emploi et accompagnement social.",
    "Les actions de prévention santé touchent plusieurs centaines de personnes chaque année.",
    "Une flotte de véhicules partagés facilite la mobilité vers l'emploi.",
    "Des logements temporaires accueillent des jeunes en apprentissage.",
    "Le projet ouvre l'accès au sport et à la culture dans les communes rurales.",
    "Les résultats sont suivis avec des indicateurs d'impact partagés entre partenaires.",
    "L'entreprise met à disposition des locaux, du matériel et l'expertise de ses équipes.",
    "La collectivité facilite le lien avec les services publics et les acteurs de l'emploi.",
    "Des bénévoles accompagnent les familles dans leurs démarches administratives.",
    "Les repas servis en restauration collective privilégient les circuits courts.",
    "Un atelier vélo solidaire forme des mécaniciens en insertion.",
    "Les équipes travaillent à l'accessibilité des lieux aux personnes handicapées.",
    "Une recyclerie de quartier redonne une seconde vie aux objets du quotidien.",
    "Des permanences juridiques gratuites aident à faire valoir les droits sociaux.",
    "Le programme soutient la création d'activités et d'emplois non délocalisables.",
    "Un fonds commun finance des micro-projets portés par les jeunes de {ville}.",
    "La rénovation énergétique de logements sociaux réduit les factures des ménages.",
    "Des achats inclusifs auprès d'entreprises adaptées complètent la démarche.",
    "Des chantiers participatifs restaurent les haies et les zones humides.",
    "Les écoles du secteur accueillent des animations sur l'alimentation et la santé.",
    "Une conciergerie solidaire crée des emplois de proximité.",
    "Le dispositif est évalué chaque année avec les habitants.",
]

RESULTATS = [
    "Plusieurs dizaines de personnes accompagnées vers un emploi durable.",
    "Des tonnes de déchets évitées grâce au réemploi.",
    "Un lieu ouvert toute l'année et fréquenté par les habitants.",
    "Des repas distribués chaque semaine aux familles.",
    "",
]

ORGANISATION_WORDS = [
    "Solidarités",
    "Horizons",
    "Avenir",
    "Initiatives",
    "Entraide",
    "Territoires",
    "Transitions",
    "Compétences",
    "Énergies",
    "Partage",
    "Racines",
    "Envol",
    "Passerelles",
    "Boussole",
    "Tremplin",
    "Ressources",
    "Semences",
    "Alizé",
]

# Name patterns by kind of organisation: {mot} from the list above, {ville} the siège.
ORGANISATION_NAMES = {
    "association": [
        "Association {mot} {ville}",
        "Collectif {mot} de {ville}",
        "Les Amis de {ville}",
        "{mot} {ville}",
        "Maison des {mot} de {ville}",
    ],
    "entreprise": [
        "Groupe {mot}",
        "Société {mot} {ville}",
        "Établissements {mot} et Fils",
        "{mot} Industries",
        "{mot} Conseil {ville}",
    ],
    "collectivite": [
        "Ville de {ville}",
        "Commune de {ville}",
        "Communauté de communes autour de {ville}",
    ],
    "fondation": ["Fondation {mot}", "Fonds de dotation {mot} {ville}"],
    "etablissement_public": [
        "Centre hospitalier de {ville}",
        "Office public de l'habitat de {ville}",
        "Agence {mot} de {ville}",
    ],
    "academique": [
        "Université de {ville}",
        "Lycée professionnel {mot} de {ville}",
        "Institut {mot}",
    ],
}


def number(value: int) -> str:
    """12 000 rather than 12,000: the French way, with a narrow no-break space."""
    return f"{value:,}".replace(",", "\u202f")


def machine_description() -> str:
    """Cores and RAM of this machine, from /proc/meminfo (Linux) when available."""
    cores = os.cpu_count() or 0
    ram = "?"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} Gio"
                break
    return f"{cores} cœurs, {ram} de RAM"


def postgresql_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def postgresql_settings() -> str:
    names = ["shared_buffers", "work_mem", "effective_cache_size", "jit"]
    values = []
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"SHOW {name}")
            values.append(f"{name}={cursor.fetchone()[0]}")
    return ", ".join(values)


def database_size() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        return cursor.fetchone()[0]
