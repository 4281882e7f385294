import re

import pytest
from django.core import mail
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOT_DE_PASSE = "Coop3rer-en-territoire"


def test_une_personne_s_inscrit_confirme_son_adresse_et_se_connecte(live_server, page):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Créer un compte").click()
    page.get_by_label("Courriel").fill("sacha@exemple.fr")
    page.get_by_label("Mot de passe", exact=False).first.fill(MOT_DE_PASSE)
    page.get_by_label("Mot de passe (confirmation)").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Création de compte").click()

    page.get_by_role("heading", level=1).wait_for()
    assert "/comptes/confirm-email/" in page.url
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/comptes/confirm-email/\S+/", mail.outbox[0].body).group(0)
    path = link.split("/comptes/", 1)[1]

    page.goto(f"{live_server.url}/comptes/{path}")
    page.get_by_role("button", name="Confirmer").click()
    page.get_by_label("Courriel").fill("sacha@exemple.fr")
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Connexion").click()

    page.get_by_role("button", name="Se déconnecter").wait_for()
    assert page.url == live_server.url + "/"
    assert page.get_by_text("Connexion avec sacha@exemple.fr réussie.").is_visible()
    assert page.get_by_label("Connecté en tant que sacha@exemple.fr").first.is_visible()


def test_l_accueil_n_a_aucune_violation_d_accessibilite_grave(live_server, page, axe_source):
    call_command("load_territoires", verbosity=0)
    page.goto(live_server.url + "/")
    page.add_script_tag(content=axe_source)
    results = page.evaluate("async () => await axe.run(document)")
    graves = [
        f"{violation['id']} ({violation['impact']}) : {violation['help']}"
        for violation in results["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert graves == []
    assert results["passes"], "axe n'a rien vérifié : la page est-elle chargée ?"
