"""Demo resources for local use (`load_demo_ressources`): about forty fictitious guides, studies,
tools, webinars, testimonies and document templates, so that the library, its filters, the
guided entry and the kit's map of tools have something to show on a fresh machine.

Like the other demo data, every row is flagged `is_demo` and its content ends with a sentence
saying that it is fictitious; links point to example.org and documents are generated here.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ressources.fichiers import PDF
from ressources.models import Categorie, Format, Maturite, Profil, Ressource
from ressources.services import ressource_save

MENTION_DEMO = "Ressource fictive, créée pour la démonstration de la plateforme."

C, F, M = Categorie, Format, Maturite
ASSO, ENTR, COLL, CIT, CATA = "association", "entreprise", "collectivite", "citoyen", "catalyseur"
INFO, FORM, AGIR, EVAL = "s_informer", "se_former", "agir", "evaluer"
MEC, INNO, COOP, RESP = (
    "mecenat",
    "innovation_societale",
    "cooperation_economique",
    "pratiques_responsables",
)


@dataclass(frozen=True)
class Demo:
    titre: str
    categorie: str
    format: str
    maturite: str
    profils: tuple[str, ...]
    objectifs: tuple[str, ...]
    typologies: tuple[str, ...]
    domaines: tuple[str, ...]
    editeur: str
    resume: str
    points: tuple[str, ...]


# One resource per entry, compact: the arguments follow the order of the fields of Demo.
# fmt: off
DEMOS = [
    # Guides
    Demo(
        "Le mécénat de compétences en dix questions",
        C.GUIDE, F.PAGE, M.DECOUVRIR, (ENTR, ASSO), (INFO,), (MEC,), (),
        "Réseau fictif des entreprises engagées",
        "Ce qu'est le mécénat de compétences, ce qu'il coûte et rapporte à une entreprise, même "
        "petite, et comment un premier salarié peut s'engager auprès d'une association.",
        (
            "La différence entre mécénat de compétences, bénévolat et prestation de service.",
            "Le calcul de la réduction d'impôt, illustré pour une TPE de huit salariés.",
            "Les trois questions à poser à l'association avant de commencer.",
        ),
    ),
    Demo(
        "Premier partenariat entre une TPE et une association : le pas-à-pas",
        C.GUIDE, F.PDF, M.DECOUVRIR, (ENTR,), (INFO, AGIR), (MEC,), ("solidarite",),
        "Chambre fictive des métiers de Valmont",
        "Un guide court pour les dirigeants de très petites entreprises qui veulent soutenir une "
        "association de leur commune sans y passer des semaines.",
        (
            "Repérer une association proche de son activité ou de ses valeurs.",
            "Choisir entre don en nature, prêt de matériel et quelques heures de compétences.",
            "Formaliser l'accord en une page et en parler à ses clients.",
        ),
    ),
    Demo(
        "Construire une convention de partenariat équilibrée",
        C.GUIDE, F.PAGE, M.S_ENGAGER, (ASSO, ENTR, COLL), (AGIR,), (MEC, INNO), (),
        "Collectif fictif des juristes solidaires",
        "Les clauses indispensables d'une convention entre structures de tailles différentes, "
        "pour que la plus petite ne porte pas tous les risques.",
        (
            "Objet, durée, apports de chacun et conditions de sortie.",
            "Propriété des contenus et des résultats produits ensemble.",
            "Les clauses à éviter quand on signe avec un grand groupe.",
        ),
    ),
    Demo(
        "Répondre à plusieurs à un marché public",
        C.GUIDE, F.PDF, M.S_ENGAGER, (ASSO, ENTR), (AGIR, FORM), (COOP,), ("emploi-insertion",),
        "Pôle fictif de coopération économique des Trois-Vallées",
        "Groupement momentané, cotraitance, sous-traitance : comment des associations et des PME "
        "répondent ensemble à une consultation qu'aucune ne pourrait emporter seule.",
        (
            "Les formes de groupement et leurs conséquences juridiques.",
            "Le calendrier type, de la veille au dépôt de l'offre.",
            "La répartition du travail et du chiffre d'affaires.",
        ),
    ),
    Demo(
        "Acheter auprès du secteur adapté et de l'insertion",
        C.GUIDE, F.PAGE, M.DECOUVRIR, (ENTR, COLL), (INFO, AGIR), (RESP,), ("handicap",),
        "Réseau fictif des acheteurs responsables",
        "Ce que recouvrent les achats inclusifs, les prestations que proposent ESAT, entreprises "
        "adaptées et structures d'insertion, et comment les intégrer à ses achats courants.",
        (
            "Cartographier ses achats pour repérer ceux qui peuvent être confiés.",
            "Les effets sur l'obligation d'emploi de travailleurs handicapés.",
            "Trois contrats réussis : entretien d'espaces verts, traiteur, numérisation.",
        ),
    ),
    Demo(
        "Animer un réseau local d'acteurs engagés",
        C.GUIDE, F.PAGE, M.APPROFONDIR, (CATA, COLL), (FORM, AGIR), (), (),
        "Fondation territoriale fictive du Haut-Vallon",
        "Un guide pour les catalyseurs territoriaux : réunir les acteurs, faire vivre la "
        "dynamique, éviter l'essoufflement après la première année.",
        (
            "Le calendrier d'animation d'une année type.",
            "Les formats de rencontre qui marchent : petits-déjeuners, visites croisées, ateliers.",
            "Les moyens humains à prévoir et comment les financer.",
        ),
    ),
    Demo(
        "Accueillir des mécènes de compétences dans son association",
        C.GUIDE, F.PAGE, M.S_ENGAGER, (ASSO,), (AGIR, FORM), (MEC,), (),
        "Fédération fictive des associations de proximité",
        "Préparer la mission, accueillir le salarié mis à disposition, l'intégrer à l'équipe "
        "bénévole et faire le bilan avec l'entreprise.",
        (
            "Rédiger une fiche mission claire et limitée dans le temps.",
            "Désigner un tuteur au sein de l'association.",
            "Valoriser la contribution dans le rapport d'activité.",
        ),
    ),
    Demo(
        "S'engager comme bénévole près de chez soi",
        C.GUIDE, F.PAGE, M.DECOUVRIR, (CIT,), (INFO, AGIR), (), ("solidarite", "jeunesse"),
        "Maison fictive de la vie associative",
        "Trouver une mission qui correspond à son temps et à ses envies, et comprendre comment "
        "associations et entreprises coopèrent sur son territoire.",
        (
            "Les différentes formes d'engagement : ponctuel, régulier, à distance.",
            "Le congé d'engagement associatif et le mécénat de compétences pour les salariés.",
            "Où trouver les associations et les alliances de sa commune.",
        ),
    ),
    # Études
    Demo(
        "Baromètre des partenariats entre associations et entreprises",
        C.ETUDE, F.PDF, M.APPROFONDIR, (ASSO, ENTR, COLL, CATA), (INFO,), (MEC, INNO, COOP, RESP),
        (), "Observatoire fictif des coopérations",
        "Les résultats d'une enquête menée auprès de mille structures : combien coopèrent, "
        "sous quelles formes, avec quels bénéfices et quelles difficultés.",
        (
            "Deux tiers des associations interrogées ont au moins un partenaire privé.",
            "Les PME déclarent d'abord rechercher un ancrage local.",
            "Le manque de temps reste le premier frein cité par tous.",
        ),
    ),
    Demo(
        "Ce que l'innovation sociétale doit aux alliances",
        C.ETUDE, F.PDF, M.APPROFONDIR, (ENTR, ASSO, CATA), (INFO, FORM), (INNO,), ("sante",),
        "Laboratoire fictif d'études sur l'économie sociale",
        "Une analyse de trente projets d'innovation sociale nés d'une alliance, de l'idée au "
        "déploiement, et des conditions qui ont permis leur réussite.",
        (
            "Les quatre phases d'un projet d'innovation sociétale.",
            "Le rôle décisif d'un financement d'amorçage partagé.",
            "Pourquoi la propriété intellectuelle doit être discutée tôt.",
        ),
    ),
    Demo(
        "Les pôles territoriaux de coopération économique",
        C.ETUDE, F.LIEN, M.APPROFONDIR, (COLL, CATA), (INFO,), (COOP,), ("emploi-insertion",),
        "Observatoire fictif des coopérations",
        "Panorama des regroupements locaux d'entreprises de l'économie sociale, de PME et de "
        "collectivités qui mutualisent moyens et projets.",
        (
            "Typologie des pôles selon leur taille et leur secteur.",
            "Les modèles économiques observés.",
            "Ce qui distingue les pôles qui durent.",
        ),
    ),
    Demo(
        "Achats responsables des collectivités : où en est-on ?",
        C.ETUDE, F.PDF, M.S_ENGAGER, (COLL,), (INFO, EVAL), (RESP,), ("environnement",),
        "Association fictive des acheteurs publics engagés",
        "Une étude sur la place des clauses sociales et environnementales dans les marchés de "
        "cinquante collectivités de toutes tailles.",
        (
            "La part des marchés comportant une clause d'insertion.",
            "Les secteurs où les clauses sont les plus efficaces.",
            "Les difficultés de suivi et les solutions trouvées.",
        ),
    ),
    Demo(
        "Les jeunes et l'engagement dans les alliances locales",
        C.ETUDE, F.PAGE, M.DECOUVRIR, (CIT, ASSO), (INFO,), (), ("jeunesse", "education"),
        "Institut fictif de recherche sur la jeunesse",
        "Comment les 16-25 ans perçoivent les partenariats entre associations et entreprises, et "
        "ce qui les pousse à s'y engager.",
        (
            "Un attachement fort aux projets concrets et locaux.",
            "Une méfiance envers les opérations de communication.",
            "Des pistes pour mieux associer les jeunes à la gouvernance.",
        ),
    ),
    # Outils
    Demo(
        "Grille d'autodiagnostic : sommes-nous prêts à faire alliance ?",
        C.OUTIL, F.PDF, M.DECOUVRIR, (ASSO, ENTR, COLL), (EVAL, INFO), (), (),
        "Plateforme fictive d'accompagnement des coopérations",
        "Vingt questions pour faire le point sur vos motivations, vos ressources et vos freins "
        "avant de chercher un partenaire.",
        (
            "Une grille à remplir en équipe en moins d'une heure.",
            "Un score par dimension : projet, moyens, gouvernance, culture.",
            "Des pistes de travail selon vos résultats.",
        ),
    ),
    Demo(
        "Cartographier les acteurs de son territoire",
        C.OUTIL, F.PAGE, M.S_ENGAGER, (CATA, COLL, ASSO), (AGIR,), (), (),
        "Fondation territoriale fictive du Haut-Vallon",
        "Une méthode et un tableau pour recenser associations, entreprises, institutions et "
        "habitants ressources autour d'un enjeu, et repérer les alliances possibles.",
        (
            "Les catégories d'acteurs à ne pas oublier.",
            "Une matrice intérêt-influence pour prioriser les contacts.",
            "Comment partager la carte sans exposer de données personnelles.",
        ),
    ),
    Demo(
        "Indicateurs d'impact d'une alliance : la boîte à outils",
        C.OUTIL, F.PAGE, M.APPROFONDIR, (ASSO, ENTR, COLL, CATA), (EVAL,), (MEC, INNO, COOP, RESP),
        (), "Cabinet fictif d'évaluation sociale",
        "Une sélection d'indicateurs simples, classés par domaine d'action, pour mesurer ce que "
        "votre alliance change pour les personnes et pour les partenaires.",
        (
            "Des indicateurs de réalisation, de résultat et d'impact.",
            "Des exemples de questionnaires pour les bénéficiaires.",
            "Une trame de bilan annuel à partager entre partenaires.",
        ),
    ),
    Demo(
        "Calculateur de réduction d'impôt pour le mécénat",
        C.OUTIL, F.LIEN, M.DECOUVRIR, (ENTR,), (INFO, AGIR), (MEC,), (),
        "Réseau fictif des entreprises engagées",
        "Un outil en ligne pour estimer le coût réel d'un don ou d'une mise à disposition de "
        "salarié, selon le chiffre d'affaires de l'entreprise.",
        (
            "Le plafond applicable aux petites entreprises.",
            "La valorisation d'une journée de mécénat de compétences.",
            "Le report des excédents sur les exercices suivants.",
        ),
    ),
    Demo(
        "Check-list pour lancer une alliance en cent jours",
        C.OUTIL, F.PDF, M.S_ENGAGER, (ASSO, ENTR, COLL), (AGIR,), (INNO, COOP), (),
        "Plateforme fictive d'accompagnement des coopérations",
        "Les étapes à franchir, semaine après semaine, entre la première rencontre et le "
        "lancement officiel d'une alliance.",
        (
            "Une liste de tâches datées et attribuées.",
            "Les décisions à prendre à chaque comité.",
            "Les pièges classiques des trois premiers mois.",
        ),
    ),
    Demo(
        "Trame d'atelier de diagnostic partagé",
        C.OUTIL, F.PAGE, M.S_ENGAGER, (CATA, COLL), (AGIR, FORM), (), (),
        "Collectif fictif des animateurs territoriaux",
        "Le déroulé minute par minute d'une demi-journée réunissant vingt acteurs pour s'accorder "
        "sur un problème avant de chercher des solutions.",
        (
            "Le matériel nécessaire et la disposition de la salle.",
            "Trois exercices pour faire émerger les besoins.",
            "La synthèse à envoyer aux participants le lendemain.",
        ),
    ),
    Demo(
        "Tableau de suivi d'une alliance",
        C.OUTIL, F.PAGE, M.APPROFONDIR, (ASSO, ENTR, CATA), (EVAL, AGIR), (), (),
        "Cabinet fictif d'évaluation sociale",
        "Un tableau partagé pour suivre les actions, les moyens engagés et les résultats, mis à "
        "jour par chaque partenaire.",
        (
            "Une feuille par partenaire et une synthèse commune.",
            "Des alertes quand une action prend du retard.",
            "Un export prêt pour le bilan annuel.",
        ),
    ),
    Demo(
        "Repérer les besoins de son quartier",
        C.OUTIL, F.PAGE, M.DECOUVRIR, (CIT, ASSO), (AGIR, INFO), (), ("solidarite",),
        "Maison fictive de la vie associative",
        "Une démarche simple pour que des habitants recensent les besoins non couverts de leur "
        "quartier et les portent auprès des associations et de la mairie.",
        (
            "Organiser une marche exploratoire.",
            "Recueillir la parole des voisins avec un questionnaire court.",
            "Présenter les résultats lors d'une réunion publique.",
        ),
    ),
    # Webinaires
    Demo(
        "Webinaire : le mécénat de compétences dans les petites entreprises",
        C.WEBINAIRE, F.VIDEO, M.DECOUVRIR, (ENTR,), (INFO, FORM), (MEC,), (),
        "Chambre fictive des métiers de Valmont",
        "Une heure d'échanges avec deux dirigeants de TPE et une association qu'ils soutiennent : "
        "motivations, organisation, premiers résultats.",
        (
            "Comment libérer une demi-journée par mois sans désorganiser l'équipe.",
            "Ce que les salariés en retirent.",
            "Les questions des participants et les réponses d'un expert-comptable.",
        ),
    ),
    Demo(
        "Webinaire : co-construire un projet avec sa collectivité",
        C.WEBINAIRE, F.VIDEO, M.S_ENGAGER, (ASSO, COLL), (FORM,), (INNO,), (),
        "Réseau fictif des territoires coopératifs",
        "Une élue, une directrice d'association et un chef d'entreprise racontent la naissance "
        "d'un service de mobilité solidaire.",
        (
            "Le rôle de chacun dans la conception du service.",
            "Le montage financier retenu.",
            "Ce qu'ils referaient autrement.",
        ),
    ),
    Demo(
        "Webinaire : mesurer l'impact sans y passer ses nuits",
        C.WEBINAIRE, F.VIDEO, M.APPROFONDIR, (ASSO, ENTR, CATA), (EVAL, FORM), (), (),
        "Cabinet fictif d'évaluation sociale",
        "Des méthodes proportionnées pour évaluer une alliance quand on n'a ni budget ni équipe "
        "dédiée.",
        (
            "Choisir trois indicateurs plutôt que trente.",
            "Utiliser les données que l'on collecte déjà.",
            "Raconter l'impact avec des récits autant qu'avec des chiffres.",
        ),
    ),
    Demo(
        "Webinaire : l'animation territoriale, un métier",
        C.WEBINAIRE, F.VIDEO, M.APPROFONDIR, (CATA,), (FORM,), (), (),
        "Collectif fictif des animateurs territoriaux",
        "Trois catalyseurs territoriaux décrivent leur quotidien, leurs outils et les compétences "
        "qu'ils ont dû acquérir.",
        (
            "Les compétences clés : écoute, médiation, gestion de projet.",
            "Les formations existantes.",
            "Comment faire reconnaître ce travail par les financeurs.",
        ),
    ),
    Demo(
        "Webinaire : les clauses sociales pas à pas",
        C.WEBINAIRE, F.VIDEO, M.S_ENGAGER, (COLL, ENTR), (FORM, AGIR), (RESP,),
        ("emploi-insertion",), "Association fictive des acheteurs publics engagés",
        "Une acheteuse publique et un facilitateur de clauses expliquent comment rédiger, "
        "attribuer et suivre un marché comportant une clause d'insertion.",
        (
            "Les différentes formes de clauses sociales.",
            "Le rôle du facilitateur auprès des entreprises.",
            "Le suivi des heures d'insertion réalisées.",
        ),
    ),
    # Témoignages
    Demo(
        "Une boulangerie et une épicerie solidaire contre le gaspillage",
        C.TEMOIGNAGE, F.PAGE, M.DECOUVRIR, (ENTR, ASSO, CIT), (INFO,), (MEC,), ("alimentation",),
        "Épicerie solidaire fictive des Tilleuls",
        "Le boulanger donne chaque soir ses invendus ; l'épicerie les redistribue le lendemain "
        "matin. Récit d'une alliance modeste qui dure depuis cinq ans.",
        (
            "Comment la relation a commencé, par une simple conversation.",
            "L'organisation logistique, réglée en une semaine.",
            "Ce que chacun y a gagné, au-delà des kilos de pain sauvés.",
        ),
    ),
    Demo(
        "Un informaticien en mécénat de compétences dans une association d'aide aux devoirs",
        C.TEMOIGNAGE, F.VIDEO, M.DECOUVRIR, (ENTR, ASSO, CIT), (INFO,), (MEC,), ("education",),
        "Réseau fictif des entreprises engagées",
        "Une vidéo de cinq minutes : un salarié d'une PME du numérique raconte les six mois passés "
        "à refaire l'outil d'inscription d'une association.",
        (
            "Le choix de la mission avec son employeur.",
            "Les difficultés rencontrées et comment il les a surmontées.",
            "Pourquoi il a continué comme bénévole ensuite.",
        ),
    ),
    Demo(
        "Un ESAT devient fournisseur d'une entreprise de cosmétiques",
        C.TEMOIGNAGE, F.PAGE, M.S_ENGAGER, (ENTR, ASSO), (INFO, AGIR), (RESP,), ("handicap",),
        "Établissement fictif d'aide par le travail des Coteaux",
        "Du premier devis au contrat pluriannuel : comment un établissement et une entreprise "
        "ont construit une relation fournisseur durable.",
        (
            "L'adaptation des postes de travail.",
            "La montée en charge progressive des volumes.",
            "Les bénéfices pour les travailleurs de l'établissement.",
        ),
    ),
    Demo(
        "Une commune rurale réunit ses acteurs autour de la mobilité",
        C.TEMOIGNAGE, F.PAGE, M.S_ENGAGER, (COLL, CATA), (INFO, AGIR), (INNO,), ("mobilite",),
        "Commune fictive de Saint-Aubin-des-Prés",
        "Sans transport en commun, les habitants âgés étaient isolés. Un garage, une association "
        "et la mairie ont créé ensemble un service de transport solidaire.",
        (
            "Le diagnostic mené avec les habitants.",
            "Le partage des rôles entre les trois partenaires.",
            "Les chiffres après deux ans de fonctionnement.",
        ),
    ),
    Demo(
        "Trois associations répondent ensemble à un marché d'entretien des espaces verts",
        C.TEMOIGNAGE, F.PAGE, M.APPROFONDIR, (ASSO, COLL), (INFO, AGIR), (COOP,),
        ("environnement", "emploi-insertion"),
        "Pôle fictif de coopération économique des Trois-Vallées",
        "Trois structures d'insertion ont uni leurs équipes pour remporter un marché "
        "intercommunal. Elles racontent les négociations et la vie du groupement.",
        (
            "La répartition des lots entre les structures.",
            "La désignation d'un mandataire commun.",
            "Les tensions rencontrées et la manière de les dépasser.",
        ),
    ),
    Demo(
        "Une fondation territoriale, catalyseur des alliances de sa vallée",
        C.TEMOIGNAGE, F.VIDEO, M.APPROFONDIR, (CATA, COLL), (INFO, FORM), (), (),
        "Fondation territoriale fictive du Haut-Vallon",
        "Portrait d'une fondation qui, en dix ans, a fait naître une vingtaine d'alliances entre "
        "entreprises, associations et communes de son territoire.",
        (
            "Les premières rencontres organisées.",
            "Les outils qu'elle met à disposition.",
            "Les conditions pour passer le relais aux acteurs eux-mêmes.",
        ),
    ),
    Demo(
        "Des habitants lancent un jardin partagé avec une entreprise voisine",
        C.TEMOIGNAGE, F.PAGE, M.DECOUVRIR, (CIT, ENTR), (INFO,), (MEC,), ("environnement",),
        "Collectif fictif des jardiniers du Plateau",
        "Une friche appartenant à une entreprise de logistique est devenue un jardin cultivé par "
        "les habitants et par les salariés du site.",
        (
            "La convention d'occupation signée avec l'entreprise.",
            "L'organisation des récoltes et des ateliers.",
            "Les liens nés entre salariés et riverains.",
        ),
    ),
    # Modèles de documents
    Demo(
        "Modèle de convention de mécénat de compétences",
        C.MODELE, F.PDF, M.S_ENGAGER, (ENTR, ASSO), (AGIR,), (MEC,), (),
        "Collectif fictif des juristes solidaires",
        "Une convention type à adapter, avec ses annexes : fiche mission, calendrier, modalités "
        "de valorisation.",
        (
            "Les articles commentés un par un.",
            "Les options selon la durée de la mise à disposition.",
            "L'attestation de fin de mission.",
        ),
    ),
    Demo(
        "Modèle de convention de partenariat entre une association et une collectivité",
        C.MODELE, F.PDF, M.S_ENGAGER, (ASSO, COLL), (AGIR,), (INNO, COOP), (),
        "Collectif fictif des juristes solidaires",
        "Un modèle de convention pluriannuelle, distinct d'une simple subvention, pour un projet "
        "construit à égalité.",
        (
            "Les engagements réciproques.",
            "La gouvernance du projet commun.",
            "Les modalités d'évaluation et de révision.",
        ),
    ),
    Demo(
        "Modèle de reçu fiscal pour les dons des entreprises",
        C.MODELE, F.PDF, M.DECOUVRIR, (ASSO,), (AGIR,), (MEC,), (),
        "Fédération fictive des associations de proximité",
        "Un reçu conforme aux mentions obligatoires, et les précautions à prendre avant de "
        "l'émettre.",
        (
            "Les conditions pour pouvoir délivrer un reçu.",
            "Les mentions obligatoires.",
            "La valorisation des dons en nature.",
        ),
    ),
    Demo(
        "Modèle de charte d'une alliance territoriale",
        C.MODELE, F.PAGE, M.APPROFONDIR, (CATA, COLL, ASSO, ENTR), (AGIR,), (), (),
        "Réseau fictif des territoires coopératifs",
        "Une charte de quelques pages à discuter entre partenaires : valeurs, engagements, "
        "gouvernance, règles d'entrée et de sortie.",
        (
            "Une trame en huit articles.",
            "Des exemples de formulations pour chaque article.",
            "Le processus d'adoption conseillé.",
        ),
    ),
    Demo(
        "Modèle de bilan annuel d'une alliance",
        C.MODELE, F.PDF, M.APPROFONDIR, (ASSO, ENTR, COLL, CATA), (EVAL,), (), (),
        "Cabinet fictif d'évaluation sociale",
        "Un document à remplir ensemble chaque année pour faire le point sur les actions, les "
        "résultats et les suites à donner.",
        (
            "Les rubriques du bilan.",
            "Des exemples d'indicateurs à reporter.",
            "Une page de décisions pour l'année suivante.",
        ),
    ),
    Demo(
        "Modèle de fiche de présentation d'un projet à un mécène",
        C.MODELE, F.PAGE, M.DECOUVRIR, (ASSO,), (AGIR,), (MEC,), (),
        "Maison fictive de la vie associative",
        "Une page pour présenter son projet à une entreprise : le besoin, la réponse, ce qu'on "
        "attend d'elle et ce qu'elle y gagnera.",
        (
            "Les cinq rubriques de la fiche.",
            "Un exemple rempli par une association culturelle.",
            "Les erreurs qui font passer un dossier à la trappe.",
        ),
    ),
    Demo(
        "Modèle de clause d'insertion pour un marché public",
        C.MODELE, F.PAGE, M.S_ENGAGER, (COLL,), (AGIR,), (RESP,), ("emploi-insertion",),
        "Association fictive des acheteurs publics engagés",
        "Une clause type, à insérer dans le cahier des charges, et la manière d'en contrôler "
        "l'exécution.",
        (
            "La rédaction de la clause selon le type de marché.",
            "Le calcul du nombre d'heures d'insertion.",
            "Le tableau de suivi à demander au titulaire.",
        ),
    ),
]
# fmt: on


def _contenu(demo: Demo) -> str:
    points = "\n".join(f"- {point}" for point in demo.points)
    publics = ", ".join(Profil(profil).label for profil in demo.profils)
    return (
        f"## Ce que vous y trouverez\n\n{points}\n\n"
        f"## À qui elle s'adresse\n\n"
        f"Cette ressource de niveau « {Maturite(demo.maturite).label} » s'adresse d'abord aux "
        f"publics suivants : {publics}.\n\n*{MENTION_DEMO}*"
    )


def _texte_pdf(text: str) -> bytes:
    """A string for a PDF content stream, in the encoding of the standard fonts."""
    encoded = text.encode("cp1252", errors="replace")
    return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def demo_pdf(titre: str, lignes: list[str]) -> bytes:
    """A one-page PDF with a title and a few lines, enough to try the download."""
    stream = b"BT /F1 16 Tf 56 780 Td (" + _texte_pdf(titre) + b") Tj /F1 11 Tf"
    for ligne in lignes:
        stream += b" 0 -22 Td (" + _texte_pdf(ligne) + b") Tj"
    stream += b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    output = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(output)
    output += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    output += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    output += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return output


@transaction.atomic
def demo_ressources_create() -> int:
    """Create the demo resources once; 0 when they are already there."""
    if Ressource.objects.filter(is_demo=True).exists():
        return 0
    today = timezone.localdate()
    for index, demo in enumerate(DEMOS):
        slug = slugify(demo.titre)[:200]
        ressource = Ressource(
            titre=demo.titre,
            slug=slug,
            resume=demo.resume,
            contenu=_contenu(demo),
            categorie=demo.categorie,
            format=demo.format,
            maturite=demo.maturite,
            editeur_nom=demo.editeur,
            publiee=True,
            publiee_le=today - timedelta(days=11 * index + 3),
            is_demo=True,
        )
        if demo.format in (Format.LIEN, Format.VIDEO):
            ressource.lien = f"https://example.org/ressources/{slug}"
        if demo.format == Format.PDF:
            pdf = demo_pdf(demo.titre, [*demo.points, MENTION_DEMO])
            ressource.fichier.save(f"{slug}.pdf", ContentFile(pdf), save=False)
            ressource.fichier_type = PDF
        ressource_save(
            ressource=ressource,
            valeurs={
                "profil": list(demo.profils),
                "objectif": list(demo.objectifs),
                "typologie": list(demo.typologies),
            },
        )
        ressource.domaines.set(demo.domaines)
        ressource.odd.set([17])
    return len(DEMOS)
