"""Alerts: saved searches of offres or alliances, daily or weekly digests, one-click
unsubscribe without logging in."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from offres import services
from offres.models import Alerte, Offre
from offres.tasks import alertes_send_digests
from tests.factories import (
    AlerteFactory,
    AllianceFactory,
    OffreFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def courriels(django_capture_on_commit_callbacks):
    def envoyer(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return envoyer


def _lien(body: str) -> str:
    for line in body.splitlines():
        if "/alertes/desabonnement/" in line:
            return line.strip().removeprefix("http://testserver")
    raise AssertionError("aucun lien de désabonnement")


def test_enregistrer_une_recherche_depuis_la_page_des_offres(client):
    user = UserFactory()
    client.force_login(user)
    html = client.get(reverse("offres:offre_list"), {"ressource": "locaux"}).content.decode()
    lien = reverse("offres:alerte_new") + "?cible=offres&amp;ressource=locaux"
    assert lien in html
    form = client.get(lien.replace("&amp;", "&")).context["form"]
    assert form.initial["criteres"] == "ressource=locaux"
    response = client.post(
        reverse("offres:alerte_list"),
        {
            "nom": "Des locaux",
            "frequence": "quotidienne",
            "cible": "offres",
            "criteres": "ressource=locaux&page=3",
        },
    )
    assert response.status_code == 302
    alerte = Alerte.objects.get()
    assert (alerte.user, alerte.criteres, alerte.frequence) == (
        user,
        "ressource=locaux",
        "quotidienne",
    )
    assert "Des locaux" in client.get(reverse("offres:alerte_list")).content.decode()


def test_la_page_des_alliances_propose_aussi_une_alerte(client):
    client.force_login(UserFactory())
    html = client.get(reverse("alliances:alliance_list"), {"typologie": "mecenat"}).content
    assert b"?cible=alliances&amp;typologie=mecenat" in html


def test_un_nom_vide_est_explique(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("offres:alerte_list"),
        {"nom": "", "frequence": "quotidienne", "cible": "offres", "criteres": ""},
    )
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not Alerte.objects.exists()


def test_on_ne_supprime_que_ses_propres_alertes(client):
    alerte = AlerteFactory()
    client.force_login(UserFactory())
    assert client.post(reverse("offres:alerte_delete", args=[alerte.pk])).status_code == 404
    client.force_login(alerte.user)
    assert client.post(reverse("offres:alerte_delete", args=[alerte.pk])).status_code == 302
    assert not Alerte.objects.exists()


def test_le_recapitulatif_quotidien_liste_les_nouvelles_offres_qui_correspondent(courriels):
    alerte = AlerteFactory(criteres="ressource=locaux", user__email="veille@exemple.fr")
    ancienne = OffreFactory(titre="Ancienne", ressources=",locaux,")
    cinq_jours = timezone.now() - timedelta(days=5)
    Offre.objects.filter(pk=ancienne.pk).update(created_at=cinq_jours, published_at=cinq_jours)
    OffreFactory(titre="Un hangar à partager", ressources=",locaux,")
    OffreFactory(titre="Autre ressource", ressources=",financement,")
    OffreFactory(titre="Pas encore publiée", ressources=",locaux,", en_attente=True)

    assert courriels(alertes_send_digests.delay, "quotidienne").get() == 1
    (courriel,) = mail.outbox
    assert courriel.to == ["veille@exemple.fr"]
    assert courriel.subject == "Alerte « Mécénat près de chez moi » : 1 nouvelle offre"
    assert "Un hangar à partager" in courriel.body
    for absente in ("Ancienne", "Autre ressource", "Pas encore publiée"):
        assert absente not in courriel.body
    assert courriel.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert _lien(courriel.body) in courriel.extra_headers["List-Unsubscribe"]

    # Idempotent: a second run the same day sends nothing.
    assert courriels(alertes_send_digests.delay, "quotidienne").get() == 0
    assert courriels(services.alerte_send_digest, alerte_id=alerte.pk) == 0
    assert len(mail.outbox) == 1


def test_le_recapitulatif_hebdomadaire_attend_sa_semaine(courriels):
    alerte = AlerteFactory(
        frequence="hebdomadaire",
        cible="alliances",
        last_sent_at=timezone.now() - timedelta(days=3),
    )
    AllianceFactory(titre="Une alliance toute neuve")
    assert services.alertes_due(frequence="hebdomadaire") == []
    semaine_plus_tard = timezone.now() + timedelta(days=4)
    assert services.alertes_due(frequence="hebdomadaire", now=semaine_plus_tard) == [alerte.pk]
    assert courriels(services.alerte_send_digest, alerte_id=alerte.pk, now=semaine_plus_tard) == 1
    assert "Une alliance toute neuve" in mail.outbox[0].body
    assert mail.outbox[0].subject.endswith("1 nouvelle alliance")


def test_sans_nouveaute_aucun_courriel(courriels):
    AlerteFactory()
    assert courriels(alertes_send_digests.delay, "quotidienne").get() == 1
    assert mail.outbox == []


def test_des_criteres_invalides_n_empechent_pas_le_recapitulatif(courriels):
    AlerteFactory(criteres="rayon=-5&sens=n%27importe&q=%00")
    OffreFactory(titre="Toujours trouvée")
    courriels(alertes_send_digests.delay, "quotidienne")
    assert "Toujours trouvée" in mail.outbox[0].body


def test_le_desabonnement_en_un_clic_sans_se_connecter(client, courriels):
    alerte = AlerteFactory()
    OffreFactory(titre="Nouveauté")
    courriels(services.alerte_send_digest, alerte_id=alerte.pk)
    lien = _lien(mail.outbox[0].body)
    # Opening the link (a person, or a mail scanner) only asks for confirmation.
    response = client.get(lien)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Voulez-vous ne plus la recevoir ?" in html
    assert "Me désabonner de cette alerte</button>" in html
    alerte.refresh_from_db()
    assert alerte.active
    # The button posts, without being logged in nor any CSRF token.
    response = Client(enforce_csrf_checks=True).post(lien)
    assert response.status_code == 200
    assert "Vous ne recevrez plus l'alerte « Mécénat près de chez moi »." in (
        response.content.decode()
    )
    alerte.refresh_from_db()
    assert not alerte.active
    OffreFactory(titre="Encore une")
    assert (
        services.alertes_due(frequence="quotidienne", now=timezone.now() + timedelta(days=2)) == []
    )
    # The mail client's own one-click button (RFC 8058) posts to the same link, without a
    # CSRF token.
    alerte.active = True
    alerte.save()
    client_courriel = Client(enforce_csrf_checks=True)
    assert client_courriel.post(lien, {"List-Unsubscribe": "One-Click"}).status_code == 200
    alerte.refresh_from_db()
    assert not alerte.active
    # The page offers to start again.
    client.post(lien, {"reactiver": "1"})
    alerte.refresh_from_db()
    assert alerte.active


@pytest.mark.parametrize("token", ["faux", "1:abc:def", "x" * 300])
def test_un_lien_de_desabonnement_invalide_est_explique(client, token):
    response = client.get(reverse("offres:alerte_unsubscribe", args=[token]))
    assert response.status_code == 400
    assert "Ce lien de désabonnement n" in response.content.decode()


def test_les_recapitulatifs_sont_planifies(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["alertes-quotidiennes"]["args"] == ["quotidienne"]
    assert schedule["alertes-hebdomadaires"]["args"] == ["hebdomadaire"]


@pytest.mark.worker
def test_le_worker_envoie_le_recapitulatif(transactional_db, courriels_du_worker):
    alerte = AlerteFactory(user__email="veille.worker@exemple.fr", criteres="sens=propose")
    OffreFactory(propose=True, titre="Du matériel à donner", ressources=",materiel,")
    assert services.alerte_send_digest(alerte_id=alerte.pk) == 1
    (courriel,) = courriels_du_worker("veille.worker@exemple.fr", "1 nouvelle offre")
    corps = courriel.get_content()
    assert "Du matériel à donner" in corps
    assert "/alertes/desabonnement/" in corps
    assert courriel["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
