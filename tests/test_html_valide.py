"""The main pages are valid HTML (issue 15, item 18): rendered by the test client from the
factories' data, written to files, then checked by one run of the Nu HTML validator (vnu-jar,
installed by `npm ci`, on the machine's Java). Any error fails the test, with its page, line
and message."""

import json
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from comptes.donnees import export_for
from comptes.models import ExportDonnees
from conventions.origines import alliance_origin
from conventions.services import convention_draft
from nomenclatures.forms import DateInput
from observatoire.chiffres import observatoire_refresh
from pages.models import Page
from tests.factories import (
    AlerteFactory,
    AllianceFactory,
    CatalyseurFactory,
    CommuneFactory,
    DemandeAdhesionFactory,
    DepartementFactory,
    EPCIFactory,
    InvitationFactory,
    MembreFactory,
    MiseEnRelationFactory,
    OffreFactory,
    OrganisationFactory,
    ParticipationFactory,
    RegionFactory,
    soumettre,
)
from tests.ressources.factories import RessourceFactory
from tests.suivis.factories import ReponseSuiviFactory, SuiviFactory, ValeurIndicateurFactory

pytestmark = pytest.mark.django_db

VNU = Path(__file__).resolve().parents[1] / "node_modules/vnu-jar/build/dist/vnu.jar"


@pytest.fixture
def vnu() -> list[str]:
    java = shutil.which("java")
    if not java:
        pytest.skip("Java absent (paquet Debian « default-jre-headless ») : validateur Nu sauté")
    if not VNU.exists():
        pytest.skip("vnu-jar absent : lancez « npm ci » pour valider le HTML")
    return [java, "-jar", str(VNU), "--errors-only", "--format", "json"]


@pytest.fixture
def monde(monkeypatch):
    """Something of everything, one item a page so that every list shows its pagination."""
    for module in ("alliances", "organisations", "offres", "ressources"):
        monkeypatch.setattr(f"{module}.views.{module.upper()}_PAR_PAGE", 1)
    region = RegionFactory(nom="Région de la validation")
    departement = DepartementFactory(nom="Département de la validation", region=region)
    epci = EPCIFactory(nom="Communauté de la validation")
    commune = CommuneFactory(
        nom="Valideville", departement=departement, epci=epci, latitude=45.7, longitude=4.8
    )
    association = OrganisationFactory(nom="Les Jardins Valides", siege=commune)
    association.domaines.set(["alimentation"])
    entreprise = OrganisationFactory(nom="Maraîchage Valide", siege=commune, entreprise=True)
    admin = MembreFactory(organisation=association, admin=True).user
    commercial = MembreFactory(organisation=entreprise).user
    InvitationFactory(organisation=association, invited_by=admin)
    DemandeAdhesionFactory(organisation=association)

    alliance = AllianceFactory(titre="Des paniers valides", commune=commune)
    alliance.domaines.set(["alimentation"])
    ParticipationFactory(alliance=alliance, organisation=association, porteur=True)
    ParticipationFactory(alliance=alliance, organisation=entreprise)
    AllianceFactory(titre="Une autre alliance valide", commune=commune)
    a_moderer = AllianceFactory(titre="Une alliance à modérer", commune=commune)
    ParticipationFactory(alliance=a_moderer, organisation=association, porteur=True)
    ParticipationFactory(alliance=a_moderer, organisation=entreprise)
    soumettre(a_moderer, by=admin)
    catalyseur = CatalyseurFactory(departement=departement).user

    offre = OffreFactory(organisation=association, commune=commune)
    OffreFactory(commune=commune, propose=True)
    mise_en_relation = MiseEnRelationFactory(offre=offre, emettrice=entreprise, sent_by=commercial)
    AlerteFactory(user=admin)
    convention, _ = convention_draft(
        origine=alliance_origin(alliance),
        modele="mecenat_financier",
        titre="Une convention valide",
        objet="Des paniers pour tous.",
        author=admin,
    )
    today = date.today()
    suivi = SuiviFactory(
        alliance=alliance,
        echeance=today - timedelta(days=2),
        prochaine_echeance=today + timedelta(days=90),
    )
    reponse = ReponseSuiviFactory(suivi=suivi, organisation=entreprise, repondue=True)
    ValeurIndicateurFactory(reponse=reponse, indicateur="personnes_touchees", valeur=25)
    export = ExportDonnees.objects.create(
        user=admin,
        jeton="jeton-de-validation",
        contenu=export_for(admin),
        pret_le=timezone.now(),
        expire_le=timezone.now() + timedelta(days=7),
    )
    ressource = RessourceFactory(titre="Guide de la validation")
    RessourceFactory()
    observatoire_refresh()
    return {
        "visiteur": None,
        "admin": admin,
        "commercial": commercial,
        "catalyseur": catalyseur,
        "alliance": alliance,
        "a_moderer": a_moderer,
        "association": association,
        "offre": offre,
        "mise_en_relation": mise_en_relation,
        "convention": convention,
        "suivi": suivi,
        "export": export,
        "ressource": ressource,
        "region": region,
        "departement": departement,
        "epci": epci,
        "commune": commune,
    }


