"""What the review of the moderation found, each through the pages a user sees when it can:
reports that hide too easily, a queue that kept an old place, perimeter changes without
review, appeals on items that moved on, conflicts of interest, deleted items, the appeals'
queries, the 410 page and the public figures."""

from datetime import timedelta
from html import unescape

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from alliances import services as alliances_services
from moderation import chiffres, contestations, signalements, workflow
from moderation.models import Signalement, Soumission
from offres import services as offres_services
from organisations import services as organisations_services
from tests.factories import (
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
FILE = reverse("moderation:file")


def texte(response) -> str:
    return unescape(response.content.decode())


def _signaler(item, nature="alliance"):
    return reverse("moderation:signaler", args=[nature, item.slug])


def _examen(item, nature="alliance"):
    return reverse("moderation:examen", args=[nature, item.pk])


# 1. Signalements : seuls des comptes vérifiés masquent, limite par adresse, répit


def test_trois_comptes_verifies_masquent_l_alliance_par_la_page(client, t):
    alliance, _ = alliance_a(t.lyon, statut="publiee", titre="Fiche signalée")
    for n in range(3):
        client.force_login(compte_verifie())
        response = client.post(
            _signaler(alliance), {"motif": "inexact"}, REMOTE_ADDR=f"192.0.2.{n + 1}"
        )
        assert response.status_code == 302
    client.logout()
    response = client.get(alliance.get_absolute_url())
    assert response.status_code == 410
    assert "momentanément masquée" in texte(response)
    assert "Fiche signalée" not in texte(response)


def test_trois_comptes_non_verifies_ne_masquent_pas(client, t):
    alliance, _ = alliance_a(t.lyon, statut="publiee", titre="Fiche signalée")
    for n in range(3):
        client.force_login(UserFactory())
        client.post(_signaler(alliance), {"motif": "inexact"}, REMOTE_ADDR=f"192.0.2.{n + 1}")
    alliance.refresh_from_db()
    assert alliance.statut == "publiee"
    assert Signalement.objects.ouverts().count() == 3
    # The reports still reach the catalyseurs.
    client.force_login(t.cat_rhone.user)
    assert "Fiche signalée" in texte(client.get(FILE))


def test_des_visiteurs_ne_masquent_pas_meme_de_trois_adresses(client, t):
    alliance, _ = alliance_a(t.lyon, statut="publiee")
    for n in range(3):
        client.post(_signaler(alliance), {"motif": "inexact"}, REMOTE_ADDR=f"192.0.2.{n + 1}")
    alliance.refresh_from_db()
    assert alliance.statut == "publiee"
    assert Signalement.objects.ouverts().values("empreinte").distinct().count() == 3


def test_plusieurs_comptes_d_une_meme_adresse_partagent_la_limite_par_heure(client, t):
    alliances = [alliance_a(t.lyon, statut="publiee")[0] for _ in range(6)]
    for alliance in alliances[:5]:
        client.force_login(compte_verifie())
        assert client.post(_signaler(alliance), {"motif": "autre"}).status_code == 302
    client.force_login(compte_verifie())
    response = client.post(_signaler(alliances[5]), {"motif": "autre", "texte": "Je garde"})
    assert response.status_code == 429
    assert "réessayez dans une heure" in texte(response)
    assert "Je garde" in texte(response)


def test_sans_proxy_declare_l_en_tete_x_forwarded_for_est_ignore(client, t, settings):
    settings.TRUSTED_PROXIES = 0
    alliance, _ = alliance_a(t.lyon, statut="publiee")
    for n in range(2):
        client.post(
            _signaler(alliance),
            {"motif": "autre"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n + 1}",
        )
    assert Signalement.objects.count() == 1


def test_derriere_un_proxy_chaque_visiteur_est_distinct(client, t, settings):
    settings.TRUSTED_PROXIES = 1
    alliance, _ = alliance_a(t.lyon, statut="publiee")
    for n in range(2):
        client.post(
            _signaler(alliance),
            {"motif": "autre"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n + 1}",
        )
    assert Signalement.objects.count() == 2


def test_derriere_un_proxy_une_adresse_inventee_a_gauche_ne_compte_pas(client, t, settings):
    settings.TRUSTED_PROXIES = 1
    alliances = [alliance_a(t.lyon, statut="publiee")[0] for _ in range(6)]
    for n, alliance in enumerate(alliances):
        response = client.post(
            _signaler(alliance),
            {"motif": "autre"},
            REMOTE_ADDR="10.0.0.1",
            # The client types the first entry; the proxy appends the real address.
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}, 198.51.100.7",
        )
    assert response.status_code == 429


