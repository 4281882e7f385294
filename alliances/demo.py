"""Demo organisations, for local use only (`load_demo`): a few hundred fictitious structures
of every kind, seated in real communes of the referential, so that lists, maps, search and the
espace pro have something to show on a fresh machine.

Everything is derived from one `random.Random(seed)`: the same seed on the same referential
gives the same organisations. Every row is flagged `is_demo` and its description ends with a
sentence saying that it is fictitious. Collectivités are the exception to "fictitious names":
they are real communes and EPCI, with their real SIREN, so that a collectivité's page links to
its territory as a registered one would; their description says the fiche does not come from
them.
"""

import math
import random
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F
from django.utils.text import slugify

from alliances.identifiants import siren_with_key, siret_with_key
from alliances.models import Membre, Organisation, Statut
from comptes.models import User
from comptes.services import DEMO_ACCOUNTS
from territoires.models import EPCI, Commune

Kind = Organisation.Kind
Taille = Organisation.Taille

# Demo SIREN numbers are 99xxxxxx + Luhn key. Real SIREN numbers can start with 99 too, so each
# generated number is also checked against the organisations, communes and EPCI in the database.
SIREN_PREFIX = "99"
COMMUNES_CANDIDATES = 3000
COMMUNES_PAR_REGION = 2
PART_PUBLIEE = 0.9

KIND_SHARES = [
    (Kind.ENTREPRISE, 0.30),
    (Kind.COLLECTIVITE, 0.10),
    (Kind.FONDATION, 0.05),
    (Kind.ETABLISSEMENT_PUBLIC, 0.05),
    (Kind.ACADEMIQUE, 0.05),
    # Associations take the rest (about 45 %).
]

MENTION_DEMO = "Structure fictive, créée pour la démonstration de la plateforme."
MENTION_DEMO_COLLECTIVITE = (
    "Fiche de démonstration au contenu fictif : elle n'émane pas de la collectivité."
)


@dataclass(frozen=True)
class Modele:
    """A kind of organisation: name pattern, its fields of action and the ODD it serves, and
    the sentences its description is drawn from (the first one always comes first)."""

    nom: str
    domaines: tuple[str, ...]
    odd: tuple[int, ...]
    phrases: tuple[str, ...]
    tailles: tuple[str, ...] = ()


