"""The « partenaires suggérés » score (offres/matching.py) on hand-built cases."""

import pytest
from django.utils import timezone

from offres import matching
from offres.matching import Profil, Refus, score
from offres.models import MiseEnRelation
from tests.factories import (
    CommuneFactory,
    MiseEnRelationFactory,
    OffreFactory,
    OrganisationFactory,
)

LYON = (45.7640, 4.8357)
# About 15 km north of Lyon, and about 80 km.
VOISINE = (45.7640 + 0.1349, 4.8357)
LOINTAINE = (45.7640 + 0.72, 4.8357)


def _profil(sens="recherche", **fields) -> Profil:
    defaults = {
        "sens": sens,
        "typologie": "mecenat",
        "ressources": frozenset({"mecenat_competences"}),
        "domaines": frozenset({"emploi"}),
        "odd": frozenset({8}),
        "latitude": LYON[0],
        "longitude": LYON[1],
        "rayon_km": 100,
        "national": False,
        "organisation_id": 1,
        "organisation_kind": "association",
    }
    defaults.update(fields)
    return Profil(**defaults)


def _entreprise(**fields) -> Profil:
    defaults = {"organisation_id": 2, "organisation_kind": "entreprise"}
    defaults.update(fields)
    return _profil("propose", **defaults)


# Pure score


def test_un_complement_parfait_sur_place_vaut_100():
    total, details = score(_profil(), _entreprise())
    assert total == 100
    assert details["ressources"] == 35
    assert details["typologie"] == 15
    assert details["domaines"] == 20
    assert details["odd"] == 10
    assert details["proximite"] == 20


def test_une_offre_de_meme_sens_n_est_pas_un_complement():
    assert score(_profil(), _profil(organisation_id=2))[0] == 0
    assert score(_entreprise(), _entreprise(organisation_id=3))[0] == 0


def test_sans_ressource_commune_pas_de_complement():
    assert score(_profil(), _entreprise(ressources=frozenset({"locaux"})))[0] == 0


def test_sa_propre_organisation_n_est_jamais_suggeree():
    assert score(_profil(), _entreprise(organisation_id=1))[0] == 0


def test_un_partenaire_lointain_passe_apres_un_proche():
    proche, _ = score(_profil(), _entreprise(latitude=VOISINE[0], longitude=VOISINE[1]))
    lointain, _ = score(_profil(), _entreprise(latitude=LOINTAINE[0], longitude=LOINTAINE[1]))
    assert 0 < lointain < proche < 100
    # 15 km: 20 / (1 + 15/50) = 15.4 points of proximity; 80 km: 20 / (1 + 80/50) = 7.7.
    assert proche == 95
    assert lointain == 88


def test_un_partenaire_national_lointain_passe_apres_un_partenaire_local_proche():
    # The review's case: a national partner 900 km away against a local one 80 km away.
    reference = _profil(rayon_km=100)
    local = _entreprise(latitude=LOINTAINE[0], longitude=LOINTAINE[1])
    national = _entreprise(latitude=LYON[0] - 8.1, longitude=LYON[1], national=True)
    score_local, details_local = score(reference, local)
    score_national, details_national = score(reference, national)
    assert round(details_local["distance"]) == 80
    assert round(details_national["distance"]) == 901
    assert score_national < score_local
    # Alike but for the distance, national or not does not change the proximity.
    national_proche, _ = score(
        reference, _entreprise(latitude=LOINTAINE[0], longitude=LOINTAINE[1], national=True)
    )
    assert national_proche == score_local


def test_hors_de_portee_pas_de_complement():
    loin = _entreprise(latitude=43.3, longitude=5.4)  # near Marseille, 278 km
    assert score(_profil(), loin)[0] == 0
    # A national offre reaches it anyway, with the proximity of its distance:
    # 20 / (1 + 278 / 50) = 3.0.
    national, details = score(_profil(), _entreprise(latitude=43.3, longitude=5.4, national=True))
    assert round(details["distance"]) == 278
    assert national == 83
    tout_pres, _ = score(_profil(), _entreprise(national=True))
    assert tout_pres == 100


def test_chaque_critere_partiel_compte_au_prorata():
    reference = _profil(
        ressources=frozenset({"mecenat_competences", "financement"}),
        domaines=frozenset({"emploi", "sante"}),
    )
    total, details = score(
        reference, _entreprise(typologie="innovation_societale", odd=frozenset())
    )
    assert details["ressources"] == 17.5
    assert details["typologie"] == 0
    assert details["domaines"] == 10
    assert details["odd"] == 0
    assert total == round(17.5 + 10 + 20)