def test_apres_un_maintien_les_signalements_ne_remasquent_pas(client, t):
    alliance, _ = alliance_a(t.lyon, statut="publiee")
    signaler_par_trois(alliance)
    workflow.decide(alliance, by=t.cat_rhone.user, to="publiee")
    cache.clear()
    signaler_par_trois(alliance)
    alliance.refresh_from_db()
    assert alliance.statut == "publiee"
    assert Signalement.objects.ouverts().count() == 3


def test_passe_le_repit_les_signalements_masquent_de_nouveau(client, t):
    alliance, _ = alliance_a(t.lyon, statut="publiee")
    signaler_par_trois(alliance)
    workflow.decide(alliance, by=t.cat_rhone.user, to="publiee")
    Signalement.objects.update(closed_at=timezone.now() - timedelta(days=31))
    cache.clear()
    signaler_par_trois(alliance)
    alliance.refresh_from_db()
    assert alliance.statut == "en_attente"


# 2. La file suit un contenu en attente qui change de lieu


def test_deplacer_une_alliance_en_attente_la_fait_changer_de_file(client, t):
    alliance, membre = alliance_a(t.lyon, titre="Alliance qui déménage")
    soumettre(alliance)
    alliance.commune = t.grenoble
    alliances_services.alliance_update(by=membre.user, alliance=alliance, domaines=[], odd=[])
    client.force_login(t.cat_isere.user)
    assert "Alliance qui déménage" in texte(client.get(FILE))
    assert client.get(_examen(alliance)).status_code == 200
    client.force_login(t.cat_rhone.user)
    assert "Alliance qui déménage" not in texte(client.get(FILE))
    assert client.get(_examen(alliance)).status_code == 404


# 3. Un contenu publié ne change pas de périmètre sans relecture


def test_deplacer_une_alliance_publiee_la_renvoie_en_moderation_avec_le_nom_des_communes(client, t):
    alliance, membre = alliance_a(t.lyon)
    workflow.transition(alliance, to="publiee", by=t.cat_rhone.user)
    alliance.commune = t.grenoble
    alliances_services.alliance_update(by=membre.user, alliance=alliance, domaines=[], odd=[])
    alliance.refresh_from_db()
    assert alliance.statut == "en_attente"
    client.force_login(t.cat_isere.user)
    html = texte(client.get(_examen(alliance)))
    assert "<del>Lyon d'essai (" in html and "<ins>Grenoble d'essai (" in html


def test_donner_une_portee_nationale_a_une_alliance_publiee_la_renvoie_en_moderation(t):
    alliance, membre = alliance_a(t.lyon, statut="publiee")
    alliance.portee = "nationale"
    alliances_services.alliance_update(by=membre.user, alliance=alliance, domaines=[], odd=[])
    alliance.refresh_from_db()
    assert alliance.statut == "en_attente"


def test_rendre_nationale_une_offre_publiee_la_renvoie_en_moderation(t):
    offre = OffreFactory(commune=t.lyon)
    membre = MembreFactory(organisation=offre.organisation)
    offre.national = True
    offres_services.offre_update(by=membre.user, offre=offre, domaines=[], odd=[])
    offre.refresh_from_db()
    assert offre.statut == "en_attente"


def test_deplacer_le_siege_d_une_organisation_publiee_la_renvoie_en_moderation(t):
    organisation = OrganisationFactory(siege=t.lyon)
    admin = MembreFactory(organisation=organisation, admin=True)
    organisation.siege = t.grenoble
    organisations_services.organisation_update(
        by=admin.user, organisation=organisation, domaines=[], odd=[]
    )
    organisation.refresh_from_db()
    assert organisation.statut == "en_attente"
    assert Soumission.objects.get(object_id=organisation.pk).departement_id == t.isere.code


