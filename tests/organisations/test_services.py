"""Services of organisations: registration and edits (moderation, search, territory)."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from moderation.models import Statut
from nomenclatures.models import ODD, Domaine
from organisations.identifiants import siren_with_key
from organisations.models import Membre, Organisation
from organisations.services import (
    organisation_create,
    organisation_update,
)
from tests.factories import (
    CommuneFactory,
    EPCIFactory,
    MembreFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# organisation_create


def _nouvelle(**champs) -> Organisation:
    """An organisation as the registration form leaves it: filled in, not saved yet."""
    champs.setdefault("siege", CommuneFactory())
    return OrganisationFactory.build(**champs)


def test_le_createur_devient_administrateur_d_une_organisation_en_attente_de_moderation():
    createur = UserFactory()
    domaines = list(Domaine.objects.filter(code__in=["alimentation", "solidarite"]))
    odd = list(ODD.objects.filter(numero__in=[2, 17]))
    # Whatever the form says, a new organisation waits for moderation.
    brouillon = _nouvelle(nom="Les Jardins Solidaires de Lyon", statut=Statut.PUBLIEE)

    organisation = organisation_create(
        by=createur, organisation=brouillon, domaines=domaines, odd=odd
    )

    organisation.refresh_from_db()
    assert organisation.statut == Statut.EN_ATTENTE
    assert organisation.slug == "les-jardins-solidaires-de-lyon"
    assert list(organisation.membres.values_list("user", "role")) == [
        (createur.pk, Membre.Role.ADMIN)
    ]
    assert set(organisation.domaines.values_list("code", flat=True)) == {
        "alimentation",
        "solidarite",
    }
    assert set(organisation.odd.values_list("numero", flat=True)) == {2, 17}


def test_deux_organisations_du_meme_nom_recoivent_des_slugs_distincts():
    createur = UserFactory()
    slugs = [
        organisation_create(
            by=createur, organisation=_nouvelle(nom="Épicerie Solidaire"), domaines=[], odd=[]
        ).slug
        for _ in range(3)
    ]
    assert slugs == ["epicerie-solidaire", "epicerie-solidaire-2", "epicerie-solidaire-3"]


def test_un_nom_sans_lettres_latines_donne_un_slug_par_defaut():
    organisation = organisation_create(
        by=UserFactory(), organisation=_nouvelle(nom="★ ★ ★"), domaines=[], odd=[]
    )
    assert organisation.slug == "organisation"


def test_le_texte_de_recherche_est_normalise_sans_accents_ni_apostrophes():
    organisation = organisation_create(
        by=UserFactory(),
        organisation=_nouvelle(nom="L'Écho des Côteaux", description="Éducation POPULAIRE"),
        domaines=[],
        odd=[],
    )
    organisation.refresh_from_db()
    # The words as PostgreSQL indexes them: without accents nor stop words (« l' », « des »),
    # stemmed; the type of structure is searchable too.
    assert organisation.recherche == " echo coteau associ educ populair "
    assert organisation.nom_recherche == "l echo des coteaux"


def test_le_personnel_actif_est_prevenu_par_courriel_d_une_organisation_a_moderer(
    django_capture_on_commit_callbacks,
):
    UserFactory(staff=True, email="moderation@exemple.fr")
    UserFactory(staff=True, email="equipe@exemple.fr")
    UserFactory(staff=True, email="ancien@exemple.fr", is_active=False)
    createur = UserFactory(email="lea@exemple.fr")

    with django_capture_on_commit_callbacks(execute=True):
        organisation = organisation_create(
            by=createur,
            organisation=_nouvelle(nom="Les Jardins Solidaires de Lyon"),
            domaines=[],
            odd=[],
        )

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["equipe@exemple.fr", "moderation@exemple.fr"]
    assert message.subject == "Nouvelle organisation à modérer : Les Jardins Solidaires de Lyon"
    assert "lea@exemple.fr vient d'inscrire « Les Jardins Solidaires de Lyon »" in message.body
    assert (
        f"http://testserver/admin/organisations/organisation/{organisation.pk}/change/"
        in message.body
    )


def test_sans_personnel_aucun_courriel_n_est_envoye(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        organisation_create(by=UserFactory(), organisation=_nouvelle(), domaines=[], odd=[])
    assert mail.outbox == []


def test_une_collectivite_est_reliee_a_la_commune_qui_porte_son_siren():
    commune = CommuneFactory(siren=siren_with_key("88800001"))
    organisation = organisation_create(
        by=UserFactory(),
        organisation=_nouvelle(collectivite=True, nom="Mairie de Villeneuve", siren=commune.siren),
        domaines=[],
        odd=[],
    )
    organisation.refresh_from_db()
    assert organisation.territoire_commune == commune
    assert organisation.territoire_epci is None
    assert organisation.territoire == commune


def test_une_collectivite_est_reliee_a_l_epci_qui_porte_son_siren():
    epci = EPCIFactory()
    organisation = organisation_create(
        by=UserFactory(),
        organisation=_nouvelle(collectivite=True, nom="Communauté de communes", siren=epci.siren),
        domaines=[],
        odd=[],
    )
    organisation.refresh_from_db()
    assert organisation.territoire_epci == epci
    assert organisation.territoire_commune is None


def test_une_collectivite_au_siren_inconnu_du_referentiel_n_a_pas_de_territoire():
    CommuneFactory(siren=siren_with_key("88800002"))
    organisation = organisation_create(
        by=UserFactory(),
        organisation=_nouvelle(collectivite=True, siren=siren_with_key("88800003")),
        domaines=[],
        odd=[],
    )
    organisation.refresh_from_db()
    assert organisation.territoire is None


def test_une_entreprise_n_est_jamais_reliee_a_une_commune_meme_par_son_siren():
    commune = CommuneFactory(siren=siren_with_key("88800004"))
    organisation = organisation_create(
        by=UserFactory(),
        organisation=_nouvelle(entreprise=True, siren=commune.siren),
        domaines=[],
        odd=[],
    )
    organisation.refresh_from_db()
    assert organisation.territoire is None


# organisation_update


def test_un_administrateur_modifie_son_organisation_et_la_recherche_suit(admin, organisation):
    organisation.nom = "Les Potagers Partagés"
    organisation.description = "Jardinage collectif à Villeurbanne"
    organisation_update(
        by=admin.user,
        organisation=organisation,
        domaines=list(Domaine.objects.filter(code="environnement")),
        odd=list(ODD.objects.filter(numero=15)),
    )
    organisation.refresh_from_db()
    assert organisation.nom == "Les Potagers Partagés"
    # Its new domaine's label too (« environnement »).
    assert organisation.recherche == (
        " le potager partag associ environ jardinag collect a villeurbann "
    )
    assert list(organisation.domaines.values_list("code", flat=True)) == ["environnement"]
    assert list(organisation.odd.values_list("numero", flat=True)) == [15]
    # The address of the page does not change with the name.
    assert organisation.slug == "les-jardins-solidaires-de-lyon"


def test_un_membre_non_administrateur_ne_peut_pas_modifier_l_organisation(membre, organisation):
    organisation.nom = "Nom détourné"
    with pytest.raises(PermissionDenied):
        organisation_update(by=membre.user, organisation=organisation, domaines=[], odd=[])
    organisation.refresh_from_db()
    assert organisation.nom == "Les Jardins Solidaires de Lyon"


def test_l_administrateur_d_une_autre_organisation_ne_peut_pas_la_modifier(organisation):
    autre_admin = MembreFactory(admin=True)
    organisation.nom = "Nom détourné"
    with pytest.raises(PermissionDenied):
        organisation_update(by=autre_admin.user, organisation=organisation, domaines=[], odd=[])
    organisation.refresh_from_db()
    assert organisation.nom == "Les Jardins Solidaires de Lyon"


def test_le_personnel_peut_modifier_une_organisation(organisation):
    organisation.description = "Corrigée par l'équipe"
    organisation_update(by=UserFactory(staff=True), organisation=organisation, domaines=[], odd=[])
    organisation.refresh_from_db()
    assert organisation.description == "Corrigée par l'équipe"


def test_une_collectivite_modifiee_est_reliee_a_sa_commune_par_son_nouveau_siren():
    admin = MembreFactory(admin=True, organisation__collectivite=True)
    commune = CommuneFactory(siren=siren_with_key("88800005"))
    organisation = admin.organisation
    assert organisation.territoire is None
    organisation.siren = commune.siren
    organisation_update(by=admin.user, organisation=organisation, domaines=[], odd=[])
    organisation.refresh_from_db()
    assert organisation.territoire_commune == commune


# Found in review


def test_modifier_le_nom_d_une_organisation_publiee_la_renvoie_en_moderation():
    admin = MembreFactory(admin=True, organisation__nom="Avant")
    organisation = admin.organisation
    organisation.nom = "Ville de Marseille"
    organisation_update(by=admin.user, organisation=organisation, domaines=[], odd=[])
    organisation.refresh_from_db()
    assert organisation.statut == Statut.EN_ATTENTE


def test_changer_seulement_les_domaines_laisse_l_organisation_publiee():
    admin = MembreFactory(admin=True)
    organisation = admin.organisation
    organisation_update(by=admin.user, organisation=organisation, domaines=["sante"], odd=[17])
    organisation.refresh_from_db()
    assert organisation.statut == Statut.PUBLIEE


def test_une_collectivite_devenue_association_ne_gouverne_plus_de_territoire():
    commune = CommuneFactory(siren=siren_with_key("99690123"))  # not a real commune's SIREN
    admin = MembreFactory(admin=True, organisation__collectivite=True)
    organisation = admin.organisation
    organisation.siren = commune.siren
    organisation_update(by=admin.user, organisation=organisation, domaines=[], odd=[])
    assert organisation.territoire_commune == commune
    organisation.kind = "association"
    organisation_update(by=admin.user, organisation=organisation, domaines=[], odd=[])
    organisation.refresh_from_db()
    assert organisation.territoire_commune is None
