"""Conventions: drafted from an accepted mise en relation or an alliance, pre-filled with the
parties' identities, edited clause by clause, validated by each party's admin, frozen when all
have validated the same version; seen by the parties' members only."""

import io
import zipfile

import pytest
from django.urls import reverse

from comptes.models import Courriel
from conventions import modeles
from conventions.models import Convention, ValidationConvention, VersionConvention
from offres.models import MiseEnRelation
from tests.conventions.aides import NOUVELLE, draft, edit_data, validate
from tests.factories import (
    AllianceFactory,
    CatalyseurFactory,
    MembreFactory,
    ParticipationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_chaque_modele_se_lit_et_ne_laisse_aucun_espace_reserve_inconnu():
    valeurs = {nom: f"<{nom}>" for nom in modeles.PLACEHOLDERS}
    assert set(modeles.modeles()) == {
        "mecenat_financier",
        "mecenat_nature",
        "mecenat_competences",
        "innovation_societale",
        "cooperation_economique",
        "achats_responsables",
    }
    for modele in modeles.modeles().values():
        for _, texte in modele.clauses_for(valeurs):
            assert "$" not in texte, modele.code
    # Each typologie has at least one model of its own.
    for typologie in ("mecenat", "innovation_societale", "cooperation_economique"):
        assert modeles.suggested(typologie)[0].suits(typologie)
    assert modeles.suggested("pratiques_responsables")[0].code == "achats_responsables"


def test_une_mise_en_relation_acceptee_donne_un_projet_pre_rempli(client, mise_en_relation, admins):
    association, entreprise = admins
    entreprise.organisation.siren = "552100554"
    entreprise.organisation.save()
    client.force_login(association.user)
    page = client.get(f"{NOUVELLE}?mise_en_relation={mise_en_relation.pk}").content.decode()
    assert "Convention de mécénat financier (conseillé)" in page
    assert "Accord de coopération économique —" in page

    response = draft(client, association.user, mise_en_relation)

    convention = Convention.objects.get()
    assert response.url == reverse("conventions:convention_edit", args=[convention.pk])
    # The company brings the skills: it is the first party, the association the second.
    parties = list(convention.parties.all())
    assert [p.organisation for p in parties] == [entreprise.organisation, association.organisation]
    assert parties[0].identifiant == "SIREN 552100554"
    assert parties[1].identifiant == f"RNA {association.organisation.rna}"
    assert parties[1].representant == "Awa Diallo"
    assert parties[0].representant == ""
    objet = convention.clauses.get(titre="Objet").texte
    assert objet.startswith("Boulangeries Lumière met à la disposition de Les Jardins du Rhône")
    assert "Des salariés aident à bâtir la serre." in objet
    assert "pour une durée de 12 mois" in convention.clauses.get(titre="Durée et fin").texte
    mise_en_relation.refresh_from_db()
    assert mise_en_relation.convention == convention


def test_un_second_clic_ouvre_le_meme_projet(client, mise_en_relation, admins):
    draft(client, admins[0].user, mise_en_relation)
    draft(client, admins[1].user, mise_en_relation, titre="Un autre titre")

    assert Convention.objects.count() == 1


def test_une_mise_en_relation_en_attente_ou_d_autres_ne_donne_rien(
    client, mise_en_relation, admins
):
    MiseEnRelation.objects.filter(pk=mise_en_relation.pk).update(etat=MiseEnRelation.Etat.LUE)
    assert draft(client, admins[0].user, mise_en_relation).status_code == 404
    MiseEnRelation.objects.filter(pk=mise_en_relation.pk).update(etat=MiseEnRelation.Etat.ACCEPTEE)
    assert draft(client, MembreFactory().user, mise_en_relation).status_code == 404
    assert not Convention.objects.exists()


def test_un_modele_inconnu_est_refuse_et_la_saisie_gardee(client, mise_en_relation, admins):
    response = draft(client, admins[0].user, mise_en_relation, modele="bail", objet="Notre objet")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Sélectionnez un choix valide" in html
    assert "Notre objet" in html
    assert not Convention.objects.exists()


def test_chaque_partie_valide_puis_le_texte_est_fige(client, convention, admins):
    association, entreprise = admins
    Courriel.objects.all().delete()

    validate(client, association, convention)
    assert list(Courriel.objects.values_list("destinataires", flat=True)) == [
        "dg@boulangeries.exemple.fr"
    ]
    assert "Les Jardins du Rhône l'a validée, à votre tour" in Courriel.objects.get().sujet

    response = validate(client, entreprise, convention)

    convention.refresh_from_db()
    assert response.status_code == 302
    assert convention.etat == Convention.Etat.VALIDEE
    figee = VersionConvention.objects.get(convention=convention)
    assert figee.numero == 1
    assert [v["organisation"] for v in figee.contenu["validations"]] == [
        "Les Jardins du Rhône",
        "Boulangeries Lumière",
    ]
    derniers = Courriel.objects.order_by("-pk").first()
    assert "validée par toutes les parties" in derniers.sujet
    assert set(derniers.destinataires.split(", ")) == {
        "presidente@jardins.exemple.fr",
        "dg@boulangeries.exemple.fr",
    }
    # Frozen: the edit page is gone, the frozen version downloads.
    client.force_login(association.user)
    assert (
        client.get(reverse("conventions:convention_edit", args=[convention.pk])).status_code == 404
    )
    assert validate(client, association, convention).status_code == 302
    assert ValidationConvention.objects.count() == 2


def test_un_simple_membre_ne_valide_pas(client, convention, mise_en_relation):
    membre = MembreFactory(organisation=mise_en_relation.destinataire)
    client.force_login(membre.user)
    page = client.get(convention.get_absolute_url()).content.decode()
    assert "Valider cette version" not in page

    assert validate(client, membre, convention).status_code == 404
    assert not ValidationConvention.objects.exists()


def test_une_modification_cree_une_version_et_annule_les_validations(client, convention, admins):
    association, entreprise = admins
    validate(client, entreprise, convention)
    Courriel.objects.all().delete()
    client.force_login(association.user)

    response = client.post(
        reverse("conventions:convention_edit", args=[convention.pk]),
        edit_data(convention, **{"clauses-0-texte": "Un objet réécrit."}),
    )

    assert response.status_code == 302
    convention.refresh_from_db()
    assert convention.version == 2
    assert convention.clauses.first().texte == "Un objet réécrit."
    assert Courriel.objects.get().destinataires == "dg@boulangeries.exemple.fr"
    page = client.get(convention.get_absolute_url()).content.decode()
    assert page.count("pas encore validée") == 2


def test_enregistrer_sans_rien_changer_garde_la_version(client, convention, admins):
    client.force_login(admins[0].user)
    client.post(reverse("conventions:convention_edit", args=[convention.pk]), edit_data(convention))

    convention.refresh_from_db()
    assert convention.version == 1


def test_une_clause_s_ajoute_et_une_autre_se_retire(client, convention, admins):
    n = convention.clauses.count()
    client.force_login(admins[0].user)
    client.post(
        reverse("conventions:convention_edit", args=[convention.pk]),
        edit_data(
            convention,
            **{
                "clauses-1-DELETE": "on",
                f"clauses-{n}-titre": "Assurances",
                f"clauses-{n}-texte": "Chaque partie s'assure.",
            },
        ),
    )

    titres = list(convention.clauses.values_list("titre", flat=True))
    assert len(titres) == n
    assert titres[-1] == "Assurances"
    assert "Missions et temps donné" not in titres


def test_deux_partenaires_qui_modifient_en_meme_temps_ne_s_ecrasent_pas(client, convention, admins):
    lue = edit_data(convention, **{"clauses-0-texte": "Mon texte à moi."})
    client.force_login(admins[1].user)
    client.post(
        reverse("conventions:convention_edit", args=[convention.pk]),
        edit_data(convention, **{"clauses-0-texte": "Le texte de l'autre."}),
    )
    client.force_login(admins[0].user)

    response = client.post(reverse("conventions:convention_edit", args=[convention.pk]), lue)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Un partenaire a modifié le projet pendant que vous le lisiez (version 2" in html
    assert "Mon texte à moi." in html
    assert convention.clauses.first().texte == "Le texte de l'autre."


def test_une_validation_d_une_version_depassee_est_refusee(client, convention, admins):
    client.force_login(admins[1].user)
    client.post(
        reverse("conventions:convention_edit", args=[convention.pk]),
        edit_data(convention, **{"clauses-0-texte": "Nouveau."}),
    )

    response = validate(client, admins[0], convention, version=1)

    assert response.status_code == 302
    assert not ValidationConvention.objects.exists()
    page = client.get(response.url).content.decode()
    assert "Le projet a changé depuis votre lecture : c&#x27;est maintenant la version 2" in page


def test_une_saisie_invalide_garde_ce_qui_a_ete_tape(client, convention, admins):
    client.force_login(admins[0].user)
    response = client.post(
        reverse("conventions:convention_edit", args=[convention.pk]),
        edit_data(convention, duree_mois="999", **{"clauses-0-texte": "Texte gardé."}),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Une durée de 1 à 120 mois." in html
    assert "Texte gardé." in html
    convention.refresh_from_db()
    assert convention.version == 1


@pytest.mark.parametrize(
    "qui, attendu",
    [
        ("visiteur", 302),
        ("membre", 200),
        ("admin", 200),
        ("autre_organisation", 404),
        ("catalyseur_ici", 404),
        ("staff", 404),
    ],
)
def test_seuls_les_membres_des_parties_voient_la_convention(client, convention, qui, attendu):
    partie = convention.parties.first().organisation
    users = {
        "membre": lambda: MembreFactory(organisation=partie).user,
        "admin": lambda: MembreFactory(organisation=partie, admin=True).user,
        "autre_organisation": lambda: MembreFactory().user,
        "catalyseur_ici": lambda: CatalyseurFactory(departement=partie.siege.departement).user,
        "staff": lambda: UserFactory(is_staff=True),
    }
    if qui in users:
        client.force_login(users[qui]())
    urls = [
        convention.get_absolute_url(),
        reverse("conventions:convention_document", args=[convention.pk, 1, "odt"]),
        reverse("conventions:convention_edit", args=[convention.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == attendu, url


def test_la_page_d_une_convention_en_requetes_comptees(
    client, convention, admins, django_assert_num_queries
):
    client.force_login(admins[0].user)
    client.get(convention.get_absolute_url())
    with django_assert_num_queries(10):
        response = client.get(convention.get_absolute_url())
    assert "Projet en rédaction, version 1" in response.content.decode()


def test_le_fichier_opendocument_porte_les_parties_et_les_clauses(client, convention, admins):
    client.force_login(admins[0].user)
    response = client.get(
        reverse("conventions:convention_document", args=[convention.pk, 1, "odt"])
    )

    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert 'filename="mecenat-de-competences-au-jardin-v1.odt"' in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    texte = archive.read("content.xml").decode()
    assert "Boulangeries Lumière, entreprise" in texte
    assert "Article 1 — Objet" in texte
    assert "Cerfa n° 16216" in texte


def test_le_pdf_est_produit_sur_la_machine(client, convention, admins):
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        pytest.skip(f"WeasyPrint ou la bibliothèque Pango manque ici ({error})")
    client.force_login(admins[0].user)
    response = client.get(
        reverse("conventions:convention_document", args=[convention.pk, 1, "pdf"])
    )

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert len(response.content) > 5_000


def test_une_version_qui_n_existe_pas_repond_404(client, convention, admins):
    client.force_login(admins[0].user)
    url = reverse("conventions:convention_document", args=[convention.pk, 7, "odt"])
    assert client.get(url).status_code == 404
    url = reverse("conventions:convention_document", args=[convention.pk, 1, "docx"])
    assert client.get(url).status_code == 404


def test_declarer_l_alliance_rattache_la_convention(client, convention, admins, mise_en_relation):
    from offres.services import mise_en_relation_link_alliance

    alliance = AllianceFactory()
    for organisation in (mise_en_relation.emettrice, mise_en_relation.destinataire):
        ParticipationFactory(alliance=alliance, organisation=organisation)
    mise_en_relation.refresh_from_db()

    mise_en_relation_link_alliance(
        by=admins[0].user, mise_en_relation=mise_en_relation, alliance=alliance
    )

    convention.refresh_from_db()
    assert convention.alliance == alliance
