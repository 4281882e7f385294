import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from moderation.models import Statut
from organisations.models import Organisation
from organisations.permissions import (
    can_edit_organisation,
    can_manage_members,
    can_view_organisation,
    get_organisation_to_edit_or_404,
    get_organisation_to_manage_or_404,
    get_organisation_to_view_or_404,
    is_admin,
    is_member,
)
from tests.factories import MembreFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

PERSONNES = ["visiteur", "inconnu", "membre", "admin", "membre_ailleurs", "personnel"]
NON_PUBLIEES = [s for s in Statut if s != Statut.PUBLIEE]


def _personne(qui: str, organisation: Organisation):
    if qui == "visiteur":
        return AnonymousUser()
    if qui == "inconnu":
        return UserFactory()
    if qui == "membre":
        return MembreFactory(organisation=organisation).user
    if qui == "admin":
        return MembreFactory(organisation=organisation, admin=True).user
    if qui == "membre_ailleurs":
        # An admin, even: of another organisation, which gives no right here.
        return MembreFactory(admin=True).user
    if qui == "personnel":
        return UserFactory(staff=True)
    raise ValueError(qui)


# Who sees an organisation: anyone once it is published; before, only its members and staff.
VOIT = {
    (Statut.PUBLIEE, "visiteur"): True,
    (Statut.PUBLIEE, "inconnu"): True,
    (Statut.PUBLIEE, "membre"): True,
    (Statut.PUBLIEE, "admin"): True,
    (Statut.PUBLIEE, "membre_ailleurs"): True,
    (Statut.PUBLIEE, "personnel"): True,
    (Statut.EN_ATTENTE, "visiteur"): False,
    (Statut.EN_ATTENTE, "inconnu"): False,
    (Statut.EN_ATTENTE, "membre"): True,
    (Statut.EN_ATTENTE, "admin"): True,
    (Statut.EN_ATTENTE, "membre_ailleurs"): False,
    (Statut.EN_ATTENTE, "personnel"): True,
}
# Who edits it and manages its members: its admins and staff, whatever its status.
GERE = {"visiteur": False, "inconnu": False, "membre": False, "admin": True}
GERE |= {"membre_ailleurs": False, "personnel": True}

MATRICE = [
    pytest.param(statut, qui, id=f"{statut}-{qui}")
    for statut in (Statut.PUBLIEE, Statut.EN_ATTENTE)
    for qui in PERSONNES
]


@pytest.mark.parametrize(("statut", "qui"), MATRICE)
def test_matrice_des_droits_sur_une_organisation(statut, qui):
    organisation = OrganisationFactory(statut=statut)
    user = _personne(qui, organisation)

    assert can_view_organisation(user, organisation) is VOIT[statut, qui]
    assert can_edit_organisation(user, organisation) is GERE[qui]
    assert can_manage_members(user, organisation) is GERE[qui]


@pytest.mark.parametrize(("statut", "qui"), MATRICE)
def test_les_acces_par_slug_repondent_404_a_qui_n_a_pas_le_droit(statut, qui):
    organisation = OrganisationFactory(statut=statut)
    user = _personne(qui, organisation)

    for helper, autorise in [
        (get_organisation_to_view_or_404, VOIT[statut, qui]),
        (get_organisation_to_edit_or_404, GERE[qui]),
        (get_organisation_to_manage_or_404, GERE[qui]),
    ]:
        if autorise:
            assert helper(user, organisation.slug) == organisation
        else:
            with pytest.raises(Http404):
                helper(user, organisation.slug)


@pytest.mark.parametrize("qui", PERSONNES)
def test_une_organisation_inexistante_repond_404_a_tout_le_monde(qui):
    user = _personne(qui, OrganisationFactory())
    for helper in (
        get_organisation_to_view_or_404,
        get_organisation_to_edit_or_404,
        get_organisation_to_manage_or_404,
    ):
        with pytest.raises(Http404):
            helper(user, "organisation-qui-n-existe-pas")


@pytest.mark.parametrize("statut", NON_PUBLIEES)
def test_aucune_organisation_non_publiee_n_est_visible_du_public(statut):
    organisation = OrganisationFactory(statut=statut)
    for user in (AnonymousUser(), UserFactory(), MembreFactory(admin=True).user):
        assert not can_view_organisation(user, organisation)
    assert can_view_organisation(MembreFactory(organisation=organisation).user, organisation)


def test_is_member_et_is_admin_suivent_le_role_dans_cette_organisation():
    admin = MembreFactory(admin=True)
    membre = MembreFactory(organisation=admin.organisation)
    ailleurs = OrganisationFactory()

    assert is_member(admin.user, admin.organisation) and is_admin(admin.user, admin.organisation)
    assert is_member(membre.user, admin.organisation)
    assert not is_admin(membre.user, admin.organisation)
    assert not is_member(admin.user, ailleurs) and not is_admin(admin.user, ailleurs)
    assert not is_member(AnonymousUser(), admin.organisation)
    assert not is_member(UserFactory(staff=True), admin.organisation)


