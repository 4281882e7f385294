"""Conventions: drafted from an accepted mise en relation or an alliance, pre-filled with the
parties' identities, edited clause by clause, validated by each party's admin, frozen when all
have validated the same version; seen by the parties' members only."""

import io
import re
import zipfile

import pytest
from django.urls import reverse

from alliances.models import Participation
from comptes.models import Courriel
from conventions import modeles
from conventions.models import Convention, ValidationConvention, VersionConvention
from offres.models import MiseEnRelation
from tests.factories import (
    AllianceFactory,
    CatalyseurFactory,
    MembreFactory,
    MiseEnRelationFactory,
    OffreFactory,
    OrganisationFactory,
    ParticipationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NOUVELLE = reverse("conventions:convention_new")


@pytest.fixture
def mise_en_relation():
    """An association looks for mécénat de compétences; a company answered, and was accepted."""
    offre = OffreFactory(organisation__nom="Les Jardins du Rhône")
    return MiseEnRelationFactory(
        offre=offre, emettrice__nom="Boulangeries Lumière", etat=MiseEnRelation.Etat.ACCEPTEE
    )


@pytest.fixture
def admins(mise_en_relation):
    """An admin of each party (the association, then the company)."""
    return (
        MembreFactory(
            organisation=mise_en_relation.destinataire,
            admin=True,
            user__email="presidente@jardins.exemple.fr",
            user__first_name="Awa",
            user__last_name="Diallo",
        ),
        MembreFactory(
            organisation=mise_en_relation.emettrice,
            admin=True,
            user__email="dg@boulangeries.exemple.fr",
        ),
    )


def _draft(client, user, mise_en_relation, **data):
    client.force_login(user)
    return client.post(
        f"{NOUVELLE}?mise_en_relation={mise_en_relation.pk}",
        {
            "modele": "mecenat_competences",
            "titre": "Mécénat de compétences au jardin",
            "objet": "Des salariés aident à bâtir la serre.",
            "duree_mois": "12",
            **data,
        },
    )


def _edit_data(convention, **changes) -> dict:
    """The edit form as the page fills it, with `changes` applied (clause-0-texte=…)."""
    data = {
        "version": convention.version,
        "titre": convention.titre,
        "objet": convention.objet,
        "date_debut": "",
        "duree_mois": convention.duree_mois or "",
        "parties-TOTAL_FORMS": convention.parties.count(),
        "parties-INITIAL_FORMS": convention.parties.count(),
        "clauses-TOTAL_FORMS": convention.clauses.count() + 1,
        "clauses-INITIAL_FORMS": convention.clauses.count(),
    }
    for i, partie in enumerate(convention.parties.all()):
        data[f"parties-{i}-organisation"] = partie.organisation_id
        for name in ("nom", "forme", "identifiant", "siege", "representant", "qualite"):
            data[f"parties-{i}-{name}"] = getattr(partie, name)
        data[f"parties-{i}-contribution"] = partie.contribution
    for i, clause in enumerate(convention.clauses.all()):
        data[f"clauses-{i}-titre"] = clause.titre
        data[f"clauses-{i}-texte"] = clause.texte
    data.update(changes)
    return data


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

    response = _draft(client, association.user, mise_en_relation)

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
    _draft(client, admins[0].user, mise_en_relation)
    _draft(client, admins[1].user, mise_en_relation, titre="Un autre titre")

    assert Convention.objects.count() == 1


def test_une_mise_en_relation_en_attente_ou_d_autres_ne_donne_rien(
    client, mise_en_relation, admins
):
    MiseEnRelation.objects.filter(pk=mise_en_relation.pk).update(etat=MiseEnRelation.Etat.LUE)
    assert _draft(client, admins[0].user, mise_en_relation).status_code == 404
    MiseEnRelation.objects.filter(pk=mise_en_relation.pk).update(etat=MiseEnRelation.Etat.ACCEPTEE)
    assert _draft(client, MembreFactory().user, mise_en_relation).status_code == 404
    assert not Convention.objects.exists()


def test_un_modele_inconnu_est_refuse_et_la_saisie_gardee(client, mise_en_relation, admins):
    response = _draft(client, admins[0].user, mise_en_relation, modele="bail", objet="Notre objet")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Sélectionnez un choix valide" in html
    assert "Notre objet" in html
    assert not Convention.objects.exists()


@pytest.fixture
def convention(client, mise_en_relation, admins):
    _draft(client, admins[0].user, mise_en_relation)
    client.logout()
    return Convention.objects.get()


def _validate(client, membre, convention, version=None):
    client.force_login(membre.user)
    return client.post(
        reverse("conventions:convention_validate", args=[convention.pk]),
        {
            "version": version or convention.version,
            "organisation": membre.organisation_id,
            "engagement": "on",
        },
    )


def test_chaque_partie_valide_puis_le_texte_est_fige(client, convention, admins):
    association, entreprise = admins
    Courriel.objects.all().delete()

    _validate(client, association, convention)
    assert list(Courriel.objects.values_list("destinataires", flat=True)) == [
        "dg@boulangeries.exemple.fr"
    ]
    assert "Les Jardins du Rhône l'a validée, à votre tour" in Courriel.objects.get().sujet

    response = _validate(client, entreprise, convention)

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
    assert _validate(client, association, convention).status_code == 302
    assert ValidationConvention.objects.count() == 2


def test_un_simple_membre_ne_valide_pas(client, convention, mise_en_relation):
    membre = MembreFactory(organisation=mise_en_relation.destinataire)
    client.force_login(membre.user)
    page = client.get(convention.get_absolute_url()).content.decode()
    assert "Valider cette version" not in page

    assert _validate(client, membre, convention).status_code == 404
    assert not ValidationConvention.objects.exists()


def test_une_modification_cree_une_version_et_annule_les_validations(client, convention, admins):
    association, entreprise = admins
    _validate(client, entreprise, convention)
    Courriel.objects.all().delete()
    client.force_login(association.user)

    response = client.post(
        reverse("conventions:convention_edit", args=[convention.pk]),
        _edit_data(convention, **{"clauses-0-texte": "Un objet réécrit."}),
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
    client.post(
        reverse("conventions:convention_edit", args=[convention.pk]), _edit_data(convention)
    )

    convention.refresh_from_db()
    assert convention.version == 1


def test_une_clause_s_ajoute_et_une_autre_se_retire(client, convention, admins):
    n = convention.clauses.count()
    client.force_login(admins[0].user)
    client.post(
        reverse("conventions:convention_edit", args=[convention.pk]),
        _edit_data(
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
    lue = _edit_data(convention, **{"clauses-0-texte": "Mon texte à moi."})
    client.force_login(admins[1].user)
    client.post(
        reverse("conventions:convention_edit", args=[convention.pk]),
        _edit_data(convention, **{"clauses-0-texte": "Le texte de l'autre."}),
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
        _edit_data(convention, **{"clauses-0-texte": "Nouveau."}),
    )

    response = _validate(client, admins[0], convention, version=1)

    assert response.status_code == 302
    assert not ValidationConvention.objects.exists()
    page = client.get(response.url).content.decode()
    assert "Le projet a changé depuis votre lecture : c&#x27;est maintenant la version 2" in page


def test_une_saisie_invalide_garde_ce_qui_a_ete_tape(client, convention, admins):
    client.force_login(admins[0].user)
    response = client.post(
        reverse("conventions:convention_edit", args=[convention.pk]),
        _edit_data(convention, duree_mois="999", **{"clauses-0-texte": "Texte gardé."}),
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


@pytest.fixture
def alliance_a_deux():
    alliance = AllianceFactory(typologie="cooperation_economique")
    porteur = ParticipationFactory(alliance=alliance, porteur=True, organisation__nom="Régie Nord")
    ParticipationFactory(alliance=alliance, en_attente=True, organisation__nom="Atelier Sud")
    ParticipationFactory(alliance=alliance, etat=Participation.Etat.REFUSEE)
    return alliance, MembreFactory(organisation=porteur.organisation, admin=True)


def test_une_alliance_donne_un_projet_a_ses_partenaires_sauf_ceux_qui_ont_decline(
    client, alliance_a_deux
):
    alliance, membre = alliance_a_deux
    client.force_login(membre.user)
    page = client.get(alliance.get_absolute_url()).content.decode()
    assert "Rédiger une convention" in page

    client.post(
        f"{NOUVELLE}?alliance={alliance.slug}",
        {"modele": "cooperation_economique", "titre": "Groupement", "objet": "Un marché."},
    )

    convention = Convention.objects.get()
    assert convention.alliance == alliance
    assert list(convention.parties.values_list("nom", flat=True)) == ["Régie Nord", "Atelier Sud"]
    assert (
        "Régie Nord est le mandataire du groupement"
        in convention.clauses.get(titre="Mandataire").texte
    )
    page = client.get(alliance.get_absolute_url()).content.decode()
    assert "en rédaction (version 1)" in page
    assert "Rédiger une convention" not in page


@pytest.mark.parametrize("qui", ["visiteur", "autre_organisation", "catalyseur_ici", "declinee"])
def test_la_convention_ne_se_montre_pas_hors_des_partenaires(client, alliance_a_deux, qui):
    alliance, membre = alliance_a_deux
    client.force_login(membre.user)
    client.post(
        f"{NOUVELLE}?alliance={alliance.slug}",
        {"modele": "cooperation_economique", "titre": "Groupement", "objet": "Un marché."},
    )
    client.logout()
    declinee = alliance.participations.get(etat=Participation.Etat.REFUSEE).organisation
    users = {
        "autre_organisation": lambda: MembreFactory().user,
        "catalyseur_ici": lambda: CatalyseurFactory(departement=alliance.departement).user,
        "declinee": lambda: MembreFactory(organisation=declinee).user,
    }
    if qui in users:
        client.force_login(users[qui]())

    page = client.get(alliance.get_absolute_url()).content.decode()
    assert "Groupement" not in page
    assert "Rédiger une convention" not in page
    if qui != "visiteur":
        response = client.get(f"{NOUVELLE}?alliance={alliance.slug}")
        assert response.status_code == 404


def test_une_alliance_d_une_seule_organisation_n_a_pas_de_convention(client):
    alliance = AllianceFactory()
    membre = MembreFactory(organisation=ParticipationFactory(alliance=alliance).organisation)
    client.force_login(membre.user)

    assert client.get(f"{NOUVELLE}?alliance={alliance.slug}").status_code == 404
    assert "Rédiger une convention" not in client.get(alliance.get_absolute_url()).content.decode()


def test_sans_origine_la_page_de_creation_repond_404(client):
    client.force_login(OrganisationFactory() and MembreFactory().user)
    assert client.get(NOUVELLE).status_code == 404
    assert client.get(f"{NOUVELLE}?mise_en_relation=abc").status_code == 404


def test_une_partie_qui_decline_ne_lit_plus_la_convention_et_ne_bloque_plus(
    client, alliance_a_deux
):
    alliance, membre = alliance_a_deux
    client.force_login(membre.user)
    client.post(
        f"{NOUVELLE}?alliance={alliance.slug}",
        {"modele": "cooperation_economique", "titre": "Groupement", "objet": "Un marché."},
    )
    convention = Convention.objects.get()
    tiers = ParticipationFactory(alliance=alliance, en_attente=True)
    sud = alliance.participations.get(organisation__nom="Atelier Sud")
    membre_sud = MembreFactory(organisation=sud.organisation, admin=True)
    # The partner that was asked declines its part in the alliance.
    Participation.objects.filter(pk=sud.pk).update(etat=Participation.Etat.REFUSEE)
    client.force_login(membre_sud.user)
    assert client.get(convention.get_absolute_url()).status_code == 404
    assert tiers.organisation_id not in set(
        convention.parties.values_list("organisation_id", flat=True)
    )

    # With one party left, validating freezes nothing: an agreement binds two.
    _validate(client, membre, convention)
    convention.refresh_from_db()
    assert convention.is_draft


def test_un_membre_ne_change_pas_l_identite_d_une_autre_partie(client, convention, admins):
    association, entreprise = admins
    client.force_login(entreprise.user)
    autre = convention.parties.get(organisation=association.organisation)
    index = list(convention.parties.values_list("organisation_id", flat=True)).index(
        association.organisation_id
    )
    page = client.get(reverse("conventions:convention_edit", args=[convention.pk])).content.decode()
    champ = re.search(rf'<input[^>]*name="parties-{index}-representant"[^>]*>', page).group()
    assert 'value="Awa Diallo"' in champ
    assert "disabled" in champ

    client.post(
        reverse("conventions:convention_edit", args=[convention.pk]),
        _edit_data(convention, **{f"parties-{index}-representant": "Quelqu'un d'autre"}),
    )

    autre.refresh_from_db()
    assert autre.representant == "Awa Diallo"


@pytest.mark.parametrize(
    "changes",
    [{"parties-TOTAL_FORMS": "3"}, {"parties-INITIAL_FORMS": "0"}, {"parties-TOTAL_FORMS": "1"}],
)
def test_un_formulaire_des_parties_trafique_ne_donne_pas_d_erreur_500(
    client, convention, admins, changes
):
    client.force_login(admins[0].user)
    response = client.post(
        reverse("conventions:convention_edit", args=[convention.pk]),
        _edit_data(convention, **changes),
    )

    assert response.status_code == 200
    convention.refresh_from_db()
    assert convention.version == 1


@pytest.mark.parametrize(
    "query", ["mise_en_relation=%C2%B2", "mise_en_relation=" + "9" * 5000, "alliance=a%00b"]
)
def test_une_origine_mal_formee_repond_404(client, query):
    client.force_login(MembreFactory().user)
    assert client.get(f"{NOUVELLE}?{query}").status_code == 404


def test_apres_un_conflit_le_second_enregistrement_passe(client, convention, admins):
    lue = _edit_data(convention, **{"clauses-0-texte": "Mon texte à moi."})
    client.force_login(admins[1].user)
    client.post(
        reverse("conventions:convention_edit", args=[convention.pk]),
        _edit_data(convention, **{"clauses-0-texte": "Le texte de l'autre."}),
    )
    client.force_login(admins[0].user)
    conflit = client.post(reverse("conventions:convention_edit", args=[convention.pk]), lue)
    assert 'name="version" value="2"' in conflit.content.decode()

    client.post(
        reverse("conventions:convention_edit", args=[convention.pk]), {**lue, "version": "2"}
    )

    convention.refresh_from_db()
    assert (convention.version, convention.clauses.first().texte) == (3, "Mon texte à moi.")


def test_rediger_de_nouveau_apres_la_validation_ouvre_la_convention_figee(
    client, convention, admins, mise_en_relation
):
    for membre in admins:
        _validate(client, membre, convention)

    response = _draft(client, admins[0].user, mise_en_relation)

    assert response.url == convention.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "Une convention existe déjà pour la mise en relation" in page
    assert Convention.objects.count() == 1


def test_l_equipe_ne_redige_pas_a_la_place_des_parties(client, mise_en_relation):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(f"{NOUVELLE}?mise_en_relation={mise_en_relation.pk}").status_code == 404
