"""The demo data files are read strictly: a typo stops load_demo with the file and the entry."""

import pytest

from alliances.demo_scenarios import scenarios_load
from comptes.demo import DonneesDemoError
from organisations.demo import DONNEES, organisations_load

SCENARIO = """
scenarios:
  - cle: essai
    porteur: [jardins]
    partenaires:
      - ["@bureaux", commune]
    titres:
      - Un titre {a_commune}
    phrases:
      - >-
        {p1} aide {porteur} : une phrase
        sur deux lignes.
    contributions:
      porteur: Porte le projet.
      partenaire: Aide.
    resultats: [Un résultat.]
    domaines: [environnement]
    odd: [15]
"""


def _fichier(tmp_path, texte: str):
    path = tmp_path / "alliances_essai.yaml"
    path.write_text(texte, encoding="utf-8")
    return path


def test_un_scenario_se_lit_avec_ses_groupes_de_profils_developpes(tmp_path):
    [scenario] = scenarios_load("mecenat", _fichier(tmp_path, SCENARIO))
    assert scenario.typologie == "mecenat"
    assert scenario.partenaires == (
        ("informatique", "conseil", "comptable", "avocats", "communication", "commune"),
    )
    assert scenario.phrases == ("{p1} aide {porteur} : une phrase sur deux lignes.",)
    assert scenario.odd == (15,)
    assert scenario.budget is None and scenario.requis == 1


@pytest.mark.parametrize(
    "avant, apres, message",
    [
        ("    titres:", "    tittres:", "clé inconnue tittres"),
        ("    resultats: [Un résultat.]\n", "", "il manque resultats"),
        ("porteur: [jardins]", "porteur: [jardin]", "porteur : profil ou groupe inconnu jardin"),
        ('["@bureaux", commune]', '["@bureau", commune]', "groupe inconnu @bureau"),
        ("odd: [15]", "odd: quinze", "odd : 'quinze' n'est pas une liste (un entier)"),
        ("      partenaire: Aide.", "      partenaires: Aide.", "profil inconnu partenaires"),
    ],
)
def test_une_faute_dans_un_scenario_arrete_le_chargement(tmp_path, avant, apres, message):
    assert avant in SCENARIO
    with pytest.raises(DonneesDemoError) as erreur:
        scenarios_load("mecenat", _fichier(tmp_path, SCENARIO.replace(avant, apres)))
    assert str(erreur.value).startswith("alliances_essai.yaml, scenarios[0]")
    assert message in str(erreur.value)


@pytest.mark.parametrize(
    "avant, apres, message",
    [
        ("tailles: [TPE]", "tailles: [XXL]", "modeles.entreprise[0], tailles : code inconnu 'XXL'"),
        ("      tailles: [TPE]\n", "", "modeles.entreprise[0] : des tailles pour chaque"),
        ("profil: sport\n", "profil: jardins\n", "profil en double : jardins"),
        ("\nnoms:", "\nnom:", "clé inconnue nom"),
    ],
)
def test_une_faute_dans_les_modeles_d_organisations_arrete_le_chargement(
    tmp_path, avant, apres, message
):
    texte = (DONNEES / "organisations.yaml").read_text(encoding="utf-8")
    assert avant in texte
    path = tmp_path / "organisations.yaml"
    path.write_text(texte.replace(avant, apres, 1), encoding="utf-8")
    with pytest.raises(DonneesDemoError, match="^organisations.yaml") as erreur:
        organisations_load(path)
    assert message in str(erreur.value)