# 4. Recours sur un contenu qui a changé depuis


def _depubliee_contestee(t):
    alliance, membre = alliance_a(t.lyon, statut="publiee", titre="Alliance contestée")
    workflow.transition(alliance, to="depubliee", by=t.cat_rhone.user, motif="inexact")
    recours = contestations.recours_create(by=membre.user, item=alliance, texte="Relisez.")
    return alliance, membre, recours


def test_soumettre_de_nouveau_clot_le_recours(client, t):
    alliance, membre, recours = _depubliee_contestee(t)
    alliances_services.alliance_update(by=membre.user, alliance=alliance, domaines=[], odd=[])
    alliance.refresh_from_db()
    assert alliance.statut == "en_attente"
    recours.refresh_from_db()
    assert recours.decided_at is not None and recours.accepte is None
    client.force_login(t.cat_ara.user)
    assert "Alliance contestée" not in texte(client.get(FILE)).split("Recours")[-1]
    url = reverse("moderation:recours", args=[recours.pk])
    assert client.post(url, {"accepte": "oui", "reponse": "Oui."}).status_code == 404


def test_un_recours_sur_un_contenu_qui_a_change_de_statut_ne_se_tranche_plus(client, t):
    alliance, _, recours = _depubliee_contestee(t)
    # Moved on without passing through a resubmission (a fix by staff, say).
    type(alliance).objects.filter(pk=alliance.pk).update(statut="a_corriger")
    client.force_login(t.cat_ara.user)
    url = reverse("moderation:recours", args=[recours.pk])
    assert client.post(url, {"accepte": "oui", "reponse": "Oui."}).status_code == 404
    alliance.refresh_from_db()
    assert alliance.statut == "a_corriger"


def test_un_refus_du_workflow_au_moment_de_trancher_donne_un_message(client, t, monkeypatch):
    _, _, recours = _depubliee_contestee(t)

    def refuse(*args, **kwargs):
        raise ValidationError("Impossible de passer de « A » à « B ».")

    monkeypatch.setattr(contestations, "transition", refuse)
    client.force_login(t.cat_ara.user)
    url = reverse("moderation:recours", args=[recours.pk])
    response = client.post(url, {"accepte": "oui", "reponse": "Le partenariat est avéré."})
    assert response.status_code == 400
    assert "ne peut plus être tranché" in texte(response)
    assert "Le partenariat est avéré." in texte(response)


def test_accepter_un_recours_clot_les_signalements(t):
    alliance, membre, recours = _depubliee_contestee(t)
    Signalement.objects.create(
        nature="alliance", object_id=alliance.pk, titre="x", motif="autre", empreinte="a"
    )
    contestations.recours_decide(by=t.cat_ara.user, recours=recours, accepte=True, reponse="Oui.")
    assert not Signalement.objects.ouverts().exists()


def test_un_recours_depose_previent_ceux_qui_peuvent_le_trancher(
    t, django_capture_on_commit_callbacks
):
    alliance, membre = alliance_a(t.lyon, statut="publiee", titre="Alliance contestée")
    workflow.transition(alliance, to="depubliee", by=t.cat_rhone.user, motif="inexact")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        recours = contestations.recours_create(by=membre.user, item=alliance, texte="Relisez.")
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {t.cat_ara.user.email}
    assert "Alliance contestée" in mail.outbox[0].subject
    assert reverse("moderation:recours", args=[recours.pk]) in mail.outbox[0].body
    # Idempotent: the task run twice emails nobody again.
    assert contestations.recours_notify(recours_id=recours.pk) == 0


# 5. Conflit d'intérêts : l'organisation pour laquelle agit le catalyseur


