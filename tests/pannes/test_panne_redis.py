"""Redis stops in the middle of the day: the project behind gunicorn, with its Celery worker and
a redis-server of this test's own. While Redis is down, the pages that don't need it answer and
the actions save; once it is back, every email is delivered exactly once."""

import email
import email.policy
import subprocess
import sys

import pytest
from django.test import Client

from comptes.models import Courriel, User
from moderation.models import Statut
from offres.models import MiseEnRelation
from tests.factories import (
    AllianceFactory,
    CatalyseurFactory,
    MembreFactory,
    OffreFactory,
    OrganisationFactory,
    ParticipationFactory,
    soumettre,
)
from tests.pannes import serveurs

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/",
    "/alliances/",
    "/acteurs/",
    "/offres/",
    "/ressources/",
    "/observatoire/",
    "/comptes/connexion/",
    "/comptes/inscription/",
    "/api/v1/alliances/",
    "/api/v1/organisations/",
]


def delivered(dossier) -> list[email.message.EmailMessage]:
    """The messages the worker wrote with Django's file backend."""
    messages = []
    for fichier in sorted(dossier.glob("*.log")):
        for bloc in fichier.read_bytes().split(b"-" * 79 + b"\n"):
            if bloc.strip():
                messages.append(email.message_from_bytes(bloc, policy=email.policy.default))
    return messages


@pytest.fixture
def scene():
    """Who acts during the outage, and a session cookie for each."""

    def session(user) -> str:
        client = Client()  # one client each: logging another user in flushes the session
        client.force_login(user)
        return client.cookies["sessionid"].value

    offre = OffreFactory()
    MembreFactory(organisation=offre.organisation, user__email="offre@exemple.fr")
    emettrices = [OrganisationFactory(entreprise=True) for _ in range(2)]
    auteurs = [MembreFactory(organisation=o).user for o in emettrices]
    alliance = AllianceFactory()
    for role in ("porteur", "partenaire"):
        participation = ParticipationFactory(alliance=alliance, porteur=role == "porteur")
        MembreFactory(organisation=participation.organisation, user__email=f"{role}@exemple.fr")
    soumettre(alliance)
    catalyseur = CatalyseurFactory(national=True).user
    return {
        "offre": offre,
        "emettrices": emettrices,
        "auteurs": [session(user) for user in auteurs],
        "alliance": alliance,
        "catalyseur": session(catalyseur),
    }


def test_une_panne_de_redis_ne_perd_ni_ne_double_aucun_courriel(scene, tmp_path):
    database_url = serveurs.database_url()  # skips before anything starts on SQLite
    redis = serveurs.Redis()
    courriels = tmp_path / "courriels"
    courriels.mkdir()
    env = serveurs.environment(
        DATABASE_URL=database_url,
        REDIS_URL=redis.url,
        CONN_MAX_AGE="0",
        EMAIL_DELIVERY_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(courriels),
    )
    try:
        redis.start()
        with (
            serveurs.celery_worker(env, tmp_path / "worker.log"),
            serveurs.gunicorn(env, tmp_path / "gunicorn.log") as base,
        ):
            assert {url: serveurs.http_status(base + url) for url in PAGES} == dict.fromkeys(
                PAGES, 200
            )

            redis.stop()
            pendant = {url: serveurs.http_status(base + url) for url in PAGES}
            sante = serveurs.http_status(base + "/sante/")
            actions = {
                "inscription 1": serveurs.post(
                    base + "/comptes/inscription/",
                    {
                        "email": "une@exemple.fr",
                        "password1": "Panne-de-redis-42",
                        "password2": "Panne-de-redis-42",
                    },
                ),
                "inscription 2": serveurs.post(
                    base + "/comptes/inscription/",
                    {
                        "email": "deux@exemple.fr",
                        "password1": "Panne-de-redis-42",
                        "password2": "Panne-de-redis-42",
                    },
                ),
                **{
                    f"mise en relation {n + 1}": serveurs.post(
                        base + scene["offre"].get_absolute_url() + "contacter/",
                        {
                            "emettrice": scene["emettrices"][n].pk,
                            "message": "Travaillons ensemble.",
                        },
                        scene["auteurs"][n],
                    )
                    for n in range(2)
                },
                "décision de modération": serveurs.post(
                    base + f"/moderation/alliance/{scene['alliance'].pk}/decider/",
                    {"action": "publier"},
                    scene["catalyseur"],
                ),
            }
            redis.start()
            # What the beat does every minute: the sweep, through the broker, to the worker.
            for _ in range(2):  # twice: a second sweep finds nothing left to send
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "celery",
                        "-A",
                        "config",
                        "call",
                        "comptes.tasks.courriels_deliver_due",
                    ],
                    cwd=serveurs.ROOT,
                    env=env,
                    check=True,
                    capture_output=True,
                )
            serveurs.wait_until(
                lambda: not Courriel.objects.filter(etat=Courriel.Etat.EN_ATTENTE).exists(),
                seconds=60,
                what="la file des courriels",
            )
            apres = {url: serveurs.http_status(base + url) for url in PAGES}
    finally:
        redis.stop()

    assert pendant == dict.fromkeys(PAGES, 200)
    assert sante == 200
    assert actions == dict.fromkeys(actions, 302), actions
    assert apres == dict.fromkeys(PAGES, 200)

    # The actions saved while Redis was down.
    assert User.objects.filter(email__in=["une@exemple.fr", "deux@exemple.fr"]).count() == 2
    assert MiseEnRelation.objects.filter(offre=scene["offre"]).count() == 2
    scene["alliance"].refresh_from_db()
    assert scene["alliance"].statut == Statut.PUBLIEE

    # Every notification delivered, exactly once.
    assert not Courriel.objects.exclude(etat=Courriel.Etat.ENVOYE).exists()
    messages = delivered(courriels)
    sent = sorted((to.strip(), m["Subject"].strip()) for m in messages for to in m["To"].split(","))
    expected = sorted(
        (to.strip(), courriel.sujet)
        for courriel in Courriel.objects.all()
        for to in courriel.destinataires.split(",")
    )
    assert len(sent) == len(set(sent)), "un courriel est parti deux fois"
    assert sent == expected
    recipients = {to for to, _ in sent}
    # Two verification emails, the offre's organisation twice, both partners of the alliance.
    assert {"une@exemple.fr", "deux@exemple.fr", "porteur@exemple.fr"} <= recipients
    assert [to for to, _ in sent].count("offre@exemple.fr") == 2