def _pages(m) -> list[tuple]:
    """(who, path) of every page checked, or (who, path, data) for a form sent with errors."""
    alliance, offre, association = m["alliance"], m["offre"], m["association"]
    return [
        ("visiteur", "/"),
        ("visiteur", "/alliances/"),
        ("visiteur", "/alliances/?debut_apres=hier"),
        ("visiteur", "/alliances/carte/"),
        ("visiteur", alliance.get_absolute_url()),
        ("visiteur", "/acteurs/"),
        ("visiteur", association.get_absolute_url()),
        ("visiteur", "/offres/"),
        ("visiteur", offre.get_absolute_url()),
        ("visiteur", "/ressources/"),
        ("visiteur", m["ressource"].get_absolute_url()),
        ("visiteur", reverse("ressources:kit")),
        ("visiteur", reverse("ressources:parcours", args=["association"])),
        ("visiteur", reverse("ressources:autodiagnostic")),
        (
            "visiteur",
            reverse("ressources:autodiagnostic")
            + "?profil=association&objectif=agir&experience=2&apport=1&modele=0&ecrit=1"
            + f"&evaluation=0&commune={m['departement'].communes.first() or ''}",
        ),
        *(("visiteur", reverse("pages:page", args=[slug])) for slug in Page.Slug.values),
        ("visiteur", reverse("pages:plan_du_site")),
        ("visiteur", reverse("pages:contact")),
        ("admin", reverse("pages:cgu_accepter")),
        ("visiteur", "/observatoire/"),
        ("visiteur", "/stats/"),
        ("visiteur", reverse("observatoire:impact")),
        ("visiteur", reverse("observatoire:impact") + "?departement=ZZZ"),
        ("visiteur", "/territoires/"),
        ("visiteur", m["region"].get_absolute_url()),
        ("visiteur", m["departement"].get_absolute_url()),
        ("visiteur", m["epci"].get_absolute_url()),
        ("visiteur", m["commune"].get_absolute_url()),
        ("visiteur", "/donnees/"),
        ("visiteur", "/api/v1/"),
        ("visiteur", f"/observatoire/widget/?departement={m['departement'].code}"),
        ("visiteur", "/moderation/regles/"),
        ("visiteur", "/moderation/chiffres/"),
        ("visiteur", reverse("moderation:signaler", args=["alliance", alliance.slug])),
        ("visiteur", reverse("account_login")),
        ("visiteur", reverse("account_signup")),
        ("visiteur", reverse("account_reset_password")),
        ("visiteur", "/page-qui-n-existe-pas/"),
        ("catalyseur", "/moderation/"),
        ("catalyseur", reverse("moderation:examen", args=["alliance", m["a_moderer"].pk])),
        ("catalyseur", reverse("moderation:tableau_de_bord")),
        ("admin", "/espace/"),
        ("admin", reverse("alliances:alliance_declare")),
        ("admin", reverse("alliances:alliance_edit", args=[alliance.slug])),
        ("admin", reverse("offres:offre_create")),
        ("admin", reverse("offres:offre_edit", args=[offre.slug])),
        ("admin", reverse("organisations:organisation_create")),
        ("admin", reverse("organisations:organisation_edit", args=[association.slug])),
        ("admin", reverse("organisations:membres", args=[association.slug])),
        ("visiteur", reverse("chartes:charte")),
        ("admin", reverse("chartes:charte")),
        ("admin", reverse("chartes:signer", args=[association.slug])),
        ("admin", reverse("offres:mise_en_relation_list")),
        ("admin", m["mise_en_relation"].get_absolute_url()),
        ("admin", alliance.get_absolute_url()),
        ("admin", reverse("conventions:convention_list")),
        ("admin", reverse("conventions:convention_new") + f"?alliance={alliance.slug}"),
        ("admin", m["convention"].get_absolute_url()),
        ("admin", reverse("conventions:convention_edit", args=[m["convention"].pk])),
        ("admin", reverse("mes_donnees")),
        ("admin", m["export"].get_absolute_url()),
        ("admin", reverse("compte_supprimer")),
        ("admin", reverse("suivis:mes_suivis")),
        ("admin", reverse("suivis:reponse", args=[m["suivi"].pk, association.slug])),
        ("catalyseur", reverse("suivis:territoire")),
        ("admin", reverse("offres:alerte_list")),
        ("admin", reverse("offres:alerte_new")),
        ("admin", reverse("moderation:historique", args=["alliance", m["a_moderer"].pk])),
        ("commercial", reverse("offres:mise_en_relation_create", args=[offre.slug])),
        # Forms sent back with their errors.
        ("visiteur", reverse("account_signup"), {"email": "x", "password1": "a", "password2": "b"}),
        ("admin", reverse("alliances:alliance_declare"), {"titre": "", "commune": "Val"}),
        ("admin", reverse("offres:offre_create"), {"titre": "", "date_limite": "hier"}),
        ("admin", reverse("chartes:signer", args=[association.slug]), {}),
        (
            "admin",
            reverse("conventions:convention_new") + f"?alliance={alliance.slug}",
            {"titre": ""},
        ),
        (
            "admin",
            reverse("suivis:reponse", args=[m["suivi"].pk, association.slug]),
            {"etat": "", "realise": "Un atelier."},
        ),
        ("admin", reverse("compte_supprimer"), {"password": "faux"}),
        (
            "admin",
            reverse("conventions:convention_edit", args=[m["convention"].pk]),
            {
                "version": "1",
                "parties-TOTAL_FORMS": "0",
                "parties-INITIAL_FORMS": "0",
                "clauses-TOTAL_FORMS": "1",
                "clauses-INITIAL_FORMS": "0",
                "clauses-0-titre": "Sans texte",
            },
        ),
    ]


