from collections import Counter

import pytest

from alliances.demo import (
    MENTION_DEMO,
    MENTION_DEMO_COLLECTIVITE,
    demo_membres_create,
    demo_organisations_create,
)
from alliances.identifiants import clean_rna, clean_siren, clean_siret
from alliances.models import Membre, Organisation, Statut
from comptes.services import demo_accounts_create
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
    with django_assert_max_num_queries(25):
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
