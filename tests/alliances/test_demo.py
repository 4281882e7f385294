from collections import Counter
from datetime import date

import pytest

from alliances.demo import _formes, _profil, demo_alliances_create
from alliances.demo_scenarios import DERNIER_RECOURS, MENTION_DEMO_ALLIANCE, SCENARIOS
from alliances.models import Alliance, Participation
from comptes.services import demo_accounts_create
from moderation.models import Catalyseur, Statut
from nomenclatures.models import Domaine, Typologie
from organisations.demo import (
    MENTION_DEMO,
    MENTION_DEMO_COLLECTIVITE,
    MODELES,
    PROFILS,
    demo_catalyseur_create,
    demo_membres_create,
    demo_organisations_create,
)
from organisations.identifiants import clean_rna, clean_siren, clean_siret
from organisations.models import Membre, Organisation
from recherche.texte import lexemes
from territoires.models import Commune

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referentiel")]


@pytest.fixture
def demo() -> list[Organisation]:
    assert demo_organisations_create() == 300
    return list(
        Organisation.objects.filter(is_demo=True)
        .select_related("siege", "territoire_commune", "territoire_epci")
        .prefetch_related("domaines", "odd")
    )


def test_cree_300_organisations_marquees_demo_de_tous_les_types(demo):
    assert len(demo) == Organisation.objects.count() == 300
    assert all(o.is_demo for o in demo)
    kinds = Counter(o.kind for o in demo)
    assert set(kinds) == set(Organisation.Kind.values)
    assert kinds[Organisation.Kind.ASSOCIATION] == 135
    assert kinds[Organisation.Kind.ENTREPRISE] == 90
    assert kinds[Organisation.Kind.COLLECTIVITE] == 30


def test_les_identifiants_sont_valides_et_uniques(demo):
    for organisation in demo:
        if organisation.siren:
            assert clean_siren(organisation.siren) == organisation.siren
        if organisation.rna:
            assert clean_rna(organisation.rna) == organisation.rna
        if organisation.siret:
            assert clean_siret(organisation.siret).startswith(organisation.siren)
        if organisation.kind == Organisation.Kind.ASSOCIATION:
            assert organisation.rna
        if organisation.kind == Organisation.Kind.ENTREPRISE:
            assert organisation.siren and organisation.taille
        else:
            assert not organisation.taille
    sirens = [o.siren for o in demo if o.siren]
    rnas = [o.rna for o in demo if o.rna]
    assert len(set(sirens)) == len(sirens)
    assert len(set(rnas)) == len(rnas)
    assert len({o.slug for o in demo}) == 300


def test_les_organisations_couvrent_au_moins_dix_regions(demo):
    assert len({o.siege.region_id for o in demo}) >= 10


def test_les_collectivites_portent_le_siren_de_leur_commune_ou_epci(demo):
    collectivites = [o for o in demo if o.kind == Organisation.Kind.COLLECTIVITE]
    assert collectivites
    for organisation in collectivites:
        territoire = organisation.territoire_commune or organisation.territoire_epci
        assert territoire is not None, organisation.nom
        assert organisation.siren == territoire.siren
        if organisation.territoire_commune:
            assert organisation.siege == organisation.territoire_commune
        else:
            assert organisation.nom == organisation.territoire_epci.nom
            assert organisation.siege.epci_id == organisation.territoire_epci.siren


def test_statuts_domaines_et_odd(demo):
    publiees = sum(o.statut == Statut.PUBLIEE for o in demo)
    assert publiees == 270
    assert {o.statut for o in demo} == {Statut.PUBLIEE, Statut.EN_ATTENTE}
    assert all(1 <= len(o.domaines.all()) <= 3 for o in demo)
    assert all(1 <= len(o.odd.all()) <= 3 for o in demo)
    avec_odd_17 = sum(17 in {odd.numero for odd in o.odd.all()} for o in demo)
    assert 100 <= avec_odd_17 <= 200


def test_un_second_appel_ne_cree_rien(demo):
    assert demo_organisations_create() == 0
    assert Organisation.objects.count() == 300


def test_la_generation_est_deterministe(demo):
    noms = sorted(o.nom for o in demo)
    Organisation.objects.filter(is_demo=True).delete()
    assert demo_organisations_create() == 300
    assert sorted(Organisation.objects.values_list("nom", flat=True)) == noms


def test_la_generation_tient_en_quelques_requetes(django_assert_max_num_queries):
    # the organisations, their domaines and ODD, then their search texts (issue 15)
    with django_assert_max_num_queries(30):
        assert demo_organisations_create() == 300