ASSOCIATIONS = [
    Modele(
        "Les Jardins partagés {de_commune}",
        ("environnement", "alimentation", "solidarite"),
        (2, 11, 12, 15),
        (
            "L'association anime {petit} parcelles cultivées collectivement {a_commune}, "
            "ouvertes aux habitants comme aux écoles du quartier.",
            "On y apprend à jardiner sans pesticides, et une partie des récoltes rejoint chaque "
            "semaine l'épicerie solidaire voisine.",
            "Des ateliers de compostage et d'échange de semences ont lieu un samedi par mois.",
        ),
    ),
    Modele(
        "Solidarité numérique {departement}",
        ("numerique", "solidarite", "education"),
        (4, 9, 10),
        (
            "Depuis {annee}, des bénévoles aident les personnes éloignées du numérique à faire "
            "leurs démarches en ligne, lors de permanences dans les médiathèques et les centres "
            "sociaux du département.",
            "L'association reconditionne aussi des ordinateurs donnés par des entreprises et les "
            "remet à des familles et à des étudiants.",
            "L'association forme chaque année des aidants numériques parmi les agents "
            "d'accueil des mairies.",
        ),
    ),
    Modele(
        "Sport pour tous {commune}",
        ("sport", "sante", "handicap", "jeunesse"),
        (3, 5, 10),
        (
            "Le club propose basket, marche nordique et gymnastique douce à des tarifs "
            "solidaires, avec des créneaux de sport adapté.",
            "Ses {nombre} adhérents ont de 6 à 85 ans, et les équipes féminines y sont aussi "
            "nombreuses que les équipes masculines.",
            "Ses éducateurs diplômés interviennent dans les écoles et les résidences pour "
            "personnes âgées de la commune.",
        ),
    ),
    Modele(
        "Épicerie solidaire {de_commune}",
        ("solidarite", "alimentation"),
        (1, 2, 12),
        (
            "L'épicerie permet à {nombre} foyers aux revenus modestes d'acheter des produits "
            "frais et d'hygiène pour environ 20 % de leur prix habituel.",
            "Elle récupère les invendus de producteurs et de supermarchés du secteur, et propose "
            "des ateliers de cuisine anti-gaspillage.",
            "Les familles y sont orientées par les travailleurs sociaux de la commune et du "
            "département.",
        ),
    ),
    Modele(
        "Les Amis de la médiathèque {de_commune}",
        ("culture", "education"),
        (4, 10, 11),
        (
            "L'association fait vivre la lecture {a_commune} : lectures à voix haute, club de "
            "lecteurs et portage de livres à domicile pour les personnes isolées.",
            "Elle organise chaque printemps une fête du livre jeunesse avec les écoles de la "
            "ville.",
        ),
    ),
    Modele(
        "Coup de pouce emploi {commune}",
        ("emploi-insertion", "jeunesse"),
        (4, 8, 10),
        (
            "Des bénévoles, souvent jeunes retraités, accompagnent des demandeurs d'emploi vers "
            "un poste durable : CV, simulations d'entretien, ouverture de leur réseau.",
            "L'association suit environ {nombre} personnes par an, dont une majorité de jeunes "
            "sans diplôme.",
            "L'association réunit chaque trimestre les employeurs du bassin d'emploi et les "
            "personnes qu'elle accompagne.",
        ),
    ),
    Modele(
        "La Roue libre {de_commune}",
        ("mobilite", "environnement", "emploi-insertion"),
        (11, 12, 13),
        (
            "Atelier vélo participatif, l'association apprend à chacun à réparer son vélo et "
            "remet en circulation des cycles abandonnés.",
            "Elle anime des vélo-écoles pour adultes et des sessions « savoir rouler » dans les "
            "écoles.",
            "Un chantier d'insertion y forme des salariés au métier de mécanicien cycle.",
        ),
    ),
    Modele(
        "Maison des familles {de_commune}",
        ("solidarite", "jeunesse", "education"),
        (1, 4, 5),
        (
            "Lieu d'accueil ouvert à tous les parents, la Maison des familles propose des temps "
            "d'échange, des sorties et un soutien à la parentalité.",
            "L'équipe accueille chaque semaine une soixantaine de familles, souvent "
            "monoparentales.",
        ),
    ),
    Modele(
        "Handi'Cap {departement}",
        ("handicap", "sport", "culture"),
        (3, 10),
        (
            "L'association ouvre les loisirs, le sport et la culture aux personnes en situation "
            "de handicap, avec des accompagnateurs formés.",
            "Elle conseille aussi les salles de spectacle et les clubs sur l'accessibilité de "
            "leurs lieux et de leurs activités.",
        ),
    ),
    Modele(
        "Toit partagé {departement}",
        ("logement", "solidarite"),
        (1, 10, 11),
        (
            "L'association met en relation des personnes âgées disposant d'une chambre libre et "
            "des jeunes en formation qui cherchent un logement abordable.",
            "Elle accompagne chaque binôme dans la durée, avec une charte et des visites "
            "régulières.",
            "Plus de {nombre} cohabitations ont vu le jour depuis sa création en {annee}.",
        ),
    ),
    Modele(
        "Sciences en fête {commune}",
        ("education", "jeunesse", "numerique"),
        (4, 5, 9),
        (
            "L'association fait découvrir les sciences aux enfants par l'expérience : ateliers "
            "de robotique, club d'astronomie, stages pendant les vacances.",
            "Elle intervient dans les quartiers prioritaires et encourage les filles à "
            "s'orienter vers les métiers scientifiques.",
        ),
    ),
    Modele(
        "Ressourcerie {de_commune}",
        ("environnement", "emploi-insertion", "solidarite"),
        (8, 12, 13),
        (
            "La ressourcerie collecte les objets dont les habitants n'ont plus l'usage, les "
            "répare et les revend à petit prix dans sa boutique.",
            "Elle emploie {petit} salariés en parcours d'insertion et évite chaque année "
            "plusieurs centaines de tonnes de déchets.",
        ),
    ),
    Modele(
        "Festival des cultures {de_commune}",
        ("culture", "solidarite"),
        (10, 11, 16),
        (
            "Chaque été depuis {annee}, l'association organise un festival gratuit qui fait "
            "découvrir les musiques et les cuisines du monde.",
            "Toute l'année, elle anime des ateliers d'écriture et de théâtre avec les habitants "
            "des quartiers.",
        ),
    ),
    Modele(
        "Zéro déchet {commune}",
        ("environnement", "alimentation"),
        (12, 13, 14),
        (
            "L'association accompagne habitants, commerçants et cantines vers moins "
            "d'emballages et moins de gaspillage.",
            "Elle anime des défis « familles zéro déchet » et un réseau de commerces qui "
            "acceptent les contenants réutilisables.",
        ),
    ),
    Modele(
        "Les Aidants {de_commune}",
        ("sante", "solidarite"),
        (3, 5, 10),
        (
            "L'association soutient les proches qui accompagnent une personne âgée, malade ou "
            "handicapée : groupes de parole, formations, temps de répit.",
            "Elle travaille avec les professionnels de santé du secteur pour repérer les aidants "
            "épuisés.",
        ),
    ),
    Modele(
        "Jeunes et Avenir {de_commune}",
        ("jeunesse", "education", "emploi-insertion"),
        (4, 8, 10),
        (
            "L'association propose du soutien scolaire, du mentorat et des stages de découverte "
            "des métiers aux collégiens et aux lycéens.",
            "Chaque jeune est suivi par un bénévole pendant au moins une année scolaire.",
        ),
    ),
    Modele(
        "Rivières vivantes {departement}",
        ("environnement",),
        (6, 14, 15),
        (
            "L'association protège les cours d'eau : suivi de la qualité de l'eau, nettoyage "
            "des berges, plantation de haies le long des rives.",
            "Elle fait découvrir la faune aquatique aux scolaires et forme des bénévoles aux "
            "inventaires naturalistes.",
        ),
    ),
    Modele(
        "Mobilité solidaire {departement}",
        ("mobilite", "emploi-insertion", "solidarite"),
        (8, 10, 11),
        (
            "L'association lève les freins à la mobilité des personnes en insertion : location "
            "de voitures et de scooters à petit prix, garage solidaire, auto-école sociale.",
            "Elle accompagne chaque année {nombre} personnes vers un emploi ou une formation.",
        ),
    ),
    Modele(
        "Lire et écrire {a_commune}",
        ("education", "emploi-insertion"),
        (4, 10),
        (
            "Des formateurs bénévoles enseignent le français et les savoirs de base à des "
            "adultes, en petits groupes et près de chez eux.",
            "L'association prépare aussi aux examens de langue française demandés pour l'emploi "
            "et la naturalisation.",
        ),
    ),
    Modele(
        "Théâtre en herbe {commune}",
        ("culture", "jeunesse"),
        (4, 11),
        (
            "La troupe fait découvrir le théâtre aux enfants et aux adolescents, avec un "
            "spectacle présenté chaque fin d'année.",
            "Ses ateliers sont gratuits pour les familles accompagnées par les services sociaux.",
        ),
    ),
]

