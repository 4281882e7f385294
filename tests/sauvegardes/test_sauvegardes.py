"""Backups (issue 22, item 5): `sauvegarder` dumps the database and the uploaded files with the
row count of every table; `restaurer` brings them back into a new PostgreSQL cluster and
proves that every table found its rows again.

PostgreSQL only: the backup is pg_dump's."""

import json

import pytest
from django.core.management import CommandError, call_command

from organisations.models import Organisation
from tests.factories import AllianceFactory, MembreFactory, ParticipationFactory
from tests.pannes.postgres import postgres

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgresql_seulement"),
]


@pytest.fixture
def donnees(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "medias"
    (settings.MEDIA_ROOT / "logos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "logos" / "jardins.png").write_bytes(b"\x89PNG logo")
    membre = MembreFactory(admin=True, organisation__nom="Les Jardins Sauvegardés")
    alliance = AllianceFactory(titre="Une alliance à garder")
    ParticipationFactory(alliance=alliance, organisation=membre.organisation, porteur=True)
    return tmp_path


def test_une_sauvegarde_se_restaure_dans_un_nouveau_cluster_avec_toutes_ses_lignes(donnees, capsys):
    call_command("sauvegarder", str(donnees / "sauvegardes"))
    (dossier,) = (donnees / "sauvegardes").iterdir()
    manifeste = json.loads((dossier / "manifeste.json").read_text())
    assert manifeste["lignes"]["organisations_organisation"] == Organisation.objects.count()
    assert manifeste["fichiers"] == 1

    with postgres() as cluster:
        with cluster.connect() as conn:
            conn.execute("CREATE DATABASE restauree")
        call_command(
            "restaurer", str(dossier), base=cluster.url("restauree"), medias=str(donnees / "rendus")
        )
        with cluster.connect("restauree") as conn:
            titres = [r[0] for r in conn.execute("SELECT titre FROM alliances_alliance")]

    assert (
        "Restauration vérifiée : chaque table a retrouvé toutes ses lignes."
        in capsys.readouterr().out
    )
    assert titres == ["Une alliance à garder"]
    assert (donnees / "rendus" / "logos" / "jardins.png").read_bytes() == b"\x89PNG logo"


def test_une_restauration_incomplete_est_signalee(donnees):
    call_command("sauvegarder", str(donnees / "sauvegardes"))
    (dossier,) = (donnees / "sauvegardes").iterdir()
    manifeste = json.loads((dossier / "manifeste.json").read_text())
    manifeste["lignes"]["alliances_alliance"] += 1
    (dossier / "manifeste.json").write_text(json.dumps(manifeste))

    with postgres() as cluster:
        with cluster.connect() as conn:
            conn.execute("CREATE DATABASE restauree")
        with pytest.raises(CommandError, match="alliances_alliance : 2 attendues, 1 trouvées"):
            call_command(
                "restaurer", str(dossier), base=cluster.url("restauree"), medias=str(donnees / "r")
            )


def test_on_ne_restaure_pas_dans_la_base_en_service(donnees):
    from sauvegardes.outils import libpq_url

    call_command("sauvegarder", str(donnees / "sauvegardes"))
    (dossier,) = (donnees / "sauvegardes").iterdir()

    with pytest.raises(CommandError, match="pas dans la base en service"):
        call_command("restaurer", str(dossier), base=libpq_url())