def test_les_identifiants_deja_enregistres_ne_sont_pas_repris(demo):
    association = next(o for o in demo if o.rna and o.siren)
    collectivite = next(o for o in demo if o.territoire_commune_id)
    Organisation.objects.filter(is_demo=True).delete()
    siege = Commune.objects.get(code_insee="69123")
    Organisation.objects.create(
        kind=Organisation.Kind.ASSOCIATION,
        nom="Association déjà inscrite",
        slug="association-deja-inscrite",
        siege=siege,
        email_contact="contact@inscrite.exemple.fr",
        rna=association.rna,
        siren=association.siren,
    )
    Organisation.objects.create(
        kind=Organisation.Kind.COLLECTIVITE,
        nom=collectivite.nom,
        slug="collectivite-deja-inscrite",
        siege=collectivite.siege,
        email_contact="mairie@inscrite.exemple.fr",
        siren=collectivite.siren,
        territoire_commune=collectivite.territoire_commune,
    )

    assert demo_organisations_create() == 300

    nouvelles = Organisation.objects.filter(is_demo=True)
    assert not nouvelles.filter(rna=association.rna).exists()
    assert not nouvelles.filter(siren__in=[association.siren, collectivite.siren]).exists()


def test_un_slug_deja_pris_recoit_un_suffixe(demo):
    premiere = demo[0]
    Organisation.objects.filter(is_demo=True).delete()
    Organisation.objects.create(
        kind=Organisation.Kind.ASSOCIATION,
        nom=premiere.nom,
        slug=premiere.slug,
        siege=premiere.siege,
        email_contact="contact@inscrite.exemple.fr",
        rna="W000000001",
    )

    assert demo_organisations_create() == 300

    homonyme = Organisation.objects.get(is_demo=True, nom=premiere.nom)
    assert homonyme.slug == f"{premiere.slug}-2"


def test_le_compte_citoyen_administre_une_association_et_rejoint_une_entreprise(demo):
    demo_accounts_create()

    membres = demo_membres_create()
    demo_membres_create()

    assert [(m.organisation.kind, m.role) for m in membres] == [
        (Organisation.Kind.ASSOCIATION, Membre.Role.ADMIN),
        (Organisation.Kind.ENTREPRISE, Membre.Role.MEMBRE),
    ]
    assert all(m.user.email == "citoyenne.demo@exemple.fr" for m in membres)
    assert membres[0].organisation.statut == Statut.PUBLIEE
    assert Membre.objects.count() == 2


def test_le_compte_catalyseur_modere_la_region_la_plus_fournie(demo):
    demo_accounts_create()

    catalyseur = demo_catalyseur_create()

    assert catalyseur.user.email == "catalyseur.demo@exemple.fr"
    assert catalyseur.niveau == Catalyseur.Niveau.REGION
    assert catalyseur.organisation.siege.region_id == catalyseur.region.code
    assert demo_catalyseur_create() == catalyseur
    assert Catalyseur.objects.count() == 1


def test_sans_compte_de_demo_personne_ne_devient_membre(demo):
    assert demo_membres_create() == []


def test_chaque_description_dit_qu_elle_est_fictive(demo):
    for organisation in demo:
        if organisation.kind == Organisation.Kind.COLLECTIVITE:
            assert organisation.description.endswith(" " + MENTION_DEMO_COLLECTIVITE)
        else:
            assert organisation.description.endswith(" " + MENTION_DEMO)
        # Three or four sentences: the mention is one of them.
        assert 3 <= organisation.description.count(". ") + 1 <= 4, organisation.description


# Demo alliances -------------------------------------------------------------------------------

Typologie = Typologie


@pytest.fixture
def alliances(demo) -> list[Alliance]:
    assert demo_alliances_create() == 400
    return list(
        Alliance.objects.filter(is_demo=True)
        .select_related("commune")
        .prefetch_related("participations__organisation__siege", "domaines", "odd")
    )


def _porteur(alliance: Alliance) -> Participation:
    return next(p for p in alliance.participations.all() if p.role == Participation.Role.PORTEUR)


