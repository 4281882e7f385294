"""The follow-up schedule (3, 6, 12 months, then yearly while the alliance runs), the requests
to the partners' admins, the reminders and the flag to the catalyseurs, with time moved by
passing `today` to the daily job (never by waiting)."""

import datetime

import pytest
from django.urls import reverse

from alliances.models import Alliance, Participation
from comptes.models import Courriel
from moderation.models import Statut
from suivis import calendrier
from suivis.models import ReponseSuivi, Suivi
from suivis.services import suivis_plan_and_remind
from suivis.tasks import suivis_plan_and_remind_task
from tests.factories import (
    AllianceFactory,
    CatalyseurFactory,
    CommuneFactory,
    EPCIFactory,
    MembreFactory,
    ParticipationFactory,
)
from tests.suivis.factories import alliance_en_cours

pytestmark = pytest.mark.django_db

D = datetime.date


def _run(today):
    return suivis_plan_and_remind(today=today)


def _courriels_a(email: str) -> list[Courriel]:
    return list(Courriel.objects.filter(destinataires=email).order_by("pk"))


# The schedule ---------------------------------------------------------------------------------


def test_les_echeances_tombent_a_3_6_12_mois_puis_chaque_annee():
    debut = D(2025, 1, 31)
    assert [calendrier.echeance(debut, r) for r in (3, 6, 12, 24)] == [
        D(2025, 4, 30),  # no 31 April: the month's last day
        D(2025, 7, 31),
        D(2026, 1, 31),
        D(2027, 1, 31),
    ]
    assert [calendrier.next_rang(r) for r in (3, 6, 12, 24, 36)] == [6, 12, 24, 36, 48]
    assert calendrier.current_rang(debut, D(2025, 4, 29)) is None
    assert calendrier.current_rang(debut, D(2025, 4, 30)) == 3
    assert calendrier.current_rang(debut, D(2027, 1, 30)) == 12
    assert calendrier.current_rang(debut, D(2029, 2, 1)) == 48


def test_le_suivi_a_3_mois_est_demande_une_fois_aux_administrateurs_de_chaque_partenaire():
    alliance, (porteur, partenaire) = alliance_en_cours()
    simple_membre = MembreFactory(organisation=porteur.organisation)
    ParticipationFactory(alliance=alliance, en_attente=True)  # not confirmed: not asked
    echeance = D(2025, 4, 15)

    assert _run(echeance - datetime.timedelta(days=1))["suivis"] == 0
    assert _run(echeance) == {"suivis": 1, "demandes": 2, "relances": 0, "signalements": 0}

    suivi = Suivi.objects.get()
    assert (suivi.rang, suivi.echeance, suivi.prochaine_echeance) == (3, echeance, D(2025, 7, 15))
    assert set(suivi.reponses.values_list("organisation", flat=True)) == {
        porteur.organisation_id,
        partenaire.organisation_id,
    }
    [courriel] = _courriels_a(porteur.user.email)
    assert f"« {alliance.titre} » à 3 mois" in courriel.sujet
    lien = reverse("suivis:reponse", args=[suivi.pk, porteur.organisation.slug])
    assert f"http://testserver{lien}" in courriel.message["body"]
    assert _courriels_a(partenaire.user.email)
    assert not _courriels_a(simple_membre.user.email)

    # The same day again, and the next day: nothing more.
    assert _run(echeance) == {"suivis": 0, "demandes": 0, "relances": 0, "signalements": 0}
    assert _run(echeance + datetime.timedelta(days=1))["demandes"] == 0
    assert Courriel.objects.count() == 2
    assert Suivi.objects.count() == 1


def test_la_tache_celery_appelle_le_meme_travail():
    alliance_en_cours(debut=D(2020, 1, 1))
    assert suivis_plan_and_remind_task.delay().get()["suivis"] == 1


def test_puis_6_et_12_mois_puis_chaque_annee():
    alliance, _ = alliance_en_cours()
    for day in [D(2025, 4, 15), D(2025, 7, 15), D(2026, 1, 15), D(2027, 1, 15), D(2028, 1, 15)]:
        _run(day)
        _run(day + datetime.timedelta(days=30))
    assert list(alliance.suivis.values_list("rang", "echeance")) == [
        (3, D(2025, 4, 15)),
        (6, D(2025, 7, 15)),
        (12, D(2026, 1, 15)),
        (24, D(2027, 1, 15)),
        (36, D(2028, 1, 15)),
    ]


