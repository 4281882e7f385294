"""Outages of the directories (the replay server's failing routes) and the cache."""

import socket

import pytest

from organisations.annuaires.associations import association_by_rna
from organisations.annuaires.base import AnnuaireIndisponible
from organisations.annuaires.entreprises import entreprise_by_siren, entreprises_search

MESSAGE_ENTREPRISES = (
    "Le service « API Recherche d'entreprises » ne répond pas pour l'instant : vous pouvez "
    "continuer, l'organisation sera marquée à vérifier."
)


def _indisponible(lookup, *args) -> AnnuaireIndisponible:
    with pytest.raises(AnnuaireIndisponible) as erreur:
        lookup(*args)
    return erreur.value


def test_une_erreur_500_est_reessayee_deux_fois_puis_annoncee_en_francais(annuaires, settings):
    settings.ANNUAIRE_ENTREPRISES_URL = f"{annuaires.url}/panne-500"
    erreur = _indisponible(entreprise_by_siren, "356000000")
    assert str(erreur) == erreur.message == MESSAGE_ENTREPRISES
    assert annuaires.requests == ["/panne-500/search?q=356000000&page=1&per_page=1"] * 3


def test_un_service_trop_lent_est_abandonne_au_bout_du_delai_sans_nouvel_essai(annuaires, settings):
    settings.ANNUAIRE_ENTREPRISES_URL = f"{annuaires.url}/lent"
    assert str(_indisponible(entreprise_by_siren, "356000000")) == MESSAGE_ENTREPRISES
    assert len(annuaires.requests) == 1


@pytest.mark.parametrize("route", ["/illisible", "/inattendu"])
def test_une_reponse_illisible_est_une_panne_sans_nouvel_essai(annuaires, settings, route):
    settings.ANNUAIRE_ENTREPRISES_URL = f"{annuaires.url}{route}"
    assert str(_indisponible(entreprises_search, "la poste")) == MESSAGE_ENTREPRISES
    assert len(annuaires.requests) == 1


def test_la_panne_de_l_annuaire_des_associations_dit_son_nom(annuaires, settings):
    settings.ANNUAIRE_ASSOCIATIONS_URL = f"{annuaires.url}/panne-500"
    erreur = _indisponible(association_by_rna, "W301000624")
    assert erreur.message == (
        "Le service « annuaire des associations » ne répond pas pour l'instant : vous pouvez "
        "continuer, l'organisation sera marquée à vérifier."
    )
    assert len(annuaires.requests) == 3


def test_un_service_injoignable_est_une_panne(annuaires, settings):
    with socket.socket() as sock:  # a port nobody listens on once closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.ANNUAIRE_ENTREPRISES_URL = f"http://127.0.0.1:{port}"
    assert str(_indisponible(entreprise_by_siren, "356000000")) == MESSAGE_ENTREPRISES


def test_une_seconde_recherche_identique_vient_du_cache(annuaires):
    premiere = entreprise_by_siren("356000000")
    assert entreprise_by_siren("356 000 000") == premiere
    assert association_by_rna("W301000624") is not None
    assert association_by_rna("W301000624") is not None
    assert len(annuaires.requests) == 2


def test_une_reponse_vide_est_gardee_aussi(annuaires):
    assert entreprise_by_siren("732829320") is None
    assert entreprise_by_siren("732829320") is None
    assert len(annuaires.requests) == 1


def test_une_panne_n_est_pas_gardee_en_cache(annuaires, settings):
    settings.ANNUAIRE_ENTREPRISES_URL = f"{annuaires.url}/illisible"
    _indisponible(entreprise_by_siren, "356000000")
    settings.ANNUAIRE_ENTREPRISES_URL = annuaires.url
    assert entreprise_by_siren("356000000").nom == "LA POSTE"


def test_un_cache_redis_en_panne_n_empeche_pas_la_recherche(annuaires, settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Django's own Redis backend, without the project's fallback: every call raises.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    assert entreprise_by_siren("356000000").nom == "LA POSTE"
    assert entreprise_by_siren("356000000").nom == "LA POSTE"
    assert len(annuaires.requests) == 2