def test_un_refus_semblable_abaisse_la_suggestion():
    refus = [
        Refus(kind="entreprise", typologie="mecenat", motif="pas_le_bon_moment", distance_km=5)
    ]
    assert score(_profil(), _entreprise(), refus)[0] == 85
    # A decline for another kind of partner changes nothing.
    autre = [Refus(kind="collectivite", typologie="mecenat", motif="pas_pertinent", distance_km=5)]
    assert score(_profil(), _entreprise(), autre)[0] == 100


@pytest.mark.parametrize("motif", ["deja_pourvue", "autre"])
def test_un_refus_qui_ne_dit_rien_du_partenaire_ne_compte_pas(motif):
    refus = [Refus(kind="entreprise", typologie="mecenat", motif=motif, distance_km=5)]
    assert score(_profil(), _entreprise(), refus)[0] == 100
    assert matching.penalite(_entreprise(), 0.0, refus) == 0


def test_un_refus_hors_territoire_abaisse_les_partenaires_aussi_lointains():
    refus = [Refus(kind="fondation", typologie="x", motif="hors_territoire", distance_km=50)]
    proche = _entreprise(latitude=VOISINE[0], longitude=VOISINE[1])
    lointain = _entreprise(latitude=LOINTAINE[0], longitude=LOINTAINE[1])
    assert score(_profil(), proche, refus)[0] == 95
    assert score(_profil(), lointain, refus)[0] == 88 - 15


# Suggestions read from the database


@pytest.mark.django_db
def test_les_suggestions_classent_le_complement_parfait_en_premier_et_expliquent_pourquoi():
    lyon = CommuneFactory(nom="Lyon d'essai", latitude=LYON[0], longitude=LYON[1])
    voisine = CommuneFactory(latitude=VOISINE[0], longitude=VOISINE[1])
    besoin = OffreFactory(
        titre="Des développeurs pour notre épicerie",
        commune=lyon,
        rayon_km=100,
        organisation=OrganisationFactory(nom="Épicerie solidaire"),
    )
    besoin.domaines.set(["emploi-insertion"])
    parfait = OffreFactory(
        propose=True,
        titre="Mécénat de compétences informatique",
        commune=lyon,
        organisation=OrganisationFactory(entreprise=True, nom="Numérique SA"),
    )
    parfait.domaines.set(["emploi-insertion"])
    partiel = OffreFactory(
        propose=True,
        titre="Compétences et financement, un peu plus loin",
        commune=voisine,
        typologie="innovation_societale",
        ressources=",financement,mecenat_competences,",
        organisation=OrganisationFactory(entreprise=True),
    )
    OffreFactory(titre="Même sens", commune=lyon)  # recherche too: not a complement
    OffreFactory(propose=True, titre="En attente", commune=lyon, en_attente=True)
    OffreFactory(propose=True, titre="Autre ressource", commune=lyon, ressources=",locaux,")

    suggestions = matching.suggestions_for(besoin)
    assert [s.offre.titre for s in suggestions] == [parfait.titre, partiel.titre]
    premier = suggestions[0]
    assert premier.score == 100 - 10  # no ODD named on either side
    assert premier.raisons == [
        "Numérique SA propose : mécénat de compétences",
        "même typologie d'alliance (mécénat)",
        "domaines en commun : Emploi et insertion",
        "à 0 km, dans le rayon d'action",
    ]
    assert partiel.pk


@pytest.mark.django_db
def test_les_refus_de_l_organisation_abaissent_les_suggestions_semblables():
    lyon = CommuneFactory(latitude=LYON[0], longitude=LYON[1])
    besoin = OffreFactory(commune=lyon, rayon_km=100)
    entreprise = OffreFactory(
        propose=True, commune=lyon, organisation=OrganisationFactory(entreprise=True)
    )
    fondation = OffreFactory(
        propose=True,
        commune=lyon,
        organisation=OrganisationFactory(kind="fondation", nom="Fondation d'essai"),
    )
    avant = {s.offre.pk: s.score for s in matching.suggestions_for(besoin, for_owner=True)}
    assert avant[entreprise.pk] == avant[fondation.pk]
    # The association declined another company's mécénat request.
    MiseEnRelationFactory(
        offre=besoin,
        emettrice=OrganisationFactory(entreprise=True, siege=lyon),
        etat=MiseEnRelation.Etat.DECLINEE,
        motif=MiseEnRelation.Motif.PAS_PERTINENT,
        answered_at=timezone.now(),
    )
    apres = matching.suggestions_for(besoin, for_owner=True)
    assert [s.offre.pk for s in apres] == [fondation.pk, entreprise.pk]
    assert apres[1].score == avant[entreprise.pk] - 15
    assert "ressemble à des demandes que vous avez déclinées" in apres[1].raisons[-1]
    # Anyone else sees the plain score, without a word about the declines.
    public = matching.suggestions_for(besoin)
    assert {s.offre.pk: s.score for s in public} == avant
    assert not any("déclinées" in raison for s in public for raison in s.raisons)


