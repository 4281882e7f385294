"""/stats/ (issue 18, item 5): the platform's own figures, month by month in Europe/Paris, with
a chart and its table each, the same number of queries whatever the data, and a page with
zeros on an empty database."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from conventions.models import Convention
from moderation import workflow
from moderation.models import Statut
from observatoire.chiffres import observatoire_refresh
from observatoire.stats import mediane_reponse_jours, mois_glissants, stats_compute
from offres.models import MiseEnRelation, Offre
from tests.factories import (
    AllianceFactory,
    CatalyseurFactory,
    MiseEnRelationFactory,
    OffreFactory,
    OrganisationFactory,
    ParticipationFactory,
    UserFactory,
    soumettre,
)
from tests.suivis.factories import ReponseSuiviFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
# Mid-January 2026: the twelve months run from February 2025 to January 2026.
JANVIER_2026 = datetime(2026, 1, 15, 12, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def cache_vide():
    cache.clear()
    yield
    cache.clear()


def paris(annee, mois, jour, heure=12, minute=0) -> datetime:
    return datetime(annee, mois, jour, heure, minute, tzinfo=PARIS)


def mise_en_relation(envoyee_le, *, repondue_le=None, etat=None, alliance_le=None):
    """A mise en relation sent at `envoyee_le`, answered or not, leading to an alliance or not
    (the dates written afterwards, as the steps would)."""
    mer = MiseEnRelationFactory(sent_by=None)
    MiseEnRelation.objects.filter(pk=mer.pk).update(
        sent_at=envoyee_le,
        answered_at=repondue_le,
        etat=etat or (MiseEnRelation.Etat.DECLINEE if repondue_le else MiseEnRelation.Etat.ENVOYEE),
        alliance_declared_at=alliance_le,
    )
    return mer


def convention_validee(le):
    return Convention.objects.create(
        modele="mecenat_financier",
        titre="Une convention d'essai",
        objet="Des paniers pour tous.",
        etat=Convention.Etat.VALIDEE,
        validee_le=le,
    )


def decision(par, *, attente: timedelta):
    """An alliance of two confirmed partners submitted `attente` ago, then published."""
    alliance = AllianceFactory()
    ParticipationFactory(alliance=alliance, porteur=True)
    ParticipationFactory(alliance=alliance)
    soumettre(alliance, il_y_a=attente)
    workflow.transition(alliance, to=Statut.PUBLIEE, by=par)


def texte(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def ligne(html: str, libelle: str) -> list[str]:
    """The cells of the table row whose header is `libelle` (first table that has one)."""
    match = re.search(rf"<th scope=\"row\">{re.escape(libelle)}</th>(.*?)</tr>", html)
    assert match, f"aucune ligne « {libelle} »"
    return re.findall(r'<td class="nombre">([^<]*)</td>', match.group(1))


# The months


def test_les_douze_mois_enjambent_le_changement_d_annee():
    mois = mois_glissants(JANVIER_2026)
    assert len(mois) == 12
    assert mois[0] == date(2025, 2, 1)
    assert mois[-1] == date(2026, 1, 1)
    assert date(2025, 12, 1) in mois and len(set(mois)) == 12


def test_le_mois_courant_est_celui_de_paris():
    # 23 h 30 en temps universel le 31 décembre : déjà le 1er janvier à Paris.
    now = datetime(2025, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert mois_glissants(now)[-1] == date(2026, 1, 1)


def test_une_demande_envoyee_le_soir_du_31_decembre_compte_en_janvier_a_paris():
    # 23 h 30 UTC le 31 décembre 2025 = 0 h 30 le 1er janvier 2026 à Paris.
    mise_en_relation(datetime(2025, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC")))
    mise_en_relation(paris(2025, 12, 31, 22))
    stats = stats_compute(now=JANVIER_2026)
    par_mois = {m.mois: m.envoyees for m in stats.mois}
    assert par_mois[date(2026, 1, 1)] == 1
    assert par_mois[date(2025, 12, 1)] == 1


# The figures


def test_les_chiffres_plantes_apparaissent_mois_par_mois():
    for jour in (paris(2025, 12, 3), paris(2026, 1, 5), paris(2026, 1, 10)):
        user = UserFactory(date_joined=jour)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    UserFactory(date_joined=paris(2026, 1, 6))  # not verified
    UserFactory(date_joined=paris(2026, 1, 7), is_active=False)
    UserFactory(date_joined=paris(2024, 6, 1))  # older than twelve months
    OrganisationFactory(entreprise=True)
    OrganisationFactory(collectivite=True, statut=Statut.EN_ATTENTE)
    OffreFactory()  # its association too
    OffreFactory(etat=Offre.Etat.POURVUE)
    OffreFactory(en_attente=True)
    mise_en_relation(paris(2025, 12, 1))
    mise_en_relation(
        paris(2025, 12, 2),
        repondue_le=paris(2025, 12, 4),
        etat=MiseEnRelation.Etat.ACCEPTEE,
        alliance_le=paris(2026, 1, 3),
    )
    mise_en_relation(paris(2026, 1, 2), repondue_le=paris(2026, 1, 3))
    convention_validee(paris(2026, 1, 4))
    convention_validee(paris(2025, 11, 4))
    Convention.objects.create(modele="mecenat_financier", titre="Brouillon", objet="…")
    ReponseSuiviFactory(repondue=True, answered_at=paris(2026, 1, 8))
    ReponseSuiviFactory()

    stats = stats_compute(now=JANVIER_2026)

    mois = {m.mois: m for m in stats.mois}
    assert [mois[date(2025, 12, 1)].comptes, mois[date(2026, 1, 1)].comptes] == [1, 4]
    assert stats.comptes_actifs == 5
    assert stats.comptes_verifies == 3
    decembre, janvier = mois[date(2025, 12, 1)], mois[date(2026, 1, 1)]
    assert (decembre.envoyees, decembre.repondues, decembre.acceptees, decembre.alliances) == (
        2,
        1,
        1,
        1,
    )
    assert (janvier.envoyees, janvier.repondues, janvier.acceptees, janvier.alliances) == (
        1,
        1,
        0,
        0,
    )
    assert stats.envoyees == 3 and stats.taux_reponse == 67
    assert janvier.conventions == 1 and mois[date(2025, 11, 1)].conventions == 1
    assert stats.conventions_validees == 2
    assert janvier.suivis == 1 and stats.suivis_repondus == 1
    assert stats.offres_publiees == 2 + 3 and stats.offres_ouvertes == 1 + 3
    kinds = {ligne.code: ligne.nombre for ligne in stats.organisations}
    assert kinds["entreprise"] == 1 + 3  # with the emitters of the mises en relation
    assert kinds["collectivite"] == 0
    assert kinds["fondation"] == 0


def test_les_organisations_viennent_de_l_observatoire_une_fois_calcule():
    OrganisationFactory(entreprise=True)
    observatoire_refresh()
    OrganisationFactory(entreprise=True)  # after the refresh: counted at the next one
    stats = stats_compute(now=timezone.now())
    kinds = {ligne.code: ligne.nombre for ligne in stats.organisations}
    assert kinds["entreprise"] == 1
    assert stats.organisations_calculees_le is not None


def test_les_decisions_de_moderation_sont_celles_de_la_page_de_la_moderation():
    catalyseur = CatalyseurFactory(national=True).user
    for heures in (2, 4, 30):
        decision(catalyseur, attente=timedelta(hours=heures))
    stats = stats_compute(now=timezone.now())
    assert stats.moderation_decisions == 3
    assert round(stats.moderation_mediane_heures) == 4
    assert stats.mois[-1].decisions == 3


# The median answer time


@pytest.mark.parametrize(
    ("jours", "mediane"),
    [((1, 2, 10), 2.0), ((1, 2, 4, 10), 3.0), ((3,), 3.0)],
    ids=["impair", "pair", "une-seule"],
)
def test_la_mediane_de_reponse_en_jours(jours, mediane):
    mois = mois_glissants(JANVIER_2026)
    for n in jours:
        repondue = paris(2026, 1, 12)
        mise_en_relation(repondue - timedelta(days=n), repondue_le=repondue)
    # Answered before the twelve months, or not answered: outside the median.
    mise_en_relation(paris(2024, 1, 2), repondue_le=paris(2024, 12, 30))
    mise_en_relation(paris(2026, 1, 2))
    assert mediane_reponse_jours(mois) == (pytest.approx(mediane), len(jours))


def test_sans_reponse_pas_de_mediane():
    mise_en_relation(paris(2026, 1, 2))
    assert mediane_reponse_jours(mois_glissants(JANVIER_2026)) == (None, 0)


# The page


def test_une_base_vide_donne_une_page_de_zeros(client):
    response = client.get(reverse("stats"))
    assert response.status_code == 200
    html = texte(response)
    assert "<h1>Statistiques de la plateforme</h1>" in html
    assert "0</span> compte actif, dont 0 avec une adresse de courriel vérifiée" in html
    assert "pas encore de réponse en douze mois" in html
    mois_courant = timezone.localtime(timezone.now(), PARIS)
    libelle = ["Janvier", "Février", "Mars", "Avril", "Mai", "Juin", "Juillet", "Août"]
    libelle += ["Septembre", "Octobre", "Novembre", "Décembre"]
    assert ligne(html, f"{libelle[mois_courant.month - 1]} {mois_courant.year}") == ["0"]
    assert ligne(html, "Fondation") == ["0"]


def test_chaque_graphique_a_son_tableau_et_ses_donnees(client):
    mise_en_relation(timezone.now(), repondue_le=timezone.now() + timedelta(days=2))
    response = client.get(reverse("stats"))
    html = response.content.decode()
    donnees = response.context["charts_data"]
    slugs = re.findall(r'<canvas data-graphique="([^"]+)"', html)
    assert slugs == list(donnees) and len(slugs) == 5
    for slug in slugs:
        assert f'id="titre-{slug}"' in html
        assert len(donnees[slug]["labels"]) == len(donnees[slug]["valeurs"])
    assert donnees["stats-mises-en-relation"]["valeurs"][-1] == 1
    assert html.count('id="graphiques-donnees"') == 1
    assert "js/observatoire.js" in html
    assert f'href="{reverse("observatoire:index")}"' in html
    assert f'href="{reverse("moderation:chiffres")}"' in html
    assert "2,0 j" in html


def _donnees(n: int):
    """n of everything the page counts."""
    catalyseur = CatalyseurFactory(national=True).user
    for _ in range(n):
        user = UserFactory()
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        mise_en_relation(
            timezone.now() - timedelta(days=3),
            repondue_le=timezone.now(),
            etat=MiseEnRelation.Etat.ACCEPTEE,
            alliance_le=timezone.now(),
        )
        convention_validee(timezone.now())
        ReponseSuiviFactory(repondue=True)
        decision(catalyseur, attente=timedelta(hours=5))


# Accounts (2: the totals, per month), organisations (2: the observatoire's date, then the
# kinds), offres, the median, conventions and follow-ups (2 each: the total, per month), mises en
# relation per month, moderation (3: per month, the median, the reasons).
REQUETES = 14


@pytest.mark.parametrize("n", [0, 1, 4])
def test_le_nombre_de_requetes_ne_depend_pas_des_donnees(client, django_assert_num_queries, n):
    _donnees(n)
    cache.clear()
    with django_assert_num_queries(REQUETES):
        assert client.get(reverse("stats")).status_code == 200
    # The figures are kept a few minutes: the next visitor reads none.
    with django_assert_num_queries(0):
        assert client.get(reverse("stats")).status_code == 200


def test_les_chiffres_sont_gardes_quelques_minutes(client):
    client.get(reverse("stats"))
    mise_en_relation(timezone.now())
    assert client.get(reverse("stats")).context["stats"].envoyees == 0
    cache.clear()
    assert client.get(reverse("stats")).context["stats"].envoyees == 1


# Where the page is linked


def test_la_page_est_au_pied_de_page_au_plan_du_site_et_dans_le_sitemap(client):
    url = reverse("stats")
    assert url == "/stats/"
    assert f'href="{url}"' in client.get(reverse("accueil")).content.decode()
    assert f'href="{url}"' in client.get(reverse("pages:plan_du_site")).content.decode()
    sitemap = client.get(reverse("sitemap_section", args=["pages"])).content.decode()
    assert "/stats/</loc>" in sitemap