def test_une_alliance_ancienne_recoit_seulement_le_suivi_du_moment():
    alliance, _ = alliance_en_cours(debut=D(2019, 3, 1))
    _run(D(2025, 4, 15))
    assert list(alliance.suivis.values_list("rang", flat=True)) == [72]


def test_sans_date_de_debut_le_calendrier_part_de_la_publication():
    alliance, _ = alliance_en_cours()
    Alliance.objects.filter(pk=alliance.pk).update(
        date_debut=None,
        published_at=datetime.datetime(2025, 2, 1, 9, tzinfo=datetime.UTC),
    )
    _run(D(2025, 4, 30))
    assert not Suivi.objects.exists()
    _run(D(2025, 5, 1))
    assert Suivi.objects.get().echeance == D(2025, 5, 1)


def test_apres_la_date_de_fin_plus_de_suivi_annuel():
    alliance, _ = alliance_en_cours(date_fin=D(2026, 6, 30))
    _run(D(2026, 1, 15))
    _run(D(2027, 1, 15))
    assert list(alliance.suivis.values_list("rang", flat=True)) == [12]


@pytest.mark.parametrize(
    "fields",
    [{"etat": Alliance.Etat.TERMINEE}, {"etat": Alliance.Etat.EN_PROJET}, {"en_attente": True}],
    ids=["terminee", "en_projet", "non_publiee"],
)
def test_seules_les_alliances_publiees_et_en_cours_ont_des_suivis(fields):
    alliance_en_cours(**fields)
    assert _run(D(2025, 6, 1))["suivis"] == 0


def test_quand_tous_les_partenaires_la_disent_terminee_les_suivis_s_arretent():
    alliance, _ = alliance_en_cours()
    _run(D(2025, 4, 15))
    ReponseSuivi.objects.update(
        etat=ReponseSuivi.Etat.TERMINEE,
        answered_at=datetime.datetime(2025, 4, 20, tzinfo=datetime.UTC),
    )
    _run(D(2025, 7, 15))
    assert list(alliance.suivis.values_list("rang", flat=True)) == [3]


def test_jamais_le_jour_de_la_publication():
    alliance = AllianceFactory(date_debut=D(2020, 1, 1))  # published now, by the factory
    ParticipationFactory(alliance=alliance)
    today = calendrier.timezone.localdate()
    assert _run(today)["suivis"] == 0
    assert _run(today + datetime.timedelta(days=1))["suivis"] == 1


# Reminders and the flag -----------------------------------------------------------------------


@pytest.fixture
def territoire():
    epci = EPCIFactory()
    return CommuneFactory(epci=epci)


@pytest.fixture
def suivi_demande(territoire):
    alliance, admins = alliance_en_cours(commune=territoire)
    _run(D(2025, 4, 15))
    return Suivi.objects.get(alliance=alliance), admins


