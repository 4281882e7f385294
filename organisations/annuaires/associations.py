"""Client for associations, by RNA or SIREN: name, object, seat.

Which service. The historical open « API RNA » (entreprise.data.gouv.fr/api/rna/v1/id/<RNA>)
was decommissioned in 2023 and answers 410. Its successor, the « API Association » of the
DJEPVA (data.gouv.fr « API Associations (RNA) », run by Le Compte Asso), documents access for
administrations through API Entreprise, with a token; we found no public endpoint by RNA that
is documented as stable and open. So this client reads the association fields of the « API
Recherche d'entreprises » (see organisations.annuaires.entreprises): its /search matches `q`
against the SIREN and against the RNA (`identifiant_association` of Sirene), and its
`complements` say `est_association` and give `identifiant_association`.

What follows from that choice:
- only associations registered in Sirene (with a SIREN) are found; one that has an RNA only
  answers None, and registration goes on with the organisation marked « à vérifier »;
- `objet` stays "": the Recherche d'entreprises API does not carry the RNA's object, so the
  person types it;
- the setting ANNUAIRE_ASSOCIATIONS_URL is separate from ANNUAIRE_ENTREPRISES_URL, so that a
  client of an RNA service can replace this one without touching the companies' lookups.
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
from organisations.identifiants import clean_rna, clean_siren

SERVICE = "« annuaire des associations »"


@dataclass(frozen=True)
class Association:
    rna: str
    siren: str
    nom: str
    objet: str
    adresse: str
    code_postal: str
    commune_code: str


def association_by_rna(rna: str) -> Association | None:
    """The association with this RNA number, or None when no association in Sirene has it."""
    number = clean_rna(rna)
    for association in _search(number):
        if association.rna == number:
            return association
    return None


def association_by_siren(siren: str) -> Association | None:
    """The association with this SIREN, or None (unknown, or a SIREN that is no association)."""
    number = clean_siren(siren)
    for association in _search(number):
        if association.siren == number:
            return association
    return None


def _search(query: str) -> list[Association]:
    data = get_json(
        service=SERVICE,
        base_url=settings.ANNUAIRE_ASSOCIATIONS_URL,
        path="/search",
        params={"q": query, "page": "1", "per_page": "5"},
    )
    results = data.get("results")
    if not isinstance(results, list):
        raise AnnuaireIndisponible(SERVICE)
    try:
        return [a for a in (_association(result) for result in results) if a is not None]
    except (TypeError, AttributeError, KeyError) as error:
        raise AnnuaireIndisponible(SERVICE) from error


def _association(result: dict) -> Association | None:
    siren = result["siren"]
    if not isinstance(siren, str) or not siren:
        raise TypeError("siren manquant")
    complements = result.get("complements") or {}
    if complements.get("est_association") is not True:
        return None
    siege = result.get("siege") or {}
    code_postal = text(siege.get("code_postal"))
    return Association(
        rna=text(complements.get("identifiant_association")).upper(),
        siren=siren,
        nom=text(result.get("nom_raison_sociale")) or text(result.get("nom_complet")),
        objet="",
        adresse=street_address(
            siege.get("adresse"), code_postal, text(siege.get("libelle_commune"))
        ),
        code_postal=code_postal,
        commune_code=commune_code(siege.get("commune")),
    )