def test_les_pages_principales_sont_du_html_valide(vnu, client, monde, tmp_path):
    fichiers = {}
    for numero, (qui, path, *data) in enumerate(_pages(monde)):
        client.logout()
        if monde[qui] is not None:
            client.force_login(monde[qui])
        response = client.post(path, data[0]) if data else client.get(path)
        attendu = 404 if path == "/page-qui-n-existe-pas/" else 200
        if "ZZZ" in path:
            attendu = 400
        assert response.status_code == attendu, f"{path} ({qui}) répond {response.status_code}"
        fichier = tmp_path / f"{numero:02d}.html"
        fichier.write_bytes(response.content)
        fichiers[fichier.name] = f"{path} ({qui}{', envoyé avec des erreurs' if data else ''})"

    run = subprocess.run([*vnu, *map(str, sorted(tmp_path.glob("*.html")))], capture_output=True)
    # vnu writes its JSON report to stderr, and exits with 1 when it found errors.
    messages = json.loads(run.stderr or b'{"messages": []}')["messages"]
    erreurs = [
        f"{fichiers.get(message.get('url', '').rsplit('/', 1)[-1], message.get('url'))}, ligne "
        f"{message.get('lastLine', '?')} : {message['message']}"
        for message in messages
    ]
    assert erreurs == [], "Le validateur Nu signale :\n" + "\n".join(erreurs)


@pytest.mark.parametrize(
    ("value", "shown"),
    [(date(2025, 3, 1), "2025-03-01"), ("2025-03-01", "2025-03-01"), ("hier", None), ("", "")],
)
def test_le_selecteur_de_date_ne_montre_qu_une_date_iso(value, shown):
    assert DateInput().format_value(value) == shown
