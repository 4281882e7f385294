import random
import sys
import time
from datetime import date, timedelta
from itertools import accumulate

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from tqdm import tqdm

from alliances.models import Alliance, Participation
from alliances.services import alliances_refresh_search_vectors
from banc import donnees as bench
from comptes import demo as marques
from moderation.models import Statut
from nomenclatures.models import ODD, Domaine, Typologie
from organisations.identifiants import siren_with_key, siret_with_key
from organisations.models import Organisation
from organisations.services import organisations_refresh_search_vectors
from recherche.texte import search_text
from territoires.models import Commune, Departement, Region, normalize_search

BATCH = 20_000
SEARCH_BATCH = 50_000

# Kinds of organisation, in roughly the proportions the platform expects.
KINDS = [
    ("association", 45),
    ("entreprise", 35),
    ("collectivite", 8),
    ("etablissement_public", 5),
    ("fondation", 4),
    ("academique", 3),
]
TYPOLOGIES = [
    ("mecenat", 35),
    ("cooperation_economique", 25),
    ("pratiques_responsables", 20),
    ("innovation_societale", 20),
]
STATUTS = [
    (Statut.PUBLIEE, 95),
    (Statut.EN_ATTENTE, 2),
    (Statut.BROUILLON, 1.5),
    (Statut.DEPUBLIEE, 1),
    (Statut.A_CORRIGER, 0.5),
]
PORTEES = [("locale", 55), ("departementale", 25), ("regionale", 12), ("nationale", 8)]
TAILLES = [("TPE", 50), ("PME", 35), ("ETI", 10), ("GE", 5)]
DOMAINE_WEIGHTS = {
    "emploi-insertion": 14,
    "solidarite": 12,
    "environnement": 12,
    "education": 9,
    "alimentation": 8,
    "sante": 8,
    "numerique": 7,
    "jeunesse": 7,
    "culture": 5,
    "mobilite": 5,
    "logement": 5,
    "handicap": 4,
    "sport": 3,
    "autre": 1,
}
# A partner is most often found in the alliance's own département.
SAME_DEPARTEMENT = 0.7
FIRST_DAY = date(2015, 1, 1)
LAST_DAY = date(2026, 12, 31)

ALLIANCE_COLUMNS = (
    "id, titre, slug, description, typologie, modalite, etat, date_debut, date_fin, portee, "
    "resultats, personnes_touchees, emplois, budget, statut, recherche, is_demo, created_at, "
    "updated_at, commune_id, departement_id, region_id, latitude, longitude"
)
ORGANISATION_COLUMNS = (
    "id, kind, nom, slug, description, site_web, logo, email_contact, statut, siren, siret, "
    "rna, taille, recherche, nom_recherche, is_demo, created_at, updated_at, siege_id"
)