# OrganisationQuerySet


@pytest.fixture
def organisations():
    """Two published organisations and one waiting for moderation, each with two members."""
    publiee = OrganisationFactory(nom="Alpha")
    autre_publiee = OrganisationFactory(nom="Bêta")
    en_attente = OrganisationFactory(nom="Gamma", en_attente=True)
    for organisation in (publiee, autre_publiee, en_attente):
        MembreFactory.create_batch(2, organisation=organisation)
    return publiee, autre_publiee, en_attente


def test_published_ne_garde_que_les_organisations_publiees(organisations):
    publiee, autre_publiee, _ = organisations
    OrganisationFactory(statut=Statut.DEPUBLIEE)
    assert list(Organisation.objects.published()) == [publiee, autre_publiee]


def test_of_user_donne_les_organisations_de_la_personne_quel_que_soit_leur_statut(
    organisations,
):
    publiee, _, en_attente = organisations
    user = UserFactory()
    MembreFactory(user=user, organisation=publiee)
    MembreFactory(user=user, organisation=en_attente, admin=True)

    assert list(Organisation.objects.of_user(user)) == [publiee, en_attente]
    assert not Organisation.objects.of_user(UserFactory()).exists()
    assert not Organisation.objects.of_user(AnonymousUser()).exists()


def test_le_visiteur_et_l_inconnu_ne_voient_que_les_organisations_publiees(organisations):
    publiee, autre_publiee, _ = organisations
    assert list(Organisation.objects.visible_to(AnonymousUser())) == [publiee, autre_publiee]
    assert list(Organisation.objects.visible_to(UserFactory())) == [publiee, autre_publiee]


def test_un_membre_voit_en_plus_son_organisation_en_attente_une_seule_fois(organisations):
    publiee, autre_publiee, en_attente = organisations
    user = UserFactory()
    MembreFactory(user=user, organisation=publiee)
    MembreFactory(user=user, organisation=en_attente)

    # Each organisation once, although the join on members meets it several times.
    assert list(Organisation.objects.visible_to(user)) == [publiee, autre_publiee, en_attente]


def test_le_membre_d_une_autre_organisation_ne_voit_pas_celle_en_attente(organisations):
    publiee, autre_publiee, _ = organisations
    user = MembreFactory(organisation=autre_publiee).user
    assert list(Organisation.objects.visible_to(user)) == [publiee, autre_publiee]


def test_le_personnel_voit_toutes_les_organisations(organisations):
    publiee, autre_publiee, en_attente = organisations
    depubliee = OrganisationFactory(nom="Delta", statut=Statut.DEPUBLIEE)
    assert list(Organisation.objects.visible_to(UserFactory(staff=True))) == [
        publiee,
        autre_publiee,
        depubliee,
        en_attente,
    ]


@pytest.fixture
def jardins():
    return OrganisationFactory(
        nom="Les Jardins Solidaires de Lyon",
        description="Potagers partagés et épicerie à prix libre à la Guillotière.",
    )


@pytest.mark.parametrize(
    "texte",
    [
        "jardins solidaires",
        "JARDINS Solidaires",
        "solidaires jardins",
        "  jardins   solidaires ",
        "jardins-solidaires",
        "jardin lyon",
        "épicerie guillotiere",
        "POTAGERS PARTAGES",
        "l'épicerie",
    ],
)
def test_la_recherche_trouve_sans_accents_ni_majuscules_dans_le_nom_et_la_description(
    jardins, texte
):
    OrganisationFactory(nom="Les Ateliers du Vélo")
    assert list(Organisation.objects.search(texte)) == [jardins]


@pytest.mark.parametrize("texte", ["jardins marseille", "solidaires velo", "jardinage"])
def test_la_recherche_exige_tous_les_mots(jardins, texte):
    OrganisationFactory(nom="Les Ateliers du Vélo")
    assert not Organisation.objects.search(texte).exists()


def test_une_recherche_vide_ne_filtre_rien(jardins):
    velo = OrganisationFactory(nom="Les Ateliers du Vélo")
    assert list(Organisation.objects.search("  ")) == [velo, jardins]


def test_la_recherche_se_combine_a_la_visibilite(jardins):
    OrganisationFactory(nom="Jardins Solidaires de Villeurbanne", en_attente=True)
    assert list(Organisation.objects.visible_to(AnonymousUser()).search("jardins solidaires")) == [
        jardins
    ]