ENTREPRISES = [
    Modele(
        "Boulangerie {nom}",
        ("alimentation",),
        (2, 8, 12),
        (
            "Boulangerie-pâtisserie artisanale installée {a_commune}, la maison travaille des "
            "farines de moulins de la région.",
            "Les invendus sont donnés chaque soir à une association d'aide alimentaire.",
            "L'équipe forme chaque année deux apprentis.",
        ),
        (Taille.TPE,),
    ),
    Modele(
        "{nom} Bâtiment",
        ("logement", "emploi-insertion"),
        (8, 9, 11),
        (
            "Entreprise générale du bâtiment, {nom} Bâtiment est spécialisée dans la rénovation "
            "énergétique des logements anciens.",
            "Ses {petit} compagnons interviennent chez les particuliers, les bailleurs sociaux "
            "et les communes du secteur.",
        ),
        (Taille.TPE, Taille.PME),
    ),
    Modele(
        "Atelier {nom}",
        ("culture", "environnement"),
        (8, 12),
        (
            "Atelier d'ébénisterie et de restauration de meubles, installé {a_commune} depuis "
            "{annee}.",
            "L'atelier travaille des bois issus de forêts gérées durablement et récupère ses "
            "chutes pour des ateliers d'initiation.",
        ),
        (Taille.TPE,),
    ),
    Modele(
        "Transports {nom} & Fils",
        ("mobilite",),
        (9, 11, 13),
        (
            "Entreprise familiale de transport de marchandises et de voyageurs, fondée en {annee}.",
            "Sa flotte de {petit} véhicules passe progressivement au biogaz et à l'électrique.",
            "L'entreprise forme elle-même ses conducteurs, dont une part croissante de "
            "conductrices.",
        ),
        (Taille.PME,),
    ),
    Modele(
        "{nom} Informatique",
        ("numerique", "education", "emploi-insertion"),
        (4, 8, 9),
        (
            "Entreprise de services numériques, {nom} Informatique accompagne les PME et les "
            "collectivités dans leurs projets de logiciels et d'hébergement.",
            "Ses développeurs consacrent plusieurs jours par an à des associations, en mécénat "
            "de compétences.",
        ),
        (Taille.TPE, Taille.PME, Taille.PME),
    ),
    Modele(
        "Cabinet {nom} Expertise comptable",
        ("autre", "emploi-insertion"),
        (8, 16),
        (
            "Cabinet d'expertise comptable au service des artisans, des commerçants et des "
            "associations.",
            "Ses collaborateurs tiennent bénévolement des permanences d'aide à la gestion pour "
            "les petites associations.",
        ),
        (Taille.TPE, Taille.PME),
    ),
    Modele(
        "Cabinet {nom} & {nom2} Avocats",
        ("autre", "solidarite"),
        (10, 16),
        (
            "Cabinet d'avocats en droit du travail et en droit des associations, installé "
            "{a_commune}.",
            "Les associés assurent des consultations juridiques gratuites dans les points "
            "d'accès au droit du département.",
        ),
        (Taille.TPE,),
    ),
    Modele(
        "Garage {nom}",
        ("mobilite",),
        (11, 12),
        (
            "Garage indépendant de mécanique et de carrosserie, il entretient tous les véhicules "
            "et privilégie les pièces de réemploi.",
            "Le garage accueille régulièrement des stagiaires en reconversion.",
        ),
        (Taille.TPE,),
    ),
    Modele(
        "Imprimerie {nom}",
        ("culture", "environnement"),
        (8, 12, 15),
        (
            "Imprimerie engagée, elle imprime sur des papiers recyclés ou certifiés avec des "
            "encres végétales.",
            "Elle fabrique les affiches et les programmes de nombreux festivals et associations "
            "du département.",
        ),
        (Taille.TPE, Taille.PME),
    ),
    Modele(
        "Ferme maraîchère {nom}",
        ("alimentation", "environnement"),
        (2, 12, 15),
        (
            "Ferme maraîchère en agriculture biologique, elle cultive une quarantaine de légumes "
            "de saison à quelques kilomètres {de_commune}.",
            "Ses paniers sont vendus en circuit court et fournissent plusieurs cantines scolaires.",
        ),
        (Taille.TPE,),
    ),
    Modele(
        "{nom} Énergies",
        ("environnement", "logement"),
        (7, 9, 13),
        (
            "Installateur de panneaux solaires et de pompes à chaleur pour les particuliers, les "
            "entreprises et les bâtiments publics.",
            "L'entreprise accompagne des projets citoyens d'énergie renouvelable sur les toits "
            "d'écoles et de gymnases.",
        ),
        (Taille.TPE, Taille.PME),
    ),
    Modele(
        "Pharmacie {nom}",
        ("sante",),
        (3,),
        (
            "Pharmacie de quartier {a_commune}, elle participe aux campagnes de dépistage et de "
            "vaccination de la commune.",
            "L'équipe forme des bénévoles associatifs aux gestes de premiers secours.",
        ),
        (Taille.TPE,),
    ),
    Modele(
        "Groupe {nom} Distribution",
        ("alimentation", "emploi-insertion"),
        (2, 8, 12),
        (
            "Réseau régional de supermarchés et de plateformes logistiques, le groupe emploie "
            "plusieurs milliers de personnes.",
            "Sa politique d'achats donne la priorité aux producteurs locaux et aux entreprises "
            "adaptées.",
            "Le groupe donne ses invendus alimentaires à un réseau de banques alimentaires.",
        ),
        (Taille.ETI, Taille.GE),
    ),
    Modele(
        "{nom} Industrie",
        ("emploi-insertion", "environnement"),
        (8, 9, 12),
        (
            "Fabricant de pièces mécaniques pour l'aéronautique et le ferroviaire, implanté "
            "{a_commune} depuis {annee}.",
            "L'entreprise a réduit d'un tiers sa consommation d'énergie et recycle l'essentiel "
            "de ses copeaux métalliques.",
            "Son école de production forme chaque année des jeunes sans qualification.",
        ),
        (Taille.PME, Taille.ETI),
    ),
    Modele(
        "Agence {nom} Communication",
        ("culture", "numerique"),
        (8, 17),
        (
            "Agence de communication et de design graphique au service des marques locales et "
            "des projets d'intérêt général.",
            "Elle réalise chaque année une campagne gratuite pour une association du territoire.",
        ),
        (Taille.TPE,),
    ),
    Modele(
        "Le Comptoir {de_commune}",
        ("alimentation", "emploi-insertion"),
        (2, 8, 10, 12),
        (
            "Restaurant de cuisine de saison, le Comptoir travaille avec des producteurs situés "
            "à moins de cinquante kilomètres.",
            "Il accueille en cuisine des personnes en parcours d'insertion, encadrées par un chef "
            "formateur.",
        ),
        (Taille.TPE,),
    ),
    Modele(
        "{nom} Propreté",
        ("emploi-insertion",),
        (6, 8, 10),
        (
            "Entreprise de nettoyage de bureaux et de parties communes, {nom} Propreté emploie "
            "{nombre} salariés dans le département.",
            "Elle utilise des produits écolabellisés et recrute une partie de ses équipes avec "
            "des structures d'insertion.",
        ),
        (Taille.PME,),
    ),
    Modele(
        "{nom} Conseil",
        ("autre", "emploi-insertion"),
        (8, 12, 17),
        (
            "Cabinet de conseil en stratégie et en responsabilité sociétale, il aide les PME à "
            "mesurer et à réduire leur impact.",
            "Ses consultants accompagnent aussi des associations en mécénat de compétences.",
        ),
        (Taille.TPE, Taille.PME),
    ),
]

