"""The autodiagnostic « Où en suis-je pour faire alliance ? »: answers in the query string, a
maturité from the practices, resources by profil × objectif × maturité, offres near the person,
and nothing stored."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils.html import escape

from ressources.autodiagnostic import QUESTIONS, maturite_for
from ressources.models import Ressource
from tests.factories import CommuneFactory, OffreFactory
from tests.ressources.factories import RessourceFactory

pytestmark = pytest.mark.django_db

URL = reverse("ressources:autodiagnostic")


def _reponses(points: int = 0, **autres) -> dict:
    """Every question answered with `points` (0, 1 or 2)."""
    return {
        "profil": "association",
        "objectif": "agir",
        **{question.code: str(points) for question in QUESTIONS},
        **autres,
    }


def test_le_questionnaire_vide_pose_chaque_question_sans_resultat(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for question in QUESTIONS:
        assert question.texte.replace("'", "&#x27;") in html
    assert "Votre résultat" not in html
    assert response.context["resultat"] is None


@pytest.mark.parametrize(
    ("score", "maturite"),
    [(0, "decouvrir"), (3, "decouvrir"), (4, "s_engager"), (7, "s_engager"), (8, "approfondir")],
)
def test_le_score_donne_la_maturite(score, maturite):
    assert maturite_for(score) == maturite


@pytest.mark.parametrize(
    ("points", "libelle", "pistes"),
    [(0, "découvrir", 5), (1, "s'engager", 5), (2, "approfondir", 0)],
)
def test_les_pratiques_donnent_le_niveau_et_les_pistes(client, points, libelle, pistes):
    response = client.get(URL, _reponses(points))
    assert response.status_code == 200
    resultat = response.context["resultat"]
    assert resultat.score == points * len(QUESTIONS)
    assert resultat.maturite_label == libelle
    assert len(resultat.pistes) == pistes
    # The weak points link to the kit's fiches that answer them (the kit is a migration's).
    fiches = {fiche.fiche_kit for fiche in resultat.fiches}
    assert fiches == ({"argumentaire", "modeles", "co_construction"} if pistes else set())


def test_les_ressources_suivent_le_profil_l_objectif_puis_la_maturite(client):
    exacte = RessourceFactory(
        titre="Exacte", profils=["association"], objectifs=["agir"], maturite="decouvrir"
    )
    autre_niveau = RessourceFactory(
        titre="Autre niveau", profils=["association"], objectifs=["agir"], maturite="approfondir"
    )
    RessourceFactory(titre="Brouillon", profils=["association"], objectifs=["agir"], brouillon=True)
    RessourceFactory(titre="Pour les entreprises", profils=["entreprise"], objectifs=["agir"])
    resultat = client.get(URL, _reponses(0)).context["resultat"]
    titres = [ressource.titre for ressource in resultat.ressources]
    # The exact match first, then, for want of more, the same profil and objectif.
    assert titres[:2] == [exacte.titre, autre_niveau.titre]
    assert "Brouillon" not in titres and "Pour les entreprises" not in titres
    # The kit's own fiches are linked apart, never among the recommended tools.
    assert not any(ressource.fiche_kit for ressource in resultat.ressources)


def test_les_offres_proches_seulement_et_visibles(client):
    ici = CommuneFactory(latitude=45.76, longitude=4.84)
    proche = OffreFactory(commune=CommuneFactory(latitude=45.80, longitude=4.90))
    OffreFactory(commune=CommuneFactory(latitude=48.85, longitude=2.35))  # Paris, 390 km
    OffreFactory(commune=ici, en_attente=True)
    response = client.get(URL, _reponses(1, commune=str(ici), rayon="30"))
    assert [offre.pk for offre in response.context["resultat"].offres] == [proche.pk]
    assert escape(proche.titre) in response.content.decode()


def test_un_citoyen_est_mene_aux_alliances_proches_et_pas_aux_offres(client):
    ici = CommuneFactory(latitude=45.76, longitude=4.84)
    OffreFactory(commune=ici)
    response = client.get(URL, _reponses(1, profil="citoyen", commune=str(ici)))
    resultat = response.context["resultat"]
    assert resultat.offres == []
    assert resultat.rayon == 30
    lien = resultat.alliances_url
    assert lien.startswith(reverse("alliances:alliance_list")) and "rayon=30" in lien
    assert client.get(lien).status_code == 200
    assert lien.replace("&", "&amp;") in response.content.decode()


def test_des_reponses_manquantes_disent_lesquelles_et_gardent_la_saisie(client):
    reponses = _reponses(2, commune="Villeneuve-Inconnue")
    del reponses["evaluation"]
    reponses["profil"] = "martien"
    response = client.get(URL, reponses)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["evaluation"] == ["Choisissez une réponse."]
    assert form.errors["profil"] == ["Choisissez une réponse."]
    assert form.errors["commune"][0].startswith("Aucune commune ne correspond")
    html = response.content.decode()
    assert "Il manque des réponses" in html
    # What was typed stays: the answers given are still checked.
    assert 'name="objectif" value="agir" id="id_objectif_2" required checked' in html
    assert 'value="Villeneuve-Inconnue"' in html
    assert response.context["resultat"] is None


def test_le_resultat_est_un_lien_a_partager_et_rien_n_est_enregistre(client):
    avant = Ressource.objects.count()
    response = client.get(URL, _reponses(1))
    lien = response.context["lien"]
    assert lien.startswith("http://testserver" + URL + "?")
    assert f'value="{lien.replace("&", "&amp;")}"' in response.content.decode()
    # The link gives the same result again, to anyone, without a session or a cookie.
    client.cookies.clear()
    again = client.get(lien.removeprefix("http://testserver"))
    assert again.context["resultat"].maturite == response.context["resultat"].maturite
    assert not response.cookies and not again.cookies
    assert Session.objects.count() == 0 and Ressource.objects.count() == avant


def test_la_page_de_resultat_compte_ses_requetes(client, django_assert_num_queries):
    ici = CommuneFactory(latitude=45.76, longitude=4.84)
    for _ in range(3):
        OffreFactory(commune=ici)
        RessourceFactory(profils=["association"], objectifs=["agir"], maturite="decouvrir")
    # Commune; kit's fiches; four steps of recommendations (three found by the first, whose
    # étiquettes come in one query; the others find none); offres and their domaines.
    with django_assert_num_queries(9):
        response = client.get(URL, _reponses(0, commune=str(ici)))
    assert len(response.context["resultat"].offres) == 3