# Organisations without an offre


def test_une_organisation_proche_du_meme_domaine_complete_une_offre():
    reference = _profil(domaines=frozenset({"emploi", "sante"}), odd=frozenset({8}))
    proche = _entreprise(
        latitude=VOISINE[0], longitude=VOISINE[1], odd=frozenset(), domaines=frozenset({"emploi"})
    )
    total, details = matching.score_organisation(reference, proche)
    # domaines 50 × 1/2, no ODD, proximity 30 / (1 + 15 / 50).
    assert round(details["distance"]) == 15
    assert total == round(25 + 0 + 30 / (1 + details["distance"] / 50))
    assert matching.score_organisation(reference, _entreprise(domaines=frozenset()))[0] == 0
    loin = _entreprise(latitude=43.3, longitude=5.4)
    assert matching.score_organisation(reference, loin)[0] == 0


def test_les_types_complementaires():
    assert matching.complementary_kinds("propose", frozenset({"materiel"})) == ["association"]
    assert matching.complementary_kinds("recherche", frozenset({"expertise"})) == [
        "entreprise",
        "fondation",
    ]
    assert "collectivite" in matching.complementary_kinds("recherche", frozenset({"locaux"}))


@pytest.mark.django_db
def test_les_organisations_suggerees_n_ont_pas_d_offre_ouverte(client):
    lyon = CommuneFactory(latitude=LYON[0], longitude=LYON[1])
    besoin = OffreFactory(commune=lyon, rayon_km=50)
    besoin.domaines.set(["sante"])
    sans_offre = OrganisationFactory(entreprise=True, nom="Pharmacie d'essai", siege=lyon)
    sans_offre.domaines.set(["sante"])
    avec_offre = OrganisationFactory(entreprise=True, siege=lyon)
    avec_offre.domaines.set(["sante"])
    OffreFactory(propose=True, organisation=avec_offre, commune=lyon)
    OrganisationFactory(siege=lyon).domaines.set(["sante"])  # an association: not complementary
    autre_domaine = OrganisationFactory(entreprise=True, siege=lyon)
    autre_domaine.domaines.set(["sport"])
    suggestions = matching.organisation_suggestions_for(besoin)
    assert [s.organisation for s in suggestions] == [sans_offre]
    html = client.get(besoin.get_absolute_url()).content.decode()
    assert "Des organisations à qui en parler" in html
    assert "Pharmacie d&#x27;essai</a> (80 / 100) — pourquoi cette suggestion : entreprise" in html


@pytest.mark.django_db
def test_un_partenaire_n_est_suggere_qu_une_fois_et_un_complement_faible_jamais():
    lyon = CommuneFactory(latitude=LYON[0], longitude=LYON[1])
    loin = CommuneFactory(latitude=LYON[0] + 4.5, longitude=LYON[1])  # about 500 km north
    besoin = OffreFactory(
        commune=lyon, rayon_km=100, ressources=",financement,mecenat_competences,"
    )
    besoin.domaines.set(["emploi-insertion"])
    # One company, four offres with one title: suggested once, with its best offre.
    entreprise = OrganisationFactory(entreprise=True, nom="Une seule entreprise")
    meilleure = OffreFactory(
        propose=True,
        titre="Mécénat",
        commune=lyon,
        organisation=entreprise,
        ressources=",financement,mecenat_competences,",
    )
    for _ in range(3):
        OffreFactory(
            propose=True, titre="Mécénat", commune=loin, national=True, organisation=entreprise
        )
    # Half the ressources, another typologie, 500 km away (national): 19/100, not worth showing.
    faible = OffreFactory(
        propose=True,
        titre="Loin et partiel",
        commune=loin,
        national=True,
        typologie="innovation_societale",
        organisation=OrganisationFactory(entreprise=True),
    )

    suggestions = matching.suggestions_for(besoin)

    assert [s.offre for s in suggestions] == [meilleure]
    total, _ = score(matching.profil(besoin), matching.profil(faible))
    assert 0 < total < matching.SCORE_UTILE
