"""Demo organisations and alliances, for local use only (`load_demo`): a few hundred fictitious
structures of every kind, seated in real communes of the referential, and the alliances they
form, so that lists, maps, search and the espace pro have something to show on a fresh machine.

Everything is derived from one `random.Random(seed)`: the same seed on the same referential
gives the same organisations. Every row is flagged `is_demo` and its description ends with a
sentence saying that it is fictitious. Collectivités are the exception to "fictitious names":
they are real communes and EPCI, with their real SIREN, so that a collectivité's page links to
its territory as a registered one would; their description says the fiche does not come from
them.
"""

import math
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, F
from django.db.models import Model as DjangoModel
from django.utils import timezone
from django.utils.text import slugify

from alliances.bench import SLUG_PREFIX
from alliances.identifiants import siren_with_key, siret_with_key
from alliances.models import Alliance, Participation
from alliances.services import alliances_refresh_search, offres_refresh_search
from comptes.models import User
from comptes.services import DEMO_ACCOUNTS
from moderation import workflow
from moderation.models import Catalyseur, Statut
from nomenclatures.models import Typologie
from offres.models import MiseEnRelation, Offre, encode_ressources
from organisations.models import Membre, Organisation
from territoires.models import EPCI, Commune, Region

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
    Modele(
        "ESAT Les Ateliers {de_commune}",
        ("handicap", "emploi-insertion", "environnement"),
        (8, 10, 12),
        (
            "Géré par une association de parents, l'ESAT emploie une soixantaine de travailleurs "
            "en situation de handicap, encadrés par des moniteurs d'atelier.",
            "Ses ateliers proposent aux entreprises et aux collectivités l'entretien d'espaces "
            "verts, le conditionnement, la blanchisserie et la numérisation de documents.",
            "Chaque travailleur construit son projet professionnel, et certains rejoignent une "
            "entreprise ordinaire après une mise à disposition.",
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


def _unique_slugs(noms: list[str], model: type[DjangoModel] = Organisation) -> list[str]:
    """Slugs for the names, suffixed -2, -3… on collisions in the batch or the database."""
    bases = [slugify(nom)[:200] or model._meta.model_name for nom in noms]
    taken = set(model.objects.filter(slug__in=sorted(set(bases))).values_list("slug", flat=True))
    for base in sorted({b for b in bases if b in taken}):
        taken |= set(
            model.objects.filter(slug__startswith=f"{base}-").values_list("slug", flat=True)
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
    if Organisation.objects.exclude(slug__startswith=SLUG_PREFIX).filter(is_demo=True).exists():
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
    workflow.record_imported(created, texte="Données de démonstration.")
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
    demo = (
        Organisation.objects.exclude(slug__startswith=SLUG_PREFIX)
        .filter(is_demo=True, statut=Statut.PUBLIEE)
        .order_by(F("siege__population").desc(nulls_last=True), "pk")
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


def demo_catalyseur_create() -> Catalyseur | None:
    """Appoint the catalyseur demo account for the région with the most demo organisations,
    on behalf of one of its demo collectivités, so that the moderation space has a queue to
    show. Idempotent."""
    user = User.objects.filter(email=DEMO_ACCOUNTS[2][0]).first()
    if user is None:
        return None
    existing = Catalyseur.objects.filter(user=user, actif=True).first()
    if existing is not None:
        return existing
    demo = Organisation.objects.exclude(slug__startswith=SLUG_PREFIX).filter(
        is_demo=True, statut=Statut.PUBLIEE, siege__region__isnull=False
    )
    busiest = (
        demo.values("siege__region").annotate(n=Count("pk")).order_by("-n", "siege__region")
    ).first()
    if busiest is None:
        return None
    region = Region.objects.get(code=busiest["siege__region"])
    in_region = demo.filter(siege__region=region).order_by("pk")
    organisation = in_region.filter(kind=Kind.COLLECTIVITE).first() or in_region.first()
    return Catalyseur.objects.create(
        user=user, organisation=organisation, niveau=Catalyseur.Niveau.REGION, region=region
    )


# Demo alliances ------------------------------------------------------------------------------
#
# Each alliance follows a scénario: who can carry it (the porteur), who can join it, and the
# texts it is told with. Organisations are recognised by the model they were generated from
# (their profil), so that an ESAT, not a théâtre, does the conditionnement for an entreprise.

MENTION_DEMO_ALLIANCE = "Alliance fictive, créée pour la démonstration de la plateforme."

Typologie = Typologie

TYPOLOGIE_SHARES = [
    (Typologie.MECENAT, 0.35),
    (Typologie.COOPERATION_ECONOMIQUE, 0.25),
    (Typologie.PRATIQUES_RESPONSABLES, 0.20),
    (Typologie.INNOVATION_SOCIETALE, 0.20),
]
ETAT_SHARES = [
    (Alliance.Etat.EN_COURS, 0.60),
    (Alliance.Etat.TERMINEE, 0.25),
    (Alliance.Etat.EN_PROJET, 0.15),
]
PORTEE_SHARES = [
    (Alliance.Portee.LOCALE, 0.60),
    (Alliance.Portee.DEPARTEMENTALE, 0.20),
    (Alliance.Portee.REGIONALE, 0.15),
    (Alliance.Portee.NATIONALE, 0.05),
]
# Share of contrat-alliance (the partners build the solution together) by typologie; the others
# are contrat-échange (one party brings resources to the other).
PART_CONTRAT_ALLIANCE = {
    Typologie.MECENAT: 0.15,
    Typologie.PRATIQUES_RESPONSABLES: 0.25,
    Typologie.INNOVATION_SOCIETALE: 0.90,
    Typologie.COOPERATION_ECONOMIQUE: 0.80,
}
PART_ALLIANCES_PUBLIEES = 0.92
# Chance that a partner has not confirmed yet: higher for projects and alliances under review.
PART_EN_ATTENTE = {
    Alliance.Etat.EN_PROJET: 0.40,
    Alliance.Etat.EN_COURS: 0.13,
    Alliance.Etat.TERMINEE: 0.03,
}
PART_EN_ATTENTE_NON_PUBLIEE = 0.40
PART_PARTENAIRE_OPTIONNEL = 0.5
PARTICIPANTS_MAX = 4
# No organisation takes part in more alliances than this while others are free.
CHARGE_MAX = 8

# Dates are drawn from fixed bounds, not from today, so that a seed always gives the same set.
DEBUT_TERMINEES = (date(2019, 1, 1), date(2025, 6, 30))
DEBUT_EN_COURS = (date(2019, 9, 1), date(2026, 10, 31))
DEBUT_EN_PROJET = (date(2026, 11, 15), date(2026, 12, 31))
FIN_AU_PLUS_TARD = date(2026, 10, 31)

# The model each demo organisation was generated from, by its name pattern.
PROFILS = {
    "Les Jardins partagés {de_commune}": "jardins",
    "Solidarité numérique {departement}": "solidarite_numerique",
    "Sport pour tous {commune}": "sport",
    "Épicerie solidaire {de_commune}": "epicerie",
    "Les Amis de la médiathèque {de_commune}": "mediatheque",
    "Coup de pouce emploi {commune}": "coup_de_pouce",
    "La Roue libre {de_commune}": "roue_libre",
    "Maison des familles {de_commune}": "maison_familles",
    "Handi'Cap {departement}": "handicap",
    "Toit partagé {departement}": "toit_partage",
    "Sciences en fête {commune}": "sciences",
    "Ressourcerie {de_commune}": "ressourcerie",
    "Festival des cultures {de_commune}": "festival",
    "Zéro déchet {commune}": "zero_dechet",
    "Les Aidants {de_commune}": "aidants",
    "Jeunes et Avenir {de_commune}": "jeunes_avenir",
    "Rivières vivantes {departement}": "rivieres",
    "Mobilité solidaire {departement}": "mobilite_solidaire",
    "Lire et écrire {a_commune}": "lire_ecrire",
    "Théâtre en herbe {commune}": "theatre",
    "ESAT Les Ateliers {de_commune}": "esat",
    "Boulangerie {nom}": "boulangerie",
    "{nom} Bâtiment": "batiment",
    "Atelier {nom}": "ebenisterie",
    "Transports {nom} & Fils": "transports",
    "{nom} Informatique": "informatique",
    "Cabinet {nom} Expertise comptable": "comptable",
    "Cabinet {nom} & {nom2} Avocats": "avocats",
    "Garage {nom}": "garage",
    "Imprimerie {nom}": "imprimerie",
    "Ferme maraîchère {nom}": "ferme",
    "{nom} Énergies": "energies",
    "Pharmacie {nom}": "pharmacie",
    "Groupe {nom} Distribution": "distribution",
    "{nom} Industrie": "industrie",
    "Agence {nom} Communication": "communication",
    "Le Comptoir {de_commune}": "comptoir",
    "{nom} Propreté": "proprete",
    "{nom} Conseil": "conseil",
    "Fondation {nom} pour l'enfance": "fondation_enfance",
    "Fondation {nom} pour la biodiversité": "fondation_biodiversite",
    "Fondation {commune} Solidarités": "fondation_solidarites",
    "Fondation {nom} pour l'insertion": "fondation_insertion",
    "Fondation {nom} pour la santé des aînés": "fondation_aines",
    "Fonds de dotation {nom} pour la culture": "fonds_culture",
    "Centre communal d'action sociale {de_commune}": "ccas",
    "Centre hospitalier {de_commune}": "hopital",
    "Lycée professionnel {personnalite} ({commune})": "lycee_pro",
    "Chambre de métiers et de l'artisanat {region}": "cma",
    "Office public de l'habitat {de_commune}": "office_habitat",
    "Université {de_ville} — laboratoire Territoires et transitions": "labo_transitions",
    "Université {de_ville} — laboratoire d'économie sociale et solidaire": "labo_ess",
    "Université {de_ville} — chaire Innovation sociale et santé": "chaire_sante",
    "IUT {de_ville} — département Carrières sociales": "iut",
    "École d'ingénieurs {de_ville} — fab lab solidaire": "fab_lab",
    "Université {de_ville} — observatoire de l'alimentation durable": "observatoire_alimentation",
}
# Collectivités are real communes and EPCI: their profil is "commune" or "epci".

ASSOCIATIONS_TOUTES = tuple(PROFILS[m.nom] for m in ASSOCIATIONS)
BUREAUX = ("informatique", "conseil", "comptable", "avocats", "communication")


@dataclass(frozen=True)
class Scenario:
    """A kind of alliance. `porteur` and each slot of `partenaires` list the profils (or kinds,
    or "*" for anyone) that can fill them; the first `requis` slots must be filled, the others
    join now and then. Texts may use {porteur}, {de_porteur}, {a_porteur}, the same for the
    first partner ({p1}…), the porteur's commune ({commune}, {de_commune}, {a_commune}) and the
    figures ({personnes}, {emplois}, {budget}, {petit}, {petit2}, {nombre}, {annee}).

    `contributions` is keyed by profil, then kind, then "porteur" or "partenaire". Domaines
    "@porteur" and "@p1" stand for that organisation's own domaines. A `local` scenario only
    happens between organisations of the same région; an `affinite` one prefers partners that
    share a domaine with the porteur (its slots are broad: any association, any fondation)."""

    cle: str
    typologie: str
    porteur: tuple[str, ...]
    partenaires: tuple[tuple[str, ...], ...]
    titres: tuple[str, ...]
    phrases: tuple[str, ...]
    contributions: dict[str, str]
    resultats: tuple[str, ...]
    domaines: tuple[str, ...]
    odd: tuple[int, ...]
    personnes: tuple[int, int] | None = None
    emplois: tuple[int, int] | None = None
    budget: tuple[int, int] | None = None
    local: bool = False
    affinite: bool = False
    poids: float = 1.0
    requis: int = 1


MECENAT = [
    Scenario(
        "ordinateurs_reconditionnes",
        Typologie.MECENAT,
        porteur=("solidarite_numerique",),
        partenaires=(
            ("informatique", "conseil", "comptable", "avocats", "industrie", "distribution"),
            ("ccas", "commune"),
        ),
        titres=(
            "Des ordinateurs reconditionnés pour les familles {de_commune}",
            "Seconde vie pour les ordinateurs {de_p1}",
            "Équiper en ordinateurs les foyers qui n'en ont pas",
            "Des ordinateurs pour étudier et chercher un emploi {a_commune}",
        ),
        phrases=(
            "{p1} donne chaque année ses ordinateurs renouvelés {a_porteur}, qui les "
            "reconditionne et les remet à des familles et à des étudiants aux revenus modestes.",
            "Des salariés volontaires de l'entreprise participent aux ateliers de "
            "reconditionnement, sur leur temps de travail.",
            "Chaque machine est remise avec deux heures de prise en main, assurées par les "
            "bénévoles de l'association.",
            "Les bénéficiaires sont orientés par les travailleurs sociaux et les services de la "
            "vie étudiante.",
        ),
        contributions={
            "porteur": "Reconditionne les ordinateurs, les distribue et forme les familles à "
            "leur usage.",
            "partenaire": "Donne ses ordinateurs renouvelés et libère des salariés volontaires "
            "pour les ateliers.",
            "ccas": "Oriente vers l'association les familles qui n'ont pas d'ordinateur.",
            "collectivite": "Oriente vers l'association les familles sans ordinateur et prête "
            "une salle pour les ateliers.",
        },
        resultats=(
            "{personnes} personnes ont reçu un ordinateur reconditionné, qui leur sert surtout "
            "pour leurs démarches, leurs études et leur recherche d'emploi.",
        ),
        domaines=("numerique", "solidarite", "education", "environnement"),
        odd=(4, 10, 12),
        personnes=(60, 600),
        budget=(5000, 40000),
    ),
    Scenario(
        "invendus_alimentaires",
        Typologie.MECENAT,
        porteur=("epicerie",),
        partenaires=(
            ("boulangerie", "distribution", "ferme", "comptoir"),
            ("boulangerie", "ferme", "distribution"),
            ("ccas",),
        ),
        titres=(
            "Des produits frais pour l'épicerie solidaire {de_commune}",
            "Zéro invendu perdu {a_commune}",
            "Les invendus {de_p1} au service des familles",
            "Moins de gaspillage, plus de produits frais {a_commune}",
        ),
        phrases=(
            "Chaque semaine, {p1} confie ses invendus et ses surplus encore consommables "
            "{a_porteur}, qui les propose à petit prix aux familles qu'elle accueille.",
            "Les bénévoles passent les récupérer en fin de journée, avec un véhicule réfrigéré "
            "financé par le partenariat.",
            "Les produits frais, longtemps rares dans les rayons, représentent désormais près "
            "d'un tiers de ce que l'épicerie distribue.",
            "Chaque don fait l'objet d'un reçu fiscal, et les quantités sont suivies chaque mois "
            "par les partenaires.",
        ),
        contributions={
            "porteur": "Collecte les invendus, les trie et les propose aux familles accompagnées.",
            "partenaire": "Donne chaque semaine ses invendus et ses surplus encore consommables.",
            "ccas": "Oriente les familles vers l'épicerie et prend en charge une partie du "
            "transport réfrigéré.",
        },
        resultats=(
            "Environ {petit} tonnes de produits ont échappé au gaspillage, au bénéfice de "
            "{personnes} personnes.",
        ),
        domaines=("alimentation", "solidarite", "environnement"),
        odd=(1, 2, 12),
        personnes=(150, 1500),
        budget=(3000, 30000),
        local=True,
    ),
    Scenario(
        "reussite_educative",
        Typologie.MECENAT,
        porteur=("jeunes_avenir", "sciences", "theatre", "sport", "maison_familles", "lire_ecrire"),
        partenaires=(("fondation_enfance", "fondation_solidarites"), ("commune",)),
        titres=(
            "Un programme de réussite éducative {a_commune}",
            "Des vacances apprenantes pour les enfants {de_commune}",
            "Accompagner les enfants des quartiers {de_commune}",
            "Le soutien {de_p1} aux enfants {de_commune}",
        ),
        phrases=(
            "{p1} finance pour trois ans le programme éducatif {de_porteur}, qui accueille des "
            "enfants des quartiers prioritaires après la classe et pendant les vacances.",
            "Le soutien couvre le salaire d'un animateur, le matériel et les sorties.",
            "Les familles ne paient qu'une adhésion symbolique.",
            "Un comité de suivi réunit les partenaires chaque trimestre pour ajuster le programme.",
        ),
        contributions={
            "porteur": "Conçoit et anime les activités avec ses animateurs et ses bénévoles.",
            "partenaire": "Finance le programme pour trois ans et aide à en évaluer les effets.",
            "collectivite": "Prête des salles dans ses écoles et fait connaître le programme aux "
            "familles.",
        },
        resultats=(
            "{personnes} enfants ont suivi le programme, et leurs enseignants constatent chez la "
            "plupart un net regain de confiance.",
        ),
        domaines=("jeunesse", "education", "@porteur"),
        odd=(4, 10),
        personnes=(40, 400),
        budget=(20000, 150000),
    ),
    Scenario(
        "haies_et_mares",
        Typologie.MECENAT,
        porteur=("rivieres", "jardins", "zero_dechet"),
        partenaires=(("fondation_biodiversite",), ("labo_transitions", "commune", "epci")),
        titres=(
            "Des haies et des mares pour la biodiversité {de_commune}",
            "Replanter des haies autour {de_commune}",
            "Le retour de la faune autour {de_commune}",
            "Un réseau de haies et de mares soutenu par {p1}",
        ),
        phrases=(
            "{p1} soutient {porteur} pour planter des haies champêtres, restaurer des mares et "
            "suivre le retour de la faune sur une dizaine de sites autour {de_commune}.",
            "Les chantiers de plantation sont ouverts aux habitants et aux écoles.",
            "Chaque site fait l'objet d'un inventaire naturaliste avant et après les travaux.",
            "Les plants viennent d'une pépinière locale spécialisée dans les essences du pays.",
        ),
        contributions={
            "porteur": "Choisit les sites avec les propriétaires, organise les chantiers et "
            "réalise les inventaires.",
            "partenaire": "Finance les plants, le matériel et le temps de coordination.",
            "labo_transitions": "Conçoit le protocole de suivi de la faune et en analyse les "
            "résultats.",
            "collectivite": "Met à disposition des terrains et ses services techniques pour "
            "préparer les sols.",
        },
        resultats=(
            "Environ {petit} kilomètres de haies ont été plantés et {petit2} mares restaurées, "
            "avec {personnes} bénévoles et élèves mobilisés.",
        ),
        domaines=("environnement", "education"),
        odd=(6, 13, 15),
        personnes=(50, 500),
        budget=(15000, 120000),
    ),
    Scenario(
        "competences_gestion",
        Typologie.MECENAT,
        porteur=ASSOCIATIONS_TOUTES,
        partenaires=(("comptable", "conseil", "avocats"),),
        titres=(
            "Des experts bénévoles aux côtés {de_porteur}",
            "Consolider la gestion {de_porteur}",
            "Mécénat de compétences pour {porteur}",
            "Un appui en gestion pour {porteur}",
            "{p1} aux côtés {de_porteur}",
        ),
        phrases=(
            "Des collaborateurs {de_p1} consacrent chaque mois une demi-journée de leur temps de "
            "travail {a_porteur}, pour l'aider à consolider sa gestion et à préparer son "
            "développement.",
            "Les missions sont choisies en début d'année, à partir des besoins exprimés par le "
            "bureau de l'association.",
            "Le temps donné est valorisé dans les comptes de l'association comme une "
            "contribution volontaire en nature.",
            "En retour, les bénévoles présentent leurs actions aux salariés du cabinet, dont "
            "plusieurs sont devenus adhérents.",
        ),
        contributions={
            "porteur": "Définit ses besoins prioritaires et mobilise son bureau pour travailler "
            "avec les experts.",
            "partenaire": "Met à disposition des collaborateurs volontaires, une demi-journée par "
            "mois.",
        },
        resultats=(
            "L'association a bâti son premier budget pluriannuel et obtenu deux nouveaux "
            "financements grâce aux dossiers préparés ensemble.",
            "Les statuts et le règlement intérieur ont été revus, et l'association a pu embaucher "
            "son premier salarié dans de bonnes conditions.",
        ),
        domaines=("@porteur",),
        odd=(8, 16),
        budget=(3000, 25000),
    ),
    Scenario(
        "identite_visuelle",
        Typologie.MECENAT,
        porteur=(
            "festival",
            "theatre",
            "mediatheque",
            "sport",
            "handicap",
            "rivieres",
            "zero_dechet",
            "toit_partage",
            "aidants",
            "jardins",
        ),
        partenaires=(("communication",), ("imprimerie",)),
        titres=(
            "Une nouvelle identité visuelle pour {porteur}",
            "Faire connaître {porteur} au-delà {de_commune}",
            "Une campagne de communication offerte {a_porteur}",
        ),
        phrases=(
            "{p1} a pris en charge gracieusement la communication {de_porteur} : identité "
            "visuelle, affiches et supports pour les réseaux sociaux.",
            "Les bénévoles ont participé à chaque étape, des premières esquisses au choix des "
            "couleurs.",
            "Le partenariat comprend aussi une formation des bénévoles aux outils de mise en page.",
            "Tous les documents sont imprimés sur papier recyclé, avec des encres végétales.",
        ),
        contributions={
            "porteur": "Exprime ses besoins, réunit ses bénévoles aux ateliers de création et "
            "diffuse les supports.",
            "communication": "Conçoit gracieusement l'identité visuelle et les supports de "
            "communication.",
            "imprimerie": "Imprime gracieusement affiches et programmes sur papier recyclé.",
        },
        resultats=(
            "Les adhésions ont progressé d'environ {petit} % dans l'année qui a suivi la nouvelle "
            "campagne.",
        ),
        domaines=("@porteur", "culture"),
        odd=(8, 11),
        budget=(2000, 15000),
    ),
    Scenario(
        "renovation_local",
        Typologie.MECENAT,
        porteur=(
            "maison_familles",
            "epicerie",
            "sport",
            "ressourcerie",
            "theatre",
            "jeunes_avenir",
            "handicap",
            "lire_ecrire",
            "aidants",
            "mediatheque",
        ),
        partenaires=(("batiment",), ("lycee_pro",), ("energies",)),
        titres=(
            "Des locaux rénovés pour {porteur}",
            "Un chantier solidaire pour le local {de_porteur}",
            "Isoler et rendre accessible le local {de_porteur}",
            "Des travaux offerts par {p1}",
        ),
        phrases=(
            "{p1} a rénové gracieusement le local {de_porteur} : isolation, peintures, éclairage "
            "et accès pour les personnes à mobilité réduite.",
            "L'entreprise a fourni les matériaux à prix coûtant, et ses compagnons sont "
            "intervenus pendant les périodes creuses.",
            "Les adhérents ont participé aux finitions lors de deux week-ends de chantier.",
        ),
        contributions={
            "porteur": "Organise le chantier avec ses adhérents et adapte ses activités pendant "
            "les travaux.",
            "batiment": "Réalise gracieusement les travaux et fournit les matériaux à prix "
            "coûtant.",
            "lycee_pro": "Confie une partie des finitions à ses élèves, dans le cadre d'un "
            "chantier pédagogique.",
            "energies": "Remplace gracieusement la vieille chaudière par une pompe à chaleur.",
        },
        resultats=(
            "Les factures de chauffage ont baissé de près de moitié, et le local accueille "
            "désormais les personnes en fauteuil roulant.",
        ),
        domaines=("@porteur", "logement"),
        odd=(7, 11),
        budget=(8000, 60000),
        local=True,
    ),
    Scenario(
        "minibus",
        Typologie.MECENAT,
        porteur=("sport", "handicap", "theatre", "jeunes_avenir", "maison_familles", "aidants"),
        partenaires=(("transports",), ("garage",)),
        titres=(
            "Un minibus pour les sorties {de_porteur}",
            "Des déplacements facilités pour les adhérents {de_porteur}",
            "Un minibus prêté par {p1}",
        ),
        phrases=(
            "{p1} met un minibus à la disposition {de_porteur}, pour les déplacements aux "
            "compétitions, aux sorties et aux rencontres.",
            "Des conducteurs de l'entreprise, volontaires, assurent aussi certains trajets le "
            "week-end.",
            "Sans véhicule, l'association devait renoncer à des sorties faute de parents "
            "disponibles pour conduire.",
        ),
        contributions={
            "porteur": "Planifie les trajets et prend en charge le carburant.",
            "transports": "Prête un minibus et mobilise des conducteurs volontaires le week-end.",
            "garage": "Assure gracieusement l'entretien et les réparations du minibus.",
        },
        resultats=(
            "{personnes} personnes ont pu participer à des sorties et à des compétitions qui leur "
            "étaient jusque-là inaccessibles.",
        ),
        domaines=("mobilite", "@porteur"),
        odd=(10, 11),
        personnes=(30, 300),
        budget=(4000, 25000),
        local=True,
    ),
    Scenario(
        "residence_artistes",
        Typologie.MECENAT,
        porteur=("theatre", "festival", "lire_ecrire"),
        partenaires=(("fonds_culture", "fondation_solidarites"), ("commune",)),
        titres=(
            "Une résidence d'artistes dans les quartiers {de_commune}",
            "La culture au pied des immeubles {de_commune}",
            "Des ateliers artistiques ouverts à tous {a_commune}",
            "Une compagnie en résidence {a_commune}",
        ),
        phrases=(
            "Grâce au soutien {de_p1}, {porteur} accueille chaque année une compagnie en "
            "résidence, qui crée un spectacle avec les habitants des quartiers {de_commune}.",
            "Les ateliers ont lieu au centre social, dans les écoles et en plein air.",
            "La création est présentée gratuitement en fin de saison, sur une place de la ville.",
        ),
        contributions={
            "porteur": "Accueille la compagnie, invite les habitants aux ateliers et organise "
            "les représentations.",
            "partenaire": "Finance la résidence et les ateliers, et aide à trouver d'autres "
            "mécènes.",
            "collectivite": "Prête la salle des fêtes et relaie le projet dans le journal "
            "municipal.",
        },
        resultats=(
            "{personnes} habitants ont pris part aux ateliers, et plus de {nombre} spectateurs "
            "ont assisté aux représentations.",
        ),
        domaines=("culture", "solidarite", "jeunesse"),
        odd=(4, 10, 11),
        personnes=(40, 300),
        budget=(10000, 80000),
    ),
    Scenario(
        "isolement_aines",
        Typologie.MECENAT,
        porteur=("aidants", "toit_partage", "solidarite_numerique", "sport"),
        partenaires=(("fondation_aines", "fondation_solidarites"), ("hopital", "ccas")),
        titres=(
            "Rompre l'isolement des aînés {de_commune}",
            "Bien vieillir chez soi {a_commune}",
            "Des visites régulières pour les aînés isolés",
            "Des visites aux aînés isolés {de_commune}",
        ),
        phrases=(
            "{p1} soutient {porteur} dans un programme qui va à la rencontre des personnes âgées "
            "isolées {de_commune} et de leurs proches.",
            "Des bénévoles formés rendent visite chaque semaine aux personnes repérées par les "
            "services sociaux et les soignants.",
            "Le financement couvre la formation des bénévoles et un poste de coordination à "
            "mi-temps.",
        ),
        contributions={
            "porteur": "Recrute et forme les bénévoles, et coordonne les visites.",
            "partenaire": "Finance la formation des bénévoles et le poste de coordination.",
            "hopital": "Repère les patients âgés isolés à leur sortie d'hospitalisation et les "
            "oriente vers l'association.",
            "ccas": "Repère les personnes isolées et les oriente vers l'association.",
        },
        resultats=(
            "{personnes} personnes âgées reçoivent désormais une visite régulière, et plusieurs "
            "ont repris des activités hors de chez elles.",
        ),
        domaines=("solidarite", "sante"),
        odd=(3, 10),
        personnes=(30, 250),
        budget=(15000, 90000),
    ),
    Scenario(
        "atelier_insertion",
        Typologie.MECENAT,
        porteur=("ressourcerie", "roue_libre"),
        partenaires=(("fondation_insertion", "fondation_solidarites"), ("cma", "labo_ess")),
        titres=(
            "Un nouvel atelier pour l'insertion {a_commune}",
            "Des parcours d'insertion renforcés {a_commune}",
            "Un atelier agrandi pour {porteur}",
            "L'insertion par le réemploi {a_commune}",
        ),
        phrases=(
            "{p1} finance le nouvel atelier {de_porteur} ainsi que l'accompagnement des salariés "
            "en parcours d'insertion qui y travaillent.",
            "La fondation met aussi l'association en relation avec des employeurs de son réseau, "
            "prêts à accueillir des salariés en fin de parcours.",
            "Un accompagnateur socioprofessionnel suit chaque salarié jusqu'à six mois après sa "
            "sortie.",
        ),
        contributions={
            "porteur": "Encadre les salariés en insertion et les forme sur le poste de travail.",
            "partenaire": "Finance l'équipement de l'atelier et ouvre son réseau d'employeurs.",
            "cma": "Fait découvrir les métiers de l'artisanat aux salariés et les aide à trouver "
            "un maître d'apprentissage.",
            "labo_ess": "Suit les parcours des salariés et évalue les effets de l'accompagnement.",
        },
        resultats=(
            "{emplois} salariés en insertion ont été accueillis, et près de deux sur trois ont "
            "trouvé un emploi ou une formation à leur sortie.",
        ),
        domaines=("emploi-insertion", "environnement"),
        odd=(8, 10, 12),
        emplois=(5, 40),
        budget=(20000, 150000),
    ),
    Scenario(
        "outil_adherents",
        Typologie.MECENAT,
        porteur=ASSOCIATIONS_TOUTES,
        partenaires=(("informatique",),),
        titres=(
            "Un outil de gestion des adhérents pour {porteur}",
            "Le numérique au service {de_porteur}",
            "Des adhésions en ligne pour {porteur}",
            "Un logiciel libre conçu avec {porteur}",
        ),
        phrases=(
            "Des développeurs {de_p1} ont conçu avec {porteur} un outil simple pour gérer les "
            "adhésions, les inscriptions aux activités et les reçus fiscaux.",
            "L'outil est publié sous licence libre, pour que d'autres associations puissent s'en "
            "servir.",
            "L'entreprise assure l'hébergement et la maintenance pendant trois ans.",
        ),
        contributions={
            "porteur": "Décrit ses besoins, teste chaque version et forme ses bénévoles à l'outil.",
            "partenaire": "Conçoit l'outil en mécénat de compétences et l'héberge gracieusement.",
        },
        resultats=(
            "Les bénévoles gagnent plusieurs heures par semaine sur les tâches administratives, "
            "et {petit} autres associations utilisent déjà l'outil.",
        ),
        domaines=("numerique", "@porteur"),
        odd=(9, 16),
        budget=(5000, 40000),
    ),
    Scenario(
        "panneaux_solaires",
        Typologie.MECENAT,
        porteur=(
            "ressourcerie",
            "maison_familles",
            "sport",
            "epicerie",
            "jardins",
            "theatre",
            "festival",
            "zero_dechet",
        ),
        partenaires=(("energies",),),
        titres=(
            "Des panneaux solaires offerts {a_porteur}",
            "Le local {de_porteur} passe au solaire",
            "Une électricité solaire pour {porteur}",
        ),
        phrases=(
            "{p1} a posé gracieusement des panneaux solaires sur le toit du local {de_porteur}, "
            "qui consomme désormais l'électricité qu'il produit.",
            "L'installation sert aussi de support pédagogique lors d'ateliers sur l'énergie avec "
            "les écoles.",
            "L'entreprise a formé deux bénévoles au suivi de la production.",
        ),
        contributions={
            "porteur": "Met son toit à disposition et anime des ateliers sur l'énergie avec les "
            "écoles.",
            "partenaire": "Fournit et pose gracieusement les panneaux, puis en assure la "
            "maintenance.",
        },
        resultats=(
            "Le local couvre environ un tiers de ses besoins en électricité, et ses charges ont "
            "baissé d'autant.",
        ),
        domaines=("environnement", "@porteur"),
        odd=(7, 13),
        budget=(6000, 30000),
        local=True,
    ),
    Scenario(
        "premiers_secours",
        Typologie.MECENAT,
        porteur=("sport", "aidants", "maison_familles", "handicap", "jeunes_avenir", "festival"),
        partenaires=(("pharmacie",),),
        titres=(
            "Former les bénévoles aux gestes qui sauvent",
            "Des bénévoles formés aux premiers secours {a_commune}",
            "Les gestes qui sauvent, enseignés par {p1}",
        ),
        phrases=(
            "L'équipe {de_p1} forme gracieusement les bénévoles et les encadrants {de_porteur} "
            "aux gestes de premiers secours et à la prévention des accidents du quotidien.",
            "Les sessions ont lieu le samedi matin, par groupes de dix, dans les locaux de "
            "l'association.",
            "Une trousse de secours complète est remise à l'association à l'issue de chaque "
            "session.",
        ),
        contributions={
            "porteur": "Organise les sessions et y inscrit ses bénévoles et ses encadrants.",
            "partenaire": "Anime gracieusement les formations et fournit les trousses de secours.",
        },
        resultats=("{personnes} bénévoles et encadrants ont été formés aux premiers secours.",),
        domaines=("sante", "@porteur"),
        odd=(3,),
        personnes=(15, 120),
        local=True,
    ),
    Scenario(
        "appel_a_projets",
        Typologie.MECENAT,
        porteur=("fondation",),
        partenaires=(("association",),),
        titres=(
            "Un projet {de_p1} soutenu par {porteur}",
            "Trois ans de soutien pour {p1}",
        ),
        phrases=(
            "{porteur} a retenu le projet {de_p1} dans son appel à projets annuel et le soutient "
            "pendant trois ans.",
            "Au-delà du financement, la fondation met l'association en relation avec d'autres "
            "mécènes et avec des bénévoles experts.",
            "Un point d'étape réunit chaque semestre l'équipe de l'association et un membre du "
            "comité de sélection.",
        ),
        contributions={
            "porteur": "Finance le projet pendant trois ans et ouvre son réseau de mécènes.",
            "partenaire": "Mène le projet et rend compte chaque semestre de son avancement.",
        },
        resultats=(
            "Le soutien a permis de pérenniser un poste et de toucher chaque année {personnes} "
            "personnes de plus.",
        ),
        domaines=("@p1",),
        odd=(10, 11),
        personnes=(30, 500),
        budget=(10000, 120000),
        affinite=True,
    ),
    Scenario(
        "mecene_fidele",
        Typologie.MECENAT,
        porteur=("association",),
        partenaires=(("entreprise", "fondation"),),
        titres=(
            "Un mécène fidèle pour {porteur}",
            "Le soutien {de_p1} aux projets {de_porteur}",
            "Un soutien dans la durée pour {porteur}",
            "Dons et bénévolat {de_p1}",
        ),
        phrases=(
            "{p1} soutient {porteur} par un don annuel et par des journées de bénévolat de ses "
            "salariés.",
            "Le don finance en priorité des actions nouvelles, que l'association n'aurait pas pu "
            "lancer seule.",
            "Les partenaires font le point chaque année sur les actions menées et les besoins à "
            "venir.",
        ),
        contributions={
            "porteur": "Mène les actions soutenues et accueille les salariés bénévoles.",
            "partenaire": "Verse un don annuel et organise des journées de bénévolat pour ses "
            "salariés.",
        },
        resultats=(
            "Le don a permis de lancer deux nouvelles activités, et une trentaine de salariés "
            "ont donné de leur temps.",
        ),
        domaines=("@porteur",),
        odd=(10, 11),
        budget=(3000, 50000),
        poids=0.6,
        affinite=True,
    ),
]

INNOVATION = [
    Scenario(
        "aides_techniques",
        Typologie.INNOVATION_SOCIETALE,
        porteur=("handicap",),
        partenaires=(("fab_lab",), ("hopital",), ("industrie", "informatique")),
        titres=(
            "Des aides techniques sur mesure, conçues avec leurs utilisateurs",
            "Des objets du quotidien adaptés, imprimés en 3D",
            "Des aides techniques conçues {a_commune}",
            "Un fab lab au service de l'autonomie {a_commune}",
        ),
        phrases=(
            "{porteur} et {p1} conçoivent ensemble des aides techniques sur mesure : poignées "
            "adaptées, supports de tablette, jeux accessibles.",
            "Chaque objet est imaginé avec la personne qui l'utilisera, fabriqué au fab lab, puis "
            "amélioré après quelques semaines d'essai.",
            "Les plans sont publiés en accès libre, pour que d'autres fab labs puissent les "
            "reproduire.",
            "Des ergothérapeutes valident chaque prototype avant sa diffusion.",
        ),
        contributions={
            "porteur": "Réunit les personnes concernées et anime les séances de conception.",
            "fab_lab": "Met à disposition ses machines, ses enseignants et ses étudiants pour "
            "fabriquer les prototypes.",
            "hopital": "Mobilise ses ergothérapeutes pour valider les prototypes.",
            "partenaire": "Fabrique en petite série les objets les plus demandés.",
        },
        resultats=(
            "{petit} aides techniques ont été mises au point, et {personnes} personnes les "
            "utilisent au quotidien.",
        ),
        domaines=("handicap", "numerique", "sante"),
        odd=(3, 9, 10),
        personnes=(20, 300),
        budget=(10000, 60000),
    ),
    Scenario(
        "reperage_aidants",
        Typologie.INNOVATION_SOCIETALE,
        porteur=("aidants",),
        partenaires=(("chaire_sante",), ("hopital", "pharmacie")),
        titres=(
            "Repérer plus tôt l'épuisement des aidants",
            "Un outil pour repérer les aidants épuisés {a_commune}",
            "Ne plus laisser les aidants s'épuiser {a_commune}",
        ),
        phrases=(
            "{porteur} et {p1} ont mis au point un questionnaire court qui aide médecins, "
            "pharmaciens et infirmiers à repérer les aidants épuisés.",
            "Les professionnels qui l'utilisent orientent ensuite les aidants vers les groupes de "
            "parole et les solutions de répit de l'association.",
            "Un groupe d'aidants a été associé à chaque étape, de la rédaction des questions à "
            "l'évaluation.",
        ),
        contributions={
            "porteur": "Associe des aidants à la conception de l'outil et accueille ceux qui ont "
            "été repérés.",
            "chaire_sante": "Conçoit le protocole d'expérimentation et en évalue les effets.",
            "hopital": "Teste l'outil dans ses services et forme ses équipes à l'utiliser.",
            "pharmacie": "Propose le questionnaire au comptoir et remet la documentation de "
            "l'association.",
        },
        resultats=(
            "{personnes} aidants ont été repérés et accompagnés pendant l'expérimentation, dont "
            "une majorité ne bénéficiait jusque-là d'aucune aide.",
        ),
        domaines=("sante", "solidarite"),
        odd=(3, 5, 10),
        personnes=(40, 400),
        budget=(20000, 120000),
    ),
    Scenario(
        "utilite_sociale",
        Typologie.INNOVATION_SOCIETALE,
        porteur=("ressourcerie", "roue_libre", "esat", "mobilite_solidaire", "epicerie"),
        partenaires=(("labo_ess",), ("fondation_insertion", "epci")),
        titres=(
            "Mesurer l'utilité sociale {de_porteur}",
            "Recherche-action sur l'économie solidaire {a_commune}",
            "Un modèle économique à réinventer pour {porteur}",
            "Ce que {porteur} apporte au territoire",
        ),
        phrases=(
            "{porteur} et {p1} mènent une recherche-action pour mesurer l'utilité sociale de "
            "l'activité et inventer un modèle économique moins dépendant des subventions.",
            "Une doctorante partage son temps entre l'université et la structure, dans le cadre "
            "d'une convention CIFRE.",
            "L'équipe et les bénévoles participent aux ateliers où les résultats sont discutés.",
        ),
        contributions={
            "porteur": "Ouvre ses données et ses équipes aux chercheurs, et teste les pistes "
            "retenues.",
            "labo_ess": "Conduit la recherche et encadre une doctorante en convention CIFRE.",
            "fondation_insertion": "Cofinance la thèse et diffuse les résultats dans son réseau.",
            "collectivite": "Apporte les données du territoire et étudie la reprise des "
            "résultats dans sa politique d'insertion.",
        },
        resultats=(
            "Une méthode de mesure de l'utilité sociale a été publiée, et la structure a "
            "diversifié ses recettes avec une offre de services aux entreprises.",
        ),
        domaines=("emploi-insertion", "solidarite"),
        odd=(8, 10),
        budget=(30000, 180000),
    ),
    Scenario(
        "caisse_alimentaire",
        Typologie.INNOVATION_SOCIETALE,
        porteur=("epicerie", "jardins", "zero_dechet"),
        partenaires=(("observatoire_alimentation",), ("ferme",), ("commune", "epci")),
        titres=(
            "Une caisse alimentaire commune à l'essai {a_commune}",
            "Bien manger avec un petit budget {a_commune}",
            "Vers une sécurité sociale de l'alimentation {a_commune}",
        ),
        phrases=(
            "{porteur} et {p1} expérimentent une caisse alimentaire commune : chaque foyer cotise "
            "selon ses moyens et reçoit chaque mois un budget pour acheter des produits locaux.",
            "Les règles sont fixées par un comité de participants, qui choisit aussi les "
            "producteurs conventionnés.",
            "Les chercheurs suivent l'alimentation et le budget des foyers avant et pendant "
            "l'expérience.",
        ),
        contributions={
            "porteur": "Anime le comité de participants et gère la caisse commune.",
            "observatoire_alimentation": "Évalue les effets de l'expérience sur l'alimentation "
            "et le budget des foyers.",
            "ferme": "Fournit des légumes de saison aux participants, à un prix garanti toute "
            "l'année.",
            "collectivite": "Cofinance l'expérimentation et prête un local de distribution.",
        },
        resultats=(
            "{personnes} foyers participent à la caisse, et leur consommation de fruits et "
            "légumes frais a nettement augmenté.",
        ),
        domaines=("alimentation", "solidarite", "sante"),
        odd=(2, 3, 12),
        personnes=(30, 250),
        budget=(40000, 200000),
    ),
    Scenario(
        "foyers_en_transition",
        Typologie.INNOVATION_SOCIETALE,
        porteur=("zero_dechet", "jardins", "rivieres", "roue_libre"),
        partenaires=(("labo_transitions",), ("commune", "epci")),
        titres=(
            "Un laboratoire citoyen de la transition {a_commune}",
            "Des foyers volontaires pour tester la sobriété {a_commune}",
            "Réduire ses déchets : une recherche avec les habitants {de_commune}",
        ),
        phrases=(
            "{porteur} et {p1} associent des habitants à une recherche sur les gestes qui "
            "réduisent les déchets et les émissions dans la vie quotidienne.",
            "Une cinquantaine de foyers volontaires tiennent un carnet de bord et testent les "
            "solutions proposées par les autres participants.",
            "Les résultats sont présentés lors de soirées publiques et alimentent le plan local "
            "de transition.",
        ),
        contributions={
            "porteur": "Recrute et anime le groupe de foyers volontaires.",
            "labo_transitions": "Conçoit la méthode, analyse les carnets de bord et publie les "
            "résultats.",
            "collectivite": "Finance une partie de l'étude et s'engage à en reprendre les "
            "conclusions dans sa politique de prévention des déchets.",
        },
        resultats=(
            "Les foyers participants ont réduit leurs déchets d'environ {petit} %, et plusieurs "
            "solutions testées ont été reprises par la collectivité.",
        ),
        domaines=("environnement", "education"),
        odd=(11, 12, 13),
        personnes=(30, 200),
        budget=(15000, 90000),
    ),
    Scenario(
        "application_demarches",
        Typologie.INNOVATION_SOCIETALE,
        porteur=("solidarite_numerique",),
        partenaires=(("informatique",), ("ccas", "commune"), ("iut",)),
        titres=(
            "Une application pour accompagner les démarches en ligne",
            "Des démarches en ligne plus simples {a_commune}",
            "Les démarches en ligne pas à pas, avec {porteur}",
        ),
        phrases=(
            "{porteur} et {p1} développent une application qui guide pas à pas les personnes peu "
            "à l'aise avec le numérique dans leurs démarches les plus courantes.",
            "Chaque parcours est testé par des usagers, qui signalent les étapes où ils bloquent.",
            "Le code est publié sous licence libre, et l'application fonctionne aussi sans "
            "connexion.",
        ),
        contributions={
            "porteur": "Rédige les parcours et les fait tester par les personnes accompagnées.",
            "informatique": "Développe l'application et forme les bénévoles à la faire évoluer.",
            "ccas": "Propose l'application à son accueil et fait remonter les besoins des usagers.",
            "collectivite": "Propose l'application dans ses mairies annexes et fait remonter les "
            "besoins des usagers.",
            "iut": "Confie à ses étudiants des tests d'accessibilité de l'application.",
        },
        resultats=(
            "L'application a servi à {personnes} personnes, et les permanences consacrent "
            "désormais plus de temps aux situations complexes.",
        ),
        domaines=("numerique", "solidarite"),
        odd=(4, 9, 10),
        personnes=(200, 3000),
        budget=(20000, 90000),
        local=True,
    ),
    Scenario(
        "accueil_itinerant",
        Typologie.INNOVATION_SOCIETALE,
        porteur=("maison_familles", "jeunes_avenir"),
        partenaires=(("iut",), ("commune", "epci"), ("fondation_enfance",)),
        titres=(
            "Un accueil itinérant pour les familles autour {de_commune}",
            "Imaginer avec les familles un lieu d'accueil qui se déplace",
            "Un camion pour accueillir les familles {de_commune} et des environs",
        ),
        phrases=(
            "{porteur} et {p1} conçoivent avec les habitants un accueil itinérant, installé dans "
            "un camion aménagé qui se rend dans les communes voisines.",
            "Les étudiants ont mené l'enquête auprès des familles, dessiné l'aménagement et "
            "construit le programme des premières tournées.",
            "Chaque étape est discutée avec un groupe de parents, associé au projet depuis le "
            "départ.",
        ),
        contributions={
            "porteur": "Porte le projet, recrute l'équipe d'animation et organise les tournées.",
            "iut": "Mobilise une promotion d'étudiants pour l'enquête et la conception.",
            "collectivite": "Finance l'aménagement du camion et prévoit un emplacement dans "
            "chaque commune.",
            "fondation_enfance": "Finance la première année de fonctionnement.",
        },
        resultats=(
            "Le camion s'arrête chaque semaine dans {petit2} communes et a déjà accueilli "
            "{personnes} personnes.",
        ),
        domaines=("solidarite", "jeunesse", "education"),
        odd=(4, 10, 11),
        personnes=(80, 800),
        budget=(30000, 150000),
    ),
    Scenario(
        "cohabitation_generations",
        Typologie.INNOVATION_SOCIETALE,
        porteur=("toit_partage",),
        partenaires=(
            ("office_habitat", "ccas", "commune"),
            ("chaire_sante", "labo_transitions"),
        ),
        titres=(
            "Cohabiter entre générations, un logement et des services partagés",
            "Une colocation solidaire entre générations {a_commune}",
            "Jeunes et aînés sous le même toit {a_commune}",
            "Accueillir un jeune chez soi {a_commune}",
        ),
        phrases=(
            "{porteur} et {p1} expérimentent une cohabitation entre générations : des personnes "
            "âgées qui vivent seules dans un grand logement accueillent un jeune en formation, "
            "contre un loyer modéré et quelques services.",
            "Une convention type, rédigée pour l'expérience, protège les deux parties.",
            "L'association suit chaque binôme pendant toute la durée de la cohabitation.",
        ),
        contributions={
            "porteur": "Repère les jeunes, forme les binômes et les suit dans la durée.",
            "office_habitat": "Adapte les baux, repère les locataires intéressés et finance une "
            "partie du suivi.",
            "ccas": "Repère les personnes âgées isolées et finance une partie du suivi.",
            "collectivite": "Fait connaître le dispositif aux aînés et finance une partie du "
            "suivi.",
            "partenaire": "Évalue les effets de la cohabitation sur l'isolement et la santé des "
            "personnes âgées.",
        },
        resultats=(
            "{personnes} aînés et jeunes ont partagé un logement pendant l'expérience, et la "
            "plupart souhaitent continuer.",
        ),
        domaines=("logement", "solidarite", "jeunesse"),
        odd=(1, 10, 11),
        personnes=(10, 90),
        budget=(15000, 70000),
        local=True,
    ),
    Scenario(
        "covoiturage_solidaire",
        Typologie.INNOVATION_SOCIETALE,
        porteur=("mobilite_solidaire",),
        partenaires=(("transports", "informatique"), ("epci", "commune")),
        titres=(
            "Un covoiturage solidaire pour aller travailler",
            "Des trajets vers l'emploi pour les personnes sans voiture",
            "Covoiturer vers l'emploi {a_commune}",
        ),
        phrases=(
            "{porteur} et {p1} inventent un covoiturage solidaire qui conduit au travail ou en "
            "formation des personnes sans voiture, aux heures où aucun bus ne circule.",
            "Les conducteurs sont des bénévoles et des salariés volontaires, indemnisés pour "
            "leurs frais.",
            "Les trajets se réservent la veille, par téléphone ou sur une application très simple.",
        ),
        contributions={
            "porteur": "Organise le service, recrute les conducteurs et accompagne les passagers.",
            "transports": "Forme les conducteurs bénévoles et prête des véhicules aux heures "
            "creuses.",
            "informatique": "Développe l'application de réservation en mécénat de compétences.",
            "collectivite": "Intègre le service à son plan de mobilité et en finance le démarrage.",
        },
        resultats=(
            "{personnes} personnes ont utilisé le service, et {emplois} d'entre elles ont ainsi "
            "pu accepter un emploi loin de chez elles.",
        ),
        domaines=("mobilite", "emploi-insertion", "solidarite"),
        odd=(8, 10, 11),
        personnes=(60, 400),
        emplois=(5, 50),
        budget=(20000, 110000),
        local=True,
    ),
    Scenario(
        "filles_et_sciences",
        Typologie.INNOVATION_SOCIETALE,
        porteur=("sciences",),
        partenaires=(("fab_lab", "industrie", "informatique", "labo_transitions"),),
        titres=(
            "Des collégiennes et des sciences {a_commune}",
            "Donner aux filles le goût des sciences",
            "Un club de sciences pour les collégiennes {de_commune}",
        ),
        phrases=(
            "{porteur} et {p1} ont conçu un programme qui donne aux collégiennes le goût des "
            "sciences et des techniques, avec des projets concrets menés de bout en bout.",
            "Chaque équipe conçoit un objet utile à son quartier, du capteur de qualité de l'air "
            "au robot trieur de déchets.",
            "Des ingénieures et des chercheuses viennent régulièrement raconter leur parcours.",
        ),
        contributions={
            "porteur": "Anime les ateliers chaque semaine et recrute les participantes avec les "
            "collèges.",
            "partenaire": "Accueille les équipes dans ses locaux et mobilise des encadrantes "
            "volontaires.",
        },
        resultats=(
            "{personnes} collégiennes ont suivi le programme, et une sur deux envisage désormais "
            "une filière scientifique.",
        ),
        domaines=("education", "jeunesse", "numerique"),
        odd=(4, 5, 9),
        personnes=(20, 250),
        budget=(8000, 50000),
    ),
    Scenario(
        "francais_des_metiers",
        Typologie.INNOVATION_SOCIETALE,
        porteur=("lire_ecrire",),
        partenaires=(
            ("proprete", "batiment", "comptoir", "distribution", "industrie", "transports"),
            ("labo_ess", "iut"),
        ),
        titres=(
            "Apprendre le français sur son lieu de travail",
            "Le français des métiers {a_commune}",
            "Le français au travail, avec {p1}",
            "Des cours de français sur le lieu de travail {a_commune}",
        ),
        phrases=(
            "{porteur} et {p1} ont inventé une façon d'apprendre le français à partir des "
            "situations de travail : consignes de sécurité, fiches de poste, échanges avec les "
            "clients.",
            "Les cours ont lieu sur le temps de travail, par petits groupes, dans les locaux de "
            "l'entreprise.",
            "Les supports sont créés avec les salariés eux-mêmes, à partir de photos et "
            "d'enregistrements pris sur le terrain.",
        ),
        contributions={
            "porteur": "Conçoit les supports et anime les cours avec ses formateurs.",
            "partenaire": "Libère du temps de travail pour les cours et associe ses chefs "
            "d'équipe aux supports.",
            "labo_ess": "Évalue les progrès des salariés et les conditions de diffusion de la "
            "méthode.",
            "iut": "Confie à ses étudiants l'évaluation de la méthode auprès des salariés.",
        },
        resultats=(
            "{personnes} salariés ont suivi les cours, et plusieurs ont pu prendre des "
            "responsabilités qui leur étaient jusque-là fermées.",
        ),
        domaines=("education", "emploi-insertion"),
        odd=(4, 8, 10),
        personnes=(8, 80),
        budget=(5000, 30000),
        local=True,
    ),
    Scenario(
        "projet_tutore",
        Typologie.INNOVATION_SOCIETALE,
        porteur=("association",),
        partenaires=(("iut",),),
        titres=(
            "Un projet tutoré avec {porteur}",
            "Des étudiants en carrières sociales aux côtés {de_porteur}",
        ),
        phrases=(
            "Chaque année, une équipe d'étudiants {de_p1} imagine avec {porteur} une nouvelle "
            "façon d'aller vers les habitants que l'association ne touche pas encore.",
            "Les étudiants mènent l'enquête de terrain, conçoivent l'action avec les bénévoles "
            "et la testent pendant un mois.",
            "L'association choisit ensuite de garder, d'adapter ou d'abandonner ce qui a été "
            "testé.",
        ),
        contributions={
            "porteur": "Accueille l'équipe d'étudiants et l'associe à ses bénévoles.",
            "partenaire": "Encadre les étudiants et évalue l'action testée.",
        },
        resultats=(
            "Trois actions imaginées par les étudiants ont été reprises durablement, et "
            "{personnes} nouveaux participants ont été accueillis.",
        ),
        domaines=("@porteur", "education"),
        odd=(4, 10),
        personnes=(20, 200),
        local=True,
        affinite=True,
    ),
    Scenario(
        "recherche_action",
        Typologie.INNOVATION_SOCIETALE,
        porteur=("association",),
        partenaires=(("academique", "conseil", "informatique"),),
        titres=(
            "Une recherche-action avec {porteur}",
            "Innover ensemble pour les habitants {de_commune}",
            "Des solutions imaginées avec les habitants {de_commune}",
        ),
        phrases=(
            "{porteur} et {p1} ont lancé une recherche-action pour imaginer de nouvelles réponses "
            "aux besoins des habitants {de_commune}.",
            "Les premières pistes sont nées d'ateliers ouverts, avec les personnes directement "
            "concernées.",
            "Les solutions retenues sont testées à petite échelle avant d'être diffusées.",
        ),
        contributions={
            "porteur": "Mobilise les habitants et teste les solutions sur le terrain.",
            "partenaire": "Apporte sa méthode, ses compétences et le suivi des expérimentations.",
        },
        resultats=(
            "Deux solutions ont été testées auprès de {personnes} habitants, et l'une d'elles "
            "est en cours de diffusion dans d'autres quartiers.",
        ),
        domaines=("@porteur",),
        odd=(9, 10, 11),
        personnes=(30, 300),
        budget=(10000, 80000),
        poids=0.6,
        affinite=True,
    ),
]

COOPERATION = [
    Scenario(
        "renovation_clause_insertion",
        Typologie.COOPERATION_ECONOMIQUE,
        porteur=("batiment",),
        partenaires=(
            ("coup_de_pouce", "jeunes_avenir", "mobilite_solidaire"),
            ("office_habitat", "commune", "epci"),
            ("energies", "lycee_pro"),
        ),
        titres=(
            "Rénovation énergétique et clause d'insertion {a_commune}",
            "Rénover les logements en recrutant près de chez soi",
            "Un groupement pour la rénovation des logements {de_commune}",
            "Des chantiers qui recrutent {a_commune}",
        ),
        phrases=(
            "Associés dans une coopération économique, {porteur} et {p1} ont répondu ensemble à "
            "un marché public de rénovation énergétique qui réserve une part des heures de "
            "travail à des personnes éloignées de l'emploi.",
            "L'association repère et prépare les candidats, et l'entreprise les forme sur les "
            "chantiers aux côtés de ses compagnons.",
            "Les personnes recrutées suivent en parallèle une formation qualifiante.",
        ),
        contributions={
            "porteur": "Mandataire du groupement, conduit les chantiers et encadre les personnes "
            "recrutées.",
            "partenaire": "Repère les candidats, les prépare au chantier et les suit pendant "
            "leur contrat.",
            "office_habitat": "Confie au groupement la rénovation de plusieurs résidences et "
            "suit la clause d'insertion.",
            "collectivite": "Lance le marché et veille au respect de la clause d'insertion.",
            "energies": "Installe les équipements de chauffage et de production d'énergie des "
            "logements rénovés.",
            "lycee_pro": "Forme une partie des personnes recrutées aux gestes de base du métier.",
        },
        resultats=(
            "Plus de {nombre} logements ont été rénovés, et {emplois} personnes ont été "
            "recrutées au titre de la clause d'insertion.",
        ),
        domaines=("logement", "emploi-insertion", "environnement"),
        odd=(7, 8, 11),
        emplois=(3, 30),
        budget=(150000, 2000000),
        local=True,
    ),
    Scenario(
        "groupement_proprete",
        Typologie.COOPERATION_ECONOMIQUE,
        porteur=("proprete",),
        partenaires=(("esat", "ressourcerie"), ("commune", "epci", "office_habitat", "hopital")),
        titres=(
            "Un groupement solidaire pour l'entretien des bâtiments publics",
            "Propreté et inclusion : une réponse commune aux marchés publics {de_commune}",
            "Un groupement inclusif pour l'entretien des sites publics {de_commune}",
        ),
        phrases=(
            "{porteur} et {p1} ont noué une coopération économique pour répondre ensemble aux "
            "appels d'offres d'entretien des bâtiments publics assortis d'une clause d'insertion, "
            "en se répartissant les prestations selon leurs savoir-faire.",
            "Les équipes {de_p1} prennent en charge les espaces verts et le tri des déchets, "
            "celles de l'entreprise le nettoyage des locaux.",
            "Les deux structures partagent un encadrant technique et organisent des formations "
            "communes.",
        ),
        contributions={
            "porteur": "Coordonne le groupement et assure le nettoyage des locaux.",
            "partenaire": "Entretient les espaces verts et assure le tri des déchets avec ses "
            "équipes.",
            "collectivite": "Commande les prestations et intègre des critères sociaux à ses "
            "marchés.",
            "office_habitat": "Confie au groupement l'entretien des parties communes de "
            "plusieurs résidences.",
            "hopital": "Confie au groupement l'entretien de ses espaces extérieurs.",
        },
        resultats=(
            "Le groupement a remporté un marché de quatre ans et créé {emplois} postes, dont une "
            "partie pour des personnes en insertion ou en situation de handicap.",
        ),
        domaines=("emploi-insertion", "handicap", "environnement"),
        odd=(6, 8, 10),
        emplois=(4, 30),
        budget=(80000, 900000),
        local=True,
    ),
    Scenario(
        "legumerie",
        Typologie.COOPERATION_ECONOMIQUE,
        porteur=("ferme",),
        partenaires=(
            ("esat", "comptoir"),
            ("commune", "epci"),
            ("observatoire_alimentation", "ferme"),
        ),
        titres=(
            "Une légumerie partagée pour les cantines {de_commune}",
            "Des légumes du territoire dans les cantines",
            "Du champ à la cantine, autour {de_commune}",
            "Une légumerie solidaire {a_commune}",
        ),
        phrases=(
            "{porteur} et {p1} ont monté ensemble une légumerie qui lave, épluche et découpe les "
            "légumes des fermes voisines pour les cantines scolaires.",
            "Les maraîchers y trouvent un débouché stable, et les cantines des produits prêts à "
            "cuisiner, au prix des légumes surgelés.",
            "Les commandes sont groupées sur une plateforme commune, une fois par semaine.",
        ),
        contributions={
            "porteur": "Coordonne l'approvisionnement auprès des maraîchers du secteur.",
            "esat": "Lave, épluche et conditionne les légumes avec ses travailleurs.",
            "comptoir": "Transforme les légumes en cuisine avec ses salariés en insertion.",
            "collectivite": "Commande les légumes pour ses cantines et a financé l'équipement de "
            "la légumerie.",
            "observatoire_alimentation": "Suit la part de produits locaux dans les repas servis.",
            "ferme": "Livre chaque semaine une partie de sa production à la légumerie.",
        },
        resultats=(
            "La légumerie transforme environ {nombre} tonnes de légumes par an, et {personnes} "
            "enfants mangent chaque jour des légumes du territoire.",
        ),
        domaines=("alimentation", "emploi-insertion", "environnement"),
        odd=(2, 8, 12),
        personnes=(500, 8000),
        emplois=(2, 15),
        budget=(60000, 400000),
        local=True,
    ),
    Scenario(
        "reemploi_decheterie",
        Typologie.COOPERATION_ECONOMIQUE,
        porteur=("epci",),
        partenaires=(("ressourcerie", "roue_libre"), ("zero_dechet", "ebenisterie")),
        titres=(
            "Le réemploi s'installe à la déchetterie",
            "Donner une seconde vie aux objets {a_commune}",
            "Une zone de réemploi confiée {a_p1}",
        ),
        phrases=(
            "{porteur} confie {a_p1} une zone de réemploi dans ses déchetteries : les objets "
            "encore utiles y sont mis de côté avant de partir à la benne.",
            "Les objets collectés sont réparés puis revendus à petit prix dans la boutique de "
            "l'association.",
            "Le service est rémunéré dans le cadre d'une convention de trois ans, renouvelable.",
        ),
        contributions={
            "porteur": "Met à disposition un espace dans ses déchetteries et finance le service.",
            "partenaire": "Trie, répare et revend les objets avec des salariés en parcours "
            "d'insertion.",
            "zero_dechet": "Anime des ateliers de réparation pour les habitants sur le site.",
            "ebenisterie": "Restaure les meubles anciens et forme les salariés de l'association "
            "aux techniques de base.",
        },
        resultats=(
            "Environ {nombre} tonnes d'objets ont évité la benne chaque année, et {emplois} "
            "postes en insertion ont été créés.",
        ),
        domaines=("environnement", "emploi-insertion"),
        odd=(8, 11, 12),
        emplois=(2, 20),
        budget=(40000, 300000),
        local=True,
    ),
    Scenario(
        "sites_accessibles",
        Typologie.COOPERATION_ECONOMIQUE,
        porteur=("informatique",),
        partenaires=(("communication",), ("esat",), ("solidarite_numerique",)),
        titres=(
            "Des sites internet accessibles pour les petites communes",
            "Un groupement numérique au service des collectivités",
            "Des sites publics accessibles à tous, avec {p1}",
        ),
        phrases=(
            "{porteur} et {p1} répondent ensemble aux appels d'offres des petites collectivités "
            "qui veulent un site internet accessible à tous, y compris aux personnes "
            "handicapées.",
            "Le groupement ouvre à deux petites entreprises des marchés qu'aucune n'aurait "
            "remportés seule.",
            "Chaque site est testé par des utilisateurs aveugles ou malvoyants avant sa mise en "
            "ligne.",
        ),
        contributions={
            "porteur": "Mandataire du groupement, développe et héberge les sites.",
            "communication": "Conçoit les maquettes, les contenus et les guides d'utilisation.",
            "esat": "Numérise les archives et les documents des communes avant leur mise en ligne.",
            "solidarite_numerique": "Forme les agents et les élus à faire vivre leur site.",
        },
        resultats=(
            "{petit} collectivités ont confié leur site au groupement, qui a créé {emplois} "
            "emplois.",
        ),
        domaines=("numerique", "handicap"),
        odd=(9, 10, 16),
        emplois=(1, 6),
        budget=(30000, 250000),
    ),
    Scenario(
        "transport_a_la_demande",
        Typologie.COOPERATION_ECONOMIQUE,
        porteur=("transports",),
        partenaires=(("mobilite_solidaire",), ("epci", "commune"), ("garage",)),
        titres=(
            "Un transport à la demande pour les communes rurales",
            "Se déplacer sans voiture autour {de_commune}",
            "Le transport à la demande, avec {p1}",
        ),
        phrases=(
            "{porteur} et {p1} exploitent ensemble un service de transport à la demande : "
            "l'entreprise fournit les véhicules et les conducteurs, l'association accompagne les "
            "personnes qui n'ont jamais utilisé ce type de service.",
            "Les réservations se font la veille par téléphone, et les trajets desservent les "
            "gares, les marchés et les lieux de soins.",
            "Les personnes en recherche d'emploi bénéficient d'un tarif solidaire.",
        ),
        contributions={
            "porteur": "Fournit les véhicules et les conducteurs, et exploite le service.",
            "mobilite_solidaire": "Informe et accompagne les usagers, et gère les réservations à "
            "tarif solidaire.",
            "collectivite": "Confie le service au groupement et en finance l'essentiel.",
            "garage": "Entretient les véhicules du service.",
        },
        resultats=(
            "Le service assure plus de {nombre} trajets par mois, pour {personnes} usagers "
            "réguliers.",
        ),
        domaines=("mobilite", "solidarite", "emploi-insertion"),
        odd=(8, 10, 11),
        personnes=(40, 600),
        emplois=(2, 10),
        budget=(80000, 500000),
        local=True,
    ),
    Scenario(
        "velos_en_location",
        Typologie.COOPERATION_ECONOMIQUE,
        porteur=("roue_libre",),
        partenaires=(("commune", "epci"), ("energies", "transports")),
        titres=(
            "Des vélos électriques à louer au mois {a_commune}",
            "Le vélo pour aller travailler {a_commune}",
            "Des vélos électriques entretenus par un atelier d'insertion {a_commune}",
        ),
        phrases=(
            "{porteur} gère pour le compte {de_p1} un service de location de vélos à assistance "
            "électrique, entretenus par son atelier d'insertion.",
            "Les habitants louent un vélo d'un à six mois, le temps de voir s'il peut remplacer "
            "la voiture pour leurs trajets quotidiens.",
            "Des séances de remise en selle sont proposées à celles et ceux qui n'ont pas roulé "
            "depuis longtemps.",
        ),
        contributions={
            "porteur": "Loue, entretient et répare les vélos, et anime les séances de remise en "
            "selle.",
            "collectivite": "Achète la flotte de vélos et confie le service à l'association par "
            "un marché public.",
            "energies": "Installe des bornes de recharge solaires aux points de location.",
            "transports": "Met un dépôt à disposition et assure les livraisons de vélos.",
        },
        resultats=(
            "{personnes} habitants ont loué un vélo, et près de la moitié en ont ensuite acheté "
            "un.",
        ),
        domaines=("mobilite", "environnement", "emploi-insertion"),
        odd=(8, 11, 13),
        personnes=(80, 900),
        emplois=(2, 12),
        budget=(50000, 350000),
        local=True,
    ),
    Scenario(
        "transmission_artisanat",
        Typologie.COOPERATION_ECONOMIQUE,
        porteur=("cma",),
        partenaires=(
            ("epci", "commune"),
            ("comptable",),
            ("boulangerie", "batiment", "garage", "ebenisterie"),
        ),
        titres=(
            "Aucune entreprise artisanale ne doit fermer faute de repreneur",
            "Transmettre les entreprises artisanales du territoire",
            "Reprendre une entreprise artisanale {a_commune}",
            "Des repreneurs pour les artisans {de_commune}",
        ),
        phrases=(
            "{porteur} et {p1} accompagnent ensemble les artisans qui partent à la retraite, pour "
            "qu'aucune entreprise viable ne ferme faute de repreneur.",
            "Les cédants sont repérés deux à trois ans avant leur départ, puis mis en relation "
            "avec des repreneurs formés.",
            "Un fonds de prêts d'honneur aide les repreneurs à boucler leur plan de financement.",
        ),
        contributions={
            "porteur": "Repère les cédants, forme les repreneurs et suit chaque transmission.",
            "collectivite": "Finance le dispositif et mobilise son service de développement "
            "économique.",
            "comptable": "Évalue les entreprises à céder et conseille les repreneurs.",
            "partenaire": "Témoigne de sa propre reprise et accueille des repreneurs en immersion.",
        },
        resultats=(
            "{petit} entreprises artisanales ont été reprises, ce qui a préservé {emplois} "
            "emplois.",
        ),
        domaines=("emploi-insertion", "autre"),
        odd=(8, 9),
        emplois=(10, 120),
        budget=(50000, 300000),
        local=True,
    ),
    Scenario(
        "plateforme_fermiere",
        Typologie.COOPERATION_ECONOMIQUE,
        porteur=("ferme",),
        partenaires=(("ferme", "distribution", "comptoir", "boulangerie"), ("epci",), ("esat",)),
        titres=(
            "Une plateforme commune pour les produits fermiers",
            "Des produits fermiers livrés ensemble autour {de_commune}",
            "Une logistique partagée pour les fermes autour {de_commune}",
            "Produits fermiers : {porteur} et {p1} livrent ensemble",
        ),
        phrases=(
            "{porteur} et {p1} ont créé une plateforme logistique commune pour livrer en produits "
            "fermiers les commerces, les restaurants et les cantines du territoire.",
            "Les commandes sont centralisées, les tournées mutualisées, et chaque producteur "
            "garde la maîtrise de ses prix.",
            "Les livraisons se font deux fois par semaine, dans un camion frigorifique partagé.",
        ),
        contributions={
            "porteur": "Coordonne la plateforme et organise les tournées de livraison.",
            "ferme": "Livre sa production à la plateforme et participe aux décisions collectives.",
            "distribution": "Référence les produits de la plateforme dans ses magasins de la "
            "région.",
            "comptoir": "Se fournit chaque semaine sur la plateforme et fait découvrir les "
            "produits à ses clients.",
            "boulangerie": "Se fournit en farines et en produits laitiers sur la plateforme.",
            "collectivite": "A financé le camion frigorifique et relie la plateforme à ses "
            "cantines.",
            "esat": "Prépare et conditionne les commandes avec ses travailleurs.",
        },
        resultats=("La plateforme réunit {petit} producteurs et a créé {emplois} emplois.",),
        domaines=("alimentation", "environnement", "emploi-insertion"),
        odd=(2, 8, 12),
        emplois=(1, 8),
        budget=(40000, 250000),
        local=True,
    ),
    Scenario(
        "centrale_solaire_citoyenne",
        Typologie.COOPERATION_ECONOMIQUE,
        porteur=("energies",),
        partenaires=(("commune", "epci"), ("zero_dechet", "jardins", "rivieres")),
        titres=(
            "Une centrale solaire citoyenne sur les toits des écoles",
            "L'énergie solaire partagée {a_commune}",
            "Des toits solaires citoyens {a_commune}",
        ),
        phrases=(
            "{porteur} et {p1} équipent de panneaux solaires les toits des écoles et des "
            "gymnases, au sein d'une société citoyenne ouverte aux habitants.",
            "Chaque habitant peut acheter des parts, et les bénéfices financent des actions "
            "d'économie d'énergie dans les quartiers.",
            "Les travaux sont confiés en priorité à des entreprises du territoire.",
        ),
        contributions={
            "porteur": "Conçoit et installe les centrales, puis en assure la maintenance.",
            "collectivite": "Met à disposition les toits de ses bâtiments et entre au capital de "
            "la société citoyenne.",
            "partenaire": "Anime la souscription auprès des habitants et les ateliers "
            "d'économie d'énergie.",
        },
        resultats=(
            "{petit} toitures produisent l'équivalent de la consommation de {nombre} foyers, et "
            "{personnes} habitants sont devenus sociétaires.",
        ),
        domaines=("environnement", "logement"),
        odd=(7, 11, 13),
        personnes=(50, 800),
        budget=(100000, 900000),
        local=True,
    ),
    Scenario(
        "moyens_mutualises",
        Typologie.COOPERATION_ECONOMIQUE,
        porteur=("entreprise", "association"),
        partenaires=(("entreprise", "association"),),
        titres=(
            "Mutualiser les moyens pour mieux servir le territoire",
            "Une offre commune pour les habitants {de_commune}",
            "{porteur} et {p1} mutualisent leurs moyens",
            "Des locaux et des équipes partagés {a_commune}",
        ),
        phrases=(
            "{porteur} et {p1} mutualisent leurs locaux, leur matériel et une partie de leurs "
            "compétences pour proposer une offre commune aux habitants et aux entreprises du "
            "territoire.",
            "Un salarié partagé coordonne l'action des deux structures.",
            "Les économies réalisées sont réinvesties dans de nouvelles activités.",
        ),
        contributions={
            "porteur": "Emploie le salarié partagé et coordonne l'offre commune.",
            "partenaire": "Met à disposition ses locaux, son matériel et une partie de ses "
            "équipes.",
        },
        resultats=(
            "La mutualisation a permis de créer {emplois} emplois et de réduire sensiblement les "
            "charges de chaque structure.",
        ),
        domaines=("@porteur", "@p1"),
        odd=(8, 9, 11),
        emplois=(1, 6),
        budget=(20000, 150000),
        local=True,
        poids=0.6,
        affinite=True,
    ),
]

PRATIQUES = [
    Scenario(
        "achats_esat",
        Typologie.PRATIQUES_RESPONSABLES,
        porteur=(
            *BUREAUX,
            "distribution",
            "industrie",
            "transports",
            "proprete",
            "imprimerie",
            "batiment",
            "energies",
        ),
        partenaires=(("esat",),),
        titres=(
            "Des prestations confiées {a_p1}",
            "Un fournisseur inclusif pour {porteur}",
            "Sous-traiter autrement, avec un ESAT du territoire",
            "Des prestations confiées à un ESAT {a_commune}",
        ),
        phrases=(
            "{porteur} confie {a_p1} l'entretien de ses espaces verts, le conditionnement de "
            "certains produits et la préparation de ses envois.",
            "Les commandes sont planifiées à l'année, ce qui permet à l'ESAT d'organiser le "
            "travail de ses équipes et d'accueillir de nouveaux travailleurs.",
            "Des travailleurs de l'ESAT sont aussi mis à disposition de l'entreprise, première "
            "étape possible vers un emploi en milieu ordinaire.",
            "Ces achats comptent dans l'obligation d'emploi de travailleurs handicapés de "
            "l'entreprise.",
        ),
        contributions={
            "porteur": "Confie des prestations régulières à l'ESAT et accueille ses travailleurs "
            "mis à disposition.",
            "partenaire": "Réalise les prestations avec ses équipes et accompagne les "
            "travailleurs accueillis dans l'entreprise.",
        },
        resultats=(
            "Le volume des commandes a doublé en deux ans et représente l'équivalent de "
            "{emplois} postes à temps plein à l'ESAT.",
        ),
        domaines=("handicap", "emploi-insertion"),
        odd=(8, 10),
        emplois=(1, 12),
        budget=(10000, 200000),
        local=True,
    ),
    Scenario(
        "mobilier_de_reemploi",
        Typologie.PRATIQUES_RESPONSABLES,
        porteur=(*BUREAUX, "distribution", "industrie", "energies"),
        partenaires=(("ressourcerie",), ("ebenisterie",)),
        titres=(
            "Des bureaux meublés en réemploi",
            "Du mobilier de seconde main pour les bureaux {de_porteur}",
            "Des bureaux meublés en réemploi {a_commune}",
        ),
        phrases=(
            "Pour aménager ses nouveaux bureaux, {porteur} a choisi le mobilier de réemploi "
            "{de_p1} plutôt que du neuf.",
            "Bureaux, chaises et rangements ont été remis en état par des salariés en parcours "
            "d'insertion.",
            "En retour, l'entreprise confie à la ressourcerie le mobilier et le matériel dont "
            "elle n'a plus l'usage.",
        ),
        contributions={
            "porteur": "Achète son mobilier en réemploi et confie à la ressourcerie le matériel "
            "inutilisé.",
            "ressourcerie": "Remet en état et livre le mobilier, avec ses salariés en insertion.",
            "ebenisterie": "Restaure les pièces les plus anciennes et forme les salariés de la "
            "ressourcerie.",
        },
        resultats=(
            "Près de {petit} tonnes de mobilier ont évité la benne, pour un coût inférieur d'un "
            "tiers à celui du neuf.",
        ),
        domaines=("environnement", "emploi-insertion"),
        odd=(8, 12),
        emplois=(1, 5),
        budget=(5000, 60000),
        local=True,
    ),
    Scenario(
        "velos_des_salaries",
        Typologie.PRATIQUES_RESPONSABLES,
        porteur=(
            "distribution",
            "industrie",
            "informatique",
            "transports",
            "conseil",
            "proprete",
            "energies",
            "batiment",
        ),
        partenaires=(("roue_libre",),),
        titres=(
            "Une flotte de vélos pour les salariés {de_porteur}",
            "Aller travailler à vélo, avec un atelier solidaire",
            "Des vélos de service entretenus par {p1}",
        ),
        phrases=(
            "{porteur} met des vélos à la disposition de ses salariés pour leurs trajets et "
            "confie leur entretien à l'atelier d'insertion {de_p1}.",
            "Un mécanicien de l'atelier passe chaque mois sur le site pour les réglages et les "
            "petites réparations.",
            "L'entreprise verse aussi le forfait mobilités durables aux salariés qui viennent à "
            "vélo.",
        ),
        contributions={
            "porteur": "Finance la flotte de vélos et la permanence mensuelle de l'atelier sur "
            "site.",
            "partenaire": "Entretient les vélos et anime des séances de remise en selle pour les "
            "salariés.",
        },
        resultats=(
            "{personnes} salariés viennent désormais travailler à vélo au moins deux fois par "
            "semaine.",
        ),
        domaines=("mobilite", "environnement", "emploi-insertion"),
        odd=(3, 11, 13),
        personnes=(10, 200),
        budget=(5000, 50000),
        local=True,
    ),
    Scenario(
        "recrutement_inclusif",
        Typologie.PRATIQUES_RESPONSABLES,
        porteur=(
            "distribution",
            "industrie",
            "proprete",
            "transports",
            "batiment",
            "comptoir",
            "garage",
        ),
        partenaires=(
            ("coup_de_pouce", "jeunes_avenir", "mobilite_solidaire", "lire_ecrire"),
            ("lycee_pro", "cma"),
        ),
        titres=(
            "Recruter autrement {a_commune}",
            "Un accès à l'emploi sans condition de diplôme",
            "Des postes ouverts aux candidats éloignés de l'emploi",
            "Recruter sans condition de diplôme avec {p1}",
        ),
        phrases=(
            "{porteur} recrute une partie de ses nouveaux salariés parmi les personnes "
            "accompagnées par {p1}, sans exiger de diplôme ni d'expérience.",
            "Les candidats découvrent d'abord le métier lors d'une immersion de deux semaines, "
            "puis sont formés sur le poste par un tuteur volontaire.",
            "L'association reste présente pendant les six premiers mois pour aider à lever les "
            "difficultés de transport, de garde d'enfants ou de logement.",
        ),
        contributions={
            "porteur": "Ouvre des postes aux candidats de l'association et forme des tuteurs "
            "parmi ses salariés.",
            "partenaire": "Prépare les candidats, organise les immersions et suit les personnes "
            "recrutées.",
            "lycee_pro": "Propose aux personnes recrutées une formation qualifiante adaptée à "
            "leur poste.",
            "cma": "Propose aux personnes recrutées une formation qualifiante adaptée à leur "
            "poste.",
        },
        resultats=(
            "{emplois} personnes ont été recrutées, et la grande majorité est toujours en poste "
            "un an plus tard.",
        ),
        domaines=("emploi-insertion", "@p1"),
        odd=(4, 8, 10),
        emplois=(3, 40),
        local=True,
    ),
    Scenario(
        "parrainage",
        Typologie.PRATIQUES_RESPONSABLES,
        porteur=(
            "garage",
            "pharmacie",
            "boulangerie",
            "batiment",
            "energies",
            "comptable",
            "transports",
            "informatique",
            "distribution",
            "comptoir",
            "imprimerie",
        ),
        partenaires=(("sport", "festival", "theatre", "handicap"),),
        titres=(
            "{porteur} aux côtés {de_p1}",
            "Un parrainage de trois ans pour {p1}",
            "Un parrainage local {a_commune}",
        ),
        phrases=(
            "{porteur} soutient {p1} par un contrat de parrainage de trois ans, qui finance du "
            "matériel et des places gratuites pour les familles aux revenus modestes.",
            "En échange, le nom de l'entreprise figure sur les supports de l'association, qui "
            "invite chaque année les salariés à l'un de ses événements.",
            "Le montant est fixé pour toute la durée du contrat, ce qui permet à l'association "
            "de prévoir ses activités.",
        ),
        contributions={
            "porteur": "Verse chaque année la somme prévue au contrat de parrainage.",
            "partenaire": "Fait figurer son parrain sur ses supports et accueille ses salariés à "
            "ses événements.",
        },
        resultats=(
            "Le parrainage a permis à {personnes} personnes aux revenus modestes de participer "
            "gratuitement aux activités.",
        ),
        domaines=("@p1",),
        odd=(3, 10, 11),
        personnes=(20, 300),
        budget=(2000, 25000),
        local=True,
    ),
    Scenario(
        "commande_publique_inclusive",
        Typologie.PRATIQUES_RESPONSABLES,
        porteur=("commune", "epci", "hopital", "office_habitat", "ccas"),
        partenaires=(
            ("esat", "ressourcerie", "roue_libre", "comptoir"),
            ("esat", "ressourcerie", "roue_libre", "comptoir", "ferme"),
        ),
        titres=(
            "Une commande publique plus inclusive {a_commune}",
            "Des marchés réservés aux structures d'insertion et aux ESAT",
            "Des achats publics qui font travailler {p1}",
        ),
        phrases=(
            "{porteur} réserve une partie de ses marchés aux structures d'insertion et aux "
            "établissements qui emploient des personnes handicapées, et travaille désormais avec "
            "{p1}.",
            "Les acheteurs ont revu leurs cahiers des charges pour découper les marchés en lots "
            "accessibles aux petites structures.",
            "Un bilan est établi chaque année avec les structures retenues.",
        ),
        contributions={
            "porteur": "Réserve des lots de ses marchés et accompagne les petites structures "
            "dans leurs réponses.",
            "partenaire": "Répond aux lots réservés et réalise les prestations avec ses équipes.",
            "ferme": "Fournit des légumes de saison pour la restauration collective.",
        },
        resultats=(
            "Les achats auprès de structures inclusives ont triplé, pour un montant annuel "
            "d'environ {budget} euros.",
        ),
        domaines=("emploi-insertion", "handicap", "environnement"),
        odd=(8, 10, 12),
        emplois=(2, 25),
        budget=(20000, 500000),
        local=True,
    ),
    Scenario(
        "traiteur_insertion",
        Typologie.PRATIQUES_RESPONSABLES,
        porteur=(*BUREAUX, "distribution", "industrie", "cma", "energies"),
        partenaires=(("comptoir",),),
        titres=(
            "Un traiteur d'insertion pour les événements {de_porteur}",
            "Des repas d'entreprise qui forment des cuisiniers",
            "Des réceptions préparées par un traiteur d'insertion {a_commune}",
        ),
        phrases=(
            "{porteur} confie ses repas d'équipe, ses séminaires et ses réceptions au service "
            "traiteur {de_p1}, qui forme en cuisine des personnes en parcours d'insertion.",
            "Les menus suivent les saisons, avec des produits de fermes situées à moins de "
            "cinquante kilomètres.",
            "Ces commandes régulières permettent au restaurant de maintenir ses postes en "
            "insertion toute l'année.",
        ),
        contributions={
            "porteur": "Commande en priorité au traiteur d'insertion pour ses repas et ses "
            "événements.",
            "partenaire": "Prépare et livre les repas avec ses salariés en parcours d'insertion.",
        },
        resultats=(
            "Plus de {nombre} repas sont servis chaque année, et {emplois} postes en insertion "
            "ont été consolidés.",
        ),
        domaines=("alimentation", "emploi-insertion"),
        odd=(2, 8, 12),
        emplois=(1, 6),
        budget=(5000, 60000),
        local=True,
    ),
    Scenario(
        "apprentissage",
        Typologie.PRATIQUES_RESPONSABLES,
        porteur=("industrie", "batiment", "transports", "garage", "energies"),
        partenaires=(("lycee_pro", "cma"), ("jeunes_avenir", "coup_de_pouce")),
        titres=(
            "Des apprentis recrutés dans les quartiers {de_commune}",
            "L'apprentissage comme porte d'entrée dans le métier",
            "Des apprentis formés avec {p1}",
        ),
        phrases=(
            "{porteur} accueille chaque année des apprentis et des stagiaires orientés par {p1}, "
            "en priorité des jeunes des quartiers prioritaires et des jeunes femmes.",
            "Chaque jeune est suivi par un tuteur formé, et l'entreprise finance le permis de "
            "conduire de ceux qui en ont besoin.",
            "Des professionnels de l'entreprise viennent aussi présenter leur métier aux élèves.",
        ),
        contributions={
            "porteur": "Accueille des apprentis et des stagiaires, et forme des tuteurs parmi ses "
            "salariés.",
            "partenaire": "Oriente les jeunes vers l'entreprise et adapte les formations aux "
            "besoins des équipes.",
            "jeunes_avenir": "Repère les jeunes intéressés et les prépare aux entretiens.",
            "coup_de_pouce": "Repère les jeunes intéressés et les prépare aux entretiens.",
        },
        resultats=(
            "{emplois} jeunes ont été formés, et la plupart ont été embauchés à l'issue de leur "
            "contrat.",
        ),
        domaines=("emploi-insertion", "jeunesse", "education"),
        odd=(4, 5, 8),
        emplois=(3, 30),
        local=True,
    ),
    Scenario(
        "achats_locaux_et_solidaires",
        Typologie.PRATIQUES_RESPONSABLES,
        porteur=("entreprise", "collectivite", "etablissement_public"),
        partenaires=(
            (
                "esat",
                "ressourcerie",
                "roue_libre",
                "comptoir",
                "ferme",
                "imprimerie",
                "boulangerie",
            ),
        ),
        titres=(
            "Des achats plus responsables {a_commune}",
            "Acheter local et solidaire",
            "Acheter local et solidaire {a_commune}",
            "Des achats qui font travailler {p1}",
        ),
        phrases=(
            "{porteur} a revu sa politique d'achats pour faire travailler davantage les "
            "structures solidaires et les producteurs du territoire, à commencer par {p1}.",
            "Les commandes sont passées à l'année, ce qui donne au fournisseur de la visibilité "
            "sur son activité.",
            "Les critères sociaux et environnementaux comptent désormais dans le choix de chaque "
            "fournisseur.",
        ),
        contributions={
            "porteur": "Oriente une part croissante de ses achats vers des fournisseurs "
            "solidaires et locaux.",
            "partenaire": "Fournit ses produits et ses services dans le cadre de commandes "
            "annuelles.",
        },
        resultats=(
            "Les achats locaux et solidaires représentent désormais environ {petit} % du total.",
        ),
        domaines=("emploi-insertion", "environnement", "@p1"),
        odd=(8, 12),
        budget=(10000, 150000),
        local=True,
        poids=0.6,
        affinite=True,
    ),
]


def _dernier_recours(cle: str, typologie: str, phrase: str, titre: str) -> Scenario:
    """Any two organisations: used only when no other scénario of the typologie can be cast."""
    return Scenario(
        cle,
        typologie,
        porteur=("*",),
        partenaires=(("*",),),
        titres=(titre,),
        phrases=(
            phrase,
            "Les partenaires font le point chaque année sur ce qui a été accompli.",
        ),
        contributions={
            "porteur": "Coordonne l'alliance et en rend compte aux partenaires.",
            "partenaire": "Apporte ses moyens et ses compétences au projet commun.",
        },
        resultats=("Les premiers engagements pris ensemble ont été tenus.",),
        domaines=("@porteur",),
        odd=(10, 11),
    )


DERNIER_RECOURS = {
    Typologie.MECENAT: _dernier_recours(
        "mecenat_simple",
        Typologie.MECENAT,
        "{porteur} et {p1} ont signé une convention de mécénat : l'un apporte des moyens "
        "financiers, matériels ou humains, l'autre les met au service de sa mission d'intérêt "
        "général.",
        "Une convention de mécénat {a_commune}",
    ),
    Typologie.INNOVATION_SOCIETALE: _dernier_recours(
        "innovation_simple",
        Typologie.INNOVATION_SOCIETALE,
        "{porteur} et {p1} imaginent ensemble une réponse nouvelle à un besoin du territoire, "
        "qu'aucun des deux n'aurait pu construire seul.",
        "Une solution nouvelle imaginée ensemble {a_commune}",
    ),
    Typologie.COOPERATION_ECONOMIQUE: _dernier_recours(
        "cooperation_simple",
        Typologie.COOPERATION_ECONOMIQUE,
        "{porteur} et {p1} combinent leurs moyens et leurs offres pour mener ensemble un projet "
        "économique sur le territoire.",
        "Unir leurs moyens {a_commune}",
    ),
    Typologie.PRATIQUES_RESPONSABLES: _dernier_recours(
        "pratiques_simples",
        Typologie.PRATIQUES_RESPONSABLES,
        "{porteur} et {p1} se sont engagés dans une démarche commune d'achats responsables et "
        "d'inclusion.",
        "Des pratiques plus responsables {a_commune}",
    ),
}

SCENARIOS = {
    Typologie.MECENAT: MECENAT,
    Typologie.INNOVATION_SOCIETALE: INNOVATION,
    Typologie.COOPERATION_ECONOMIQUE: COOPERATION,
    Typologie.PRATIQUES_RESPONSABLES: PRATIQUES,
}

RESULTATS_SUITE = {
    Alliance.Etat.TERMINEE: (
        "Les partenaires ont tiré ensemble le bilan de l'action et en partagent les "
        "enseignements avec d'autres territoires.",
        "Le bilan a été présenté aux habitants et aux financeurs lors d'une rencontre publique.",
        "Les partenaires réfléchissent à une suite à donner au projet.",
    ),
    Alliance.Etat.EN_COURS: (
        "Le partenariat a été reconduit pour deux ans.",
        "Un premier bilan sera présenté aux partenaires à la fin de l'année.",
        "Les partenaires prévoient d'étendre l'action aux communes voisines.",
    ),
}

# First words of organisation names that take an article in a sentence: « la Fondation X »,
# « l'ESAT… », « le Garage Martin »; other names are used bare (« Martin Bâtiment »).
MOTS_FEMININS = {
    "Fondation", "Ville", "Commune", "Métropole", "Eurométropole", "CA", "CC", "CU",
    "Communauté", "Pharmacie", "Boulangerie", "Ferme", "Chambre", "Maison", "Ressourcerie",
    "Épicerie", "Imprimerie", "Agence", "Université", "École",
}  # fmt: skip
MOTS_MASCULINS = {
    "Centre", "Cabinet", "Groupe", "Garage", "Lycée", "Fonds", "Festival", "Office", "Atelier",
    "IUT", "ESAT",
}  # fmt: skip
VOYELLES = "AEIOUÂÉÈÊÎÔÛ"


def _formes(nom: str) -> tuple[str, str, str]:
    """The name in a sentence, after « de » and after « à »: « la Roue libre de Lyon », « de la
    Roue libre de Lyon », « à la Roue libre de Lyon »; « le Comptoir », « du Comptoir », « au
    Comptoir »; « Martin Bâtiment », « de Martin Bâtiment », « à Martin Bâtiment »."""
    for article, de, a in (
        ("Le ", "du ", "au "),
        ("La ", "de la ", "à la "),
        ("Les ", "des ", "aux "),
    ):
        if nom.startswith(article):
            reste = nom[len(article) :]
            return article.lower() + reste, de + reste, a + reste
    premier = nom.split()[0]
    if premier in MOTS_FEMININS or premier in MOTS_MASCULINS:
        if premier[0] in VOYELLES:
            return f"l'{nom}", f"de l'{nom}", f"à l'{nom}"
        if premier in MOTS_FEMININS:
            return f"la {nom}", f"de la {nom}", f"à la {nom}"
        return f"le {nom}", f"du {nom}", f"au {nom}"
    return nom, _de(nom), f"à {nom}"


def _majuscule(text: str) -> str:
    return text[:1].upper() + text[1:]


def _liste(noms: list[str]) -> str:
    return noms[0] if len(noms) == 1 else ", ".join(noms[:-1]) + " et " + noms[-1]


def _pattern(nom: str) -> re.Pattern:
    """« {nom} Bâtiment » → ^.+ Bâtiment$"""
    parts = re.split(r"\{[a-z_0-9]+\}", nom)
    return re.compile(".+".join(re.escape(part) for part in parts))


PROFILS_PAR_KIND = {
    kind: [(_pattern(modele.nom), PROFILS[modele.nom]) for modele in modeles]
    for kind, modeles in MODELES.items()
}


def _profil(organisation: Organisation) -> str:
    """The model an organisation was generated from, or its kind when the name says nothing."""
    if organisation.kind == Kind.COLLECTIVITE:
        return "epci" if organisation.territoire_epci_id else "commune"
    for pattern, profil in PROFILS_PAR_KIND.get(organisation.kind, []):
        if pattern.fullmatch(organisation.nom):
            return profil
    return organisation.kind


@dataclass(eq=False)
class _Acteur:
    organisation: Organisation
    profil: str
    domaines: list[str]

    @property
    def pk(self) -> int:
        return self.organisation.pk

    @property
    def region(self) -> str:
        return self.organisation.siege.region_id

    @property
    def zones(self) -> tuple[None, tuple[str, str], tuple[str, str]]:
        """Where the organisation can be looked for: anywhere, its région, its département."""
        siege = self.organisation.siege
        return (None, ("region", siege.region_id), ("departement", siege.departement_id))

    @property
    def cles(self) -> tuple[str, str, str]:
        return (self.profil, self.organisation.kind, "*")


class _Distribution:
    """Casts organisations in scénarios: partners from the porteur's département first, then
    its région; the least busy organisations first."""

    def __init__(self, rng: random.Random, acteurs: list[_Acteur]):
        self.rng = rng
        self.index: dict[tuple, list[_Acteur]] = {}
        for acteur in acteurs:
            for cle in acteur.cles:
                for zone in acteur.zones:
                    self.index.setdefault((cle, zone), []).append(acteur)
        self.charge: dict[int, int] = {acteur.pk: 0 for acteur in acteurs}
        self.charge_max = CHARGE_MAX

    def candidats(self, cles: tuple[str, ...], zone=None, exclus=()) -> list[_Acteur]:
        """Organisations of these profils in the zone, not excluded, not too busy."""
        vus = set(exclus)
        result = []
        for cle in cles:
            for acteur in self.index.get((cle, zone), []):
                if acteur.pk not in vus and self.charge[acteur.pk] < self.charge_max:
                    vus.add(acteur.pk)
                    result.append(acteur)
        return result

    def proches(
        self, cles: tuple[str, ...], porteur: _Acteur, exclus, partout: bool, affinite: bool
    ) -> list[_Acteur]:
        """Candidates in the porteur's département, else its région, else anywhere (when
        `partout`); with `affinite`, those sharing a domaine with the porteur first at each
        distance."""
        locales = [self.candidats(cles, zone, exclus) for zone in reversed(porteur.zones[1:])]
        lointaines = [self.candidats(cles, None, exclus)] if partout else []
        groupes = []
        for etape in (locales, lointaines):
            if affinite:
                groupes += [
                    [acteur for acteur in groupe if set(acteur.domaines) & set(porteur.domaines)]
                    for groupe in etape
                ]
            groupes += etape
        return next((groupe for groupe in groupes if groupe), [])

    def choisir(self, candidats: list[_Acteur]) -> _Acteur:
        poids = [1 / (1 + self.charge[acteur.pk]) ** 2 for acteur in candidats]
        return self.rng.choices(candidats, weights=poids)[0]

    def distribuer(self, scenario: Scenario) -> list[_Acteur] | None:
        """The porteur then its partners, or None when the scénario cannot be cast."""
        porteurs = self.candidats(scenario.porteur)
        requis = scenario.partenaires[: scenario.requis]
        regionaux = [
            porteur
            for porteur in porteurs
            if all(self.candidats(slot, porteur.zones[1], [porteur.pk]) for slot in requis)
        ]
        if not regionaux and (scenario.local or not porteurs):
            return None
        porteur = self.choisir(regionaux or porteurs)
        participants = [porteur]
        for slot in requis:
            pris = [acteur.pk for acteur in participants]
            candidats = self.proches(slot, porteur, pris, True, scenario.affinite)
            if not candidats:
                return None
            participants.append(self.choisir(candidats))
        for slot in scenario.partenaires[scenario.requis :]:
            if len(participants) >= PARTICIPANTS_MAX:
                break
            if self.rng.random() < PART_PARTENAIRE_OPTIONNEL:
                pris = [acteur.pk for acteur in participants]
                if candidats := self.proches(slot, porteur, pris, False, scenario.affinite):
                    participants.append(self.choisir(candidats))
        return participants

    def engager(self, participants: list[_Acteur]) -> None:
        for acteur in participants:
            self.charge[acteur.pk] += 1


def _draw_shares(rng: random.Random, count: int, shares: list[tuple[str, float]]) -> list[str]:
    """Exactly rounded shares, the last value taking the remainder, in random order."""
    values: list[str] = []
    for value, share in shares[:-1]:
        values += [value] * round(count * share)
    values = values[:count]
    values += [shares[-1][0]] * (count - len(values))
    rng.shuffle(values)
    return values


def _choose_scenario(
    rng: random.Random,
    distribution: _Distribution,
    typologie: str,
    emplois_scenarios: dict[str, int],
    deja_vus: set[tuple],
) -> tuple[Scenario, list[_Acteur]]:
    """A scénario of the typologie, the least used ones first, and its cast. The same porteur
    and first partner are cast twice in a scénario only when nothing else fits."""
    while True:
        scenarios = list(SCENARIOS[typologie])
        essais = dict.fromkeys((s.cle for s in scenarios), 0)
        doublon = None
        while scenarios:
            poids = [s.poids / (1 + emplois_scenarios[s.cle]) for s in scenarios]
            scenario = rng.choices(scenarios, weights=poids)[0]
            participants = distribution.distribuer(scenario)
            if participants is None:
                scenarios.remove(scenario)
                continue
            cle = (scenario.cle, participants[0].pk, participants[1].pk)
            if cle not in deja_vus:
                deja_vus.add(cle)
                return scenario, participants
            doublon = doublon or (scenario, participants)
            essais[scenario.cle] += 1
            if essais[scenario.cle] >= 3:
                scenarios.remove(scenario)
        if doublon:
            return doublon
        scenario = DERNIER_RECOURS[typologie]
        if participants := distribution.distribuer(scenario):
            return scenario, participants
        # Everybody is busy (many alliances for few organisations): raise the bar.
        distribution.charge_max += CHARGE_MAX


def _date_entre(rng: random.Random, bornes: tuple[date, date]) -> date:
    debut, fin = bornes
    return debut + timedelta(days=rng.randint(0, (fin - debut).days))


def _arrondi(value: int) -> int:
    """Figures as people give them: 1 240 rather than 1 237, 87 stays 87."""
    if value >= 10000:
        return round(value, -3)
    if value >= 1000:
        return round(value, -2)
    if value >= 100:
        return round(value, -1)
    return value


def _tirer(rng: random.Random, bornes: tuple[int, int] | None) -> int | None:
    return _arrondi(rng.randint(*bornes)) if bornes else None


def _alliance_domaines(rng: random.Random, scenario: Scenario, participants) -> list[str]:
    """The scénario's main domaine, plus up to two others, those of the partners first."""
    codes: list[str] = []
    for code in scenario.domaines:
        if code == "@porteur":
            codes += participants[0].domaines
        elif code == "@p1":
            codes += participants[1].domaines
        else:
            codes.append(code)
    codes = list(dict.fromkeys(codes)) or ["autre"]
    presents = {code for acteur in participants for code in acteur.domaines}
    autres = codes[1:]
    rng.shuffle(autres)
    autres.sort(key=lambda code: code not in presents)
    return [codes[0], *autres[: rng.randint(0, min(2, len(autres)))]]


def _contribution(scenario: Scenario, acteur: _Acteur, porteur: bool) -> str:
    if porteur:
        return scenario.contributions["porteur"]
    for cle in (acteur.profil, acteur.organisation.kind, "partenaire"):
        if cle in scenario.contributions:
            return scenario.contributions[cle]
    raise KeyError(f"{scenario.cle} : pas de contribution pour {acteur.profil}")


@transaction.atomic
def demo_alliances_create(*, count: int = 400, seed: int = 17) -> int:
    """Create `count` fictitious alliances between the published demo organisations; return how
    many.

    Does nothing (and returns 0) when demo alliances already exist or when fewer than two demo
    organisations are published. Each alliance follows a scénario that fits its typologie and
    brings together two to four organisations, of the same région when possible: about 35 %
    mécénat, 25 % coopération économique, 20 % pratiques responsables, 20 % innovation
    sociétale; 60 % en cours, 25 % terminées, 15 % en projet; 92 % published.
    """
    if Alliance.objects.exclude(slug__startswith=SLUG_PREFIX).filter(is_demo=True).exists():
        return 0
    organisations = list(
        Organisation.objects.published()
        .filter(is_demo=True)
        .exclude(slug__startswith=SLUG_PREFIX)
        .select_related("siege")
        .prefetch_related("domaines")
        .order_by("pk")
    )
    if len(organisations) < 2:
        return 0

    rng = random.Random(seed)
    acteurs = [_Acteur(o, _profil(o), [d.code for d in o.domaines.all()]) for o in organisations]
    distribution = _Distribution(rng, acteurs)
    typologies = _draw_shares(rng, count, TYPOLOGIE_SHARES)
    etats = _draw_shares(rng, count, ETAT_SHARES)
    publiees = round(count * PART_ALLIANCES_PUBLIEES)
    statuts = [Statut.PUBLIEE] * publiees + [Statut.EN_ATTENTE] * (count - publiees)
    rng.shuffle(statuts)

    emplois_scenarios = {s.cle: 0 for scenarios in SCENARIOS.values() for s in scenarios}
    deja_vus: set[tuple] = set()
    titres_pris: set[str] = set()
    alliances: list[Alliance] = []
    castings: list[tuple[Scenario, list[_Acteur]]] = []
    domaines: list[list[str]] = []
    odd: list[list[int]] = []
    for typologie, etat, statut in zip(typologies, etats, statuts, strict=True):
        scenario, participants = _choose_scenario(
            rng, distribution, typologie, emplois_scenarios, deja_vus
        )
        emplois_scenarios[scenario.cle] = emplois_scenarios.get(scenario.cle, 0) + 1
        distribution.engager(participants)
        alliance = _alliance(rng, scenario, participants, typologie, etat, statut, titres_pris)
        alliances.append(alliance)
        castings.append((scenario, participants))
        domaines.append(_alliance_domaines(rng, scenario, participants))
        numeros = rng.sample(scenario.odd, min(len(scenario.odd), rng.randint(1, 2)))
        odd.append([17, *sorted(numeros)])

    for alliance, slug in zip(
        alliances, _unique_slugs([a.titre for a in alliances], Alliance), strict=True
    ):
        alliance.slug = slug
    created = Alliance.objects.bulk_create(alliances, batch_size=500)

    maintenant = timezone.now()
    participations = []
    for alliance, (scenario, participants) in zip(created, castings, strict=True):
        attente = PART_EN_ATTENTE[alliance.etat]
        if alliance.statut != Statut.PUBLIEE:
            attente = max(attente, PART_EN_ATTENTE_NON_PUBLIEE)
        for rang, acteur in enumerate(participants):
            confirmee = rang == 0 or rng.random() >= attente
            participations.append(
                Participation(
                    alliance=alliance,
                    organisation=acteur.organisation,
                    role=Participation.Role.PORTEUR if rang == 0 else Participation.Role.PARTENAIRE,
                    contribution=_contribution(scenario, acteur, porteur=rang == 0),
                    etat=Participation.Etat.CONFIRMEE
                    if confirmee
                    else Participation.Etat.EN_ATTENTE,
                    decided_at=maintenant if confirmee else None,
                )
            )
    Participation.objects.bulk_create(participations, batch_size=1000)
    DomaineLink = Alliance.domaines.through
    OddLink = Alliance.odd.through
    DomaineLink.objects.bulk_create(
        [
            DomaineLink(alliance_id=alliance.pk, domaine_id=code)
            for alliance, codes in zip(created, domaines, strict=True)
            for code in codes
        ],
        batch_size=1000,
    )
    OddLink.objects.bulk_create(
        [
            OddLink(alliance_id=alliance.pk, odd_id=numero)
            for alliance, numeros in zip(created, odd, strict=True)
            for numero in numeros
        ],
        batch_size=1000,
    )
    alliances_refresh_search([alliance.pk for alliance in created])
    workflow.record_imported(created, texte="Données de démonstration.")
    return len(created)


def _alliance(
    rng: random.Random,
    scenario: Scenario,
    participants: list[_Acteur],
    typologie: str,
    etat: str,
    statut: str,
    titres_pris: set[str],
) -> Alliance:
    """The alliance row (not saved): texts, dates, place and figures; a title not taken yet
    when the scénario has one left."""
    porteur, partenaire = participants[0], participants[1]
    commune = porteur.organisation.siege
    if etat == Alliance.Etat.TERMINEE:
        date_debut = _date_entre(rng, DEBUT_TERMINEES)
        date_fin = min(date_debut + timedelta(days=rng.randint(180, 1100)), FIN_AU_PLUS_TARD)
    elif etat == Alliance.Etat.EN_COURS:
        date_debut, date_fin = _date_entre(rng, DEBUT_EN_COURS), None
    else:
        date_debut, date_fin = _date_entre(rng, DEBUT_EN_PROJET), None

    personnes = _tirer(rng, scenario.personnes)
    emplois = _tirer(rng, scenario.emplois)
    budget = _tirer(rng, scenario.budget)
    nom_porteur, de_porteur, a_porteur = _formes(porteur.organisation.nom)
    nom_p1, de_p1, a_p1 = _formes(partenaire.organisation.nom)
    context = {
        "porteur": nom_porteur,
        "de_porteur": de_porteur,
        "a_porteur": a_porteur,
        "p1": nom_p1,
        "de_p1": de_p1,
        "a_p1": a_p1,
        "commune": commune.nom,
        "de_commune": _de(commune.nom),
        "a_commune": _a(commune.nom),
        "personnes": _nombre(personnes or 0),
        "emplois": _nombre(emplois or 0),
        "budget": _nombre(budget or 0),
        "petit": rng.randint(8, 40),
        "petit2": rng.randint(3, 12),
        "nombre": rng.randrange(40, 400, 10),
        "annee": date_debut.year,
    }

    titres = [_majuscule(t.format(**context)) for t in scenario.titres]
    titres = [t for t in titres if len(t) <= 200] or [titres[0][:200]]
    titre = rng.choice([t for t in titres if t not in titres_pris] or titres)
    titres_pris.add(titre)
    autres = [_formes(acteur.organisation.nom)[0] for acteur in participants[2:]]
    nombre_extras = min(rng.choice((0, 1, 1, 2)), len(scenario.phrases) - 1)
    extras = sorted(rng.sample(range(1, len(scenario.phrases)), nombre_extras))
    phrases = [scenario.phrases[0], *(scenario.phrases[i] for i in extras)]
    if autres:
        phrases = phrases[:2] + [f"Le projet associe aussi {_liste(autres)}."]
    description = " ".join(_majuscule(p.format(**context)) for p in phrases)

    resultats = ""
    if etat == Alliance.Etat.TERMINEE or (etat == Alliance.Etat.EN_COURS and rng.random() < 0.75):
        modele = rng.choice(scenario.resultats)
        resultats = modele.format(**context)
        if rng.random() < 0.5:
            resultats += " " + rng.choice(RESULTATS_SUITE[etat])
        if "{budget}" not in modele and rng.random() < 0.3:
            budget = None
    else:
        personnes = emplois = None
        if rng.random() < 0.5:
            budget = None

    regions = {acteur.region for acteur in participants}
    if len(regions) > 1:
        portee = Alliance.Portee.NATIONALE
    else:
        portee = rng.choices(
            [value for value, _share in PORTEE_SHARES],
            weights=[share for _value, share in PORTEE_SHARES],
        )[0]
    alliance_part = PART_CONTRAT_ALLIANCE[typologie]
    alliance = Alliance(
        titre=titre,
        description=f"{description} {MENTION_DEMO_ALLIANCE}",
        typologie=typologie,
        modalite=(
            Alliance.Modalite.CONTRAT_ALLIANCE
            if rng.random() < alliance_part
            else Alliance.Modalite.CONTRAT_ECHANGE
        ),
        etat=etat,
        date_debut=date_debut,
        date_fin=date_fin,
        commune=commune,
        portee=portee,
        resultats=resultats,
        personnes_touchees=personnes,
        emplois=emplois,
        budget=budget,
        statut=statut,
        is_demo=True,
    )
    alliance.copy_commune_place()
    alliance.refresh_recherche([acteur.organisation.nom for acteur in participants])
    return alliance


# Demo offres and mises en relation -----------------------------------------------------------
#
# Associations mostly look for resources, companies and foundations mostly propose them, and
# collectivités do both; each offre takes its domaines from its organisation, so that the
# suggestions of an offre page find real complements in the same région.

MENTION_DEMO_OFFRE = "Offre fictive, créée pour la démonstration de la plateforme."


@dataclass(frozen=True)
class ModeleOffre:
    sens: str
    typologie: str
    ressources: tuple[str, ...]
    titre: str
    description: str


OFFRES_RECHERCHEES = [
    ModeleOffre(
        "recherche",
        "mecenat",
        ("mecenat_competences", "expertise"),
        "Des compétences numériques pour refaire notre site",
        "Notre équipe bénévole n'a plus le temps de tenir notre site à jour. Nous cherchons "
        "deux ou trois salariés prêts à donner quelques demi-journées pour le reconstruire avec "
        "nous et nous apprendre à le faire vivre.",
    ),
    ModeleOffre(
        "recherche",
        "mecenat",
        ("financement",),
        "Financer un second véhicule pour nos tournées",
        "Nos tournées ne couvrent plus toutes les communes qui nous sollicitent. Un soutien "
        "financier nous permettrait d'acheter un véhicule d'occasion et d'ajouter deux tournées "
        "par semaine.",
    ),
    ModeleOffre(
        "recherche",
        "mecenat",
        ("locaux",),
        "Un local de stockage de 100 m²",
        "Nos dons s'entassent chez nos bénévoles. Un local sec et accessible, même partagé, "
        "nous permettrait de trier et de redistribuer deux fois plus vite.",
    ),
    ModeleOffre(
        "recherche",
        "mecenat",
        ("materiel",),
        "Des ordinateurs reconditionnés pour nos ateliers",
        "Nos ateliers d'initiation accueillent des personnes éloignées du numérique. Une "
        "dizaine d'ordinateurs portables, même anciens, changerait leur quotidien.",
    ),
    ModeleOffre(
        "recherche",
        "innovation_societale",
        ("expertise", "mecenat_competences"),
        "Co-construire un outil de suivi des bénéficiaires",
        "Nous imaginons un outil simple pour suivre les parcours de nos bénéficiaires sans "
        "paperasse. Nous cherchons une entreprise prête à le concevoir avec nous, à partir de "
        "nos besoins de terrain.",
    ),
    ModeleOffre(
        "recherche",
        "pratiques_responsables",
        ("achats_responsables",),
        "Des clients pour notre atelier d'insertion",
        "Notre atelier d'insertion prend en charge conditionnement, petite logistique et "
        "entretien d'espaces verts. Nous cherchons des entreprises qui veulent acheter local et "
        "solidaire.",
    ),
    ModeleOffre(
        "recherche",
        "mecenat",
        ("benevolat",),
        "Des bénévoles pour l'été",
        "Chaque été, nos activités doublent. Des salariés disponibles une journée, seuls ou en "
        "équipe, seraient les bienvenus pour encadrer les sorties et les ateliers.",
    ),
]

OFFRES_PROPOSEES = [
    ModeleOffre(
        "propose",
        "mecenat",
        ("mecenat_competences",),
        "Nos salariés offrent des journées de compétences",
        "Chaque année, nos collaborateurs peuvent consacrer deux journées à une association : "
        "gestion de projet, communication, informatique, comptabilité. Dites-nous ce dont vous "
        "avez besoin.",
    ),
    ModeleOffre(
        "propose",
        "mecenat",
        ("financement",),
        "Un fonds de soutien aux projets locaux",
        "Nous consacrons une part de nos bénéfices à des projets de proximité. Les associations "
        "du territoire peuvent nous présenter un projet concret, avec un budget et un calendrier.",
    ),
    ModeleOffre(
        "propose",
        "mecenat",
        ("materiel",),
        "Du matériel informatique à donner",
        "Nous renouvelons notre parc informatique : une vingtaine d'ordinateurs et d'écrans, "
        "effacés et en état de marche, attendent une seconde vie.",
    ),
    ModeleOffre(
        "propose",
        "mecenat",
        ("locaux",),
        "Une salle de réunion disponible le soir",
        "Notre salle de réunion (30 places) reste vide le soir et le samedi. Nous la prêtons "
        "volontiers à des associations pour leurs réunions ou leurs formations.",
    ),
    ModeleOffre(
        "propose",
        "innovation_societale",
        ("expertise", "financement"),
        "Inventer ensemble un service pour les aidants",
        "Notre équipe innovation souhaite concevoir, avec une association de terrain, un service "
        "utile aux aidants familiaux. Nous apportons méthodes, prototypage et un premier budget.",
    ),
    ModeleOffre(
        "propose",
        "pratiques_responsables",
        ("achats_responsables",),
        "Nous cherchons des fournisseurs solidaires",
        "Nous voulons confier une partie de nos achats (traiteur, entretien, conditionnement) à "
        "des structures d'insertion ou du handicap proches de nos sites.",
    ),
    ModeleOffre(
        "propose",
        "mecenat",
        ("benevolat", "mecenat_competences"),
        "Des équipes volontaires pour des journées solidaires",
        "Nos équipes organisent des journées solidaires plusieurs fois par an : chantiers, "
        "collectes, animations. Nous cherchons des associations pour les accueillir.",
    ),
]

RAYONS = (20, 30, 50, 80, 150)


def demo_offres_create(*, count: int = 120, seed: int = 17) -> int:
    """Create `count` fictitious offres of the published demo organisations; return how many.
    Nothing when demo offres already exist. Half look for resources (associations and
    collectivités), half propose them (companies and foundations, often near a need); about
    90 % published, one in ten national, a third with a date limite."""
    if Offre.objects.filter(is_demo=True).exists():
        return 0
    organisations = list(
        Organisation.objects.published()
        .filter(is_demo=True)
        .exclude(slug__startswith=SLUG_PREFIX)
        .select_related("siege")
        .prefetch_related("domaines", "odd")
        .order_by("pk")
    )
    if len(organisations) < 2:
        return 0
    rng = random.Random(seed)
    demandeuses = [o for o in organisations if o.kind in (Kind.ASSOCIATION, Kind.COLLECTIVITE)]
    donatrices = [o for o in organisations if o.kind in (Kind.ENTREPRISE, Kind.FONDATION)]
    today = timezone.localdate()
    offres, domaines, odd = [], [], []
    par_region: dict[str, list[Organisation]] = {}
    for organisation in donatrices:
        par_region.setdefault(organisation.siege.region_id, []).append(organisation)

    def ajouter(organisation: Organisation, modele: ModeleOffre) -> None:
        national = rng.random() < 0.1
        offre = Offre(
            organisation=organisation,
            sens=modele.sens,
            typologie=modele.typologie,
            ressources=encode_ressources(modele.ressources),
            titre=modele.titre,
            description=f"{modele.description}\n\n{MENTION_DEMO_OFFRE}",
            commune=organisation.siege,
            rayon_km=None if national else rng.choice(RAYONS),
            national=national,
            date_limite=today + timedelta(days=rng.randint(20, 240))
            if rng.random() < 0.33
            else None,
            statut=Statut.PUBLIEE if rng.random() < 0.9 else Statut.EN_ATTENTE,
            is_demo=True,
        )
        if offre.statut == Statut.PUBLIEE:
            offre.published_at = timezone.now()
        offre.copy_commune_place()
        offre.refresh_recherche()
        offres.append(offre)
        domaines.append([d.pk for d in organisation.domaines.all()][:3])
        odd.append([o.pk for o in organisation.odd.all()][:3])

    # Offres come in pairs: a need, then, most of the time, a company or foundation of the same
    # région that proposes one of the ressources it looks for, so that suggestions find
    # neighbours; the other times, an offre proposed anywhere.
    while len(offres) < count and demandeuses and donatrices:
        demandeuse = demandeuses[rng.randrange(len(demandeuses))]
        besoin = rng.choice(OFFRES_RECHERCHEES)
        ajouter(demandeuse, besoin)
        voisines = par_region.get(demandeuse.siege.region_id, [])
        complements = [m for m in OFFRES_PROPOSEES if set(m.ressources) & set(besoin.ressources)]
        if voisines and complements and rng.random() < 0.7:
            ajouter(voisines[rng.randrange(len(voisines))], rng.choice(complements))
        else:
            ajouter(donatrices[rng.randrange(len(donatrices))], rng.choice(OFFRES_PROPOSEES))
    for offre, slug in zip(offres, _unique_slugs([o.titre for o in offres], Offre), strict=True):
        offre.slug = slug
    with transaction.atomic():
        Offre.objects.bulk_create(offres)
        Offre.domaines.through.objects.bulk_create(
            Offre.domaines.through(offre_id=offre.pk, domaine_id=code)
            for offre, codes in zip(offres, domaines, strict=True)
            for code in codes
        )
        Offre.odd.through.objects.bulk_create(
            Offre.odd.through(offre_id=offre.pk, odd_id=numero)
            for offre, numeros in zip(offres, odd, strict=True)
            for numero in numeros
        )
        workflow.record_imported(offres, texte="Données de démonstration.")
    offres_refresh_search([offre.pk for offre in offres])
    return len(offres)


def demo_mises_en_relation_create() -> int:
    """A few threads for the citizen demo account's organisations (see demo_membres_create):
    its entreprise contacted two associations (one accepted), its association received a
    request and declined another. Idempotent."""
    if MiseEnRelation.objects.filter(is_demo=True).exists():
        return 0
    user = User.objects.filter(email=DEMO_ACCOUNTS[0][0]).first()
    if user is None:
        return 0
    membres = {
        m.organisation.kind: m.organisation for m in user.adhesions.select_related("organisation")
    }
    association, entreprise = membres.get(Kind.ASSOCIATION), membres.get(Kind.ENTREPRISE)
    if association is None or entreprise is None:
        return 0
    visibles = Offre.objects.visible().filter(is_demo=True).order_by("pk")
    besoins = list(visibles.filter(sens="recherche").exclude(organisation=association)[:2])
    dons = list(
        visibles.filter(sens="propose")
        .exclude(organisation=entreprise)
        .select_related("organisation")[:2]
    )
    now = timezone.now()
    rows = []
    for offre, etat, reponse in zip(
        besoins,
        (MiseEnRelation.Etat.ACCEPTEE, MiseEnRelation.Etat.ENVOYEE),
        ("Merci ! Appelons-nous la semaine prochaine pour en parler.", ""),
        strict=False,
    ):
        rows.append(
            MiseEnRelation(
                offre=offre,
                emettrice=entreprise,
                destinataire=offre.organisation,
                sent_by=user,
                message="Bonjour, nos équipes peuvent vous aider sur ce projet : "
                "pouvons-nous en discuter ?",
                etat=etat,
                reponse=reponse,
                sent_at=now - timedelta(days=6),
                read_at=now - timedelta(days=5) if reponse else None,
                answered_at=now - timedelta(days=5) if reponse else None,
                is_demo=True,
            )
        )
    # The association's own offre (one is written for it if the draw gave it none) receives
    # requests from the demo companies.
    own = list(visibles.filter(organisation=association)[:1])
    if not own:
        modele = OFFRES_RECHERCHEES[0]
        offre = Offre(
            organisation=association,
            sens=modele.sens,
            typologie=modele.typologie,
            ressources=encode_ressources(modele.ressources),
            titre=modele.titre,
            slug=_unique_slugs([modele.titre], Offre)[0],
            description=f"{modele.description}\n\n{MENTION_DEMO_OFFRE}",
            commune=association.siege,
            rayon_km=50,
            statut=Statut.PUBLIEE,
            published_at=timezone.now(),
            is_demo=True,
        )
        offre.copy_commune_place()
        offre.refresh_recherche()
        offre.save()
        offre.domaines.set(association.domaines.all()[:3])
        offres_refresh_search([offre.pk])
        own = [offre]
    if own and dons:
        for index, don in enumerate(dons):
            declined = index == 1
            rows.append(
                MiseEnRelation(
                    offre=own[0],
                    emettrice=don.organisation,
                    destinataire=association,
                    message="Votre besoin correspond à ce que nous proposons : échangeons ?",
                    etat=MiseEnRelation.Etat.DECLINEE if declined else MiseEnRelation.Etat.ENVOYEE,
                    motif=MiseEnRelation.Motif.HORS_TERRITOIRE if declined else "",
                    sent_at=now - timedelta(days=3 + index),
                    answered_at=now - timedelta(days=2) if declined else None,
                    read_at=now - timedelta(days=2) if declined else None,
                    is_demo=True,
                )
            )
    MiseEnRelation.objects.bulk_create(rows)
    return len(rows)