def test_un_catalyseur_ne_modere_rien_de_l_organisation_pour_laquelle_il_agit(client, t):
    fondation = OrganisationFactory(siege=t.lyon, nom="Fondation du Rhône", en_attente=True)
    soumettre(fondation)
    catalyseur = CatalyseurFactory(organisation=fondation, departement=t.rhone)
    alliance, _ = alliance_a(t.lyon, titre="Alliance de la fondation")
    ParticipationFactory(alliance=alliance, organisation=fondation)
    soumettre(alliance)
    offre = OffreFactory(organisation=fondation, commune=t.lyon, titre="Offre de la fondation")
    soumettre(offre)
    client.force_login(catalyseur.user)
    html = texte(client.get(FILE))
    assert "Fondation du Rhône" not in html
    assert "Alliance de la fondation" not in html and "Offre de la fondation" not in html
    assert client.get(_examen(fondation, "organisation")).status_code == 404
    assert client.get(_examen(alliance)).status_code == 404
    assert client.get(_examen(offre, "offre")).status_code == 404
    response = client.post(
        reverse("moderation:decider", args=["alliance", alliance.pk]),
        {"action": "publier"},
    )
    assert response.status_code == 404
    alliance.refresh_from_db()
    assert alliance.statut == "en_attente"


# 6. Un contenu supprimé quitte la file et les signalements


def test_supprimer_un_contenu_le_retire_de_la_file_et_des_signalements(client, t):
    alliance, _ = alliance_a(t.lyon, titre="Alliance supprimée")
    soumettre(alliance)
    publiee, _ = alliance_a(t.lyon, statut="publiee", titre="Alliance signalée puis supprimée")
    signalements.signalement_create(item=publiee, user=None, adresse="192.0.2.1", motif="autre")
    organisation = OrganisationFactory(siege=t.lyon)
    offre = OffreFactory(organisation=organisation, commune=t.lyon, titre="Offre emportée")
    soumettre(offre)
    alliance.delete()
    publiee.delete()
    organisation.delete()  # takes its offre with it
    assert not Soumission.objects.exists() and not Signalement.objects.exists()
    client.force_login(t.cat_rhone.user)
    html = texte(client.get(FILE))
    assert "supprimée" not in html and "Offre emportée" not in html


def test_apres_une_decision_la_suite_saute_un_contenu_disparu(client, t):
    alliance, _ = alliance_a(t.lyon, titre="Alliance à décider")
    soumettre(alliance)
    suivante, _ = alliance_a(t.givors, titre="Alliance suivante")
    soumettre(suivante)
    # A row left by an older version of the code: older than the others, its item gone.
    Soumission.objects.create(
        nature="alliance",
        object_id=999_999,
        titre="Fantôme",
        departement=t.rhone,
        region=t.ara,
        submitted_at=timezone.now() - timedelta(days=30),
    )
    client.force_login(t.cat_rhone.user)
    response = client.post(
        reverse("moderation:decider", args=["alliance", alliance.pk]),
        {"action": "publier"},
    )
    assert response.status_code == 302
    assert response.url == _examen(suivante)


# 7. Les recours de la file : un nombre constant de requêtes


@pytest.mark.parametrize("nombre", [1, 10])
def test_la_file_avec_recours_et_signalements_fait_autant_de_requetes(
    client, t, django_assert_num_queries, nombre
):
    # A catalyseur who is also a member of an organisation (conflict-of-interest subqueries).
    MembreFactory(user=t.cat_ara.user, organisation=OrganisationFactory(siege=t.grenoble))
    for n in range(nombre):
        alliance, membre = alliance_a(t.lyon, statut="publiee", titre=f"Contestée {n}")
        workflow.transition(alliance, to="depubliee", by=t.cat_rhone.user, motif="inexact")
        contestations.recours_create(by=membre.user, item=alliance, texte="Relisez.")
        signalee, _ = alliance_a(t.givors, statut="publiee", titre=f"Signalée {n}")
        signalements.signalement_create(
            item=signalee, user=None, adresse="192.0.2.1", motif="autre"
        )
        cache.clear()
    organisation = OrganisationFactory(siege=t.lyon, en_attente=True)
    workflow.transition(organisation, to="refusee", by=t.cat_rhone.user, motif="doublon")
    admin = MembreFactory(organisation=organisation, admin=True)
    contestations.recours_create(by=admin.user, item=organisation, texte="Pas un doublon.")
    soumettre(alliance_a(t.grenoble, titre="En attente à Grenoble")[0])
    client.force_login(t.cat_ara.user)
    # session, user, perimeter, count, page, appeals, their organisations, their alliances,
    # the authors' appointments, reports, and the options of the région, département and EPCI
    # choosers
    with django_assert_num_queries(13):
        response = client.get(FILE)
    html = texte(response)
    assert all(f"Contestée {n}" in html for n in range(nombre))
    assert all(f"Signalée {n}" in html for n in range(nombre))
    assert organisation.nom in html and "En attente à Grenoble" in html