def test_cree_400_alliances_de_toutes_les_typologies_apres_les_organisations(alliances):
    assert len(alliances) == Alliance.objects.count() == 400
    assert all(a.is_demo for a in alliances)
    assert Counter(a.typologie for a in alliances) == {
        Typologie.MECENAT: 140,
        Typologie.COOPERATION_ECONOMIQUE: 100,
        Typologie.PRATIQUES_RESPONSABLES: 80,
        Typologie.INNOVATION_SOCIETALE: 80,
    }
    assert Counter(a.etat for a in alliances) == {
        Alliance.Etat.EN_COURS: 240,
        Alliance.Etat.TERMINEE: 100,
        Alliance.Etat.EN_PROJET: 60,
    }
    assert Counter(a.statut for a in alliances) == {Statut.PUBLIEE: 368, Statut.EN_ATTENTE: 32}
    assert Counter(a.portee for a in alliances).most_common(1)[0][0] == Alliance.Portee.LOCALE


def test_la_modalite_suit_la_typologie(alliances):
    echange = Counter(
        a.typologie for a in alliances if a.modalite == Alliance.Modalite.CONTRAT_ECHANGE
    )
    par_typologie = Counter(a.typologie for a in alliances)
    for typologie in (Typologie.MECENAT, Typologie.PRATIQUES_RESPONSABLES):
        assert echange[typologie] > par_typologie[typologie] / 2
    for typologie in (Typologie.INNOVATION_SOCIETALE, Typologie.COOPERATION_ECONOMIQUE):
        assert echange[typologie] < par_typologie[typologie] / 2


def test_chaque_alliance_a_un_porteur_et_des_partenaires_publies(alliances):
    participations = []
    for alliance in alliances:
        parts = list(alliance.participations.all())
        participations += parts
        assert 2 <= len(parts) <= 4, alliance.titre
        assert Counter(p.role for p in parts)[Participation.Role.PORTEUR] == 1
        assert _porteur(alliance).etat == Participation.Etat.CONFIRMEE
        for participation in parts:
            assert participation.organisation.is_demo
            assert participation.organisation.statut == Statut.PUBLIEE
            assert participation.contribution.endswith(".")
            assert participation.contribution.count(". ") == 0, participation.contribution
    etats = Counter(p.etat for p in participations)
    assert set(etats) == {Participation.Etat.CONFIRMEE, Participation.Etat.EN_ATTENTE}
    # Every published alliance has a partner besides its porteur who confirmed, hence the
    # high share of confirmed participations.
    assert 0.85 <= etats[Participation.Etat.CONFIRMEE] / len(participations) <= 0.97


def test_chaque_alliance_publiee_a_deux_organisations_confirmees(alliances):
    """The workflow publishes no alliance with fewer: the demo holds none either."""
    for alliance in alliances:
        if alliance.statut == Statut.PUBLIEE:
            confirmees = [
                p for p in alliance.participations.all() if p.etat == Participation.Etat.CONFIRMEE
            ]
            assert len(confirmees) >= 2, alliance.titre


def test_les_partenaires_vont_ensemble(alliances):
    for alliance in alliances:
        kinds = [p.organisation.kind for p in alliance.participations.all()]
        porteur = _porteur(alliance).organisation
        if alliance.typologie in (Typologie.MECENAT, Typologie.INNOVATION_SOCIETALE):
            # Mécénat benefits an association; innovation sociétale starts from one.
            assert Organisation.Kind.ASSOCIATION in kinds, alliance.titre
        if alliance.typologie == Typologie.PRATIQUES_RESPONSABLES:
            # The buyer, recruiter or sponsor carries it.
            assert porteur.kind != Organisation.Kind.ASSOCIATION, alliance.titre
    # Partners are looked for in the porteur's région first.
    meme_region = sum(
        len({p.organisation.siege.region_id for p in a.participations.all()}) == 1
        for a in alliances
    )
    assert meme_region >= 0.9 * len(alliances)


def test_les_dates_respectent_l_etat(alliances):
    for alliance in alliances:
        assert date(2019, 1, 1) <= alliance.date_debut <= date(2026, 12, 31)
        if alliance.etat == Alliance.Etat.TERMINEE:
            assert alliance.date_fin is not None
            assert alliance.date_debut <= alliance.date_fin <= date(2026, 12, 31)
            assert alliance.resultats
        else:
            assert alliance.date_fin is None
        if alliance.etat == Alliance.Etat.EN_PROJET:
            assert not alliance.resultats
            assert alliance.personnes_touchees is None and alliance.emplois is None


def test_le_lieu_est_le_siege_du_porteur(alliances):
    for alliance in alliances:
        commune = alliance.commune
        assert commune == _porteur(alliance).organisation.siege
        assert alliance.departement_id == commune.departement_id
        assert alliance.region_id == commune.region_id
        assert (alliance.latitude, alliance.longitude) == (commune.latitude, commune.longitude)