FONDATIONS = [
    Modele(
        "Fondation {nom} pour l'enfance",
        ("jeunesse", "education", "sante"),
        (1, 3, 4),
        (
            "Créée en {annee} par la famille {nom}, la fondation soutient les projets qui "
            "améliorent la santé et la réussite éducative des enfants.",
            "Elle finance chaque année une vingtaine d'associations, de la petite enfance à "
            "l'adolescence.",
        ),
    ),
    Modele(
        "Fondation {nom} pour la biodiversité",
        ("environnement",),
        (13, 14, 15),
        (
            "La fondation finance la restauration de milieux naturels et des programmes de "
            "sciences participatives.",
            "Elle réunit des entreprises mécènes, des chercheurs et des associations "
            "naturalistes autour de projets de terrain.",
        ),
    ),
    Modele(
        "Fondation {commune} Solidarités",
        ("solidarite", "emploi-insertion"),
        (1, 10, 17),
        (
            "Fondation territoriale, elle rassemble les dons d'habitants et d'entreprises pour "
            "financer des initiatives locales.",
            "Son comité de bénévoles choisit chaque année les projets soutenus.",
        ),
    ),
    Modele(
        "Fondation {nom} pour l'insertion",
        ("emploi-insertion",),
        (1, 8, 10),
        (
            "La fondation accompagne les structures d'insertion par l'activité économique : "
            "financement, conseil et mise en relation avec des employeurs.",
        ),
    ),
    Modele(
        "Fondation {nom} pour la santé des aînés",
        ("sante", "solidarite"),
        (3, 10),
        (
            "La fondation soutient les projets qui rompent l'isolement des personnes âgées et "
            "favorisent leur maintien à domicile.",
            "Elle finance aussi des programmes de recherche sur le bien vieillir.",
        ),
    ),
    Modele(
        "Fonds de dotation {nom} pour la culture",
        ("culture", "jeunesse"),
        (4, 10, 11),
        (
            "Le fonds de dotation aide les projets artistiques qui vont à la rencontre des "
            "publics éloignés de la culture.",
            "Il soutient en priorité les résidences d'artistes dans les écoles et les quartiers.",
        ),
    ),
]

ETABLISSEMENTS_PUBLICS = [
    Modele(
        "Centre communal d'action sociale {de_commune}",
        ("solidarite", "logement"),
        (1, 10, 11),
        (
            "Le CCAS accompagne les habitants en difficulté : aides d'urgence, domiciliation, "
            "accès aux droits.",
            "Il conduit l'analyse des besoins sociaux de la commune avec les associations de "
            "solidarité.",
        ),
    ),
    Modele(
        "Centre hospitalier {de_commune}",
        ("sante",),
        (3, 5, 10),
        (
            "Établissement public de santé, le centre hospitalier assure les urgences, la "
            "maternité et les soins de suite du bassin de vie.",
            "Il mène avec les associations de patients des actions de prévention hors les murs.",
        ),
    ),
    Modele(
        "Lycée professionnel {personnalite} ({commune})",
        ("education", "jeunesse", "emploi-insertion"),
        (4, 5, 8),
        (
            "Le lycée prépare aux métiers du bâtiment, de la maintenance et de l'aide à la "
            "personne, du CAP au bac professionnel.",
            "Ses élèves réalisent des chantiers pédagogiques pour des associations et des "
            "communes du secteur.",
        ),
    ),
    Modele(
        "Chambre de métiers et de l'artisanat {region}",
        ("emploi-insertion", "autre"),
        (4, 8, 9),
        (
            "Établissement public, la chambre accompagne les artisans de la création à la "
            "transmission de leur entreprise.",
            "Elle anime un réseau de maîtres d'apprentissage et le relie aux acteurs de "
            "l'insertion.",
        ),
    ),
    Modele(
        "Office public de l'habitat {de_commune}",
        ("logement", "solidarite"),
        (1, 7, 11),
        (
            "Bailleur social public, l'office loge plusieurs milliers de ménages et rénove son "
            "parc pour réduire les charges de chauffage.",
            "Il confie à des associations l'animation de jardins et de locaux partagés au pied "
            "des immeubles.",
        ),
    ),
]

