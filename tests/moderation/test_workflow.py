"""The moderation workflow: transitions, recorded decisions, perimeters, conflicts of interest,
reports, appeals and pre-checks (services only; pages in test_moderation_pages.py)."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from alliances import services as alliances_services
from comptes.models import Courriel
from moderation import contestations, motifs, signalements, workflow
from moderation.models import Decision, Signalement, Soumission, Statut
from organisations import services as organisations_services
from tests.factories import (
    AllianceFactory,
    CatalyseurFactory,
    MembreFactory,
    OffreFactory,
    OrganisationFactory,
    ParticipationFactory,
    UserFactory,
    soumettre,
)
from tests.moderation import fixtures as moderation_fixtures
from tests.moderation.fixtures import alliance_a, compte_verifie, signaler_par_trois

t = moderation_fixtures.t

ALLOWED = [
    ("brouillon", "en_attente"),
    ("en_attente", "publiee"),
    ("en_attente", "a_corriger"),
    ("en_attente", "refusee"),
    ("a_corriger", "en_attente"),
    ("publiee", "depubliee"),
    ("publiee", "en_attente"),
    ("depubliee", "en_attente"),
]
ALL = [s.value for s in Statut]
FORBIDDEN = [(de, vers) for de in ALL for vers in ALL if (de, vers) not in ALLOWED]


@pytest.mark.parametrize(("de", "vers"), ALLOWED)
def test_chaque_transition_du_workflow_est_acceptee_et_enregistree(t, de, vers):
    alliance, _ = alliance_a(t.lyon, statut=de)
    decision = workflow.transition(
        alliance, to=vers, by=t.cat_rhone.user, motif="incomplet", texte="À reprendre."
    )
    alliance.refresh_from_db()
    assert alliance.statut == vers
    assert (decision.de, decision.vers, decision.by) == (de, vers, t.cat_rhone.user)
    assert decision.departement_id == t.rhone.code and decision.region_id == t.ara.code
    assert Soumission.objects.filter(object_id=alliance.pk).exists() == (vers == "en_attente")


@pytest.mark.parametrize(("de", "vers"), FORBIDDEN)
def test_les_autres_transitions_sont_refusees(t, de, vers):
    alliance, _ = alliance_a(t.lyon, statut=de)
    with pytest.raises(ValidationError) as error:
        workflow.transition(alliance, to=vers, by=t.staff, motif="incomplet")
    assert error.value.code == "transition_interdite"
    alliance.refresh_from_db()
    assert alliance.statut == de
    assert not Decision.objects.exists()


@pytest.mark.parametrize("vers", ["a_corriger", "refusee"])
def test_un_refus_ou_une_correction_exige_un_motif(t, vers):
    alliance, _ = alliance_a(t.lyon)
    with pytest.raises(ValidationError) as error:
        workflow.transition(alliance, to=vers, by=t.cat_rhone.user)
    assert error.value.code == "motif_obligatoire"
    with pytest.raises(ValidationError) as error:
        workflow.transition(alliance, to=vers, by=t.cat_rhone.user, motif="autre")
    assert error.value.code == "precisions_obligatoires"


def test_une_depublication_exige_un_motif(t):
    alliance, _ = alliance_a(t.lyon, statut="publiee")
    with pytest.raises(ValidationError):
        workflow.transition(alliance, to="depubliee", by=t.cat_rhone.user)
    workflow.transition(alliance, to="depubliee", by=t.cat_rhone.user, motif="inexact")
    assert Decision.objects.get().motif == "inexact"


def test_l_historique_ne_se_modifie_ni_ne_se_supprime(t):
    alliance, _ = alliance_a(t.lyon)
    decision = workflow.transition(alliance, to="publiee", by=t.cat_rhone.user)
    decision.texte = "réécrit"
    with pytest.raises(ValueError):
        decision.save()
    with pytest.raises(ValueError):
        decision.delete()
    assert Decision.objects.get().texte == ""


def test_un_membre_ne_publie_pas_sa_propre_alliance(t):
    alliance, membre = alliance_a(t.lyon)
    with pytest.raises(PermissionDenied):
        workflow.transition(alliance, to="publiee", by=membre.user)
    alliance.refresh_from_db()
    assert alliance.statut == "en_attente"


def test_un_catalyseur_membre_de_l_organisation_ne_la_modere_pas(t):
    alliance, membre = alliance_a(t.lyon)
    CatalyseurFactory(user=membre.user, departement=t.rhone)
    with pytest.raises(PermissionDenied):
        workflow.transition(alliance, to="publiee", by=membre.user)
    # The others still can.
    workflow.transition(alliance, to="publiee", by=t.cat_rhone.user)


def test_le_catalyseur_du_rhone_ne_decide_pas_en_isere(t):
    alliance, _ = alliance_a(t.grenoble)
    with pytest.raises(PermissionDenied):
        workflow.transition(alliance, to="publiee", by=t.cat_rhone.user)
    workflow.transition(alliance, to="publiee", by=t.cat_ara.user)


def test_un_catalyseur_retire_perd_la_main_tout_de_suite(t):
    alliance, _ = alliance_a(t.lyon)
    t.cat_rhone.actif = False
    t.cat_rhone.save()
    with pytest.raises(PermissionDenied):
        workflow.transition(alliance, to="publiee", by=t.cat_rhone.user)


def test_une_alliance_nationale_revient_a_l_equipe(t):
    alliance, _ = alliance_a(t.lyon, portee="nationale")
    for catalyseur in (t.cat_rhone, t.cat_ara, t.cat_metropole):
        with pytest.raises(PermissionDenied):
            workflow.transition(alliance, to="publiee", by=catalyseur.user)
    national = CatalyseurFactory(national=True)
    workflow.transition(alliance, to="publiee", by=national.user)


def test_declarer_une_alliance_la_met_dans_la_file(t):
    porteur = OrganisationFactory(siege=t.lyon)
    membre = MembreFactory(organisation=porteur, admin=True)
    partenaire = OrganisationFactory(siege=t.givors)
    alliance = AllianceFactory.build(commune=t.lyon, titre="Jardins partagés d'essai")
    alliances_services.alliance_declare(
        by=membre.user,
        porteur=porteur,
        alliance=alliance,
        partenaires=[partenaire],
        domaines=[],
        odd=[],
    )
    assert alliance.statut == "en_attente"
    decision = Decision.objects.get(object_id=alliance.pk, nature="alliance")
    assert (decision.de, decision.vers, decision.by) == ("brouillon", "en_attente", membre.user)
    soumission = Soumission.objects.get(nature="alliance", object_id=alliance.pk)
    assert soumission.departement_id == t.rhone.code and soumission.epci_id == t.metropole.siren


def test_corriger_une_alliance_a_corriger_la_renvoie_en_moderation(t):
    alliance, membre = alliance_a(t.lyon)
    workflow.transition(alliance, to="a_corriger", by=t.cat_rhone.user, motif="incomplet")
    alliance.description = "Une description complétée, avec qui fait quoi et pour qui."
    alliances_services.alliance_update(by=membre.user, alliance=alliance, domaines=[], odd=[])
    alliance.refresh_from_db()
    assert alliance.statut == "en_attente"
    assert list(Decision.objects.values_list("vers", flat=True).order_by("pk")) == [
        "a_corriger",
        "en_attente",
    ]


def test_modifier_le_texte_d_une_alliance_publiee_la_renvoie_en_moderation(t):
    alliance, membre = alliance_a(t.lyon)
    workflow.transition(alliance, to="publiee", by=t.cat_rhone.user)
    alliance.titre = "Un tout autre titre"
    alliances_services.alliance_update(by=membre.user, alliance=alliance, domaines=[], odd=[])
    assert alliance.statut == "en_attente"
    assert Soumission.objects.filter(object_id=alliance.pk).exists()


def test_inscrire_une_organisation_la_met_dans_la_file(t):
    user = UserFactory()
    organisation = OrganisationFactory.build(siege=t.grenoble, slug="", statut="publiee")
    organisations_services.organisation_create(
        by=user, organisation=organisation, domaines=[], odd=[]
    )
    assert organisation.statut == "en_attente"
    soumission = Soumission.objects.get(nature="organisation", object_id=organisation.pk)
    assert soumission.departement_id == t.isere.code


def test_les_membres_recoivent_la_decision_avec_son_motif(t, django_capture_on_commit_callbacks):
    alliance, membre = alliance_a(t.lyon)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(
            alliance,
            to="a_corriger",
            by=t.cat_rhone.user,
            motif="incomplet",
            message="Ajoutez les chiffres de la première année.",
        )
    [message] = [m for m in mail.outbox if membre.user.email in m.to]
    assert "est à corriger" in message.subject
    assert "Description insuffisante" in message.body
    assert motifs.MOTIFS["incomplet"].a_changer in message.body
    assert "Ajoutez les chiffres de la première année." in message.body


def test_publier_une_organisation_delivre_ses_demandes_en_attente(t):
    organisation = OrganisationFactory(siege=t.lyon)
    soumettre(organisation)
    workflow.transition(organisation, to="publiee", by=t.cat_rhone.user)
    organisation.refresh_from_db()
    assert organisation.is_published
    assert not Soumission.objects.exists()


def test_une_offre_suit_le_meme_workflow(t):
    offre = OffreFactory(commune=t.grenoble)
    soumettre(offre)
    with pytest.raises(PermissionDenied):
        workflow.transition(offre, to="publiee", by=t.cat_rhone.user)
    workflow.transition(offre, to="refusee", by=t.cat_isere.user, motif="hors_sujet")
    assert Decision.objects.filter(nature="offre", vers="refusee").count() == 1


# Signalements


def test_trois_comptes_verifies_distincts_masquent_un_contenu_signale(t):
    alliance, _ = alliance_a(t.lyon, statut="publiee")
    premier, deuxieme = compte_verifie(), compte_verifie()
    for user in [premier, premier, deuxieme]:
        signalements.signalement_create(
            item=alliance, user=user, adresse="192.0.2.1", motif="inexact"
        )
    alliance.refresh_from_db()
    assert alliance.statut == "publiee", "la même personne deux fois ne compte qu'une fois"
    signalements.signalement_create(
        item=alliance, user=compte_verifie(), adresse="192.0.2.2", motif="arnaque"
    )
    alliance.refresh_from_db()
    assert alliance.statut == "en_attente"
    soumission = Soumission.objects.get(object_id=alliance.pk)
    assert soumission.par_signalements
    decision = Decision.objects.get(vers="en_attente")
    assert decision.by is None and decision.motif == "signalements"


def test_publier_apres_signalements_les_classe(t):
    alliance, _ = alliance_a(t.lyon, statut="publiee")
    signaler_par_trois(alliance)
    workflow.decide(alliance, by=t.cat_rhone.user, to="publiee")
    assert not Signalement.objects.ouverts().exists()
    assert set(Signalement.objects.values_list("issue", flat=True)) == {"maintenu"}


def test_on_ne_signale_qu_un_contenu_publie(t):
    alliance, _ = alliance_a(t.lyon)
    with pytest.raises(ValidationError):
        signalements.signalement_create(
            item=alliance, user=None, adresse="192.0.2.1", motif="autre"
        )


# Recours


def _refusee(t, *, by):
    alliance, membre = alliance_a(t.lyon)
    workflow.transition(alliance, to="refusee", by=by, motif="hors_sujet")
    return alliance, membre


def test_un_recours_se_depose_une_seule_fois(t):
    alliance, membre = _refusee(t, by=t.cat_rhone.user)
    contestations.recours_create(by=membre.user, item=alliance, texte="C'est bien une alliance.")
    with pytest.raises(ValidationError) as error:
        contestations.recours_create(by=membre.user, item=alliance, texte="Encore.")
    assert error.value.code == "deja_conteste"


def test_seuls_les_membres_contestent(t):
    alliance, _ = _refusee(t, by=t.cat_rhone.user)
    with pytest.raises(PermissionDenied):
        contestations.recours_create(by=UserFactory(), item=alliance, texte="Moi aussi.")


def test_le_recours_ne_revient_jamais_a_l_auteur_de_la_decision(t):
    alliance, membre = _refusee(t, by=t.cat_rhone.user)
    recours = contestations.recours_create(by=membre.user, item=alliance, texte="Relisez.")
    autre_du_rhone = CatalyseurFactory(departement=t.rhone)
    assert not contestations.can_decide_recours(t.cat_rhone.user, recours, alliance)
    # Same perimeter as the author: not wider, so not them either.
    assert not contestations.can_decide_recours(autre_du_rhone.user, recours, alliance)
    assert not contestations.can_decide_recours(t.cat_metropole.user, recours, alliance)
    assert contestations.can_decide_recours(t.cat_ara.user, recours, alliance)
    assert contestations.can_decide_recours(t.staff, recours, alliance)
    with pytest.raises(PermissionDenied):
        contestations.recours_decide(
            by=t.cat_rhone.user, recours=recours, accepte=True, reponse="Oui."
        )


def test_un_recours_accepte_publie_le_contenu(t):
    alliance, membre = _refusee(t, by=t.cat_rhone.user)
    recours = contestations.recours_create(by=membre.user, item=alliance, texte="Relisez.")
    contestations.recours_decide(by=t.cat_ara.user, recours=recours, accepte=True, reponse="Oui.")
    alliance.refresh_from_db()
    assert alliance.statut == "publiee"
    assert Decision.objects.first().by == t.cat_ara.user


def test_un_recours_n_est_tranche_qu_une_fois_meme_par_deux_personnes_a_la_fois(t):
    alliance, membre = _refusee(t, by=t.cat_rhone.user)
    recours = contestations.recours_create(by=membre.user, item=alliance, texte="Relisez.")
    # Both opened the appeal before either decided: the second holds a stale copy of it.
    vu_par_l_equipe = type(recours).objects.get(pk=recours.pk)
    contestations.recours_decide(by=t.cat_ara.user, recours=recours, accepte=False, reponse="Non.")
    with pytest.raises(ValidationError) as error:
        contestations.recours_decide(
            by=t.staff, recours=vu_par_l_equipe, accepte=True, reponse="Oui."
        )
    assert error.value.code == "deja_tranche"
    alliance.refresh_from_db()
    assert alliance.statut == "refusee"
    # One answer written to the outbox, not two.
    sujet = f"Votre recours sur « {recours.decision.titre} »"
    assert Courriel.objects.filter(sujet=sujet).count() == 1


def test_le_recours_contre_une_decision_de_la_region_va_a_l_equipe(t):
    alliance, membre = _refusee(t, by=t.cat_ara.user)
    recours = contestations.recours_create(by=membre.user, item=alliance, texte="Relisez.")
    assert not contestations.can_decide_recours(t.cat_rhone.user, recours, alliance)
    assert contestations.can_decide_recours(t.staff, recours, alliance)


# Pré-contrôles


def test_les_pre_controles_signalent_sans_decider(t):
    alliance = AllianceFactory(
        commune=t.lyon,
        statut="en_attente",
        description="Trop court, voir https://promo.exemple.com et https://www.insee.fr/x",
    )
    ParticipationFactory(alliance=alliance, porteur=True)
    flags = workflow.prechecks(alliance)
    assert any("Description courte" in flag for flag in flags)
    # Only the porteur confirmed: no flag but what blocks publication (`blockers`).
    assert not any("deux organisations" in flag for flag in flags)
    [blocker] = workflow.publication_blockers(alliance)
    assert "au moins deux organisations : une seule a confirmé" in blocker
    assert any("promo.exemple.com" in flag and "insee" not in flag for flag in flags)
    assert alliance.statut == "en_attente"


def test_une_alliance_complete_ne_leve_aucun_pre_controle(t):
    alliance, _ = alliance_a(t.lyon, description="Une description détaillée. " * 10)
    assert workflow.prechecks(alliance) == []


def test_aucun_chemin_ne_publie_une_alliance_d_une_seule_organisation(t):
    """The workflow itself refuses (a moderator's decision, an accepted appeal): not only the
    form."""
    alliance = AllianceFactory(commune=t.lyon, statut="en_attente")
    ParticipationFactory(alliance=alliance, porteur=True)
    with pytest.raises(ValidationError) as error:
        workflow.decide(alliance, by=t.cat_rhone.user, to="publiee")
    assert error.value.code == "publication_impossible"
    alliance.refresh_from_db()
    assert alliance.statut == "en_attente"
    ParticipationFactory(alliance=alliance)
    workflow.decide(alliance, by=t.cat_rhone.user, to="publiee")
    alliance.refresh_from_db()
    assert alliance.statut == "publiee"
