"""Client of the « API Recherche d'entreprises » (recherche-entreprises.api.gouv.fr), the free and
open search of the Annuaire des entreprises (DINUM), built on Sirene, the RNE and other registers.

One route: `GET {ANNUAIRE_ENTREPRISES_URL}/search?q=…&page=1&per_page=…`, no key, at most
7 requests per second per address (a 429 beyond, which we treat as the service being down). `q`
takes a name, a SIREN or a SIRET; the answer is `{"results": [unité légale, …], "total_results",
"page", "per_page", "total_pages"}`. Of each unité légale we read `siren`, `nom_raison_sociale`
(`nom_complet` when empty, as for an individual entrepreneur), `activite_principale` (NAF),
`tranche_effectif_salarie`, `etat_administratif` (« A » active, « C » ceased), `siege` (`siret`,
`adresse`, `code_postal`, `commune`, `libelle_commune`) and `complements` (`est_ess`,
`est_association`, `collectivite_territoriale`: an object for a collectivité, null otherwise).

Identifiers are checked with organisations.identifiants before any request: a bad one raises
its ValidationError and costs nothing. An unknown organisation answers None (or []); a service
down, slow or answering garbage raises AnnuaireIndisponible (organisations.annuaires.base).
"""

from dataclasses import dataclass

from django.conf import settings

from organisations.annuaires.base import (
    AnnuaireIndisponible,
    commune_code,
    get_json,
    street_address,
    text,
)
from organisations.identifiants import clean_siren, clean_siret

SERVICE = "« API Recherche d'entreprises »"
# The API answers 400 below 3 characters, and 25 results per page at most.
MIN_QUERY_LENGTH = 3
MAX_PER_PAGE = 25


@dataclass(frozen=True)
class Entreprise:
    siren: str
    siret_siege: str
    nom: str
    adresse: str
    code_postal: str
    commune_code: str
    naf: str
    tranche_effectif: str
    active: bool
    ess: bool
    collectivite: bool
    association: bool


def entreprise_by_siren(siren: str) -> Entreprise | None:
    """The unité légale of this SIREN, or None when the directory does not know it."""
    number = clean_siren(siren)
    for entreprise in _search(number, per_page=1):
        if entreprise.siren == number:
            return entreprise
    return None


def entreprise_by_siret(siret: str) -> Entreprise | None:
    """The unité légale owning this SIRET (its siège's data, whichever établissement it is)."""
    number = clean_siret(siret)
    for entreprise in _search(number, per_page=1):
        if entreprise.siren == number[:9]:
            return entreprise
    return None


def entreprises_search(query: str, *, limit: int = 10) -> list[Entreprise]:
    """Unités légales matching a name (or an address), best first; [] for a query too short."""
    query = " ".join((query or "").split())
    if len(query) < MIN_QUERY_LENGTH:
        return []
    return _search(query, per_page=max(1, min(limit, MAX_PER_PAGE)))


def _search(query: str, *, per_page: int) -> list[Entreprise]:
    data = get_json(
        service=SERVICE,
        base_url=settings.ANNUAIRE_ENTREPRISES_URL,
        path="/search",
        params={"q": query, "page": "1", "per_page": str(per_page)},
    )
    results = data.get("results")
    if not isinstance(results, list):
        raise AnnuaireIndisponible(SERVICE)
    try:
        return [entreprise_from_result(result) for result in results]
    except (TypeError, AttributeError, KeyError) as error:
        raise AnnuaireIndisponible(SERVICE) from error


def entreprise_from_result(result: dict) -> Entreprise:
    """One unité légale of a /search answer; raises TypeError/KeyError when it has not the
    documented shape (the caller turns that into AnnuaireIndisponible)."""
    siren = result["siren"]
    if not isinstance(siren, str) or not siren:
        raise TypeError("siren manquant")
    siege = result.get("siege") or {}
    complements = result.get("complements") or {}
    code_postal = text(siege.get("code_postal"))
    return Entreprise(
        siren=siren,
        siret_siege=text(siege.get("siret")),
        nom=text(result.get("nom_raison_sociale")) or text(result.get("nom_complet")),
        adresse=street_address(
            siege.get("adresse"), code_postal, text(siege.get("libelle_commune"))
        ),
        code_postal=code_postal,
        commune_code=commune_code(siege.get("commune")),
        naf=text(result.get("activite_principale")),
        tranche_effectif=text(result.get("tranche_effectif_salarie")),
        active=result.get("etat_administratif") == "A",
        ess=complements.get("est_ess") is True,
        collectivite=bool(complements.get("collectivite_territoriale")),
        association=complements.get("est_association") is True,
    )