ACADEMIQUES = [
    Modele(
        "Université {de_ville} — laboratoire Territoires et transitions",
        ("environnement", "autre"),
        (11, 13, 17),
        (
            "Le laboratoire étudie les transitions écologiques et sociales à l'échelle des "
            "territoires, en lien étroit avec les acteurs locaux.",
            "Il publie chaque année un baromètre des coopérations entre associations, "
            "entreprises et collectivités de la région.",
        ),
    ),
    Modele(
        "Université {de_ville} — laboratoire d'économie sociale et solidaire",
        ("emploi-insertion", "solidarite"),
        (8, 10, 17),
        (
            "Économistes et sociologues y analysent les modèles économiques des associations, "
            "des coopératives et de l'entrepreneuriat social.",
            "Le laboratoire accueille des doctorants en convention avec des structures de "
            "l'économie sociale.",
        ),
    ),
    Modele(
        "Université {de_ville} — chaire Innovation sociale et santé",
        ("sante", "solidarite"),
        (3, 10, 17),
        (
            "La chaire évalue, avec les professionnels et les usagers, les innovations sociales "
            "en matière de prévention et d'accès aux soins.",
        ),
    ),
    Modele(
        "IUT {de_ville} — département Carrières sociales",
        ("education", "jeunesse", "solidarite"),
        (4, 10),
        (
            "Le département forme des animateurs socioculturels et des coordinateurs de projets "
            "associatifs.",
            "Chaque promotion réalise des projets tutorés pour des associations et des "
            "collectivités du territoire.",
        ),
    ),
    Modele(
        "École d'ingénieurs {de_ville} — fab lab solidaire",
        ("numerique", "handicap", "education"),
        (4, 9, 10),
        (
            "Le fab lab de l'école conçoit avec des associations des aides techniques pour les "
            "personnes en situation de handicap.",
            "Étudiants et bénévoles y partagent machines et savoir-faire lors de soirées "
            "ouvertes au public.",
        ),
    ),
    Modele(
        "Université {de_ville} — observatoire de l'alimentation durable",
        ("alimentation", "environnement"),
        (2, 12),
        (
            "L'observatoire suit l'évolution des pratiques alimentaires et accompagne les "
            "projets alimentaires territoriaux.",
        ),
    ),
]

COMMUNE_COLLECTIVITE = Modele(
    "{ville_ou_commune} {de_commune}",
    ("solidarite", "environnement", "culture", "sport", "jeunesse", "mobilite", "education"),
    (4, 10, 11, 13),
    (
        "Avec {population} habitants, la commune soutient la vie associative par des "
        "subventions et des prêts de salles et de matériel.",
        "Son service de la vie associative accompagne les projets qui réunissent habitants, "
        "associations et entreprises.",
        "Elle conduit un plan local de transition écologique construit avec les acteurs du "
        "territoire.",
    ),
)

EPCI_COLLECTIVITE = Modele(
    "{epci}",
    ("environnement", "mobilite", "emploi-insertion", "logement", "alimentation"),
    (8, 11, 12, 13),
    (
        "L'intercommunalité regroupe {communes_epci} communes et {population} habitants.",
        "Elle conduit le développement économique, la gestion des déchets et les mobilités à "
        "l'échelle du territoire.",
        "Son projet de territoire fait une large place aux coopérations entre entreprises, "
        "associations et communes.",
    ),
)

MODELES = {
    Kind.ASSOCIATION: ASSOCIATIONS,
    Kind.ENTREPRISE: ENTREPRISES,
    Kind.FONDATION: FONDATIONS,
    Kind.ETABLISSEMENT_PUBLIC: ETABLISSEMENTS_PUBLICS,
    Kind.ACADEMIQUE: ACADEMIQUES,
}