def _copy_text(value: str) -> str:
    """Escape a value for COPY's text format."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _weighted(pairs):
    values = [value for value, _ in pairs]
    return values, list(accumulate(weight for _, weight in pairs))


class Command(BaseCommand):
    help = (
        "Génère un jeu de données de banc d'essai à l'échelle nationale sur PostgreSQL : "
        "1,2 million d'alliances et 300 000 organisations à l'échelle 1 (marquées « [Banc "
        "d'essai] », slugs « bench- »), après avoir supprimé celles d'un banc précédent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=0.01,
            help="Part de l'échelle nationale (1 : 1,2 million d'alliances ; 0,01 par défaut).",
        )
        parser.add_argument("--seed", type=int, default=17, help="Graine du hasard.")

    def handle(self, *args, scale: float, seed: int, verbosity: int, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "Le banc d'essai ne tourne que sur PostgreSQL : donnez DATABASE_URL=postgres://…"
            )
        if scale <= 0:
            raise CommandError("--scale doit être positif (par exemple 0.01 ou 1).")
        self.verbose = verbosity >= 1
        self.show_progress = self.verbose and sys.stderr.isatty()
        self.rng = random.Random(seed)
        self.today = date.today()
        self._load_referentials()
        n_alliances = max(int(bench.ALLIANCES_AT_SCALE_1 * scale), 1)
        n_organisations = max(int(bench.ORGANISATIONS_AT_SCALE_1 * scale), 3)

        with connection.cursor() as cursor:
            # Only this session's commits may be lost on a crash, and they are regenerated.
            cursor.execute("SET synchronous_commit = off")
            cursor.execute("SET maintenance_work_mem = '256MB'")
            # Compiling the big UPDATE costs more than it saves.
            cursor.execute("SET jit = off")

        timings = {}
        started = time.monotonic()
        self._step(timings, "suppression du banc précédent", self._delete_previous)
        self._step(
            timings, "organisations (COPY)", lambda: self._create_organisations(n_organisations)
        )
        self._step(timings, "alliances (COPY)", lambda: self._create_alliances(n_alliances))
        # Statistics first: on tables just filled by COPY, PostgreSQL knows nothing of them yet
        # and plans the UPDATE's partner lookups as scans (a batch then runs for half an hour).
        self._step(timings, "ANALYZE", self._analyze)
        self._step(timings, "vecteurs de recherche (UPDATE)", self._refresh_search_vectors)
        self._step(timings, "VACUUM ANALYZE", self._vacuum)
        total = time.monotonic() - started
        if self.verbose:
            self.stdout.write(f"Banc d'essai généré à l'échelle {scale:g} (graine {seed}) :")
            for name, seconds in timings.items():
                self.stdout.write(f"  {name:<36} {seconds:8.1f} s")
            self.stdout.write(f"  {'total':<36} {total:8.1f} s")
            counts = [
                (Alliance.objects.count(), "alliances"),
                (Organisation.objects.count(), "organisations"),
                (Participation.objects.count(), "participations"),
            ]
            self.stdout.write(
                "  "
                + ", ".join(f"{bench.number(n)} {name}" for n, name in counts)
                + f" ; base de {bench.database_size()}"
            )

    def _step(self, timings: dict, name: str, function) -> None:
        if self.verbose:
            self.stdout.write(f"→ {name}…")
        started = time.monotonic()
        function()
        timings[name] = time.monotonic() - started

    def _progress(self, total: int, desc: str):
        return tqdm(total=total, desc=desc, unit=" lignes", disable=not self.show_progress)

    # Referentials

    def _load_referentials(self) -> None:
        communes = list(
            Commune.objects.actuelles()
            .filter(
                departement__isnull=False,
                latitude__isnull=False,
                longitude__isnull=False,
                population__gt=0,
            )
            .values_list(
                "id",
                "nom",
                "nom_recherche",
                "departement_id",
                "region_id",
                "latitude",
                "longitude",
                "population",
            )
            .order_by("id")
        )
        if not communes:
            raise CommandError(
                "Le référentiel territorial n'est pas chargé : lancez d'abord "
                "« manage.py load_territoires »."
            )
        self.domaines = list(Domaine.objects.values_list("code", flat=True))
        self.domaine_labels = dict(Domaine.objects.values_list("code", "nom"))
        self.odd = list(ODD.objects.values_list("numero", flat=True))
        if not self.domaines or 17 not in self.odd:
            raise CommandError(
                "Les domaines et les ODD manquent : lancez d'abord « manage.py migrate »."
            )
        self.communes = communes
        # Weighted by population: Paris gets about 3 % of everything, a hamlet almost nothing.
        self.commune_weights = list(accumulate(row[7] for row in communes))
        self.domaine_weights = list(
            accumulate(DOMAINE_WEIGHTS.get(code, 3) for code in self.domaines)
        )
        self.odd_others = [numero for numero in self.odd if numero != 17]

    def _pick_communes(self, k: int) -> list[tuple]:
        return self.rng.choices(self.communes, cum_weights=self.commune_weights, k=k)

    # Previous benchmark rows

    def _delete_previous(self) -> None:
        """Remove the rows of a previous run, and nothing else.

        A row belongs to the benchmark when its slug starts with `bench-`, it is a demo row
        and its title carries the benchmark prefix: a real alliance called « Bench… » stays.
        TRUNCATE is used only when the tables hold benchmark rows alone and the other tables
        that point to them are empty; otherwise rows are deleted by their marks.
        """
        alliance_mark = (
            "slug LIKE %s AND is_demo AND titre LIKE %s",
            [marques.SLUG_PREFIX + "%", marques.TITLE_PREFIX + "%"],
        )
        organisation_mark = (
            "slug LIKE %s AND is_demo AND nom LIKE %s",
            [marques.ORGANISATION_SLUG_PREFIX + "%", marques.TITLE_PREFIX + "%"],
        )
        tables = {
            Alliance._meta.db_table: alliance_mark,
            Organisation._meta.db_table: organisation_mark,
        }
        with transaction.atomic(), connection.cursor() as cursor:
            others = 0
            for table, (condition, params) in tables.items():
                cursor.execute(f"SELECT count(*) FROM {table} WHERE NOT ({condition})", params)
                others += cursor.fetchone()[0]
            referencing = {table: self._referencing(cursor, table) for table in tables}
            dependants = {name for pairs in referencing.values() for name, _ in pairs}
            dependants -= set(tables)
            if not others and self._truncate(cursor, [*tables, *sorted(dependants)]):
                return
            for table, (condition, params) in tables.items():
                ids = f"SELECT id FROM {table} WHERE {condition}"
                for other, column in referencing[table]:
                    cursor.execute(f"DELETE FROM {other} WHERE {column} IN ({ids})", params)
                cursor.execute(f"DELETE FROM {table} WHERE {condition}", params)

    @staticmethod
    def _referencing(cursor, table: str) -> list[tuple[str, str]]:
        """(table, column) of every foreign key that points to this table."""
        cursor.execute(
            """
            SELECT c.conrelid::regclass::text, a.attname
            FROM pg_constraint c
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            WHERE c.contype = 'f' AND c.confrelid = %s::regclass
            ORDER BY 1, 2
            """,
            [table],
        )
        return cursor.fetchall()

    @staticmethod
    def _truncate(cursor, tables: list[str]) -> bool:
        """TRUNCATE the benchmark's tables if what else points to them is empty."""
        owned = {
            Alliance._meta.db_table,
            Organisation._meta.db_table,
            Participation._meta.db_table,
            Alliance.domaines.through._meta.db_table,
            Alliance.odd.through._meta.db_table,
            Organisation.domaines.through._meta.db_table,
            Organisation.odd.through._meta.db_table,
        }
        for table in tables:
            if table in owned:
                continue
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table})")
            if cursor.fetchone()[0]:
                return False
        # Without CASCADE: if a table not listed points to these, PostgreSQL refuses and the
        # caller deletes row by row instead.
        try:
            with transaction.atomic():
                cursor.execute(f"TRUNCATE {', '.join(sorted(owned | set(tables)))}")
        except Exception:
            return False
        return True

    # Organisations

    def _next_id(self, model) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {model._meta.db_table}")
            return cursor.fetchone()[0]

    @staticmethod
    def _sync_sequence(model) -> None:
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )

    def _create_organisations(self, n: int) -> None:
        rng = self.rng
        kinds, kind_weights = _weighted(KINDS)
        statuts, statut_weights = _weighted(STATUTS)
        tailles, taille_weights = _weighted(TAILLES)
        labels = dict(Organisation.Kind.choices)
        first_id = self._next_id(Organisation)
        sieges = self._pick_communes(n)
        chosen_kinds = rng.choices(kinds, cum_weights=kind_weights, k=n)
        # The organisations of each département, to pick partners close to an alliance.
        self.organisations = []
        self.organisations_by_departement: dict[str, list[tuple]] = {}
        created = f"{self.today.isoformat()} 09:00:00+00"
        through_domaines = Organisation.domaines.through._meta.db_table
        through_odd = Organisation.odd.through._meta.db_table
        with self._progress(n, "Organisations") as progress:
            for start in range(0, n, BATCH):
                rows, domaines, odd = [], [], []
                for offset in range(start, min(start + BATCH, n)):
                    pk = first_id + offset
                    commune = sieges[offset]
                    kind = chosen_kinds[offset]
                    theme = rng.choice(bench.THEMES)
                    nom = marques.TITLE_PREFIX + rng.choice(bench.ORGANISATION_NAMES[kind]).format(
                        mot=rng.choice(bench.ORGANISATION_WORDS), ville=commune[1]
                    )
                    description = (
                        f"{labels[kind].capitalize()} basée à {commune[1]}, engagée pour {theme}."
                    )
                    # Identifiers in reserved ranges: SIREN 99xxxxxx + key, RNA W9xxxxxxxx.
                    siren = siren_with_key(f"99{offset:06d}") if kind != "association" else ""
                    siret = siret_with_key(siren, "0001") if kind == "entreprise" else ""
                    rna = f"W9{offset:08d}" if kind == "association" else ""
                    taille = (
                        rng.choices(tailles, cum_weights=taille_weights)[0]
                        if kind == "entreprise"
                        else ""
                    )
                    statut = rng.choices(statuts, cum_weights=statut_weights)[0]
                    picked = rng.sample(self.domaines, rng.randint(1, 2))
                    recherche = search_text(
                        nom, labels[kind], *(self.domaine_labels[c] for c in picked), description
                    )
                    rows.append(
                        "\t".join(
                            [
                                str(pk),
                                kind,
                                _copy_text(nom),
                                f"{marques.ORGANISATION_SLUG_PREFIX}{offset}",
                                _copy_text(description),
                                "",
                                "",
                                f"contact-{offset}@banc-essai.example.org",
                                statut,
                                siren,
                                siret,
                                rna,
                                taille,
                                _copy_text(recherche),
                                _copy_text(normalize_search(nom)),
                                "t",
                                created,
                                created,
                                str(commune[0]),
                            ]
                        )
                    )
                    for code in picked:
                        domaines.append(f"{pk}\t{code}")
                    for numero in rng.sample(self.odd, rng.randint(1, 2)):
                        odd.append(f"{pk}\t{numero}")
                    entry = (pk, normalize_search(nom), nom)
                    self.organisations.append(entry)
                    self.organisations_by_departement.setdefault(commune[3], []).append(entry)
                with transaction.atomic():
                    self._copy(Organisation._meta.db_table, ORGANISATION_COLUMNS, rows)
                    self._copy(through_domaines, "organisation_id, domaine_id", domaines)
                    self._copy(through_odd, "organisation_id, odd_id", odd)
                progress.update(len(rows))
        self._sync_sequence(Organisation)
        self.organisation_ids = (first_id, first_id + n - 1)

    @staticmethod
    def _copy(table: str, columns: str, rows: list[str]) -> None:
        if not rows:
            return
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            copy.write("\n".join(rows) + "\n")

    # Alliances

    def _create_alliances(self, n: int) -> None:
        rng = self.rng
        typologies, typologie_weights = _weighted(TYPOLOGIES)
        statuts, statut_weights = _weighted(STATUTS)
        portees, portee_weights = _weighted(PORTEES)
        # `recherche` is made by search_text, whose words are stemmed once each (cached): a
        # million descriptions reuse the same few hundred words.
        first_id = self._next_id(Alliance)
        span = (LAST_DAY - FIRST_DAY).days
        communes = self._pick_communes(n)
        chosen_typologies = rng.choices(typologies, cum_weights=typologie_weights, k=n)
        everyone = self.organisations
        by_departement = self.organisations_by_departement
        participation_table = Participation._meta.db_table
        domaines_table = Alliance.domaines.through._meta.db_table
        odd_table = Alliance.odd.through._meta.db_table
        with self._progress(n, "Alliances") as progress:
            for start in range(0, n, BATCH):
                rows, participations, domaines, odd = [], [], [], []
                for offset in range(start, min(start + BATCH, n)):
                    pk = first_id + offset
                    commune = communes[offset]
                    typologie = chosen_typologies[offset]
                    action = rng.choice(bench.ACTIONS[typologie])
                    theme = rng.choice(bench.THEMES)
                    public = rng.choice(bench.PUBLICS)

                    # Partners: a porteur and one or two others, mostly from the same area.
                    nearby = by_departement.get(commune[3]) or everyone
                    members = []
                    for _ in range(2 if rng.random() < 0.6 else 3):
                        pool = nearby if rng.random() < SAME_DEPARTEMENT else everyone
                        candidate = pool[int(rng.random() * len(pool))]
                        if candidate not in members:
                            members.append(candidate)
                    while len(members) < 2:
                        candidate = everyone[int(rng.random() * len(everyone))]
                        if candidate not in members:
                            members.append(candidate)
                    porteur = members[0]

                    titre = f"{marques.TITLE_PREFIX}{action} {theme} à {commune[1]}"
                    sentences = rng.sample(bench.SENTENCES, rng.randint(3, 5))
                    values = {"ville": commune[1], "porteur": porteur[2], "theme": theme}
                    values["public"] = public
                    first = " ".join(s.format(**values) for s in sentences[:2])
                    rest = " ".join(s.format(**values) for s in sentences[2:])
                    description = f"{first}\n\n{rest}"

                    debut = FIRST_DAY + timedelta(days=int(rng.random() * span))
                    fin = None
                    if debut > self.today:
                        etat = "en_projet"
                    elif rng.random() < 0.35:
                        etat = "terminee"
                        fin = min(debut + timedelta(days=rng.randint(60, 1500)), self.today)
                    else:
                        etat = "en_cours"
                        if rng.random() < 0.5:
                            fin = debut + timedelta(days=rng.randint(365, 2000))
                    created = min(debut, self.today) - timedelta(days=rng.randint(0, 90))
                    created_at = f"{created.isoformat()} 10:00:00+00"

                    confirmed = [porteur]
                    for position, member in enumerate(members):
                        if position == 0:
                            role, etat_participation = "porteur", "confirmee"
                        else:
                            role = "partenaire"
                            draw = rng.random()
                            etat_participation = (
                                "confirmee"
                                if draw < 0.85
                                else "en_attente"
                                if draw < 0.95
                                else "refusee"
                            )
                            if etat_participation == "confirmee":
                                confirmed.append(member)
                        participations.append(f"{pk}\t{member[0]}\t{role}\t\t{etat_participation}")

                    # Partners in the order of Participation.Meta.ordering: role, then name.
                    confirmed.sort(key=lambda member: (member is porteur, member[2]))
                    big = rng.random() < 0.5
                    row = [
                        str(pk),
                        _copy_text(titre),
                        f"{marques.SLUG_PREFIX}{offset}",
                        _copy_text(description),
                        typologie,
                        "contrat_alliance" if big else "contrat_echange",
                        etat,
                        debut.isoformat(),
                        fin.isoformat() if fin else "\\N",
                        rng.choices(portees, cum_weights=portee_weights)[0],
                        rng.choice(bench.RESULTATS),
                        str(rng.randint(10, 5000)) if big else "\\N",
                        str(rng.randint(1, 40)) if big else "\\N",
                        str(rng.randint(2, 500) * 1000) if big else "\\N",
                        rng.choices(statuts, cum_weights=statut_weights)[0],
                    ]
                    # Drawn after the row's values, as always: the same seed, the same rows.
                    codes = self._pick_domaines()
                    recherche = search_text(
                        titre,
                        Typologie(typologie).label,
                        *(self.domaine_labels[code] for code in codes),
                        *(member[2] for member in confirmed),
                        description,
                    )
                    row += [
                        _copy_text(recherche),
                        "t",
                        created_at,
                        created_at,
                        str(commune[0]),
                        commune[3],
                        commune[4] or "\\N",
                        repr(commune[5]),
                        repr(commune[6]),
                    ]
                    rows.append("\t".join(row))
                    for code in codes:
                        domaines.append(f"{pk}\t{code}")
                    for numero in self._pick_odd():
                        odd.append(f"{pk}\t{numero}")
                with transaction.atomic():
                    self._copy(Alliance._meta.db_table, ALLIANCE_COLUMNS, rows)
                    self._copy(
                        participation_table,
                        "alliance_id, organisation_id, role, contribution, etat",
                        participations,
                    )
                    self._copy(domaines_table, "alliance_id, domaine_id", domaines)
                    self._copy(odd_table, "alliance_id, odd_id", odd)
                progress.update(len(rows))
        self._sync_sequence(Alliance)
        self.alliance_ids = (first_id, first_id + n - 1)

    def _pick_domaines(self) -> set[str]:
        k = self.rng.randint(1, 3)
        return set(self.rng.choices(self.domaines, cum_weights=self.domaine_weights, k=k))

    def _pick_odd(self) -> set[int]:
        """One to three ODD; the 17th (partnerships) half the time, as on the platform."""
        k = self.rng.randint(1, 3)
        if self.rng.random() < 0.5:
            return {17, *self.rng.sample(self.odd_others, k - 1)}
        return set(self.rng.sample(self.odd_others, k))

    # Search vectors and statistics

    def _refresh_search_vectors(self) -> None:
        """The vectors only: COPY wrote `recherche` and `nom_recherche`."""
        for (first, last), refresh, label in (
            (self.organisation_ids, organisations_refresh_search_vectors, "organisations"),
            (self.alliance_ids, alliances_refresh_search_vectors, "alliances"),
        ):
            with self._progress(last - first + 1, f"Vecteurs de recherche ({label})") as progress:
                for low in range(first, last + 1, SEARCH_BATCH):
                    high = min(low + SEARCH_BATCH - 1, last)
                    with transaction.atomic():
                        # A list of ids, not a subquery: PostgreSQL then reads them by index
                        # instead of scanning the whole table for each batch.
                        refresh(list(range(low, high + 1)))
                    progress.update(high - low + 1)

    @classmethod
    def _analyze(cls) -> None:
        with connection.cursor() as cursor:
            for table in cls._tables():
                cursor.execute(f"ANALYZE {table}")

    @classmethod
    def _vacuum(cls) -> None:
        with connection.cursor() as cursor:
            for table in cls._tables():
                cursor.execute(f"VACUUM ANALYZE {table}")

    @staticmethod
    def _tables() -> list[str]:
        return [
            Organisation._meta.db_table,
            Organisation.domaines.through._meta.db_table,
            Organisation.odd.through._meta.db_table,
            Alliance._meta.db_table,
            Participation._meta.db_table,
            Alliance.domaines.through._meta.db_table,
            Alliance.odd.through._meta.db_table,
            # The referential too: a fresh database has never analysed it, and the pages
            # that join communes to their département plan badly without statistics.
            Commune._meta.db_table,
            Departement._meta.db_table,
            Region._meta.db_table,
        ]
