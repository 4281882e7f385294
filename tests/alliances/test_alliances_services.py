"""Declaring an alliance, partners confirming their part, editing it (services and rules)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from alliances import services as alliances_services
from alliances.models import Alliance, Participation
from alliances.permissions import can_edit_alliance, can_view_alliance
from moderation.models import Statut
from nomenclatures.models import Typologie
from organisations import services as organisations_services
from tests.factories import (
    AllianceFactory,
    CommuneFactory,
    MembreFactory,
    OrganisationFactory,
    ParticipationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _new_alliance(**fields) -> Alliance:
    defaults = {
        "titre": "Coopération économique pour l'insertion",
        "description": "Une entreprise d'insertion et un industriel répondent aux marchés.",
        "typologie": Typologie.COOPERATION_ECONOMIQUE,
        "modalite": Alliance.Modalite.CONTRAT_ALLIANCE,
    }
    return Alliance(commune=CommuneFactory(), **{**defaults, **fields})


@pytest.fixture
def porteur():
    return MembreFactory(organisation__nom="Les Jardins Solidaires")


def _declare(porteur, partenaires, **fields):
    return alliances_services.alliance_declare(
        by=porteur.user,
        porteur=porteur.organisation,
        alliance=_new_alliance(**fields),
        partenaires=partenaires,
        domaines=["emploi-insertion"],
        odd=[8, 17],
        contribution="Nos équipes encadrent les chantiers.",
    )


def test_declarer_une_alliance_confirme_le_porteur_et_attend_les_partenaires(
    porteur, django_capture_on_commit_callbacks
):
    partenaire = OrganisationFactory(entreprise=True, nom="Boulangerie Martin")
    admin = MembreFactory(organisation=partenaire, admin=True)
    with django_capture_on_commit_callbacks(execute=True):
        alliance = _declare(porteur, [partenaire])

    assert alliance.statut == Statut.EN_ATTENTE
    assert alliance.slug == "cooperation-economique-pour-linsertion"
    assert alliance.departement_id == alliance.commune.departement_id
    assert alliance.region_id == alliance.commune.region_id
    # The partner is not searchable under the alliance until it confirms.
    assert " jardin solidair " in alliance.recherche
    assert " boulanger " not in alliance.recherche
    assert sorted(alliance.odd.values_list("numero", flat=True)) == [8, 17]
    parts = {p.organisation: p for p in alliance.participations.all()}
    assert parts[porteur.organisation].role == Participation.Role.PORTEUR
    assert parts[porteur.organisation].etat == Participation.Etat.CONFIRMEE
    assert parts[porteur.organisation].contribution == "Nos équipes encadrent les chantiers."
    assert parts[partenaire].etat == Participation.Etat.EN_ATTENTE
    assert [message.to for message in mail.outbox] == [[admin.user.email]]
    subject = mail.outbox[0].subject
    assert subject == "Les Jardins Solidaires déclare une alliance avec Boulangerie Martin"


def test_une_alliance_a_une_seule_organisation_est_refusee(porteur):
    with pytest.raises(ValidationError) as error:
        _declare(porteur, [porteur.organisation])
    assert error.value.messages == [
        "Une alliance réunit au moins deux organisations : ajoutez au moins un partenaire "
        "(publié sur la plateforme, ou invité par courriel)."
    ]
    assert not Alliance.objects.exists()


def test_un_partenaire_non_publie_est_refuse(porteur):
    cachee = OrganisationFactory(en_attente=True, nom="Structure en attente")
    with pytest.raises(ValidationError) as error:
        _declare(porteur, [cachee])
    assert error.value.messages == [
        "Ces partenaires ne sont pas encore publiés sur la plateforme : Structure en attente"
    ]


def test_seul_un_membre_declare_pour_son_organisation():
    intrus = UserFactory()
    with pytest.raises(PermissionDenied):
        alliances_services.alliance_declare(
            by=intrus,
            porteur=OrganisationFactory(),
            alliance=_new_alliance(),
            partenaires=[OrganisationFactory()],
            domaines=[],
            odd=[],
        )
    assert not Alliance.objects.exists()


def test_une_fin_avant_le_debut_est_refusee_par_la_base(porteur):
    with pytest.raises(IntegrityError):
        _declare(
            porteur,
            [OrganisationFactory()],
            date_debut=datetime.date(2026, 5, 1),
            date_fin=datetime.date(2026, 1, 1),
        )


def test_l_admin_du_partenaire_confirme_sa_participation(django_capture_on_commit_callbacks):
    participation = ParticipationFactory(en_attente=True)
    participation.alliance.declared_by = UserFactory(email="declarante@exemple.fr")
    participation.alliance.save()
    admin = MembreFactory(organisation=participation.organisation, admin=True)
    with django_capture_on_commit_callbacks(execute=True):
        alliances_services.participation_decide(
            by=admin.user, participation=participation, accept=True
        )
    participation.refresh_from_db()
    assert participation.etat == Participation.Etat.CONFIRMEE
    assert participation.decided_by == admin.user
    assert mail.outbox[0].to == ["declarante@exemple.fr"]
    with pytest.raises(ValidationError):
        alliances_services.participation_decide(
            by=admin.user, participation=participation, accept=False
        )


def test_confirmer_une_participation_retiree_entre_temps_le_dit_sans_erreur_500():
    participation = ParticipationFactory(en_attente=True)
    admin = MembreFactory(organisation=participation.organisation, admin=True)
    # The admin's page was read before the declarant removed this partner.
    Participation.objects.filter(pk=participation.pk).delete()

    with pytest.raises(ValidationError) as erreur:
        alliances_services.participation_decide(
            by=admin.user, participation=participation, accept=True
        )
    assert erreur.value.code == "retiree"
    assert erreur.value.messages == ["Ce partenaire a été retiré de l'alliance."]


@pytest.mark.parametrize("role", ["membre", "admin_ailleurs", "inconnu"])
def test_seul_un_admin_du_partenaire_decide_de_sa_participation(role):
    participation = ParticipationFactory(en_attente=True)
    user = {
        "membre": lambda: MembreFactory(organisation=participation.organisation).user,
        "admin_ailleurs": lambda: MembreFactory(admin=True).user,
        "inconnu": UserFactory,
    }[role]()
    with pytest.raises(PermissionDenied):
        alliances_services.participation_decide(by=user, participation=participation, accept=True)
    participation.refresh_from_db()
    assert participation.etat == Participation.Etat.EN_ATTENTE


def test_modifier_le_texte_d_une_alliance_publiee_la_renvoie_en_moderation():
    participation = ParticipationFactory(porteur=True)
    member = MembreFactory(organisation=participation.organisation)
    alliance = participation.alliance
    alliance.titre = "Nouveau titre"
    alliances_services.alliance_update(by=member.user, alliance=alliance, domaines=[], odd=[])
    alliance.refresh_from_db()
    assert alliance.statut == Statut.EN_ATTENTE


def test_modifier_les_chiffres_d_une_alliance_publiee_la_laisse_publiee():
    participation = ParticipationFactory(porteur=True)
    member = MembreFactory(organisation=participation.organisation)
    alliance = participation.alliance
    alliance.personnes_touchees = 120
    alliances_services.alliance_update(
        by=member.user,
        alliance=alliance,
        domaines=[],
        odd=[],
    )
    alliance.refresh_from_db()
    assert (alliance.statut, alliance.personnes_touchees) == (Statut.PUBLIEE, 120)


@pytest.mark.parametrize(
    ("role", "peut"),
    [
        ("membre_confirme", True),
        ("membre_en_attente", False),
        ("membre_ailleurs", False),
        ("inconnu", False),
        ("staff", True),
    ],
)
def test_qui_peut_modifier_une_alliance(role, peut):
    alliance = AllianceFactory()
    confirmed = ParticipationFactory(alliance=alliance, porteur=True)
    pending = ParticipationFactory(alliance=alliance, en_attente=True)
    user = {
        "membre_confirme": lambda: MembreFactory(organisation=confirmed.organisation).user,
        "membre_en_attente": lambda: MembreFactory(organisation=pending.organisation).user,
        "membre_ailleurs": lambda: MembreFactory().user,
        "inconnu": UserFactory,
        "staff": lambda: UserFactory(staff=True),
    }[role]()
    assert can_edit_alliance(user, alliance) is peut
    if not peut:
        with pytest.raises(PermissionDenied):
            alliances_services.alliance_update(by=user, alliance=alliance, domaines=[], odd=[])


def test_une_alliance_non_publiee_n_est_visible_que_de_ses_organisations():
    from django.contrib.auth.models import AnonymousUser

    alliance = AllianceFactory(en_attente=True)
    pending = ParticipationFactory(alliance=alliance, en_attente=True)
    assert not can_view_alliance(AnonymousUser(), alliance)
    assert not can_view_alliance(MembreFactory().user, alliance)
    assert can_view_alliance(MembreFactory(organisation=pending.organisation).user, alliance)
    assert can_view_alliance(UserFactory(staff=True), alliance)
    alliance.statut = Statut.PUBLIEE
    assert can_view_alliance(AnonymousUser(), alliance)


@pytest.mark.parametrize(
    "query",
    [
        "cooperation economique insertion",
        "Coopération économique",
        "insertion boulangerie",
        "BOULANGERIE martin",
    ],
)
def test_la_recherche_trouve_une_alliance_declaree_sans_accents_ni_majuscules(porteur, query):
    partenaire = OrganisationFactory(entreprise=True, nom="Boulangerie Martin")
    alliance = _declare(porteur, [partenaire])
    assert not Alliance.objects.search("boulangerie martin").exists()
    alliances_services.participation_decide(
        by=MembreFactory(organisation=partenaire, admin=True).user,
        participation=alliance.participations.get(organisation=partenaire),
        accept=True,
    )
    _declare(
        porteur,
        [OrganisationFactory()],
        titre="Mécénat de compétences numérique",
        typologie=Typologie.MECENAT,
    )
    assert list(Alliance.objects.search(query)) == [alliance]


def test_une_organisation_en_attente_ne_declare_pas_d_alliance():
    porteur = MembreFactory(organisation__statut=Statut.EN_ATTENTE, organisation__nom="Nouvelle")
    with pytest.raises(ValidationError) as error:
        _declare(porteur, [OrganisationFactory()])
    assert error.value.messages == [
        "Nouvelle doit être validée par la modération avant de déclarer des alliances."
    ]


def test_un_partenaire_absent_est_invite_puis_rejoint_l_alliance_en_s_inscrivant(
    porteur, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        alliance = alliances_services.alliance_declare(
            by=porteur.user,
            porteur=porteur.organisation,
            alliance=_new_alliance(),
            partenaires=[],
            domaines=[],
            odd=[],
            invites=["Sacha@Exemple.fr"],
        )
    assert mail.outbox[-1].to == ["sacha@exemple.fr"]
    assert "Les Jardins Solidaires a déclaré" in mail.outbox[-1].body
    assert alliance.participations.count() == 1

    sacha = UserFactory(email="sacha@exemple.fr")
    nouvelle = OrganisationFactory.build(nom="Nouvelle structure", siege=CommuneFactory())
    organisation = organisations_services.organisation_create(
        by=sacha, organisation=nouvelle, domaines=[], odd=[]
    )
    participation = alliance.participations.get(organisation=organisation)
    assert participation.etat == Participation.Etat.EN_ATTENTE
    assert participation.role == Participation.Role.PARTENAIRE
    # Once only: a second organisation of the same person does not join again.
    autre = OrganisationFactory.build(nom="Autre structure", siege=CommuneFactory())
    organisations_services.organisation_create(by=sacha, organisation=autre, domaines=[], odd=[])
    assert alliance.participations.count() == 2