# One of them may close the description: what the structure brings to, or seeks in, alliances.
PHRASES_PARTENARIAT = {
    Kind.ASSOCIATION: (
        "L'association cherche des entreprises prêtes à s'engager par du mécénat de "
        "compétences ou des dons de matériel.",
        "L'association souhaite nouer des alliances avec les acteurs économiques du territoire "
        "pour changer d'échelle.",
        "L'association travaille déjà avec la mairie et plusieurs commerçants, et veut élargir "
        "ce cercle.",
        "L'association accueille volontiers des salariés pour des missions de bénévolat, "
        "ponctuelles ou régulières.",
    ),
    Kind.ENTREPRISE: (
        "L'entreprise consacre chaque année une part du temps de travail de ses équipes à du "
        "mécénat de compétences.",
        "L'entreprise privilégie les fournisseurs du territoire et les structures d'insertion "
        "pour ses achats.",
        "L'entreprise cherche une association partenaire pour construire un projet dans la durée.",
        "L'entreprise accueille des jeunes en stage et en alternance, avec les acteurs de "
        "l'emploi du bassin.",
    ),
    Kind.COLLECTIVITE: (
        "La collectivité met des locaux à disposition des porteurs de projets d'intérêt général.",
        "La collectivité lance chaque année un appel à projets pour les initiatives portées "
        "par plusieurs acteurs locaux.",
    ),
    Kind.FONDATION: (
        "La fondation finance en priorité les projets portés ensemble par des associations et "
        "des entreprises.",
        "La fondation aide aussi les porteurs de projets à trouver des partenaires.",
    ),
    Kind.ETABLISSEMENT_PUBLIC: (
        "L'établissement travaille en lien étroit avec les associations et les employeurs du "
        "territoire.",
        "L'établissement cherche des partenaires pour ouvrir ses équipements et ses "
        "compétences à de nouveaux publics.",
    ),
    Kind.ACADEMIQUE: (
        "L'équipe mène des recherches-actions avec des associations, des entreprises et des "
        "collectivités.",
        "L'équipe cherche des terrains d'étude auprès des acteurs qui construisent des alliances.",
    ),
}

NOMS = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet",
    "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin",
    "Muller", "Henry", "Roussel", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont",
    "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Boyer", "Denis", "Meunier", "Lemaire",
    "Benali", "Nguyen", "Diallo", "Haddad", "Ferreira", "Le Gall", "Le Goff", "Etcheverry",
    "Santini", "Hoarau", "Payet", "Kowalski", "Schmitt", "Weber", "Caron", "Renard", "Aubert",
]  # fmt: skip

PERSONNALITES = [
    "Marie-Curie", "Jean-Moulin", "Victor-Hugo", "Simone-Veil", "Louise-Michel", "Jules-Ferry",
    "Olympe-de-Gouges", "Aimé-Césaire", "Gustave-Eiffel", "Rosa-Parks", "Jean-Jaurès",
    "Lucie-Aubrac",
]  # fmt: skip


def _de(nom: str) -> str:
    """« de Lyon », « du Havre », « des Abymes », « d'Angers »."""
    if nom.startswith("Le "):
        return "du " + nom[3:]
    if nom.startswith("Les "):
        return "des " + nom[4:]
    if nom[0] in "AEIOUÂÉÈÊÎÔÛ":
        return "d'" + nom
    return "de " + nom


def _a(nom: str) -> str:
    """« à Lyon », « au Havre », « aux Abymes »."""
    if nom.startswith("Le "):
        return "au " + nom[3:]
    if nom.startswith("Les "):
        return "aux " + nom[4:]
    return "à " + nom


def _nombre(value: int) -> str:
    """French thousands separator (narrow no-break space)."""
    return f"{value:,}".replace(",", "\u202f")


def _weight(commune: Commune) -> float:
    return math.sqrt(commune.population or 1)