def test_deux_relances_a_une_semaine_puis_le_catalyseur_du_territoire(suivi_demande, territoire):
    suivi, (porteur, partenaire) = suivi_demande
    ici = CatalyseurFactory(departement=territoire.departement, user__email="ici@cat.fr")
    de_la_region = CatalyseurFactory(de_region=True, region=territoire.region)
    de_l_epci = CatalyseurFactory(d_epci=True, epci=territoire.epci)
    national = CatalyseurFactory(national=True)
    ailleurs = CatalyseurFactory(user__email="ailleurs@cat.fr")
    retire = CatalyseurFactory(departement=territoire.departement, actif=False)
    # The partner answers; the porteur stays silent.
    ReponseSuivi.objects.filter(organisation=partenaire.organisation).update(
        etat="en_cours", answered_at=datetime.datetime(2025, 4, 16, tzinfo=datetime.UTC)
    )

    assert _run(D(2025, 4, 21))["relances"] == 0
    assert _run(D(2025, 4, 22))["relances"] == 1
    assert _run(D(2025, 4, 22))["relances"] == 0
    assert _run(D(2025, 4, 28))["relances"] == 0
    assert _run(D(2025, 4, 29))["relances"] == 1
    assert _run(D(2025, 5, 5)) == {"suivis": 0, "demandes": 0, "relances": 0, "signalements": 0}
    assert [c.sujet for c in _courriels_a(porteur.user.email)] == [
        f"Suivi de votre alliance « {suivi.alliance.titre} » à 3 mois",
        f"Rappel : le suivi de « {suivi.alliance.titre} » à 3 mois attend votre réponse",
        f"Rappel : le suivi de « {suivi.alliance.titre} » à 3 mois attend votre réponse",
    ]
    assert len(_courriels_a(partenaire.user.email)) == 1  # it answered: no reminder

    assert _run(D(2025, 5, 6))["signalements"] == 1
    suivi.refresh_from_db()
    assert suivi.signale_le == D(2025, 5, 6)
    for catalyseur in (ici, de_la_region, de_l_epci, national):
        [courriel] = _courriels_a(catalyseur.user.email)
        assert courriel.sujet == f"Suivi sans réponse : « {suivi.alliance.titre} »"
        assert porteur.organisation.nom in courriel.message["body"]
        assert partenaire.organisation.nom not in courriel.message["body"]
    assert not _courriels_a(ailleurs.user.email)
    assert not _courriels_a(retire.user.email)

    # Never twice, whatever the days after.
    total = Courriel.objects.count()
    for jours in (0, 1, 30):
        assert _run(D(2025, 5, 6) + datetime.timedelta(days=jours))["signalements"] == 0
    assert Courriel.objects.count() == total


def test_une_alliance_nationale_n_est_signalee_qu_aux_catalyseurs_nationaux(territoire):
    alliance, _ = alliance_en_cours(commune=territoire, portee=Alliance.Portee.NATIONALE)
    local = CatalyseurFactory(departement=territoire.departement)
    national = CatalyseurFactory(national=True)
    for day in (D(2025, 4, 15), D(2025, 4, 22), D(2025, 4, 29), D(2025, 5, 6)):
        _run(day)
    assert Suivi.objects.get(alliance=alliance).signale_le == D(2025, 5, 6)
    assert _courriels_a(national.user.email)
    assert not _courriels_a(local.user.email)


def test_une_reponse_arrete_les_relances(suivi_demande):
    suivi, admins = suivi_demande
    ReponseSuivi.objects.update(
        etat="en_pause", answered_at=datetime.datetime(2025, 4, 16, tzinfo=datetime.UTC)
    )
    for day in (D(2025, 4, 22), D(2025, 4, 29), D(2025, 5, 6)):
        assert _run(day) == {"suivis": 0, "demandes": 0, "relances": 0, "signalements": 0}


def test_un_suivi_remplace_par_le_suivant_n_est_plus_relance_ni_signale(suivi_demande):
    suivi, _ = suivi_demande
    # Nobody ran the job for three months: the 6-month follow-up takes over.
    counts = _run(D(2025, 7, 15))
    assert (counts["suivis"], counts["relances"], counts["signalements"]) == (1, 0, 0)
    assert ReponseSuivi.objects.filter(suivi=suivi, relances=0).count() == 2


def test_une_alliance_depubliee_n_est_plus_relancee(suivi_demande):
    suivi, _ = suivi_demande
    Alliance.objects.filter(pk=suivi.alliance_id).update(statut=Statut.DEPUBLIEE)
    assert _run(D(2025, 4, 22))["relances"] == 0


def test_un_partenaire_retire_de_l_alliance_n_est_plus_relance_ni_signale(
    suivi_demande, territoire
):
    suivi, (porteur, partenaire) = suivi_demande
    CatalyseurFactory(departement=territoire.departement, user__email="ici@cat.fr")
    ReponseSuivi.objects.filter(organisation=porteur.organisation).update(
        etat="en_cours", answered_at=datetime.datetime(2025, 4, 16, tzinfo=datetime.UTC)
    )
    # The silent partner declines its part after being asked.
    Participation.objects.filter(
        alliance=suivi.alliance, organisation=partenaire.organisation
    ).update(etat=Participation.Etat.REFUSEE)

    for day in (D(2025, 4, 22), D(2025, 4, 29), D(2025, 5, 6)):
        assert _run(day) == {"suivis": 0, "demandes": 0, "relances": 0, "signalements": 0}
    assert _courriels_a("ici@cat.fr") == []
