"""The kit « ODD 17 en pratique »: four fiches loaded by the migrations, two generated parts."""

import importlib
import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from alliances.models import Alliance
from ressources.models import FicheKit, Ressource
from tests.factories import AllianceFactory
from tests.ressources.factories import RessourceFactory

pytestmark = pytest.mark.django_db

CARTOGRAPHIE = reverse("ressources:ressource_detail", args=["cartographie-des-outils"])
MODELES = reverse("ressources:ressource_detail", args=["diversite-des-modeles-de-partenariat"])


def test_les_quatre_fiches_du_kit_existent_apres_les_migrations():
    fiches = Ressource.objects.published().exclude(fiche_kit="").order_by("ordre")
    assert [fiche.fiche_kit for fiche in fiches] == list(FicheKit.values)
    for fiche in fiches:
        assert fiche.categorie == "fiche_kit"
        assert len(fiche.contenu.split()) >= 600, fiche.titre
        assert fiche.contenu.count("\n## ") >= 3, fiche.titre


def test_recharger_le_kit_ne_le_duplique_pas():
    from django.apps import apps

    migration = importlib.import_module("ressources.migrations.0003_kit_odd17")
    migration.load(apps, None)
    assert Ressource.objects.exclude(fiche_kit="").count() == 4


def test_la_page_du_kit_presente_les_quatre_fiches_dans_l_ordre(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(reverse("ressources:kit"))
    html = response.content.decode()
    titres = [
        "Pourquoi et comment faire alliance",
        "La diversité des modèles de partenariat",
        "Co-construire en territoire",
        "Cartographie des outils",
    ]
    positions = [html.index(f">{titre}</a>") for titre in titres]
    assert positions == sorted(positions)
    assert "Fiche 4 sur 4" in html


def test_une_fiche_du_kit_a_son_sommaire_et_renvoie_aux_autres(client):
    html = client.get(
        reverse("ressources:ressource_detail", args=["co-construire-en-territoire"])
    ).content.decode()
    assert 'class="fr-summary' in html
    assert 'href="#section-le-role-des-catalyseurs-territoriaux"' in html
    assert '<h2 id="section-le-role-des-catalyseurs-territoriaux">' in html
    assert '<strong aria-current="page">Co-construire en territoire</strong>' in html
    assert "Le kit « ODD 17 en pratique »</a>" in html  # breadcrumb


def _case(html: str, profil: str, objectif: str) -> str:
    """The text of one cell of the map of tools."""
    table = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    row = next(r for r in table.split("<tr>") if f'<th scope="row">{profil}</th>' in r)
    cells = re.findall(r"<td>(.*?)</td>", row, re.DOTALL)
    index = ["S'informer", "Se former", "Agir", "Évaluer"].index(objectif)
    return " ".join(strip_tags(cells[index]).split())


def test_la_cartographie_est_calculee_a_partir_des_outils_publies(client):
    html = client.get(CARTOGRAPHIE).content.decode()
    assert _case(html, "Entreprise", "Agir") == "Aucun outil"

    RessourceFactory(titre="Convention de mécénat", profils=["entreprise"], objectifs=["agir"])
    RessourceFactory(
        titre="Brouillon caché", profils=["entreprise"], objectifs=["agir"], brouillon=True
    )
    html = client.get(CARTOGRAPHIE).content.decode()
    case = _case(html, "Entreprise", "Agir")
    assert case.startswith("1 outil") and "Convention de mécénat" in case
    assert "Brouillon caché" not in html
    assert _case(html, "Association", "Agir") == "Aucun outil"
    # The cell leads to the library with both filters.
    assert 'href="/ressources/?profil=entreprise&amp;objectif=agir"' in html
    # The kit's own fiches are not tools.
    assert _case(html, "Citoyen", "S'informer") == "Aucun outil"


def test_la_cartographie_se_restreint_a_une_maturite(client, django_assert_num_queries):
    RessourceFactory(titre="Pour débuter", profils=["citoyen"], objectifs=["agir"])
    RessourceFactory(
        titre="Pour aller loin", profils=["citoyen"], objectifs=["agir"], maturite="approfondir"
    )
    # fiche with its étiquettes, domaines, odd; related resources (the other fiches) and their
    # étiquettes; alliances of its typologies (none here); the kit's fiches; the tools and
    # their étiquettes.
    with django_assert_num_queries(10):
        response = client.get(CARTOGRAPHIE, {"maturite": "approfondir"})
    html = response.content.decode()
    assert "Pour aller loin" in _case(html, "Citoyen", "Agir")
    assert "Pour débuter" not in html
    assert 'href="/ressources/?profil=citoyen&amp;objectif=agir&amp;maturite=approfondir"' in html
    # A htmx request gets the table only.
    partial = client.get(CARTOGRAPHIE, {"maturite": "approfondir"}, headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith('<div class="fr-table')


@pytest.mark.parametrize("maturite", ["inconnue", "\x00", "x" * 3000])
def test_une_maturite_inconnue_montre_tout_avec_un_message(client, maturite):
    response = client.get(CARTOGRAPHIE, {"maturite": maturite})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_la_diversite_des_modeles_sans_alliance_le_dit(client):
    assert not Alliance.objects.exists()
    html = client.get(MODELES).content.decode()
    assert "Aucune alliance n'est encore publiée sur la plateforme" in html


def test_la_diversite_des_modeles_illustre_chaque_typologie_par_des_alliances(client):
    AllianceFactory(titre="Des salariés aident une épicerie", typologie="mecenat")
    AllianceFactory(
        titre="Un service de mobilité inventé ensemble",
        typologie="innovation_societale",
        modalite="contrat_alliance",
    )
    AllianceFactory(titre="Non publiée", typologie="mecenat", en_attente=True)
    html = client.get(MODELES).content.decode()
    mecenat = html.split("Mécénat : des alliances publiées", 1)[1].split("</h3>", 2)[1]
    assert "Des salariés aident une épicerie" in mecenat
    innovation = html.split("Innovation sociétale : des alliances publiées", 1)[1]
    alliance_part = innovation.split("En contrat-alliance", 1)[1].split("</div>", 1)[0]
    assert "Un service de mobilité inventé ensemble" in alliance_part
    assert "Non publiée" not in html
    assert "Aucune alliance n'est encore publiée" not in html
