import pytest
from django.core.management import call_command

from tests.browser.parcours import sign_up_and_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_une_personne_s_inscrit_confirme_son_adresse_et_se_connecte(live_server, page):
    sign_up_and_log_in(page, live_server.url, "sacha@exemple.fr")

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
