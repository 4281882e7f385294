"""The moderation space, the report form, the public figures and the 410 of an unpublished
alliance, through the pages a user sees."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from moderation import contestations, motifs, signalements, workflow
from moderation.models import Decision, Recours, Signalement, Soumission
from tests.factories import CatalyseurFactory, UserFactory, soumettre
from tests.moderation import fixtures as moderation_fixtures
from tests.moderation.fixtures import alliance_a

t = moderation_fixtures.t


def texte(response) -> str:
    """The page as a reader sees it (entities decoded)."""
    return unescape(response.content.decode())


FILE = reverse("moderation:file")


def _examen(item, nature="alliance"):
    return reverse("moderation:examen", args=[nature, item.pk])


def _decider(item, nature="alliance"):
    return reverse("moderation:decider", args=[nature, item.pk])


@pytest.fixture
def file_rhone_isere(t):
    lyon, _ = alliance_a(t.lyon, titre="Cantine solidaire de Lyon")
    givors, _ = alliance_a(t.givors, titre="Atelier vélo de Givors")
    grenoble, _ = alliance_a(t.grenoble, titre="Recyclerie de Grenoble")
    for alliance in (lyon, givors, grenoble):
        soumettre(alliance)
    return lyon, givors, grenoble


@pytest.mark.parametrize(
    ("catalyseur", "voit", "ne_voit_pas"),
    [
        ("cat_rhone", ["Lyon", "Givors"], ["Grenoble"]),
        ("cat_isere", ["Grenoble"], ["Lyon", "Givors"]),
        ("cat_ara", ["Lyon", "Givors", "Grenoble"], []),
        ("cat_metropole", ["Lyon"], ["Givors", "Grenoble"]),
        ("staff", ["Lyon", "Givors", "Grenoble"], []),
    ],
)
def test_chaque_catalyseur_voit_la_file_de_son_perimetre(
    client, t, file_rhone_isere, catalyseur, voit, ne_voit_pas
):
    user = t.staff if catalyseur == "staff" else getattr(t, catalyseur).user
    client.force_login(user)
    html = texte(client.get(FILE))
    for ville in voit:
        assert ville in html
    for ville in ne_voit_pas:
        assert ville not in html


def test_le_catalyseur_du_rhone_ne_voit_pas_l_isere(client, t, file_rhone_isere):
    _, _, grenoble = file_rhone_isere
    client.force_login(t.cat_rhone.user)
    assert client.get(_examen(grenoble)).status_code == 404
    response = client.post(_decider(grenoble), {"action": "publier"})
    assert response.status_code == 404
    grenoble.refresh_from_db()
    assert grenoble.statut == "en_attente"


def test_le_catalyseur_de_la_region_agit_sur_les_deux(client, t, file_rhone_isere):
    lyon, _, grenoble = file_rhone_isere
    client.force_login(t.cat_ara.user)
    for alliance in (lyon, grenoble):
        assert client.get(_examen(alliance)).status_code == 200
        client.post(_decider(alliance), {"action": "publier"})
        alliance.refresh_from_db()
        assert alliance.statut == "publiee"


@pytest.mark.parametrize("qui", ["visiteur", "utilisateur", "membre", "catalyseur_retire"])
def test_la_moderation_est_fermee_a_qui_n_est_pas_catalyseur(client, t, file_rhone_isere, qui):
    lyon, _, _ = file_rhone_isere
    if qui == "utilisateur":
        client.force_login(UserFactory())
    elif qui == "membre":
        client.force_login(lyon.participations.get(role="porteur").organisation.membres.get().user)
    elif qui == "catalyseur_retire":
        t.cat_rhone.actif = False
        t.cat_rhone.save()
        client.force_login(t.cat_rhone.user)
    for url in (FILE, _examen(lyon), reverse("moderation:tableau_de_bord")):
        response = client.get(url)
        assert response.status_code == (302 if qui == "visiteur" else 404)
    response = client.post(_decider(lyon), {"action": "publier"})
    assert response.status_code in (302, 404)
    lyon.refresh_from_db()
    assert lyon.statut == "en_attente"


def test_un_catalyseur_membre_ne_voit_pas_l_alliance_de_son_organisation(client, t):
    alliance, membre = alliance_a(t.lyon, titre="Alliance de ma fondation")
    soumettre(alliance)
    CatalyseurFactory(user=membre.user, departement=t.rhone)
    client.force_login(membre.user)
    assert "Alliance de ma fondation" not in texte(client.get(FILE))
    assert client.get(_examen(alliance)).status_code == 404
    # The other catalyseurs of the Rhône still have it.
    client.force_login(t.cat_rhone.user)
    assert "Alliance de ma fondation" in texte(client.get(FILE))


def test_la_file_est_triee_et_filtree(client, t, file_rhone_isere):
    lyon, givors, grenoble = file_rhone_isere
    Soumission.objects.filter(object_id=givors.pk).update(
        submitted_at=timezone.now() - timedelta(days=9)
    )
    client.force_login(t.cat_ara.user)
    html = texte(client.get(FILE))
    assert html.index("Givors") < html.index("Lyon")
    html = texte(client.get(FILE, {"anciennete": "7"}))
    assert "Givors" in html and "Lyon" not in html
    html = texte(client.get(FILE, {"departement": t.isere.code}))
    assert "Grenoble" in html and "Lyon" not in html
    html = texte(client.get(FILE, {"nature": "organisation"}))
    assert "0 contenus en attente" in html


def test_la_file_se_filtre_avec_les_selecteurs_de_territoire(client, t, file_rhone_isere):
    """The région, département and EPCI filters are choosers (by name), not code fields; the
    EPCI chooser offers those with something waiting in the perimeter."""
    client.force_login(t.cat_ara.user)
    response = client.get(FILE)
    form = response.context["form"]
    for name in ("region", "departement", "epci"):
        assert form[name].widget_type == "select", name
    html = response.content.decode()
    assert f'<option value="{t.ara.code}">{t.ara.nom}</option>' in unescape(html)
    assert f'<option value="{t.metropole.siren}">{t.metropole.nom}</option>' in unescape(html)
    html = texte(client.get(FILE, {"epci": t.metropole.siren}))
    assert "Lyon" in html and "Givors" not in html and "Grenoble" not in html
    html = texte(client.get(FILE, {"region": t.ara.code, "departement": t.rhone.code}))
    assert "Lyon" in html and "Givors" in html and "Grenoble" not in html


@pytest.mark.parametrize(
    "query",
    [
        {"nature": "n'importe"},
        {"anciennete": "-1"},
        {"page": "x"},
        {"departement": "ABCD"},
        {"epci": "1"},
    ],
)
def test_la_file_accepte_n_importe_quelle_adresse(client, t, file_rhone_isere, query):
    client.force_login(t.cat_rhone.user)
    response = client.get(FILE, query)
    assert response.status_code == 200
    assert "en attente" in texte(response)


@pytest.mark.parametrize("nombre", [10, 10_000])
def test_la_file_fait_autant_de_requetes_quelle_que_soit_sa_longueur(
    client, t, django_assert_num_queries, nombre
):
    Soumission.objects.bulk_create(
        Soumission(
            nature="alliance",
            object_id=n + 1,
            titre=f"Alliance en attente {n}",
            commune=t.lyon,
            departement=t.rhone,
            region=t.ara,
            submitted_at=timezone.now() - timedelta(minutes=n),
        )
        for n in range(nombre)
    )
    client.force_login(t.cat_ara.user)
    # session, user, perimeter (read once), count, page, reports, appeals, and the options of
    # the région, département and EPCI choosers
    with django_assert_num_queries(10):
        response = client.get(FILE)
    assert f"{nombre:,}".replace(",", "\u202f") in texte(response) or (
        str(nombre) in texte(response)
    )


def test_sans_javascript_decider_mene_au_contenu_suivant(client, t, file_rhone_isere):
    lyon, givors, _ = file_rhone_isere
    client.force_login(t.cat_rhone.user)
    response = client.post(_decider(lyon), {"action": "publier"})
    assert response.status_code == 302
    assert response.url == _examen(givors)


def test_avec_htmx_decider_affiche_le_suivant_sans_recharger(client, t, file_rhone_isere):
    lyon, givors, _ = file_rhone_isere
    client.force_login(t.cat_rhone.user)
    response = client.post(
        _decider(lyon),
        {"action": "corriger", "motif": "incomplet", "texte": "Précisez les rôles."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response["HX-Push-Url"] == _examen(givors)
    assert "Atelier vélo de Givors" in texte(response)
    assert "Décision enregistrée pour « Cantine solidaire de Lyon »" in texte(response)
    lyon.refresh_from_db()
    assert lyon.statut == "a_corriger"


def test_une_decision_sans_motif_est_refusee_et_garde_la_saisie(client, t, file_rhone_isere):
    lyon, _, _ = file_rhone_isere
    client.force_login(t.cat_rhone.user)
    response = client.post(
        _decider(lyon), {"action": "refuser", "motif": "", "message": "Mon message gardé"}
    )
    assert response.status_code == 400
    html = texte(response)
    assert "Choisissez le motif" in html
    assert "Mon message gardé" in html
    lyon.refresh_from_db()
    assert lyon.statut == "en_attente"


def test_l_examen_montre_les_changements_depuis_la_version_publiee(client, t):
    alliance, _ = alliance_a(t.lyon, titre="Ancien titre")
    workflow.transition(alliance, to="publiee", by=t.cat_rhone.user)
    alliance.titre = "Nouveau titre"
    alliance.save()
    workflow.transition(alliance, to="en_attente", by=None)
    client.force_login(t.cat_rhone.user)
    html = texte(client.get(_examen(alliance)))
    assert "<del>Ancien titre</del>" in html and "<ins>Nouveau titre</ins>" in html


def test_une_alliance_depubliee_repond_410(client, t):
    alliance, membre = alliance_a(t.lyon, statut="publiee")
    workflow.transition(alliance, to="depubliee", by=t.cat_rhone.user, motif="inexact")
    response = client.get(alliance.get_absolute_url())
    assert response.status_code == 410
    assert "n'est plus publiée" in texte(response)
    # Its members still read it.
    client.force_login(membre.user)
    assert client.get(alliance.get_absolute_url()).status_code == 200


def test_une_alliance_jamais_publiee_reste_introuvable(client, t):
    alliance, _ = alliance_a(t.lyon)
    assert client.get(alliance.get_absolute_url()).status_code == 404


def test_seules_les_alliances_publiees_sont_dans_la_recherche(client, t):
    publiee, _ = alliance_a(t.lyon, statut="publiee", titre="Potager partagé visible")
    depubliee, _ = alliance_a(t.lyon, statut="publiee", titre="Potager partagé retiré")
    workflow.transition(depubliee, to="depubliee", by=t.cat_rhone.user, motif="doublon")
    html = texte(client.get(reverse("alliances:alliance_list")))
    assert "Potager partagé visible" in html and "Potager partagé retiré" not in html


# Signalements


def _signaler(alliance):
    return reverse("moderation:signaler", args=["alliance", alliance.slug])


def test_un_visiteur_signale_une_alliance_publiee(client, t):
    alliance, _ = alliance_a(t.lyon, statut="publiee")
    assert "Signaler un problème" in texte(client.get(alliance.get_absolute_url()))
    response = client.post(_signaler(alliance), {"motif": "inexact", "texte": "Date fausse."})
    assert response.status_code == 302
    signalement = Signalement.objects.get()
    assert signalement.user is None and signalement.empreinte.startswith("ip")
    assert signalement.departement_id == t.rhone.code
    client.force_login(t.cat_rhone.user)
    assert alliance.titre in texte(client.get(FILE))


def test_les_signalements_sont_limites_par_heure(client, t):
    alliances = [alliance_a(t.lyon, statut="publiee")[0] for _ in range(6)]
    for alliance in alliances[:5]:
        assert client.post(_signaler(alliance), {"motif": "autre"}).status_code == 302
    response = client.post(_signaler(alliances[5]), {"motif": "autre", "texte": "Gardé"})
    assert response.status_code == 429
    assert "réessayez dans une heure" in texte(response)
    assert "Gardé" in texte(response)


def test_un_signalement_invalide_repond_400(client, t):
    alliance, _ = alliance_a(t.lyon, statut="publiee")
    response = client.post(_signaler(alliance), {"motif": "inconnu"})
    assert response.status_code == 400
    assert not Signalement.objects.exists()


def test_on_ne_signale_pas_une_alliance_non_publiee(client, t):
    alliance, _ = alliance_a(t.lyon)
    assert client.get(_signaler(alliance)).status_code == 404
    assert client.get(reverse("moderation:signaler", args=["chose", "x"])).status_code == 404


def test_classer_les_signalements_garde_le_contenu(client, t):
    alliance, _ = alliance_a(t.lyon, statut="publiee")
    signalements.signalement_create(item=alliance, user=None, adresse="192.0.2.1", motif="autre")
    client.force_login(t.cat_isere.user)
    url = reverse("moderation:signalements_classer", args=["alliance", alliance.pk])
    assert client.post(url).status_code == 404
    client.force_login(t.cat_rhone.user)
    client.post(url)
    assert Signalement.objects.get().issue == "maintenu"


# Historique et recours


def _historique(alliance):
    return reverse("moderation:historique", args=["alliance", alliance.pk])


def test_les_membres_lisent_l_historique_et_contestent_un_refus(client, t):
    alliance, membre = alliance_a(t.lyon)
    workflow.transition(alliance, to="refusee", by=t.cat_rhone.user, motif="hors_sujet")
    client.force_login(membre.user)
    html = texte(client.get(_historique(alliance)))
    assert "Hors du champ de la plateforme" in html
    assert motifs.MOTIFS["hors_sujet"].a_changer in html
    assert "Contester la décision" in html
    response = client.post(_historique(alliance), {"texte": "Nous sommes bien deux."})
    assert response.status_code == 302
    assert Recours.objects.get().texte == "Nous sommes bien deux."
    html = texte(client.get(_historique(alliance)))
    assert "Contester la décision" not in html
    assert client.post(_historique(alliance), {"texte": "Encore"}).status_code == 404


@pytest.mark.parametrize("qui", ["visiteur", "autre", "catalyseur_ailleurs"])
def test_l_historique_est_ferme_aux_autres(client, t, qui):
    alliance, _ = alliance_a(t.lyon)
    if qui == "autre":
        client.force_login(UserFactory())
    elif qui == "catalyseur_ailleurs":
        client.force_login(t.cat_isere.user)
    response = client.get(_historique(alliance))
    if qui == "visiteur":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == 404


def test_le_recours_se_tranche_par_la_region_et_jamais_par_l_auteur(client, t):
    alliance, membre = alliance_a(t.lyon, titre="Alliance contestée")
    workflow.transition(alliance, to="refusee", by=t.cat_rhone.user, motif="hors_sujet")
    recours = contestations.recours_create(by=membre.user, item=alliance, texte="Relisez.")
    url = reverse("moderation:recours", args=[recours.pk])
    client.force_login(t.cat_rhone.user)
    assert "Alliance contestée" not in texte(client.get(FILE))
    assert client.get(url).status_code == 404
    client.force_login(t.cat_ara.user)
    assert "Alliance contestée" in texte(client.get(FILE))
    response = client.post(url, {"accepte": "oui", "reponse": "Le partenariat est avéré."})
    assert response.status_code == 302
    alliance.refresh_from_db()
    assert alliance.statut == "publiee"


# Pages publiques et tableau de bord


def test_les_regles_et_les_chiffres_sont_publics(client, t):
    alliance, _ = alliance_a(t.lyon)
    workflow.transition(alliance, to="refusee", by=t.cat_rhone.user, motif="doublon")
    html = texte(client.get(reverse("moderation:regles")))
    assert "Doublon" in html and motifs.MOTIFS["doublon"].a_changer in html
    html = texte(client.get(reverse("moderation:chiffres")))
    assert "Décisions : <strong>1</strong>" in html and "Doublon : 100 %" in html
    url = reverse("moderation:chiffres_territoire", args=["region", t.ara.slug])
    assert "Doublon : 100 %" in texte(client.get(url))
    url = reverse("moderation:chiffres_territoire", args=["departement", t.isere.slug])
    assert "Décisions : <strong>0</strong>" in texte(client.get(url))
    url = reverse("moderation:chiffres_territoire", args=["planete", "terre"])
    assert client.get(url).status_code == 404


def test_le_tableau_de_bord_resume_le_perimetre(client, t, file_rhone_isere):
    lyon, givors, _ = file_rhone_isere
    Soumission.objects.filter(object_id=givors.pk).update(
        submitted_at=timezone.now() - timedelta(days=8)
    )
    workflow.transition(lyon, to="publiee", by=t.cat_rhone.user)
    client.force_login(t.cat_rhone.user)
    html = texte(client.get(reverse("moderation:tableau_de_bord")))
    assert "Rhône d'essai" in html
    assert "En attente : <strong>1</strong>" in html
    assert "plus de 7 jours : <strong>1</strong>" in html
    assert Decision.objects.filter(attente__isnull=False).exists()


@pytest.mark.parametrize(
    "path",
    [
        "/moderation/alliance/99999999999999999999999/",
        "/moderation/chose/1/",
        "/moderation/historique/alliance/99999999999999999999999/",
        "/moderation/recours/99999999999999999999999/",
    ],
)
def test_une_adresse_de_moderation_inconnue_repond_404(client, t, path):
    client.force_login(t.staff)
    assert client.get(path).status_code == 404


# Une alliance se publie à deux organisations confirmées au moins


def _alliance_du_seul_porteur(t):
    from tests.factories import AllianceFactory, OrganisationFactory, ParticipationFactory

    alliance = AllianceFactory(commune=t.lyon, statut="brouillon", titre="Alliance à un")
    ParticipationFactory(alliance=alliance, porteur=True)
    ParticipationFactory(alliance=alliance, organisation=OrganisationFactory(), en_attente=True)
    soumettre(alliance)
    return alliance


def test_une_alliance_du_seul_porteur_attend_un_second_partenaire(client, t):
    alliance = _alliance_du_seul_porteur(t)
    client.force_login(t.cat_rhone.user)
    response = client.get(_examen(alliance))
    html = texte(response)
    assert "Pas encore publiable" in html
    assert "au moins deux organisations : une seule a confirmé" in html
    assert "Publier (impossible pour l'instant)" in html
    [publier] = re.findall(r'<input[^>]*value="publier"[^>]*>', response.content.decode())
    assert " disabled" in publier

    response = client.post(_decider(alliance), {"action": "publier"})
    assert response.status_code == 400
    assert "Publication impossible. Une alliance réunit au moins deux" in texte(response)
    alliance.refresh_from_db()
    assert alliance.statut == "en_attente"
    # Asking for corrections stays possible.
    response = client.post(_decider(alliance), {"action": "corriger", "motif": "incomplet"})
    assert response.status_code in (200, 204, 302)
    alliance.refresh_from_db()
    assert alliance.statut == "a_corriger"


def test_une_alliance_se_publie_quand_un_second_partenaire_confirme(client, t):
    from alliances.models import Participation

    alliance = _alliance_du_seul_porteur(t)
    Participation.objects.filter(alliance=alliance, etat=Participation.Etat.EN_ATTENTE).update(
        etat=Participation.Etat.CONFIRMEE
    )
    client.force_login(t.cat_rhone.user)
    assert "Pas encore publiable" not in texte(client.get(_examen(alliance)))
    response = client.post(_decider(alliance), {"action": "publier"})
    assert response.status_code in (200, 204, 302)
    alliance.refresh_from_db()
    assert alliance.statut == "publiee"
