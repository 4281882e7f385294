"""The outbox: a message is a row written with the change that causes it, sent once after the
commit, kept when sending fails, and sent by the sweep when nobody asked for it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from comptes import outbox
from comptes.models import Courriel

pytestmark = pytest.mark.django_db


def test_un_courriel_annule_par_un_rollback_ne_part_jamais(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        send_mail("Annulé", "Bonjour.", None, ["annule@exemple.fr"])
        transaction.set_rollback(True)
    assert Courriel.objects.count() == 0
    assert mail.outbox == []


def test_un_courriel_est_ecrit_puis_envoye_une_seule_fois(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Bienvenue", "Bonjour.", None, ["lea@exemple.fr"])
    courriel = Courriel.objects.get()
    assert courriel.etat == Courriel.Etat.ENVOYE
    assert courriel.tentatives == 1
    assert [m.to for m in mail.outbox] == [["lea@exemple.fr"]]
    # A second worker, or the sweep, finds nothing left to send.
    assert outbox.deliver(courriel.pk) is False
    assert outbox.deliver_due(now=timezone.now() + timedelta(days=1)) == 0
    assert len(mail.outbox) == 1


def test_les_pieces_jointes_et_le_html_survivent_a_la_file(django_capture_on_commit_callbacks):
    message = EmailMultiAlternatives("Rapport", "Texte.", None, ["lea@exemple.fr"])
    message.attach_alternative("<p>Texte.</p>", "text/html")
    message.attach("rapport.csv", "a;b\n1;2\n", "text/csv")
    message.attach("logo.png", b"\x89PNG\x00\x01", "image/png")
    with django_capture_on_commit_callbacks(execute=True):
        message.send()
    [envoye] = mail.outbox
    assert envoye.alternatives[0][0] == "<p>Texte.</p>"
    assert [a[:2] for a in envoye.attachments] == [
        ("rapport.csv", "a;b\n1;2\n"),
        ("logo.png", b"\x89PNG\x00\x01"),
    ]


def test_un_envoi_refuse_est_garde_et_reessaye_plus_tard(settings):
    settings.EMAIL_DELIVERY_BACKEND = "tests.comptes.test_file_des_courriels.RefusingBackend"
    send_mail("Relance", "Bonjour.", None, ["lea@exemple.fr"])
    courriel = Courriel.objects.get()
    # The attempt that the commit asks for (the test's transaction never commits).
    assert outbox.deliver(courriel.pk) is False
    courriel.refresh_from_db()
    assert courriel.etat == Courriel.Etat.EN_ATTENTE
    assert courriel.tentatives == 1
    assert "SMTP indisponible" in courriel.derniere_erreur
    assert courriel.prochain_essai > timezone.now()
    # Once SMTP is back, the sweep sends it when its attempt is due, and only then.
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.deliver_due() == 0
    assert outbox.deliver_due(now=timezone.now() + timedelta(minutes=2)) == 1
    assert len(mail.outbox) == 1


def test_apres_toutes_les_tentatives_le_courriel_est_marque_en_echec(settings):
    settings.EMAIL_DELIVERY_BACKEND = "tests.comptes.test_file_des_courriels.RefusingBackend"
    send_mail("Perdu ?", "Bonjour.", None, ["lea@exemple.fr"])
    courriel = Courriel.objects.get()
    for _ in range(outbox.TENTATIVES_MAX):
        outbox.deliver(courriel.pk)
        Courriel.objects.filter(pk=courriel.pk).update(prochain_essai=timezone.now())
    courriel.refresh_from_db()
    assert courriel.etat == Courriel.Etat.ECHEC
    assert courriel.tentatives == outbox.TENTATIVES_MAX


def test_sante_donne_l_age_du_plus_vieux_courriel_en_attente(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    Courriel.objects.create(
        sujet="Vieux",
        destinataires="lea@exemple.fr",
        message={},
        created_at=timezone.now() - timedelta(minutes=10),
    )
    assert client.get(reverse("sante")).json()["courriels_en_attente_depuis_s"] >= 600


def test_le_personnel_voit_la_file_dans_l_administration(admin_client):
    send_mail("Visible", "Bonjour.", None, ["lea@exemple.fr"])
    response = admin_client.get(reverse("admin:comptes_courriel_changelist"))
    assert "Visible" in response.content.decode()


class RefusingBackend:
    """A delivery backend whose server refuses every message, as an SMTP server that is down
    answers (the real server being out of reach in tests)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP indisponible")
