import os

from config.celery import ping


def test_une_tache_tourne_dans_le_worker_et_non_dans_le_processus_de_test(worker):
    result = ping.delay()
    answer = result.get(timeout=30)
    assert answer["pid"] != os.getpid()
    assert result.status == "SUCCESS"


def test_hors_worker_les_taches_tournent_dans_le_processus(settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    assert ping.delay().get(timeout=1)["pid"] == os.getpid()


def test_le_worker_livre_les_courriels_mis_en_file_par_le_site(
    transactional_db, courriels_du_worker
):
    from django.core.mail import send_mail

    send_mail("Essai de livraison", "Bonjour.", None, ["livraison.worker@exemple.fr"])

    [message] = courriels_du_worker("livraison.worker@exemple.fr", "Essai de livraison")
    assert message.get_content().strip() == "Bonjour."
