import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

NAVIGATION = {
    "Alliances": "/alliances/",
    "Acteurs": "/acteurs/",
    "Offres": "/offres/",
    "Ressources": "/ressources/",
    "Observatoire": "/observatoire/",
    "Espace pro": "/espace/",
}


def test_l_accueil_montre_la_navigation_principale_et_les_liens_d_evitement(
    client, django_assert_num_queries
):
    with django_assert_num_queries(3):
        response = client.get(reverse("accueil"))
    assert response.status_code == 200
    html = response.content.decode()
    for label, url in NAVIGATION.items():
        assert f'<a class="fr-nav__link" href="{url}">{label}</a>' in html
    assert '<a class="fr-link" href="#contenu">Contenu</a>' in html
    assert 'id="contenu"' in html
    assert '<html lang="fr"' in html


def test_les_pages_ne_chargent_rien_depuis_un_cdn(client):
    html = client.get(reverse("accueil")).content.decode()
    assert "https://" not in html.split("<body>")[0]
    assert "/static/dsfr/dist/dsfr/dsfr.min.css" in html


def test_l_espace_pro_demande_de_se_connecter(client):
    response = client.get(reverse("espace:accueil"))
    assert response.status_code == 302
    assert response["Location"] == "/comptes/connexion/?next=/espace/"


def test_l_espace_pro_s_ouvre_une_fois_connecte(client, django_user_model):
    user = django_user_model.objects.create_user(email="membre@exemple.fr", password="x")
    client.force_login(user)
    assert client.get(reverse("espace:accueil")).status_code == 200


def test_sante_dit_degrade_et_repond_200_quand_le_broker_est_injoignable(client, settings):
    # The pages work without the broker (mail waits in the outbox): the load balancer must
    # keep the server, the monitoring must see what is missing.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("sante"))
    assert response.status_code == 200
    assert response.json() == {
        "statut": "degrade",
        "services": {"base_de_donnees": "ok", "broker": "erreur", "cache": "ok"},
        "degrade": ["broker"],
        "courriels_en_attente_depuis_s": 0,
    }
    assert "no-cache" in response["Cache-Control"]


def test_sante_repond_200_quand_la_base_et_le_broker_redis_repondent(client, redis_url):
    response = client.get(reverse("sante"))
    assert response.status_code == 200
    assert response.json() == {
        "statut": "ok",
        "services": {"base_de_donnees": "ok", "broker": "ok", "cache": "ok"},
        "degrade": [],
        "courriels_en_attente_depuis_s": 0,
    }


def test_pret_repond_200_et_signale_un_beat_silencieux(client):
    response = client.get(reverse("sante_pret"))

    assert response.status_code == 200
    body = response.json()
    assert body["migrations_en_attente"] == []
    assert body["statut"] == "degrade"
    assert body["alertes"] == ["beat_silencieux"]


def test_pret_dit_ok_apres_le_battement_de_beat(client):
    from config.celery import battement

    battement()

    body = client.get(reverse("sante_pret")).json()
    assert (body["statut"], body["alertes"]) == ("ok", [])
    assert body["beat_dernier_passage_il_y_a_s"] <= 1


def test_pret_signale_les_courriels_en_retard(client, settings):
    from datetime import timedelta

    from django.utils import timezone

    from comptes.models import Courriel
    from config.celery import battement

    battement()
    settings.SANTE_COURRIELS_MAX_S = 60
    Courriel.objects.create(
        sujet="Ancien",
        destinataires="x@exemple.fr",
        message={},
        created_at=timezone.now() - timedelta(hours=1),
    )

    body = client.get(reverse("sante_pret")).json()
    assert body["alertes"] == ["courriels_en_retard"]
    assert body["courriels_en_attente_depuis_s"] >= 3600


def test_pret_repond_503_tant_que_des_migrations_attendent(client):
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    # As after a deploy whose migrations did not run: the last one is not recorded as applied.
    derniere = MigrationRecorder(connection).migration_qs.filter(app="suivis").latest("id")
    derniere.delete()

    response = client.get(reverse("sante_pret"))
    assert response.status_code == 503
    assert response.json()["migrations_en_attente"] == [f"suivis.{derniere.name}"]
