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


MANQUE = "Il manque des réponses"


def test_un_rayon_hors_limite_est_signale_sans_annoncer_de_reponse_manquante(client):
    ici = CommuneFactory()
    response = client.get(URL, _reponses(1, commune=str(ici), rayon="500"))
    assert response.status_code == 400
    assert response.context["form"].errors == {"rayon": ["Le rayon ne peut pas dépasser 300 km."]}
    html = response.content.decode()
    assert MANQUE not in html
    assert "Une réponse est à corriger" in html
    assert "Le rayon ne peut pas dépasser 300 km." in html
    assert 'name="rayon" value="500"' in html
    assert f'value="{escape(str(ici))}"' in html
    assert response.context["resultat"] is None


@pytest.mark.parametrize(
    ("saisie", "message"),
    [
        ("Villeneuve-Inconnue", "Aucune commune ne correspond à « Villeneuve-Inconnue »"),
        ("Saint-Essai", "Plusieurs communes correspondent à « Saint-Essai »"),
    ],
)
def test_une_commune_inconnue_ou_ambigue_est_signalee_sans_annoncer_de_reponse_manquante(
    client, saisie, message
):
    CommuneFactory(nom="Saint-Essai")
    CommuneFactory(nom="Saint-Essai")
    response = client.get(URL, _reponses(2, commune=saisie))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["commune"]
    html = response.content.decode()
    assert MANQUE not in html
    assert escape(message) in html
    assert f'value="{saisie}"' in html


@pytest.mark.parametrize(
    "parametres",
    [
        {"utm_source": "lettre"},
        {"fbclid": "IwAR0xYz-123"},
        {"utm_source": "lettre", "utm_medium": "email", "utm_campaign": "printemps"},
    ],
)
def test_un_lien_qui_ne_porte_que_des_parametres_etrangers_ouvre_le_questionnaire_vide(
    client, parametres
):
    response = client.get(URL, parametres)
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound and not form.errors
    html = response.content.decode()
    assert "Choisissez une réponse." not in html and MANQUE not in html
    assert response.context["resultat"] is None


def test_une_reponse_a_cote_de_parametres_etrangers_reste_une_reponse(client):
    response = client.get(URL, {"utm_source": "lettre", "profil": "association"})
    assert response.status_code == 400
    assert "objectif" in response.context["form"].errors
    assert MANQUE in response.content.decode()


def test_la_commune_saisie_n_est_jamais_renvoyee_avec_des_caracteres_de_controle(client):
    response = client.get(URL, _reponses(1, commune="Villeneuve\x00-Inconnue\x07"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "\x00" not in html and "\x07" not in html
    assert escape("Aucune commune ne correspond à « Villeneuve-Inconnue »") in html
    assert 'value="Villeneuve-Inconnue"' in html


def test_une_commune_existante_reste_trouvee_sans_ses_caracteres_de_controle(client):
    ici = CommuneFactory(nom="Villeneuve-Connue")
    nom = str(ici)
    response = client.get(URL, _reponses(1, commune=nom[:5] + "\x00" + nom[5:]))
    assert response.status_code == 200
    assert response.context["resultat"].commune == ici
