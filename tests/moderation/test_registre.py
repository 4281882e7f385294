"""The moderation registry and the other registries filled from AppConfig.ready(): each app
declares itself once, however many times ready() runs, and a malformed declaration is refused."""

import pytest
from django.apps import apps

import recherche.index
from moderation import registry
from organisations import services as organisations_services
from organisations.models import Organisation
from organisations.pages import sections_for
from tests.factories import OrganisationFactory


def _ready_again():
    for label in ("organisations", "chartes", "alliances", "offres", "observatoire"):
        apps.get_app_config(label).ready()


def test_les_trois_contenus_moderes_sont_declares_par_leurs_applications():
    assert registry.nature_choices() == [
        ("organisation", "organisation"),
        ("alliance", "alliance"),
        ("offre", "offre"),
    ]
    assert registry.kind_of(Organisation).title_field == "nom"


def test_relancer_ready_ne_double_aucune_declaration(rf):
    avant = (
        registry.nature_choices(),
        len(registry.published_callbacks(Organisation())),
        len(organisations_services._AFTER_CREATE),
        len(organisations_services._AFTER_UPDATE),
        len(recherche.index.indexed()),
    )
    _ready_again()
    apres = (
        registry.nature_choices(),
        len(registry.published_callbacks(Organisation())),
        len(organisations_services._AFTER_CREATE),
        len(organisations_services._AFTER_UPDATE),
        len(recherche.index.indexed()),
    )
    assert apres == avant
    # After an edit, alliances and offres reindex the organisation's name; four models carry
    # search texts.
    assert avant[1:] == (1, 1, 2, 4)


@pytest.mark.django_db
def test_la_fiche_d_une_organisation_a_ses_sections_une_seule_fois(rf):
    _ready_again()
    organisation = OrganisationFactory()
    sections = sections_for(rf.get("/"), organisation)
    assert [len(sections[zone]) for zone in ("principal", "en_bref", "scripts")] == [3, 2, 1]


def test_une_nature_plus_longue_que_la_colonne_est_refusee():
    with pytest.raises(ValueError, match="Nature trop longue"):
        registry.register(
            Organisation,
            nature="organisation-publique",
            label="organisation",
            place=lambda item: {},
            members=lambda item: None,
            conflicts=lambda user: None,
            fields=(),
        )
    assert registry.kind_of(Organisation).nature == "organisation"
