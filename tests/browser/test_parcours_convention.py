"""From first contact to measured impact: the association accepts the company's request,
drafts the convention from the suggested model, completes a clause, both admins validate it,
the alliance declared from the mise en relation carries it; three months after its start, the
company answers the follow-up from the emailed link, and the figure shows on the alliance's
page (chart and table) and in the observatoire."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone
from playwright.sync_api import expect

from alliances.models import Alliance, Participation
from conventions.models import Convention
from moderation.models import Statut
from offres.models import MiseEnRelation
from suivis.services import suivis_plan_and_remind
from tests.browser.parcours import last_link, log_in, log_out
from tests.factories import (
    CommuneFactory,
    MembreFactory,
    MiseEnRelationFactory,
    OffreFactory,
    OrganisationFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _admin(organisation, email):
    membre = MembreFactory(organisation=organisation, admin=True, user__email=email)
    EmailAddress.objects.create(user=membre.user, email=email, verified=True, primary=True)
    return membre


@pytest.fixture
def demande():
    """A company wrote to an association about its need for skills; nobody answered yet."""
    lille = CommuneFactory(nom="Lille d'essai", latitude=50.63, longitude=3.06)
    association = OrganisationFactory(nom="Repair Café de Wazemmes", siege=lille)
    entreprise = OrganisationFactory(nom="Ateliers Flandre", siege=lille, entreprise=True)
    _admin(association, "presidente@repair.exemple.fr")
    _admin(entreprise, "rse@ateliers.exemple.fr")
    offre = OffreFactory(
        organisation=association,
        titre="Des techniciens pour réparer avec les habitants",
        commune=lille,
    )
    return MiseEnRelationFactory(
        offre=offre,
        emettrice=entreprise,
        message="Nos techniciens peuvent animer un atelier par mois.",
    )


def _valider(page, organisation: str) -> None:
    page.locator("label", has_text="J'ai relu cette version").click()
    page.get_by_role("button", name="Valider cette version").click()
    page.get_by_role("cell", name=organisation).wait_for()


def test_une_mise_en_relation_acceptee_donne_une_convention_validee_par_les_deux(
    live_server, page, demande
):
    log_in(page, live_server.url, "presidente@repair.exemple.fr")
    page.goto(live_server.url + demande.get_absolute_url())
    page.get_by_label("Message").fill("Avec plaisir, rédigeons une convention.")
    page.get_by_role("button", name="Accepter").click()
    page.get_by_text("Votre réponse est envoyée.").wait_for()

    page.get_by_role("link", name="Rédiger une convention").click()
    # The offre asks for skills: the mécénat de compétences model is proposed and chosen.
    expect(page.get_by_label("Convention de mécénat de compétences", exact=False)).to_be_checked()
    page.get_by_label("Durée (mois)").fill("12")
    page.get_by_role("button", name="Créer le projet de convention").click()
    page.get_by_role(
        "heading", level=1, name="Modifier « Des techniciens pour réparer avec les habitants »"
    ).wait_for()
    # The company brings the skills: it is the first party, and its identity is filled in.
    expect(page.get_by_role("group", name="Partie 1 : Ateliers Flandre")).to_be_visible()
    missions = page.get_by_role("group", name="Article 2").get_by_label("Texte")
    missions.fill("Un technicien anime un atelier de réparation le premier samedi du mois.")
    page.get_by_role("button", name="Enregistrer le projet").click()
    page.get_by_text("Le projet de convention est enregistré.").wait_for()
    expect(page.get_by_text("Projet en rédaction, version 2")).to_be_visible()
    _valider(page, "Repair Café de Wazemmes")
    page.get_by_text("Repair Café de Wazemmes a validé la version 2").wait_for()
    log_out(page)

    log_in(page, live_server.url, "rse@ateliers.exemple.fr")
    page.goto(live_server.url + "/espace/conventions/")
    page.get_by_role("link", name="Des techniciens pour réparer avec les habitants").click()
    expect(page.get_by_text("Un technicien anime un atelier de réparation")).to_be_visible()
    _valider(page, "Ateliers Flandre")
    page.get_by_text("La convention est validée par toutes les parties").first.wait_for()
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger (OpenDocument, .odt)").click()
    assert telechargement.value.suggested_filename.endswith("-v2.odt")

    # The company declares the alliance from the mise en relation: the convention follows it.
    page.goto(live_server.url + demande.get_absolute_url())
    page.get_by_role("link", name="Déclarer l'alliance").click()
    page.locator("#id_description").fill("Un atelier de réparation par mois, ouvert à tous.")
    page.get_by_label("Modalité").select_option("contrat_echange")
    page.get_by_role("button", name="Déclarer l'alliance").click()
    page.get_by_role(
        "heading", level=1, name="Des techniciens pour réparer avec les habitants"
    ).wait_for()
    expect(page.get_by_text("validée le", exact=False)).to_be_visible()

    convention = Convention.objects.get()
    assert convention.etat == Convention.Etat.VALIDEE
    assert convention.version == 2
    assert convention.alliance == Alliance.objects.get()
    assert MiseEnRelation.objects.get().convention == convention

    # Moderation and the partner's confirmation are other journeys: here the alliance is
    # published, both parts confirmed, and it started three months and a few days ago.
    alliance = Alliance.objects.get()
    debut = timezone.localdate() - datetime.timedelta(days=95)
    Participation.objects.filter(alliance=alliance).update(etat=Participation.Etat.CONFIRMEE)
    Alliance.objects.filter(pk=alliance.pk).update(
        statut=Statut.PUBLIEE,
        date_debut=debut,
        published_at=timezone.now() - datetime.timedelta(days=95),
    )
    assert suivis_plan_and_remind()["demandes"] == 2

    entreprise = alliance.organisations.get(nom="Ateliers Flandre")
    page.goto(live_server.url + last_link(rf"/espace/suivis/\d+/{entreprise.slug}/"))
    page.get_by_role("heading", level=1, name="Suivi à 3 mois", exact=False).wait_for()
    page.get_by_text("en cours", exact=True).click()
    page.get_by_label("Ce qui a été fait").fill("Trois ateliers, quarante objets réparés.")
    page.get_by_label("Personnes touchées (personnes)").fill("40")
    page.get_by_role("button", name="Envoyer la réponse").click()
    page.get_by_text("Merci, la réponse est enregistrée pour Ateliers Flandre").wait_for()

    page.goto(live_server.url + alliance.get_absolute_url())
    serie = page.get_by_role("table", name="Chiffres déclarés à chaque suivi")
    expect(serie.get_by_role("cell", name="40")).to_be_visible()
    expect(page.locator("canvas[data-suivi-indicateur=personnes_touchees]")).to_be_visible()

    page.goto(live_server.url + "/observatoire/impact/")
    ligne = page.get_by_role("row", name="Personnes touchées", exact=False)
    expect(ligne.get_by_role("cell").first).to_have_text("40")