def test_textes_domaines_odd_et_recherche(alliances):
    for alliance in alliances:
        assert alliance.description.endswith(" " + MENTION_DEMO_ALLIANCE)
        assert 2 <= alliance.description.count(". ") + 1 <= 4, alliance.description
        textes = alliance.titre + alliance.description + alliance.resultats
        assert "{" not in textes and "  " not in textes
        assert alliance.titre[0].isupper()
        assert 1 <= len(alliance.domaines.all()) <= 3
        numeros = {odd.numero for odd in alliance.odd.all()}
        assert 17 in numeros and 2 <= len(numeros) <= 3
        for participation in alliance.participations.all():
            assert set(lexemes(participation.organisation.nom)) <= set(alliance.recherche.split())
    assert len({a.slug for a in alliances}) == 400
    assert len({a.titre for a in alliances}) >= 350


def test_un_second_appel_ne_cree_aucune_alliance(alliances):
    assert demo_alliances_create() == 0
    assert Alliance.objects.count() == 400


def test_sans_deux_organisations_publiees_aucune_alliance():
    assert demo_alliances_create() == 0
    assert demo_organisations_create(count=1) == 1
    Organisation.objects.update(statut=Statut.PUBLIEE)
    assert demo_alliances_create() == 0
    assert not Alliance.objects.exists()


def test_deux_organisations_suffisent(demo):
    Organisation.objects.exclude(pk__in=[demo[0].pk, demo[1].pk]).delete()
    Organisation.objects.update(statut=Statut.PUBLIEE)

    assert demo_alliances_create(count=20) == 20

    assert Participation.objects.count() == 40


def test_la_generation_des_alliances_est_deterministe(alliances):
    def empreinte():
        return sorted(
            (a.titre, a.typologie, tuple(sorted(a.organisations.values_list("nom", flat=True))))
            for a in Alliance.objects.filter(is_demo=True)
        )

    avant = empreinte()
    Alliance.objects.filter(is_demo=True).delete()
    assert demo_alliances_create() == 400
    assert empreinte() == avant


def test_la_generation_des_alliances_tient_en_quelques_requetes(
    demo, django_assert_max_num_queries
):
    with django_assert_max_num_queries(35):
        assert demo_alliances_create() == 400


def test_chaque_modele_d_organisation_est_reconnu(demo):
    assert {m.nom for modeles in MODELES.values() for m in modeles} == set(PROFILS)
    kinds = {o.kind for o in demo}
    assert not {_profil(o) for o in demo} & kinds, "organisation au nom non reconnu"


def test_les_scenarios_sont_bien_formes():
    profils = set(PROFILS.values()) | {"commune", "epci", "*"} | set(Organisation.Kind.values)
    codes = set(Domaine.objects.values_list("code", flat=True)) | {"@porteur", "@p1"}
    scenarios = [s for liste in SCENARIOS.values() for s in liste] + list(DERNIER_RECOURS.values())
    assert len({s.cle for s in scenarios}) == len(scenarios)
    for scenario in scenarios:
        assert set(scenario.porteur) <= profils, scenario.cle
        assert set(scenario.domaines) <= codes, scenario.cle
        assert 17 not in scenario.odd
        assert "porteur" in scenario.contributions
        for slot in scenario.partenaires:
            assert set(slot) <= profils, scenario.cle
            for profil in slot:
                assert {profil, "partenaire", "collectivite"} & set(scenario.contributions) or (
                    profil in Organisation.Kind.values
                ), (scenario.cle, profil)


def test_les_noms_s_accordent_dans_les_phrases():
    assert _formes("La Roue libre de Lyon") == (
        "la Roue libre de Lyon",
        "de la Roue libre de Lyon",
        "à la Roue libre de Lyon",
    )
    assert _formes("Le Comptoir du Havre") == (
        "le Comptoir du Havre",
        "du Comptoir du Havre",
        "au Comptoir du Havre",
    )
    assert _formes("Les Aidants de Lyon")[1:] == ("des Aidants de Lyon", "aux Aidants de Lyon")
    assert _formes("ESAT Les Ateliers de Lyon")[0] == "l'ESAT Les Ateliers de Lyon"
    assert _formes("Fondation Martin pour l'enfance")[1] == "de la Fondation Martin pour l'enfance"
    assert _formes("Garage Martin")[2] == "au Garage Martin"
    assert _formes("CC du Pays de Mortagne")[0] == "la CC du Pays de Mortagne"
    assert _formes("Martin Bâtiment") == (
        "Martin Bâtiment",
        "de Martin Bâtiment",
        "à Martin Bâtiment",
    )
    assert _formes("André Bâtiment")[1] == "d'André Bâtiment"