# 8. La page 410 ne montre rien de l'alliance au public


def test_une_alliance_depubliee_repond_410_sans_son_titre(client, t):
    alliance, _ = alliance_a(t.lyon, statut="publiee", titre="Titre à ne pas montrer")
    workflow.transition(alliance, to="depubliee", by=t.cat_rhone.user, motif="inexact")
    response = client.get(alliance.get_absolute_url())
    assert response.status_code == 410
    assert "n'est plus publiée" in texte(response)
    assert "Titre à ne pas montrer" not in texte(response)


def test_une_alliance_publiee_puis_modifiee_repond_410_le_temps_du_reexamen(client, t):
    alliance, membre = alliance_a(t.lyon)
    workflow.transition(alliance, to="publiee", by=t.cat_rhone.user)
    alliance.titre = "Nouveau titre pas encore relu"
    alliances_services.alliance_update(by=membre.user, alliance=alliance, domaines=[], odd=[])
    response = client.get(alliance.get_absolute_url())
    assert response.status_code == 410
    assert "en cours de réexamen" in texte(response)
    assert "Nouveau titre" not in texte(response)


def test_une_alliance_jamais_publiee_repond_404(client, t):
    alliance, _ = alliance_a(t.lyon)
    workflow.transition(alliance, to="a_corriger", by=t.cat_rhone.user, motif="incomplet")
    assert client.get(alliance.get_absolute_url()).status_code == 404


# Un contenu masqué disparaît de partout


@pytest.fixture
def masquee(t):
    alliance, _ = alliance_a(t.lyon, statut="publiee", titre="Potager masqué")
    signaler_par_trois(alliance)
    alliance.refresh_from_db()
    assert alliance.statut == "en_attente"
    return alliance


def test_un_contenu_masque_quitte_la_recherche(client, masquee):
    html = texte(client.get(reverse("alliances:alliance_list"), {"q": "potager"}))
    assert "Potager masqué" not in html


def test_un_contenu_masque_quitte_la_carte(client, masquee):
    response = client.get(
        reverse("alliances:alliance_map_points"), {"bbox": "-5.3,41.2,9.7,51.2", "zoom": "14"}
    )
    assert response.status_code == 200
    assert masquee.slug not in response.content.decode()
    assert response.json()["points"] == []


def test_un_contenu_masque_quitte_le_plan_du_site(client, masquee):
    body = client.get(reverse("sitemap_section", args=["alliances"])).content.decode()
    assert masquee.slug not in body


def test_un_contenu_masque_quitte_le_flux_atom(client, masquee):
    body = client.get(reverse("alliances:alliance_feed")).content.decode()
    assert "Potager masqué" not in body


# 10. Chiffres publics


def test_les_chiffres_publics_comptent_les_depublications(client, t):
    alliance, _ = alliance_a(t.lyon, statut="publiee")
    workflow.transition(alliance, to="depubliee", by=t.cat_rhone.user, motif="publicite")
    html = texte(client.get(reverse("moderation:chiffres")))
    assert "Contenu publicitaire" in html
    figures = chiffres.figures_compute("national", None)
    assert figures["total"] == 1
    assert figures["motifs"][0]["code"] == "publicite"


def test_la_mediane_d_attente_est_calculee_par_la_base(t):
    for heures in (2, 4, 30):
        alliance, _ = alliance_a(t.lyon)
        soumettre(alliance, il_y_a=timedelta(hours=heures))
        workflow.transition(alliance, to="publiee", by=t.cat_rhone.user)
    figures = chiffres.figures_compute("departement", t.rhone.code)
    assert round(figures["mediane_heures"]) == 4
    assert round(chiffres.dashboard("departement", t.rhone.code)["mediane_heures"]) == 4