def _draw_sieges(rng: random.Random, communes: list[Commune], count: int) -> list[Commune]:
    """`count` communes drawn with probability ∝ √population; every région gets a couple first,
    so Corse or Mayotte are not left out by chance."""
    by_region: dict[str, list[Commune]] = {}
    for commune in communes:
        by_region.setdefault(commune.region_id, []).append(commune)
    sieges: list[Commune] = []
    per_region = min(COMMUNES_PAR_REGION, count // max(len(by_region), 1))
    for code in sorted(by_region):
        group = by_region[code]
        sieges += rng.choices(group, weights=[_weight(c) for c in group], k=per_region)
    rest = count - len(sieges)
    sieges += rng.choices(communes, weights=[_weight(c) for c in communes], k=rest)
    rng.shuffle(sieges)
    return sieges


def _draw_kinds(rng: random.Random, count: int) -> list[str]:
    kinds: list[str] = []
    for kind, share in KIND_SHARES:
        kinds += [kind] * round(count * share)
    kinds = kinds[:count]
    kinds += [Kind.ASSOCIATION] * (count - len(kinds))
    rng.shuffle(kinds)
    return kinds


def _pick_domaines(rng: random.Random, modele: Modele) -> list[str]:
    """The model's main domaine, plus up to two of its others."""
    others = list(modele.domaines[1:])
    extra = rng.randint(0, min(2, len(others)))
    return [modele.domaines[0], *rng.sample(others, extra)]


def _pick_odd(rng: random.Random, modele: Modele) -> list[int]:
    """1 to 3 ODD among the model's; ODD 17 (partnerships) for about half the organisations."""
    candidates = [n for n in modele.odd if n != 17]
    wanted = rng.randint(1, 3)
    if rng.random() < 0.5:
        return [17, *rng.sample(candidates, min(wanted - 1, len(candidates)))]
    return sorted(rng.sample(candidates, min(wanted, len(candidates))))


def _describe(rng: random.Random, modele: Modele, kind: str, context: dict) -> str:
    """3 or 4 sentences: what the structure does, what it brings to or seeks in alliances, and
    the mention that it is fictitious."""
    phrases = [modele.phrases[0]]
    if len(modele.phrases) > 1 and rng.random() < 0.6:
        phrases.append(rng.choice(modele.phrases[1:]))
    if len(phrases) == 1 or rng.random() < 0.5:
        # Say "mécénat de compétences" once at most.
        deja_dit = any("mécénat" in phrase for phrase in phrases)
        pool = [p for p in PHRASES_PARTENARIAT[kind] if not (deja_dit and "mécénat" in p)]
        phrases.append(rng.choice(pool))
    mention = MENTION_DEMO_COLLECTIVITE if kind == Kind.COLLECTIVITE else MENTION_DEMO
    return " ".join(phrase.format(**context) for phrase in phrases) + " " + mention


class _Identifiants:
    """Fresh demo identifiers: unique in the generated set and absent from the database."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.sirens = set(
            Organisation.objects.filter(siren__startswith=SIREN_PREFIX).values_list(
                "siren", flat=True
            )
        )
        self.sirens |= set(
            Commune.objects.filter(siren__startswith=SIREN_PREFIX).values_list("siren", flat=True)
        )
        self.sirens |= set(
            EPCI.objects.filter(siren__startswith=SIREN_PREFIX).values_list("siren", flat=True)
        )
        self.rnas: set[str] = set()

    def siren(self) -> str:
        while True:
            digits = "".join(str(self.rng.randint(0, 9)) for _ in range(8 - len(SIREN_PREFIX)))
            number = siren_with_key(SIREN_PREFIX + digits)
            if number not in self.sirens:
                self.sirens.add(number)
                return number

    def siret(self, siren: str) -> str:
        return siret_with_key(siren, f"{self.rng.randint(1, 9):04d}")

    def rna(self, commune: Commune) -> str:
        """W, the département's digits (2A and 2B count as 20), then a serial number."""
        prefix = commune.code_departement.replace("A", "0").replace("B", "0")
        while True:
            digits = "".join(str(self.rng.randint(0, 9)) for _ in range(9 - len(prefix)))
            number = f"W{prefix}{digits}"
            if number not in self.rnas:
                self.rnas.add(number)
                return number


def _existing_rnas(organisations: list[Organisation]) -> set[str]:
    """The RNA numbers of these organisations that a registered organisation already has."""
    rnas = sorted(o.rna for o in organisations if o.rna)
    return set(Organisation.objects.filter(rna__in=rnas).values_list("rna", flat=True))


def _unique_slugs(noms: list[str]) -> list[str]:
    """Slugs for the names, suffixed -2, -3… on collisions in the batch or the database."""
    bases = [slugify(nom)[:200] or "organisation" for nom in noms]
    taken = set(
        Organisation.objects.filter(slug__in=sorted(set(bases))).values_list("slug", flat=True)
    )
    for base in sorted({b for b in bases if b in taken}):
        taken |= set(
            Organisation.objects.filter(slug__startswith=f"{base}-").values_list("slug", flat=True)
        )
    slugs = []
    for base in bases:
        slug, suffix = base, 2
        while slug in taken:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


def _base_context(rng: random.Random, commune: Commune) -> dict:
    return {
        "commune": commune.nom,
        "de_commune": _de(commune.nom),
        "a_commune": _a(commune.nom),
        "departement": commune.departement.nom,
        "region": commune.region.nom,
        "nom": rng.choice(NOMS),
        "nom2": rng.choice(NOMS),
        "personnalite": rng.choice(PERSONNALITES),
        "annee": rng.randint(1978, 2022),
        "nombre": rng.randrange(40, 400, 10),
        "petit": rng.randint(8, 40),
    }


@transaction.atomic
def demo_organisations_create(*, count: int = 300, seed: int = 17) -> int:
    """Create `count` fictitious organisations of every kind in real communes; return how many.

    Does nothing (and returns 0) when demo organisations already exist or when the territorial
    referential is not loaded. About 45 % associations, 30 % entreprises, 10 % collectivités
    (real communes and EPCI, with their real SIREN), the rest fondations, établissements publics
    and structures académiques; 90 % published, the others waiting for moderation.
    """
    if Organisation.objects.filter(is_demo=True).exists():
        return 0
    communes = list(
        Commune.objects.actuelles()
        .filter(latitude__isnull=False, population__isnull=False, departement__isnull=False)
        .select_related("departement", "region", "epci")
        .order_by(F("population").desc(), "code_insee")[:COMMUNES_CANDIDATES]
    )
    if not communes:
        return 0

    rng = random.Random(seed)
    identifiants = _Identifiants(rng)
    sieges = _draw_sieges(rng, communes, count)
    kinds = _draw_kinds(rng, count)
    publiees = round(count * PART_PUBLIEE)
    statuts = [Statut.PUBLIEE] * publiees + [Statut.EN_ATTENTE] * (count - publiees)
    rng.shuffle(statuts)

    # Collectivités are real: skip the communes and EPCI that already have their organisation.
    collectivite_sirens = {c.siren for c in communes} | {c.epci_id for c in communes if c.epci_id}
    sirens_pris = set(
        Organisation.objects.filter(siren__in=sorted(collectivite_sirens)).values_list(
            "siren", flat=True
        )
    )
    communes_par_epci = dict(
        Commune.objects.actuelles()
        .filter(epci__in={c.epci_id for c in communes if c.epci_id})
        .values_list("epci")
        .annotate(n=Count("pk"))
    )
    # Universities and schools sit in the département's chef-lieu (Bobigny rather than Bondy).
    par_code = {commune.code_insee: commune for commune in communes}

    organisations: list[Organisation] = []
    domaines: list[list[str]] = []
    odd: list[list[int]] = []
    noms_pris: set[str] = set()
    for kind, siege, statut in zip(kinds, sieges, statuts, strict=True):
        context = _base_context(rng, siege)
        organisation = Organisation(
            kind=kind,
            siege=siege,
            is_demo=True,
            statut=statut,
        )
        if kind == Kind.COLLECTIVITE:
            modele = _collectivite(
                rng, organisation, siege, communes, sirens_pris, communes_par_epci, context
            )
            nom = modele.nom.format(**context)
        else:
            if kind == Kind.ACADEMIQUE:
                siege = par_code.get(siege.departement.chef_lieu, siege)
                organisation.siege = siege
                context.update(_base_context(rng, siege), de_ville=_de(siege.nom))
            # A few draws to avoid two identical names (two « Boulangerie Martin » in the set).
            for _attempt in range(20):
                modele = rng.choice(MODELES[kind])
                nom = modele.nom.format(**context)
                if nom not in noms_pris:
                    break
                context.update(nom=rng.choice(NOMS), nom2=rng.choice(NOMS))
            _identify(rng, identifiants, organisation, modele, siege)
        noms_pris.add(nom)
        organisation.nom = nom
        organisation.description = _describe(rng, modele, kind, context)
        organisation.refresh_recherche()
        organisations.append(organisation)
        domaines.append(_pick_domaines(rng, modele))
        odd.append(_pick_odd(rng, modele))

    # Rare: a generated RNA already belongs to a registered association; draw another one (the
    # taken number stays in `identifiants.rnas`, so it is never drawn again).
    while collisions := _existing_rnas(organisations):
        for organisation in organisations:
            if organisation.rna in collisions:
                organisation.rna = identifiants.rna(organisation.siege)

    for organisation, slug in zip(
        organisations, _unique_slugs([o.nom for o in organisations]), strict=True
    ):
        organisation.slug = slug
        domain = slug[:50].rstrip("-")
        organisation.email_contact = f"contact@{domain}.exemple.fr"
        if rng.random() < 0.4:
            organisation.site_web = f"https://{domain}.exemple.fr"

    created = Organisation.objects.bulk_create(organisations, batch_size=500)
    DomaineLink = Organisation.domaines.through
    OddLink = Organisation.odd.through
    DomaineLink.objects.bulk_create(
        [
            DomaineLink(organisation_id=organisation.pk, domaine_id=code)
            for organisation, codes in zip(created, domaines, strict=True)
            for code in codes
        ],
        batch_size=1000,
    )
    OddLink.objects.bulk_create(
        [
            OddLink(organisation_id=organisation.pk, odd_id=numero)
            for organisation, numeros in zip(created, odd, strict=True)
            for numero in numeros
        ],
        batch_size=1000,
    )
    return len(created)


def _identify(
    rng: random.Random,
    identifiants: _Identifiants,
    organisation: Organisation,
    modele: Modele,
    siege: Commune,
) -> None:
    """Identifiers as each kind has them: RNA (and sometimes SIREN) for associations, SIREN,
    often SIRET and a size for entreprises, mostly a SIREN for the others."""
    kind = organisation.kind
    if kind == Kind.ASSOCIATION:
        organisation.rna = identifiants.rna(siege)
        if rng.random() < 0.3:
            organisation.siren = identifiants.siren()
    elif kind == Kind.ENTREPRISE:
        organisation.siren = identifiants.siren()
        organisation.taille = rng.choice(modele.tailles)
        if rng.random() < 0.7:
            organisation.siret = identifiants.siret(organisation.siren)
    elif rng.random() < 0.8:
        organisation.siren = identifiants.siren()


def _collectivite(
    rng: random.Random,
    organisation: Organisation,
    siege: Commune,
    communes: list[Commune],
    sirens_pris: set[str],
    communes_par_epci: dict[str, int],
    context: dict,
) -> Modele:
    """Turn the organisation into a real commune or EPCI (60/40), not yet taken by another
    organisation; when both are, draw another candidate commune among those still free."""
    while True:
        epci = siege.epci
        options = [("commune", siege.siren), ("epci", epci.siren if epci else "")]
        if rng.random() < 0.4:
            options.reverse()
        for territoire, siren in options:
            if siren and siren not in sirens_pris:
                sirens_pris.add(siren)
                organisation.siren = siren
                organisation.siege = siege
                context.update(_base_context(rng, siege))
                if territoire == "commune":
                    organisation.territoire_commune = siege
                    ville = "Ville" if (siege.population or 0) >= 5000 else "Commune"
                    context.update(ville_ou_commune=ville, population=_nombre(siege.population))
                    return COMMUNE_COLLECTIVITE
                organisation.territoire_epci = epci
                context.update(
                    epci=epci.nom,
                    communes_epci=communes_par_epci.get(epci.siren, 0),
                    population=_nombre(epci.population or 0),
                )
                return EPCI_COLLECTIVITE
        libres = [
            c
            for c in communes
            if c.siren not in sirens_pris or (c.epci_id and c.epci_id not in sirens_pris)
        ]
        if not libres:
            raise ValueError(
                "Plus aucune commune ni aucun EPCI libre pour une collectivité de démonstration : "
                "demandez moins d'organisations."
            )
        siege = rng.choices(libres, weights=[_weight(c) for c in libres])[0]


@transaction.atomic
def demo_membres_create() -> list[Membre]:
    """Give the citizen demo account something to manage in the espace pro: admin of a
    published demo association, simple member of a demo entreprise. Idempotent."""
    email = DEMO_ACCOUNTS[0][0]
    user = User.objects.filter(email=email).first()
    if user is None:
        return []
    demo = Organisation.objects.filter(is_demo=True, statut=Statut.PUBLIEE).order_by(
        F("siege__population").desc(nulls_last=True), "pk"
    )
    membres = []
    for kind, role in [
        (Kind.ASSOCIATION, Membre.Role.ADMIN),
        (Kind.ENTREPRISE, Membre.Role.MEMBRE),
    ]:
        organisation = demo.filter(kind=kind).first()
        if organisation is not None:
            membre, _created = Membre.objects.get_or_create(
                user=user, organisation=organisation, defaults={"role": role}
            )
            membres.append(membre)
    return membres