def test_les_chiffres_publics_sont_gardes_quelques_minutes(client, t):
    url = reverse("moderation:chiffres")
    client.get(url)
    alliance, _ = alliance_a(t.lyon, statut="publiee")
    workflow.transition(alliance, to="depubliee", by=t.cat_rhone.user, motif="publicite")
    assert "Contenu publicitaire" not in texte(client.get(url))
    cache.clear()
    assert "Contenu publicitaire" in texte(client.get(url))


def test_le_perimetre_d_un_catalyseur_exige_un_territoire_du_niveau(t):
    from django.core.exceptions import ValidationError

    from moderation.models import Catalyseur

    catalyseur = Catalyseur(user=UserFactory(), organisation=OrganisationFactory(), niveau="region")
    with pytest.raises(ValidationError) as error:
        catalyseur.full_clean()
    assert "Le périmètre doit correspondre au niveau choisi" in str(error.value)


# Ce qui manquait


def test_la_file_se_filtre_par_region_et_par_epci(client, t):
    lyon, _ = alliance_a(t.lyon, titre="Alliance de la métropole")
    givors, _ = alliance_a(t.givors, titre="Alliance hors métropole")
    for alliance in (lyon, givors):
        soumettre(alliance)
    client.force_login(t.staff)
    html = texte(client.get(FILE, {"epci": t.metropole.siren}))
    assert "Alliance de la métropole" in html and "hors métropole" not in html
    html = texte(client.get(FILE, {"region": t.ara.code}))
    assert "Alliance de la métropole" in html and "hors métropole" in html
    # A value the EPCI chooser doesn't hold is ignored (and said so).
    response = client.get(FILE, {"epci": "abc"})
    assert response.status_code == 200
    assert "Alliance de la métropole" in texte(response) and "hors métropole" in texte(response)
    assert response.context["form"].errors["epci"]


@pytest.mark.parametrize(
    ("qui", "voit"), [("catalyseur", True), ("staff", True), ("membre", False)]
)
def test_le_lien_moderation_de_l_en_tete_est_pour_les_moderateurs(client, t, qui, voit):
    user = {"catalyseur": t.cat_rhone.user, "staff": t.staff, "membre": UserFactory()}[qui]
    client.force_login(user)
    html = texte(client.get(reverse("alliances:alliance_list")))
    assert (f'href="{FILE}"' in html) is voit


def test_la_page_d_une_offre_mene_au_signalement_et_aux_decisions(client, t):
    offre = OffreFactory(commune=t.lyon)
    html = texte(client.get(offre.get_absolute_url()))
    assert reverse("moderation:signaler", args=["offre", offre.slug]) in html
    assert "Décisions de modération" not in html
    client.force_login(MembreFactory(organisation=offre.organisation).user)
    html = texte(client.get(offre.get_absolute_url()))
    assert reverse("moderation:historique", args=["offre", offre.pk]) in html
    client.logout()
    response = client.post(
        reverse("moderation:signaler", args=["offre", offre.slug]), {"motif": "arnaque"}
    )
    assert response.status_code == 302
    assert Signalement.objects.get().nature == "offre"


def test_l_historique_montre_les_signalements_classes(client, t):
    alliance, membre = alliance_a(t.lyon, statut="publiee")
    signalements.signalement_create(item=alliance, user=None, adresse="192.0.2.1", motif="autre")
    signalements.signalements_keep(alliance, by=t.cat_rhone.user)
    client.force_login(membre.user)
    html = texte(client.get(reverse("moderation:historique", args=["alliance", alliance.pk])))
    assert "1 signalement examiné, contenu maintenu en ligne" in html


def test_les_offres_de_demonstration_en_attente_sont_dans_la_file(t):
    from offres.demo import demo_offres_create
    from offres.models import Offre

    for kind in ("association", "entreprise"):
        OrganisationFactory(siege=t.lyon, kind=kind, is_demo=True, entreprise=kind == "entreprise")
    assert demo_offres_create(count=40) > 0
    waiting = set(Offre.objects.filter(statut="en_attente").values_list("pk", flat=True))
    assert waiting
    assert set(Soumission.objects.filter(nature="offre").values_list("object_id", flat=True)) == (
        waiting
    )
